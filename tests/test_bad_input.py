"""Bad input never makes a silently wrong warehouse.

Each case copies the mini fixture (``tests/fixtures/mini``), breaks one file in one way, and
builds into a directory that already holds a copy of the good mini warehouse. Either the build
stops with a clean error (`InputError` naming the file, the data row or feature and the column;
`BuildError` naming the indicator, area and period for the statistics), the previous warehouse
is byte-identical and no ``.build-*`` file is left; or the fault is a documented, harmless
acceptance (a UTF-8 byte-order mark, CRLF line endings, Fingertips' repeated rows, a repairable
invalid boundary) and the build equals the baseline where it should.

Most cases stop at the load stage (a fraction of a second); boundary faults at the geometry
stage; acceptances and statistics faults run a whole mini build (about 2 s).
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from etl import build as etl_build
from etl import checks, geo, statistics
from etl.load import InputError
from etl.sources import SOURCES, SOURCES_BY_NAME

MINI = Path(__file__).parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parents[1]
BOUNDARIES = "sources/boundaries/"
LAYERS = {layer.geography: layer for layer in geo.BOUNDARY_LAYERS}


def src(name: str) -> str:
    return SOURCES_BY_NAME[name].path


def boundary(geography: str) -> str:
    return BOUNDARIES + LAYERS[geography].filename


def quiet(_: str) -> None:
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- file editing


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)


def read_table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(read_bytes(path).decode("utf-8"), newline="")))


def write_table(path: Path, table: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(table)
    write_bytes(path, buffer.getvalue().encode("utf-8"))


Mutation = Callable[[Path], "int | None"]  # breaks the file; returns the row/feature broken


def set_cell(column: str, value: str, row: int = 3) -> Mutation:
    """Data row ``row`` (1 = first after the header) gets ``value`` in ``column``."""

    def mutate(path: Path) -> int:
        table = read_table(path)
        table[row][table[0].index(column)] = value
        write_table(path, table)
        return row

    return mutate


def set_where(
    match: Callable[[dict[str, str]], bool], **values: str | Callable[[dict[str, str]], str]
) -> Mutation:
    """The first data row for which ``match(row as dict)`` holds gets ``values``: text that may
    refer to the row's own values as ``{column}`` (e.g. ``Count="9{Denominator}"``), or a
    function of the row."""

    def mutate(path: Path) -> int:
        table = read_table(path)
        header = table[0]
        for number, cells in enumerate(table[1:], start=1):
            record = dict(zip(header, cells, strict=True))
            if match(record):
                for column, value in values.items():
                    text = value(record) if callable(value) else value.format(**record)
                    cells[header.index(column)] = text
                write_table(path, table)
                return number
        raise AssertionError(f"no row of {path.name} matches")

    return mutate


def rename_column(old: str, new: str) -> Mutation:
    def mutate(path: Path) -> None:
        table = read_table(path)
        table[0][table[0].index(old)] = new
        write_table(path, table)

    return mutate


def drop_column(column: str) -> Mutation:
    def mutate(path: Path) -> None:
        table = read_table(path)
        index = table[0].index(column)
        write_table(path, [cells[:index] + cells[index + 1 :] for cells in table])

    return mutate


def repeat_row(row: int = 2) -> Mutation:
    """Data row ``row`` appended again at the end; returns the new row's number."""

    def mutate(path: Path) -> int:
        table = read_table(path)
        table.append(list(table[row]))
        write_table(path, table)
        return len(table) - 1

    return mutate


def header_only(path: Path) -> None:
    write_table(path, read_table(path)[:1])


def delete(path: Path) -> None:
    path.unlink()


def empty_bytes(path: Path) -> None:
    path.write_bytes(b"")


def empty_gzip_stream(path: Path) -> None:
    path.write_bytes(gzip.compress(b""))


def truncate_gzip(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncate_text(path: Path) -> None:
    data = read_bytes(path)
    write_bytes(path, data[: len(data) // 2])


def garbage(path: Path) -> None:
    write_bytes(path, b"this is not the file you are looking for\n\x00\x01\x02")


def delimiter(new: str) -> Mutation:
    def mutate(path: Path) -> None:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=new, lineterminator="\n").writerows(read_table(path))
        write_bytes(path, buffer.getvalue().encode("utf-8"))

    return mutate


def add_bom(path: Path) -> None:
    write_bytes(path, b"\xef\xbb\xbf" + read_bytes(path))


def crlf(path: Path) -> None:
    write_bytes(path, read_bytes(path).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def latin1(column: str, row: int = 3) -> Mutation:
    """The text of ``column`` in data row ``row`` gains 'é' written in Latin-1."""

    def mutate(path: Path) -> int:
        table = read_table(path)
        table[row][table[0].index(column)] += "\x00"  # placeholder, replaced in bytes below
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(table)
        write_bytes(path, buffer.getvalue().encode("utf-8").replace(b"\x00", "é".encode("latin-1")))
        return row

    return mutate


def long_line(row: int = 3, size: int = 2 * 1024 * 1024 + 10) -> Mutation:
    """Data row ``row`` ends with ``size`` more characters (a 2 MB line)."""

    def mutate(path: Path) -> int:
        lines = read_bytes(path).split(b"\n")
        lines[row] += b"x" * size
        write_bytes(path, b"\n".join(lines))
        return row

    return mutate


def ragged(row: int = 2) -> Mutation:
    def mutate(path: Path) -> int:
        lines = read_bytes(path).split(b"\n")
        lines[row] += b",extra"
        write_bytes(path, b"\n".join(lines))
        return row

    return mutate


# boundary files (GeoJSON FeatureCollections)


def edit_geojson(change: Callable[[dict], int | None]) -> Mutation:
    def mutate(path: Path) -> int | None:
        collection = json.loads(read_bytes(path))
        feature = change(collection)
        write_bytes(path, json.dumps(collection).encode("utf-8"))
        return feature

    return mutate


def feature_geometry(geometry: dict | None, feature: int = 2) -> Mutation:
    def change(collection: dict) -> int:
        collection["features"][feature - 1]["geometry"] = geometry
        return feature

    return edit_geojson(change)


def feature_property(column: str, value: object, feature: int = 2) -> Mutation:
    def change(collection: dict) -> int:
        collection["features"][feature - 1]["properties"][column] = value
        return feature

    return edit_geojson(change)


def repeat_feature(collection: dict) -> int:
    collection["features"].append(collection["features"][0])
    return len(collection["features"])


def rename_property(old: str, new: str) -> Mutation:
    def change(collection: dict) -> None:
        for feature in collection["features"]:
            feature["properties"][new] = feature["properties"].pop(old)

    return edit_geojson(change)


def declare_crs(name: str) -> Mutation:
    def change(collection: dict) -> None:
        collection["crs"] = {"type": "name", "properties": {"name": name}}

    return edit_geojson(change)


def coordinates_in_metres(collection: dict) -> int:
    """Feature 1 in British National Grid metres (the CRS still says WGS84)."""
    geometry = shapely.from_geojson(json.dumps(collection["features"][0]["geometry"]))
    metres = gpd.GeoSeries([geometry], crs=geo.WGS84).to_crs(geo.BNG).iloc[0]
    collection["features"][0]["geometry"] = json.loads(shapely.to_geojson(metres))
    return 1


def no_features(collection: dict) -> None:
    collection["features"] = []


# a Lancashire point, a bow tie (self-intersecting: repairable) and a ring of no area
LON, LAT = -2.3, 53.8
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[LON, LAT], [LON + 0.01, LAT + 0.01], [LON + 0.01, LAT], [LON, LAT + 0.01],
                     [LON, LAT]]],
}
COLLAPSED = {
    "type": "Polygon",
    "coordinates": [[[LON, LAT], [LON + 0.01, LAT], [LON + 0.02, LAT], [LON, LAT]]],
}
POINT = {"type": "Point", "coordinates": [LON, LAT]}
EMPTY_POLYGON = {"type": "Polygon", "coordinates": []}


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One broken file.

    ``column`` and ``text`` are expected in the error message (``column`` also as the error's
    column); the row is the one the mutation returns. ``accept`` cases must build: ``same`` says
    the warehouse must equal the baseline (``"all"`` tables but build_info, or the ``"contract"``
    tables the app reads), ``check`` runs on the new warehouse.
    """

    id: str
    file: str
    mutate: Mutation
    column: str | None = None
    text: str = ""
    accept: bool = False
    same: str = ""
    check: Callable[[duckdb.DuckDBPyConnection], None] | None = None


def accept(id: str, file: str, mutate: Mutation, *, same: str = "all", check=None) -> Case:
    return Case(id, file, mutate, accept=True, same=same, check=check)


def first_unit_column(name: str = "stroke_travel_minutes") -> str:
    return read_table(MINI / src(name))[0][1]


UNIT = first_unit_column()


def proportion_with_counts(record: dict[str, str]) -> bool:
    return record["ValueType"] == "Proportion" and record["Count"] != "" and (
        record["Denominator"] != ""
    )


def has_limits(record: dict[str, str]) -> bool:
    return record["LowerCI"] != "" and record["UpperCI"] != ""


def health_check_row(record: dict[str, str]) -> bool:
    """A quarter of Blackburn with Darwen's NHS Health Checks in 2023/24 (a complete year)."""
    return (record["IndicatorId"], record["AreaCode"], record["Year"]) == (
        "91040",
        "E06000008",
        "2023",
    )


def diabetes_row(record: dict[str, str]) -> bool:
    return (record["IndicatorId"], record["AreaCode"]) == ("241", "E06000008")


def repeat_where(match: Callable[[dict[str, str]], bool]) -> Mutation:
    def mutate(path: Path) -> int:
        table = read_table(path)
        header = table[0]
        row = next(r for r in table[1:] if match(dict(zip(header, r, strict=True))))
        table.append(list(row))
        write_table(path, table)
        return len(table) - 1

    return mutate


def health_check_year_left_out(con: duckdb.DuckDBPyConnection) -> None:
    values = con.execute(
        "select count(*) from indicator_values where indicator_id = 'nhs_health_check_offered_pct'"
        " and area_code = 'E06000008' and period = '2023/24'"
    ).fetchone()
    assert values == (0,)
    reason = con.execute(
        "select reason from build_issues where area_code = 'E06000008'"
        " and reason like 'nhs_health_check_offered_pct 2023/24%'"
    ).fetchone()
    assert reason is not None and "5 quarterly records instead of 4" in reason[0]


def bow_tie_repaired(con: duckdb.DuckDBPyConnection) -> None:
    wkb = con.execute(
        "select geometry_wkb from boundaries where geography = 'ltla24' order by area_code"
    ).fetchall()
    geometries = shapely.from_wkb([w[0] for w in wkb])
    assert len(geometries) == 3
    assert shapely.is_valid(geometries).all()


CASES: list[Case] = [
    # -- missing, empty, header-only files ---------------------------------------------------
    Case("missing-file-geographies", src("lsoa21_geographies"), delete, text="file not found"),
    Case("missing-file-fingertips", src("fingertips_nw"), delete, text="file not found"),
    Case("empty-file-census", src("census21_population"), empty_bytes, text="file is empty"),
    Case("empty-file-imd-lad", src("imd2025_lad24"), empty_bytes, text="file is empty"),
    Case(
        "empty-gzip-stream-stroke-admissions",
        src("stroke_admissions_lsoa11"),
        empty_gzip_stream,
        text="file is empty (no header row)",
    ),
    Case("header-only-u5", src("u5_emergency_admissions"), header_only, text="no data rows"),
    Case("header-only-los", src("ssnap_length_of_stay"), header_only, text="no data rows"),
    # -- renamed or dropped columns -----------------------------------------------------------
    Case(
        "renamed-column-imd-decile",
        src("imd2025_lsoa21"),
        rename_column("IMD_decile", "IMD_Decile"),
        column="IMD_decile",
        text="required column missing",
    ),
    Case(
        "renamed-column-gp-lsoa",
        src("gp_practices"),
        rename_column("lsoa11cd", "lsoa11_cd"),
        column="lsoa11cd",
        text="required column missing",
    ),
    Case(
        "dropped-column-ae-4h",
        src("ae_icb22_monthly"),
        drop_column("attendances_over_4hours"),
        column="attendances_over_4hours",
        text="required column missing",
    ),
    Case(
        "dropped-column-ivt-rate",
        src("stroke_units"),
        drop_column("ivt_rate"),
        column="ivt_rate",
        text="required column missing",
    ),
    Case(
        "dropped-column-lad-2016",
        src("lad_code_history"),
        drop_column("ltla16_code"),
        column="ltla16_code",
        text="required column missing",
    ),
    # -- values that do not parse -------------------------------------------------------------
    Case(
        "garbage-number-mye",
        src("mye2020_lad21"),
        set_cell("total_population", "12x", row=2),
        column="total_population",
        text="cannot read '12x' as BIGINT",
    ),
    Case(
        "garbage-number-health-index",
        src("health_index_lad21"),
        set_cell("value", "n/a"),
        column="value",
        text="cannot read 'n/a' as DOUBLE",
    ),
    Case(
        "fraction-in-count-census",
        src("census21_population"),
        set_cell("usual_residents", "12.5"),
        column="usual_residents",
        text="cannot read '12.5' as BIGINT",
    ),
    Case(
        "huge-number-census",
        src("census21_population"),
        set_cell("usual_residents", "1e300"),
        column="usual_residents",
        text="cannot read '1e300' as BIGINT",
    ),
    # -- negative counts and times ------------------------------------------------------------
    Case(
        "negative-count-census",
        src("census21_population"),
        set_cell("usual_residents", "-5"),
        column="usual_residents",
        text="-5 is below the minimum 0",
    ),
    Case(
        "negative-count-fingertips",
        src("fingertips_nw"),
        set_where(proportion_with_counts, Count="-3"),
        column="Count",
        text="-3 is below the minimum 0",
    ),
    Case(
        "negative-count-ae",
        src("ae_icb22_monthly"),
        set_cell("total_emergency_admissions", "-1"),
        column="total_emergency_admissions",
        text="-1 is below the minimum 0",
    ),
    Case(
        "negative-count-u5",
        src("u5_emergency_admissions"),
        set_cell("count", "-10", row=5),
        column="count",
        text="-10 is below the minimum 0",
    ),
    Case(
        "negative-count-infant-deaths",
        src("ons_infant_mortality"),
        set_cell("infant_deaths_under1", "-2"),
        column="infant_deaths_under1",
        text="-2 is below the minimum 0",
    ),
    Case(
        "qof-register-above-list",
        src("qof_prevalence_2223"),
        set_where(
            lambda r: r["GROUP_CODE"] == "HYP",
            REGISTER=lambda r: str(int(r["PRACTICE_LIST_SIZE"]) + 1),
        ),
        column="REGISTER, PRACTICE_LIST_SIZE",
        text="more patients on the register than on the list",
    ),
    Case(
        "qof-mapping-bad-sub-icb-code",
        src("qof_practice_geography_2223"),
        set_cell("SUB_ICB_ONS_CODE", "E3800001"),
        column="SUB_ICB_ONS_CODE",
        text="unknown code 'E3800001'",
    ),
    Case(
        "fingertips-hypertension-count-above-list",
        src("fingertips_hypertension_utla"),
        set_where(lambda r: r["Area Type"].startswith("Counties"), Count="9{Denominator}"),
        column="Count, Denominator",
        text="count above its denominator",
    ),
    Case(
        "qof-achievement-negative-numerator",
        src("qof_achievement_icb_2425"),
        set_cell("numerator", "-5"),
        column="numerator",
        text="-5 is below the minimum 0",
    ),
    Case(
        "aps-smoking-above-100",
        src("aps_smoking"),
        set_where(lambda r: r["Observation"] != "", Observation="150"),
        column="Observation",
        text="150 is above the maximum 100",
    ),
    Case(
        "negative-travel-minutes",
        src("stroke_travel_minutes"),
        set_cell(UNIT, "-12.5"),
        column=UNIT,
        text="-12.5 is below the minimum 0",
    ),
    Case(
        "zero-population-mye",
        src("mye2020_lad21"),
        set_cell("total_population", "0", row=1),
        column="total_population",
        text="0 is below the minimum 1",
    ),
    # -- count above its denominator (and other row rules) ------------------------------------
    Case(
        "count-above-denominator-fingertips",
        src("fingertips_nw"),
        set_where(proportion_with_counts, Count="9{Denominator}"),
        column="Count, Denominator",
        text="count above its denominator",
    ),
    Case(
        "count-above-denominator-u5",
        src("u5_emergency_admissions"),
        set_where(lambda r: r["count"] != "", count="9{denominator}"),
        column="count, denominator",
        text="count above its denominator",
    ),
    Case(
        "count-above-denominator-ae-4h",
        src("ae_icb22_monthly"),
        set_where(lambda r: True, attendances_over_4hours="9{total_attendances}"),
        column="attendances_over_4hours, total_attendances",
        text="more attendances over 4 hours than attendances",
    ),
    Case(
        "count-above-denominator-thrombolysis",
        src("stroke_units"),
        set_where(
            lambda r: r["Thrombolysis"] != "" and 0 < float(r["Admissions 21/22"]) < 4000,
            Thrombolysis=lambda r: str(float(r["Admissions 21/22"]) + 1),
        ),
        column="Thrombolysis, Admissions 21/22",
        text="more thrombolysed patients than admissions",
    ),
    Case(
        "value-not-count-over-denominator-u5",
        src("u5_emergency_admissions"),
        set_where(lambda r: r["value"] != "", value="999"),
        column="value, count, denominator",
        text="value is not count / denominator x 1,000",
    ),
    Case(
        "ivt-rate-not-thrombolysis-over-admissions",
        src("stroke_units"),
        set_where(lambda r: r["ivt_rate"] not in ("", "0.0", "0"), ivt_rate="50"),
        column="ivt_rate, Thrombolysis, Admissions 21/22",
        text="ivt_rate is not Thrombolysis / Admissions 21/22 x 100",
    ),
    Case(
        "lower-limit-above-upper-fingertips",
        src("fingertips_nw"),
        set_where(has_limits, LowerCI="9{UpperCI}"),
        column="LowerCI, UpperCI",
        text="lower limit above upper",
    ),
    Case(
        "decile-inconsistent-with-rank-imd2025",
        src("imd2025_lsoa21"),
        set_cell("IMD_decile", "7", row=1),
        column="IMD_decile, IMD_rank",
        text="decile is not the tenth",
    ),
    Case(
        "coordinate-without-the-other-gp",
        src("gp_practices"),
        set_cell("northing_bng", "", row=2),
        column="easting_bng, northing_bng",
        text="one coordinate without the other",
    ),
    Case(
        "zero-length-of-stay",
        src("ssnap_length_of_stay"),
        set_cell("Mean length of stay", "0"),
        column="Mean length of stay",
        text="a stay of no days",
    ),
    Case(
        "thrombectomy-rate-above-100",
        src("ssnap_thrombectomy_first_team"),
        set_where(
            lambda r: r["data_type"] == "%" and r["item"] == "Thrombectomy", value="150"
        ),
        column="value",
        text="a rate above 100%",
    ),
    Case(
        "thrombectomy-count-not-whole",
        src("ssnap_thrombectomy_first_team"),
        set_where(lambda r: r["data_type"] == "n" and r["item"] == "Thrombectomy", value="4.5"),
        column="value",
        text="not a whole number",
    ),
    # -- out of range, allowed values, missing values -----------------------------------------
    Case(
        "decile-11-imd2025",
        src("imd2025_lsoa21"),
        set_cell("IMD_decile", "11"),
        column="IMD_decile",
        text="11 is above the maximum 10",
    ),
    Case(
        "decile-0-imd2019",
        src("imd2019_lsoa11"),
        set_cell("IMD_decile", "0"),
        column="IMD_decile",
        text="0 is below the minimum 1",
    ),
    Case(
        "proportion-above-100-fingertips",
        src("fingertips_nw"),
        set_where(lambda r: r["ValueType"] == "Proportion" and r["Value"] != "", Value="150"),
        column="Value",
        text="a proportion above 100%",
    ),
    Case(
        "travel-minutes-above-a-day",
        src("stroke_travel_minutes"),
        set_cell(UNIT, "5000"),
        column=UNIT,
        text="5000 is above the maximum 1440",
    ),
    Case(
        "year-out-of-range-health-index",
        src("health_index_lad21"),
        set_cell("year", "2030"),
        column="year",
        text="2030 is above the maximum 2021",
    ),
    Case(
        "unknown-age-group-census",
        src("census21_population"),
        set_where(lambda r: r["age_group"] == "Aged 65 years and over", age_group="Aged 65+"),
        column="age_group",
        text="'Aged 65+' is not one of",
    ),
    Case(
        "flag-not-0-or-1-stroke-units",
        src("stroke_units"),
        set_cell("Use_IVT", "2"),
        column="Use_IVT",
        text="2 is not one of 0, 1",
    ),
    Case(
        "unknown-sex-fingertips",
        src("fingertips_nw"),
        set_cell("Sex", "Unknown"),
        column="Sex",
        text="'Unknown' is not one of",
    ),
    Case(
        "missing-value-imd-score",
        src("imd2025_lsoa21"),
        set_cell("IMD_score", ""),
        column="IMD_score",
        text="missing value",
    ),
    Case(
        "missing-value-centroid",
        src("lsoa21_centroids"),
        set_cell("northing_bng", ""),
        column="northing_bng",
        text="missing value",
    ),
    # -- NaN, infinity, huge numbers ----------------------------------------------------------
    Case(
        "nan-imd-score",
        src("imd2025_lsoa21"),
        set_cell("IMD_score", "NaN"),
        column="IMD_score",
        text="nan is not a finite number",
    ),
    Case(
        "nan-fingertips-value",
        src("fingertips_nw"),
        set_cell("Value", "nan", row=4),
        column="Value",
        text="nan is not a finite number",
    ),
    Case(
        "inf-stroke-admissions",
        src("stroke_admissions_lsoa11"),
        set_cell("mean_annual_stroke_admissions_2017_2019", "inf"),
        column="mean_annual_stroke_admissions_2017_2019",
        text="inf is not a finite number",
    ),
    Case(
        "minus-inf-centroid",
        src("lsoa21_centroids"),
        set_cell("easting_bng", "-Infinity"),
        column="easting_bng",
        text="-inf is not a finite number",
    ),
    Case(
        "huge-stroke-admissions",
        src("stroke_admissions_lsoa11"),
        set_cell("mean_annual_stroke_admissions_2017_2019", "1e300"),
        column="mean_annual_stroke_admissions_2017_2019",
        text="1e+300 is above the maximum 100",
    ),
    Case(
        "huge-fingertips-denominator",
        src("fingertips_nw"),
        set_where(proportion_with_counts, Denominator="1e300"),
        column="Denominator",
        text="1e+300 is above the maximum 100000000",
    ),
    # -- duplicate keys, repeated rows, unknown codes -----------------------------------------
    Case(
        "duplicate-key-geographies",
        src("lsoa21_geographies"),
        repeat_row(),
        column="lsoa21_code",
        text="duplicate key",
    ),
    Case(
        "duplicate-key-imd2019",
        src("imd2019_lsoa11"),
        repeat_row(),
        column="lsoa11_code",
        text="duplicate key",
    ),
    Case(
        "duplicate-row-lad-code-history",
        src("lad_code_history"),
        repeat_row(1),
        column="ltla16_code",
        text="duplicate key",
    ),
    Case(
        "duplicate-key-travel-minutes",
        src("stroke_travel_minutes"),
        repeat_row(),
        column="LSOA",
        text="duplicate key",
    ),
    Case(
        "duplicate-key-thrombectomy",
        src("ssnap_thrombectomy_first_team"),
        repeat_where(lambda r: r["item"] == "Thrombectomy" and r["data_type"] == "n"),
        column="team, data_type",
        text="duplicate key",
    ),
    Case(
        "unknown-code-imd2025",
        src("imd2025_lsoa21"),
        set_cell("lsoa21_code", "X01012571"),
        column="lsoa21_code",
        text="unknown code 'X01012571'",
    ),
    Case(
        "unknown-code-ae-icb",
        src("ae_icb22_monthly"),
        set_cell("icb22_code", "E540000XX"),
        column="icb22_code",
        text="unknown code 'E540000XX'",
    ),
    Case(
        "unknown-month-ae",
        src("ae_icb22_monthly"),
        set_cell("date", "Smarch 2023"),
        column="date",
        text="unknown code 'Smarch 2023'",
    ),
    Case(
        "unknown-code-gp-practice",
        src("gp_practices"),
        set_cell("practice_code", "123456"),
        column="practice_code",
        text="unknown code '123456'",
    ),
    Case(
        "unknown-code-gp-lsoa",
        src("gp_practices"),
        set_where(lambda r: r["lsoa11cd"] != "", lsoa11cd="W01000001"),
        column="lsoa11cd",
        text=r"'W01000001' does not match the pattern E01\d{6}",
    ),
    Case(
        "unknown-code-stroke-unit-postcode",
        src("stroke_units"),
        set_cell("Postcode", "not a postcode"),
        column="Postcode",
        text="unknown code 'not a postcode'",
    ),
    # -- encodings, line endings, delimiters, broken streams, long lines ----------------------
    Case(
        "truncated-gzip-imd2025",
        src("imd2025_lsoa21"),
        truncate_gzip,
        text="truncated or corrupt gzip file",
    ),
    Case(
        "truncated-gzip-travel-minutes",
        src("stroke_travel_minutes"),
        truncate_gzip,
        text="truncated or corrupt gzip file",
    ),
    Case(
        "wrong-delimiter-mye",
        src("mye2020_lad21"),
        delimiter(";"),
        column="ltla21_code",
        text="the file is not comma-separated",
    ),
    Case(
        "wrong-delimiter-u5",
        src("u5_emergency_admissions"),
        delimiter("\t"),
        text="the file is not comma-separated",
    ),
    Case(
        "latin1-stroke-team",
        src("stroke_units"),
        latin1("Stroke Team"),
        column="Stroke Team",
        text="byte 0xe9 is not UTF-8",
    ),
    Case(
        "latin1-length-of-stay",
        src("ssnap_length_of_stay"),
        latin1("Stroke team", row=5),
        column="Stroke team",
        text="byte 0xe9 is not UTF-8",
    ),
    Case(
        "two-mb-line-health-index",
        src("health_index_lad21"),
        long_line(),
        text="longer than the 2,097,152-byte limit",
    ),
    Case(
        "two-mb-line-lsoa-lookup",
        src("lsoa11_lsoa21"),
        long_line(row=7),
        text="longer than the 2,097,152-byte limit",
    ),
    Case(
        "extra-field-imd-lad",
        src("imd2025_lad24"),
        ragged(),
        text="fields where the header has",
    ),
    accept("utf8-bom-imd-lad", src("imd2025_lad24"), add_bom),
    accept("utf8-bom-census", src("census21_population"), add_bom),
    accept("crlf-ae", src("ae_icb22_monthly"), crlf),
    accept("crlf-fingertips", src("fingertips_nw"), crlf),
    # Fingertips' sample repeats rows (see Source.repeated_rows): an annual record repeated is
    # merged (the tables the app reads are unchanged; the staging table holds the file's rows)
    accept(
        "repeated-row-fingertips-annual",
        src("fingertips_nw"),
        repeat_where(diabetes_row),
        same="contract",
    ),
    # ... and a quarterly year with a fifth record is left out and listed in build_issues
    accept(
        "repeated-row-fingertips-quarterly",
        src("fingertips_nw"),
        repeat_where(health_check_row),
        same="",
        check=health_check_year_left_out,
    ),
    # -- boundary files -----------------------------------------------------------------------
    Case("boundary-missing-file", boundary("lsoa21"), delete, text="file not found"),
    Case("boundary-empty-file", boundary("utla23"), empty_bytes, text="file is empty"),
    Case(
        "boundary-garbage",
        boundary("icb23"),
        garbage,
        text="cannot be read as GeoJSON",
    ),
    Case(
        "boundary-garbage-plain",
        boundary("region"),
        garbage,
        text="cannot be read as GeoJSON",
    ),
    Case(
        "boundary-truncated-gzip",
        boundary("ltla24"),
        truncate_gzip,
        text="cannot be read as GeoJSON",
    ),
    Case(
        "boundary-truncated-json",
        boundary("sicbl23"),
        truncate_text,
        text="cannot be read as GeoJSON",
    ),
    Case(
        "boundary-wrong-crs",
        boundary("region"),
        declare_crs("EPSG:27700"),
        text="CRS is EPSG:27700, expected EPSG:4326",
    ),
    Case(
        "boundary-coordinates-in-metres",
        boundary("lsoa21"),
        edit_geojson(coordinates_in_metres),
        column="geometry",
        text="lies outside England",
    ),
    Case(
        "boundary-missing-code-column",
        boundary("ltla24"),
        rename_property("LAD24CD", "lad24cd"),
        column="LAD24CD",
        text="column not found",
    ),
    Case(
        "boundary-missing-code",
        boundary("icb23"),
        feature_property("ICB23CD", None, feature=1),
        column="ICB23CD",
        text="missing area code",
    ),
    Case(
        "boundary-duplicate-code",
        boundary("lsoa21"),
        edit_geojson(repeat_feature),
        column="lsoa21_code",
        text="duplicate area code",
    ),
    Case(
        "boundary-null-geometry",
        boundary("lsoa21"),
        feature_geometry(None),
        column="geometry",
        text="has no geometry",
    ),
    Case(
        "boundary-empty-geometry",
        boundary("sicbl23"),
        feature_geometry(EMPTY_POLYGON),
        column="geometry",
        text="has an empty geometry",
    ),
    Case(
        "boundary-point-geometry",
        boundary("utla23"),
        feature_geometry(POINT),
        column="geometry",
        text="has a Point, expected a polygon",
    ),
    Case(
        "boundary-invalid-geometry-nothing-left",
        boundary("lsoa21"),
        feature_geometry(COLLAPSED),
        column="geometry",
        text="has an invalid geometry with no polygonal part after repair",
    ),
    Case("boundary-no-features", boundary("icb23"), edit_geojson(no_features), text="no features"),
    # an invalid (self-intersecting) polygon is repaired, as two real LAD 2024 boundaries are
    accept(
        "boundary-invalid-geometry-repaired",
        boundary("ltla24"),
        feature_geometry(BOW_TIE),
        same="",
        check=bow_tie_repaired,
    ),
]


# --------------------------------------------------------------------------- helpers


def read_tables(db: Path, tables: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Every table but build_info (or ``tables``), rows in a stable order: text and integer
    columns first, then the floats (whose last bits may differ between two builds of the same
    inputs: DuckDB sums floats in parallel, in no fixed order)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        if tables is None:
            tables = tuple(
                r[0]
                for r in con.execute(
                    "select table_name from information_schema.tables"
                    " where table_schema = 'main' and table_name <> 'build_info' order by 1"
                ).fetchall()
            )
        frames = {}
        for table in tables:
            types = con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_schema = 'main' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            exact = [f'"{c}"' for c, t in types if t in ("VARCHAR", "BIGINT", "INTEGER", "BOOLEAN")]
            floats = [f'"{c}"' for c, t in types if t in ("DOUBLE", "FLOAT")]
            order = ", ".join(exact + floats) or "1"
            frames[table] = con.execute(f'select * from "{table}" order by {order}').df()
        return frames
    finally:
        con.close()


def assert_same_tables(new: dict[str, pd.DataFrame], old: dict[str, pd.DataFrame]) -> None:
    assert set(new) == set(old)
    for table, frame in new.items():
        pd.testing.assert_frame_equal(frame, old[table], check_exact=False, rtol=1e-9, obj=table)


@pytest.fixture(scope="module")
def baseline(mini_warehouse: Path) -> dict[str, dict[str, pd.DataFrame]]:
    return {
        "all": read_tables(mini_warehouse),
        "contract": read_tables(mini_warehouse, checks.CONTRACT_TABLES),
    }


def broken_copy(tmp_path: Path, case: Case) -> tuple[Path, int | None]:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    row = case.mutate(data / case.file)
    return data, row


def assert_clean_failure(exc: Exception, case: Case, data: Path, row: int | None) -> None:
    message = str(exc)
    assert "\n" not in message
    if isinstance(exc, InputError):
        assert exc.path == str((data / case.file).resolve())
        assert message.startswith(f"file {exc.path}")
        if row is not None:
            label = "feature" if case.file.startswith(BOUNDARIES) else "row"
            assert exc.row == row
            assert f", {label} {row}," in message or f", {label} {row}:" in message
        if case.column is not None:
            assert exc.column == case.column
            assert f"column {case.column!r}" in message
    assert case.text in message


# --------------------------------------------------------------------------- the tests


def test_at_least_59_mutations_over_every_source_and_layer():
    assert len(CASES) >= 59
    assert len({c.id for c in CASES}) == len(CASES)
    files = {c.file for c in CASES}
    assert {s.path for s in SOURCES} <= files
    assert {boundary(g) for g in LAYERS} <= files


@pytest.mark.parametrize(
    "case",
    # an accepted mutation runs a complete build (2-4 s); a refused one stops at its file (0.1 s)
    [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.accept else []) for c in CASES],
)
def test_bad_input(case: Case, tmp_path: Path, mini_warehouse: Path, baseline) -> None:
    data, row = broken_copy(tmp_path, case)
    out = tmp_path / "out"
    out.mkdir()
    db = out / "warehouse.duckdb"
    shutil.copy(mini_warehouse, db)
    before = sha256(db)

    if case.accept:
        etl_build.build(db, data, log=quiet)
        if case.same:
            tables = None if case.same == "all" else checks.CONTRACT_TABLES
            assert_same_tables(read_tables(db, tables), baseline[case.same])
        if case.check is not None:
            con = duckdb.connect(str(db), read_only=True)
            try:
                case.check(con)
            finally:
                con.close()
    else:
        with pytest.raises(InputError) as err:
            etl_build.build(db, data, log=quiet)
        assert_clean_failure(err.value, case, data, row)
        assert sha256(db) == before
    assert sorted(p.name for p in out.iterdir()) == ["warehouse.duckdb"]  # no .build-* litter


# -- the statistics stage: faults the input rules would have stopped, with the rule removed ----


def without_rules(monkeypatch: pytest.MonkeyPatch, name: str, **fields: object) -> None:
    """Build with the ``name`` source's rules replaced by ``fields`` (e.g. ``row_rules=()``)."""
    changed = tuple(
        dataclasses.replace(s, **fields) if s.name == name else s  # type: ignore[arg-type]
        for s in SOURCES
    )
    monkeypatch.setattr(etl_build, "SOURCES", changed)


STATISTICS_CASES = [
    (
        "ae_icb22_monthly",
        {"row_rules": ()},
        set_where(
            lambda r: r["date"] == "April 2022",
            attendances_over_4hours="9{total_attendances}",
        ),
        "indicator ae_over_4h_pct, area E54000048, period 2022/23",
        "count must not exceed denominator",
    ),
    (
        "stroke_admissions_lsoa11",
        {"rules": {}},
        set_cell("mean_annual_stroke_admissions_2017_2019", "-400", row=1),
        "indicator stroke_admissions_rate, area E",
        "must be non-negative",
    ),
    (
        "fingertips_nw",
        {"row_rules": ()},
        set_where(
            lambda r: diabetes_row(r) and has_limits(r) and r["Year"] == "2022",
            LowerCI="9{UpperCI}",
        ),
        "indicator diabetes_prevalence_pct, area E06000008, period 2022/23",
        "lower must not exceed upper",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "fields", "mutate", "where", "problem"),
    STATISTICS_CASES,
    ids=["proportion-count-above-denominator", "negative-count", "lower-above-upper"],
)
def test_statistics_fault_names_indicator_area_and_period(
    name, fields, mutate, where, problem, tmp_path, mini_warehouse, monkeypatch
):
    without_rules(monkeypatch, name, **fields)
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    mutate(data / SOURCES_BY_NAME[name].path)
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(mini_warehouse, db)
    before = sha256(db)
    with pytest.raises(etl_build.BuildError) as err:
        etl_build.build(db, data, log=quiet)
    message = str(err.value)
    assert message.startswith("statistics failed for " + where)
    assert problem in message
    assert sha256(db) == before
    assert [p.name for p in tmp_path.glob(".build-*")] == []


def test_statistics_error_names_the_first_refused_row():
    raw = pd.DataFrame(
        {
            "indicator_id": "stroke_admissions_rate",
            "area_code": ["E01000001", "E01000002", "E01000003", "E01000004"],
            "period": "2017-2019",
            "sex": "Persons",
            "age": "All ages",
            "category_type": "",
            "category": "",
            "value": None,
            "lower_95": None,
            "upper_95": None,
            "event_count": [10.0, 12.0, -3.0, -4.0],
            "denominator": [1000.0, 1000.0, 1000.0, 1000.0],
            "note": "",
        }
    )
    catalogue = pd.DataFrame(
        {
            "indicator_id": ["stroke_admissions_rate"],
            "value_type": ["crude_rate"],
            "confidence_intervals": [True],
            "multiplier": [100_000.0],
            "polarity": ["lower_is_better"],
            "min_count": [5],
        }
    )
    with pytest.raises(statistics.StatisticsError) as err:
        statistics.compute_indicator_values(raw, catalogue)
    assert (err.value.indicator_id, err.value.area_code, err.value.period) == (
        "stroke_admissions_rate",
        "E01000003",
        "2017-2019",
    )
    assert str(err.value) == (
        "indicator stroke_admissions_rate, area E01000003, period 2017-2019 (sex Persons, age"
        " All ages): count must be non-negative (count -3, denominator 1000)"
    )


# -- the command line ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("file", "mutate", "expected"),
    [
        (
            src("imd2025_lsoa21"),
            set_cell("IMD_decile", "11"),
            "row 3, column 'IMD_decile': 11 is above the maximum 10",
        ),
        (boundary("ltla24"), truncate_gzip, "cannot be read as GeoJSON"),
    ],
    ids=["csv", "boundary"],
)
def test_cli_prints_one_line_and_exits_1_without_traceback(
    file, mutate, expected, tmp_path, mini_warehouse
):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    mutate(data / file)
    db = tmp_path / "w.duckdb"
    shutil.copy(mini_warehouse, db)
    before = sha256(db)
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--db", str(db), "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"build failed: file {(data / file).resolve()}")
    assert expected in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert "previous warehouse (if any) is unchanged" in result.stdout
    assert sha256(db) == before
    assert [p.name for p in tmp_path.glob(".build-*")] == []


# -- the declarations ----------------------------------------------------------------------------


def test_every_typed_column_has_an_input_rule():
    for source in SOURCES:
        for column, dtype in source.columns.items():
            if dtype != "VARCHAR":
                assert column in source.rules, f"{source.name}.{column} has no rule"
        named = set(source.columns)
        for column in source.rules:
            assert column in named, f"{source.name}: rule for undeclared column {column!r}"
        for row_rule in source.row_rules:
            assert set(row_rule.columns) <= named, f"{source.name}: {row_rule.problem}"


def test_every_source_has_a_key_or_documents_its_repeated_rows():
    for source in SOURCES:
        assert bool(source.key) != bool(source.repeated_rows), source.name
