"""Need and coverage indices, and the bivariate "gap" classes built from them (pure functions).

A *theme* (stroke pathway, preventive services) names the catalogue indicators that measure
need and those that measure provision or coverage, each with a default weight. For one
geography (every area of it in England):

1. **Standardise** each indicator to a z-score over England's areas of that geography:
   ``z = sign * (x - mean) / sd`` with the unweighted mean and standard deviation of the areas'
   values, oriented so that a higher z always means *more need* (need indicators) or *more
   coverage* (provision indicators): the sign comes from the indicator's polarity. z is then
   winsorised to [-3, 3] so that one extreme area (e.g. an island's travel time) cannot
   dominate a composite.
2. **Combine** the z-scores into an index: the weighted mean of the z-scores an area has, the
   weights renormalised over the indicators present. An area whose present indicators carry
   less than ``min_weight_share`` (default 0.5) of the theme's total weight gets no index
   (missing, not zero).
3. **Classify** need and coverage into tertiles over the areas that have both indices (class
   1 = lowest third, 3 = highest third) and cross them into nine bivariate classes. Priority
   areas are those with need class 3 and coverage class 1; within the list they are ranked by
   ``need_index - coverage_index`` (the gap score, in standard deviations).

The themes and their default weights are in :mod:`core.themes`; weights are editable in the app.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from core.themes import CLASS_WORDS

Z_CAP = 3.0
DEFAULT_MIN_WEIGHT_SHARE = 0.5
N_CLASSES = 3


def orientation(polarity: str, role: str) -> int:
    """+1 if a higher value means more need (role 'need') or more coverage (role 'provision').

    Need: 'lower_is_better' -> +1 (e.g. mortality), 'higher_is_better' -> -1 (life expectancy).
    Provision: 'higher_is_better' -> +1 (coverage %), 'lower_is_better' -> -1 (minutes, km).
    'no_judgement' counts as +1 (a higher value is more of the thing measured).
    """
    if role not in ("need", "provision"):
        msg = f"role must be 'need' or 'provision', not {role!r}"
        raise ValueError(msg)
    if polarity not in ("higher_is_better", "lower_is_better", "no_judgement"):
        msg = f"unknown polarity {polarity!r}"
        raise ValueError(msg)
    if polarity == "no_judgement":
        return 1
    good_is_high = polarity == "higher_is_better"
    if role == "need":
        return -1 if good_is_high else 1
    return 1 if good_is_high else -1


def standardise(values: pd.Series, sign: int = 1, cap: float = Z_CAP) -> pd.Series:
    """z-scores over the areas given: sign * (x - mean) / sd, winsorised to [-cap, cap].

    Mean and sample standard deviation (ddof=1) are unweighted, over non-missing values.
    Missing values stay missing. With fewer than two distinct values every present z is 0.
    """
    if sign not in (1, -1):
        msg = "sign must be +1 or -1"
        raise ValueError(msg)
    x = pd.to_numeric(values, errors="coerce").astype(float)
    present = x.dropna()
    sd = float(present.std(ddof=1)) if len(present) > 1 else 0.0
    if not np.isfinite(sd) or sd == 0.0:
        return x.where(x.isna(), 0.0)
    z = sign * (x - float(present.mean())) / sd
    return z.clip(-cap, cap)


def composite_index(
    z: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    min_weight_share: float = DEFAULT_MIN_WEIGHT_SHARE,
) -> pd.DataFrame:
    """Weighted mean of the z-score columns named in ``weights``, renormalised per row.

    Returns columns ``index`` (NaN when the present columns carry less than
    ``min_weight_share`` of the total weight, or all weights are 0) and ``weight_share``
    (0-1, the share of the total weight the row had). Columns missing from ``z`` count as
    missing for every row.
    """
    if not 0 < min_weight_share <= 1:
        msg = "min_weight_share must be in (0, 1]"
        raise ValueError(msg)
    bad = {k: w for k, w in weights.items() if not (w >= 0 and np.isfinite(w))}
    if bad:
        msg = f"weights must be finite and >= 0: {bad}"
        raise ValueError(msg)
    used = {k: float(w) for k, w in weights.items() if w > 0}
    total = sum(used.values())
    if total == 0:
        return pd.DataFrame({"index": np.nan, "weight_share": 0.0}, index=z.index)
    cols = pd.DataFrame(
        {k: z[k] if k in z.columns else np.nan for k in used}, index=z.index, dtype=float
    )
    w = pd.Series(used)
    present = cols.notna()
    share = present.mul(w, axis=1).sum(axis=1) / total
    weighted = cols.fillna(0.0).mul(w, axis=1).sum(axis=1)
    denom = present.mul(w, axis=1).sum(axis=1)
    index = (weighted / denom.where(denom > 0)).where(share >= min_weight_share - 1e-12)
    return pd.DataFrame({"index": index, "weight_share": share})


def tertile_classes(values: pd.Series) -> pd.Series:
    """Class 1-3 by thirds of the ranked values (1 = lowest third); missing stays missing.

    Ranks use the 'first' method so equal values are split evenly; with n values the class
    of rank r (1-based) is ceil(3 r / n).
    """
    x = pd.to_numeric(values, errors="coerce").astype(float)
    out = pd.Series(np.nan, index=x.index)
    ok = x.notna()
    n = int(ok.sum())
    if n == 0:
        return out
    ranks = x[ok].rank(method="first")
    out[ok] = np.ceil(N_CLASSES * ranks / n).clip(1, N_CLASSES)
    return out


def bivariate_classes(need: pd.Series, coverage: pd.Series) -> pd.DataFrame:
    """Need and coverage tertiles over areas having both, and the 3x3 class.

    Columns: need_class, coverage_class (1-3 or NaN), bivariate_class (0-8 =
    3*(need_class-1) + (coverage_class-1), NaN when either is missing), label (the map's
    colours are ``dashboard.theme.BIVARIATE_COLOURS``).
    """
    both = need.notna() & coverage.notna()
    need_class = tertile_classes(need.where(both))
    coverage_class = tertile_classes(coverage.where(both))
    code = 3 * (need_class - 1) + (coverage_class - 1)
    labels = [
        f"{CLASS_WORDS[int(n) - 1]} need, {CLASS_WORDS[int(c) - 1]} coverage"
        if not (np.isnan(n) or np.isnan(c))
        else "no data"
        for n, c in zip(need_class, coverage_class, strict=True)
    ]
    return pd.DataFrame(
        {
            "need_class": need_class,
            "coverage_class": coverage_class,
            "bivariate_class": code,
            "label": labels,
        },
        index=need.index,
    )


def gap_table(
    values: pd.DataFrame,
    meta: Mapping[str, Mapping[str, str]],
    need_weights: Mapping[str, float],
    coverage_weights: Mapping[str, float],
    *,
    min_weight_share: float = DEFAULT_MIN_WEIGHT_SHARE,
) -> pd.DataFrame:
    """Indices, classes and priority order for every area (one row per row of ``values``).

    ``values``: one column per indicator id (area rows, e.g. indexed by area code).
    ``meta``: indicator id -> {'polarity': ..., 'role': ...} from the catalogue.
    Adds per indicator a ``z_<id>`` column, then need_index, need_weight_share,
    coverage_index, coverage_weight_share, gap_score (need - coverage, standard deviations),
    the bivariate columns, ``is_priority`` (need class 3 and coverage class 1) and
    ``priority_rank`` (1 = largest gap score among priority areas, else NaN).
    """
    out = pd.DataFrame(index=values.index)
    z = pd.DataFrame(index=values.index)
    for ind, role in [(k, "need") for k in need_weights] + [
        (k, "provision") for k in coverage_weights
    ]:
        if ind not in values.columns:
            continue
        sign = orientation(meta[ind]["polarity"], role)
        z[ind] = standardise(values[ind], sign)
        out[f"z_{ind}"] = z[ind]
    need = composite_index(z, need_weights, min_weight_share=min_weight_share)
    cover = composite_index(z, coverage_weights, min_weight_share=min_weight_share)
    out["need_index"] = need["index"]
    out["need_weight_share"] = need["weight_share"]
    out["coverage_index"] = cover["index"]
    out["coverage_weight_share"] = cover["weight_share"]
    out["gap_score"] = out["need_index"] - out["coverage_index"]
    out = out.join(bivariate_classes(out["need_index"], out["coverage_index"]))
    out["is_priority"] = (out["need_class"] == 3) & (out["coverage_class"] == 1)
    ranked = out.loc[out["is_priority"], "gap_score"].rank(method="first", ascending=False)
    out["priority_rank"] = ranked.reindex(out.index)
    return out


def main_drivers(
    row: pd.Series, weights: Mapping[str, float], *, top: int = 2, shortfall: bool = False
) -> list[str]:
    """Indicator ids contributing most to an area's index (weight x z, from a gap_table row).

    Need (``shortfall=False``): the largest positive contributions (above-average need).
    Coverage (``shortfall=True``): the most negative contributions (below-average coverage).
    """
    sign = -1.0 if shortfall else 1.0
    contrib = {
        k: sign * w * float(row[f"z_{k}"])
        for k, w in weights.items()
        if w > 0 and f"z_{k}" in row.index and pd.notna(row[f"z_{k}"])
    }
    return [k for k, v in sorted(contrib.items(), key=lambda kv: -kv[1])[:top] if v > 0]




def area_deciles(
    values: pd.Series, deprivation: pd.Series, population: pd.Series, *, n: int = 10
) -> pd.DataFrame:
    """Group areas into ``n`` population-weighted deprivation groups and summarise the values.

    For measures published for whole areas only (no LSOA breakdown): areas are ranked by
    ``deprivation`` (e.g. IMD 2025 average score, higher = more deprived) and cut into ``n``
    groups of roughly equal population by the cumulative population at each area's midpoint
    (group 1 = most deprived). Each group's value is the population-weighted mean of its
    areas' values, and its standard error is the weighted standard deviation of those values
    over the square root of the number of areas (between-area variation; 0 with one area).

    Returns one row per group: decile, value, se, population, n_areas (groups with no area
    with a value are left out).
    """
    frame = pd.DataFrame({"value": values, "dep": deprivation, "pop": population}).dropna()
    frame = frame[frame["pop"] > 0]
    if frame.empty:
        return pd.DataFrame(columns=["decile", "value", "se", "population", "n_areas"])
    frame = frame.sort_values("dep", ascending=False, kind="mergesort")
    mid = (frame["pop"].cumsum() - frame["pop"] / 2) / frame["pop"].sum()
    frame["decile"] = np.minimum((mid * n).astype(int) + 1, n)
    rows = []
    for decile, group in frame.groupby("decile"):
        w = group["pop"].to_numpy(dtype=float)
        x = group["value"].to_numpy(dtype=float)
        mean = float(np.average(x, weights=w))
        k = len(x)
        sd = float(np.sqrt(np.average((x - mean) ** 2, weights=w) * k / (k - 1))) if k > 1 else 0.0
        rows.append({"decile": int(decile), "value": mean, "se": sd / np.sqrt(k),
                     "population": float(w.sum()), "n_areas": k})
    return pd.DataFrame(rows)
