"""SQL models on tiny in-memory tables: given these rows, expect these rows."""

from __future__ import annotations

import duckdb
import pytest

from etl.build import SQL_DIR


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


@pytest.fixture
def con():
    return duckdb.connect()


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
    rows = run(con, "marts/int_lsoa21_stroke_admissions")
    # three-year totals: A 3, B 12 split 3/9, C+D 7.5
    assert rows == [("A", 3.0), ("B1", 3.0), ("B2", 9.0), ("CD", 7.5)]


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
    rows = run(con, "marts/int_lsoa21_travel_minutes")
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
        "lsoa_measures",
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
        " event_count double, denominator double, value double, weight double",
        [
            ("L1", "events", "2021", 10, 1000, None, None),
            ("L2", "events", "2021", 90, 3000, None, None),
            ("L1", "mins", "2022", None, None, 10, 1000),
            ("L2", "mins", "2022", None, None, 30, 3000),
        ],
    )
    rows = run(con, "marts/int_values_lsoa")
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


def test_health_index_merged_districts_are_population_weighted(con):
    _geography(con)
    table(
        con,
        "indicator_sources",
        "indicator_id varchar, loader varchar, source_key varchar, source_filter varchar",
        [("imr", "health_index", "Infant mortality", "")],
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
        "ltla21_code varchar, population_mid2020_count bigint",
        [("OLD1", 300), ("OLD2", 100)],
    )
    rows = run(con, "marts/int_values_health_index")
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
    materialise(con, "marts/int_fingertips_matched")
    materialise(con, "marts/int_fingertips_records")
    rows = run(con, "marts/int_values_fingertips")
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
        ],
    )
    table(
        con,
        "stg_census21__lsoa_population",
        "lsoa21_code varchar, population_count bigint, population_65_plus_count bigint",
        [("L1", 100, 0), ("L2", 300, 0)],
    )
    rows = run(con, "marts/area_lookup")
    weights = {(r[0], r[2]): r[4] for r in rows}
    assert weights[("D", "I1")] == pytest.approx(0.25)
    assert weights[("D", "I2")] == pytest.approx(0.75)
    assert weights[("D", "C")] == 1.0
    assert weights[("L1", "E92000001")] == 1.0
    assert sum(1 for r in rows if r[0] == "L1") == 6
