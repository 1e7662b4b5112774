"""Data tests run on every build before the warehouse is swapped in.

Each check is a query returning the offending rows (none = pass), in the spirit of dbt's
``unique``, ``not_null``, ``accepted_values``, ``relationships`` and expression tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.indicators import DOMAINS, POLARITIES, ROLES, VALUE_TYPES

GEOGRAPHIES = ("lsoa21", "ltla24", "utla23", "sicbl23", "icb23", "region", "england")
COMPARISONS = ("better", "similar", "worse", "higher", "lower", "not compared")
CONTRACT_TABLES = (
    "areas",
    "area_lookup",
    "indicators",
    "indicator_values",
    "boundaries",
    "boundary_geojson",
    "lsoa_measures",
    "stroke_units",
    "gp_practices",
    "build_issues",
)
VALUE_KEY = "indicator_id, area_code, period, sex, age, category_type, category"
# Published values are rounded; allow this relative slack when checking that a CI holds its value.
CI_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Check:
    """A named query whose rows are failures; ``warn_only`` checks never fail the build."""

    name: str
    sql: str
    warn_only: bool = False


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _unique(table: str, key: str) -> Check:
    return Check(
        f"unique {table}({key})",
        f"select {key}, count(*) from {table} group by {key} having count(*) > 1",
    )


def _not_null(table: str, columns: str) -> Check:
    condition = " or ".join(f"{c.strip()} is null" for c in columns.split(","))
    return Check(f"not null {table}({columns})", f"select * from {table} where {condition}")


CHECKS: tuple[Check, ...] = (
    _unique("areas", "area_code, geography"),
    _unique("area_lookup", "child_code, child_geography, parent_code, parent_geography"),
    _unique("indicators", "indicator_id"),
    _unique("indicator_values", VALUE_KEY),
    _unique("boundaries", "area_code, geography"),
    _unique("boundary_geojson", "geography"),
    _unique("lsoa_measures", "lsoa21_code"),
    _unique("stroke_units", "unit_code"),
    _unique("gp_practices", "practice_code"),
    _not_null("areas", "area_code, area_name, geography, population"),
    _not_null("area_lookup", "child_code, child_geography, parent_code, parent_geography, weight"),
    _not_null(
        "indicator_values",
        "indicator_id, area_code, period, sex, age, category_type, category,"
        " compared_to_england, is_suppressed",
    ),
    _not_null(
        "indicators", "indicator_id, name, domain, unit, polarity, value_type, source, licence"
    ),
    _not_null("boundaries", "area_code, geography, geometry_wkb, centroid_lon, centroid_lat"),
    Check(
        "accepted values areas.geography",
        f"select * from areas where geography not in {_in(GEOGRAPHIES)}",
    ),
    Check(
        "accepted values indicators.domain/polarity/value_type/role",
        f"select * from indicators where domain not in {_in(DOMAINS)}"
        f" or polarity not in {_in(POLARITIES)} or value_type not in {_in(VALUE_TYPES)}"
        f" or role not in {_in(ROLES)}",
    ),
    Check(
        "accepted values indicator_values.compared_to_england",
        f"select * from indicator_values where compared_to_england not in {_in(COMPARISONS)}",
    ),
    Check(
        "relationship indicator_values.area_code -> areas",
        "select distinct area_code from indicator_values"
        " where area_code not in (select area_code from areas)",
    ),
    Check(
        "relationship indicator_values.indicator_id -> indicators",
        "select distinct indicator_id from indicator_values"
        " where indicator_id not in (select indicator_id from indicators)",
    ),
    Check(
        "relationship areas.parent_code -> areas",
        "select * from areas where parent_code is not null"
        " and parent_code not in (select area_code from areas)",
    ),
    Check(
        "every area has a boundary, every boundary an area",
        "select area_code, geography from areas anti join boundaries using (area_code, geography)"
        " union all select area_code, geography from boundaries"
        " anti join areas using (area_code, geography)",
    ),
    Check(
        "count <= denominator where both exist (proportions)",
        "select v.* from indicator_values as v join indicators as i using (indicator_id)"
        " where i.value_type = 'proportion' and v.\"count\" > v.denominator",
    ),
    Check(
        "count <= denominator where both exist (rates: repeat events make this possible)",
        "select v.* from indicator_values as v join indicators as i using (indicator_id)"
        " where i.value_type <> 'proportion' and v.\"count\" > v.denominator",
        warn_only=True,
    ),
    Check(
        "95% CI contains value",
        "select * from indicator_values where value is not null and lower_95 is not null and"
        f" (value < lower_95 - {CI_TOLERANCE} * abs(value) or value > upper_95 + {CI_TOLERANCE} * abs(value))",
    ),
    Check(
        "99.8% CI contains the 95% CI",
        "select * from indicator_values where lower_998 is not null and lower_95 is not null and"
        f" (lower_998 > lower_95 + {CI_TOLERANCE} * abs(lower_95)"
        f" or upper_998 < upper_95 - {CI_TOLERANCE} * abs(upper_95))",
    ),
    Check(
        "suppressed rows show no value, limits or count",
        "select * from indicator_values where is_suppressed and (value is not null or"
        ' lower_95 is not null or upper_95 is not null or "count" is not null)',
    ),
    Check(
        "small counts are suppressed",
        "select v.* from indicator_values as v join indicators as i using (indicator_id)"
        ' where i.min_count > 0 and v."count" < i.min_count and not v.is_suppressed',
    ),
    Check(
        "lookup weights in (0, 1] and sum to 1 per child and parent geography",
        "select child_code, parent_geography, sum(weight) from area_lookup"
        " group by all having abs(sum(weight) - 1) > 1e-9 or min(weight) <= 0 or max(weight) > 1",
    ),
    Check(
        "every LSOA sits in exactly one area of every geography",
        "select child_code, count(distinct parent_geography) from area_lookup"
        " where child_geography = 'lsoa21' group by child_code having count(*) <> 6"
        " or count(distinct parent_geography) <> 6",
    ),
    Check(
        "populations sum from LSOA to every geography within 0.01% of England",
        "with totals as (select geography, sum(population) as total from areas group by 1)"
        " select * from totals where abs(total / (select total from totals"
        " where geography = 'england') - 1) > 0.0001",
    ),
    Check(
        "boundary GeoJSON holds one feature per area",
        "select g.geography, g.n_features, count(a.area_code) as n_areas from boundary_geojson as g"
        " left join areas as a using (geography) group by all having g.n_features <> count(a.area_code)",
    ),
    Check(
        "every catalogue indicator has values",
        "select indicator_id from indicators where len(geographies) = 0",
        warn_only=True,
    ),
)


def run_checks(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """Run every check; return (failures, warnings) as readable lines with sample rows."""
    failures: list[str] = []
    warnings: list[str] = []
    for check in CHECKS:
        rows = con.execute(f"select * from ({check.sql}) limit 3").fetchall()
        if rows:
            n = con.execute(f"select count(*) from ({check.sql})").fetchone()[0]  # type: ignore[index]
            line = f"{check.name}: {n} rows, e.g. {rows}"
            (warnings if check.warn_only else failures).append(line)
    return failures, warnings
