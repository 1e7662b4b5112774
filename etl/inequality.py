"""Slope and relative indices of inequality across IMD 2025 deciles, computed once per build.

Every (indicator, area, period) with an LSOA-decile breakdown in ``indicator_values`` gets one
row of ``inequality_sii``: the SII and RII of :func:`core.methods.slope_index` with their simulated 95%
limits (seeded, so a rebuild gives the same figures), or a note saying why none was computed.
The pages read the table; no request simulates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import geographies, indices, methods, periods, themes

DECILE_TYPE = "IMD 2025 national decile of LSOA (1 = most deprived)"
#: the seed and number of draws of the simulated limits (values as proportions of 1 or rates
#: with CIs); values without CIs are fitted exactly (1,000 draws of zero variance)
SEED = 1
REPETITIONS = 10_000

#: each area's decile rows with the decile's population (the ``population_total`` decile row
#: of the same area, else the row's denominator), in decile order
DECILES_SQL = """
with v as (
    select indicator_id, area_code, period, cast(category as integer) as decile, value,
        lower_95, upper_95, denominator
    from indicator_values
    where category_type = $decile_type
), p as (
    select area_code, cast(category as integer) as decile, max(value) as population
    from indicator_values
    where indicator_id = 'population_total' and category_type = $decile_type
    group by all
)
select v.indicator_id, v.area_code, v.period, v.decile, v.value, v.lower_95, v.upper_95,
    coalesce(p.population, v.denominator) as population
from v left join p using (area_code, decile)
order by v.indicator_id, v.area_code, v.period, v.decile
"""

COLUMNS = ["indicator_id", "area_code", "period", "n_deciles", "decile_cis", "sii",
           "sii_lower_95", "sii_upper_95", "rii", "rii_lower_95", "rii_upper_95", "note"]


def sii_for(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """SII and RII across deciles via core.methods.slope_index (proportions as fractions).

    ``frame``: decile, population, value, lower_95, upper_95 (one row a decile); ``meta``: the
    indicator's value_type and unit. Percentages are modelled as proportions and the SII given
    back in percentage points; crude and standardised rates on the log scale; values without
    CIs (modelled travel times, scores) as exact values with zero uncertainty.
    """
    value, lower, upper = frame["value"], frame["lower_95"], frame["upper_95"]
    kind, mult = "other", 1.0
    if meta["value_type"] == "proportion" and str(meta["unit"]).startswith("%"):
        kind, mult = "proportion", 100.0
        value, lower, upper = value / 100, lower / 100, upper / 100
    elif meta["value_type"] in ("crude_rate", "directly_standardised_rate"):
        kind = "rate"
    if lower.isna().any() or upper.isna().any():
        # no CIs (e.g. modelled travel times): the point estimate with zero uncertainty
        return methods.sii(frame["decile"], frame["population"], value,
                           se=np.zeros(len(frame)),
                           value_type="other",  # exact values: no scale to model (0 and 100%)
                           multiplier=mult, repetitions=1000, rii=True, seed=SEED)
    return methods.sii(frame["decile"], frame["population"], value, lower_cl=lower,
                       upper_cl=upper, value_type=kind, multiplier=mult,
                       repetitions=REPETITIONS, rii=True, seed=SEED)


def decile_sii(deciles: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator_id, area_code, period) of ``deciles`` (the rows of
    :data:`DECILES_SQL`) with at least one decile value: columns :data:`COLUMNS`.

    ``n_deciles`` counts deciles with a value and a population (the SII needs at least 5);
    ``decile_cis`` is true when each of them has both 95% limits. Without them the SII has no
    CI (limits NULL). Where :func:`core.methods.slope_index` refuses the data, every figure is NULL and
    ``note`` holds its message (e.g. ``number of quantiles must be between 5 and 100``).

    The figures are :func:`sii_for`'s, group by group, computed by :func:`core.methods.slope_index_many`
    (one call per set of options: value type, multiplier, with or without CIs), which makes
    the same draws and gives the same numbers without a pandas round trip per group.
    """
    meta = catalogue.set_index("indicator_id")[["value_type", "unit"]].to_dict("index")
    keys = ["indicator_id", "area_code", "period"]
    shown = deciles[deciles["value"].notna()].reset_index(drop=True)
    shown["group"] = shown.groupby(keys, sort=True).ngroup()
    out = shown.groupby("group", sort=True)[keys].first()
    used = shown[shown["population"].notna()]
    out["n_deciles"] = used.groupby("group").size().reindex(out.index, fill_value=0)
    cis = (used["lower_95"].notna() & used["upper_95"].notna()).groupby(used["group"]).all()
    out["decile_cis"] = cis.reindex(out.index, fill_value=True).astype(bool)
    # the options of sii_for, group by group, then one sii_many call per set of options
    kinds = {ind: _kind(meta[ind]) for ind in out["indicator_id"].unique()}
    out["kind"] = out["indicator_id"].map(lambda ind: kinds[ind][0])
    out["mult"] = out["indicator_id"].map(lambda ind: kinds[ind][1])
    frame = used.join(out[["kind", "mult", "decile_cis"]], on="group")
    names = ["sii", "sii_lower", "sii_upper", "rii", "rii_lower", "rii_upper"]
    results = []
    for (kind, mult, has_ci), part in frame.groupby(["kind", "mult", "decile_cis"]):
        value = part["value"].to_numpy(float)
        lower = part["lower_95"].to_numpy(float)
        upper = part["upper_95"].to_numpy(float)
        if kind == "proportion":
            value, lower, upper = value / 100, lower / 100, upper / 100
        if has_ci:
            res = methods.sii_many(part["group"], part["decile"], part["population"], value,
                                   lower_cl=lower, upper_cl=upper, value_type=kind,
                                   multiplier=mult, repetitions=REPETITIONS, rii=True,
                                   seed=SEED)
        else:
            res = methods.sii_many(part["group"], part["decile"], part["population"], value,
                                   se=np.zeros(len(part)), value_type="other",
                                   multiplier=mult, repetitions=1000, rii=True, seed=SEED,
                                   limits=False)  # zero variance: only the point figures
        results.append(res)
    # groups whose every decile lacks a population: sii of nothing
    empty = out.index[out["n_deciles"] == 0]
    if len(empty):
        try:
            methods.sii([], [], [], se=[], rii=True, seed=SEED, repetitions=1000)
        except ValueError as err:
            message = str(err)
        results.append(pd.DataFrame({"note": message}, index=empty))
    res = pd.concat(results).reindex(out.index)
    out["note"] = res["note"]
    for name in names:
        column = name.replace("lower", "lower_95").replace("upper", "upper_95")
        figures = res[name].where(res["note"] == "")
        out[column] = figures if name in ("sii", "rii") else figures.where(out["decile_cis"])
    out = out.reset_index(drop=True)[COLUMNS]
    floats = [c for c in COLUMNS if c.startswith(("sii", "rii"))]
    return out.astype({**dict.fromkeys(floats, float), "n_deciles": "int64",
                       "decile_cis": bool, "note": str})


def _kind(meta: dict) -> tuple[str, float]:
    """The value_type and multiplier :func:`sii_for` models an indicator with."""
    if meta["value_type"] == "proportion" and str(meta["unit"]).startswith("%"):
        return "proportion", 100.0
    if meta["value_type"] in ("crude_rate", "directly_standardised_rate"):
        return "rate", 1.0
    return "other", 1.0


#: the preventive-services page's area-decile gradients: one row per (indicator_id, geography)
AREA_COLUMNS = ["indicator_id", "geography", "period", "n_groups", "sii", "sii_lower_95",
                "sii_upper_95"]


def area_gradient(
    values: pd.Series, deprivation: pd.Series, population: pd.Series
) -> tuple[pd.DataFrame, dict | None]:
    """Area-decile gradient of one measure and its SII (95% CI from between-area variation).

    Returns the decile table (`etl.indices.area_deciles`) and {'sii', 'sii_lower',
    'sii_upper'} in the measure's unit (None when fewer than 5 groups have data, e.g. a
    measure published for one region only).
    """
    table = indices.area_deciles(values, deprivation, population)
    if len(table) < 5:
        return table, None
    result = methods.sii(table["decile"], table["population"], table["value"],
                         se=table["se"], value_type="other", repetitions=REPETITIONS,
                         seed=SEED)
    row = result.iloc[0]
    return table, {"sii": float(row["sii"]), "sii_lower": float(row["sii_lower"]),
                   "sii_upper": float(row["sii_upper"])}


def area_gradients(
    areas: pd.DataFrame, totals: pd.DataFrame, catalogue: pd.DataFrame
) -> pd.DataFrame:
    """The SII of every preventive measure (`etl.themes.PREVENTIVE_MEASURES`) across
    population-weighted deciles of the areas of each page geography
    (`etl.geographies.LOCAL_GEOGRAPHIES`), ranked by IMD 2025 average score, at the measure's
    latest period: columns :data:`AREA_COLUMNS`.

    ``areas``: area_code, geography, population; ``totals``: indicator_id, area_code, period,
    value (usable area totals: not suppressed, not flagged, with a value); ``catalogue``:
    indicator_id, geographies and periods (the ``indicators`` table: a measure is read for a
    geography that holds values, at its latest period of all, as the page reads it). A measure
    without the geography gets no row; with fewer than 5 groups, NULL figures.
    """
    meta = catalogue.set_index("indicator_id")
    rows = []
    by_key = {k: g.set_index("area_code")["value"]
              for k, g in totals.groupby(["indicator_id", "period"], sort=False)}
    for geography in geographies.LOCAL_GEOGRAPHIES:
        frame = areas[areas["geography"] == geography].sort_values("area_code")
        frame = frame.set_index("area_code")
        columns = {}
        for ind in (*themes.PREVENTIVE_MEASURES, themes.PREVENTION_DEPRIVATION):
            if ind not in meta.index or geography not in list(meta.loc[ind, "geographies"]):
                continue
            period = periods.choose_period(list(meta.loc[ind, "periods"]), None)
            if period is not None:
                found = by_key.get((ind, period), pd.Series(dtype=float))
                columns[ind] = (period, found.reindex(frame.index).astype(float))
        if themes.PREVENTION_DEPRIVATION not in columns:
            continue
        deprivation = columns[themes.PREVENTION_DEPRIVATION][1]
        for ind in themes.PREVENTIVE_MEASURES:
            if ind not in columns:
                continue
            period, values = columns[ind]
            table, sii = area_gradient(values, deprivation, frame["population"])
            rows.append({"indicator_id": ind, "geography": geography, "period": period,
                         "n_groups": len(table),
                         "sii": sii["sii"] if sii else None,
                         "sii_lower_95": sii["sii_lower"] if sii else None,
                         "sii_upper_95": sii["sii_upper"] if sii else None})
    out = pd.DataFrame(rows, columns=AREA_COLUMNS)
    return out.astype({"sii": float, "sii_lower_95": float, "sii_upper_95": float,
                       "n_groups": "int64"})
