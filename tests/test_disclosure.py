"""Secondary (complementary) suppression: no suppressed count is a total minus the others."""

from __future__ import annotations

import io

import duckdb
import numpy as np
import pandas as pd
import pytest

from core import methods
from etl import checks, statistics


def test_one_hidden_cell_takes_the_smallest_other_with_it():
    counts = [12.0, 3.0, 40.0, 7.0, np.nan]
    hidden = methods.complementary_suppression(counts, [False, True, False, False, False])
    assert list(hidden) == [False, True, False, True, False]  # 7 is the smallest shown


def test_no_cell_is_added_without_a_total_or_with_two_hidden():
    counts = [12.0, 3.0, 2.0, 7.0]
    one = [False, True, False, False]
    assert list(methods.complementary_suppression(counts, one, total_published=False)) == one
    two = [False, True, True, False]
    assert list(methods.complementary_suppression(counts, two)) == two
    assert list(methods.complementary_suppression([3.0], [True])) == [True]
    with pytest.raises(ValueError, match="same length"):
        methods.complementary_suppression([1.0], [True, False])


def _frame(rng: np.random.Generator, n_groups: int) -> pd.DataFrame:
    rows = []
    for g in range(n_groups):
        cells = int(rng.integers(2, 11))
        counts = rng.integers(0, 30, size=cells).astype(float)
        counts[rng.random(cells) < 0.1] = np.nan  # a cell without a count
        total_hidden = rng.random() < 0.2
        rows.append({"indicator_id": "x", "area_code": f"A{g}", "period": "2020", "sex": "Persons",
                     "age": "All ages", "category_type": "", "category": "",
                     "count": np.nansum(counts), "is_suppressed": total_hidden})
        for i, c in enumerate(counts):
            rows.append({"indicator_id": "x", "area_code": f"A{g}", "period": "2020",
                         "sex": "Persons", "age": "All ages", "category_type": "decile",
                         "category": str(i + 1), "count": c,
                         "is_suppressed": bool(np.isfinite(c) and c < 5)})
    frame = pd.DataFrame(rows)
    frame["value"] = frame["count"]
    for column in statistics.LIMITS:
        frame[column] = np.nan
    frame["note"] = ""
    frame.loc[frame["is_suppressed"], ["value", "count"]] = np.nan
    return frame


def test_the_warehouse_rule_is_the_method_applied_to_every_breakdown():
    """Vectorised over the frame = the pure iterative rule over each area's relation (its
    total and its cells; a hidden total with every cell shown is a leak too: their sum)."""
    rng = np.random.default_rng(20261203)
    frame = _frame(rng, 400)
    original_counts = frame["count"].copy()
    out = statistics.complementary_suppression(frame)
    counts = np.where(frame["is_suppressed"], 0.0, original_counts)
    groups = []
    for code, group in frame[frame["category_type"] != ""].groupby("area_code"):
        total = frame.index[(frame["area_code"] == code) & (frame["category_type"] == "")][0]
        groups.append((int(total), [int(i) for i in group.index]))
    expected, _ = methods.iterative_complementary_suppression(
        counts, frame["is_suppressed"].to_numpy(), groups)
    np.testing.assert_array_equal(out["is_suppressed"].to_numpy(), expected)
    added = out["is_suppressed"] & ~frame["is_suppressed"]
    assert added.sum() > 0
    assert out.loc[added, "count"].isna().all() and out.loc[added, "value"].isna().all()
    assert out.loc[added, "note"].str.contains("secondary suppression").all()


def test_differencing_attack_recovers_nothing():
    """The attack: where a published total and all cells but one are shown, subtract."""
    rng = np.random.default_rng(7)
    out = statistics.complementary_suppression(_frame(rng, 400))
    recovered = 0
    for _, group in out[out["category_type"] != ""].groupby("area_code"):
        total = out[(out["area_code"] == group["area_code"].iloc[0])
                    & (out["category_type"] == "")].iloc[0]
        if total["is_suppressed"]:
            continue
        hidden = group["is_suppressed"]
        if hidden.sum() == 1 and group.loc[~hidden, "count"].notna().all():
            recovered += 1
    assert recovered == 0


# ---------------------------------------------------------------------------------------------
# nested relations: the iterative rule
# ---------------------------------------------------------------------------------------------


def _leaks(hidden, counts, groups) -> list[int]:
    """The attack: relations with exactly one hidden cell and every other count shown."""
    out = []
    for i, (total, parts) in enumerate(groups):
        cells = [total, *parts]
        if not parts:
            continue
        unknown = [c for c in cells if not hidden[c] and not np.isfinite(counts[c])]
        if sum(bool(hidden[c]) for c in cells) == 1 and not unknown:
            out.append(i)
    return out


def test_a_second_cell_in_one_parent_is_protected_in_the_other():
    # LSOAs (cells 3-6) sit in districts (1: 3+4, 2: 5+6) and ICBs (0: 3+5, 7: 4+6); LSOA 3
    # is small. Pass 1: district 1 hides 4 and ICB 0 hides 5 with it; that leaves ICB 7 with
    # 4 alone and district 2 with 5 alone hidden, so pass 2 hides 6: two passes
    counts = [20.0, 15.0, 25.0, 3.0, 12.0, 17.0, 8.0, 20.0]
    groups = [(1, [3, 4]), (2, [5, 6]), (0, [3, 5]), (7, [4, 6])]
    hidden, passes = methods.iterative_complementary_suppression(
        counts, [False, False, False, True, False, False, False, False], groups)
    assert hidden.nonzero()[0].tolist() == [3, 4, 5, 6]
    assert passes == 2
    assert _leaks(hidden, np.array(counts), groups) == []


def test_a_hidden_total_with_its_parts_shown_hides_a_part():
    hidden, passes = methods.iterative_complementary_suppression(
        [30.0, 10.0, 20.0], [True, False, False], [(0, [1, 2])])
    assert hidden.tolist() == [True, True, False] and passes == 1
    # a single part: the total goes with it
    hidden, _ = methods.iterative_complementary_suppression([3.0, 3.0], [False, True], [(0, [1])])
    assert hidden.tolist() == [True, True]


def test_an_unknown_cell_blocks_the_relation_and_empty_relations_are_ignored():
    hidden, passes = methods.iterative_complementary_suppression(
        [30.0, 3.0, np.nan, 20.0], [False, True, False, False], [(0, [1, 2, 3]), (3, [])])
    assert hidden.tolist() == [False, True, False, False] and passes == 0


def test_iterative_rule_errors():
    with pytest.raises(ValueError, match="counts and suppressed must have the same length"):
        methods.iterative_complementary_suppression([1.0], [True, False], [])
    with pytest.raises(ValueError, match="group cell index out of range"):
        methods.iterative_complementary_suppression([1.0, 2.0], [True, False], [(0, [5])])
    # a chain of single-part relations needs one pass per link
    n = 6
    with pytest.raises(ValueError, match="no fixed point within max_iterations passes"):
        methods.iterative_complementary_suppression(
            [9.0] * n, [True] + [False] * (n - 1), [(i + 1, [i]) for i in range(n - 1)],
            max_iterations=2)


def _random_nesting(rng: np.random.Generator):
    """LSOAs in districts and, crosswise, in ICBs; districts in a region: counts and groups."""
    n_lsoa = int(rng.integers(4, 40))
    lsoa = rng.integers(0, 12, size=n_lsoa).astype(float)
    district = rng.integers(0, max(1, n_lsoa // 4), size=n_lsoa)
    icb = rng.integers(0, 3, size=n_lsoa)
    counts = list(lsoa)
    groups = []
    district_rows = []
    for kind in (district, icb):
        for k in np.unique(kind):
            members = [int(i) for i in np.flatnonzero(kind == k)]
            counts.append(float(lsoa[members].sum()))
            groups.append((len(counts) - 1, members))
            if kind is district:
                district_rows.append(len(counts) - 1)
    counts.append(float(lsoa.sum()))
    groups.append((len(counts) - 1, district_rows))
    values = np.array(counts)
    return values, values < 5, groups


def test_property_no_relation_gives_a_hidden_count_away():
    rng = np.random.default_rng(12)
    for _ in range(300):
        values, primary, groups = _random_nesting(rng)
        primary &= values > 0
        hidden, passes = methods.iterative_complementary_suppression(values, primary, groups)
        assert _leaks(hidden, values, groups) == []
        assert (hidden >= primary).all()  # primary cells stay hidden
        assert passes <= len(values)


def test_property_vectorised_rule_is_the_pure_rule():
    rng = np.random.default_rng(99)
    for _ in range(200):
        values, primary, groups = _random_nesting(rng)
        values[rng.random(values.size) < 0.05] = np.nan
        primary &= np.isfinite(values)
        edges = pd.DataFrame(
            [(g, total, True) for g, (total, _) in enumerate(groups)]
            + [(g, p, False) for g, (_, parts) in enumerate(groups) for p in parts],
            columns=["group", "row", "is_total"])
        pure = methods.iterative_complementary_suppression(values, primary, groups)
        fast = statistics.suppress_complementary(values, primary, edges)
        np.testing.assert_array_equal(pure[0], fast[0])
        assert pure[1] == fast[1]


def test_disclosure_groups_finds_breakdowns_nestings_and_lsoas_in_decile_cells():
    decile = "IMD 2025 national decile of LSOA (1 = most deprived)"
    rows = [("R", "", ""), ("D1", "", ""), ("D2", "", ""), ("L1", "", ""), ("L2", "", ""),
            ("L3", "", ""), ("D1", decile, "1"), ("D1", decile, "2")]
    frame = pd.DataFrame(rows, columns=["area_code", "category_type", "category"]).assign(
        indicator_id="x", period="2020", sex="Persons", age="All ages")
    nesting = pd.DataFrame(
        [("R", "ltla24", "D1"), ("R", "ltla24", "D2"), ("D1", "lsoa21", "L1"),
         ("D1", "lsoa21", "L2"), ("D2", "lsoa21", "L3"), ("R", "lsoa21", "L1"),
         ("R", "lsoa21", "L2"), ("R", "lsoa21", "L3")],
        columns=["parent_code", "child_geography", "child_code"])
    lsoa_categories = pd.DataFrame([("L1", decile, "1"), ("L2", decile, "2"),
                                    ("L3", decile, "1")],
                                   columns=["area_code", "category_type", "category"])
    groups = statistics.disclosure_groups(frame, nesting, lsoa_categories)
    found = {
        (kind, frame.loc[g.loc[g["is_total"], "row"].iloc[0], "area_code"]
         + frame.loc[g.loc[g["is_total"], "row"].iloc[0], "category"],
         tuple(sorted(frame.loc[g.loc[~g["is_total"], "row"], "area_code"]
                      + frame.loc[g.loc[~g["is_total"], "row"], "category"])))
        for (_, kind), g in groups.groupby(["group", "kind"])
    }
    assert found == {
        ("breakdown", "D1", ("D11", "D12")),  # D1 = its decile cells
        ("nesting", "R", ("D1", "D2")),  # R = its districts
        ("nesting", "R", ("L1", "L2", "L3")),  # R = its LSOAs
        ("nesting", "D1", ("L1", "L2")),
        ("nesting", "D2", ("L3",)),
        ("lsoa_category", "D11", ("L1",)),  # D1's decile 1 cell = its decile-1 LSOAs
        ("lsoa_category", "D12", ("L2",)),
    }


# ---------------------------------------------------------------------------------------------
# the warehouse: every breakdown and nesting, and what the app hands out
# ---------------------------------------------------------------------------------------------


def _attack_warehouse(path) -> pd.DataFrame:
    """Relations of the warehouse that give a suppressed count away: the two data checks
    (category breakdowns; nested geographies and LSOAs in decile cells), run read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = [
            con.execute(check.sql).df().assign(check=check.name)
            for check in checks.CHECKS
            if check.name in (BREAKDOWN_CHECK, NESTING_CHECK)
        ]
        assert len(found) == 2
        return pd.concat(found)
    finally:
        con.close()


BREAKDOWN_CHECK = "no suppressed breakdown cell is its total minus the other cells"
NESTING_CHECK = "no suppressed count is an area's count minus those of the areas nesting in it"


def _small_published_counts(path) -> pd.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        check = next(c for c in checks.CHECKS if c.name.startswith("no published table holds"))
        return con.execute(check.sql).df()
    finally:
        con.close()


def test_differencing_attack_on_the_mini_warehouse_recovers_nothing(mini_warehouse):
    con = duckdb.connect(str(mini_warehouse), read_only=True)
    n_hidden = con.execute("select count(*) from indicator_values where is_suppressed").fetchone()
    con.close()
    assert n_hidden[0] > 0  # something to attack
    assert _attack_warehouse(mini_warehouse).empty
    assert _small_published_counts(mini_warehouse).empty


@pytest.mark.national
def test_differencing_attack_on_the_national_warehouse_recovers_nothing(warehouse_path):
    assert _attack_warehouse(warehouse_path).empty
    assert _small_published_counts(warehouse_path).empty
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        # the two districts of issue #12: each had one suppressed LSOA equal to the district
        # count minus its other LSOAs
        rows = con.execute(
            "select l.parent_code, count(*) filter (where v.is_suppressed) from indicator_values v"
            " join area_lookup l on l.child_code = v.area_code and l.child_geography = 'lsoa21'"
            " and l.parent_geography = 'ltla24' where v.indicator_id = 'stroke_admissions_rate'"
            " and l.parent_code in ('E07000043', 'E07000147') group by 1").fetchall()
        assert all(n >= 2 for _, n in rows) and len(rows) == 2
        published = con.execute(
            "select count(*) from lsoa_measures where stroke_admissions_2017_2019_count > 0"
            " and stroke_admissions_2017_2019_count < 5").fetchone()[0]
        assert published == 0
    finally:
        con.close()


def _csv(indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    from dashboard.pages.atlas import callbacks as atlas

    out = atlas.csv_download(indicator_id, geography, period)
    return pd.read_csv(io.StringIO(out["content"]), dtype={"area_code": str}, low_memory=False)


@pytest.mark.national
@pytest.mark.usefixtures("use_national_warehouse")
def test_csv_downloads_do_not_give_an_lsoa_away_by_subtraction(warehouse_path):
    """Issue #12: download the district CSV and the LSOA CSV, subtract."""
    districts = _csv("stroke_admissions_rate", "ltla24", "2017-2019").set_index("area_code")
    lsoas = _csv("stroke_admissions_rate", "lsoa21", "2017-2019")
    con = duckdb.connect(str(warehouse_path), read_only=True)
    lookup = con.execute("select child_code as lsoa21_code, parent_code from area_lookup"
                         " where child_geography = 'lsoa21' and parent_geography = 'ltla24'"
                         ).df()
    con.close()
    lsoas = lsoas.merge(lookup, left_on="area_code", right_on="lsoa21_code")
    recovered = []
    for code, group in lsoas.groupby("parent_code"):
        hidden = group["count"].isna()
        if hidden.sum() == 1 and code in districts.index and pd.notna(districts.loc[code, "count"]):
            recovered.append((code, districts.loc[code, "count"] - group["count"].sum()))
    assert recovered == []
    assert {"E07000043", "E07000147"} <= set(lsoas["parent_code"])
