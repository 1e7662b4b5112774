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

Weights are editable in the app; the defaults below are the documented starting point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

Z_CAP = 3.0
DEFAULT_MIN_WEIGHT_SHARE = 0.5
N_CLASSES = 3


@dataclass(frozen=True)
class IndexTheme:
    """A set of need and coverage indicators with default weights (weights >= 0)."""

    theme_id: str
    name: str
    description: str
    need_weights: Mapping[str, float] = field(default_factory=dict)
    coverage_weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for label, weights in (("need", self.need_weights), ("coverage", self.coverage_weights)):
            if not weights:
                msg = f"theme {self.theme_id}: no {label} indicators"
                raise ValueError(msg)
            bad = {k: w for k, w in weights.items() if not (w >= 0 and np.isfinite(w))}
            if bad:
                msg = f"theme {self.theme_id}: {label} weights must be finite and >= 0: {bad}"
                raise ValueError(msg)

    @property
    def indicator_ids(self) -> list[str]:
        """Need indicators then coverage indicators, in catalogue order of the theme."""
        return [*self.need_weights, *self.coverage_weights]


THEMES: tuple[IndexTheme, ...] = (
    IndexTheme(
        "stroke",
        "Stroke pathway",
        "Need: crude emergency stroke admissions (weight 2: the events the pathway exists "
        "for), recorded hypertension (QOF 2022/23) and smoking (the largest modifiable risks), "
        "and IMD 2025 deprivation. Hypertension is QOF's count-based prevalence (sub-ICB "
        "locations, ICBs and counties/UAs measured; districts a labelled estimate from their "
        "sub-ICB location), not the Health Index 'High blood pressure' series, which has "
        "implausible values (Lancaster 96% in 2021). Coverage: share of residents within 30 minutes of a thrombolysis unit "
        "and within 60 minutes of a thrombectomy centre, and the thrombolysis rate of the "
        "unit nearest to residents (weight 1 each). The SSNAP thrombectomy figure by first "
        "admitting team counts transfers only and is missing wherever the nearest unit is a "
        "thrombectomy centre, so it is not part of the index.",
        need_weights={
            "stroke_admissions_rate": 2.0,
            "hypertension_qof_pct": 1.0,
            "smoking_pct": 1.0,
            "imd2025_score": 1.0,
        },
        coverage_weights={
            "ivt_within_30min_pct": 1.0,
            "mt_within_60min_pct": 1.0,
            "serving_unit_thrombolysis_rate_pct": 1.0,
        },
    ),
    IndexTheme(
        "prevention",
        "Preventive services",
        "Need: IMD 2025 deprivation, smoking, recorded hypertension (QOF 2022/23), avoidable "
        "mortality and recorded cardiovascular conditions (weight 1 each). Coverage: cancer screening "
        "attendance and childhood vaccination coverage (England-wide, weight 1 each) and the "
        "distance to the nearest GP practice (weight 0.5). NHS Health Check offers and breast "
        "screening are published in the shipped sample for the North West only, so their "
        "default weight is 0 (raise it when looking at the North West alone).",
        need_weights={
            "imd2025_score": 1.0,
            "smoking_pct": 1.0,
            "hypertension_qof_pct": 1.0,
            "avoidable_mortality_rate": 1.0,
            "cardiovascular_conditions_pct": 1.0,
        },
        coverage_weights={
            "cancer_screening_pct": 1.0,
            "child_vaccination_pct": 1.0,
            "gp_distance_km_mean": 0.5,
            "nhs_health_check_offered_pct": 0.0,
            "breast_screening_pct": 0.0,
        },
    ),
)
THEMES_BY_ID = {t.theme_id: t for t in THEMES}

# 3x3 palette (Stevens' blue-pink scheme): BIVARIATE_COLOURS[need_class - 1][coverage_class - 1].
# High need with low coverage (the priority cell) is the strongest magenta.
BIVARIATE_COLOURS: tuple[tuple[str, str, str], ...] = (
    ("#e8e8e8", "#ace4e4", "#5ac8c8"),
    ("#dfb0d6", "#a5add3", "#5698b9"),
    ("#be64ac", "#8c62aa", "#3b4994"),
)
CLASS_WORDS = ("low", "middle", "high")


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
    """Need and coverage tertiles over areas having both, and the 3x3 class and colour.

    Columns: need_class, coverage_class (1-3 or NaN), bivariate_class (0-8 =
    3*(need_class-1) + (coverage_class-1), NaN when either is missing), colour, label.
    """
    both = need.notna() & coverage.notna()
    need_class = tertile_classes(need.where(both))
    coverage_class = tertile_classes(coverage.where(both))
    code = 3 * (need_class - 1) + (coverage_class - 1)
    colours = [
        BIVARIATE_COLOURS[int(n) - 1][int(c) - 1] if not (np.isnan(n) or np.isnan(c)) else None
        for n, c in zip(need_class, coverage_class, strict=True)
    ]
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
            "colour": colours,
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


# Preventive-service measures shown side by side (coverage first, then the smoking measures).
PREVENTIVE_MEASURES: tuple[str, ...] = (
    "nhs_health_check_offered_pct",
    "cancer_screening_pct",
    "breast_screening_pct",
    "child_vaccination_pct",
    "smoking_pct",
    "smoking_aps_pct",
    "smoking_at_delivery_pct",
)
#: geographies of the preventive-services page, and the deprivation its area deciles rank by
PREVENTION_GEOGRAPHIES: tuple[str, ...] = ("utla23", "ltla24", "icb23", "sicbl23")
PREVENTION_DEPRIVATION = "imd2025_score"


def period_start_year(period: str) -> int:
    """First year of a period label: '2021/22' -> 2021, '2017-2019' -> 2017, '2025' -> 2025."""
    return int(str(period)[:4])


def choose_period(periods: list[str], as_of: int | None) -> str | None:
    """Latest period whose first year is <= ``as_of`` (the latest of all when None)."""
    eligible = [p for p in periods if as_of is None or period_start_year(p) <= as_of]
    return max(eligible, key=lambda p: (period_start_year(p), p)) if eligible else None


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
