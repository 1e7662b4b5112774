"""Numbers as the atlas shows them: the one home of every display formatter.

Pure functions, no Dash and no duckdb. A missing value shows as "No data" on maps and charts
(:func:`value_text`) and as "–" in tables and reports (the others).

- :func:`value_text` / :func:`values_text`: an indicator value, with thousands separators and
  0-2 decimals by size (1,234 / 12.3 / 1.23); a unit starting with "%" is appended.
- :func:`count_text`: a modelled count to 3 significant figures (1,234 / 123 / 12.3 / 0.123).
- :func:`gbp_text`: pounds sterling, millions as "£1.23m", else 3 significant figures;
  :func:`gbp_per_head_text` keeps pence below £100 (costs per head).
- :func:`range_text`: "low–high" with a formatter, " to " when a bound is negative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

#: the mark shown beside a value flagged by its plausibility rule (the value is not used)
FLAG_MARK = "\u26a0"
NO_DATA = "No data"
MISSING = "–"


def _sized(value: float) -> str:
    size = abs(value)
    return f"{value:,.0f}" if size >= 1000 else f"{value:,.1f}" if size >= 10 else f"{value:,.2f}"


def value_text(value: float | None, unit: str = "") -> str:
    """An indicator value: thousands separators, 0 decimals from 1,000, 1 from 10, else 2;
    the unit is appended when it starts with "%". None or NaN: "No data"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    text = _sized(value)
    return f"{text}{unit}" if unit.startswith("%") else text


def values_text(values: Iterable[float] | np.ndarray, unit: str = "") -> list[str]:
    """:func:`value_text` of every value (NaN: "No data"), without a function call per value:
    the same strings, about 4x faster for the 33,755 LSOAs' hover text."""
    suffix = unit if unit.startswith("%") else ""
    return [NO_DATA if v != v else
            (f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.2f}")
            + suffix for v in np.asarray(values, dtype=float).tolist()]


def count_text(value: float | None) -> str:
    """A modelled count to 3 significant figures: 1,234 / 123 / 12.3 / 1.23 / 0.123."""
    if value is None or not math.isfinite(value):
        return MISSING
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    decimals = max(0, 2 - int(math.floor(math.log10(size))))
    return f"{value:,.{decimals}f}"


def gbp_text(amount: float | None, *, significant: int = 3) -> str:
    """An amount in GBP rounded for display, e.g. ``"£1.23m"``, ``"£45,400"``.

    Values of a million or more are shown in millions, otherwise to ``significant``
    significant figures with thousands separators. Missing values show as ``"–"``.

    Examples
    --------
    >>> gbp_text(1_234_567), gbp_text(45_409), gbp_text(-2_500.4)
    ('£1.23m', '£45,400', '-£2,500')
    """
    if amount is None or not math.isfinite(amount):
        return MISSING
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    if value == 0:
        return "£0"
    if value >= 1_000_000:
        millions = value / 1_000_000
        decimals = max(0, significant - 1 - int(math.floor(math.log10(millions))))
        return f"{sign}£{millions:,.{decimals}f}m"
    digits = significant - 1 - int(math.floor(math.log10(value)))
    rounded = round(value, min(digits, 0))
    return f"{sign}£{rounded:,.0f}"


def gbp_per_head_text(amount: float | None) -> str:
    """GBP with pence below £100 (costs per head: "£2.35"), else :func:`gbp_text`."""
    if amount is None or not math.isfinite(amount):
        return MISSING
    if 0 < abs(amount) < 100:
        sign = "-" if amount < 0 else ""
        return f"{sign}£{abs(amount):,.2f}"
    return gbp_text(amount)


def range_text(low: float, high: float, fmt: Callable[[float], str]) -> str:
    """'1.2–3.4' (' to ' when a bound is negative, so the sign is not lost), lowest first;
    one value when both bounds format the same; "–" when a bound is not finite."""
    lo, hi = sorted((low, high))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return MISSING
    if fmt(lo) == fmt(hi):
        return fmt(lo)
    return f"{fmt(lo)} to {fmt(hi)}" if lo < 0 else f"{fmt(lo)}–{fmt(hi)}"
