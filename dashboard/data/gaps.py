"""Warehouse reads for the gaps page: theme indicator values by area, and area membership.

Period rule: for an "as at" year Y, each indicator contributes its latest period whose first
year is <= Y ('2021/22' -> 2021, '2017-2019' -> 2017); ``None`` means the latest period.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from core.geographies import LSOA_CODE_COLUMN
from core.periods import choose_period, period_start_year
from dashboard.data import indicators, warehouse

# the period rule lives with the build (etl.indices), which precomputes gradients by it


def years_available(indicator_ids: list[str]) -> list[int]:
    """First years of every period of the indicators, newest first (for the 'as at' menu)."""
    cat = indicators.catalogue()
    years = {
        period_start_year(p)
        for i in indicator_ids
        if i in cat.index
        for p in cat.loc[i, "periods"]
    }
    return sorted(years, reverse=True)


@warehouse.register_cache
@lru_cache(maxsize=32)
def _values(key: str, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    return warehouse.read_frame(
        f"""select v.area_code, v.value
            from ({indicators.USABLE_TOTALS_SQL}) v
            join areas a on a.area_code = v.area_code and a.geography = ?
            where v.indicator_id = ? and v.period = ? and not coalesce(v.is_suppressed, false)
              and v.value is not null""",
        [geography, indicator_id, period],
    )


def theme_values(
    indicator_ids: list[str], geography: str, as_of: int | None
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Wide frame of values (index area_code; area_name, population, one column per indicator
    found) for every area of the geography, and the period used for each indicator (None when
    the indicator is missing from the warehouse or has no period by ``as_of``).
    Suppressed values and values flagged by the build's quality gates are left out (missing),
    never zero (see :func:`flagged_values`).
    """
    frame = indicators.areas(geography).set_index("area_code")[["area_name", "population"]].copy()
    cat = indicators.catalogue()
    periods: dict[str, str | None] = {}
    key = warehouse.cache_key()
    for ind in indicator_ids:
        if ind not in cat.index or geography not in cat.loc[ind, "geographies"]:
            periods[ind] = None
            continue
        period = choose_period(list(cat.loc[ind, "periods"]), as_of)
        periods[ind] = period
        if period is None:
            continue
        values = _values(key, ind, geography, period).set_index("area_code")["value"]
        frame[ind] = values.reindex(frame.index).astype(float)
    return frame, periods


@warehouse.register_cache
@lru_cache(maxsize=32)
def _flagged(key: str, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    return warehouse.read_frame(
        f"""select v.area_code, a.area_name, v.value, v.quality_reason
            from ({indicators.AREA_TOTALS_SQL}) v
            join areas a on a.area_code = v.area_code and a.geography = ?
            where v.indicator_id = ? and v.period = ? and v.quality_flag is not null
            order by a.area_name""",
        [geography, indicator_id, period],
    )


def flagged_values(geography: str, periods: dict[str, str | None]) -> pd.DataFrame:
    """Values the build's quality gates flagged, for each indicator at its period: columns
    indicator_id, period, area_code, area_name, value, quality_reason (left out of
    :func:`theme_values`, so shown to the user as a note)."""
    key = str(warehouse.warehouse_path())
    frames = [
        _flagged(key, ind, geography, period).assign(indicator_id=ind, period=period)
        for ind, period in periods.items() if period is not None
    ]
    columns = ["indicator_id", "period", "area_code", "area_name", "value", "quality_reason"]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames)[columns] if frames else pd.DataFrame(columns=columns)


@warehouse.register_cache
@lru_cache(maxsize=16)
def _membership(key: str, geography: str, parent_geography: str) -> pd.DataFrame:
    if geography == "lsoa21":
        return warehouse.read_frame(
            f"select lsoa21_code as area_code, {LSOA_CODE_COLUMN[parent_geography]} "
            "as parent_code, 1.0 as share from lsoa_measures"
        )
    column = LSOA_CODE_COLUMN[parent_geography]
    child = LSOA_CODE_COLUMN[geography]
    return warehouse.read_frame(
        f"""
        with s as (
            select {child} as area_code, {column} as parent_code,
                   sum(population_count) as pop
            from lsoa_measures group by all
        )
        select area_code, parent_code, pop / sum(pop) over (partition by area_code) as share
        from s
        qualify row_number() over (partition by area_code order by pop desc, parent_code) = 1
        """
    )


def membership(geography: str, parent_geography: str) -> pd.DataFrame:
    """Each area of ``geography`` with the parent area holding most of its residents.

    Columns: area_code, parent_code, share (0-1, share of the area's Census 2021 residents in
    that parent; below 1 where boundaries cross, e.g. a district split between two ICBs).
    """
    if geography not in {*LSOA_CODE_COLUMN, "lsoa21"} or parent_geography not in (
        LSOA_CODE_COLUMN
    ):
        msg = f"no membership of {geography!r} in {parent_geography!r}"
        raise KeyError(msg)
    return _membership(warehouse.cache_key(), geography, parent_geography).copy()
