"""Agreement of ``core.methods.rate`` / ``proportion`` with published Fingertips limits.

For every Fingertips row with a count and a denominator whose value type is
"Crude rate" or "Proportion", the multiplier is inferred as the power of ten
nearest to ``Value / (Count / Denominator)`` (rows with a zero count take
their indicator's most common multiplier), 95% limits are recomputed with
:func:`core.methods.rate` (exact Poisson below 10 events, Byar's otherwise) or
:func:`core.methods.proportion` (Wilson), and value, lower and upper limits
are compared with the published ones.

"Agree to 4 significant figures" means: the absolute difference is at most
half a unit in the 4th significant figure of the published number (so
rounding both to 4 s.f. gives the same digits, up to ties).  Rows whose
published limits are missing are counted but cannot be compared.

Every disagreeing row is given one reason (first that applies):

``published_rounding``
    Value and limits agree once the published number of decimal places is
    allowed for (published to fewer than 4 significant figures).
``not_power_of_ten``
    ``Value / (Count / Denominator)`` is not within 2% of a power of ten: the
    value is a survey-weighted (or otherwise adjusted) estimate and the
    count/denominator are unweighted sample sizes.
``limits_of_count``
    The published "limits" are the Poisson limits of the count itself, not
    divided by the denominator (a publication error).
``value_not_reproducible``
    The published value differs from ``Count / Denominator x multiplier``
    beyond rounding (modelled, adjusted or revised value).
``count_rounded``
    The count is a multiple of 5 and the published limits are exactly those
    of a nearby integer count: counts were rounded for disclosure control and
    the limits use the unrounded count.
``byars_for_small_count`` / ``exact_for_large_count`` / ``poisson_for_proportion``
    The published limits match a different, named method.
``wilson_design_effect_2``
    The published limits are Wilson limits with count and denominator halved
    (an effective sample size of n/2, i.e. a design effect of 2).
``interval_narrower`` / ``interval_wider``
    None of the above: the published interval is narrower (e.g. local
    authority QOF prevalence aggregated from GP practices) or wider (e.g.
    extra-binomial uncertainty) than the method on the displayed totals.

Usage::

    python benchmarks/fingertips_ci_agreement.py [PATH] [--write-extract CSV]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.methods import proportion, rate  # noqa: E402

DEFAULT_PATH = Path(
    "data/sources/outcomes/fingertipsnext_devsample_northwest_27indicators_2018_2024.csv.gz"
)
VALUE_TYPES = ("Crude rate", "Proportion")
SIGNIFICANT_FIGURES = 4
KEY_COLUMNS = ["IndicatorId", "AreaCode", "Year", "Sex", "Age", "Category"]

REASONS = {
    "not_power_of_ten": "value is not count/denominator x 10^k (survey-weighted estimate)",
    "published_rounding": "published to fewer than 4 significant figures (rounding)",
    "limits_of_count": "published limits are Poisson limits of the count, not of the rate",
    "value_not_reproducible": "value not count/denominator (modelled/adjusted/revised value)",
    "count_rounded": "count rounded to a multiple of 5; limits use the unrounded count",
    "byars_for_small_count": "Byar's used for a count below 10",
    "exact_for_large_count": "exact Poisson used for a count of 10 or more",
    "poisson_for_proportion": "Poisson (rate) limits used for a proportion",
    "wilson_design_effect_2": "Wilson with count and denominator halved (design effect 2)",
    "interval_narrower": "published interval narrower than the method on displayed totals",
    "interval_wider": "published interval wider than the method on displayed totals",
}
#: Disagreements whose mechanism is reproduced exactly (not a method mismatch of ours).
EXPLAINED = (
    "published_rounding",
    "not_power_of_ten",
    "limits_of_count",
    "count_rounded",
    "exact_for_large_count",
    "wilson_design_effect_2",
)


# ---------------------------------------------------------------------------
# loading and recomputation
# ---------------------------------------------------------------------------


def load(path: str | Path) -> pd.DataFrame:
    """Rows with a count and a denominator, of value type crude rate or proportion."""
    frame = pd.read_csv(path)
    keep = (
        frame["ValueType"].isin(VALUE_TYPES) & frame["Count"].notna() & frame["Denominator"].notna()
    )
    return frame.loc[keep].reset_index(drop=True)


def infer_multiplier(frame: pd.DataFrame) -> pd.Series:
    """Nearest power of ten to Value / (Count / Denominator); zero counts use the mode."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = frame["Value"] / (frame["Count"] / frame["Denominator"])
        exponent = np.round(np.log10(ratio.where(ratio > 0)))
    multiplier = pd.Series(10.0**exponent, index=frame.index)
    modal = multiplier.groupby(frame["IndicatorId"]).transform(
        lambda m: m.mode().iloc[0] if m.notna().any() else np.nan
    )
    return multiplier.fillna(modal)


def _compute(
    frame: pd.DataFrame,
    count: pd.Series,
    multiplier: pd.Series,
    denominator: pd.Series | None = None,
) -> pd.DataFrame:
    """Recompute value/lower/upper with the production functions, group by group."""
    denominator = frame["Denominator"] if denominator is None else denominator
    pieces = []
    for (value_type, k), rows in frame.groupby(["ValueType", multiplier], sort=False):
        func = rate if value_type == "Crude rate" else proportion
        part = func(count.loc[rows.index], denominator.loc[rows.index], multiplier=float(k))
        pieces.append(part[["value", "lower", "upper", "method"]])
    if not pieces:
        return pd.DataFrame(columns=["value", "lower", "upper", "method"])
    return pd.concat(pieces).reindex(frame.index)


def recompute(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``multiplier, value, lower, upper, method`` recomputed from Count/Denominator."""
    out = frame.copy()
    out["multiplier"] = infer_multiplier(out)
    ours = _compute(out, out["Count"], out["multiplier"])
    return out.join(ours)


# ---------------------------------------------------------------------------
# agreement
# ---------------------------------------------------------------------------


def sig_tolerance(published: pd.Series | np.ndarray, sig: int = SIGNIFICANT_FIGURES) -> np.ndarray:
    """Half a unit in the ``sig``-th significant figure of each published number."""
    magnitude = np.abs(np.asarray(published, dtype=float))
    safe = np.where(magnitude > 0, magnitude, 1.0)
    tolerance = 0.5 * 10.0 ** (np.floor(np.log10(safe)) - (sig - 1))
    return np.where(magnitude > 0, tolerance, 1e-12)


def published_decimals(published: pd.Series | np.ndarray, max_decimals: int = 12) -> np.ndarray:
    """Smallest number of decimal places that reproduces each published number."""
    values = np.asarray(published, dtype=float)
    decimals = np.full(values.shape, max_decimals)
    for d in range(max_decimals, -1, -1):
        exact = np.abs(np.round(values, d) - values) <= 1e-9 * np.maximum(1.0, np.abs(values))
        decimals = np.where(exact, d, decimals)
    return decimals


def agrees(ours: pd.Series, published: pd.Series, *, allow_rounding: bool = False) -> np.ndarray:
    """Agreement to 4 s.f. (optionally also within the published decimal places)."""
    ours_a = np.asarray(ours, dtype=float)
    pub = np.asarray(published, dtype=float)
    tolerance = sig_tolerance(pub)
    if allow_rounding:
        tolerance = np.maximum(tolerance, 0.5 * 10.0 ** (-published_decimals(pub)) * (1 + 1e-9))
    return np.abs(ours_a - pub) <= tolerance


def _all_agree(frame: pd.DataFrame, value: str, lower: str, upper: str, **kw: bool) -> np.ndarray:
    return (
        agrees(frame[value], frame["Value"], **kw)
        & agrees(frame[lower], frame["LowerCI"], **kw)
        & agrees(frame[upper], frame["UpperCI"], **kw)
    )


def _alternative(frame: pd.DataFrame, how: str) -> pd.DataFrame:
    """Limits by an alternative method, scaled like the published ones."""
    x = frame["Count"].to_numpy(dtype=float)
    n = frame["Denominator"].to_numpy(dtype=float)
    k = frame["multiplier"].to_numpy(dtype=float)
    if how == "count":  # Poisson limits of the count itself, unscaled
        lo, hi = _poisson(x, small=x < 10)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=frame.index)
    if how == "byars":
        lo, hi = _poisson(x, small=np.zeros(x.shape, dtype=bool))
    elif how == "exact":
        lo, hi = _poisson(x, small=np.ones(x.shape, dtype=bool))
    else:  # "poisson": phe_rate rule applied to a proportion
        lo, hi = _poisson(x, small=x < 10)
    return pd.DataFrame({"lower": lo / n * k, "upper": hi / n * k}, index=frame.index)


def _poisson(x: np.ndarray, *, small: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% Poisson limits of counts: exact (chi-squared) where ``small``, else Byar's."""
    z = stats.norm.ppf(0.975)
    with np.errstate(all="ignore"):
        by_lo = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        by_hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
        ex_lo = np.where(x > 0, stats.chi2.ppf(0.025, 2 * x) / 2, 0.0)
        ex_hi = stats.chi2.ppf(0.975, 2 * x + 2) / 2
    return np.where(small, ex_lo, by_lo), np.where(small, ex_hi, by_hi)


def _implied_count(frame: pd.DataFrame) -> np.ndarray:
    """Count whose recomputed limits best reproduce the published ones (integers near Count)."""
    best = np.full(len(frame), np.nan)
    best_err = np.full(len(frame), np.inf)
    base = frame["Count"].to_numpy(dtype=float)
    for shift in range(-3, 4):
        if shift == 0:
            continue
        trial = np.maximum(base + shift, 0)
        if (frame["ValueType"] == "Proportion").any():
            trial = np.where(
                frame["ValueType"] == "Proportion",
                np.minimum(trial, frame["Denominator"]),
                trial,
            )
        ours = _compute(frame, pd.Series(trial, index=frame.index), frame["multiplier"])
        ok = agrees(ours["lower"], frame["LowerCI"]) & agrees(ours["upper"], frame["UpperCI"])
        err = np.abs(ours["upper"] - frame["UpperCI"]).to_numpy()
        better = ok & (err < best_err)
        best = np.where(better, trial, best)
        best_err = np.where(better, err, best_err)
    return best


def classify(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``compared``, ``agree`` and ``reason`` columns to a recomputed frame."""
    out = frame.copy()
    out["compared"] = out[["Value", "LowerCI", "UpperCI"]].notna().all(axis=1)
    out["agree"] = out["compared"] & _all_agree(out, "value", "lower", "upper")
    out["reason"] = pd.Series(pd.NA, index=out.index, dtype=object)
    out.loc[~out["compared"], "reason"] = "published_ci_missing"

    todo = out["compared"] & ~out["agree"]

    def assign(mask: np.ndarray | pd.Series, reason: str) -> None:
        nonlocal todo
        hit = todo & np.asarray(mask, dtype=bool)
        out.loc[hit, "reason"] = reason
        todo = todo & ~hit

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["Value"] / (out["Count"] / out["Denominator"])
        off = np.abs(np.log10(ratio) - np.round(np.log10(ratio)))
    assign(_all_agree(out, "value", "lower", "upper", allow_rounding=True), "published_rounding")
    assign((off > np.log10(1.02)).fillna(False), "not_power_of_ten")

    of_count = _alternative(out, "count")
    assign(
        agrees(of_count["lower"], out["LowerCI"]) & agrees(of_count["upper"], out["UpperCI"]),
        "limits_of_count",
    )
    assign(~agrees(out["value"], out["Value"], allow_rounding=True), "value_not_reproducible")

    if todo.any():
        implied = pd.Series(np.nan, index=out.index)
        implied[todo] = _implied_count(out.loc[todo])
        out["implied_count"] = implied
        assign((out["Count"] % 5 == 0) & implied.notna(), "count_rounded")

    is_rate = out["ValueType"] == "Crude rate"
    for how, reason, applies in (
        ("byars", "byars_for_small_count", is_rate & (out["Count"] < 10)),
        ("exact", "exact_for_large_count", is_rate & (out["Count"] >= 10)),
        ("poisson", "poisson_for_proportion", ~is_rate),
    ):
        alt = _alternative(out, how)
        ok = agrees(alt["lower"], out["LowerCI"]) & agrees(alt["upper"], out["UpperCI"])
        assign(applies & ok, reason)

    is_prop = out["ValueType"] == "Proportion"
    if (todo & is_prop).any():
        halved = _compute(out, out["Count"] / 2, out["multiplier"], out["Denominator"] / 2)
        ok = agrees(halved["lower"], out["LowerCI"], allow_rounding=True) & agrees(
            halved["upper"], out["UpperCI"], allow_rounding=True
        )
        assign(is_prop & ok, "wilson_design_effect_2")

    narrower = (out["UpperCI"] - out["LowerCI"]) < (out["upper"] - out["lower"])
    assign(narrower, "interval_narrower")
    assign(todo, "interval_wider")
    return out


def analyse(path: str | Path) -> pd.DataFrame:
    """Load, recompute and classify every eligible row."""
    return classify(recompute(load(path)))


# ---------------------------------------------------------------------------
# reporting
# ---------------------------------------------------------------------------


def report(result: pd.DataFrame) -> str:
    """Human-readable summary of agreement and disagreement reasons."""
    compared = result[result["compared"]]
    lines = [
        f"eligible rows (count and denominator, crude rate or proportion): {len(result)}",
        f"rows compared (published value and both limits present): {len(compared)}",
        f"rows without published limits (not compared): {int((~result['compared']).sum())}",
        "rows where value, lower and upper all agree to 4 significant figures: "
        f"{int(compared['agree'].sum())} ({compared['agree'].mean():.1%} of compared)",
    ]
    within_rounding = _all_agree(compared, "value", "lower", "upper", allow_rounding=True)
    lines.append(
        "rows that agree allowing for the published number of decimal places: "
        f"{int(within_rounding.sum())} ({within_rounding.mean():.1%} of compared)"
    )
    explained = compared["agree"] | compared["reason"].isin(EXPLAINED)
    lines.append(
        "rows that agree, or whose difference is reproduced by an identified mechanism "
        f"({', '.join(sorted(EXPLAINED))}): {int(explained.sum())} ({explained.mean():.1%})"
    )
    by_type = compared.groupby("ValueType")["agree"].agg(["size", "sum", "mean"])
    lines.append("\nagreement by value type:")
    for value_type, row in by_type.iterrows():
        lines.append(f"  {value_type:<11} {int(row['sum'])}/{int(row['size'])} ({row['mean']:.1%})")
    by_method = compared.groupby("method")["agree"].agg(["size", "mean"])
    lines.append("\nagreement by recomputed method:")
    for method, row in by_method.iterrows():
        lines.append(f"  {method:<13} n={int(row['size'])} agree={row['mean']:.1%}")

    lines.append("\ndisagreements by indicator and reason:")
    bad = compared[~compared["agree"]]
    table = (
        bad.groupby(["IndicatorId", "IndicatorName", "reason"]).size().rename("rows").reset_index()
    )
    totals = compared.groupby("IndicatorId").size()
    for _, row in table.iterrows():
        name = str(row["IndicatorName"])[:55]
        share = f"{row['rows']:>4}/{totals[row['IndicatorId']]:<4}"
        lines.append(
            f"  {row['IndicatorId']:>6} {name:<55} {share} "
            f"{row['reason']}: {REASONS.get(row['reason'], row['reason'])}"
        )
    missing = result[~result["compared"]].groupby(["IndicatorId", "IndicatorName"]).size()
    if len(missing):
        lines.append("\nrows without published limits, by indicator:")
        for (indicator, name), rows in missing.items():
            lines.append(f"  {indicator:>6} {str(name)[:55]:<55} {rows}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# test fixture extract
# ---------------------------------------------------------------------------

EXTRACT_COLUMNS = [
    "IndicatorId",
    "IndicatorName",
    "ValueType",
    "AreaCode",
    "AreaName",
    "AreaType",
    "Year",
    "Sex",
    "Age",
    "Category",
    "Value",
    "LowerCI",
    "UpperCI",
    "Count",
    "Denominator",
    "multiplier",
    "agree",
    "reason",
]


def extract(result: pd.DataFrame) -> pd.DataFrame:
    """Small deterministic extract covering both value types, edge cases and disagreements."""
    compared = result[result["compared"]].copy()
    picks: list[pd.DataFrame] = []

    def take(mask: pd.Series, n: int) -> None:
        rows = compared[mask & ~compared.index.isin(pd.concat(picks).index if picks else [])]
        if len(rows) > n:
            rows = rows.sort_values(["IndicatorId", "AreaCode", "Year", "Count"])
            rows = rows.iloc[np.linspace(0, len(rows) - 1, n).round().astype(int)]
        picks.append(rows)

    ok = compared["agree"]
    is_rate = compared["ValueType"] == "Crude rate"
    take(ok & is_rate & (compared["Count"] == 0), 3)
    take(ok & is_rate & compared["Count"].between(1, 9), 8)
    take(ok & is_rate & (compared["Count"] >= 10), 10)
    take(ok & ~is_rate & (compared["Count"] == 0), 3)
    take(ok & ~is_rate & (compared["Count"] == compared["Denominator"]), 3)
    take(ok & ~is_rate & compared["Count"].between(1, 9), 5)
    take(ok & ~is_rate & (compared["Count"] >= 10) & (compared["Count"] % 1 == 0), 10)
    take(ok & ~is_rate & (compared["Count"] % 1 != 0), 3)
    for reason in compared.loc[~ok, "reason"].dropna().unique():
        take(~ok & (compared["reason"] == reason), 3)
    out = pd.concat(picks).sort_values(["IndicatorId", "AreaCode", "Year"])
    return out[EXTRACT_COLUMNS].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="Fingertips CSV(.gz)")
    parser.add_argument("--write-extract", metavar="CSV", help="write the test fixture extract")
    args = parser.parse_args(argv)
    path = Path(args.path)
    if not path.exists() and (ROOT / path).exists():  # allow running from any directory
        path = ROOT / path
    result = analyse(path)
    print(report(result))
    if args.write_extract:
        extract(result).to_csv(args.write_extract, index=False)
        print(f"\nwrote extract to {args.write_extract}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
