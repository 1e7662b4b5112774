"""Period labels: '2021/22', '2017-2019', '2025' (a financial year, a span, a calendar year).

Periods are ordered by their first year, then by label; the latest period is the greatest.
"""

from __future__ import annotations

from collections.abc import Iterable


def period_start_year(period: str) -> int:
    """First year of a period label: '2021/22' -> 2021, '2017-2019' -> 2017, '2025' -> 2025."""
    return int(str(period)[:4])


def choose_period(periods: Iterable[str], as_of: int | None) -> str | None:
    """Latest period whose first year is <= ``as_of`` (the latest of all when None)."""
    eligible = [str(p) for p in periods if as_of is None or period_start_year(p) <= as_of]
    return max(eligible, key=lambda p: (period_start_year(p), p)) if eligible else None


def latest_period(periods: Iterable[str] | None) -> str | None:
    """The latest of the periods (greatest first year, then label); None when there are none."""
    return choose_period(list(periods) if periods is not None else [], None)
