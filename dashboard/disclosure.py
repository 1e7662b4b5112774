"""Small-count disclosure control at the app's data-access boundary.

Everything the app reads about individual stroke units passes through :func:`suppress_units`
in ``dashboard.stroke_queries`` before any figure, hover, table or CSV sees it, so a view
cannot forget it. The warehouse applies the same rule when it builds (the published
``stroke_units`` table holds no count in 1-4); this module is the second line, and states the
rule the views cite ("counts below 5 and the rates built on them are suppressed").

Threshold: the catalogue's default ``Indicator.min_count`` (5). A count below it is blanked
(never shown as zero), and so is every rate whose numerator or denominator it is.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from etl import methods
from etl.indicators import Indicator

# the catalogue's default small-count threshold (Indicator.min_count), 5
_DEFAULT_MIN = {f.name: f.default for f in dataclasses.fields(Indicator)}["min_count"]
MIN_COUNT = _DEFAULT_MIN if isinstance(_DEFAULT_MIN, int) else 5

UNIT_RULES = (
    # (count column, its label in notes, columns blanked when the count is below threshold)
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


def suppress_units(units: pd.DataFrame, *, min_count: float = MIN_COUNT) -> pd.DataFrame:
    """Blank SSNAP counts below ``min_count`` and the rates built on them (never zero).

    Adds Wilson 95% limits for the thrombolysis and thrombectomy rates where both counts are
    shown, and a ``suppression_note`` column.
    """
    out = units.copy()
    notes: list[list[str]] = [[] for _ in range(len(out))]
    if "suppression_note" in out.columns:  # suppressed before: keep what it said (idempotent)
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
        cols = [c for c in blank if c in out.columns]
        out.loc[small, cols] = np.nan
    # the warehouse's own flags (stroke_units): counts it already blanked, said the same way
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
    out["suppression_note"] = [
        ("Suppressed: " + "; ".join(n)) if n else "" for n in notes
    ]
    return out
