"""Data tests run on every build before the warehouse is swapped in.

Each check is a query returning the offending rows (none = pass), in the spirit of dbt's
``unique``, ``not_null``, ``accepted_values``, ``relationships`` and expression tests.

The contract the checks read (tables, accepted values, keys) is in `etl.contract`, and the SQL of
the disclosure tests in `etl.disclosure_checks`; their public names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.contract import AREA_UNIT_KEY, COMPARISONS, UNIT_KINDS, VALUE_KEY, sql_list
from etl.contract import CONTRACT_TABLES as CONTRACT_TABLES
from etl.contract import GEOGRAPHIES as GEOGRAPHIES
from etl.disclosure_checks import COUNT_COLUMNS_SQL, NESTED_DIFFERENCING_SQL, SMALL_COUNTS_SQL
from etl.disclosure_checks import NOT_DISCLOSIVE_COUNTS as NOT_DISCLOSIVE_COUNTS
from etl.disclosure_checks import SCANNED_COUNTS as SCANNED_COUNTS
from etl.indicators import DOMAINS, POLARITIES, ROLES, VALUE_TYPES
from etl.quality import (
    COUNT_VALUE_ABS_TOLERANCE,
    COUNT_VALUE_REL_TOLERANCE,
    MAD_SCALE,
    MIN_PEERS,
)

# Published values are rounded; allow this relative slack when checking that a CI holds its value.
CI_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Check:
    """A named query whose rows are failures; ``warn_only`` checks never fail the build."""

    name: str
    sql: str
    warn_only: bool = False


def _unique(table: str, key: str) -> Check:
    return Check(
        f"unique {table}({key})",
        f"select {key}, count(*) from {table} group by {key} having count(*) > 1",
    )


def _not_null(table: str, columns: str) -> Check:
    condition = " or ".join(f"{c.strip()} is null" for c in columns.split(","))
    return Check(f"not null {table}({columns})", f"select * from {table} where {condition}")


CHECKS: tuple[Check, ...] = (
    Check(
        # differencing attack across geographies: an area's count and those of the areas (or
        # LSOAs) nesting in it exactly, for the same breakdown cell; and an area's decile cell
        # and its LSOAs of that decile. Exactly one hidden count and no other unknown gives it
        # away (etl.suppression.complementary_suppression)
        "no suppressed count is an area's count minus those of the areas nesting in it",
        NESTED_DIFFERENCING_SQL,
    ),
    Check(
        "no published table holds a count of 1-4 (below the threshold)",
        SMALL_COUNTS_SQL,
    ),
    Check(
        "every count-like column of a contract table is scanned for small counts",
        COUNT_COLUMNS_SQL,
    ),
    Check(
        # differencing attack: a breakdown (e.g. IMD deciles of an area) whose total shows a
        # count and which hides exactly one cell would give that cell as total - the others
        "no suppressed breakdown cell is its total minus the other cells",
        "with cells as (select indicator_id, area_code, period, sex, age, category_type,"
        " count(*) filter (where is_suppressed) as n_hidden,"
        " count(*) filter (where not is_suppressed and \"count\" is null) as n_unknown"
        " from indicator_values"
        " where category_type <> '' group by all),"
        " totals as (select indicator_id, area_code, period, sex, age from indicator_values"
        " where category_type = '' and not is_suppressed and \"count\" is not null)"
        " select c.* from cells c join totals t using (indicator_id, area_code, period, sex, age)"
        " where c.n_hidden = 1 and c.n_unknown = 0",
    ),
    _unique("areas", "area_code, geography"),
    _unique("area_lookup", "child_code, child_geography, parent_code, parent_geography"),
    _unique("indicators", "indicator_id"),
    _unique("indicator_values", VALUE_KEY),
    _unique("area_totals", "indicator_id, area_code, period"),
    Check(
        # the final table is a copy of rows of indicator_values, one per area total
        "area_totals: one indicator_values total row per (indicator, area, period), unchanged",
        "select indicator_id, area_code, period from"
        " (select * from area_totals except all select * from indicator_values)"
        " union all (select indicator_id, area_code, period from indicator_values"
        " where category_type = '' except select indicator_id, area_code, period"
        " from area_totals)",
    ),
    _unique("inequality_sii", "indicator_id, area_code, period"),
    Check(
        "inequality_sii: an SII or a note saying why not; limits only with decile CIs",
        "select * from inequality_sii where (sii is null) = (note = '')"
        " or (sii_lower_95 is not null) <> (decile_cis and sii is not null)",
    ),
    _unique("area_gradient_sii", "indicator_id, geography"),
    _not_null("area_gradient_sii", "indicator_id, geography, period, n_groups"),
    _unique("boundaries", "area_code, geography"),
    _unique("boundary_geojson", "geography"),
    _unique("lsoa_measures", "lsoa21_code"),
    _unique("stroke_units", "unit_code"),
    _unique("gp_practices", "practice_code"),
    _unique("area_stroke_units", AREA_UNIT_KEY),
    _unique("seed_ssnap_team_aliases", "lower(trim(ssnap_team_name))"),
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
    _not_null(
        "area_stroke_units",
        AREA_UNIT_KEY + ", population_served_count, population_share_pct, mean_minutes",
    ),
    Check(
        "accepted values areas.geography",
        f"select * from areas where geography not in {sql_list(GEOGRAPHIES)}",
    ),
    Check(
        "accepted values indicators.domain/polarity/value_type/role",
        f"select * from indicators where domain not in {sql_list(DOMAINS)}"
        f" or polarity not in {sql_list(POLARITIES)} or value_type not in {sql_list(VALUE_TYPES)}"
        f" or role not in {sql_list(ROLES)}",
    ),
    Check(
        "accepted values indicator_values.compared_to_england",
        f"select * from indicator_values where compared_to_england not in {sql_list(COMPARISONS)}",
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
        "select child_code, child_geography, parent_geography, sum(weight) from area_lookup"
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
        "a standard comes with its source, and a source with its standard",
        "select * from indicators where (standard is null) <> (coalesce(standard_source, '') = '')",
    ),
    Check(
        "accepted values area_stroke_units.unit_kind",
        f"select * from area_stroke_units where unit_kind not in {sql_list(UNIT_KINDS)}",
    ),
    Check(
        "relationship area_stroke_units (area_code, geography) -> areas",
        "select distinct area_code, geography from area_stroke_units"
        " anti join areas using (area_code, geography)",
    ),
    Check(
        "relationship area_stroke_units.unit_code -> stroke_units, of the right kind",
        "select a.* from area_stroke_units as a left join stroke_units as u using (unit_code)"
        " where u.unit_code is null or (a.unit_kind = 'ivt' and not u.is_ivt_unit)"
        " or (a.unit_kind = 'mt' and not u.is_mt_centre)",
    ),
    Check(
        "population shares of an area's nearest units sum to 100 for each unit kind",
        "select geography, area_code, unit_kind, sum(population_share_pct) from area_stroke_units"
        " group by all having abs(sum(population_share_pct) - 100) > 1e-6"
        " or min(population_share_pct) <= 0",
    ),
    Check(
        "every area with a modelled travel time has its nearest units of that kind",
        "with lsoa_kinds as (select lsoa21_code, 'ivt' as unit_kind from lsoa_measures"
        " where nearest_ivt_unit_code is not null and population_count > 0 union all"
        " select lsoa21_code, 'mt' from lsoa_measures"
        " where nearest_mt_unit_code is not null and population_count > 0),"
        " expected as (select distinct l.parent_code as area_code,"
        " l.parent_geography as geography, k.unit_kind from lsoa_kinds as k"
        " join area_lookup as l on l.child_code = k.lsoa21_code and l.child_geography = 'lsoa21'"
        " union all select lsoa21_code, 'lsoa21', unit_kind from lsoa_kinds)"
        " select * from expected anti join area_stroke_units"
        " using (area_code, geography, unit_kind)",
    ),
    Check(
        "population served sums to the population of LSOAs with travel times",
        "with served as (select unit_kind, sum(population_served_count) as n"
        " from area_stroke_units where geography = 'england' group by 1),"
        " lsoa as (select sum(population_count) filter (where nearest_ivt_unit_code is not null)"
        " as ivt, sum(population_count) filter (where nearest_mt_unit_code is not null) as mt"
        " from lsoa_measures)"
        " select * from served, lsoa"
        " where abs(n - case unit_kind when 'ivt' then ivt else mt end) > 1e-6",
    ),
    Check(
        "stroke unit activity: thrombectomies <= admissions, rates and stays in range",
        "select * from stroke_units where thrombectomy_2023_24_count > ssnap_admissions_2023_24_count"
        " or thrombectomy_rate_2023_24_pct not between 0 and 100"
        " or mean_length_of_stay_2023_days <= 0",
    ),
    Check(
        "rates of the nearest IVT unit are percentages",
        "select * from lsoa_measures"
        " where nearest_ivt_unit_thrombolysis_rate_pct not between 0 and 100"
        " or nearest_ivt_unit_thrombectomy_rate_pct not between 0 and 100",
    ),
    Check(
        "quality gates: every unflagged value lies within its indicator's plausible range",
        "select v.indicator_id, v.area_code, v.period, v.value, i.plausible_min, i.plausible_max"
        " from indicator_values as v join indicators as i using (indicator_id)"
        " where v.quality_flag is null and v.value is not null"
        " and (v.value < i.plausible_min or v.value > i.plausible_max)",
    ),
    Check(
        "quality gates: every district value breaking its peer rule is flagged in its 2024"
        " district",
        "with v as (select s.indicator_id, hi.ltla21_code, x.ltla24_code, hi.period, hi.value,"
        " i.peer_z from stg_ons__health_index_lad21 as hi"
        " join indicator_sources as s on s.loader = 'health_index'"
        " and s.source_key = hi.health_index_name"
        " join indicators as i using (indicator_id)"
        " join stg_lookup__lad21_lad24 as x using (ltla21_code) where i.peer_z is not null),"
        " m as (select indicator_id, period, median(value) as med, count(*) as n from v"
        " group by all),"
        " d as (select v.indicator_id, v.period, median(abs(v.value - m.med)) as mad"
        " from v join m using (indicator_id, period) group by all)"
        f" select v.*, (v.value - m.med) / ({MAD_SCALE} * d.mad) as z"
        " from v join m using (indicator_id, period) join d using (indicator_id, period)"
        f" where m.n >= {MIN_PEERS} and d.mad > 0"
        f" and abs(v.value - m.med) / ({MAD_SCALE} * d.mad) > v.peer_z"
        " and not exists (select 1 from indicator_values as f"
        " where f.indicator_id = v.indicator_id and f.area_code = v.ltla24_code"
        " and f.period = v.period and f.quality_flag is not null)",
    ),
    Check(
        "quality flags come with a reason, from the known rules",
        "select * from indicator_values where (quality_flag is null) <> (quality_reason is null)"
        " or quality_flag not in"
        " ('outside_plausible_range', 'peer_outlier', 'implausible_change')",
    ),
    Check(
        "flagged values are not compared with England",
        "select * from indicator_values"
        " where quality_flag is not null and compared_to_england <> 'not compared'",
    ),
    Check(
        "value = count / denominator x multiplier where a crude rate or proportion stores both",
        'select v.indicator_id, v.area_code, v.period, v.value, v."count", v.denominator,'
        " i.multiplier from indicator_values as v join indicators as i using (indicator_id)"
        " where i.value_type in ('crude_rate', 'proportion') and v.value is not null"
        ' and v."count" is not null and v.denominator > 0'
        ' and abs(v.value - v."count" / v.denominator * i.multiplier)'
        f" > greatest({COUNT_VALUE_ABS_TOLERANCE}, {COUNT_VALUE_REL_TOLERANCE} * abs(v.value))",
    ),
    Check(
        "entries whose value is not count / denominator store neither",
        'select v.* from indicator_values as v join indicators as i using (indicator_id)'
        ' where not i.counts_give_value and (v."count" is not null or v.denominator is not null)',
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
