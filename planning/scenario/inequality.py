"""The slope index of inequality (SII) of coverage across deprivation deciles, before and after
an uplift in chosen deciles.

References
----------
.. [1] Low A, Low A. Measuring the gap: quantifying and comparing local health inequalities.
   J Public Health 2004;26:388-395 (slope index of inequality, via :func:`core.methods.sii`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.methods import sii
from planning.scenario.checks import checked_number

__all__ = ["SIIChange", "sii_before_after"]


@dataclass(frozen=True)
class SIIChange:
    """Slope index of inequality of coverage across deprivation deciles, before and after.

    ``sii_*`` are in percentage points: the modelled difference from the most deprived end
    (the lowest decile label, e.g. IMD decile 1) to the least deprived end. For coverage
    (higher is better) a positive SII means the least deprived are better covered; raising
    coverage in the most deprived deciles lowers it. ``change = sii_after - sii_before``.
    """

    sii_before: float
    sii_after: float
    change: float
    deciles: tuple[float, ...]
    values_before: tuple[float, ...]
    values_after: tuple[float, ...]


def sii_before_after(
    decile: Sequence[float],
    population: Sequence[float],
    value: Sequence[float],
    *,
    uplift_pp: float | Mapping[float, float],
    deciles: Sequence[float] = (1, 2),
    cap: float = 100.0,
) -> SIIChange:
    """Recompute the SII of coverage when the uplift applies only to chosen deciles.

    Parameters
    ----------
    decile : sequence
        Decile labels, most deprived first by label (IMD decile 1 = most deprived); 5-100
        unique labels.
    population : sequence
        Eligible population of each decile (positive).
    value : sequence
        Coverage per decile, per cent (0-100).
    uplift_pp : float or mapping
        Percentage points added to each decile in ``deciles``; or a mapping decile -> points
        (then ``deciles`` is ignored). Results are capped at ``cap``.
    deciles : sequence, default (1, 2)
        Deciles that get the uplift (default: the most deprived quintile).
    cap : float, default 100

    Returns
    -------
    SIIChange

    Raises
    ------
    ValueError
        ``"value must be between 0 and 100"``, ``"uplift_pp must be a non-negative number"``,
        ``"deciles not found: ..."``, and the messages of :func:`core.methods.sii`.

    Notes
    -----
    The SII is the point estimate of :func:`core.methods.sii` (weighted least squares of value
    on the mid-point of each decile's cumulative population share) [1]_; its simulated
    confidence limits are not needed for a before/after comparison of modelled values.

    Examples
    --------
    >>> out = sii_before_after(range(1, 11), [100] * 10, [50] * 10, uplift_pp=10)
    >>> round(out.sii_before, 6) == 0, out.sii_after < 0
    (True, True)
    """
    labels = [float(d) for d in decile]
    before = [checked_number(v, "value", low=0, high=100) for v in value]
    if isinstance(uplift_pp, Mapping):
        plan = {float(k): checked_number(v, "uplift_pp", low=0) for k, v in uplift_pp.items()}
    else:
        points = checked_number(uplift_pp, "uplift_pp", low=0)
        plan = {float(d): points for d in deciles}
    missing = sorted(set(plan) - set(labels))
    if missing:
        msg = "deciles not found: " + ", ".join(f"{m:g}" for m in missing)
        raise ValueError(msg)
    after = [min(cap, v + plan.get(d, 0.0)) for d, v in zip(labels, before, strict=False)]

    def point(values: list[float]) -> float:
        zeros = [0.0] * len(values)
        out = sii(labels, list(population), values, se=zeros, repetitions=1000, seed=0)
        return float(out.loc[0, "sii"])

    s0, s1 = point(before), point(after)
    return SIIChange(
        sii_before=s0,
        sii_after=s1,
        change=s1 - s0,
        deciles=tuple(labels),
        values_before=tuple(before),
        values_after=tuple(after),
    )
