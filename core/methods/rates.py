"""Crude rates (exact Poisson below 10 events, else Byar's), proportions (Wilson score) and
directly standardised rates (Dobson), as ``phe_rate``, ``phe_proportion`` and
``calculate_dsr`` in PHEindicatormethods."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from core.methods._common import (
    DSR_MIN_TOTAL_COUNT,
    EXACT_POISSON_THRESHOLD,
    METHOD_BYARS,
    METHOD_DOBSON,
    METHOD_DSR_SUPPRESSED,
    METHOD_EXACT,
    METHOD_WILSON,
    _arrays,
    _check_multiplier,
    _check_non_negative,
    _confidence_label,
    _confidence_levels,
    _frame,
    _limit_columns,
    _z,
)
from core.methods.standard_population import ESP2013  # noqa: F401  (used by the dsr doctest)


def _byars_limits(count: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to exact Poisson limits for observed counts."""
    z = _z(level)
    with np.errstate(all="ignore"):
        lower = count * (1 - 1 / (9 * count) - z / (3 * np.sqrt(count))) ** 3
        upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * np.sqrt(count + 1))) ** 3
    return lower, upper


def _exact_poisson_limits(count: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-squared / gamma) Poisson limits; lower limit of 0 events is 0."""
    alpha = 1 - level
    with np.errstate(all="ignore"):
        positive = np.where(count > 0, count, 1.0)
        # chi2.ppf(q, 2x) / 2 == gammaincinv(x, q)
        lower = np.where(count > 0, special.gammaincinv(positive, alpha / 2), 0.0)
        upper = special.gammaincinv(count + 1, 1 - alpha / 2)
    lower = np.where(np.isnan(count), np.nan, lower)
    return lower, upper


def _poisson_limits(count: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    exact = count < EXACT_POISSON_THRESHOLD
    ex_lo, ex_hi = _exact_poisson_limits(count, level)
    by_lo, by_hi = _byars_limits(count, level)
    return np.where(exact, ex_lo, by_lo), np.where(exact, ex_hi, by_hi)




def rate(
    count: Any,
    denominator: Any,
    *,
    multiplier: float = 100_000,
    confidence: float | tuple[float, ...] = 0.95,
) -> pd.DataFrame:
    """Crude rate with exact Poisson or Byar's confidence limits.

    Parameters
    ----------
    count : array_like or pandas.Series
        Observed events (numerator).  Non-integer counts are accepted (the
        formulas are continuous in the count); negative counts raise.
    denominator : array_like or pandas.Series
        Population or person-time at risk.  A zero denominator gives a
        missing (NaN) rate rather than an error; negative values raise.
    multiplier : float, default 100_000
        Scale of the rate, e.g. 100_000 for "per 100,000".
    confidence : float or tuple of float, default 0.95
        Confidence level(s), each in [0.9, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``value, lower, upper, confidence, method`` (or
        ``value, lower_95, upper_95, lower_998, upper_998, confidence, method``
        for a tuple of levels).  ``method`` is ``"Exact Poisson"`` for counts
        below 10 and ``"Byar's"`` otherwise; it is missing where the rate is.

    Raises
    ------
    ValueError
        ``"count must be non-negative"``, ``"denominator must be non-negative"``,
        ``"count and denominator must have the same length"``,
        ``"count and denominator must have the same index"``,
        ``"count must be numeric"``, ``"count must be one-dimensional"``,
        ``"count must not be infinite"`` (and the same for denominator),
        ``"multiplier must be a positive number"``,
        ``"confidence must be at least 0.9 and less than 1"``,
        ``"confidence must not be empty"``, ``"confidence levels must be unique"``.

    Notes
    -----
    With observed count :math:`O`, denominator :math:`n`, multiplier :math:`k`,
    :math:`\\alpha = 1 - \\text{confidence}` and :math:`z = \\Phi^{-1}(1-\\alpha/2)`,
    the rate is :math:`kO/n` and the limits are :math:`kL/n`, :math:`kU/n` where

    * for :math:`O < 10` (exact, [2]_):
      :math:`L = \\chi^2_{\\alpha/2}(2O)/2` (0 when :math:`O = 0`) and
      :math:`U = \\chi^2_{1-\\alpha/2}(2O+2)/2`;
    * for :math:`O \\ge 10` (Byar's, [1]_):
      :math:`L = O\\,(1 - \\tfrac{1}{9O} - \\tfrac{z}{3\\sqrt{O}})^3` and
      :math:`U = (O+1)\\,(1 - \\tfrac{1}{9(O+1)} + \\tfrac{z}{3\\sqrt{O+1}})^3`.

    This is ``PHEindicatormethods::phe_rate`` [9]_ and the Fingertips
    technical guidance [8]_.

    References
    ----------
    .. [1] Breslow NE, Day NE. Statistical methods in cancer research, vol II.
       IARC; 1987.
    .. [2] Armitage P, Berry G. Statistical methods in medical research (4th
       edn). Blackwell; 2002.
    .. [8] OHID. Fingertips Public Health Technical Guidance.
    .. [9] PHEindicatormethods R package, ``phe_rate``.

    Examples
    --------
    >>> out = rate([100, 3], [10_000, 10_000])
    >>> out["method"].tolist()
    ["Byar's", 'Exact Poisson']
    >>> [round(v, 2) for v in out.loc[0, ["value", "lower", "upper"]]]
    [1000.0, 813.62, 1216.28]
    """
    levels, multiple = _confidence_levels(confidence)
    k = _check_multiplier(multiplier)
    (x, n), index = _arrays(("count", count), ("denominator", denominator))
    _check_non_negative(x, "count")
    _check_non_negative(n, "denominator")

    valid = ~np.isnan(x) & (n > 0)
    safe_n = np.where(valid, n, 1.0)
    columns: dict[str, Any] = {"value": np.where(valid, x / safe_n * k, np.nan)}
    for level, (lo_name, hi_name) in zip(levels, _limit_columns(levels, multiple), strict=True):
        lo, hi = _poisson_limits(x, level)
        columns[lo_name] = np.where(valid, lo / safe_n * k, np.nan)
        columns[hi_name] = np.where(valid, hi / safe_n * k, np.nan)
    columns["confidence"] = _confidence_label(levels)
    method = np.where(x < EXACT_POISSON_THRESHOLD, METHOD_EXACT, METHOD_BYARS).astype(object)
    method[~valid] = None
    columns["method"] = method
    return _frame(columns, index)


def proportion(
    count: Any,
    denominator: Any,
    *,
    multiplier: float = 100,
    confidence: float | tuple[float, ...] = 0.95,
) -> pd.DataFrame:
    """Proportion with Wilson score confidence limits.

    Parameters
    ----------
    count : array_like or pandas.Series
        Cases with the attribute (numerator); must not be negative or exceed
        the denominator.
    denominator : array_like or pandas.Series
        Sample size.  A zero denominator gives a missing (NaN) proportion.
    multiplier : float, default 100
        Scale, e.g. 100 for a percentage, 1 for a fraction.
    confidence : float or tuple of float, default 0.95
        Confidence level(s), each in [0.9, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``value, lower, upper, confidence, method`` (suffixed limit
        columns for a tuple of levels); ``method`` is ``"Wilson"``.

    Raises
    ------
    ValueError
        ``"count must not exceed denominator"`` plus the messages listed
        under :func:`rate`.

    Notes
    -----
    With :math:`p = O/n` and :math:`z = \\Phi^{-1}(1-\\alpha/2)` the Wilson
    score limits [3]_, [4]_ are

    .. math:: \\frac{2O + z^2 \\mp z\\sqrt{z^2 + 4O(1 - O/n)}}{2(n + z^2)}

    multiplied by ``multiplier``.  The lower limit is exactly 0 when
    :math:`O = 0` and the upper limit exactly ``multiplier`` when
    :math:`O = n`.  This is ``PHEindicatormethods::phe_proportion`` [9]_.

    References
    ----------
    .. [3] Wilson EB. J Am Stat Assoc 1927;22:209-212.
    .. [4] Newcombe RG, Altman DG. In: Statistics with confidence (2nd edn). 2000.
    .. [9] PHEindicatormethods R package, ``phe_proportion``.

    Examples
    --------
    >>> out = proportion(50, 200)
    >>> [round(v, 3) for v in out.loc[0, ["value", "lower", "upper"]]]
    [25.0, 19.508, 31.434]
    """
    levels, multiple = _confidence_levels(confidence)
    k = _check_multiplier(multiplier)
    (x, n), index = _arrays(("count", count), ("denominator", denominator))
    _check_non_negative(x, "count")
    _check_non_negative(n, "denominator")
    if (x > n).any():
        msg = "count must not exceed denominator"
        raise ValueError(msg)

    valid = ~np.isnan(x) & (n > 0)
    safe_n = np.where(valid, n, 1.0)
    safe_x = np.where(valid, x, 0.0)
    columns: dict[str, Any] = {"value": np.where(valid, safe_x / safe_n * k, np.nan)}
    for level, (lo_name, hi_name) in zip(levels, _limit_columns(levels, multiple), strict=True):
        z = _z(level)
        z2 = z * z
        root = np.sqrt(z2 + 4 * safe_x * (1 - safe_x / safe_n))
        lo = (2 * safe_x + z2 - z * root) / 2 / (safe_n + z2)
        hi = (2 * safe_x + z2 + z * root) / 2 / (safe_n + z2)
        lo = np.where(safe_x == 0, 0.0, lo)
        hi = np.where(safe_x == safe_n, 1.0, hi)
        columns[lo_name] = np.where(valid, lo * k, np.nan)
        columns[hi_name] = np.where(valid, hi * k, np.nan)
    columns["confidence"] = _confidence_label(levels)
    method = np.full(x.size, METHOD_WILSON, dtype=object)
    method[~valid] = None
    columns["method"] = method
    return _frame(columns, index)




def dsr(
    count: Any,
    population: Any,
    standard_population: Any,
    *,
    multiplier: float = 100_000,
    confidence: float | tuple[float, ...] = 0.95,
) -> pd.DataFrame:
    """Directly standardised rate for one area, with Dobson confidence limits.

    Parameters
    ----------
    count : array_like
        Events in each standardisation category (e.g. the 19 age bands of
        :data:`ESP2013`).  Missing counts are treated as zero, exactly as
        ``calculate_dsr`` does (bands with no events are often absent
        after a join).
    population : array_like
        Local population in each category; must be positive and present.
    standard_population : array_like
        Standard population weights, e.g. :data:`ESP2013`; non-negative,
        present and not all zero.
    multiplier : float, default 100_000
        Scale, e.g. per 100,000.
    confidence : float or tuple of float, default 0.95
        Confidence level(s), each in [0.9, 1).

    Returns
    -------
    pandas.DataFrame
        One row: ``total_count, total_population, value, lower, upper,
        confidence, method`` (suffixed limits for a tuple of levels).
        When the total count is below 10, ``value`` and the limits are NaN
        and ``method`` is ``"Not calculated: total count < 10"``; otherwise
        ``method`` is ``"Dobson"``.

    Raises
    ------
    ValueError
        ``"count, population and standard_population must have the same length"``,
        ``"count must not be empty"``, ``"count must be non-negative"``,
        ``"population must not be missing"``, ``"population must be positive"``,
        ``"standard_population must not be missing"``,
        ``"standard_population must be non-negative"``,
        ``"standard_population must not sum to zero"``, and the
        ``multiplier`` / ``confidence`` messages of :func:`rate`.

    Notes
    -----
    With category counts :math:`O_i`, populations :math:`n_i`, standard
    weights :math:`w_i`, :math:`W = \\sum w_i` and total :math:`O = \\sum O_i`:

    .. math::

        \\text{DSR} = \\frac{k}{W}\\sum_i \\frac{w_i O_i}{n_i}, \\qquad
        \\operatorname{Var}(\\text{DSR}/k) = \\frac{1}{W^2}\\sum_i \\frac{w_i^2 O_i}{n_i^2}

    and the Dobson limits [5]_ are

    .. math:: \\text{DSR} + k\\sqrt{\\operatorname{Var}/O}\\,(O_{L,U} - O)

    where :math:`O_L, O_U` are Byar's limits [1]_ for the total count
    :math:`O` (the exact-Poisson branch is never reached because DSRs with
    :math:`O < 10` are suppressed).  This is
    ``PHEindicatormethods::calculate_dsr`` / ``phe_dsr`` [9]_ for
    independent events.

    References
    ----------
    .. [1] Breslow NE, Day NE. IARC; 1987.
    .. [5] Dobson AJ et al. Stat Med 1991;10:457-462.
    .. [9] PHEindicatormethods R package, ``calculate_dsr``.

    Examples
    --------
    >>> out = dsr([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
    ...           [1000] * 19, ESP2013)
    >>> round(float(out.loc[0, "value"]), 1), out.loc[0, "method"]
    (792.5, 'Dobson')
    """
    levels, multiple = _confidence_levels(confidence)
    k = _check_multiplier(multiplier)
    (x, n, w), _ = _arrays(
        ("count", count), ("population", population), ("standard_population", standard_population)
    )
    if x.size == 0:
        msg = "count must not be empty"
        raise ValueError(msg)
    _check_non_negative(x, "count")
    if np.isnan(n).any():
        msg = "population must not be missing"
        raise ValueError(msg)
    if (n <= 0).any():
        msg = "population must be positive"
        raise ValueError(msg)
    if np.isnan(w).any():
        msg = "standard_population must not be missing"
        raise ValueError(msg)
    _check_non_negative(w, "standard_population")
    if w.sum() == 0:
        msg = "standard_population must not sum to zero"
        raise ValueError(msg)

    x = np.nan_to_num(x, nan=0.0)
    total = float(x.sum())
    weight = float(w.sum())
    value = float((x * w / n).sum()) / weight * k
    variance = float((x * (w / n) ** 2).sum()) / weight**2
    calculable = total >= DSR_MIN_TOTAL_COUNT

    columns: dict[str, Any] = {
        "total_count": [total],
        "total_population": [float(n.sum())],
        "value": [value if calculable else np.nan],
    }
    for level, (lo_name, hi_name) in zip(levels, _limit_columns(levels, multiple), strict=True):
        if calculable:
            lo, hi = _byars_limits(np.array([total]), level)
            scale = np.sqrt(variance / total) * k
            columns[lo_name] = [value + scale * (float(lo[0]) - total)]
            columns[hi_name] = [value + scale * (float(hi[0]) - total)]
        else:
            columns[lo_name] = [np.nan]
            columns[hi_name] = [np.nan]
    columns["confidence"] = [_confidence_label(levels)]
    columns["method"] = [METHOD_DOBSON if calculable else METHOD_DSR_SUPPRESSED]
    return pd.DataFrame(columns)
