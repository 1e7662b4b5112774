"""Target coverage: an uplift in points, the England average or the best fifth of areas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from planning.scenario.checks import checked_number

__all__ = ["TARGET_RULES", "TargetRule", "best_quintile_threshold", "target_coverage"]

#: Target rules accepted by :func:`target_coverage`.
TARGET_RULES: tuple[str, ...] = ("uplift_pp", "england_average", "best_quintile")

TargetRule = Literal["uplift_pp", "england_average", "best_quintile"]


def target_coverage(
    current: float,
    rule: str,
    *,
    england: float | None = None,
    best_quintile: float | None = None,
    uplift_pp: float | None = None,
) -> float:
    """Target coverage (per cent) under one of three rules, never below current, capped at 100.

    Parameters
    ----------
    current : float
        Current coverage, per cent (0-100).
    rule : {"uplift_pp", "england_average", "best_quintile"}
        ``"uplift_pp"``: ``current + uplift_pp``; ``"england_average"``: the England value;
        ``"best_quintile"``: the threshold of the best-performing fifth of areas (see
        :func:`best_quintile_threshold`).
    england, best_quintile, uplift_pp : float
        The value the rule needs (per cent, or percentage points for ``uplift_pp``).

    Returns
    -------
    float
        ``min(100, max(current, rule value))``: an area already past the benchmark keeps its
        coverage (uplift 0).

    Raises
    ------
    ValueError
        ``"rule must be one of 'uplift_pp', 'england_average', 'best_quintile'"``,
        ``"rule 'england_average' needs england"`` (and the others),
        ``"current must be between 0 and 100"``, ``"england must be between 0 and 100"``,
        ``"best_quintile must be between 0 and 100"``,
        ``"uplift_pp must be a non-negative number"``.

    Examples
    --------
    >>> target_coverage(95, "uplift_pp", uplift_pp=10)
    100.0
    >>> target_coverage(70, "england_average", england=62.5)
    70.0
    """
    if rule not in TARGET_RULES:
        msg = "rule must be one of 'uplift_pp', 'england_average', 'best_quintile'"
        raise ValueError(msg)
    current = checked_number(current, "current", low=0, high=100)
    needs = {"uplift_pp": uplift_pp, "england_average": england, "best_quintile": best_quintile}
    needed_name = {
        "uplift_pp": "uplift_pp",
        "england_average": "england",
        "best_quintile": "best_quintile",
    }[rule]
    value = needs[rule]
    if value is None:
        msg = f"rule '{rule}' needs {needed_name}"
        raise ValueError(msg)
    if rule == "uplift_pp":
        target = current + checked_number(value, "uplift_pp", low=0)
    else:
        target = checked_number(value, needed_name, low=0, high=100)
    return min(100.0, max(current, target))


def best_quintile_threshold(values: Sequence[float] | np.ndarray) -> float:
    """Coverage reached by the best-performing fifth of areas: the 80th percentile.

    Coverage is higher-is-better, so the best quintile is the top fifth; the threshold is
    ``numpy.percentile(values, 80)`` (linear interpolation), ignoring missing values.

    Raises
    ------
    ValueError
        ``"values must contain at least one non-missing number"``.

    Examples
    --------
    >>> best_quintile_threshold([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    82.0
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        msg = "values must contain at least one non-missing number"
        raise ValueError(msg)
    return float(np.percentile(arr, 80))
