"""Funnel-plot control limits (``calculate_funnel_limits``) and Fingertips-style
significance against a benchmark."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from core.methods._common import (
    _POLARITY_LABELS,
    NOT_COMPARED,
    _arrays,
    _check_multiplier,
    _confidence_levels,
    _frame,
    _is_number,
    _limit_columns,
    _z,
)


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
