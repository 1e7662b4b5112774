"""Warehouse reads for the stroke pathway page (through ``warehouse.read_frame``, bound parameters).

Tables and columns added to the warehouse after the first release (``area_stroke_units``, the
2023/24 SSNAP columns of ``stroke_units``, ``indicators.standard``) are looked up before they are
read: when one is missing the functions return empty or all-missing columns, so the page shows
"no data" instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from core import geographies
from core.geographies import LSOA_CODE_COLUMN, STROKE_GEOGRAPHIES
from dashboard import validation
from dashboard.data import indicators, warehouse
from dashboard.data.warehouse import read_frame, register_cache

DEFAULT_AREA = "E06000008"  # Blackburn with Darwen (utla23 and ltla24)
DEFAULT_GEOGRAPHY = "utla23"
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
_TEXT_COLUMNS = {"unit_code", "unit_name", "country", "geography", "area_code", "unit_kind",
                 "suppression_note"}
_BOOL_COLUMNS = {"is_ivt_unit", "is_mt_centre", "is_thrombolysis_2021_22_suppressed",
                 "is_thrombectomy_2023_24_suppressed"}


def _key() -> str:
    return warehouse.cache_key()


@register_cache
@lru_cache(maxsize=16)
def _columns(key: str, table: str) -> tuple[str, ...]:
    out = read_frame(
        "select column_name from information_schema.columns where table_name = ? "
        "order by ordinal_position",
        [table],
    )
    return tuple(out["column_name"])


def columns(table: str) -> tuple[str, ...]:
    """Column names of a warehouse table (empty when the table does not exist)."""
    return _columns(_key(), table)


def _select(table: str, wanted: tuple[str, ...]) -> tuple[str, list[str]]:
    """``select`` list of the wanted columns the table has, and the ones it lacks."""
    have = set(columns(table))
    present = [c for c in wanted if c in have]
    return ", ".join(present), [c for c in wanted if c not in have]


def _fill_missing(frame: pd.DataFrame, wanted: tuple[str, ...]) -> pd.DataFrame:
    for col in wanted:
        if col not in frame.columns:
            if col in _TEXT_COLUMNS:
                frame[col] = pd.Series([None] * len(frame), dtype=object)
            elif col in _BOOL_COLUMNS:
                frame[col] = False
            else:
                frame[col] = float("nan")
    return frame[list(wanted)]


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
    select, missing = _select("stroke_units", UNIT_COLUMNS)
    if "unit_code" in missing:
        return _fill_missing(pd.DataFrame(), UNIT_COLUMNS)
    frame = read_frame(f"select {select} from stroke_units order by unit_code")
    return _fill_missing(frame, UNIT_COLUMNS)


def stroke_units() -> pd.DataFrame:
    """Every acute stroke unit with its flags, location and activity (UNIT_COLUMNS) as the
    ``stroke_units`` mart publishes it: counts below 5 and the rates built on them blank, the
    Wilson 95% limits and ``suppression_note`` computed by the build.

    Columns the warehouse does not have yet are present and missing (NaN), never zero.
    """
    return _units(_key()).copy()


def serving_units(geography: str, area_code: str) -> pd.DataFrame:
    """Units serving an area (``area_stroke_units``) with their activity, largest share first.

    Columns: SERVING_COLUMNS then the UNIT_COLUMNS other than unit_code. Empty (same columns)
    when the table is missing or holds nothing for the area.
    """
    return _serving_units(_key(), geography, area_code).copy()


@register_cache
@lru_cache(maxsize=64)
def _serving_units(key: str, geography: str, area_code: str) -> pd.DataFrame:
    select, missing = _select("area_stroke_units", SERVING_COLUMNS)
    wanted = SERVING_COLUMNS + tuple(c for c in UNIT_COLUMNS if c != "unit_code")
    if {"geography", "area_code", "unit_code"} & set(missing):
        return _fill_missing(pd.DataFrame(), wanted)
    frame = read_frame(
        f"select {select} from area_stroke_units where geography = ? and area_code = ?",
        [geography, area_code],
    )
    frame = _fill_missing(frame, SERVING_COLUMNS)
    out = frame.merge(stroke_units(), on="unit_code", how="left")
    out = _fill_missing(out, wanted)
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


def default_area(geography: str) -> str | None:
    """Blackburn with Darwen, or the area of the geography that holds most of it, or the first."""
    codes = set(indicators.areas(geography)["area_code"])
    if not codes:
        return None
    if DEFAULT_AREA in codes:
        return DEFAULT_AREA
    found = main_area_in(DEFAULT_AREA, DEFAULT_GEOGRAPHY, geography)
    return found if found in codes else sorted(codes)[0]


def geography_of(area_code: str) -> str | None:
    """The first map geography (STROKE_GEOGRAPHIES order) that holds an area code."""
    out = read_frame("select geography from areas where area_code = ?", [area_code])
    held = set(out["geography"])
    return next((g for g in STROKE_GEOGRAPHIES if g in held), None)


def clean(geography: Any, area: Any) -> tuple[str, str | None]:
    """A control's geography (a map geography, else the default) and area code (text, else
    None): what the page's callbacks read before anything else."""
    return (validation.choice(geography, STROKE_GEOGRAPHIES, DEFAULT_GEOGRAPHY),
            validation.text(area) or None)


def resolve(params: Mapping[str, Any], problems: list[str] | None = None) -> dict:
    """Geography and area from a (possibly partial, stale or hostile) query string, never
    empty; what was replaced is described in ``problems`` (when a list is given)."""
    notes: list[str] = [] if problems is None else problems
    geography, area = clean(params.get("geography"), params.get("area"))
    if area is None or area not in set(indicators.areas(geography)["area_code"]):
        area = default_area(geography)
    labels = {"geography": geographies.GEOGRAPHY_LABELS.get(geography, geography),
              "area": f"{indicators.area_name(area)} ({area})" if area else "no area"}
    for key, used in (("geography", geography), ("area", area)):
        given = params.get(key)
        if validation.replaced(given, used):
            notes.append(f"{key} {validation.shown(given)} is not available, showing "
                         f"{labels[key]}")
    return {"geography": geography, "area": area}


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
