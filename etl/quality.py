"""Data quality gates: pure, vectorised rules that flag implausible source values.

A flagged value is kept in the warehouse with its ``quality_flag`` (the rule) and
``quality_reason`` (what broke it, with the figures), listed in ``build_issues``, and left out
of higher-geography means, indices, rankings, England comparisons and investment sizing.

Rules (declared per catalogue entry in `etl.indicators`, documented in
``docs/warehouse_contract.md``):

``outside_plausible_range``
    The value lies outside ``[lo, hi]`` (:func:`outside_range`). Every indicator has a range:
    by default 0-100 for percentages, >= 0 for rates, counts and ratios; tighter where the
    entry declares one.
``peer_outlier``
    Opt-in (``peer_z``), for value-only modelled sources (no counts, no CIs): the value's
    robust z-score against the same period's areas (:func:`robust_z`, median and scaled MAD)
    exceeds the threshold in absolute value (:func:`peer_outliers`).
``implausible_change``
    Opt-in (``change_z``): the change from the area's previous period is a robust-z outlier
    among all areas' changes between the same two periods, and the previous value was not
    itself flagged (:func:`change_outliers`): a return to normal after a flagged value is not
    flagged.

Peer and change rules need at least ``min_peers`` areas with values in the period (30 by
default); with fewer, the median and MAD are too unstable and the rule is not applied.
They are not used on count-based values with confidence intervals: a small area's extreme
rate (infant deaths in a district) can be real, and its CI already says how uncertain it is.

References
----------
.. [1] Iglewicz B, Hoaglin DC. How to detect and handle outliers. ASQC Basic References in
   Quality Control, vol. 16. Milwaukee: ASQC Quality Press; 1993 (modified z-score).
.. [2] Rousseeuw PJ, Croux C. Alternatives to the median absolute deviation. J Am Stat Assoc
   1993;88:1273-1283 (1.4826 = 1 / Phi^-1(3/4), the MAD's consistency constant).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: makes the median absolute deviation a consistent estimator of a normal SD
MAD_SCALE = 1.4826
#: fewest areas with a value in a period for the peer and change rules to apply
MIN_PEERS = 30
RULES = ("outside_plausible_range", "peer_outlier", "implausible_change")
#: value = count / denominator x multiplier "within rounding": published values carry at least
#: one decimal place in the indicator's unit, so 0.05 units or 0.1%, whichever is larger
COUNT_VALUE_ABS_TOLERANCE = 0.05
COUNT_VALUE_REL_TOLERANCE = 1e-3


def counts_disagree(value: Any, count: Any, denominator: Any, multiplier: Any) -> np.ndarray:
    """True where count / denominator x multiplier differs from the value beyond rounding.

    Rows missing any input, or with a denominator <= 0, never disagree.

    Examples
    --------
    >>> counts_disagree([9.4, 9.5, 30.98], [44, 44, 92], [468, 468, 17402], 100).tolist()
    [False, True, True]
    """
    v, c, d = _array(value), _array(count), _array(denominator)
    m = np.broadcast_to(np.asarray(multiplier, dtype=float), v.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        computed = np.where(d > 0, c / d * m, np.nan)
        gap = np.abs(v - computed)
        return gap > np.maximum(COUNT_VALUE_ABS_TOLERANCE, COUNT_VALUE_REL_TOLERANCE * np.abs(v))


def _array(values: Any) -> np.ndarray:
    return np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)


def outside_range(values: Any, lo: float, hi: float) -> np.ndarray:
    """True where a value lies outside ``[lo, hi]``; missing values are never outside.

    Examples
    --------
    >>> outside_range([-1, 0, 50, 100, 109.8, float("nan")], 0, 100).tolist()
    [True, False, False, False, True, False]
    """
    if lo > hi:
        msg = f"plausible range must have lo <= hi, got ({lo}, {hi})"
        raise ValueError(msg)
    x = _array(values)
    with np.errstate(invalid="ignore"):
        return (x < lo) | (x > hi)


def robust_z(values: Any) -> np.ndarray:
    """Robust z-score of each value: ``(x - median) / (1.4826 x MAD)``.

    Notes
    -----
    ``MAD = median(|x - median(x)|)`` over the non-missing values; 1.4826 scales it to the
    standard deviation of a normal distribution [2]_, so ``|z| > 3.5`` is Iglewicz and
    Hoaglin's usual outlier label [1]_. Unlike the mean and SD, the median and MAD are not
    pulled by the outliers themselves. Missing values give NaN; when MAD is 0 (more than
    half the values equal) z is NaN: the spread is undefined, so nothing is judged.

    Examples
    --------
    >>> robust_z([1, 2, 3, 4, 100]).round(2).tolist()
    [-1.35, -0.67, 0.0, 0.67, 65.43]
    """
    x = _array(values)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    if not ok.any():
        return out
    median = float(np.median(x[ok]))
    mad = float(np.median(np.abs(x[ok] - median)))
    if mad > 0:
        out[ok] = (x[ok] - median) / (MAD_SCALE * mad)
    return out


def _grouped_z(values: np.ndarray, groups: np.ndarray, min_peers: int) -> np.ndarray:
    z = np.full(values.shape, np.nan)
    for group in pd.unique(groups):
        rows = groups == group
        if np.count_nonzero(~np.isnan(values[rows])) >= min_peers:
            z[rows] = robust_z(values[rows])
    return z


def peer_outliers(
    values: Any, groups: Any, *, threshold: float, min_peers: int = MIN_PEERS
) -> tuple[np.ndarray, np.ndarray]:
    """Flag values whose robust z within their group (period) exceeds ``threshold``.

    Returns ``(flagged, z)``. Groups with fewer than ``min_peers`` values get z NaN and no
    flags.

    Examples
    --------
    >>> flagged, z = peer_outliers([18, 19, 20, 21, 96], ["2021"] * 5, threshold=5,
    ...                            min_peers=5)
    >>> flagged.tolist()
    [False, False, False, False, True]
    """
    if not threshold > 0:
        msg = f"threshold must be positive, got {threshold}"
        raise ValueError(msg)
    x = _array(values)
    g = np.asarray(pd.Series(groups).astype(str))
    if len(g) != len(x):
        msg = "values and groups must have the same length"
        raise ValueError(msg)
    z = _grouped_z(x, g, min_peers)
    with np.errstate(invalid="ignore"):
        return np.abs(z) > threshold, z


def change_outliers(
    values: Any,
    areas: Any,
    periods: Any,
    *,
    threshold: float,
    excluded: Any = None,
    min_peers: int = MIN_PEERS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flag implausible changes from each area's previous period.

    For each area, periods in sorted order, ``change = value - previous value``; the changes
    between the same two periods are scored with :func:`robust_z` across areas, and a value is
    flagged where ``|z| > threshold``, unless its previous value is ``excluded`` (flagged by
    another rule) or was flagged by this rule: a return to normal after a flagged value is
    not a fault.

    Returns ``(flagged, change, z)`` aligned with the input (NaN for an area's first period).

    Examples
    --------
    >>> flagged, change, z = change_outliers(
    ...     [10, 11, 10, 12, 11, 40], ["a", "b", "c", "a", "b", "c"],
    ...     ["2020"] * 3 + ["2021"] * 3, threshold=5, min_peers=3)
    >>> flagged.tolist()
    [False, False, False, False, False, True]
    """
    if not threshold > 0:
        msg = f"threshold must be positive, got {threshold}"
        raise ValueError(msg)
    frame = pd.DataFrame(
        {
            "value": _array(values),
            "area": np.asarray(pd.Series(areas).astype(str)),
            "period": np.asarray(pd.Series(periods).astype(str)),
            "excluded": (
                np.zeros(len(_array(values)), dtype=bool)
                if excluded is None
                else np.asarray(excluded, dtype=bool)
            ),
        }
    )
    if frame.duplicated(["area", "period"]).any():
        msg = "each (area, period) must appear once"
        raise ValueError(msg)
    ordered = frame.sort_values(["area", "period"]).assign(position=np.arange(len(frame)))
    by_area = ordered.groupby("area", sort=False)
    change = (ordered["value"] - by_area["value"].shift()).to_numpy()
    pair = (by_area["period"].shift().fillna("") + ">" + ordered["period"]).to_numpy()
    previous = by_area["position"].shift().to_numpy()  # position of the previous period
    excluded_now = ordered["excluded"].to_numpy().copy()
    flagged = np.zeros(len(ordered), dtype=bool)
    z = np.full(len(ordered), np.nan)
    # period by period, so that a value following a flagged one (by any rule, this one
    # included) is not judged: the return to normal after an outlier is not a fault
    for period in sorted(ordered["period"].unique()):
        rows = np.flatnonzero(ordered["period"].to_numpy() == period)
        for group in pd.unique(pair[rows]):
            members = rows[pair[rows] == group]
            if np.count_nonzero(~np.isnan(change[members])) < min_peers:
                continue
            z[members] = robust_z(change[members])
            for i in members:
                prev_excluded = not np.isnan(previous[i]) and excluded_now[int(previous[i])]
                if abs(z[i]) > threshold and not prev_excluded:
                    flagged[i] = True
                    excluded_now[i] = True
    order = ordered.index.to_numpy()
    out_flagged = np.zeros(len(frame), dtype=bool)
    out_change = np.full(len(frame), np.nan)
    out_z = np.full(len(frame), np.nan)
    out_flagged[order] = flagged
    out_change[order] = change
    out_z[order] = z
    return out_flagged, out_change, out_z


def _g(x: float) -> str:
    return f"{x:,.4g}"


def range_reason(value: float, lo: float, hi: float) -> str:
    """The ``quality_reason`` of a value outside its plausible range."""
    return f"value {_g(value)} is outside the plausible range {_g(lo)} to {_g(hi)}"


def flag_values(
    frame: pd.DataFrame,
    *,
    plausible_range: tuple[float, float],
    peer_z: float | None = None,
    change_z: float | None = None,
    min_peers: int = MIN_PEERS,
    area_label: str = "areas",
) -> pd.DataFrame:
    """Apply one indicator's rules to its values.

    Parameters
    ----------
    frame : DataFrame
        Columns ``area_code``, ``period``, ``value``: one row per area and period.
    plausible_range : (lo, hi)
        Values outside are flagged ``outside_plausible_range``.
    peer_z, change_z : float, optional
        Robust-z thresholds of the peer and change rules (None: rule not applied).
    area_label : str
        What the areas are, for the reason text (e.g. "2021 districts").

    Returns
    -------
    DataFrame
        ``frame`` with ``quality_flag`` (a rule of :data:`RULES`, or None) and
        ``quality_reason`` (None when not flagged). The first rule broken is reported:
        range, then peer, then change.

    Examples
    --------
    >>> rows = pd.DataFrame({"area_code": ["a", "b"], "period": ["2021"] * 2,
    ...                      "value": [18.0, 109.8]})
    >>> flag_values(rows, plausible_range=(0, 100))["quality_flag"].tolist()
    [None, 'outside_plausible_range']
    """
    lo, hi = plausible_range
    out = frame.reset_index(drop=True).copy()
    values = out["value"].to_numpy(dtype=float)
    flag = np.full(len(out), None, dtype=object)
    reason = np.full(len(out), None, dtype=object)

    bad_range = outside_range(values, lo, hi)
    for i in np.flatnonzero(bad_range):
        flag[i] = "outside_plausible_range"
        reason[i] = range_reason(values[i], lo, hi)

    if peer_z is not None:
        periods = out["period"].astype(str).to_numpy()
        peer, z = peer_outliers(values, periods, threshold=peer_z, min_peers=min_peers)
        for i in np.flatnonzero(peer & (flag == None)):  # noqa: E711 (object array)
            same = periods == periods[i]
            median = float(np.nanmedian(values[same]))
            n = int(np.count_nonzero(~np.isnan(values[same])))
            flag[i] = "peer_outlier"
            reason[i] = (
                f"value {_g(values[i])} is {abs(z[i]):.1f} robust SDs "
                f"{'above' if z[i] > 0 else 'below'} the median of the {n} {area_label} "
                f"in {periods[i]} ({_g(median)}; threshold {peer_z:g})"
            )

    if change_z is not None:
        changed, change, z = change_outliers(
            values, out["area_code"], out["period"], threshold=change_z,
            excluded=flag != None,  # noqa: E711 (object array)
            min_peers=min_peers,
        )
        for i in np.flatnonzero(changed & (flag == None)):  # noqa: E711 (object array)
            flag[i] = "implausible_change"
            reason[i] = (
                f"value {_g(values[i])} changed by {change[i]:+.4g} from the previous period, "
                f"{abs(z[i]):.1f} robust SDs from the median change of the {area_label} "
                f"(threshold {change_z:g})"
            )

    out["quality_flag"] = pd.Series(flag, dtype=object).where(pd.notna(flag), None)
    out["quality_reason"] = pd.Series(reason, dtype=object).where(pd.notna(reason), None)
    return out
