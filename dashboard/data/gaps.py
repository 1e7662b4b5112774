"""Gaps data: theme indicator values by area, area membership, the gap table (need and
coverage indices), priority areas and the access-inequality SIIs of a theme's coverage
indicators.

Period rule: for an "as at" year Y, each indicator contributes its latest period whose first
year is <= Y ('2021/22' -> 2021, '2017-2019' -> 2017); ``None`` means the latest period.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from core import geographies, indices, themes, verdicts
from core.geographies import LSOA_CODE_COLUMN
from core.periods import choose_period, period_start_year
from dashboard.data import indicators, warehouse

# the period rule is core.periods', which the build also uses for its precomputed gradients


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


def _meta(ids: list[str]) -> dict[str, dict]:
    cat = indicators.catalogue()
    return {i: cat.loc[i].to_dict() for i in ids if i in cat.index}


def gap_table(theme_id: str, geography: str, *, within: str, parent: str | None,
              asof: int | None, weights: Mapping[str, float],
              ) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Gap table of a theme for every area of ``geography`` (England-wide standardisation),
    with data as at ``asof`` (latest when None), the theme's weights overridden by ``weights``,
    and ``in_parent`` marking the areas in ``parent`` (an area of geography ``within``).

    Returns the table (index area_code; area_name, population, the raw indicator values,
    z-scores, indices, classes, priority, and ``parent_code`` / ``in_parent`` for the filter)
    and the period used per indicator.
    """
    theme = themes.THEMES_BY_ID[theme_id]
    need_w = {k: weights.get(k, v) for k, v in theme.need_weights.items()}
    cover_w = {k: weights.get(k, v) for k, v in theme.coverage_weights.items()}
    values, periods = theme_values(theme.indicator_ids, geography, asof)
    meta = _meta(theme.indicator_ids)
    present = [i for i in theme.indicator_ids if i in values.columns]
    # an indicator with no data keeps its weight in the total (every area's share drops)
    table = indices.gap_table(values[present], meta, need_w, cover_w)
    out = values[["area_name", "population", *present]].join(table)
    member = membership(geography, within).set_index("area_code")
    out["parent_code"] = member["parent_code"].reindex(out.index)
    out["in_parent"] = True if not parent else out["parent_code"] == parent
    return out, periods


def priority_list(table: pd.DataFrame, theme_id: str, weights: Mapping[str, float],
                  limit: int = 25) -> pd.DataFrame:
    """Priority areas (high need, low coverage) within the filter, largest gap first.

    Columns: rank (England-wide priority rank), area_code, area_name, need_index,
    coverage_index, gap_score, population, need_drivers, coverage_shortfalls (indicator ids).
    """
    theme = themes.THEMES_BY_ID[theme_id]
    need_w = {k: weights.get(k, v) for k, v in theme.need_weights.items()}
    cover_w = {k: weights.get(k, v) for k, v in theme.coverage_weights.items()}
    rows = table[table["is_priority"] & table["in_parent"]].sort_values("priority_rank")
    rows = rows.head(limit)
    out = pd.DataFrame({
        "rank": rows["priority_rank"].astype(int),
        "area_code": rows.index,
        "area_name": rows["area_name"],
        "need_index": rows["need_index"],
        "coverage_index": rows["coverage_index"],
        "gap_score": rows["gap_score"],
        "population": rows["population"],
        "need_drivers": [indices.main_drivers(r, need_w) for _, r in rows.iterrows()],
        "coverage_shortfalls": [indices.main_drivers(r, cover_w, shortfall=True)
                                for _, r in rows.iterrows()],
    })
    return out.reset_index(drop=True)


def access_inequality(theme_id: str, parent: str | None,
                      periods: Mapping[str, str | None]) -> pd.DataFrame:
    """SII across IMD 2025 LSOA deciles for each coverage indicator of the theme.

    For the ``parent`` area (England when None), each indicator at ``periods`` (its latest
    when not given). Columns: indicator_id, name, unit,
    period, most_deprived, least_deprived, sii, sii_lower, sii_upper, follows_need, gradient,
    note. ``follows_need`` is True when provision is significantly better at the more deprived
    end (the SII's 95% CI excludes 0; its sign read through the indicator's polarity), False
    for an inverse-care gradient, None when the data cannot tell: the CI includes 0, or the
    decile values have no CIs (modelled measures, means of LSOA values), so the SII has none.
    ``gradient`` is the shared wording (:func:`core.verdicts.gradient_words`).
    """
    theme = themes.THEMES_BY_ID[theme_id]
    code = parent or geographies.ENGLAND
    cat = indicators.catalogue()
    rows = []
    for ind in theme.coverage_weights:
        if ind not in cat.index:
            continue
        meta = cat.loc[ind].to_dict()
        period = periods.get(ind) or (meta["periods"][-1] if meta["periods"] else None)
        row = {"indicator_id": ind, "name": meta["name"], "unit": meta["unit"],
               "period": period, "most_deprived": None, "least_deprived": None, "sii": None,
               "sii_lower": None, "sii_upper": None, "follows_need": None,
               "gradient": verdicts.CANNOT_TELL, "note": ""}
        frame = (indicators.deciles(ind, code, period).dropna(subset=["value", "population"])
                 if period else pd.DataFrame())
        if len(frame) < 5:
            row["note"] = ("No IMD decile breakdown: published for whole areas only, so the "
                           "gradient across LSOAs cannot be measured.")
            rows.append(row)
            continue
        result = indicators.decile_sii(ind, code, str(period))  # computed by the build
        row["most_deprived"] = float(frame.loc[frame["decile"].idxmin(), "value"])
        row["least_deprived"] = float(frame.loc[frame["decile"].idxmax(), "value"])
        if result is None or result["sii"] is None:
            row["note"] = "SII not computed: " + (result["note"] if result else
                                                  "not in the warehouse")
            rows.append(row)
            continue
        row["sii"] = float(result["sii"])
        if result["decile_cis"]:
            row["sii_lower"], row["sii_upper"] = (float(result["sii_lower_95"]),
                                                  float(result["sii_upper_95"]))
        else:
            # the SII of values without CIs has no CI of its own: no test of a gradient
            row["note"] = ("Modelled measure or mean of LSOA values: no confidence interval, "
                           "so the SII has none.")
        # SII > 0: higher values at the least deprived end
        favours = verdicts.favours_less_deprived(row["sii"], row["sii_lower"],
                                                 row["sii_upper"], meta["polarity"])
        row["follows_need"] = None if favours is None else not favours
        row["gradient"] = verdicts.gradient_words(row["sii"], row["sii_lower"],
                                                  row["sii_upper"], polarity=meta["polarity"],
                                                  role="provision")
        rows.append(row)
    return pd.DataFrame(rows)
