"""The investment case's data access: the warehouse tables :mod:`planning.case` reads, through
``dashboard.data.warehouse.read_frame`` (read-only, bound parameters), cached per warehouse file with
caches registered by ``warehouse.register_cache``.

:class:`WarehouseData` is the :class:`planning.case.CaseData` reader of the app. From Python::

    from dashboard.data.investment import open_warehouse
    from planning import case

    data = open_warehouse("data/warehouse.duckdb")
    built = case.compute(data, case.scenario(iv="af_anticoagulation", areas=["E10000017"]))
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import geographies, themes
from core.formatting import value_text
from dashboard.data import gaps as gap_data
from dashboard.data import indicators, warehouse

__all__ = ["WarehouseData", "geometries", "open_warehouse", "warehouse_data"]


# ---------------------------------------------------------------------------
# warehouse reads (cached per warehouse file)
# ---------------------------------------------------------------------------


def _key() -> str:
    return warehouse.cache_key()


@warehouse.register_cache
@lru_cache(maxsize=8)
def _area_table(key: str, geography: str) -> pd.DataFrame:
    return warehouse.read_frame(
        "select area_code, area_name, parent_code, parent_geography, "
        "cast(population as double) as population from areas where geography = ? "
        "order by area_code",
        [geography],
    ).set_index("area_code")


@warehouse.register_cache
@lru_cache(maxsize=1)
def _lsoa_table(key: str) -> pd.DataFrame:
    return warehouse.read_frame(
        "select lsoa21_code, lsoa21_name, ltla24_code, utla23_code, icb23_code, sicbl23_code, "
        "cast(population_count as double) as population, imd_decile "
        "from lsoa_measures order by lsoa21_code"
    )


@warehouse.register_cache
@lru_cache(maxsize=32)
def _decile_counts(key: str, indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
    """An area's IMD decile cells (category = decile) of an indicator: count, is_suppressed."""
    return warehouse.read_frame(
        """select category, "count", is_suppressed from indicator_values
           where indicator_id = ? and area_code = ? and period = ? and sex = 'Persons'
             and age = 'All ages' and category_type like 'IMD 2025 national decile%'""",
        [indicator_id, area_code, period],
    ).set_index("category")


@warehouse.register_cache
@lru_cache(maxsize=32)
def _values(key: str, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    return warehouse.read_frame(
        f"""select v.area_code, v.value, v.count, v.denominator,
                   coalesce(v.is_suppressed, false) as is_suppressed, v.quality_flag,
                   v.quality_reason
            from ({indicators.AREA_TOTALS_SQL}) v
            join areas a on a.area_code = v.area_code and a.geography = ?
            where v.indicator_id = ? and v.period = ?""",
        [geography, indicator_id, period],
    ).set_index("area_code")


@warehouse.register_cache
@lru_cache(maxsize=8)
def _bboxes(key: str, geography: str) -> pd.DataFrame:
    return warehouse.read_frame(
        "select area_code, min_lon, min_lat, max_lon, max_lat from boundaries "
        "where geography = ?",
        [geography],
    ).set_index("area_code")


def geometries(geography: str, codes: list[str]) -> pd.DataFrame:
    """Boundaries (area_code, geometry_wkb, WGS84) of some areas of a geography."""
    return warehouse.read_frame(
        "select area_code, geometry_wkb from boundaries where geography = ? "
        "and area_code in (select unnest(?::varchar[]))",
        [geography, list(codes)],
    )




class WarehouseData:
    """The warehouse the dashboard reads, as a :class:`planning.case.CaseData`.

    Reads the file ``dashboard.queries`` points at (``ATLAS_WAREHOUSE``): every method is one
    cached query, so building cases for many scenarios reads each table once.
    """

    def areas(self, geography: str) -> pd.DataFrame:
        return _area_table(_key(), geography)

    def lsoas(self) -> pd.DataFrame:
        return _lsoa_table(_key())

    def catalogue(self) -> pd.DataFrame:
        return indicators.catalogue()

    def values(self, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
        return _values(_key(), indicator_id, geography, period)

    def england(self, indicator_id: str, period: str) -> dict | None:
        return indicators.england_row(indicator_id, period)

    def decile_counts(self, indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
        return _decile_counts(_key(), indicator_id, area_code, period)

    def deciles(self, indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
        return indicators.deciles(indicator_id, area_code, period)

    def bboxes(self, geography: str) -> pd.DataFrame:
        return _bboxes(_key(), geography)

    def priority_areas(self, theme: str, geography: str, within: str,
                       parent: str | None) -> tuple[list[str], str]:
        # the gaps page's priority list at its default weights and latest data
        chosen = themes.THEMES_BY_ID[theme]
        weights = {**chosen.need_weights, **chosen.coverage_weights}
        within = geographies.filter_geography(geography, within)
        if parent is not None and parent not in set(indicators.areas(within)["area_code"]):
            parent = None
        table, _ = gap_data.gap_table(theme, geography, within=within, parent=parent, asof=None,
                                      weights=weights)
        listed = gap_data.priority_list(table, theme, weights)
        return list(listed["area_code"]), chosen.name

    def geography_label(self, geography: str) -> str:
        return geographies.GEOGRAPHY_LABELS[geography]

    def value_text(self, value: float, unit: str) -> str:
        return value_text(value, unit)


_DATA = WarehouseData()


def warehouse_data() -> WarehouseData:
    """The reader of the warehouse the app is serving."""
    return _DATA


def open_warehouse(path: str | os.PathLike[str]) -> WarehouseData:
    """Point the dashboard's readers at a warehouse file and return its reader.

    Sets ``ATLAS_WAREHOUSE`` (as the app's environment does) and forgets what was cached from
    any other file; for use from Python (a notebook, a script), not while the app is serving.

    Raises
    ------
    FileNotFoundError
        ``"no warehouse at <path>: build one with 'python -m etl build'"``.
    """
    file = Path(path)
    if not file.is_file():
        msg = f"no warehouse at {file}: build one with 'python -m etl build'"
        raise FileNotFoundError(msg)
    if warehouse.warehouse_path() != file:
        os.environ["ATLAS_WAREHOUSE"] = str(file)
        warehouse.clear_caches()
    return _DATA
