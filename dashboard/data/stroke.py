"""Warehouse reads for the stroke pathway page (through ``warehouse.read_frame``, bound
parameters): the travel-time surface, the stroke units and the units serving each area, the
pathway's indicator values, and the LSOA lookups that move an area between geographies.

Every table and column is read as ``docs/warehouse_contract.md`` publishes it (the app rebuilds
a warehouse older than its code, so no older schema is probed for).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from core import geographies
from core.geographies import LSOA_CODE_COLUMN
from dashboard.data import attribution, indicators, warehouse
from dashboard.data.warehouse import read_frame, register_cache

#: the raw inputs behind the stroke units' activity (``source_attribution`` names): the unit
#: list (2021/22 activity), SSNAP 2023/24 thrombectomy and 2023 length of stay
UNIT_SOURCES = ("stroke_units", "ssnap_thrombectomy_first_team", "ssnap_length_of_stay")
UNIT_COLUMNS = (
    "unit_code",
    "unit_name",
    "is_ivt_unit",
    "is_mt_centre",
    "country",
    "longitude",
    "latitude",
    "admissions_2021_22_count",
    "thrombolysis_2021_22_count",
    "thrombolysis_rate_pct",
    "ssnap_admissions_2023_24_count",
    "thrombectomy_2023_24_count",
    "thrombectomy_rate_2023_24_pct",
    "mean_length_of_stay_2023_days",
    "is_thrombolysis_2021_22_suppressed",
    "is_thrombectomy_2023_24_suppressed",
    "thrombolysis_rate_lower_95",
    "thrombolysis_rate_upper_95",
    "thrombectomy_rate_2023_24_lower_95",
    "thrombectomy_rate_2023_24_upper_95",
    "suppression_note",
)
SERVING_COLUMNS = (
    "geography",
    "area_code",
    "unit_kind",
    "unit_code",
    "population_served_count",
    "population_share_pct",
    "mean_minutes",
)


def _key() -> str:
    return warehouse.cache_key()


@register_cache
@lru_cache(maxsize=2)
def _lsoa_surface(key: str) -> pd.DataFrame:
    return read_frame(
        "select lsoa21_code as area_code, ivt_minutes, mt_minutes from lsoa_measures "
        "order by lsoa21_code"
    )


def lsoa_surface() -> pd.DataFrame:
    """One row per 2021 LSOA, ordered by code: area_code, ivt_minutes, mt_minutes."""
    return _lsoa_surface(_key())


@register_cache
@lru_cache(maxsize=2)
def _units(key: str) -> pd.DataFrame:
    return read_frame(f"select {', '.join(UNIT_COLUMNS)} from stroke_units order by unit_code")


def stroke_units() -> pd.DataFrame:
    """Every acute stroke unit with its flags, location and activity (UNIT_COLUMNS) as the
    ``stroke_units`` mart publishes it: counts below 5 and the rates built on them blank, the
    Wilson 95% limits and ``suppression_note`` computed by the build.
    """
    return _units(_key()).copy()


def serving_units(geography: str, area_code: str) -> pd.DataFrame:
    """Units serving an area (``area_stroke_units``) with their activity, largest share first.

    Columns: SERVING_COLUMNS then the UNIT_COLUMNS other than unit_code. Empty (same columns)
    when the table holds nothing for the area (the Isles of Scilly, an unknown code).
    """
    return _serving_units(_key(), geography, area_code).copy()


@register_cache
@lru_cache(maxsize=64)
def _serving_units(key: str, geography: str, area_code: str) -> pd.DataFrame:
    wanted = SERVING_COLUMNS + tuple(c for c in UNIT_COLUMNS if c != "unit_code")
    frame = read_frame(
        f"select {', '.join(SERVING_COLUMNS)} from area_stroke_units"
        " where geography = ? and area_code = ?",
        [geography, area_code],
    )
    out = frame.merge(stroke_units(), on="unit_code", how="left")[list(wanted)]
    order = out["unit_kind"].map({"ivt": 0, "mt": 1}).fillna(2)
    return (out.assign(_order=order)
            .sort_values(["_order", "population_share_pct"], ascending=[True, False])
            .drop(columns="_order").reset_index(drop=True))


def pathway_values(area_code: str, indicator_ids: list[str]) -> pd.DataFrame:
    """Area-total rows (every period) of the indicators for the area and England."""
    ids = [i for i in indicator_ids if i]
    if not ids:
        return pd.DataFrame()
    marks = ", ".join("?" * len(ids))
    return read_frame(
        f"""select indicator_id, area_code, period, value, lower_95, upper_95, count,
                   denominator, compared_to_england, is_suppressed, note, quality_flag,
                   quality_reason
            from ({indicators.AREA_TOTALS_SQL}) where indicator_id in ({marks}) and area_code in (?, ?)""",
        [*ids, area_code, geographies.ENGLAND],
    )


def area_of_lsoa(lsoa_code: str, geography: str) -> str | None:
    """The area of ``geography`` an LSOA lies in (None when unknown)."""
    col = LSOA_CODE_COLUMN.get(geography)
    if col is None:
        return None
    out = read_frame(
        f"select {col} from lsoa_measures where lsoa21_code = ?", [lsoa_code]
    )
    return None if out.empty or pd.isna(out.iloc[0, 0]) else str(out.iloc[0, 0])


def main_area_in(area_code: str, from_geography: str, to_geography: str) -> str | None:
    """The ``to_geography`` area holding most of the residents of an area of ``from_geography``.

    Keeps the place when the geography changes (e.g. a county -> its ICB). Counted over
    2021 LSOAs with Census 2021 populations.
    """
    src, dst = LSOA_CODE_COLUMN.get(from_geography), LSOA_CODE_COLUMN.get(to_geography)
    if src is None or dst is None:
        return None
    out = read_frame(
        f"""select {dst} as code, sum(population_count) as people from lsoa_measures
            where {src} = ? and {dst} is not null
            group by 1 order by people desc, code limit 1""",
        [area_code],
    )
    return None if out.empty else str(out.iloc[0, 0])


def geographies_holding(area_code: str) -> set[str]:
    """The geographies whose ``areas`` rows hold an area code (empty when none does)."""
    out = read_frame("select geography from areas where area_code = ?", [area_code])
    return set(out["geography"])


@register_cache
@lru_cache(maxsize=4)
def _england_serving_admissions(key: str, min_count: float) -> float:
    out = read_frame(
        """select sum(l.population_count * u.admissions_2021_22_count)
                  / sum(l.population_count) as value
           from lsoa_measures l join stroke_units u on u.unit_code = l.nearest_ivt_unit_code
           where u.admissions_2021_22_count >= ?""",
        [min_count],
    )
    return float("nan") if out.empty or pd.isna(out.iloc[0, 0]) else float(out.iloc[0, 0])


def england_serving_admissions(min_count: float) -> float:
    """England's serving units' admissions 2021/22 when ``area_stroke_units`` has no England row.

    Each LSOA's nearest IVT unit weighted by its Census 2021 residents (the nearest-unit rule);
    units with fewer than ``min_count`` admissions are left out.
    """
    return _england_serving_admissions(_key(), float(min_count))


def unit_attribution() -> pd.DataFrame:
    """Publisher, licence and vintage of the stroke units' sources (:data:`UNIT_SOURCES` the
    build holds, in that order), from the build's ``source_attribution`` table."""
    return attribution.source_attribution(UNIT_SOURCES)
