""":func:`core.methods.slope_index.sii` of many groups at once (the build's decile SIIs): the same
fit, scales and seeded draws, vectorised."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from core.methods._common import _confidence_levels, _limit_columns, _to_float_array, _z
from core.methods.slope_index import _rank_position, _sii_draws, _sii_fit, _sii_scales, sii


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
