"""The uncertain inputs of an investment case: a distribution fitted to each figure's spread.

Method
------
Every uncertain input of a scenario gets a distribution (:class:`InputDistribution`), fitted
to the :class:`planning.interventions.Spread` stated next to the figure in the catalogue
(:func:`spread_of` gives the default for a figure without one, e.g. a user's edit):

* ``lognormal`` (odds ratios): ``log X ~ Normal(mu, sigma)`` with ``mu = log(central)`` and
  ``sigma = (log high - log low) / (2 x 1.959964)``, so the 95% interval is ``low``-``high``
  (exactly, when the published CI is symmetric on the log scale) [1]_;
* ``rr_lognormal`` (relative risk reductions): the relative risk ``1 - RRR`` is log-normal as
  above, with the 95% interval ``1 - high`` to ``1 - low``;
* ``beta`` (proportions): from counts ``Beta(events, non-events)``, or by the method of
  moments from the mean ``m`` and SD ``s``: ``a = m k``, ``b = (1 - m) k`` with
  ``k = m (1 - m) / s^2 - 1`` [1]_;
* ``gamma`` (costs): shape ``(m / s)^2``, scale ``s^2 / m`` [1]_;
* ``fixed``: the central value in every draw.

Inputs are drawn independently (:mod:`planning.psa.simulation`).

References
----------
.. [1] Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic Evaluation.
   Oxford University Press, 2006, chapter 4 (choosing distributions for parameters).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from planning.interventions import Figure, Intervention, Spread

__all__ = [
    "UNCERTAIN_FIELDS",
    "Z95",
    "InputDistribution",
    "beta_params",
    "distributions",
    "gamma_params",
    "lognormal_params",
    "sd_from_interval",
    "spread_of",
]

#: 97.5th percentile of the standard normal.
Z95 = 1.959963984540054

_FRACTION_FIELDS = ("take_up", "responder_fraction", "baseline_risk")
_MONEY_FIELDS = ("unit_cost", "event_cost")
#: Figures drawn in the PSA (time to effect and duration are held at their central values).
UNCERTAIN_FIELDS = ("take_up", "responder_fraction", "baseline_risk", "effect", "unit_cost",
                    "event_cost")


def sd_from_interval(low: float, high: float) -> float:
    """Standard deviation of a normal whose 95% interval is ``low``-``high``.

    ``(high - low) / (2 x 1.959964)``.

    Examples
    --------
    >>> round(sd_from_interval(300, 600), 2)
    76.53
    """
    return (float(high) - float(low)) / (2 * Z95)


def lognormal_params(central: float, low: float, high: float) -> tuple[float, float]:
    """``(mu, sigma)`` of a log-normal with median ``central`` and 95% interval ``low``-``high``.

    ``mu = log(central)``, ``sigma = (log(high) - log(low)) / (2 x 1.959964)``.

    Raises
    ------
    ValueError
        ``"a log-normal needs 0 < low <= central <= high"``.

    Examples
    --------
    >>> mu, sigma = lognormal_params(1.75, 1.35, 2.27)
    >>> round(math.exp(mu), 2), round(sigma, 4)
    (1.75, 0.1326)
    """
    if not 0 < low <= central <= high:
        msg = "a log-normal needs 0 < low <= central <= high"
        raise ValueError(msg)
    return math.log(central), (math.log(high) - math.log(low)) / (2 * Z95)


def beta_params(mean: float, sd: float) -> tuple[float, float]:
    """``(a, b)`` of a beta with this mean and standard deviation (method of moments).

    Raises
    ------
    ValueError
        ``"a beta needs 0 < mean < 1"``, ``"a beta needs 0 < sd^2 < mean x (1 - mean)"``.

    Examples
    --------
    >>> a, b = beta_params(0.49, 0.05)
    >>> round(a / (a + b), 2)
    0.49
    """
    if not 0 < mean < 1:
        msg = "a beta needs 0 < mean < 1"
        raise ValueError(msg)
    if not 0 < sd**2 < mean * (1 - mean):
        msg = "a beta needs 0 < sd^2 < mean x (1 - mean)"
        raise ValueError(msg)
    k = mean * (1 - mean) / sd**2 - 1
    return mean * k, (1 - mean) * k


def gamma_params(mean: float, sd: float) -> tuple[float, float]:
    """``(shape, scale)`` of a gamma with this mean and standard deviation.

    Raises
    ------
    ValueError
        ``"a gamma needs mean > 0 and sd > 0"``.

    Examples
    --------
    >>> shape, scale = gamma_params(450, 76.5)
    >>> round(shape * scale, 6)
    450.0
    """
    if not (mean > 0 and sd > 0):
        msg = "a gamma needs mean > 0 and sd > 0"
        raise ValueError(msg)
    return (mean / sd) ** 2, sd**2 / mean


@dataclass(frozen=True)
class InputDistribution:
    """One uncertain input: what it is, its distribution and where the spread comes from.

    ``field`` names what the draws feed: a figure of the intervention (``"effect"``,
    ``"unit_cost"`` ...), ``"odds_ratio:<i>"`` (window ``i`` of a time-dependent effect) or
    ``"share_first"`` (the share of patients in the first window). ``kind`` and ``params``
    define the distribution (``scipy.stats``: lognormal ``(mu, sigma)``, beta ``(a, b)``,
    gamma ``(shape, scale)``, fixed ``(value,)``); ``transform`` is ``"one_minus"`` when the
    draws are of ``1 - value`` (relative risks for a relative risk reduction).
    ``central`` is the catalogue value the deterministic case uses.
    """

    field: str
    label: str
    unit: str
    central: float
    kind: str
    params: tuple[float, ...]
    basis: str
    sources: tuple[str, ...]
    is_assumption: bool
    transform: str = ""

    def _frozen(self):
        if self.kind == "lognormal":
            mu, sigma = self.params
            return stats.lognorm(s=sigma, scale=math.exp(mu)) if sigma > 0 else None
        if self.kind == "beta":
            return stats.beta(*self.params)
        if self.kind == "gamma":
            shape, scale = self.params
            return stats.gamma(shape, scale=scale)
        return None

    def _out(self, x):
        return 1 - x if self.transform == "one_minus" else x

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, in the figure's own unit."""
        if self.kind == "fixed":
            return np.full(n, self.central)
        if self.kind == "lognormal":
            mu, sigma = self.params
            return self._out(np.exp(rng.normal(mu, sigma, n)))
        if self.kind == "beta":
            a, b = self.params
            return self._out(rng.beta(a, b, size=n))
        shape, scale = self.params
        return self._out(rng.gamma(shape, scale, size=n))

    def quantile(self, q: float) -> float:
        """The ``q`` quantile of the figure (for a relative risk reduction drawn through its
        relative risk, the quantile of the RRR: ``1 - RR`` at ``1 - q``)."""
        frozen = self._frozen()
        if frozen is None:
            return self.central if self.kind == "fixed" else float(np.exp(self.params[0]))
        if self.transform == "one_minus":
            return float(1 - frozen.ppf(1 - q))
        return float(frozen.ppf(q))

    @property
    def interval(self) -> tuple[float, float]:
        """The 2.5th and 97.5th percentiles."""
        return self.quantile(0.025), self.quantile(0.975)

    @property
    def description(self) -> str:
        """The distribution in words, e.g. 'log-normal (mu 0.56, sigma 0.133)'."""
        p = self.params
        if self.kind == "lognormal":
            base = "log-normal of the relative risk" if self.transform else "log-normal"
            return f"{base} (mu {p[0]:.3g}, sigma {p[1]:.3g})"
        if self.kind == "beta":
            return f"beta (a {p[0]:.4g}, b {p[1]:.4g})"
        if self.kind == "gamma":
            return f"gamma (shape {p[0]:.3g}, scale {p[1]:.4g})"
        return "fixed"


def spread_of(field: str, fig: Figure) -> Spread:
    """The figure's spread, or the default for one without: its low-high range as a 95%
    interval (log-normal relative risk for the effect, beta for fractions, gamma for money),
    fixed when low = high or for times."""
    if fig.spread is not None:
        return fig.spread
    if fig.low == fig.high or field not in UNCERTAIN_FIELDS:
        return Spread("fixed", "No spread stated: held at its value in every draw.",
                      is_assumption=True)
    kind = ("rr_lognormal" if field == "effect" else "beta" if field in _FRACTION_FIELDS
            else "gamma")
    return Spread(kind, "Assumption: the low-high range taken as a 95% interval (no published "
                  "spread).", is_assumption=True)


def _fit(field: str, label: str, fig: Figure, spread: Spread,
         transform_effect: bool = True) -> InputDistribution:
    low = fig.low if math.isnan(spread.low) else spread.low
    high = fig.high if math.isnan(spread.high) else spread.high
    c = fig.central
    kind, transform = spread.kind, ""
    params: tuple[float, ...]
    if kind == "fixed" or (math.isnan(spread.sd) and spread.counts is None and low == high):
        kind, params = "fixed", (c,)
    elif kind == "lognormal":
        params = lognormal_params(c, low, high)
    elif kind == "rr_lognormal":
        kind, transform = "lognormal", "one_minus"
        params = lognormal_params(1 - c, 1 - high, 1 - low)
    elif kind == "beta":
        if spread.counts is not None:
            params = (float(spread.counts[0]), float(spread.counts[1]))
        else:
            sd = spread.sd if not math.isnan(spread.sd) else sd_from_interval(low, high)
            params = beta_params(c, sd)
    else:  # gamma
        sd = spread.sd if not math.isnan(spread.sd) else sd_from_interval(low, high)
        params = gamma_params(c, sd)
    if kind == "fixed":
        params = (c,)
    return InputDistribution(field=field, label=label, unit=fig.unit, central=c, kind=kind,
                             params=params, basis=spread.basis,
                             sources=spread.sources or fig.sources,
                             is_assumption=spread.is_assumption, transform=transform)


_LABELS = {
    "take_up": "Take-up",
    "responder_fraction": "Responders",
    "baseline_risk": "Baseline risk",
    "effect": "Effect (relative risk reduction)",
    "unit_cost": "Unit cost",
    "event_cost": "Cost saved per event",
}


def distributions(intervention: Intervention) -> tuple[InputDistribution, ...]:
    """The PSA inputs of an intervention (after any overrides), in a fixed order.

    Where the effect depends on time to treatment (``effect_windows``), the odds ratio of
    each window with patients in it and the share in the first window replace the effect.

    Examples
    --------
    >>> from planning.interventions import CATALOGUE_BY_ID
    >>> [d.field for d in distributions(CATALOGUE_BY_ID["thrombolysis_rate"])][:4]
    ['take_up', 'responder_fraction', 'baseline_risk', 'odds_ratio:0']
    """
    out: list[InputDistribution] = []
    windows = intervention.effect_windows
    for field in UNCERTAIN_FIELDS:
        fig: Figure = getattr(intervention, field)
        if field == "effect" and windows is not None:
            shares = windows.shares()
            for i, w in enumerate(windows.windows):
                if shares[i] > 0:
                    out.append(_fit(f"odds_ratio:{i}", f"Odds ratio, treated {w.label}",
                                    w.odds_ratio, spread_of("odds_ratio", w.odds_ratio)))
            share = windows.share_first
            out.append(_fit("share_first", f"Share treated {windows.windows[0].label}", share,
                            spread_of("share_first", share)))
            continue
        out.append(_fit(field, _LABELS[field], fig, spread_of(field, fig)))
    return tuple(out)
