"""SQL models on tiny in-memory tables: given these rows, expect these rows."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from etl.build import SQL_DIR, define_macros


def run(con: duckdb.DuckDBPyConnection, model: str) -> list[tuple]:
    sql = (SQL_DIR / f"{model}.sql").read_text()
    return con.execute(f"select * from ({sql}) order by all").fetchall()


def materialise(con: duckdb.DuckDBPyConnection, model: str) -> None:
    """Create the model's table, for models downstream of it."""
    name = model.rsplit("/", 1)[-1]
    con.execute(f"create table {name} as {(SQL_DIR / f'{model}.sql').read_text()}")


def table(con: duckdb.DuckDBPyConnection, name: str, columns: str, rows: list[tuple]) -> None:
    con.execute(f"create table {name} ({columns})")
    if rows:
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"insert into {name} values ({marks})", rows)


QUALITY_FLAG_COLUMNS = (
    "indicator_id varchar, ltla21_code varchar, period varchar, value double,"
    " quality_flag varchar, quality_reason varchar"
)


@pytest.fixture
def con():
    con = duckdb.connect()
    define_macros(con)  # is_small_count, as the build defines it
    # district values flagged by the quality gates (written by the build before the marts)
    table(con, "int_quality_flags_lad21", QUALITY_FLAG_COLUMNS, [])
    return con


def test_stroke_admissions_split_and_merged_lsoas(con):
    # A (unchanged), B split into B1/B2 by population 1:3, C and D merged into CD.
    table(
        con,
        "stg_lookup__lsoa11_lsoa21",
        "lsoa11_code varchar, lsoa11_name varchar, lsoa21_code varchar, change_code varchar",
        [
            ("A", "a", "A", "U"),
            ("B", "b", "B1", "S"),
            ("B", "b", "B2", "S"),
            ("C", "c", "CD", "M"),
            ("D", "d", "CD", "M"),
        ],
    )
    table(
        con,
        "stg_census21__lsoa_population",
        "lsoa21_code varchar, population_count bigint, population_65_plus_count bigint",
        [("A", 1000, 0), ("B1", 500, 0), ("B2", 1500, 0), ("CD", 2000, 0)],
    )
    table(
        con,
        "stg_ssnap__stroke_admissions_lsoa11",
        "lsoa11_code varchar, admissions_mean_annual_count double",
        [("A", 1.0), ("B", 4.0), ("C", 2.0), ("D", 0.5)],
    )
    rows = run(con, "intermediate/int_lsoa21_stroke_admissions")
    # three-year totals: A 3, B 12 split 3/9, C+D 7.5, rounded to whole admissions
    assert rows == [("A", 3.0), ("B1", 3.0), ("B2", 9.0), ("CD", 8.0)]


def test_travel_minutes_nearest_ivt_mt_and_merged_lsoa(con):
    table(
        con,
        "stg_lookup__lsoa11_lsoa21",
        "lsoa11_code varchar, lsoa11_name varchar, lsoa21_code varchar, change_code varchar",
        [("A", "Area A", "A", "U"), ("C", "Area C", "CD", "M"), ("D", "Area D", "CD", "M")],
    )
    table(
        con,
        "stg_ssnap__travel_minutes",
        "lsoa11_name varchar, source_lsoa11_name varchar, unit_code varchar, travel_minutes double",
        [
            ("Area A", "Area A", "IVT1", 20),
            ("Area A", "Area A", "MT1", 50),
            ("Area A", "Area A", "OTHER", 5),
            ("Area C", "Area C", "IVT1", 30),
            ("Area C", "Area C", "MT1", 40),
            ("Area C", "Area C", "OTHER", 60),
            ("Area D", "Area D", "IVT1", 50),
            ("Area D", "Area D", "MT1", 60),
            ("Area D", "Area D", "OTHER", 60),
        ],
    )
    table(
        con,
        "stg_ssnap__stroke_units",
        "unit_code varchar, is_ivt_unit boolean, is_mt_centre boolean",
        [("IVT1", True, False), ("MT1", True, True), ("OTHER", False, False)],
    )
    rows = run(con, "intermediate/int_lsoa21_travel_minutes")
    assert rows == [
        ("A", 20.0, "IVT1", 50.0, "MT1", 5.0, "OTHER"),
        # merged LSOA: mean of the two 2011 LSOAs' times to each unit
        ("CD", 40.0, "IVT1", 50.0, "MT1", 40.0, "IVT1"),
    ]


def _geography(con):
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [
            ("L1", "l1", "lsoa21", "UA", "ltla24", 1000),
            ("L2", "l2", "lsoa21", "UA", "ltla24", 3000),
            ("UA", "ua", "ltla24", "UA", "utla23", 4000),
            ("UA", "ua", "utla23", "E92000001", "region", 4000),
            ("E92000001", "England", "england", None, None, 4000),
        ],
    )
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        [
            ("L1", "lsoa21", "UA", "ltla24", 1),
            ("L1", "lsoa21", "UA", "utla23", 1),
            ("L1", "lsoa21", "E92000001", "england", 1),
            ("L2", "lsoa21", "UA", "ltla24", 1),
            ("L2", "lsoa21", "UA", "utla23", 1),
            ("L2", "lsoa21", "E92000001", "england", 1),
        ],
    )
    table(
        con,
        "int_lsoa_measures",
        "lsoa21_code varchar, ltla24_code varchar, population_count bigint, imd_decile integer",
        [("L1", "UA", 1000, 1), ("L2", "UA", 3000, 10)],
    )


def test_lsoa_values_sum_counts_weight_means_and_count_unitary_authorities_once(con):
    _geography(con)
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar",
        [("rate", "lsoa_sum", "events", ""), ("minutes", "lsoa_mean", "mins", "")],
    )
    table(
        con,
        "int_lsoa_long",
        "lsoa21_code varchar, measure varchar, period varchar,"
        " event_count double, denominator double, value double, weight double,"
        " weight_basis varchar",
        [
            ("L1", "events", "2021", 10, 1000, None, None, None),
            ("L2", "events", "2021", 90, 3000, None, None, None),
            ("L1", "mins", "2022", None, None, 10, 1000, "Census 2021 residents"),
            ("L2", "mins", "2022", None, None, 30, 3000, "Census 2021 residents"),
        ],
    )
    rows = run(con, "intermediate/int_values_lsoa")
    totals = {(r[0], r[1]): (r[7], r[10], r[11]) for r in rows if r[5] == ""}
    # counts summed (never a mean of rates); UA counted once although it is two geographies
    assert totals[("rate", "UA")] == (None, 100.0, 4000.0)
    assert totals[("rate", "E92000001")] == (None, 100.0, 4000.0)
    # population-weighted mean: (10*1000 + 30*3000) / 4000 = 25
    assert totals[("minutes", "UA")] == (25.0, None, None)
    assert totals[("minutes", "L1")] == (10.0, None, None)
    deciles = sorted((r[1], r[6], r[10]) for r in rows if r[0] == "rate" and r[5] != "")
    assert deciles == [
        ("E92000001", "1", 10.0),
        ("E92000001", "10", 90.0),
        ("UA", "1", 10.0),
        ("UA", "10", 90.0),
    ]


def test_lsoa_means_with_zero_weight_keep_the_lsoa_value_and_give_no_area_mean(con):
    _geography(con)
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar",
        [("unit_rate", "lsoa_mean", "rate", "")],
    )
    table(
        con,
        "int_lsoa_long",
        "lsoa21_code varchar, measure varchar, period varchar,"
        " event_count double, denominator double, value double, weight double,"
        " weight_basis varchar",
        [
            ("L1", "rate", "2021/22", None, None, 10, 0, "stroke admissions"),
            ("L2", "rate", "2021/22", None, None, 30, 0, "stroke admissions"),
        ],
    )
    rows = run(con, "intermediate/int_values_lsoa")
    totals = {(r[1], r[6]): r for r in rows}
    # no admissions anywhere: each LSOA shows its unit's rate, the area has no mean (not NaN)
    assert totals[("L1", "")][7] == 10.0 and totals[("L2", "")][7] == 30.0
    assert totals[("UA", "")][7] is None and totals[("UA", "1")][7] is None
    assert "weighted by their stroke admissions" in totals[("UA", "")][12]


def test_health_index_merged_districts_are_population_weighted(con):
    _geography(con)
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar,"
        " weight varchar",
        [("imr", "health_index", "Infant mortality", "", "population")],
    )
    # two 2021 districts merged into UA in 2023
    table(
        con,
        "stg_ons__health_index_lad21",
        "ltla21_code varchar, period varchar, health_index_name varchar, value double",
        [
            ("OLD1", "2021", "Infant mortality", 2.0),
            ("OLD2", "2021", "Infant mortality", 6.0),
            ("OLD1", "2020", "Infant mortality", 2.0),
        ],
    )
    table(
        con,
        "stg_lookup__lad21_lad24",
        "ltla21_code varchar, ltla24_code varchar",
        [("OLD1", "UA"), ("OLD2", "UA")],
    )
    table(
        con,
        "stg_ons__mye2020_lad21",
        "ltla21_code varchar, population_mid2020_count bigint,"
        " population_aged_0_mid2020_count bigint",
        [("OLD1", 300, 3), ("OLD2", 100, 1)],
    )
    table(
        con,
        "int_infant_mortality_units",
        "year integer, ltla21_code varchar, live_births_count double,"
        " live_births_derived_from_code varchar",
        [],
    )
    rows = run(con, "intermediate/int_values_health_index")
    values = {(r[1], r[2]): r[7] for r in rows}
    assert values[("UA", "2021")] == pytest.approx((2 * 300 + 6 * 100) / 400)
    # 2020 has one of the two districts only: not published rather than half an area
    assert ("UA", "2020") not in values
    # England from LSOA populations; the unitary authority is not duplicated
    assert values[("E92000001", "2021")] == pytest.approx(3.0)
    assert sum(1 for r in rows if r[1] == "UA" and r[2] == "2021") == 1


def test_fingertips_collisions_are_left_out_and_duplicates_merged(con):
    _geography(con)
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar",
        [("screen", "fingertips", "94063", "Female|53-70 yrs")],
    )
    columns = (
        "fingertips_id integer, area_code varchar, area_type varchar, period varchar,"
        " frequency varchar, sex varchar, age varchar, category_type varchar,"
        " category varchar, value double, lower_95 double, upper_95 double,"
        " event_count double, denominator double"
    )
    same = ("Female", "53-70 yrs", "", "")
    table(
        con,
        "stg_fingertips__northwest",
        columns,
        [
            # UA listed as county and as district: identical records, kept once
            (94063, "UA", "Counties", "2022/23", "annually", *same, 70.0, 69.0, 71.0, 700, 1000),
            (94063, "UA", "Districts", "2022/23", "annually", *same, 70.0, 69.0, 71.0, 700, 1000),
            # two different records for one period: left out
            (94063, "UA", "Counties", "2023/24", "annually", *same, 71.0, 70.0, 72.0, 710, 1000),
            (94063, "UA", "Counties", "2023/24", "annually", *same, 60.0, 59.0, 61.0, 600, 1000),
            # an old code: not in areas
            (94063, "E10000006", "Counties", "2022/23", "annually", *same, 1.0, 0.5, 1.5, 1, 100),
            # another sex/age: not this catalogue entry
            (
                94063,
                "UA",
                "Counties",
                "2022/23",
                "annually",
                "Persons",
                "All ages",
                "",
                "",
                5.0,
                4.0,
                6.0,
                5,
                100,
            ),
        ],
    )
    materialise(con, "intermediate/int_fingertips_matched")
    materialise(con, "intermediate/int_fingertips_records")
    rows = run(con, "intermediate/int_values_fingertips")
    assert [(r[0], r[1], r[2], r[7]) for r in rows] == [("screen", "UA", "2022/23", 70.0)]


def test_area_lookup_weights_for_a_district_split_between_icbs(con):
    table(
        con,
        "stg_geography__lsoa21",
        "lsoa21_code varchar, lsoa21_name varchar,"
        " ltla24_code varchar, ltla24_name varchar, utla23_code varchar, utla23_name varchar,"
        " region_code varchar, region_name varchar, sicbl23_code varchar, sicbl23_name varchar,"
        " icb23_code varchar, icb23_name varchar",
        [
            ("L1", "", "D", "", "C", "", "R", "", "S1", "", "I1", ""),
            ("L2", "", "D", "", "C", "", "R", "", "S2", "", "I2", ""),
            # a unitary authority: one code for the district and the upper-tier area
            ("L3", "", "UA", "", "UA", "", "R", "", "S2", "", "I2", ""),
        ],
    )
    table(
        con,
        "stg_census21__lsoa_population",
        "lsoa21_code varchar, population_count bigint, population_65_plus_count bigint",
        [("L1", 100, 0), ("L2", 300, 0), ("L3", 50, 0)],
    )
    rows = run(con, "marts/area_lookup")
    weights = {(r[0], r[1], r[2]): r[4] for r in rows}
    assert weights[("D", "ltla24", "I1")] == pytest.approx(0.25)
    assert weights[("D", "ltla24", "I2")] == pytest.approx(0.75)
    assert weights[("D", "ltla24", "C")] == 1.0
    assert weights[("L1", "lsoa21", "E92000001")] == 1.0
    assert sum(1 for r in rows if r[0] == "L1") == 6
    # the unitary authority lies whole in its region and ICB both as a district and as an
    # upper-tier area (weights were halved when the two were summed together)
    for geography in ("ltla24", "utla23"):
        assert weights[("UA", geography, "R")] == 1.0
        assert weights[("UA", geography, "I2")] == 1.0


# --- stroke pathway and preventive services ---------------------------------------------------

LSOA_MEASURE_COLUMNS = (
    "lsoa21_code varchar, population_count bigint, population_65_plus_count bigint,"
    " imd_score double, imd_decile integer, stroke_admissions_2017_2019_count double,"
    " ivt_minutes double, mt_minutes double, gp_distance_km double,"
    " nearest_ivt_unit_thrombolysis_rate_pct double,"
    " nearest_ivt_unit_thrombectomy_rate_pct double"
)
PARENTS = {"ltla24": "D", "utla23": "C", "region": "R", "sicbl23": "S", "icb23": "I"}


def _two_lsoas_in_every_geography(con):
    """L1 and L2 in one district, county, region, sub-ICB and ICB, and England."""
    parents = {**PARENTS, "england": "E92000001"}
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [("L1", "l1", "lsoa21", "D", "ltla24", 100), ("L2", "l2", "lsoa21", "D", "ltla24", 300)]
        + [(code, code, geography, None, None, 400) for geography, code in parents.items()],
    )
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        [
            (lsoa, "lsoa21", code, geography, 1.0)
            for lsoa in ("L1", "L2")
            for geography, code in parents.items()
        ],
    )


def test_travel_time_measures_aggregate_population_weighted_to_every_geography(con):
    from etl.build import write_catalogue

    _two_lsoas_in_every_geography(con)
    write_catalogue(con)  # the real catalogue: its lsoa_sum / lsoa_mean entries and keys
    # populations 100 and 300; minutes 10 and 30: weighted mean 25, not 20. Residents aged 65+
    # 30 and 10: the serving units' thrombolysis rates (10 and 30, shares of admissions) weigh
    # by them, a published proxy for admissions, (10 x 30 + 30 x 10) / 40 = 15, where residents
    # and the admissions themselves (10 and 30, which could give a suppressed LSOA away) gave 25
    table(
        con,
        "int_lsoa_measures",
        LSOA_MEASURE_COLUMNS,
        [
            ("L1", 100, 30, 40.0, 1, 10.0, 10.0, 10.0, 1.0, 10.0, 2.0),
            # L2's nearest IVT unit is a thrombectomy centre: no transfer rate
            ("L2", 300, 10, 10.0, 10, 30.0, 30.0, 30.0, 1.0, 30.0, None),
        ],
    )
    materialise(con, "intermediate/int_lsoa_long")
    rows = run(con, "intermediate/int_values_lsoa")
    # columns: indicator, area, period, sex, age, category_type, category, value, lo, hi,
    # count, denominator, note
    totals = {(r[0], r[1]): r for r in rows if r[6] == ""}
    every_area = ["D", "C", "R", "S", "I", "E92000001"]
    for indicator in (
        "ivt_minutes_mean",
        "mt_minutes_mean",
        "serving_unit_thrombolysis_rate_pct",
    ):
        weighted = 15.0 if indicator == "serving_unit_thrombolysis_rate_pct" else 25.0
        basis = ("weighted by their Census 2021 residents aged 65 and over"
                 if weighted == 15.0 else "Population-weighted mean")
        for area in every_area:
            assert totals[(indicator, area)][7] == pytest.approx(weighted), (indicator, area)
            assert basis in totals[(indicator, area)][12]
        assert totals[(indicator, "L1")][7] == 10.0
        assert totals[(indicator, "L2")][7] == 30.0
    assert totals[("serving_unit_thrombolysis_rate_pct", "D")][2] == "2021/22"
    # the LSOA without a transfer rate is left out, not counted as zero, and the note says so
    thrombectomy = totals[("serving_unit_thrombectomy_rate_pct", "E92000001")]
    assert thrombectomy[2] == "2023/24"
    assert thrombectomy[7] == pytest.approx(2.0)
    assert "1 of 2 LSOAs have no data" in thrombectomy[12]
    assert ("serving_unit_thrombectomy_rate_pct", "L2") not in totals
    # coverage: 30 minutes is within 30 minutes; counts and denominators are people
    for area in every_area:
        assert totals[("mt_within_30min_pct", area)][10:12] == (400.0, 400.0)
        assert totals[("mt_within_45min_pct", area)][10:12] == (400.0, 400.0)
        assert totals[("ivt_within_30min_pct", area)][10:12] == (400.0, 400.0)
    # IMD decile breakdowns: each decile's own LSOAs
    deciles = {
        (r[1], r[6]): r[7]
        for r in rows
        if r[0] == "serving_unit_thrombolysis_rate_pct" and r[6] != ""
    }
    assert deciles[("R", "1")] == 10.0
    assert deciles[("R", "10")] == 30.0
    assert {area for area, _ in deciles} == set(every_area)


def test_area_stroke_units_population_shares_and_weighted_minutes(con):
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [
            ("L1", "", "lsoa21", "D1", "ltla24", 100),
            ("L2", "", "lsoa21", "D1", "ltla24", 300),
            ("L3", "", "lsoa21", "D2", "ltla24", 600),
            ("L4", "", "lsoa21", "D2", "ltla24", 50),
        ],
    )
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        [
            ("L1", "lsoa21", "D1", "ltla24", 1.0),
            ("L2", "lsoa21", "D1", "ltla24", 1.0),
            ("L3", "lsoa21", "D2", "ltla24", 1.0),
            ("L4", "lsoa21", "D2", "ltla24", 1.0),
        ]
        + [(lsoa, "lsoa21", "E92000001", "england", 1.0) for lsoa in ("L1", "L2", "L3", "L4")],
    )
    table(
        con,
        "int_lsoa_measures",
        "lsoa21_code varchar, population_count bigint, nearest_ivt_unit_code varchar,"
        " ivt_minutes double, nearest_mt_unit_code varchar, mt_minutes double",
        [
            ("L1", 100, "A", 10.0, "X", 40.0),
            ("L2", 300, "B", 30.0, "X", 60.0),
            ("L3", 600, "A", 20.0, "Y", 50.0),
            ("L4", 50, None, None, None, None),  # no modelled time (Isles of Scilly)
        ],
    )
    rows = run(con, "marts/area_stroke_units")
    got = {(r[0], r[1], r[2], r[3]): r[4:] for r in rows}
    england = {k[2:]: v for k, v in got.items() if k[0] == "england"}
    # population served, share of residents with a time, population-weighted mean minutes
    assert england[("ivt", "A")] == pytest.approx((700.0, 70.0, (10 * 100 + 20 * 600) / 700))
    assert england[("ivt", "B")] == pytest.approx((300.0, 30.0, 30.0))
    assert england[("mt", "X")] == pytest.approx((400.0, 40.0, (40 * 100 + 60 * 300) / 400))
    assert england[("mt", "Y")] == pytest.approx((600.0, 60.0, 50.0))
    assert got[("ltla24", "D1", "ivt", "A")] == pytest.approx((100.0, 25.0, 10.0))
    assert got[("ltla24", "D2", "ivt", "A")] == pytest.approx((600.0, 100.0, 20.0))
    assert got[("lsoa21", "L2", "mt", "X")] == pytest.approx((300.0, 100.0, 60.0))
    assert not any(k[1] == "L4" for k in got)
    shares: dict[tuple, float] = {}
    for (geography, area, kind, _), (_, share, _) in got.items():
        shares[(geography, area, kind)] = shares.get((geography, area, kind), 0.0) + share
    assert shares == pytest.approx(dict.fromkeys(shares, 100.0))


def _ssnap_units(con):
    table(
        con,
        "stg_ssnap__stroke_units",
        "unit_code varchar, ssnap_name varchar, is_ivt_unit boolean, is_mt_centre boolean,"
        " admissions_2021_22_count double, thrombolysis_2021_22_count double",
        [
            ("U1", "Alpha Hospital", True, False, 400, 50),
            ("U2", "Dup Hospital", True, False, 300, 30),
            ("U3", "Dup Hospital", True, False, 200, 20),
            ("U4", "Gamma Centre", True, True, 1000, 150),
            ("U5", "Not Delta", True, False, 100, 0),
            ("U6", None, False, False, 0, 0),
            # carries another hospital's SSNAP name (as the Welsh rows of the real list do)
            ("U7", "Delta", True, False, 100, 10),
            ("U8", "Ghost", True, False, 100, 10),
        ],
    )


def test_ssnap_teams_join_units_by_alias_then_by_unique_name(con):
    table(
        con,
        "src_ssnap_thrombectomy_first_team",
        "region_or_network varchar, trust varchar, team varchar, category varchar,"
        " item varchar, data_type varchar, value double",
        [
            (None, None, "National", "Thrombectomy", "Thrombectomy", "n", 60),
            (None, None, "National", "Thrombectomy", "Thrombectomy", "d", 2400),
            (None, None, "National", "Thrombectomy", "Thrombectomy", "%", 2.5),
        ]
        + [
            ("Net", "Trust", team, "Thrombectomy", "Thrombectomy", kind, value)
            for team, n, d in (
                (" ALPHA hospital ", 8, 400),  # case and spaces differ from the unit list
                ("Dup Hospital", 3, 300),  # two units carry this name: no guess
                ("Gamma Centre", 1, 1000),  # a thrombectomy centre: only transfers counted
                ("Delta", 2, 100),  # named differently: joined through the alias seed
                ("Nowhere Hospital", 5, 500),  # not in the unit list
                ("Ghost", 1, 100),  # the seed names a unit that does not exist: no join
            )
            for kind, value in (("n", n), ("d", d), ("%", round(100 * n / d, 1)))
        ],
    )
    table(
        con,
        "src_ssnap_length_of_stay",
        '"Stroke team" varchar, "Type" varchar, "Mean length of stay" double',
        [
            ("Alpha Hospital", "Routinely admitting team", 12.5),
            ("Alpha Hospital SU", "Non-routinely admitting acute team", 30.0),
            ("delta", "Routinely admitting team", 9.0),
        ],
    )
    table(
        con,
        "seed_ssnap_team_aliases",
        "ssnap_team_name varchar, unit_code varchar, reason varchar",
        [("Delta", "U5", "renamed"), ("Ghost", "NOPE", "unit not in the list")],
    )
    _ssnap_units(con)
    materialise(con, "staging/stg_ssnap__thrombectomy_first_team")
    materialise(con, "staging/stg_ssnap__length_of_stay_2023")
    national = con.execute(
        "select thrombectomy_2023_24_count, admissions_2023_24_count from"
        " stg_ssnap__thrombectomy_first_team where is_national"
    ).fetchall()
    assert national == [(60.0, 2400.0)]
    materialise(con, "intermediate/int_ssnap_team_units")
    joined = {
        (r[0], r[1]): (r[3], r[4])
        for r in con.execute("select * from int_ssnap_team_units").fetchall()
    }
    first = "ssnap_thrombectomy_first_team"
    assert joined == {
        (first, "ALPHA hospital"): ("U1", "name"),
        (first, "Dup Hospital"): (None, None),
        (first, "Gamma Centre"): ("U4", "name"),
        (first, "Delta"): ("U5", "alias"),
        (first, "Nowhere Hospital"): (None, None),
        (first, "Ghost"): (None, None),
        ("ssnap_length_of_stay", "Alpha Hospital"): ("U1", "name"),
        ("ssnap_length_of_stay", "Alpha Hospital SU"): (None, None),
        ("ssnap_length_of_stay", "delta"): ("U5", "alias"),
    }
    rows = run(con, "intermediate/int_stroke_unit_activity")
    # unit, ivt, mt, thrombolysis %, admissions, thrombectomies, rate %, serving rate %, stay
    activity = {r[0]: r[3:9] for r in rows}
    # disclosure: a count of 1-4 behind a rate (thrombolysis, thrombectomy)
    disclosive = {r[0]: r[9:] for r in rows}
    assert disclosive["U1"] == (False, False)  # 50 of 400; 8 of 400
    assert disclosive["U5"] == (False, True)  # 0 of 100 (zero is published); 2 of 100
    assert disclosive["U4"] == (False, True)  # 1 of 1000
    assert disclosive["U2"] == (False, False)  # no SSNAP row: nothing to hide
    assert activity["U1"] == pytest.approx((12.5, 400.0, 8.0, 2.0, 2.0, 12.5))
    assert activity["U5"] == pytest.approx((0.0, 100.0, 2.0, 2.0, 2.0, 9.0))
    # the centre's own figure is kept, but residents nearest it get no transfer rate
    assert activity["U4"][:5] == pytest.approx((15.0, 1000.0, 1.0, 0.1, None))
    assert activity["U4"][4] is None
    assert activity["U2"][1:] == (None, None, None, None, None)
    assert activity["U6"][0] is None  # no admissions: no rate, not zero
    # the alias wins over the name carried by another unit: Delta's figures are U5's only
    assert activity["U7"][1:] == (None, None, None, None, None)


def _quarterly(con, rows):
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar",
        [
            ("checks", "fingertips_quarters", "91040", "Persons|40-74 yrs"),
            ("screen", "fingertips", "94063", "Female|53-70 yrs"),
        ],
    )
    table(
        con,
        "stg_fingertips__northwest",
        "fingertips_id integer, area_code varchar, area_type varchar, period varchar,"
        " frequency varchar, sex varchar, age varchar, category_type varchar,"
        " category varchar, value double, lower_95 double, upper_95 double,"
        " event_count double, denominator double",
        [
            (91040, area, area_type, period, "quarterly", "Persons", "40-74 yrs", "", "",
             100 * count / denominator, None, None, count, denominator)
            for area, area_type, period, count, denominator in rows
        ],
    )
    table(con, "areas", "area_code varchar, geography varchar",
          [(a, "utla23") for a in ("A1", "A2", "A3", "A4", "A5")])
    materialise(con, "intermediate/int_fingertips_matched")
    materialise(con, "intermediate/int_fingertips_quarter_years")


def test_health_check_offers_are_summed_over_four_quarters_with_one_denominator(con):
    county, district = "Counties and Unitary Authorities", "Districts and Unitary Authorities"
    _quarterly(
        con,
        [(("A1", county, "2023/24", c, 1000.0)) for c in (10, 20, 30, 40)]
        # two records: a partial year
        + [("A1", county, "2024/25", c, 1000.0) for c in (25, 35)]
        # four quarters summing to more than the eligible population (Bolton 2023/24)
        + [("A2", county, "2023/24", c, 1000.0) for c in (300, 300, 300, 300)]
        # four quarters with two denominators
        + [("A3", county, "2023/24", 10, d) for d in (1000.0, 1000.0, 1000.0, 1100.0)]
        # four identical quarters (none offered): four records, not one
        + [("A4", county, "2020/21", 0, 500.0) for _ in range(4)]
        # a unitary authority listed under two area types: read once
        + [("A5", t, "2023/24", c, 200.0) for t in (county, district) for c in (5, 6, 7, 8)],
    )
    years = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select area_code, period, status, event_count, denominator"
            " from int_fingertips_quarter_years"
        ).fetchall()
    }
    assert years == {
        ("A1", "2023/24"): ("complete", 100.0, 1000.0),
        ("A1", "2024/25"): ("incomplete", 60.0, 1000.0),
        ("A2", "2023/24"): ("count exceeds denominator", 1200.0, 1000.0),
        ("A3", "2023/24"): ("denominators differ", 40.0, 1100.0),
        ("A4", "2020/21"): ("complete", 0.0, 500.0),
        ("A5", "2023/24"): ("complete", 26.0, 200.0),
    }
    rows = run(con, "intermediate/int_values_fingertips_quarters")
    assert [(r[0], r[1], r[2], r[10], r[11]) for r in rows] == [
        ("checks", "A1", "2023/24", 100.0, 1000.0),
        ("checks", "A4", "2020/21", 0.0, 500.0),
        ("checks", "A5", "2023/24", 26.0, 200.0),
    ]
    assert all(r[7] is None for r in rows)  # value and Wilson limits come from the counts
    # the quarterly records never reach the ordinary Fingertips path (and its collision report)
    materialise(con, "intermediate/int_fingertips_records")
    assert con.execute("select count(*) from int_fingertips_records").fetchone() == (0,)


def test_equally_near_units_are_broken_by_unit_code(con):
    table(
        con,
        "stg_lookup__lsoa11_lsoa21",
        "lsoa11_code varchar, lsoa11_name varchar, lsoa21_code varchar, change_code varchar",
        [("A", "Area A", "A", "U")],
    )
    table(
        con,
        "stg_ssnap__travel_minutes",
        "lsoa11_name varchar, source_lsoa11_name varchar, unit_code varchar, travel_minutes double",
        [("Area A", "Area A", u, 20.0) for u in ("ZZ1", "AA1", "MM1")],
    )
    table(
        con,
        "stg_ssnap__stroke_units",
        "unit_code varchar, is_ivt_unit boolean, is_mt_centre boolean",
        [("ZZ1", True, True), ("AA1", True, False), ("MM1", True, True)],
    )
    assert run(con, "intermediate/int_lsoa21_travel_minutes") == [
        ("A", 20.0, "AA1", 20.0, "MM1", 20.0, "AA1")
    ]


# --- ONS infant and neonatal mortality --------------------------------------------------------

INFANT_SOURCE = (
    "year integer, row_order integer, area_name varchar, area_code_matched_by_name varchar,"
    " infant_deaths_under1 double, neonatal_deaths_under28d double, live_births double"
)
INFANT_STAGED = (
    "year integer, row_order integer, area_name varchar, area_code varchar, row_role varchar,"
    " infant_deaths_count double, neonatal_deaths_count double, live_births_count double,"
    " issue varchar"
)


def test_infant_mortality_staging_keeps_england_and_marks_the_files_errors(con):
    table(
        con,
        "src_ons_infant_mortality",
        INFANT_SOURCE,
        [
            (2010, 13, "ENGLAND AND WALES", None, 12, 8, 2100),  # before ENGLAND: not England
            (2010, 15, "ENGLAND", "E92000001", 11, 7, 2000),
            (2010, 17, "WEST MIDLANDS", "E12000005", 11, 7, 2000),
            (2010, 19, "County Durham UA", "E06000047", 4, 2, 500),
            (2010, 20, "Chester-le-Street", None, 1, None, 90),  # pre-2009 district, no code
            (2010, 21, "Durham", "E06000047", 1, 1, 500),  # old district given the UA's code
            (2010, 30, "West Midlands (Met county)", "E12000005", 6, 4, 2000),
            (2010, 31, "Birmingham", "E08000025", None, None, 800),  # ONS '-': none
            (2010, 32, "Lancashire", "E10000017", 1, 1, 100),
            (2010, 40, "Hackney and City of London", None, 2, 1, None),
            (2010, 50, "WALES", "W92000004", 5, 3, 900),
            (2010, 51, "Cardiff", "W06000015", 1, 1, 100),
            (2010, 52, "Outside England and Wales", None, 0, 0, None),
        ],
    )
    rows = {r[2]: r for r in run(con, "staging/stg_ons__infant_mortality")}
    assert set(rows) == {
        "ENGLAND", "WEST MIDLANDS", "County Durham UA", "Chester-le-Street", "Durham",
        "West Midlands (Met county)", "Birmingham", "Lancashire", "Hackney and City of London",
    }
    role = {name: r[4] for name, r in rows.items()}
    issue = {name: r[8] for name, r in rows.items()}
    assert role["ENGLAND"] == "england" and role["WEST MIDLANDS"] == "region"
    assert role["County Durham UA"] == role["Birmingham"] == "district"
    assert role["Lancashire"] == "county"
    # the met county carries its region's code: told apart by its name, left out
    assert role["West Midlands (Met county)"] == "left out"
    assert "Met county row carries its region's code" in issue["West Midlands (Met county)"]
    # 2010's pre-2009 districts: uncoded, or a duplicate of the unitary authority's code
    assert role["Chester-le-Street"] == role["Durham"] == "left out"
    assert "Pre-2009 district" in issue["Chester-le-Street"]
    assert '"Durham" (2010) carries the code of "County Durham UA"' in issue["Durham"]
    # ONS's combined row is coded like the file's Cornwall and Isles of Scilly row
    assert rows["Hackney and City of London"][3:5] == ("E09000012, E09000001", "district")
    assert issue["County Durham UA"] is None and issue["Hackney and City of London"] is None
    # blank counts are ONS's '-' (none): zero, not missing
    assert rows["Birmingham"][5:8] == (0.0, 0.0, 800.0)
    assert rows["Chester-le-Street"][6] == 0.0


def _staged(year, role, code, name, deaths, births, row_order=0):
    return (year, row_order, name, code, role, deaths, deaths / 2, births, None)


def test_infant_mortality_units_combine_areas_and_derive_missing_births(con):
    # region R1: county C (districts D1, D2: D2 without births, as King's Lynn and West
    # Norfolk); region R2: borough B and the City/Hackney pair (combined in 2014, separate and
    # without births in 2013, as in the ONS table); 2015 has deaths only (as 2017)
    rows = []
    for year, births in ((2013, True), (2014, True), (2015, False)):
        rows += [
            _staged(year, "england", "E92000001", "ENGLAND", 20, 2000 if births else None),
            _staged(year, "region", "E12000001", "R1", 8, 1000 if births else None),
            _staged(year, "region", "E12000002", "R2", 12, 1000 if births else None),
            _staged(year, "county", "E10000001", "C", 8, 600 if births else None),
            _staged(year, "district", "E07000001", "D1", 5, 400 if births else None),
            _staged(year, "district", "E07000002", "D2", 3, None),
            _staged(year, "district", "E09000003", "B", 4, 700 if births else None),
        ]
        if year == 2014:
            rows.append(_staged(year, "district", "E09000012, E09000001", "H and C", 8, 300))
        else:
            rows.append(_staged(year, "district", "E09000001", "City", 1, None, 1))
            rows.append(_staged(year, "district", "E09000012", "Hackney", 7, None, 2))
    table(con, "stg_ons__infant_mortality", INFANT_STAGED, rows)
    table(
        con,
        "stg_lookup__lad16_lad24",
        "ltla16_code varchar, ltla16_name varchar, ltla21_code varchar, ltla24_code varchar",
        [
            ("E07000001", "D1", "E07000001", "E07000001"),
            ("E07000002", "D2", "E07000002", "E07000002"),
            ("E09000003", "B", "E09000003", "E09000003"),
            ("E09000001", "City", "E09000001", "E09000001"),
            ("E09000012", "Hackney", "E09000012", "E09000012"),
        ],
    )
    table(
        con,
        "stg_geography__lsoa21",
        "ltla24_code varchar, utla23_code varchar, region_code varchar",
        [
            ("E07000001", "E10000001", "E12000001"),
            ("E07000002", "E10000001", "E12000001"),
            ("E09000003", "E09000003", "E12000002"),
            ("E09000001", "E09000001", "E12000002"),
            ("E09000012", "E09000012", "E12000002"),
        ],
    )
    units = {
        (r[0], r[1]): r
        for r in con.execute(
            "select year, unit_code, unit_name, ltla24_code, covers_ltla24_codes,"
            " infant_deaths_count, live_births_count, live_births_derived_from_code,"
            " live_births_derived_from_geography from ("
            + (SQL_DIR / "intermediate/int_infant_mortality_units.sql").read_text()
            + ")"
        ).fetchall()
    }
    pair = "E09000012, E09000001"
    # D2's births: the county's published births minus D1's (the county, not the region)
    assert units[(2013, "E07000002")][6:] == (200.0, "E10000001", "utla23")
    assert units[(2014, "E07000002")][6:] == (200.0, "E10000001", "utla23")
    # 2013: City and Hackney, both without births, join their combined area; its births are
    # the region's published births minus B's; credited to Hackney, covering both
    assert units[(2013, pair)][2:] == (
        "Hackney and City", "E09000012", ["E09000001", "E09000012"], 8.0, 300.0,
        "E12000002", "region",
    )
    assert (2013, "E09000001") not in units
    # 2014: the combined row as published
    assert units[(2014, pair)][5:] == (8.0, 300.0, None, None)
    assert units[(2014, "E07000001")][6:] == (400.0, None, None)
    # a year without births anywhere: nothing derived, nothing combined
    assert units[(2015, "E07000002")][6] is None
    assert {(2015, "E09000001"), (2015, "E09000012")} <= set(units)
    # every year's units add up to the published England deaths
    for year in (2013, 2014, 2015):
        assert sum(r[5] for k, r in units.items() if k[0] == year) == 20.0


def test_infant_mortality_area_periods_cover_districts_and_keep_derived_births_inside(con):
    """Districts A (published with S, as Cornwall with the Isles of Scilly), S, K (births
    derived from county C, as King's Lynn and West Norfolk), N (in C with K), M (two 2016
    districts merged); region R holds them all; ICB I1 = A + S (whole), I2 and I3 share M."""
    table(
        con,
        "stg_ons__infant_mortality",
        INFANT_STAGED,
        [_staged(y, "england", "E92000001", "ENGLAND", 1, 1) for y in (2014, 2015, 2016)],
    )
    districts = {"A": 1000, "S": 10, "K": 300, "N": 400, "M": 500}
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [(d, f"{d} name", "ltla24", None, None, p) for d, p in districts.items()]
        + [("C", "C name", "utla23", "R", "region", 700), ("R", "R name", "region", "E", "england", 2210),
           ("E", "England", "england", None, None, 2210)]
        + [(i, i, "icb23", "E", "england", 1) for i in ("I1", "I2", "I3")],
    )
    lookup = [(d, "ltla24", "R", "region", 1.0) for d in districts]
    lookup += [(d, "ltla24", "E", "england", 1.0) for d in districts]
    lookup += [("K", "ltla24", "C", "utla23", 1.0), ("N", "ltla24", "C", "utla23", 1.0)]
    lookup += [("A", "ltla24", "I1", "icb23", 1.0), ("S", "ltla24", "I1", "icb23", 1.0)]
    lookup += [("K", "ltla24", "I2", "icb23", 1.0), ("N", "ltla24", "I2", "icb23", 1.0)]
    lookup += [("M", "ltla24", "I2", "icb23", 0.5), ("M", "ltla24", "I3", "icb23", 0.5)]
    lookup += [("C", "utla23", "R", "region", 1.0), ("C", "utla23", "E", "england", 1.0)]
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        lookup,
    )
    units = []
    for year in (2014, 2015, 2016):
        units += [
            (year, "A, S", "A and S", "A", "A", "A", ["A", "S"], 4, 2, 1000, None, None),
            (year, "K", "K name", "K", "K", "K", ["K"], 2, 1, 300, "C", "utla23"),
            (year, "N", "N name", "N", "N", "N", ["N"], 3, 2, 400, None, None),
            (year, "M1", "M one", "M1", "M", "M", ["M"], 1, 1, 200, None, None),
            (year, "M2", "M two", "M2", "M", "M", ["M"], 2, 1, 300, None, None),
        ]
    table(
        con,
        "int_infant_mortality_units",
        "year integer, unit_code varchar, unit_name varchar, ltla16_code varchar,"
        " ltla21_code varchar, ltla24_code varchar, covers_ltla24_codes varchar[],"
        " infant_deaths_count double, neonatal_deaths_count double, live_births_count double,"
        " live_births_derived_from_code varchar, live_births_derived_from_geography varchar",
        units,
    )
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select area_code, geography, period, infant_deaths_count, neonatal_deaths_count,"
            " live_births_count, left_out_reason, note from ("
            + (SQL_DIR / "intermediate/int_infant_mortality_area_periods.sql").read_text()
            + ")"
        ).fetchall()
    }
    assert {r[0] for r in rows.values()} == {"2014-2016"}
    published = {k: v[1:4] for k, v in rows.items() if v[4] is None}
    # counts summed over three years; the merged district from its two 2016 districts
    assert published == {
        ("A", "ltla24"): (12.0, 6.0, 3000.0),
        ("N", "ltla24"): (9.0, 6.0, 1200.0),
        ("M", "ltla24"): (9.0, 6.0, 1500.0),
        ("C", "utla23"): (15.0, 9.0, 2100.0),
        ("R", "region"): (36.0, 21.0, 6600.0),
        ("E", "england"): (36.0, 21.0, 6600.0),
        ("I1", "icb23"): (12.0, 6.0, 3000.0),
    }
    assert "includes S name, which ONS publishes together with it" in rows[("A", "ltla24")][5]
    assert "summed from the 2 districts (2016) merged into it" in rows[("M", "ltla24")][5]
    assert "live births include derived figures" in rows[("C", "utla23")][5]
    assert "K name in 2014, 2015, 2016 (C name's published births" in rows[("E", "england")][5]
    reasons = {k[0]: v[4] for k, v in rows.items() if v[4] is not None}
    assert set(reasons) == {"S", "K", "I2", "I3"}
    assert reasons["S"] == "No figures of its own for S name: ONS publishes them within A and S"
    assert reasons["K"].startswith("Live births missing from the ONS file for K name")
    assert reasons["I2"].startswith("Not a union of whole 2024 districts")


def test_health_index_infant_mortality_is_weighted_by_live_births(con):
    """Two districts in one county: 2016 weighted by ONS births 2014-2016 (the file has them),
    2021 by the mid-2020 population aged 0 (it does not); never by all residents."""
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [("D1", "", "ltla24", "C", "utla23", 1000), ("D2", "", "ltla24", "C", "utla23", 1000),
         ("C", "", "utla23", "E92000001", "region", 2000),
         ("E92000001", "England", "england", None, None, 2000)],
    )
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        [(d, "ltla24", p, g, 1.0) for d in ("D1", "D2")
         for p, g in (("C", "utla23"), ("E92000001", "england"))],
    )
    table(con, "int_lsoa_measures", "lsoa21_code varchar, ltla24_code varchar, population_count bigint",
          [])
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar,"
        " weight varchar",
        [("imr", "health_index", "Infant mortality", "", "live_births")],
    )
    table(
        con,
        "stg_ons__health_index_lad21",
        "ltla21_code varchar, period varchar, health_index_name varchar, value double",
        [(d, p, "Infant mortality", v) for p in ("2016", "2021")
         for d, v in (("D1", 2.0), ("D2", 6.0))],
    )
    table(con, "stg_lookup__lad21_lad24", "ltla21_code varchar, ltla24_code varchar",
          [("D1", "D1"), ("D2", "D2")])
    table(
        con,
        "stg_ons__mye2020_lad21",
        "ltla21_code varchar, population_mid2020_count bigint,"
        " population_aged_0_mid2020_count bigint",
        [("D1", 1000, 30), ("D2", 1000, 10)],
    )
    table(
        con,
        "int_infant_mortality_units",
        "year integer, ltla21_code varchar, live_births_count double,"
        " live_births_derived_from_code varchar",
        [(y, "D1", 100, None) for y in (2014, 2015, 2016)]
        + [(y, "D2", 300, None) for y in (2014, 2015, 2016)],
    )
    rows = run(con, "intermediate/int_values_health_index")
    values = {(r[1], r[2]): (r[7], r[12]) for r in rows}
    # births 300 and 900: (2 x 300 + 6 x 900) / 1200 = 5 (all residents would give 4)
    assert values[("C", "2016")][0] == pytest.approx(5.0)
    assert values[("E92000001", "2016")][0] == pytest.approx(5.0)
    assert "weighted by ONS live births 2014-2016" in values[("C", "2016")][1]
    # aged 0: (2 x 30 + 6 x 10) / 40 = 3
    assert values[("C", "2021")][0] == pytest.approx(3.0)
    assert "population aged 0, a proxy for live births" in values[("C", "2021")][1]
    assert values[("D1", "2021")] == (2.0, "")


def test_health_index_flagged_district_keeps_its_row_and_is_left_out_of_parents():
    """A district value flagged by the quality gates keeps its value, flag and reason; the
    county and England means leave it out and name it."""
    con = duckdb.connect()
    table(
        con,
        "areas",
        "area_code varchar, area_name varchar, geography varchar,"
        " parent_code varchar, parent_geography varchar, population bigint",
        [("D1", "Dee One", "ltla24", "C", "utla23", 1000),
         ("D2", "Dee Two", "ltla24", "C", "utla23", 1000),
         ("C", "County", "utla23", "E92000001", "region", 2000),
         ("E92000001", "England", "england", None, None, 2000)],
    )
    lsoas = [("L1", "D1"), ("L2", "D2")]
    table(
        con,
        "area_lookup",
        "child_code varchar, child_geography varchar, parent_code varchar,"
        " parent_geography varchar, weight double",
        [(d, "ltla24", p, g, 1.0) for d in ("D1", "D2")
         for p, g in (("C", "utla23"), ("E92000001", "england"))]
        + [(lsoa, "lsoa21", p, g, 1.0) for lsoa, d in lsoas
           for p, g in ((d, "ltla24"), ("C", "utla23"), ("E92000001", "england"))],
    )
    table(con, "int_lsoa_measures", "lsoa21_code varchar, ltla24_code varchar, population_count bigint",
          [(lsoa, d, 1000) for lsoa, d in lsoas])
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar,"
        " weight varchar",
        [("hbp", "health_index", "High blood pressure", "", "population")],
    )
    table(
        con,
        "stg_ons__health_index_lad21",
        "ltla21_code varchar, period varchar, health_index_name varchar, value double",
        [("D1", "2021", "High blood pressure", 18.0), ("D2", "2021", "High blood pressure", 96.0)],
    )
    table(con, "stg_lookup__lad21_lad24", "ltla21_code varchar, ltla24_code varchar",
          [("D1", "D1"), ("D2", "D2")])
    table(
        con,
        "stg_ons__mye2020_lad21",
        "ltla21_code varchar, population_mid2020_count bigint,"
        " population_aged_0_mid2020_count bigint",
        [("D1", 1000, 30), ("D2", 1000, 10)],
    )
    table(
        con,
        "int_infant_mortality_units",
        "year integer, ltla21_code varchar, live_births_count double,"
        " live_births_derived_from_code varchar",
        [],
    )
    table(con, "int_quality_flags_lad21", QUALITY_FLAG_COLUMNS,
          [("hbp", "D2", "2021", 96.0, "outside_plausible_range", "value 96 is outside 0 to 60")])
    rows = run(con, "intermediate/int_values_health_index")
    by_area = {r[1]: r for r in rows}
    # the flagged district: value kept, with its flag and reason
    assert by_area["D2"][7] == 96.0
    assert by_area["D2"][13:] == ("outside_plausible_range", "value 96 is outside 0 to 60")
    assert by_area["D1"][13:] == (None, None)
    # parents: D1 only, and the note names the district left out
    for parent in ("C", "E92000001"):
        assert by_area[parent][7] == pytest.approx(18.0)
        assert "left out as implausible" in by_area[parent][12]
        assert "Dee Two" in by_area[parent][12]
        assert by_area[parent][13] is None


def test_stroke_units_blank_counts_below_five_with_notes_and_wilson_limits(con):
    """The pages' rule, applied once in the mart: a count below 5 (zero too) is NULL with the
    rates built on it, each blanked group named once in suppression_note; Wilson 95% limits
    where a rate and both its counts are shown (moved from the app's suppress_units)."""
    from core import methods

    table(
        con,
        "stg_ssnap__stroke_units",
        "unit_code varchar, ssnap_name varchar, admissions_2021_22_count double,"
        " thrombolysis_2021_22_count double, thrombolysis_rate_pct double",
        [("A", "A", 400, 40, 10.0), ("B", "B", 0, 0, 0.0), ("C", "C", 300, 4, 1.3),
         ("D", "D", 100, 0, 0.0)],
    )
    table(con, "int_lsoa_measures", "nearest_unit_code varchar, nearest_ivt_unit_code varchar,"
          " population_count double", [("A", "A", 1500.0)])
    table(con, "stg_ssnap__travel_minutes", "unit_code varchar", [("A",)])
    table(
        con,
        "int_stroke_unit_activity",
        "unit_code varchar, ssnap_admissions_2023_24_count double,"
        " thrombectomy_2023_24_count double, thrombectomy_rate_2023_24_pct double,"
        " mean_length_of_stay_2023_days double, is_thrombolysis_2021_22_disclosive boolean,"
        " is_thrombectomy_2023_24_disclosive boolean",
        [("A", 500, 2, 0.4, 12.0, False, True), ("C", 350, 30, 8.6, 9.5, True, False),
         ("D", None, None, None, None, False, False)],
    )
    sql = (SQL_DIR / "marts/stroke_units.sql").read_text()
    out = con.execute(f"select * from ({sql}) order by unit_code").df().set_index("unit_code")
    a, b, c, d = (out.loc[u] for u in "ABCD")
    assert a["thrombolysis_rate_pct"] == 10.0
    expected = methods.proportion([40], [400]).iloc[0]
    assert a["thrombolysis_rate_lower_95"] == pytest.approx(expected["lower"], rel=1e-12)
    assert a["thrombolysis_rate_upper_95"] == pytest.approx(expected["upper"], rel=1e-12)
    assert a[["thrombectomy_2023_24_count", "thrombectomy_rate_2023_24_pct",
              "thrombectomy_rate_2023_24_lower_95"]].isna().all()
    assert a["mean_length_of_stay_2023_days"] == 12.0
    assert a["suppression_note"] == "Suppressed: transferred for thrombectomy 2023/24 below 5"
    # zero admissions: blanked with what is built on them, one reason for the group
    assert b[["admissions_2021_22_count", "thrombolysis_2021_22_count",
              "thrombolysis_rate_pct", "thrombolysis_rate_lower_95"]].isna().all()
    assert b["suppression_note"] == "Suppressed: admissions 2021/22 below 5"
    assert c["admissions_2021_22_count"] == 300.0
    assert c[["thrombolysis_rate_pct", "thrombolysis_rate_lower_95"]].isna().all()
    assert c["thrombectomy_rate_2023_24_pct"] == 8.6
    expected = methods.proportion([30], [350]).iloc[0]
    assert c["thrombectomy_rate_2023_24_upper_95"] == pytest.approx(expected["upper"])
    assert c["suppression_note"] == "Suppressed: thrombolysed 2021/22 below 5"
    assert d["admissions_2021_22_count"] == 100.0 and pd.isna(d["thrombolysis_rate_pct"])
    assert d["suppression_note"] == "Suppressed: thrombolysed 2021/22 below 5"
    assert out.loc[["A", "C"], "suppression_note"].str.len().gt(0).all()
