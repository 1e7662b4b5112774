"""Server time of each page's main callback: request-time computation (before) against reading
the build's tables (after), in the same run.

Before, per request: the one-total-row-per-area window over ``indicator_values``, the
deprivation-decile SII and RII simulated (10,000 draws), the preventive measures' area-decile
SIIs simulated, and the stroke units' suppression and Wilson limits computed in pandas. After:
the tables ``area_totals``, ``inequality_sii``, ``area_gradient_sii`` and ``stroke_units`` as
the build writes them. The "before" code paths are kept here only, as reference
implementations patched in for the measurement (the app no longer has them).

Cold caches (every result cache cleared before each call, the connection kept: a first
request for that view), best of 5 each way, interleaved.
Run: ``python benchmarks/page_callbacks.py`` (reads ``ATLAS_WAREHOUSE``, default
``data/warehouse.duckdb``; build it first with ``python -m etl build``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import plotly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import methods  # noqa: E402
from dashboard.data import indicators, warehouse  # noqa: E402
from dashboard.data import prevention as prevention_view  # noqa: E402
from dashboard.data import stroke as stroke_data  # noqa: E402
from dashboard.pages.atlas import callbacks as atlas  # noqa: E402
from dashboard.pages.gaps import callbacks as gaps  # noqa: E402
from dashboard.pages.gaps.state import GapsState  # noqa: E402
from dashboard.pages.investment import outputs as investment  # noqa: E402
from dashboard.pages.investment.state import InvestmentState  # noqa: E402
from dashboard.pages.prevention import callbacks as prevention  # noqa: E402
from dashboard.pages.prevention.state import PreventionState  # noqa: E402
from dashboard.pages.stroke import callbacks as stroke  # noqa: E402
from etl import inequality  # noqa: E402

# ----------------------------------------------------------- reference (request-time) paths
OLD_TOTALS_SQL = """
    select * from indicator_values
    where category_type = ''
    qualify row_number() over (
        partition by indicator_id, area_code, period
        order by (sex = 'Persons') desc, (age = 'All ages') desc, sex, age
    ) = 1
"""


def old_decile_sii(indicator_id: str, area_code: str, period: str) -> dict | None:
    """The SII as the pages computed it per request: the decile rows, then 10,000 draws."""
    frame = indicators.deciles(indicator_id, area_code, period).dropna(subset=["value"])
    if frame.empty:
        return None
    frame = frame.dropna(subset=["population"]).reset_index(drop=True)
    has_ci = bool(frame["lower_95"].notna().all() and frame["upper_95"].notna().all())
    out = {"n_deciles": len(frame), "decile_cis": has_ci, "note": "", "sii": None, "rii": None,
           "sii_lower_95": None, "sii_upper_95": None}
    try:
        row = inequality.sii_for(frame, indicators.indicator(indicator_id)).iloc[0]
    except ValueError as err:
        out["note"] = str(err)
        return out
    out.update(sii=float(row["sii"]), rii=float(row["rii"]))
    if has_ci:
        out.update(sii_lower_95=float(row["sii_lower"]), sii_upper_95=float(row["sii_upper"]))
    return out


def old_area_gradient_sii(indicator_id: str, geography: str) -> dict | None:
    """The preventive measure's area-decile SII simulated per request (10,000 draws)."""
    values, periods = prevention_view.measure_values(geography)
    if indicator_id not in values.columns:
        return None
    _, sii = inequality.area_gradient(values[indicator_id], values[prevention_view.DEPRIVATION],
                                      values["population"])
    return {"period": periods.get(indicator_id), "sii": sii and sii["sii"],
            "sii_lower_95": sii and sii["sii_lower"], "sii_upper_95": sii and sii["sii_upper"]}


MIN_COUNT = 5
UNIT_RULES = (
    ("admissions_2021_22_count", "admissions 2021/22",
     ("admissions_2021_22_count", "thrombolysis_2021_22_count", "thrombolysis_rate_pct")),
    ("thrombolysis_2021_22_count", "thrombolysed 2021/22",
     ("thrombolysis_2021_22_count", "thrombolysis_rate_pct")),
    ("ssnap_admissions_2023_24_count", "admissions 2023/24",
     ("ssnap_admissions_2023_24_count", "thrombectomy_2023_24_count",
      "thrombectomy_rate_2023_24_pct", "mean_length_of_stay_2023_days")),
    ("thrombectomy_2023_24_count", "transferred for thrombectomy 2023/24",
     ("thrombectomy_2023_24_count", "thrombectomy_rate_2023_24_pct")),
)


def old_suppress_units(units: pd.DataFrame, *, min_count: float = MIN_COUNT) -> pd.DataFrame:
    """``dashboard.disclosure.suppress_units`` as it was (main @ 3520e7d): blank counts below
    ``min_count`` and the rates built on them, Wilson 95% limits, ``suppression_note``."""
    out = units.copy()
    notes: list[list[str]] = [[] for _ in range(len(out))]
    if "suppression_note" in out.columns:
        notes = [[p for p in str(n).removeprefix("Suppressed: ").split("; ") if p]
                 if isinstance(n, str) else [] for n in out["suppression_note"]]
    for count_col, label, blank in UNIT_RULES:
        if count_col not in out.columns:
            continue
        counts = pd.to_numeric(out[count_col], errors="coerce")
        small = (counts < min_count).to_numpy()
        for i in np.flatnonzero(small):
            if f"{label} below {min_count:g}" not in notes[i]:
                notes[i].append(f"{label} below {min_count:g}")
        out.loc[small, [c for c in blank if c in out.columns]] = np.nan
    for flag, label in (("is_thrombolysis_2021_22_suppressed", "thrombolysed 2021/22"),
                        ("is_thrombectomy_2023_24_suppressed",
                         "transferred for thrombectomy 2023/24")):
        if flag in out.columns:
            for i in np.flatnonzero(out[flag].fillna(False).astype(bool).to_numpy()):
                if f"{label} below {min_count:g}" not in notes[i]:
                    notes[i].append(f"{label} below {min_count:g}")
    for rate, count, denom in (
        ("thrombolysis_rate", "thrombolysis_2021_22_count", "admissions_2021_22_count"),
        ("thrombectomy_rate_2023_24", "thrombectomy_2023_24_count",
         "ssnap_admissions_2023_24_count"),
    ):
        lo, hi = np.full(len(out), np.nan), np.full(len(out), np.nan)
        if count in out.columns and denom in out.columns:
            x = pd.to_numeric(out[count], errors="coerce").to_numpy(dtype=float)
            n = pd.to_numeric(out[denom], errors="coerce").to_numpy(dtype=float)
            ok = ~np.isnan(x) & ~np.isnan(n) & (n > 0) & (x <= n)
            if ok.any():
                ci = methods.proportion(x[ok], n[ok])
                lo[ok], hi[ok] = ci["lower"].to_numpy(), ci["upper"].to_numpy()
        out[f"{rate}_lower_95"], out[f"{rate}_upper_95"] = lo, hi
    out["suppression_note"] = [("Suppressed: " + "; ".join(n)) if n else "" for n in notes]
    return out


@contextmanager
def request_time_paths() -> Iterator[None]:
    """Patch the reference implementations in for the duration (the 'before' measurement)."""
    saved = (indicators.AREA_TOTALS_SQL, indicators.USABLE_TOTALS_SQL, indicators.decile_sii,
             indicators.area_gradient_sii, stroke_data.stroke_units)
    read_units = stroke_data.stroke_units
    indicators.AREA_TOTALS_SQL = OLD_TOTALS_SQL
    indicators.USABLE_TOTALS_SQL = f"select * from ({OLD_TOTALS_SQL}) where quality_flag is null"
    indicators.decile_sii = old_decile_sii  # type: ignore[assignment]
    indicators.area_gradient_sii = old_area_gradient_sii  # type: ignore[assignment]
    stroke_data.stroke_units = lambda: old_suppress_units(read_units())  # type: ignore[assignment]
    try:
        yield
    finally:
        (indicators.AREA_TOTALS_SQL, indicators.USABLE_TOTALS_SQL, indicators.decile_sii,
         indicators.area_gradient_sii, stroke_data.stroke_units) = saved


# ------------------------------------------------------------------------------ measurement
def timed(fn: Callable[[], object]) -> float:
    """Seconds of a cold call (every result cache cleared first, the open warehouse connection
    kept, as after a rebuild) whose result is serialised as Dash would."""
    warehouse._clear(close=False)
    started = time.perf_counter()
    json.dumps(fn(), cls=plotly.utils.PlotlyJSONEncoder)
    return time.perf_counter() - started


def before_and_after(fn: Callable[[], object], n: int = 5) -> tuple[float, float]:
    """Best of ``n`` cold calls each way, interleaved (before, after, before, ...) so that load
    from other processes falls on both alike."""
    before, after = [], []
    for _ in range(n):
        with request_time_paths():
            before.append(timed(fn))
        after.append(timed(fn))
    return min(before), min(after)


def callbacks() -> list[tuple[str, Callable[[], object]]]:
    """Each page's main callback, at its default view (and one area where the page has one)."""
    period = indicators.indicator("stroke_admissions_rate")["periods"][-1]
    return [
        ("atlas map (utla23)", lambda: atlas.map_view(
            "stroke_admissions_rate", "utla23", period, "quantiles", None, None)),
        ("atlas inequality (England)", lambda: atlas.inequality_view(
            "stroke_admissions_rate", period, None)),
        ("atlas inequality (area)", lambda: atlas.inequality_view(
            "stroke_admissions_rate", period, "E06000008")),
        ("gaps page (stroke, utla23)", lambda: gaps.gaps_outputs(
            GapsState.resolve({"theme": "stroke", "geography": "utla23"}))),
        ("prevention page (utla23)", lambda: prevention.prevention_outputs(
            PreventionState.resolve({"geography": "utla23", "area": "E06000008",
                                     "measure": "cancer_screening_pct"}))),
        ("stroke map (utla23)", lambda: stroke.map_view("utla23", None, "ivt", None)),
        ("stroke units table", lambda: stroke.units_view("utla23", "E06000008")),
        ("stroke pathway", lambda: stroke.pathway_view("utla23", "E06000008")),
        ("investment case (default)", lambda: investment.investment_outputs(
            InvestmentState.resolve({})).values()),
        ("investment case (deprived)", lambda: investment.investment_outputs(
            InvestmentState.resolve({"mode": "deprived", "dgeo": "utla23",
                                     "darea": "E06000009", "iv": "thrombolysis_rate"}))
         .values()),
    ]


def main() -> None:
    """Print before / after server time per callback and the ratio (before / after)."""
    print(f"warehouse: {warehouse.warehouse_path()}")
    print(f"{'callback':30} {'before':>10} {'after':>10} {'speed-up':>9}")
    total_before = total_after = 0.0
    for name, fn in callbacks():
        before, after = before_and_after(fn)
        total_before, total_after = total_before + before, total_after + after
        print(f"{name:30} {before * 1000:7.0f} ms {after * 1000:7.0f} ms {before / after:8.1f}x")
    print(f"{'all of the above':30} {total_before * 1000:7.0f} ms {total_after * 1000:7.0f} ms "
          f"{total_before / total_after:8.1f}x")


if __name__ == "__main__":
    main()
