"""The build's stages written in Python rather than SQL: the catalogue tables, the geometry,
the quality gates, the statistics and the inequality measures. Each writes its tables into the
build's DuckDB connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl import geo, inequality, quality, statistics
from etl.errors import BuildError
from etl.indicators import CATALOGUE
from etl.sources import SOURCES


def write_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    """Write the indicator catalogue as ``catalogue``, its loaders as ``indicator_sources`` and
    every raw input's provenance (publisher, licence, vintage, path) as ``source_attribution``,
    so the app shows attribution from the warehouse without importing the ETL."""
    catalogue = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "name": i.name,
                "domain": i.domain,
                "unit": i.unit,
                "multiplier": float(i.multiplier),
                "polarity": i.polarity,
                "value_type": i.value_type,
                "source": i.source,
                "licence": i.licence,
                "min_count": i.min_count,
                "description": i.description,
                "role": i.role,
                "confidence_intervals": i.confidence_intervals,
                "standard": i.standard,
                "standard_source": i.standard_source,
                # unbounded ends are stored as NULL
                "plausible_min": i.plausible_bounds[0] if np.isfinite(i.plausible_bounds[0])
                else None,
                "plausible_max": i.plausible_bounds[1] if np.isfinite(i.plausible_bounds[1])
                else None,
                "peer_z": i.peer_z,
                "change_z": i.change_z,
                "counts_give_value": i.counts_give_value,
            }
            for i in CATALOGUE
        ]
    )
    sources = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "loader": i.loader,
                "source_key": i.source_key,
                "source_filter": i.source_filter,
                "weight": i.weight,
            }
            for i in CATALOGUE
        ]
    )
    con.register("catalogue_df", catalogue)
    con.register("sources_df", sources)
    con.execute(
        "create or replace table catalogue as select * replace"
        " (cast(standard as double) as standard, cast(plausible_min as double) as plausible_min,"
        " cast(plausible_max as double) as plausible_max, cast(peer_z as double) as peer_z,"
        " cast(change_z as double) as change_z) from catalogue_df"
    )
    con.execute("create or replace table indicator_sources as select * from sources_df")
    con.unregister("catalogue_df")
    con.unregister("sources_df")
    attribution = pd.DataFrame(
        [
            {"source_name": s.name, "publisher": s.publisher, "licence": s.licence,
             "vintage": s.vintage, "path": s.path}
            for s in SOURCES
        ],
        columns=["source_name", "publisher", "licence", "vintage", "path"],
    )
    con.register("attribution_df", attribution)
    con.execute(
        "create or replace table source_attribution as"
        " select * from attribution_df order by source_name"
    )
    con.unregister("attribution_df")


def build_geometry(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Simplified web boundaries for every geography, and each LSOA's nearest GP practice."""
    rows, collections = geo.build_all_boundaries(data_dir / "sources" / "boundaries")
    con.register("boundaries_df", rows)
    con.register("geojson_df", collections)
    con.execute("create or replace table boundaries as select * from boundaries_df")
    con.execute("create or replace table boundary_geojson as select * from geojson_df")
    con.unregister("boundaries_df")
    con.unregister("geojson_df")

    centroids = con.execute(
        "select lsoa21_code, easting_bng, northing_bng from src_lsoa21_centroids order by 1"
    ).df()
    practices = con.execute(
        "select practice_code, easting_bng, northing_bng from src_gp_practices"
        " where easting_bng is not null and northing_bng is not null order by 1"
    ).df()
    index, distance_km = geo.nearest_points_km(
        centroids[["easting_bng", "northing_bng"]].to_numpy(),
        practices[["easting_bng", "northing_bng"]].to_numpy(),
    )
    nearest = pd.DataFrame(
        {
            "lsoa21_code": centroids["lsoa21_code"],
            "nearest_practice_code": practices["practice_code"].to_numpy()[index],
            "gp_distance_km": distance_km,
        }
    )
    con.register("nearest_df", nearest)
    con.execute("create or replace table geo_lsoa21_nearest_gp as select * from nearest_df")
    con.unregister("nearest_df")


def build_quality_flags(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the quality gates (`etl.quality`) where values enter as district values only.

    Reads every ``health_index`` entry's 2021 district values from staging, applies the
    entry's plausible range and opt-in peer and change rules per indicator, and writes the
    flagged values to ``int_quality_flags_lad21`` (indicator_id, ltla21_code, period, value,
    quality_flag, quality_reason), which ``int_values_health_index`` reads. Returns the
    number of flagged values.
    """
    values = con.execute(
        "select s.indicator_id, hi.ltla21_code as area_code, hi.period, hi.value"
        " from stg_ons__health_index_lad21 as hi join indicator_sources as s"
        " on s.loader = 'health_index' and s.source_key = hi.health_index_name"
        " order by 1, 2, 3"
    ).df()
    rules = con.execute(
        "select indicator_id, plausible_min, plausible_max, peer_z, change_z from catalogue"
    ).df().set_index("indicator_id")
    parts = []
    for indicator_id, rows in values.groupby("indicator_id", sort=True):
        rule = rules.loc[indicator_id]
        flagged = quality.flag_values(
            rows[["area_code", "period", "value"]],
            plausible_range=(
                -np.inf if pd.isna(rule["plausible_min"]) else float(rule["plausible_min"]),
                np.inf if pd.isna(rule["plausible_max"]) else float(rule["plausible_max"]),
            ),
            peer_z=None if pd.isna(rule["peer_z"]) else float(rule["peer_z"]),
            change_z=None if pd.isna(rule["change_z"]) else float(rule["change_z"]),
            area_label="2021 districts",
        )
        parts.append(flagged[flagged["quality_flag"].notna()].assign(indicator_id=indicator_id))
    columns = ["indicator_id", "area_code", "period", "value", "quality_flag", "quality_reason"]
    flags = pd.concat(parts) if parts else pd.DataFrame(columns=columns)
    flags = flags[columns].rename(columns={"area_code": "ltla21_code"}).astype(
        {"indicator_id": str, "ltla21_code": str, "period": str, "value": float,
         "quality_flag": str, "quality_reason": str}
    )
    con.register("flags_df", flags)
    con.execute(
        "create or replace temp table int_quality_flags_lad21 as select * from flags_df"
        " order by indicator_id, ltla21_code, period"
    )
    con.unregister("flags_df")
    return len(flags)


#: each flagged value in ``indicator_values`` becomes one ``build_issues`` row (run after the
#: statistics stage, which applies the range rule to every other row)
QUALITY_ISSUES_SQL = """
insert into build_issues
select
    'quality_gates' as source,
    'indicator_values' as stage,
    area_code,
    'Quality flag ' || quality_flag || ': ' || indicator_id || ' ' || period
        || coalesce(' (' || nullif(category, '') || ')', '')
        || coalesce(' = ' || round(value, 2), ' (no value)') || ': ' || quality_reason
        || '. Kept with its flag; left out of means, indices, rankings, comparisons and'
        || ' investment sizing' as reason,
    cast(1 as bigint) as n_rows
from indicator_values
where quality_flag is not null
order by indicator_id, area_code, period
"""


#: exact nestings for secondary suppression: (parent, child geography, child) where every
#: child of that geography overlapping the parent lies wholly inside it (all weights 1), so the
#: parent's count is the sum of the children's. A unitary authority's row as its own child
#: (district and upper tier share one code) is left out.
NESTING_SQL = """
select parent_code, child_geography, child_code
from area_lookup
where child_code <> parent_code
qualify min(weight) over (partition by parent_code, parent_geography, child_geography) = 1
order by parent_code, child_geography, child_code
"""

#: the breakdown cell each LSOA falls in: its national IMD 2025 decile (int_values_lsoa)
LSOA_CATEGORIES_SQL = """
select lsoa21_code as area_code,
    'IMD 2025 national decile of LSOA (1 = most deprived)' as category_type,
    cast(imd_decile as varchar) as category
from int_lsoa_measures
where imd_decile is not null
order by lsoa21_code
"""


def build_statistics(con: duckdb.DuckDBPyConnection, log: Callable[[str], None] = print) -> None:
    """Values, 95% and 99.8% limits, England comparison and suppression, primary and
    secondary across breakdowns and nested geographies (`etl.statistics`)."""
    # in key order, so that results and the row a statistics error names do not depend on
    # the order DuckDB's threads produced the rows in
    raw = con.execute(
        "select * from int_indicator_values_raw order by indicator_id, area_code, period, sex,"
        " age, category_type, category"
    ).df()
    catalogue = con.execute("select * from catalogue").df()
    nesting = con.execute(NESTING_SQL).df()
    lsoa_categories = con.execute(LSOA_CATEGORIES_SQL).df()
    try:
        values = statistics.compute_indicator_values(
            raw, catalogue, nesting=nesting, lsoa_categories=lsoa_categories, log=log
        )
    except statistics.StatisticsError as exc:
        msg = f"statistics failed for {exc}"
        raise BuildError(msg) from exc
    con.register("values_df", values)
    con.execute(
        "create or replace table indicator_values as select indicator_id, area_code, period, sex,"
        " age, category_type, category, value, lower_95, upper_95, lower_998, upper_998,"
        ' "count", denominator, compared_to_england, is_suppressed, note,'
        " cast(quality_flag as varchar) as quality_flag,"
        " cast(quality_reason as varchar) as quality_reason from values_df"
        " order by indicator_id, area_code, period, sex, age, category_type, category"
    )
    con.unregister("values_df")
    con.execute(QUALITY_ISSUES_SQL)


def build_inequality(con: duckdb.DuckDBPyConnection) -> int:
    """Deprivation-decile SII and RII of every (indicator, area, period) with an LSOA-decile
    breakdown, written to ``inequality_sii`` (returns its row count); and the SII across
    area deciles of each preventive measure and page geography, ``area_gradient_sii``
    (`etl.inequality`). Runs after the final phase (it reads ``area_totals`` and
    ``indicators``)."""
    deciles = con.execute(inequality.DECILES_SQL, {"decile_type": inequality.DECILE_TYPE}).df()
    catalogue = con.execute("select indicator_id, value_type, unit from catalogue").df()
    table = inequality.decile_sii(deciles, catalogue)
    con.register("sii_df", table)
    con.execute(
        "create or replace table inequality_sii as select * from sii_df"
        " order by indicator_id, area_code, period"
    )
    con.unregister("sii_df")
    gradients = inequality.area_gradients(
        con.execute("select area_code, geography, population from areas").df(),
        con.execute(
            "select indicator_id, area_code, period, value from area_totals"
            " where quality_flag is null and not coalesce(is_suppressed, false)"
            " and value is not null"
        ).df(),
        con.execute("select indicator_id, geographies, periods from indicators").df(),
    )
    con.register("gradients_df", gradients)
    con.execute(
        "create or replace table area_gradient_sii as select * from gradients_df"
        " order by indicator_id, geography"
    )
    con.unregister("gradients_df")
    return len(table)
