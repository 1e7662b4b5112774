"""Whole builds: the fixture data set end to end, safe swapping, and the national build."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from etl import build as etl_build
from etl import statistics as etl_statistics
from etl.load import InputError

MINI = Path(__file__).parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parents[1]


def quiet(_: str) -> None:
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fixture_build_holds_every_contract_table(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    tables = {
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    }
    assert set(etl_build.checks.CONTRACT_TABLES) <= tables
    assert not any(t.startswith("src_") for t in tables)
    geographies = dict(con.execute("select geography, count(*) from areas group by 1").fetchall())
    # Pendle, Burnley, Blackburn with Darwen: 208 LSOAs, 3 districts, 2 upper-tier areas
    # (Lancashire; Blackburn with Darwen is a unitary authority counted in both tiers)
    assert geographies == {
        "lsoa21": 208,
        "ltla24": 3,
        "utla23": 2,
        "sicbl23": 2,
        "icb23": 1,
        "region": 1,
        "england": 1,
    }


def test_source_attribution_publishes_every_source_once(mini_warehouse):
    from etl.sources import SOURCES, SOURCES_BY_NAME

    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = con.execute(
        "select source_name, publisher, licence, vintage, path from source_attribution"
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(s.name for s in SOURCES)
    for name, publisher, licence, vintage, path in rows:
        source = SOURCES_BY_NAME[name]
        assert (publisher, licence, vintage, path) == (
            source.publisher, source.licence, source.vintage, source.path)
        assert publisher and licence, name
    # the stroke units' attribution the stroke page shows: SSNAP, not OGL
    units = SOURCES_BY_NAME["stroke_units"]
    assert ("stroke_units", units.publisher, units.licence) in {r[:3] for r in rows}
    assert "not OGL" in units.licence


def test_fixture_rates_are_recomputed_from_summed_counts(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    value, count, denominator = con.execute(
        'select value, "count", denominator from indicator_values where indicator_id ='
        " 'stroke_admissions_rate' and area_code = 'E07000122' and category = ''"
    ).fetchone()
    lsoa_count, lsoa_denominator, n_hidden = con.execute(
        "select sum(stroke_admissions_2017_2019_count), 3 * sum(population_count),"
        " count(*) filter (where is_stroke_admissions_2017_2019_suppressed)"
        " from lsoa_measures where ltla24_code = 'E07000122'"
    ).fetchone()
    # the district sums every LSOA's count; the published LSOA counts leave out the hidden
    # ones (at least two, or none: one alone would be the district minus the others)
    assert n_hidden != 1
    assert count >= lsoa_count and (count > lsoa_count) == (n_hidden > 0)
    assert denominator == pytest.approx(lsoa_denominator)
    assert value == pytest.approx(count / denominator * 100_000)


def test_fixture_small_counts_are_suppressed_never_zero(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    n_suppressed, n_zero = con.execute(
        "select count(*) filter (where is_suppressed), count(*) filter (where value = 0 and"
        " is_suppressed) from indicator_values where indicator_id = 'stroke_admissions_rate'"
    ).fetchone()
    assert n_suppressed > 0
    assert n_zero == 0
    notes = con.execute("select distinct note from indicator_values where is_suppressed").fetchall()
    # primary (a count below 5) or secondary (hidden with one, so neither follows from the total)
    assert all("fewer than 5" in n[0] or "secondary suppression" in n[0] for n in notes)
    assert any("secondary suppression" in n[0] for n in notes)


def test_fixture_unjoined_rows_are_reported(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    issues = con.execute("select source, area_code, reason from build_issues").fetchall()
    # a 2022-only ICB code (Surrey Heartlands, boundary changed in 2023) must be reported, not
    # mapped silently; ambiguous Fingertips periods are reported with their reason
    pairs = {(source, code) for source, code, _ in issues}
    assert ("u5_emergency_admissions", "E54000052") in pairs
    assert ("ae_icb22_monthly", "E54000052") in pairs
    assert any("share one period" in reason for _, _, reason in issues)


def test_fixture_area_stroke_units_shares_and_served_population(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    bad_shares = con.execute(
        "select geography, area_code, unit_kind from area_stroke_units group by all"
        " having abs(sum(population_share_pct) - 100) > 1e-9"
    ).fetchall()
    assert bad_shares == []
    geographies = {
        r[0] for r in con.execute("select distinct geography from area_stroke_units").fetchall()
    }
    assert geographies == {"lsoa21", "ltla24", "utla23", "sicbl23", "icb23", "region", "england"}
    # England: every resident is counted once per unit kind
    served = dict(
        con.execute(
            "select unit_kind, sum(population_served_count) from area_stroke_units"
            " where geography = 'england' group by 1"
        ).fetchall()
    )
    population = con.execute("select population from areas where geography = 'england'").fetchone()
    assert served == {"ivt": population[0], "mt": population[0]}
    # Pendle: all residents nearest Royal Blackburn (IVT) and Royal Preston (MT)
    pendle = con.execute(
        "select unit_kind, unit_code, population_share_pct, mean_minutes from area_stroke_units"
        " where area_code = 'E07000122' order by unit_kind"
    ).fetchall()
    minutes = con.execute(
        "select sum(ivt_minutes * population_count) / sum(population_count),"
        " sum(mt_minutes * population_count) / sum(population_count)"
        " from lsoa_measures where ltla24_code = 'E07000122'"
    ).fetchone()
    assert [r[:3] for r in pendle] == [("ivt", "BB23HH", 100.0), ("mt", "PR29HT", 100.0)]
    assert [r[3] for r in pendle] == pytest.approx(list(minutes))


def test_fixture_stroke_units_carry_ssnap_activity_joined_by_team_name(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    blackburn = con.execute(
        "select ssnap_admissions_2023_24_count, thrombectomy_2023_24_count,"
        " thrombectomy_rate_2023_24_pct, mean_length_of_stay_2023_days"
        " from stroke_units where unit_code = 'BB23HH'"
    ).fetchone()
    # SSNAP 2023/24, Royal Blackburn Hospital as first admitting team: 41 of 768
    assert blackburn == pytest.approx((768.0, 41.0, 41 / 768 * 100, 18.7))
    rates = con.execute(
        "select distinct nearest_ivt_unit_thrombectomy_rate_pct from lsoa_measures"
        " where nearest_ivt_unit_code = 'BB23HH'"
    ).fetchall()
    assert rates == [(pytest.approx(41 / 768 * 100),)]
    issues = {
        (r[0], r[1])
        for r in con.execute("select source, area_code from build_issues").fetchall()
    }
    # the English team missing from the 2022 unit list is reported, not dropped silently
    assert ("ssnap_thrombectomy_first_team", "Diana Princess of Wales Hospital Grimsby") in issues
    assert ("ssnap_length_of_stay", "Good Hope General Hospital") in issues


def test_fixture_health_checks_offered_are_annual_sums_of_complete_years(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = dict(
        con.execute(
            "select period, (value, \"count\", denominator, lower_95 < value, value < upper_95)"
            " from indicator_values where indicator_id = 'nhs_health_check_offered_pct'"
            " and area_code = 'E06000008'"
        ).fetchall()
    )
    # Blackburn with Darwen 2023/24: four quarters 7,186 offers over 41,736 eligible people
    assert rows["2023/24"] == (pytest.approx(7186 / 41736 * 100), 7186.0, 41736.0, True, True)
    assert "2024/25" not in rows  # two quarters only
    issue = con.execute(
        "select reason from build_issues where area_code = 'E06000008'"
        " and reason like 'nhs_health_check_offered_pct 2024/25%'"
    ).fetchone()
    assert issue is not None and "partial year" in issue[0]
    periods = con.execute(
        "select periods from indicators where indicator_id = 'nhs_health_check_offered_pct'"
    ).fetchone()[0]
    assert periods[-1] == "2023/24"


def test_fixture_infant_mortality_has_counts_byar_limits_and_england_comparison(mini_warehouse):
    from core import methods

    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select indicator_id, area_code, value, lower_95, upper_95, lower_998, upper_998,"
            ' "count", denominator, compared_to_england, note from indicator_values'
            " where indicator_id in ('infant_mortality_rate_ons', 'neonatal_mortality_rate_ons')"
            " and period = '2014-2016'"
        ).fetchall()
    }
    # Pendle 2014-2016 (ONS): 7 + 8 + 5 infant deaths, 1,304 + 1,261 + 1,214 live births
    pendle = rows[("infant_mortality_rate_ons", "E07000122")]
    assert pendle[5:7] == (20.0, 3779.0)
    limits = methods.rate(np.array([20.0]), np.array([3779.0]), multiplier=1000,
                          confidence=(0.95, 0.998))
    assert pendle[:5] == pytest.approx(
        [20 / 3779 * 1000, *limits.loc[0, ["lower_95", "upper_95", "lower_998", "upper_998"]]]
    )
    assert pendle[7] in ("better", "similar", "worse")
    assert "Byar" in pendle[8]
    # Lancashire (in the fixture: Pendle and Burnley only) is the sum of its districts
    burnley = rows[("infant_mortality_rate_ons", "E07000117")]
    lancashire = rows[("infant_mortality_rate_ons", "E10000017")]
    assert lancashire[5:7] == (pendle[5] + burnley[5], pendle[6] + burnley[6])
    assert rows[("infant_mortality_rate_ons", "E92000001")][7] == "not compared"
    assert rows[("neonatal_mortality_rate_ons", "E07000122")][5:7] == (11.0, 3779.0)
    periods = con.execute(
        "select periods from indicators where indicator_id = 'infant_mortality_rate_ons'"
    ).fetchone()[0]
    assert periods == ["2010-2012", "2011-2013", "2012-2014", "2013-2015", "2014-2016"]
    issue = con.execute(
        "select n_rows from build_issues where source = 'ons_infant_mortality'"
        " and reason like '2017 registrations: deaths but no live births%'"
    ).fetchone()
    assert issue == (3,)


def test_fixture_health_index_infant_mortality_is_weighted_by_live_births(mini_warehouse):
    """The Health Index's 2016 value pools 2014-2016: weighted by those years' ONS live births,
    the mean of the three districts is their pooled ONS rate exactly."""
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    health_index = dict(
        con.execute(
            "select period, value from indicator_values where indicator_id ="
            " 'infant_mortality_rate' and area_code = 'E92000001'"
        ).fetchall()
    )
    ons = con.execute(
        'select "count" / denominator * 1000 from indicator_values'
        " where indicator_id = 'infant_mortality_rate_ons' and area_code = 'E92000001'"
        " and period = '2014-2016'"
    ).fetchone()[0]
    assert health_index["2016"] == pytest.approx(ons, rel=1e-6)
    notes = dict(
        con.execute(
            "select period, note from indicator_values where indicator_id ="
            " 'infant_mortality_rate' and area_code = 'E10000017'"
        ).fetchall()
    )
    assert "weighted by ONS live births 2014-2016" in notes["2016"]
    assert "population aged 0" in notes["2021"]


def test_fixture_qof_prevalence_sums_practices_and_labels_estimates(mini_warehouse):
    """QOF 2022/23 registers: sub-ICB locations, ICBs and England are sums of their practices
    with Wilson limits; hypertension for councils is OHID's Fingertips 219 row; other council
    values are labelled estimates without count or CI."""
    from core import methods

    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select indicator_id, area_code, value, lower_95, upper_95, \"count\", denominator,"
            " compared_to_england, note from indicator_values where period = '2022/23'"
            " and indicator_id in ('hypertension_qof_pct', 'af_qof_pct', 'stroke_tia_qof_pct')"
        ).fetchall()
    }
    practices = con.execute(
        "select p.register_code, g.sicbl_code_nhs, sum(p.register_count), sum(p.list_size_count)"
        " from stg_qof__prevalence_2223 p join stg_qof__practice_geography_2223 g"
        " using (practice_code) group by all"
    ).fetchall()
    sums = {(reg, ods): (n, d) for reg, ods, n, d in practices}
    # Blackburn with Darwen's sub-ICB location (ODS 00Q) and East Lancashire (01A)
    for ind, reg in (("hypertension_qof_pct", "HYP"), ("af_qof_pct", "AF"),
                     ("stroke_tia_qof_pct", "STIA")):
        for code, ods in (("E38000014", "00Q"), ("E38000050", "01A")):
            n, d = sums[(reg, ods)]
            assert rows[(ind, code)][3:5] == (n, d)
            limits = methods.proportion(np.array([n]), np.array([d]), multiplier=100,
                                        confidence=(0.95, 0.998))
            assert rows[(ind, code)][:3] == pytest.approx(
                [100 * n / d, limits.loc[0, "lower_95"], limits.loc[0, "upper_95"]]
            )
    # OHID attributes Blackburn with Darwen's practices to the council exactly as QOF does
    assert rows[("hypertension_qof_pct", "E06000008")][3:5] == (26114.0, 183005.0)
    assert "Fingertips 219" in rows[("hypertension_qof_pct", "E06000008")][6]
    # Pendle (a district): the sub-ICB rate applied to residents, no count and no CI
    pendle = rows[("af_qof_pct", "E07000122")]
    assert pendle[0] == pytest.approx(rows[("af_qof_pct", "E38000050")][0])
    assert pendle[1:5] == (None, None, None, None)
    assert pendle[5] == "not compared"
    assert pendle[6].startswith("Estimate: sub-ICB rate applied to residents")


def test_fixture_qof_achievement_counts_patients_receiving_the_intervention(mini_warehouse):
    """QOF 2024/25: ICB ODS codes mapped to GSS codes; count = numerator, denominator = QOF
    denominator + personalised care adjustments; Wilson limits; England is the file's total."""
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select indicator_id, area_code, value, \"count\", denominator, lower_95, note"
            " from indicator_values where period = '2024/25'"
        ).fetchall()
    }
    source = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select area_code_ods, indicator_code, numerator_count, denominator_after_pcas_count,"
            " pcas_count from stg_qof__achievement_icb_2425"
        ).fetchall()
    }
    # Lancashire and South Cumbria ICB is QE1 in ODS codes
    n, d, pcas = source[("QE1", "AF008")]
    icb = rows[("af_anticoagulated_qof_pct", "E54000048")]
    assert icb[1:3] == (n, d + pcas)
    assert icb[0] == pytest.approx(100 * n / (d + pcas))
    assert icb[3] < icb[0]
    assert "personalised care adjustments" in icb[4]
    assert rows[("af_anticoagulated_qof_pct", "E92000001")][1:3] == (1_088_546.0,
                                                                    1_130_536.0 + 71_115.0)
    assert rows[("bp_to_target_79_under_qof_pct", "E92000001")][0] == pytest.approx(67.85,
                                                                                   abs=0.005)
    # ICB only: no council or sub-ICB rows
    assert {code for _, code in rows} == {"E54000048", "E92000001"}


def test_fixture_aps_smoking_keeps_published_estimates_and_cis(mini_warehouse):
    """APS smoking: ONS's estimate and 95% CI as published, no count or denominator."""
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select area_code, period, value, lower_95, upper_95, \"count\", denominator, note"
            " from indicator_values where indicator_id = 'smoking_aps_pct'"
        ).fetchall()
    }
    assert rows[("E92000001", "2023")][:5] == (11.6, 11.3, 12.0, None, None)
    assert rows[("E07000122", "2023")][:3] == (12.9, 4.2, 21.6)
    assert "95% CI as published" in rows[("E07000122", "2023")][5]
    assert {period for _, period in rows} == {str(y) for y in range(2012, 2024)}
    # no NHS geographies: survey estimates cannot be summed
    assert not any(code.startswith(("E38", "E54")) for code, _ in rows)


def test_failed_build_leaves_previous_warehouse_byte_identical(tmp_path, mini_warehouse):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(mini_warehouse, db)
    before = sha256(db)
    broken = tmp_path / "data"
    shutil.copytree(MINI, broken)
    path = broken / "sources/population/ons_mye_mid2020_syoa_persons_lad21_ew.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    column = (
        header.index('"total_population"')
        if '"total_population"' in header
        else header.index("total_population")
    )
    cells = lines[2].split(",")
    cells[column] = "12x"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        etl_build.build(db, broken, log=quiet)
    assert err.value.row == 2
    assert err.value.column == "total_population"
    assert sha256(db) == before
    assert list(tmp_path.glob(".build-*")) == []


def test_failed_data_test_leaves_previous_warehouse(tmp_path, mini_warehouse, monkeypatch):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(mini_warehouse, db)
    before = sha256(db)
    failing = etl_build.checks.Check("always fails", "select 1")
    monkeypatch.setattr(etl_build.checks, "CHECKS", (*etl_build.checks.CHECKS, failing))
    with pytest.raises(etl_build.BuildError, match="always fails"):
        etl_build.build(db, MINI, log=quiet)
    assert sha256(db) == before


def test_cli_reports_missing_file_and_exits_non_zero(tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(MINI, broken)
    (broken / "sources/stroke/stroke_units_england_wales_2022.csv").unlink()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "build",
            "--db",
            str(tmp_path / "w.duckdb"),
            "--data",
            str(broken),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert "stroke_units_england_wales_2022.csv: file not found" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_needs_build_follows_the_input_fingerprint(tmp_path, mini_warehouse):
    """A rebuild is due when any input's content changes (a boundary file included), not when
    a file is only touched or copied."""
    db = tmp_path / "w.duckdb"
    assert etl_build.needs_build(db, MINI)
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(mini_warehouse, db)
    assert not etl_build.needs_build(db, data)  # a copy: same content, new times

    region = data / "sources/boundaries/rgn23_dec2023_en_buc.geojson"
    os.utime(region, (1, 1))  # only the time changes
    assert not etl_build.needs_build(db, data)
    region.write_text(region.read_text() + "\n")  # the content changes
    assert etl_build.needs_build(db, data)

    db.write_bytes(b"not a duckdb file")  # unreadable warehouse: rebuild
    assert etl_build.needs_build(db, MINI)


@pytest.mark.parametrize("data_dir", [MINI, REPO / "data"], ids=["mini", "shipped"])
def test_every_shipped_source_file_is_in_the_input_registry(data_dir):
    """A file under sources/ that the registry misses would never trigger a rebuild."""
    registry = set(etl_build.input_files(data_dir))
    shipped = {p for p in (data_dir / "sources").rglob("*") if p.is_file()}
    reference = {data_dir / p for p in etl_build.REFERENCE_ONLY_FILES}
    assert shipped - registry == shipped & reference
    assert all(p.exists() for p in registry)
    code = {p for p in registry if p.suffix in (".py", ".sql")}
    assert Path(etl_build.__file__).resolve() in code
    assert any(p.parent.name == "staging" for p in code)


def test_build_removes_litter_of_killed_builds_only(tmp_path, mini_warehouse):
    dead_pid = 2**22 + 12345  # above Linux's pid_max: no such process
    live_pid = os.getppid()
    dead = [tmp_path / f".build-{dead_pid}-warehouse.duckdb",
            tmp_path / f".build-{dead_pid}-warehouse.duckdb.wal"]
    alive = tmp_path / f".build-{live_pid}-warehouse.duckdb"
    unrelated = tmp_path / ".build-notes.txt"
    for path in (*dead, alive, unrelated):
        path.write_bytes(b"x" * 10)
    removed = etl_build.remove_litter(tmp_path)
    assert sorted(removed) == sorted(dead)
    assert alive.exists() and unrelated.exists()
    assert not any(p.exists() for p in dead)


def test_build_stores_its_fingerprint_and_time(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    fingerprint, built_at = con.execute(
        "select any_value(input_fingerprint), any_value(built_at) from build_info"
    ).fetchone()
    assert fingerprint == etl_build.input_fingerprint(MINI)
    assert built_at is not None


def test_national_build(warehouse_path):
    """The session's national warehouse (built once, see tests/conftest.py): its data tests
    pass with no warning, and spot checks agree with the published sources."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    failures, warnings = etl_build.checks.run_checks(con)
    assert failures == []
    assert warnings == []
    geographies = dict(con.execute("select geography, count(*) from areas group by 1").fetchall())
    assert geographies == {
        "lsoa21": 33_755,
        "ltla24": 296,
        "utla23": 153,
        "sicbl23": 106,
        "icb23": 42,
        "region": 9,
        "england": 1,
    }
    # spot checks against the published sources
    pendle_imd = con.execute(
        "select value from indicator_values where indicator_id = 'imd2025_score'"
        " and area_code = 'E07000122' and category = ''"
    ).fetchone()[0]
    published = con.execute(
        "select imd_average_score from stg_imd2025__lad24_summary where ltla24_code = 'E07000122'"
    ).fetchone()[0]
    # MHCLG weights by mid-2022 population, we by Census 2021: agree to 0.5 points
    assert pendle_imd == pytest.approx(published, abs=0.5)
    england_population = con.execute(
        "select population from areas where geography = 'england'"
    ).fetchone()[0]
    assert england_population == 56_489_608
    # stroke pathway and preventive services
    england = dict(
        con.execute(
            "select indicator_id, value from indicator_values where area_code = 'E92000001'"
            " and category = '' and indicator_id in ('nhs_health_check_offered_pct',"
            " 'serving_unit_thrombolysis_rate_pct', 'mt_within_30min_pct')"
            " and period in ('2023/24', '2021/22', '2022')"
        ).fetchall()
    )
    assert england["nhs_health_check_offered_pct"] == pytest.approx(3_555_112 / 16_053_785 * 100)
    assert 5 < england["serving_unit_thrombolysis_rate_pct"] < 20
    assert 0 < england["mt_within_30min_pct"] < 100
    bolton = con.execute(
        "select count(*) from indicator_values where indicator_id = 'nhs_health_check_offered_pct'"
        " and area_code = 'E08000001' and period = '2023/24'"
    ).fetchone()[0]
    assert bolton == 0  # 109% of the eligible population: in build_issues instead
    unjoined = {
        r[0]
        for r in con.execute(
            "select area_code from build_issues where source = 'ssnap_thrombectomy_first_team'"
            " and stage = 'int_ssnap_team_units'"
        ).fetchall()
    }
    assert "Diana Princess of Wales Hospital Grimsby" in unjoined
    assert len(unjoined) == 10  # 7 Northern Ireland, Royal Glamorgan, Noble's, Grimsby
    for indicator_id in ("serving_unit_thrombolysis_rate_pct", "serving_unit_thrombectomy_rate_pct",
                         "mt_within_30min_pct", "mt_within_45min_pct"):
        geographies = con.execute(
            "select geographies from indicators where indicator_id = ?", [indicator_id]
        ).fetchone()[0]
        assert len(geographies) == 7, indicator_id


def test_national_infant_mortality(warehouse_path):
    """ONS infant mortality: England and the regions equal the ONS table's own rows, Pendle has
    its counts and Byar limits, every district and county has a 2014-2016 value except those
    the table cannot give (listed in build_issues), and the Health Index series is weighted by
    live births."""
    from core import methods

    con = duckdb.connect(str(warehouse_path), read_only=True)
    values = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            'select area_code, period, "count", denominator, value, lower_95, upper_95,'
            " lower_998, upper_998 from indicator_values"
            " where indicator_id = 'infant_mortality_rate_ons'"
        ).fetchall()
    }
    assert values[("E92000001", "2014-2016")][:3] == (7710.0, 1989052.0,
                                                      pytest.approx(3.876, abs=5e-4))
    # England and the nine regions: the sums of districts equal ONS's published rows
    published = con.execute(
        "select area_code, year, infant_deaths_count, live_births_count"
        " from stg_ons__infant_mortality where row_role in ('england', 'region')"
        " and live_births_count is not null"
    ).fetchall()
    for last in range(2012, 2017):
        period = f"{last - 2}-{last}"
        totals: dict[str, list[float]] = {}
        for code, year, deaths, births in published:
            if last - 2 <= year <= last:
                total = totals.setdefault(code, [0.0, 0.0])
                total[0] += deaths
                total[1] += births
        assert len(totals) == 10
        for code, (deaths, births) in totals.items():
            assert values[(code, period)][:2] == (deaths, births), (code, period)
    regions = {code: v[:2] for (code, period), v in values.items()
               if code.startswith("E12") and period == "2014-2016"}
    assert regions["E12000005"] == (1256.0, 210970.0)  # West Midlands, not its met county
    assert regions["E12000006"] == (716.0, 216610.0)  # East: King's Lynn's births derived
    assert regions["E12000007"] == (1234.0, 385817.0)
    pendle = values[("E07000122", "2014-2016")]
    limits = methods.rate(np.array([20.0]), np.array([3779.0]), multiplier=1000,
                          confidence=(0.95, 0.998))
    assert pendle[:2] == (20.0, 3779.0)
    assert pendle[2:] == pytest.approx(
        [20 / 3779 * 1000, *limits.loc[0, ["lower_95", "upper_95", "lower_998", "upper_998"]]]
    )
    # coverage 2014-2016: every district and county but those the table cannot give
    missing = dict(
        con.execute(
            "select geography, list(area_code order by area_code) from areas"
            " where geography in ('ltla24', 'utla23') and area_code not in ("
            "  select area_code from indicator_values"
            "  where indicator_id = 'infant_mortality_rate_ons' and period = '2014-2016')"
            " group by geography"
        ).fetchall()
    )
    assert missing == {
        "ltla24": ["E06000053", "E07000146"],  # Isles of Scilly; King's Lynn and West Norfolk
        "utla23": ["E06000053"],
    }
    reported = {
        r[0]
        for r in con.execute(
            "select area_code from build_issues where source = 'ons_infant_mortality'"
            " and reason like '%(ltla24) left out for%2014-2016%'"
        ).fetchall()
    }
    assert reported == {"E06000053", "E07000146"}
    comparisons = dict(
        con.execute(
            "select compared_to_england, count(*) from indicator_values"
            " where indicator_id = 'infant_mortality_rate_ons' and period = '2014-2016'"
            " and area_code <> 'E92000001' and not is_suppressed group by 1"
        ).fetchall()
    )
    assert set(comparisons) <= {"better", "similar", "worse"}
    assert comparisons["worse"] > 0 and comparisons["better"] > 0
    file_errors = {
        r[0]
        for r in con.execute(
            "select area_code from build_issues where stage = 'stg_ons__infant_mortality'"
        ).fetchall()
    }
    assert {"E12000005", "E06000047", "E06000055"} <= file_errors  # met county, Durham, Bedford
    # the Health Index series, weighted by live births: England 2015 and 2016 are the ONS
    # pooled rates; 2017-2021 are weighted by the mid-2020 population aged 0
    health_index = dict(
        con.execute(
            "select period, value from indicator_values where indicator_id ="
            " 'infant_mortality_rate' and area_code = 'E92000001'"
        ).fetchall()
    )
    assert health_index["2015"] == pytest.approx(7734 / 1990412 * 1000, rel=1e-9)
    # two districts' 2016 Health Index values imply one live birth fewer than the ONS table
    # (Spelthorne 14 / 3,896, Plymouth 24 / 9,172): agreement to 5 significant figures
    assert health_index["2016"] == pytest.approx(7710 / 1989052 * 1000, rel=1e-5)
    assert health_index["2021"] == pytest.approx(3.93, abs=0.005)


def _mini_with_implausible_blood_pressure(tmp_path: Path) -> Path:
    from conftest import mini_with_implausible_values

    return mini_with_implausible_values(tmp_path / "data")


def test_fixture_implausible_value_is_flagged_kept_listed_and_left_out(tmp_path):
    data = _mini_with_implausible_blood_pressure(tmp_path)
    db = tmp_path / "warehouse.duckdb"
    etl_build.build(db, data, log=quiet)
    con = duckdb.connect(str(db), read_only=True)
    value, flag, reason, compared = con.execute(
        "select value, quality_flag, quality_reason, compared_to_england from indicator_values"
        " where indicator_id = 'high_blood_pressure_pct' and area_code = 'E07000122'"
        " and period = '2021'"
    ).fetchone()
    assert value == pytest.approx(96.03787549)
    assert flag == "outside_plausible_range"
    assert reason == "value 96.04 is outside the plausible range 0 to 60"
    assert compared == "not compared"
    # three districts are too few for the peer rule: only the range applies
    assert con.execute(
        "select count(*) from indicator_values where quality_flag is not null"
    ).fetchone()[0] == 1
    # Lancashire and England are built without Pendle, and say so
    for parent in ("E10000017", "E92000001"):
        parent_value, note, parent_flag = con.execute(
            "select value, note, quality_flag from indicator_values"
            " where indicator_id = 'high_blood_pressure_pct' and area_code = ?"
            " and period = '2021'", [parent]
        ).fetchone()
        assert parent_flag is None
        assert parent_value < 25
        assert "left out as implausible" in note and "Pendle" in note
    issue = con.execute(
        "select reason from build_issues where source = 'quality_gates' and area_code = 'E07000122'"
    ).fetchall()
    assert len(issue) == 1
    assert issue[0][0].startswith(
        "Quality flag outside_plausible_range: high_blood_pressure_pct 2021 = 96.04: value 96.04"
    )


def test_unflagged_value_breaking_its_rule_fails_the_build(tmp_path, monkeypatch):
    """With the gates switched off, the data test catches the value and the build fails."""
    data = _mini_with_implausible_blood_pressure(tmp_path)
    original = etl_build.build_quality_flags

    def no_flags(con: duckdb.DuckDBPyConnection) -> int:
        original(con)
        con.execute("delete from int_quality_flags_lad21")
        return 0

    monkeypatch.setattr(etl_build, "build_quality_flags", no_flags)
    monkeypatch.setattr(etl_statistics, "_range_flags", lambda frame, entries: frame)
    with pytest.raises(etl_build.BuildError, match="every unflagged value lies within its"):
        etl_build.build(tmp_path / "warehouse.duckdb", data, log=quiet)


def test_fixture_survey_weighted_values_store_no_counts(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    stored = con.execute(
        "select count(*), count(\"count\"), count(denominator) from indicator_values"
        " where indicator_id = 'physically_inactive_pct' and value is not null"
    ).fetchone()
    assert stored[0] > 0 and stored[1:] == (0, 0)


def test_national_quality_gates(warehouse_path):
    """The implausible Health Index values (issue #11) are flagged, kept and listed, and no
    mean is built from them."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    flagged = con.execute(
        "select indicator_id, area_code, period, round(value, 2), quality_flag"
        " from indicator_values where quality_flag is not null order by all"
    ).fetchall()
    assert len(flagged) == 70
    assert {r[0] for r in flagged} == {"high_blood_pressure_pct", "cardiovascular_conditions_pct"}
    as_dict = {(r[0], r[1], r[2]): (r[3], r[4]) for r in flagged}
    hbp = "high_blood_pressure_pct"
    assert as_dict[(hbp, "E07000121", "2021")] == (96.04, "outside_plausible_range")  # Lancaster
    assert as_dict[(hbp, "E07000121", "2015")] == (109.83, "outside_plausible_range")
    assert as_dict[(hbp, "E06000031", "2021")] == (56.85, "peer_outlier")  # Peterborough
    assert as_dict[(hbp, "E07000133", "2021")] == (56.42, "peer_outlier")  # Melton
    assert as_dict[(hbp, "E06000014", "2021")] == (53.64, "peer_outlier")  # York
    n_issues = con.execute(
        "select count(*) from build_issues where source = 'quality_gates'"
    ).fetchone()[0]
    assert n_issues == 70
    # England and Lancashire without the flagged districts (they were 19.52 and 27.10)
    england, lancashire = (
        con.execute(
            "select value from indicator_values where indicator_id = ? and area_code = ?"
            " and period = '2021'", [hbp, code]
        ).fetchone()[0]
        for code in ("E92000001", "E10000017")
    )
    assert england == pytest.approx(18.83, abs=0.01)
    assert lancashire == pytest.approx(18.08, abs=0.01)


def test_national_qof_prevalence(warehouse_path):
    """QOF 2022/23: England's sums are NHS England's published prevalences, the 106 sub-ICB
    locations and 42 ICBs (QOF's July 2022 mapping, joined on ODS codes) add up to England, and
    Fingertips 219's counties and UAs add up to England too."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    england = {
        r[0]: r[1:]
        for r in con.execute(
            'select indicator_id, "count", denominator, value from indicator_values'
            " where area_code = 'E92000001' and period = '2022/23'"
            " and indicator_id in ('hypertension_qof_pct', 'af_qof_pct', 'stroke_tia_qof_pct')"
        ).fetchall()
    }
    assert england["hypertension_qof_pct"][:2] == (8_996_512.0, 62_378_057.0)
    assert round(england["hypertension_qof_pct"][2], 2) == 14.42
    assert england["af_qof_pct"][:2] == (1_329_458.0, 62_378_057.0)
    assert round(england["af_qof_pct"][2], 2) == 2.13
    assert england["stroke_tia_qof_pct"][:2] == (1_152_078.0, 62_378_057.0)
    assert round(england["stroke_tia_qof_pct"][2], 2) == 1.85
    totals = con.execute(
        'select v.indicator_id, a.geography, count(*), sum(v."count"), sum(v.denominator)'
        " from indicator_values v join areas a on a.area_code = v.area_code"
        " and a.geography in ('sicbl23', 'icb23', 'utla23', 'region')"
        " where v.period = '2022/23' and v.\"count\" is not null"
        " and v.indicator_id in ('hypertension_qof_pct', 'af_qof_pct', 'stroke_tia_qof_pct')"
        " group by all"
    ).fetchall()
    found = {(ind, geo): (n, c, d) for ind, geo, n, c, d in totals}
    for ind, (count, denominator, _) in england.items():
        assert found[(ind, "sicbl23")] == (106, count, denominator)
        assert found[(ind, "icb23")] == (42, count, denominator)
    assert found[("hypertension_qof_pct", "utla23")] == (153, 8_996_512.0, 62_378_057.0)
    assert found[("hypertension_qof_pct", "region")] == (9, 8_996_512.0, 62_378_057.0)
    assert ("af_qof_pct", "utla23") not in found  # estimates only: no counts
    # the two sub-ICB locations recoded in April 2023 are there, with a note
    recoded = con.execute(
        "select area_code, note from indicator_values where indicator_id = 'hypertension_qof_pct'"
        " and area_code in ('E38000264', 'E38000265')"
    ).fetchall()
    assert sorted(code for code, _ in recoded) == ["E38000264", "E38000265"]
    assert all("E38000246" in note or "E38000248" in note for _, note in recoded)
    # every district and council has a value (measured or estimated)
    missing = con.execute(
        "select count(*) from areas a where a.geography in ('ltla24', 'utla23', 'region')"
        " and not exists (select 1 from indicator_values v where v.area_code = a.area_code"
        " and v.indicator_id = 'af_qof_pct' and v.value is not null)"
    ).fetchone()
    assert missing == (0,)


def test_national_qof_achievement_icbs_sum_to_england(warehouse_path):
    """QOF 2024/25: all 42 ICBs are mapped (ODS -> E54) and their counts add up to England."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    sums = con.execute(
        'select v.indicator_id, count(*), sum(v."count"), sum(v.denominator),'
        ' any_value(e."count"), any_value(e.denominator), any_value(e.value)'
        " from indicator_values v join areas a on a.area_code = v.area_code"
        " and a.geography = 'icb23'"
        " join indicator_values e on e.indicator_id = v.indicator_id and e.period = v.period"
        " and e.area_code = 'E92000001'"
        " where v.period = '2024/25' and v.indicator_id like '%qof%'"
        " group by v.indicator_id order by 1"
    ).fetchall()
    assert [r[0] for r in sums] == ["af_anticoagulated_qof_pct", "af_risk_assessed_qof_pct",
                                    "bp_to_target_79_under_qof_pct",
                                    "bp_to_target_80_over_qof_pct"]
    for _, n_icbs, count, denominator, e_count, e_denominator, _ in sums:
        assert n_icbs == 42
        assert (count, denominator) == (e_count, e_denominator)
    england = {r[0]: r[4:] for r in sums}
    assert england["af_anticoagulated_qof_pct"][:2] == (1_088_546.0, 1_201_651.0)
    assert round(england["af_anticoagulated_qof_pct"][2], 2) == 90.59
    assert england["bp_to_target_79_under_qof_pct"][:2] == (5_211_198.0, 7_680_932.0)
    assert con.execute(
        "select count(*) from build_issues where source like 'qof%'"
    ).fetchone() == (0,)


def test_national_aps_smoking(warehouse_path):
    """APS smoking 2012-2023: England 2023 = 11.6% (11.3-12.0); same-boundary old county rows
    stand for North Yorkshire, Somerset and (to 2020) Buckinghamshire; areas ONS does not
    publish, suppressed cells and 0% with a 0-0 interval are left out and listed."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    values = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select area_code, period, value, lower_95, upper_95, note from indicator_values"
            " where indicator_id = 'smoking_aps_pct'"
        ).fetchall()
    }
    assert values[("E92000001", "2023")][:3] == (11.6, 11.3, 12.0)
    england = [values[("E92000001", str(y))][0] for y in range(2012, 2024)]
    assert england == [19.3, 18.4, 17.8, 16.9, 15.5, 14.9, 14.4, 13.9, 13.8, 13.0, 12.7, 11.6]
    published = dict(
        ((r[0], str(r[1])), r[2])
        for r in con.execute(
            "select area_code, year, smoking_pct from stg_ons__aps_smoking"
            " where area_code in ('E10000023', 'E10000027', 'E10000002')"
        ).fetchall()
    )
    for old, new in (("E10000023", "E06000065"), ("E10000027", "E06000066")):
        for year in range(2012, 2024):
            assert values[(new, str(year))][0] == published[(old, str(year))]
            assert old in values[(new, str(year))][3]
    assert values[("E06000060", "2020")][0] == published[("E10000002", "2020")]
    assert "E10000002" not in values[("E06000060", "2021")][3]
    for code in ("E06000063", "E06000064"):  # Cumberland, Westmorland and Furness
        assert not any(c == code for c, _ in values)
    assert ("E06000061", "2021") not in values and ("E06000061", "2022") in values
    assert ("E07000124", "2022") not in values  # Ribble Valley: 0% (0-0)
    reasons = [r[0] for r in con.execute(
        "select reason from build_issues where source = 'aps_smoking'").fetchall()]
    assert any("Cumberland" in r for r in reasons)
    assert any("0-0 interval" in r for r in reasons)
    counts = dict(con.execute(
        "select a.geography, count(*) from indicator_values v join areas a using (area_code)"
        " where v.indicator_id = 'smoking_aps_pct' and v.period = '2023' group by 1"
    ).fetchall())
    assert counts == {"ltla24": 291, "utla23": 149, "region": 9, "england": 1}
