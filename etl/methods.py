"""Fingertips-grade public-health indicator statistics.

Pure, vectorised Python ports of the confidence-interval, standardisation,
inequality and funnel-plot methods used by the Office for Health Improvement
and Disparities (OHID) for Fingertips, as implemented in the
PHEindicatormethods R package (version 2.x) and described in the Fingertips
Public Health Technical Guidance.

Public API
----------
rate
    Crude rate with exact Poisson (count < 10) or Byar's limits (``phe_rate``).
proportion
    Proportion with Wilson score limits (``phe_proportion``).
dsr
    Directly standardised rate with Dobson limits for one area (``calculate_dsr``).
sii
    Slope (and relative) index of inequality with simulated limits (``phe_sii``).
funnel_limits
    Funnel-plot control limits around a benchmark (``calculate_funnel_limits``).
compare_to_benchmark
    Fingertips-style RAG / "higher, similar, lower" significance labels.
suppress
    Small-number suppression of counts, values and limits.
ESP2013
    The 2013 European Standard Population in 19 five-year age bands.

Conventions shared by every function
------------------------------------
* Inputs may be scalars, lists, numpy arrays or pandas Series; scalars
  broadcast against arrays.  When a Series is given, the output keeps its
  index; several Series must share one index.
* Missing inputs (NaN / None / pd.NA) propagate to missing outputs.
* ``confidence`` is a level in [0.9, 1), or a tuple of levels such as
  ``(0.95, 0.998)``.  A single level gives ``lower`` / ``upper`` columns; a
  tuple gives ``lower_95, upper_95, lower_998, upper_998`` (the level in
  per cent with the decimal point removed).
* Invalid input raises ``ValueError`` with a fixed, documented message.

References
----------
.. [1] Breslow NE, Day NE. Statistical methods in cancer research, volume II:
   The design and analysis of cohort studies. Lyon: IARC; 1987.
.. [2] Armitage P, Berry G, Matthews JNS. Statistical methods in medical
   research (4th edn). Oxford: Blackwell; 2002.
.. [3] Wilson EB. Probable inference, the law of succession, and statistical
   inference. J Am Stat Assoc 1927;22:209-212.
.. [4] Newcombe RG, Altman DG. Proportions and their differences. In: Altman DG
   et al. (eds). Statistics with confidence (2nd edn). London: BMJ Books; 2000.
.. [5] Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for
   weighted sums of Poisson parameters. Stat Med 1991;10:457-462.
.. [6] Low A, Low A. Measuring the gap: quantifying and comparing local health
   inequalities. J Public Health 2004;26:388-395.
.. [7] Spiegelhalter DJ. Funnel plots for comparing institutional performance.
   Stat Med 2005;24:1185-1202.
.. [8] OHID. Fingertips Public Health Technical Guidance.
   https://fingertips.phe.org.uk/static-reports/public-health-technical-guidance/
.. [9] Anderson G, Fox S, Francis M, et al. PHEindicatormethods: common public
   health statistics and their confidence intervals. R package, CRAN.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

__all__ = [
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "DISCLOSURE_MIN_COUNT",
    "compare_to_benchmark",
    "complementary_suppression",
    "dsr",
    "funnel_limits",
    "iterative_complementary_suppression",
    "proportion",
    "rate",
    "sii",
    "suppress",
]

#: 2013 European Standard Population, 19 bands (0-4, 5-9, ..., 85-89, 90+),
#: as ``esp2013`` in PHEindicatormethods.  Sums to 100,000.  Read-only.
ESP2013: np.ndarray = np.array(
    [
        5000,
        5500,
        5500,
        5500,
        6000,
        6000,
        6500,
        7000,
        7000,
        7000,
        7000,
        6500,
        6000,
        5500,
        5000,
        4000,
        2500,
        1500,
        1000,
    ],
    dtype=float,
)
ESP2013.setflags(write=False)

#: Labels of the 19 ESP2013 age bands, in the order of :data:`ESP2013`.
ESP2013_AGE_BANDS: tuple[str, ...] = tuple([f"{lo}-{lo + 4}" for lo in range(0, 90, 5)] + ["90+"])

#: Counts below this use exact Poisson limits; at or above it, Byar's (phe_rate).
EXACT_POISSON_THRESHOLD = 10
#: DSRs are not published when the total count is below this (phe_dsr).
DSR_MIN_TOTAL_COUNT = 10

METHOD_BYARS = "Byar's"
METHOD_EXACT = "Exact Poisson"
METHOD_WILSON = "Wilson"
METHOD_DOBSON = "Dobson"
METHOD_DSR_SUPPRESSED = "Not calculated: total count < 10"
#: The label of a value that cannot be tested against its benchmark (no limits or benchmark).
NOT_COMPARED = "not compared"

_POLARITY_LABELS = {
    "higher_is_better": ("better", "worse"),
    "lower_is_better": ("worse", "better"),
    "no_judgement": ("higher", "lower"),
}
_VALUE_TYPES = ("other", "rate", "proportion")
_LIMIT_COLUMN = re.compile(r"^(lower|upper)(_\w+)?$")


# ---------------------------------------------------------------------------
# input handling
# ---------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _to_float_array(values: Any, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array (missing -> NaN) or raise."""
    if isinstance(values, pd.DataFrame):
        msg = f"{name} must be one-dimensional"
        raise ValueError(msg)
    if isinstance(values, pd.Series):
        series = values
    else:
        array = values if isinstance(values, np.ndarray) else np.asarray(values)
        if array.ndim == 0:
            array = array.reshape(1)
        if array.ndim != 1:
            msg = f"{name} must be one-dimensional"
            raise ValueError(msg)
        series = pd.Series(array, dtype=array.dtype if array.dtype.kind in "iuf" else object)
    if pd.api.types.is_bool_dtype(series.dtype):
        msg = f"{name} must be numeric"
        raise ValueError(msg)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    ok = all(v is None or v is pd.NA or _is_number(v) for v in series.tolist())
    if not ok:
        msg = f"{name} must be numeric"
        raise ValueError(msg)
    return np.array(
        [np.nan if (v is None or v is pd.NA) else float(v) for v in series.tolist()],
        dtype=float,
    )


def _arrays(*named: tuple[str, Any]) -> tuple[list[np.ndarray], pd.Index | None]:
    """Convert several inputs to float arrays of one length; return them and a shared index.

    Scalars broadcast to the common length; Series must share one index.
    """
    arrays = [_to_float_array(values, name) for name, values in named]
    names = [name for name, _ in named]
    scalar = [np.ndim(values) == 0 and not isinstance(values, pd.Series) for _, values in named]
    sizes = {a.size for a, is_scalar in zip(arrays, scalar, strict=True) if not is_scalar}
    if len(sizes) > 1:
        msg = f"{_join_names(names)} must have the same length"
        raise ValueError(msg)
    size = sizes.pop() if sizes else 1
    arrays = [
        np.full(size, a[0]) if is_scalar else a for a, is_scalar in zip(arrays, scalar, strict=True)
    ]
    indexes = [values.index for _, values in named if isinstance(values, pd.Series)]
    index = indexes[0] if indexes else None
    if any(not idx.equals(index) for idx in indexes[1:]):
        msg = f"{_join_names(names)} must have the same index"
        raise ValueError(msg)
    for name, array in zip(names, arrays, strict=True):
        if np.isinf(array).any():
            msg = f"{name} must not be infinite"
            raise ValueError(msg)
    return arrays, index


def _is_blank(text: Any) -> bool:
    """True for None, NA, NaN or the empty string."""
    if text is None or text is pd.NA:
        return True
    if isinstance(text, float):
        return bool(np.isnan(text))
    return text == ""


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _check_non_negative(array: np.ndarray, name: str) -> None:
    if (array < 0).any():  # NaN compares False
        msg = f"{name} must be non-negative"
        raise ValueError(msg)


def _check_multiplier(multiplier: Any) -> float:
    if not _is_number(multiplier) or not np.isfinite(multiplier) or multiplier <= 0:
        msg = "multiplier must be a positive number"
        raise ValueError(msg)
    return float(multiplier)


def _confidence_levels(confidence: Any) -> tuple[list[float], bool]:
    """Validate ``confidence``; return the levels and whether a tuple was given."""
    multiple = isinstance(confidence, tuple | list)
    levels = list(confidence) if multiple else [confidence]
    if multiple and not levels:
        msg = "confidence must not be empty"
        raise ValueError(msg)
    for level in levels:
        if not _is_number(level) or not 0.9 <= level < 1:
            msg = "confidence must be at least 0.9 and less than 1"
            raise ValueError(msg)
    if len(set(levels)) != len(levels):
        msg = "confidence levels must be unique"
        raise ValueError(msg)
    return [float(level) for level in levels], multiple


def _percent(level: float) -> str:
    return f"{level * 100:.10g}"


def _limit_columns(levels: list[float], multiple: bool, prefix: str = "") -> list[tuple[str, str]]:
    if not multiple:
        return [(f"{prefix}lower", f"{prefix}upper")]
    return [
        (
            f"{prefix}lower_{_percent(c).replace('.', '')}",
            f"{prefix}upper_{_percent(c).replace('.', '')}",
        )
        for c in levels
    ]


def _confidence_label(levels: list[float]) -> str:
    return ", ".join(f"{_percent(c)}%" for c in levels)


def _z(level: float) -> float:
    # PHEindicatormethods: qnorm(confidence + (1 - confidence) / 2)
    return float(stats.norm.ppf(level + (1 - level) / 2))


def _frame(columns: dict[str, Any], index: pd.Index | None) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    if index is not None:
        frame.index = index
    return frame


# ---------------------------------------------------------------------------
# count limits
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# crude rates and proportions
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# directly standardised rates
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# slope index of inequality
# ---------------------------------------------------------------------------


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _rank_position(repetitions: int, probability: float) -> int:
    """0-based index of PHEindicatormethods' percentile (R ``round``, 1-based)."""
    position = round(repetitions * probability)  # both round half to even
    return int(min(max(position, 1), repetitions)) - 1


def sii(
    quantile: Any,
    population: Any,
    value: Any,
    *,
    lower_cl: Any = None,
    upper_cl: Any = None,
    se: Any = None,
    value_type: str = "other",
    multiplier: float = 1,
    confidence: float | tuple[float, ...] = 0.95,
    repetitions: int = 100_000,
    transform: bool = False,
    rii: bool = False,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Slope (and relative) index of inequality for one area's quantiles.

    Parameters
    ----------
    quantile : array_like
        Quantile labels (e.g. IMD deciles 1-10), 5 to 100 unique values.
        Rows are ordered by this label, which should run from most to
        least deprived (or least to most advantaged).
    population : array_like
        Population of each quantile; positive and present.
    value : array_like
        Indicator value per quantile.  For ``value_type="proportion"`` it
        must be a fraction strictly between 0 and 1; for ``"rate"`` positive.
    lower_cl, upper_cl : array_like, optional
        95% confidence limits of ``value`` (used to derive the standard
        error when ``se`` is not given; same scale as ``value``).
    se : array_like, optional
        Standard error of each value.  Takes precedence over the limits.
        As in ``phe_sii``, for ``value_type`` "rate" / "proportion" the value
        is modelled on the log / logit scale, so a supplied ``se`` is taken
        to be on that scale.
    value_type : {"other", "rate", "proportion"}, default "other"
        ``phe_sii`` value_type 0, 1, 2.
    multiplier : float, default 1
        Factor applied to the SII and its limits (e.g. 100 for proportions
        given as fractions, or -1 to reverse polarity).  A negative
        multiplier inverts the RII.  Must be non-zero.
    confidence : float or tuple of float, default 0.95
        Confidence level(s) of the SII limits, each in [0.9, 1).
    repetitions : int, default 100_000
        Number of simulations (at least 1000).
    transform : bool, default False
        Fit the regression on the log (rate) or logit (proportion) scale
        and back-transform, as ``phe_sii(transform = TRUE)``.  Requires
        ``lower_cl``/``upper_cl`` (not ``se``) and a rate or proportion.
    rii : bool, default False
        Also return the relative index of inequality.
    seed : int, numpy.random.Generator or None
        Seed or generator for the simulation (for reproducibility).

    Returns
    -------
    pandas.DataFrame
        One row: ``sii, sii_lower, sii_upper`` (+ ``rii, rii_lower,
        rii_upper`` when ``rii=True``); for a tuple of confidence levels the
        limit columns are suffixed, e.g. ``sii_lower_95, sii_upper_95,
        sii_lower_998, sii_upper_998``.

    Raises
    ------
    ValueError
        ``"quantile, population and value must have the same length"``,
        ``"quantile must not be missing"``, ``"quantile values must be unique"``,
        ``"number of quantiles must be between 5 and 100"``,
        ``"population must be positive and not missing"``,
        ``"value must not be missing"``,
        ``"value_type must be one of 'other', 'rate', 'proportion'"``,
        ``"multiplier must be a non-zero number"``,
        ``"repetitions must be an integer of at least 1000"``,
        ``"either se, or both lower_cl and upper_cl, must be given"``,
        ``"se must be non-negative and not missing"``,
        ``"lower_cl and upper_cl must not be missing"``,
        ``"lower_cl must not exceed upper_cl"``,
        ``"transform requires value_type 'rate' or 'proportion'"``,
        ``"transform requires lower_cl and upper_cl, not se"``,
        ``"rate values must be positive"``,
        ``"rate confidence limits must be positive"``,
        ``"proportion values must be strictly between 0 and 1"``,
        ``"proportion confidence limits must be strictly between 0 and 1"``,
        ``"transform must be True or False"``, ``"rii must be True or False"``,
        and the ``confidence`` messages of :func:`rate`.

    Notes
    -----
    Following ``phe_sii`` [6]_, [9]_: quantiles are sorted; each gets its
    population share :math:`a_i` and relative rank :math:`b_i` (mid-point of
    its band of the cumulative population share).  Ordinary least squares
    without intercept is fitted to the square-root-weighted model

    .. math:: y_i\\sqrt{a_i} = \\beta_0\\sqrt{a_i} + \\beta_1 b_i\\sqrt{a_i}

    (equivalent to weighted least squares of :math:`y` on :math:`b` with
    weights :math:`a`).  SII :math:`= k\\beta_1` and RII
    :math:`= (\\beta_0 + \\beta_1)/\\beta_0` (inverted when :math:`k < 0`).

    Standard errors, when not given, are
    :math:`(g(U) - g(L)) / (2 \\times 1.959964)` where :math:`g` is the
    identity ("other"), log ("rate") or logit ("proportion") - always from
    95% limits, as in ``phe_sii``.  Confidence limits come from
    ``repetitions`` draws of :math:`g(y_i) \\sim N(g(\\hat y_i), se_i)`,
    back-transformed (unless ``transform``), refitted by one matrix product
    for all draws, and read off at the 1-based sorted positions
    ``round(R * alpha/2)`` and ``round(R * (1 - alpha/2))``.

    With ``transform=True`` the model is fitted to :math:`g(y)`; the point
    SII is :math:`k(g^{-1}(\\beta_0 + \\beta_1) - g^{-1}(\\beta_0))` and the
    simulated limits :math:`s` of :math:`\\beta_1` are back-transformed about
    the fitted mid-point :math:`m = \\beta_0 + \\beta_1/2` as
    :math:`k(g^{-1}(m + s/2) - g^{-1}(m - s/2))`.  (``phe_sii`` swaps the
    rate limits when ``multiplier < 1``; here they are swapped only when
    the multiplier is negative, which is what reversing polarity needs and
    agrees with ``phe_sii`` for every multiplier >= 1 or < 0.)

    ``phe_sii`` warns when more than 10 quantiles are used; this function
    does not warn (see the warning in the PHEindicatormethods documentation
    about instability with small quantile populations).

    References
    ----------
    .. [6] Low A, Low A. J Public Health 2004;26:388-395.
    .. [9] PHEindicatormethods R package, ``phe_sii``.

    Examples
    --------
    >>> out = sii([1, 2, 3, 4, 5], [100] * 5, [10, 12, 14, 16, 18],
    ...           se=[0.5] * 5, seed=1, repetitions=10_000)
    >>> round(float(out.loc[0, "sii"]), 6)
    10.0
    >>> bool(out.loc[0, "sii_lower"] < 10 < out.loc[0, "sii_upper"])
    True
    """
    levels, multiple = _confidence_levels(confidence)
    if value_type not in _VALUE_TYPES:
        msg = "value_type must be one of 'other', 'rate', 'proportion'"
        raise ValueError(msg)
    if not isinstance(transform, bool | np.bool_):
        msg = "transform must be True or False"
        raise ValueError(msg)
    if not isinstance(rii, bool | np.bool_):
        msg = "rii must be True or False"
        raise ValueError(msg)
    if not _is_number(multiplier) or not np.isfinite(multiplier) or multiplier == 0:
        msg = "multiplier must be a non-zero number"
        raise ValueError(msg)
    if (
        not isinstance(repetitions, numbers.Integral)
        or isinstance(repetitions, bool)
        or repetitions < 1000
    ):
        msg = "repetitions must be an integer of at least 1000"
        raise ValueError(msg)
    has_cls = lower_cl is not None and upper_cl is not None
    if se is None and not has_cls:
        msg = "either se, or both lower_cl and upper_cl, must be given"
        raise ValueError(msg)
    if transform and value_type == "other":
        msg = "transform requires value_type 'rate' or 'proportion'"
        raise ValueError(msg)
    if transform and se is not None:
        msg = "transform requires lower_cl and upper_cl, not se"
        raise ValueError(msg)

    q_labels = pd.Series(quantile if not np.isscalar(quantile) else [quantile])
    named: list[tuple[str, Any]] = [("population", population), ("value", value)]
    if se is not None:
        named.append(("se", se))
    else:
        named += [("lower_cl", lower_cl), ("upper_cl", upper_cl)]
    arrays, _ = _arrays(*named)
    sizes = {q_labels.size, *(a.size for a in arrays)}
    if len(sizes) > 1:
        msg = "quantile, population and value must have the same length"
        raise ValueError(msg)
    if q_labels.isna().any():
        msg = "quantile must not be missing"
        raise ValueError(msg)
    if q_labels.duplicated().any():
        msg = "quantile values must be unique"
        raise ValueError(msg)
    if not 5 <= q_labels.size <= 100:
        msg = "number of quantiles must be between 5 and 100"
        raise ValueError(msg)

    order = np.argsort(q_labels.to_numpy(), kind="stable")
    pop, val = arrays[0][order], arrays[1][order]
    if np.isnan(pop).any() or (pop <= 0).any():
        msg = "population must be positive and not missing"
        raise ValueError(msg)
    if np.isnan(val).any():
        msg = "value must not be missing"
        raise ValueError(msg)
    if se is not None:
        se_values = arrays[2][order]
        if np.isnan(se_values).any() or (se_values < 0).any():
            msg = "se must be non-negative and not missing"
            raise ValueError(msg)
    else:
        lo_cl, hi_cl = arrays[2][order], arrays[3][order]
        if np.isnan(lo_cl).any() or np.isnan(hi_cl).any():
            msg = "lower_cl and upper_cl must not be missing"
            raise ValueError(msg)
        if (lo_cl > hi_cl).any():
            msg = "lower_cl must not exceed upper_cl"
            raise ValueError(msg)
    if value_type == "rate":
        if (val <= 0).any():
            msg = "rate values must be positive"
            raise ValueError(msg)
        if se is None and (lo_cl <= 0).any():
            msg = "rate confidence limits must be positive"
            raise ValueError(msg)
    if value_type == "proportion":
        if ((val <= 0) | (val >= 1)).any():
            msg = "proportion values must be strictly between 0 and 1"
            raise ValueError(msg)
        if se is None and ((lo_cl <= 0) | (hi_cl >= 1)).any():
            msg = "proportion confidence limits must be strictly between 0 and 1"
            raise ValueError(msg)

    # transform to the modelling scale (phe_sii always does this for SEs)
    forward, inverse = _sii_scales(value_type)
    mean = forward(val)
    if se is None:
        se_values = (forward(hi_cl) - forward(lo_cl)) / _z(0.95) / 2

    sqrt_a, projector, intercept, slope = _sii_fit(pop, mean if transform else val)

    # simulation, vectorised over repetitions in memory-bounded chunks
    rng = np.random.default_rng(seed)
    n_q = val.size
    params = np.empty((2, repetitions))
    chunk = max(1, 2_000_000 // n_q)
    for start in range(0, repetitions, chunk):
        size = min(chunk, repetitions - start)
        draws = mean + se_values * rng.standard_normal((size, n_q))
        if not transform:
            draws = inverse(draws)
        params[:, start : start + size] = projector @ (draws * sqrt_a).T
    k = float(multiplier)

    result: dict[str, Any] = {}
    with np.errstate(all="ignore"):
        if transform:
            top = intercept + slope
            result["sii"] = (inverse(top) - inverse(intercept)) * k
            point_rii = inverse(top) / inverse(intercept)
            result["rii"] = 1 / point_rii if k < 0 else point_rii
            sim_sii = params[1]
        else:
            result["sii"] = k * slope
            point_rii = (intercept + slope) / intercept
            result["rii"] = 1 / point_rii if k < 0 else point_rii
            sim_sii = params[1] * k
            sim_rii = (params[0] + params[1]) / params[0]
            if k < 0:
                sim_rii = 1 / sim_rii

    sii_columns = _limit_columns(levels, multiple, prefix="sii_")
    rii_columns = _limit_columns(levels, multiple, prefix="rii_")
    for level, (s_lo, s_hi), (r_lo, r_hi) in zip(levels, sii_columns, rii_columns, strict=True):
        upper_p = level + (1 - level) / 2
        positions = [
            _rank_position(repetitions, 1 - upper_p),
            _rank_position(repetitions, upper_p),
        ]
        lo_s, hi_s = np.partition(sim_sii, positions)[positions]
        if transform:
            middle = intercept + slope / 2
            with np.errstate(all="ignore"):
                lo_pair = (inverse(middle + lo_s / 2), inverse(middle - lo_s / 2))
                hi_pair = (inverse(middle + hi_s / 2), inverse(middle - hi_s / 2))
                if k < 0:
                    lo_pair, hi_pair = hi_pair, lo_pair
                result[s_lo] = (lo_pair[0] - lo_pair[1]) * k
                result[s_hi] = (hi_pair[0] - hi_pair[1]) * k
                rii_lo, rii_hi = lo_pair[0] / lo_pair[1], hi_pair[0] / hi_pair[1]
                result[r_lo] = 1 / rii_lo if k < 0 else rii_lo
                result[r_hi] = 1 / rii_hi if k < 0 else rii_hi
        else:
            result[s_lo], result[s_hi] = lo_s, hi_s
            result[r_lo], result[r_hi] = np.partition(sim_rii, positions)[positions]

    names = ["sii"] + [c for pair in sii_columns for c in pair]
    if rii:
        names += ["rii"] + [c for pair in rii_columns for c in pair]
    return pd.DataFrame({name: [float(result[name])] for name in names})


def _sii_scales(value_type: str):
    """(forward, inverse): the modelling scale of a value type (identity, log, logit)."""
    forward = {"other": lambda v: v, "rate": np.log, "proportion": _logit}[value_type]
    inverse = {"other": lambda v: v, "rate": np.exp, "proportion": special.expit}[value_type]
    return forward, inverse


def _sii_fit(pop: np.ndarray, y_point: np.ndarray):
    """Weighted least squares of ``y_point`` on each quantile's mid-point rank, as ``phe_sii``
    fits it: design ``sqrt(a)`` and ``b x sqrt(a)`` (``a`` the population share, ``b`` the
    cumulative mid-point). Returns ``(sqrt_a, projector, intercept, slope)``; ``projector`` is
    ``(X'X)^-1 X'``, which also maps simulated values to their (intercept, slope)."""
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2
    sqrt_a = np.sqrt(share)
    design = np.column_stack([sqrt_a, rank * sqrt_a])
    projector = np.linalg.solve(design.T @ design, design.T)  # (X'X)^-1 X'
    intercept, slope = projector @ (y_point * sqrt_a)
    return sqrt_a, projector, intercept, slope


def _sii_draws(seed: int, repetitions: int, n_q: int) -> np.ndarray:
    """The (repetitions, n_q) standard normal draws :func:`sii` makes with integer ``seed``
    for ``n_q`` quantiles: a fresh ``default_rng(seed)``, filled in the same chunks."""
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // n_q)
    return np.concatenate(
        [
            rng.standard_normal((min(chunk, repetitions - start), n_q))
            for start in range(0, repetitions, chunk)
        ]
    )


def sii_many(
    group: Any,
    quantile: Any,
    population: Any,
    value: Any,
    *,
    lower_cl: Any = None,
    upper_cl: Any = None,
    se: Any = None,
    value_type: str = "other",
    multiplier: float = 1,
    confidence: float | tuple[float, ...] = 0.95,
    repetitions: int = 100_000,
    transform: bool = False,
    rii: bool = False,
    seed: int = 1,
    limits: bool = True,
    chunk_elements: int = 2_000_000,
) -> pd.DataFrame:
    """:func:`sii` of many groups at once, each with the same options: the same figures.

    Same method (``phe_sii``; see :func:`sii`) and units (the SII in the value's unit times
    ``multiplier``; the RII a ratio). Inputs are long arrays, one element a (group,
    quantile); ``group`` labels the groups (any sortable values). Every group is computed as
    ``sii(quantile[g], population[g], value[g], ..., seed=seed)`` would compute it: a fresh
    ``numpy.random.default_rng(seed)`` per group, so groups with the same number of quantiles
    share the same standard normal draws, which are made once. Groups with the same number
    of quantiles are simulated together in batches of about ``chunk_elements`` draws (bounding
    memory at about 8 bytes times that, twice); the fitted lines and projection matrices are
    computed per group exactly as :func:`sii` computes them.

    ``seed`` must be an integer (a shared ``numpy.random.Generator`` would give each group
    different draws). A group that :func:`sii` would refuse (fewer than 5 or more than 100
    quantiles, a missing or non-positive population, a value or limit off its scale, ...) is
    passed to :func:`sii` itself, and its figures are NaN and ``note`` its message (e.g.
    ``"number of quantiles must be between 5 and 100"``). Options :func:`sii` would refuse
    raise its ``ValueError`` here. With ``limits=False`` only the point SII (and RII) are
    computed, with no simulation: the limit columns are NaN.

    Returns
    -------
    pandas.DataFrame
        One row per group, indexed by the sorted group labels: the columns of :func:`sii`
        and ``note`` ("" where the SII was computed).
    """
    levels, multiple = _confidence_levels(confidence)
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool):
        msg = "seed must be an integer"
        raise ValueError(msg)
    if not isinstance(limits, bool | np.bool_):
        msg = "limits must be True or False"
        raise ValueError(msg)
    options = {
        "value_type": value_type,
        "multiplier": multiplier,
        "confidence": confidence,
        "repetitions": repetitions,
        "transform": transform,
        "rii": rii,
        "seed": seed,
    }
    # the options' own checks (and messages) are sii's: try them on a valid linear group
    probe = {"se": [0.1] * 5} if se is not None else {"lower_cl": [0.1] * 5, "upper_cl": [0.3] * 5}
    sii([1, 2, 3, 4, 5], [1] * 5, [0.2] * 5, **probe, **options)

    named: list[tuple[str, Any]] = [("population", population), ("value", value)]
    named += [("se", se)] if se is not None else [("lower_cl", lower_cl), ("upper_cl", upper_cl)]
    arrays = [_to_float_array(v, name) for name, v in named]
    labels = np.asarray(group)
    q_all = np.asarray(quantile)
    if len({labels.size, q_all.size, *(a.size for a in arrays)}) > 1:
        msg = "group, quantile, population and value must have the same length"
        raise ValueError(msg)
    keys, codes = np.unique(labels, return_inverse=True)
    codes = codes.reshape(-1)
    by_group = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[by_group], np.arange(keys.size + 1))

    forward, inverse = _sii_scales(value_type)
    sii_columns = _limit_columns(levels, multiple, prefix="sii_")
    rii_columns = _limit_columns(levels, multiple, prefix="rii_")
    names = ["sii"] + [c for pair in sii_columns for c in pair]
    if rii:
        names += ["rii"] + [c for pair in rii_columns for c in pair]
    out = {name: np.full(keys.size, np.nan) for name in names}
    notes = np.full(keys.size, "", dtype=object)
    k = float(multiplier)

    # per group: validate as sii does (else sii's own message), then fit as sii does
    fits: dict[int, list[tuple]] = {}
    for g in range(keys.size):
        rows = by_group[bounds[g] : bounds[g + 1]]
        q = q_all[rows]
        vals = [a[rows] for a in arrays]
        ok = 5 <= rows.size <= 100 and q.dtype.kind in "iuf"
        if ok:
            qf = q.astype(float)
            ok = not np.isnan(qf).any() and np.unique(qf).size == qf.size
        if ok:
            order = np.argsort(q, kind="stable")
            pop, val, *rest = (a[order] for a in vals)
            ok = not any(np.isinf(a).any() or np.isnan(a).any() for a in vals)
            ok = ok and not (pop <= 0).any()
            if ok and se is not None:
                ok = not (rest[0] < 0).any()
            elif ok:
                lo_cl, hi_cl = rest
                ok = not (lo_cl > hi_cl).any()
                if value_type == "rate":
                    ok = ok and not (lo_cl <= 0).any()
                if value_type == "proportion":
                    ok = ok and not ((lo_cl <= 0) | (hi_cl >= 1)).any()
            if value_type == "rate":
                ok = ok and not (val <= 0).any()
            if value_type == "proportion":
                ok = ok and not ((val <= 0) | (val >= 1)).any()
        if not ok:
            args = vals[2:]
            extra = (
                {"se": args[0]} if se is not None else {"lower_cl": args[0], "upper_cl": args[1]}
            )
            try:
                one = sii(q, vals[0], vals[1], **extra, **options).iloc[0]
            except ValueError as err:
                notes[g] = str(err)
            else:  # not expected: sii accepted what the checks above refused
                for name in names:
                    out[name][g] = float(one[name])
            continue
        mean = forward(val)
        se_values = (
            rest[0] if se is not None else ((forward(hi_cl) - forward(lo_cl)) / _z(0.95) / 2)
        )
        sqrt_a, projector, intercept, slope = _sii_fit(pop, mean if transform else val)
        fits.setdefault(val.size, []).append(
            (g, mean, se_values, sqrt_a, projector, intercept, slope)
        )

    for n_q, batch in fits.items():
        z = _sii_draws(int(seed), repetitions, n_q) if limits else None
        per = max(1, chunk_elements // z.size) if limits else len(batch)
        for start in range(0, len(batch), per):
            part = batch[start : start + per]
            intercept = np.array([p[5] for p in part])
            slope = np.array([p[6] for p in part])
            index = np.array([p[0] for p in part])
            with np.errstate(all="ignore"):
                if transform:
                    top = intercept + slope
                    out["sii"][index] = (inverse(top) - inverse(intercept)) * k
                    point_rii = inverse(top) / inverse(intercept)
                else:
                    out["sii"][index] = k * slope
                    point_rii = (intercept + slope) / intercept
                if rii:
                    out["rii"][index] = 1 / point_rii if k < 0 else point_rii
            if not limits:
                continue
            mean = np.stack([p[1] for p in part])[:, None, :]
            se_values = np.stack([p[2] for p in part])[:, None, :]
            sqrt_a = np.stack([p[3] for p in part])[:, None, :]
            draws = np.multiply(se_values, z)
            draws += mean
            if not transform:
                draws = inverse(draws)
            draws *= sqrt_a
            params = np.stack([p[4] @ draws[i].T for i, p in enumerate(part)])
            with np.errstate(all="ignore"):
                if transform:
                    sim_sii = params[:, 1]
                else:
                    sim_sii = params[:, 1] * k
                    sim_rii = (params[:, 0] + params[:, 1]) / params[:, 0]
                    if k < 0:
                        sim_rii = 1 / sim_rii
            for level, (s_lo, s_hi), (r_lo, r_hi) in zip(
                levels, sii_columns, rii_columns, strict=True
            ):
                upper_p = level + (1 - level) / 2
                positions = [
                    _rank_position(repetitions, 1 - upper_p),
                    _rank_position(repetitions, upper_p),
                ]
                lo_s, hi_s = np.partition(sim_sii, positions, axis=1)[:, positions].T
                if transform:
                    middle = intercept + slope / 2
                    with np.errstate(all="ignore"):
                        lo_pair = (inverse(middle + lo_s / 2), inverse(middle - lo_s / 2))
                        hi_pair = (inverse(middle + hi_s / 2), inverse(middle - hi_s / 2))
                        if k < 0:
                            lo_pair, hi_pair = hi_pair, lo_pair
                        out[s_lo][index] = (lo_pair[0] - lo_pair[1]) * k
                        out[s_hi][index] = (hi_pair[0] - hi_pair[1]) * k
                        rii_lo, rii_hi = lo_pair[0] / lo_pair[1], hi_pair[0] / hi_pair[1]
                        if rii:
                            out[r_lo][index] = 1 / rii_lo if k < 0 else rii_lo
                            out[r_hi][index] = 1 / rii_hi if k < 0 else rii_hi
                else:
                    out[s_lo][index], out[s_hi][index] = lo_s, hi_s
                    if rii:
                        r = np.partition(sim_rii, positions, axis=1)[:, positions].T
                        out[r_lo][index], out[r_hi][index] = r
    frame = pd.DataFrame(out, index=pd.Index(keys, name="group"))
    frame["note"] = notes.astype(str)
    return frame


# ---------------------------------------------------------------------------
# funnel plots
# ---------------------------------------------------------------------------


def funnel_limits(
    denominator: Any,
    benchmark: float,
    *,
    value_type: str,
    multiplier: float,
    confidence: float | tuple[float, ...] = (0.95, 0.998),
) -> pd.DataFrame:
    """Funnel-plot control limits around a benchmark, by denominator.

    Parameters
    ----------
    denominator : array_like or pandas.Series
        Denominators (sample sizes / populations or person-years) at which
        to evaluate the limits; positive, NaN propagates.
    benchmark : float
        Benchmark (e.g. England value) on the ``multiplier`` scale, e.g. a
        percentage for ``multiplier=100``.
    value_type : {"proportion", "rate"}
        Statistic type.
    multiplier : float
        Scale of the benchmark and limits.
    confidence : float or tuple of float, default (0.95, 0.998)
        Control-limit level(s), each in [0.9, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``denominator, benchmark`` and ``lower_95, upper_95,
        lower_998, upper_998`` (or ``lower, upper`` for a single level).

    Raises
    ------
    ValueError
        ``"value_type must be 'proportion' or 'rate'"``,
        ``"benchmark must be a number"``,
        ``"benchmark must be strictly between 0 and multiplier for proportions"``,
        ``"benchmark must be positive for rates"``,
        ``"denominator must be positive"``, plus the input, ``multiplier``
        and ``confidence`` messages of :func:`rate`.

    Notes
    -----
    Both follow ``PHEindicatormethods::calculate_funnel_limits`` [9]_ and
    the Fingertips funnel-plot guidance [8]_: a control limit at
    denominator :math:`n` is the observed value whose own confidence
    interval (at the same level) just touches the benchmark.

    *Proportions* - Wilson score inversion (``sigma_adjustment``): with
    :math:`\\pi` = benchmark / multiplier and :math:`z = \\Phi^{-1}(1-\\alpha/2)`,

    .. math::

        A = \\pi(n/z^2 + 1),\\quad
        D = \\sqrt{64\\pi^2(n/z^2+1)^2 - 64(1/z^2 + 1/n)\\,\\pi\\,
            (n(\\pi(n/z^2 + 2) - 1) + z^2(\\pi - 1))},

    limits :math:`k(A \\mp D/8)/(1/z^2 + 1/n)/n`, truncated to
    :math:`[0, k]`.

    *Rates* - exact Poisson inversion: with expected count
    :math:`E = n\\pi`, the upper limit is :math:`kO_U/n` where :math:`O_U`
    solves :math:`P(\\Gamma(O_U, 1) \\le E) = \\alpha/2` (the count whose exact
    lower limit equals :math:`E`) and the lower limit :math:`kO_L/n` solves
    :math:`P(\\Gamma(O_L + 1, 1) \\le E) = 1 - \\alpha/2` (the count whose
    exact upper limit equals :math:`E`), floored at 0.  At integer counts
    this is identical to ``poisson_funnel`` in PHEindicatormethods (exact
    Poisson for all counts, not Byar's); between integers it interpolates
    smoothly through the gamma function.  Give ``denominator`` in
    person-years if the rate covers several years.

    References
    ----------
    .. [7] Spiegelhalter DJ. Stat Med 2005;24:1185-1202.
    .. [8] OHID. Fingertips Public Health Technical Guidance.
    .. [9] PHEindicatormethods R package, ``calculate_funnel_limits``.

    Examples
    --------
    >>> out = funnel_limits([100, 10_000], 20.0, value_type="proportion", multiplier=100)
    >>> list(out.columns)
    ['denominator', 'benchmark', 'lower_95', 'upper_95', 'lower_998', 'upper_998']
    >>> bool((out["upper_95"] > 20).all() and (out["lower_95"] < 20).all())
    True
    """
    if value_type not in ("proportion", "rate"):
        msg = "value_type must be 'proportion' or 'rate'"
        raise ValueError(msg)
    k = _check_multiplier(multiplier)
    levels, multiple = _confidence_levels(confidence)
    if not _is_number(benchmark) or not np.isfinite(benchmark):
        msg = "benchmark must be a number"
        raise ValueError(msg)
    if value_type == "proportion" and not 0 < benchmark < k:
        msg = "benchmark must be strictly between 0 and multiplier for proportions"
        raise ValueError(msg)
    if value_type == "rate" and benchmark <= 0:
        msg = "benchmark must be positive for rates"
        raise ValueError(msg)
    (n,), index = _arrays(("denominator", denominator))
    if (n <= 0).any():
        msg = "denominator must be positive"
        raise ValueError(msg)

    share = float(benchmark) / k
    columns: dict[str, Any] = {"denominator": n, "benchmark": float(benchmark)}
    for level, (lo_name, hi_name) in zip(levels, _limit_columns(levels, multiple), strict=True):
        if value_type == "proportion":
            z2 = _z(level) ** 2
            first = share * (n / z2 + 1)
            spread = np.sqrt(
                (-8 * share * (n / z2 + 1)) ** 2
                - 64
                * (1 / z2 + 1 / n)
                * share
                * (n * (share * (n / z2 + 2) - 1) + z2 * (share - 1))
            )
            last = 1 / z2 + 1 / n
            lo = (first - spread / 8) / last / n * k
            hi = (first + spread / 8) / last / n * k
            columns[lo_name] = np.clip(lo, 0, k)
            columns[hi_name] = np.clip(hi, 0, k)
        else:
            alpha = 1 - level
            expected = n * share
            upper_count = special.gdtrib(1.0, alpha / 2, expected)
            lower_count = np.maximum(special.gdtrib(1.0, 1 - alpha / 2, expected) - 1, 0.0)
            lower_count = np.where(np.isnan(expected), np.nan, lower_count)
            columns[lo_name] = lower_count / n * k
            columns[hi_name] = upper_count / n * k
    return _frame(columns, index)


# ---------------------------------------------------------------------------
# significance against a benchmark
# ---------------------------------------------------------------------------


def compare_to_benchmark(
    lower: Any,
    upper: Any,
    benchmark: Any,
    *,
    polarity: str,
) -> np.ndarray | pd.Series:
    """Label each value against a benchmark from its confidence limits.

    Parameters
    ----------
    lower, upper : array_like or pandas.Series
        Confidence limits of the values being compared.
    benchmark : float or array_like
        Benchmark value(s) (scalar or one per row), e.g. the England value.
    polarity : {"higher_is_better", "lower_is_better", "no_judgement"}
        Indicator polarity.

    Returns
    -------
    numpy.ndarray or pandas.Series of str
        ``"better"``, ``"similar"`` or ``"worse"`` (``"higher"``,
        ``"similar"``, ``"lower"`` for ``"no_judgement"``), or
        ``"not compared"`` where a limit or the benchmark is missing.  A
        Series (with the input index) when any input is a Series.

    Raises
    ------
    ValueError
        ``"polarity must be one of 'higher_is_better', 'lower_is_better',
        'no_judgement'"``, ``"lower must not exceed upper"``, and the input
        messages of :func:`rate` (for ``lower``, ``upper``, ``benchmark``).

    Notes
    -----
    Fingertips' confidence-interval overlap rule [8]_: the value is similar
    when :math:`L \\le B \\le U` (inclusive), significantly higher when
    :math:`L > B` and significantly lower when :math:`U < B`; polarity maps
    higher/lower to better/worse.

    References
    ----------
    .. [8] OHID. Fingertips Public Health Technical Guidance.

    Examples
    --------
    >>> compare_to_benchmark([1, 4, 6, None], [3, 6, 8, 2], 5,
    ...                      polarity="lower_is_better").tolist()
    ['better', 'similar', 'worse', 'not compared']
    """
    if polarity not in _POLARITY_LABELS:
        msg = "polarity must be one of 'higher_is_better', 'lower_is_better', 'no_judgement'"
        raise ValueError(msg)
    (lo, hi, bench), index = _arrays(("lower", lower), ("upper", upper), ("benchmark", benchmark))
    if (lo > hi).any():
        msg = "lower must not exceed upper"
        raise ValueError(msg)
    above, below = _POLARITY_LABELS[polarity]
    missing = np.isnan(lo) | np.isnan(hi) | np.isnan(bench)
    labels = np.where(lo > bench, above, np.where(hi < bench, below, "similar")).astype(object)
    labels[missing] = NOT_COMPARED
    if index is not None:
        return pd.Series(labels, index=index, name="comparison")
    return labels


# ---------------------------------------------------------------------------
# small-number suppression
# ---------------------------------------------------------------------------


def complementary_suppression(
    counts: Sequence[float], suppressed: Sequence[bool], *, total_published: bool = True
) -> np.ndarray:
    """Cells of one breakdown to suppress so that no suppressed count can be recovered by
    subtraction (secondary or complementary suppression).

    A breakdown is a set of disjoint cells that add up to a published total (the deciles of
    an area, the LSOAs of a district, the sexes of an age band). If exactly one cell is
    suppressed and the total is published, that cell equals the total minus the others; the
    rule suppresses, in addition, the smallest cell not yet suppressed (the one whose loss
    costs least information), so that at least two cells are hidden and only their sum can be
    derived. Cells without a count (missing) cannot hide anything and are never chosen.

    Parameters
    ----------
    counts : sequence of float
        The cells' counts (NaN where a cell has none).
    suppressed : sequence of bool
        Primary suppression (a count below the threshold).
    total_published : bool, default True
        Whether the breakdown's total is shown. Without it nothing can be recovered and no
        cell is added.

    Returns
    -------
    numpy.ndarray of bool
        The cells to suppress: the primary ones plus at most one complementary cell.

    Raises
    ------
    ValueError
        ``"counts and suppressed must have the same length"``.
    """
    values = np.asarray(counts, dtype=float)
    hidden = np.asarray(suppressed, dtype=bool).copy()
    if values.shape != hidden.shape:
        msg = "counts and suppressed must have the same length"
        raise ValueError(msg)
    if not total_published or hidden.sum() != 1:
        return hidden
    candidates = np.flatnonzero(~hidden & np.isfinite(values))
    if candidates.size:
        hidden[candidates[np.argmin(values[candidates])]] = True
    return hidden


#: the usual disclosure threshold: counts of 1-4 people or events are not published
DISCLOSURE_MIN_COUNT = 5


def iterative_complementary_suppression(
    counts: Sequence[float],
    suppressed: Sequence[bool],
    groups: Sequence[tuple[int, Sequence[int]]],
    *,
    max_iterations: int = 100,
) -> tuple[np.ndarray, int]:
    """Cells to suppress so that no suppressed count is the solution of one published sum,
    where cells take part in several sums (nested geographies, breakdowns of breakdowns).

    Each group is one additive relation ``total = sum(parts)`` between cells: an area and the
    areas or LSOAs that nest in it exactly, an area and its IMD decile cells, a decile cell of
    an area and the LSOAs of that decile in it. A relation whose cells (total and parts) hide
    exactly one count, and hold no other unknown, gives that count away: it is the total minus
    the parts, or the sum of the parts. The rule suppresses, in addition, the smallest part
    still shown (the total only when no part is left), as
    :func:`complementary_suppression` does for one breakdown.

    Suppressing a cell can leave another relation it belongs to (the LSOA's district, its
    ICB, its decile cell) with exactly one hidden cell, so the rule is applied again to every
    relation until none is left with one: the fixed point. Within one pass every relation is
    judged on the cells hidden at the start of the pass (so the answer does not depend on the
    order of ``groups``); ties go to the lowest cell index.

    Parameters
    ----------
    counts : sequence of float
        The cells' counts. NaN for a cell without a count that is not suppressed: it is an
        unknown to anyone subtracting, so a relation holding one cannot be solved.
    suppressed : sequence of bool
        Primary suppression (a count below the threshold), or any cell already hidden.
    groups : sequence of (int, sequence of int)
        The relations as (index of the total, indices of the parts). A relation without parts
        is ignored.
    max_iterations : int, default 100
        Passes before giving up.

    Returns
    -------
    (numpy.ndarray of bool, int)
        The cells to suppress (the primary ones and the complementary ones), and the number
        of passes that added cells.

    Raises
    ------
    ValueError
        ``"counts and suppressed must have the same length"``,
        ``"group cell index out of range"``,
        ``"no fixed point within max_iterations passes"``.

    Notes
    -----
    This is the rule statistical offices call secondary or complementary suppression
    ([10]_, chapter 4), in its simple form: it guarantees that no single relation can be
    solved for a hidden cell, and, because a pass starts only from cells already safe, an
    attacker who peels relations one at a time recovers nothing. It does not solve the general
    linear-programming audit (several relations combined can still bound a cell), and a
    relation with two or more hidden cells whose sum (total minus the rest) is itself below
    the threshold is allowed, as in the usual rule.

    References
    ----------
    .. [10] Hundepool A, Domingo-Ferrer J, Franconi L, et al. Statistical Disclosure Control.
       Wiley; 2012.

    Examples
    --------
    An area (cell 0) of two districts (1, 2), each of two LSOAs (3, 4 and 5, 6); LSOA 3 is
    below the threshold. Hiding LSOA 4 with it leaves district 1 safe; district 1's own
    relation (0 = 1 + 2) shows no hidden cell, so one pass is enough:

    >>> counts = [40.0, 15.0, 25.0, 3.0, 12.0, 10.0, 15.0]
    >>> hidden, passes = iterative_complementary_suppression(
    ...     counts, [False, False, False, True, False, False, False],
    ...     [(0, [1, 2]), (1, [3, 4]), (2, [5, 6])])
    >>> hidden.nonzero()[0].tolist(), passes
    ([3, 4], 1)
    """
    values = np.asarray(counts, dtype=float)
    hidden = np.asarray(suppressed, dtype=bool).copy()
    if values.shape != hidden.shape:
        msg = "counts and suppressed must have the same length"
        raise ValueError(msg)
    relations = [(int(total), [int(p) for p in parts]) for total, parts in groups if len(parts)]
    for total, parts in relations:
        if not all(0 <= i < values.size for i in (total, *parts)):
            msg = "group cell index out of range"
            raise ValueError(msg)
    unknown = ~hidden & ~np.isfinite(values)
    passes = 0
    while True:
        chosen: set[int] = set()
        for total, parts in relations:
            cells = [total, *parts]
            if hidden[cells].sum() != 1 or unknown[cells].any():
                continue
            shown = [p for p in parts if not hidden[p]] or [total]
            shown = [c for c in shown if not hidden[c]]
            if shown:
                chosen.add(min(shown, key=lambda c: (values[c], c)))
        if not chosen:
            return hidden, passes
        passes += 1
        if passes > max_iterations:
            msg = "no fixed point within max_iterations passes"
            raise ValueError(msg)
        hidden[sorted(chosen)] = True


def suppress(frame: pd.DataFrame, *, min_count: float = 5) -> pd.DataFrame:
    """Suppress values, limits and counts based on fewer than ``min_count`` events.

    Parameters
    ----------
    frame : pandas.DataFrame
        Must contain a ``count`` column.  The columns ``value``, ``count``
        and any limit columns (``lower``, ``upper``, ``lower_95``,
        ``upper_95``, ``lower_998``, ``upper_998``, ... i.e. ``lower`` /
        ``upper`` optionally followed by ``_suffix``) are suppressed.
    min_count : float, default 5
        Rows with ``count < min_count`` are suppressed.

    Returns
    -------
    pandas.DataFrame
        A new frame (the input is not modified) in which suppressed rows have
        those columns set to NaN (never zero), with a boolean
        ``is_suppressed`` column and a ``note`` column.  The note of a
        suppressed row is e.g. ``"Suppressed: fewer than 5 events"``,
        appended after ``"; "`` to any existing note text; other rows keep
        their note (``""`` when the frame had no ``note`` column).  Rows whose
        count is missing are not flagged; re-applying is idempotent (rows
        already flagged stay flagged).

    Raises
    ------
    ValueError
        ``"frame must be a pandas DataFrame"``,
        ``"frame must have a 'count' column"``,
        ``"min_count must be a non-negative number"``,
        ``"count must be numeric"``.

    Notes
    -----
    Suppression follows Fingertips / ONS disclosure practice [8]_: the
    threshold is a policy choice, not a statistical one; 5 is the default
    here.  Setting to NaN (not 0) keeps suppressed rows out of averages and
    comparisons (:func:`compare_to_benchmark` returns ``"not compared"``).

    References
    ----------
    .. [8] OHID. Fingertips Public Health Technical Guidance.

    Examples
    --------
    >>> out = suppress(pd.DataFrame({"count": [3, 12], "value": [1.5, 6.0]}))
    >>> out["value"].tolist(), out["is_suppressed"].tolist()
    ([nan, 6.0], [True, False])
    >>> out.loc[0, "note"]
    'Suppressed: fewer than 5 events'
    """
    if not isinstance(frame, pd.DataFrame):
        msg = "frame must be a pandas DataFrame"
        raise ValueError(msg)
    if "count" not in frame.columns:
        msg = "frame must have a 'count' column"
        raise ValueError(msg)
    if not _is_number(min_count) or not np.isfinite(min_count) or min_count < 0:
        msg = "min_count must be a non-negative number"
        raise ValueError(msg)
    counts = _to_float_array(frame["count"], "count")
    flagged = counts < min_count
    if "is_suppressed" in frame.columns:
        flagged = flagged | frame["is_suppressed"].fillna(False).to_numpy(dtype=bool)
    newly = counts < min_count

    out = frame.copy()
    targets = [
        c
        for c in out.columns
        if isinstance(c, str) and (c in ("value", "count") or _LIMIT_COLUMN.match(c))
    ]
    for column in targets:
        if newly.any():
            values = _to_float_array(out[column], column).copy()
            values[newly] = np.nan
            out[column] = values
    out["is_suppressed"] = flagged

    reason = f"Suppressed: fewer than {min_count:g} events"
    existing = out["note"].astype(object).tolist() if "note" in out.columns else [""] * len(out)
    notes = []
    for text, suppressed_now in zip(existing, newly, strict=True):
        if not suppressed_now:
            notes.append(text)
        elif _is_blank(text):
            notes.append(reason)
        else:
            notes.append(f"{text}; {reason}")
    out["note"] = pd.Series(notes, index=out.index, dtype=object)
    return out
