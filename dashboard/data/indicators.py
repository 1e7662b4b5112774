"""Indicators: the catalogue, areas, map values, England rows, trends, profiles, spreads and
the build's deprivation gradients (decile SIIs), read from the warehouse's final tables."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from core.geographies import ENGLAND, GEOGRAPHY_ORDER
from dashboard.data.warehouse import cache_key, read_frame, register_cache

DECILE_TYPE = "IMD 2025 national decile of LSOA (1 = most deprived)"


# One area-total row per (indicator, area, period): the build's final table ``area_totals``
# (the row with no category breakdown, preferring 'Persons' / 'All ages'; see
# etl/sql/final/area_totals.sql). A subquery, so callers write ``from ({AREA_TOTALS_SQL})``.
AREA_TOTALS_SQL = "select * from area_totals"


# The same rows without values flagged by the build's quality gates (``quality_flag``): what
# indices, rankings, spreads and investment sizing are built from. Views that show values read
# AREA_TOTALS_SQL and mark flagged ones with their reason.
USABLE_TOTALS_SQL = "select * from area_totals where quality_flag is null"


def flag_text(reason: object) -> str:
    """'Flagged: <reason>; not used in comparisons, indices or sizing' for a flagged value."""
    return (f"Flagged as implausible: {reason}. Kept for reference, not used in comparisons, "
            "indices, rankings or investment sizing")


@register_cache
@lru_cache(maxsize=4)
def _catalogue(key: str) -> pd.DataFrame:
    frame = read_frame("select * from indicators order by domain, name")
    frame["geographies"] = frame["geographies"].map(
        lambda g: [x for x in GEOGRAPHY_ORDER if x in list(g)]
    )
    frame["periods"] = frame["periods"].map(list)
    return frame.set_index("indicator_id", drop=False)


def catalogue() -> pd.DataFrame:
    """The indicator catalogue, indexed by indicator_id."""
    return _catalogue(cache_key())


def indicator(indicator_id: str) -> dict:
    """Catalogue entry of one indicator as a dict (KeyError if unknown)."""
    return catalogue().loc[indicator_id].to_dict()


@register_cache
@lru_cache(maxsize=16)
def _areas(key: str, geography: str) -> pd.DataFrame:
    return read_frame(
        "select area_code, area_name, population from areas where geography = ? "
        "order by area_code",
        [geography],
    )


def areas(geography: str) -> pd.DataFrame:
    """Areas of a geography, ordered by code: area_code, area_name, population."""
    return _areas(cache_key(), geography)


def area_name(area_code: str) -> str | None:
    """Name of an area, or None when the code is unknown."""
    out = read_frame("select area_name from areas where area_code = ? limit 1", [area_code])
    return None if out.empty else str(out.iloc[0, 0])


def search_areas(geography: str, text: str | None, limit: int = 50) -> pd.DataFrame:
    """Areas of a geography whose name or code contains ``text`` (case-insensitive)."""
    frame = areas(geography)
    if text:
        needle = text.strip().lower()
        hit = frame["area_name"].str.lower().str.contains(needle, regex=False) | frame[
            "area_code"
        ].str.lower().str.startswith(needle)
        frame = frame[hit]
    return frame.head(limit)


@register_cache
@lru_cache(maxsize=32)
def _map_values(key: str, indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    return read_frame(
        f"""
        with totals as ({AREA_TOTALS_SQL})
        select a.area_code, a.area_name, v.period, v.sex, v.age, v.value, v.lower_95,
               v.upper_95, v.lower_998, v.upper_998, v.count, v.denominator,
               v.compared_to_england, v.is_suppressed, v.note, v.quality_flag,
               v.quality_reason
        from areas a
        left join totals v
          on v.area_code = a.area_code and v.indicator_id = ? and v.period = ?
        where a.geography = ?
        order by a.area_code
        """,
        [indicator_id, period, geography],
    )


def map_values(indicator_id: str, geography: str, period: str) -> pd.DataFrame:
    """One row per area of the geography (ordered by code), value columns NULL when missing."""
    return _map_values(cache_key(), indicator_id, geography, period).copy()


@register_cache
@lru_cache(maxsize=2)
def _england_rows(key: str) -> dict[tuple[str, str], dict]:
    out = read_frame(f"select * from ({AREA_TOTALS_SQL}) where area_code = ?", [ENGLAND])
    return {(r["indicator_id"], r["period"]): r for r in out.to_dict("records")}


def england_row(indicator_id: str, period: str) -> dict | None:
    """England's area-total row for an indicator and period (every England row is read once
    per build: a few thousand rows)."""
    row = _england_rows(cache_key()).get((indicator_id, period))
    return None if row is None else dict(row)


def trend(indicator_id: str, area_code: str) -> pd.DataFrame:
    """All periods of an indicator for an area and England: area_code, period, value, CIs."""
    return read_frame(
        f"""select area_code, period, value, lower_95, upper_95, is_suppressed, quality_flag,
        quality_reason
        from ({AREA_TOTALS_SQL}) where indicator_id = ? and area_code in (?, ?)
        order by period""",
        [indicator_id, area_code, ENGLAND],
    )


@register_cache
@lru_cache(maxsize=16)
def _spread(key: str, geography: str) -> pd.DataFrame:
    return read_frame(
        f"""
        select v.indicator_id, v.period, min(v.value) as min_value,
               quantile_cont(v.value, 0.25) as q25, quantile_cont(v.value, 0.75) as q75,
               max(v.value) as max_value, count(v.value) as n_areas
        from ({USABLE_TOTALS_SQL}) v join areas a on a.area_code = v.area_code and a.geography = ?
        group by all
        """,
        [geography],
    )


def profile(area_code: str, geography: str) -> pd.DataFrame:
    """Every indicator for one area at its latest period, with England and the spread.

    Columns: indicator_id, name, domain, unit, polarity, value_type, source, licence,
    period, value, lower_95, upper_95, compared_to_england, is_suppressed, quality_flag,
    quality_reason, england, min_value, q25, q75, max_value, n_areas. The spread leaves out
    values flagged by the quality gates.
    """
    values = read_frame(
        f"""select indicator_id, period, value, lower_95, upper_95, compared_to_england,
                   is_suppressed, quality_flag, quality_reason
            from ({AREA_TOTALS_SQL}) where area_code = ?""",
        [area_code],
    )
    if values.empty:
        return values
    cat = catalogue()
    values["order"] = values.apply(
        lambda r: cat.loc[r.indicator_id, "periods"].index(r.period)
        if r.period in cat.loc[r.indicator_id, "periods"]
        else -1,
        axis=1,
    )
    latest = values.sort_values("order").groupby("indicator_id").tail(1).drop(columns="order")
    england = read_frame(
        f"select indicator_id, period, value as england from ({AREA_TOTALS_SQL}) where area_code = ?",
        [ENGLAND],
    )
    out = latest.merge(england, on=["indicator_id", "period"], how="left").merge(
        _spread(cache_key(), geography), on=["indicator_id", "period"], how="left"
    )
    meta = cat[["indicator_id", "name", "domain", "unit", "polarity", "value_type", "source",
                "licence"]].reset_index(drop=True)
    out = meta.merge(out, on="indicator_id", how="inner")
    return out.sort_values(["domain", "name"]).reset_index(drop=True)


def decile_sii(indicator_id: str, area_code: str, period: str) -> dict | None:
    """The build's SII and RII across IMD 2025 deciles for an indicator, area and period
    (``inequality_sii``: sii, sii_lower_95, sii_upper_95, rii, rii_lower_95, rii_upper_95,
    n_deciles, decile_cis, note); None when the area has no decile values."""
    out = read_frame(
        """select * from inequality_sii
        where indicator_id = ? and area_code = ? and period = ?""",
        [indicator_id, area_code, period],
    )
    if out.empty:
        return None
    row = out.iloc[0].to_dict()
    return {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in row.items()}


def area_gradient_sii(indicator_id: str, geography: str) -> dict | None:
    """The build's SII of a preventive measure across population-weighted deciles of the
    geography's areas (``area_gradient_sii``: period, n_groups, sii, sii_lower_95,
    sii_upper_95); None when the geography holds no values of it."""
    out = read_frame(
        "select * from area_gradient_sii where indicator_id = ? and geography = ?",
        [indicator_id, geography],
    )
    if out.empty:
        return None
    row = out.iloc[0].to_dict()
    return {k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in row.items()}


def deciles(indicator_id: str, area_code: str, period: str) -> pd.DataFrame:
    """IMD 2025 decile rows (1 = most deprived) of an indicator for an area, with population.

    Population is the ``population_total`` decile row for the same area, else the denominator.
    """
    return read_frame(
        """
        with v as (
            select cast(category as integer) as decile, value, lower_95, upper_95,
                   count, denominator
            from indicator_values
            where indicator_id = ? and area_code = ? and period = ? and category_type = ?
        ), p as (
            select cast(category as integer) as decile, max(value) as population
            from indicator_values
            where indicator_id = 'population_total' and area_code = ? and category_type = ?
            group by 1
        )
        select v.*, coalesce(p.population, v.denominator) as population
        from v left join p using (decile)
        order by decile
        """,
        [indicator_id, area_code, period, DECILE_TYPE, area_code, DECILE_TYPE],
    )
