"""Slope (and relative) index of inequality of one set of quantiles, with simulated
confidence limits, as ``phe_sii`` in PHEindicatormethods."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from core.methods._common import (
    _VALUE_TYPES,
    _arrays,
    _confidence_levels,
    _is_number,
    _limit_columns,
    _z,
)


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
