"""Probabilistic sensitivity analysis (PSA) of an investment case, and a one-way tornado.

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

``n`` draws (default 10,000) of every input are made at once with a seeded
``numpy.random.Generator`` (PCG64; the same seed gives the same draws), then the scenario
arithmetic runs once on the whole arrays (:func:`planning.scenario.case_arrays`; no loop over
draws). For thrombolysis the effect is not drawn itself: the good-outcome odds ratio of each
treatment window and the share treated within 3 hours are drawn and combined with the drawn
control risk (:func:`planning.interventions.windowed_rrr`). Inputs are drawn independently.

Outputs over the appraisal horizon (discounted as in :mod:`planning.scenario`): events
avoided (undiscounted count and discounted), net cost (programme less avoided cost, GBP;
negative = a saving), cost per event avoided (programme cost / discounted events, GBP).
Each is summarised by the median and the 2.5th and 97.5th percentiles of the draws (the 95%
interval); ``p_saves_money`` is the share of draws with a net cost below zero.

Tornado (one-way sensitivity): each uncertain input in turn is set to the 2.5th and then the
97.5th percentile of its distribution, every other input at its central (catalogue) value,
and the net cost recomputed; inputs are ranked by the width of the swing. This shows which
single input moves the answer most; it ignores interactions (the PSA does not).

References
----------
.. [1] Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic Evaluation.
   Oxford University Press, 2006, chapter 4 (choosing distributions for parameters).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from planning.interventions import Figure, Intervention, Spread
from planning.scenario import (
    Scenario,
    case_arrays,
    discount_factors,
    exposure_by_year,
    people_reached,
    saving_profile,
)

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "Z95",
    "InputDistribution",
    "Interval",
    "PSAResult",
    "TornadoBar",
    "beta_params",
    "distributions",
    "gamma_params",
    "lognormal_params",
    "run_psa",
    "sd_from_interval",
    "spread_of",
    "summarise",
    "tornado",
]

#: Monte Carlo draws per scenario.
DEFAULT_DRAWS = 10_000
#: Seed of the draws: the same scenario always gives the same PSA figures.
DEFAULT_SEED = 20_261_203
#: 97.5th percentile of the standard normal.
Z95 = 1.959963984540054

_FRACTION_FIELDS = ("take_up", "responder_fraction", "baseline_risk")
_MONEY_FIELDS = ("unit_cost", "event_cost")
#: Figures drawn in the PSA (time to effect and duration are held at their central values).
UNCERTAIN_FIELDS = ("take_up", "responder_fraction", "baseline_risk", "effect", "unit_cost",
                    "event_cost")


# ---------------------------------------------------------------------------
# fitting
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# the simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """Median and 95% interval (2.5th and 97.5th percentiles) of a set of draws."""

    median: float
    low: float
    high: float


def summarise(values: np.ndarray) -> Interval:
    """Median and 2.5th / 97.5th percentiles, ignoring missing draws (NaN when all are).

    Examples
    --------
    >>> summarise(np.arange(1001.0))
    Interval(median=500.0, low=25.0, high=975.0)
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return Interval(math.nan, math.nan, math.nan)
    low, median, high = np.percentile(v, [2.5, 50, 97.5])
    return Interval(float(median), float(low), float(high))


@dataclass(frozen=True)
class TornadoBar:
    """One input of the one-way sensitivity analysis: the net cost (GBP, discounted, over the
    horizon) with the input at its 2.5th (``at_low``) and 97.5th (``at_high``) percentile,
    every other input central. ``swing = |at_high - at_low|``."""

    field: str
    label: str
    input_low: float
    input_high: float
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        return abs(self.at_high - self.at_low)


@dataclass(frozen=True)
class PSAResult:
    """Summary of the Monte Carlo draws of one scenario (see the module docstring).

    ``events`` (undiscounted) and ``events_discounted``, ``net_cost`` and ``cost_per_event``
    (GBP, discounted) are over the horizon; ``net_cost_central`` is the deterministic net cost
    (every input at its central value) the tornado swings around; ``seconds`` how long the
    draws and the tornado took.
    """

    draws: int
    seed: int
    horizon_years: int
    events: Interval
    events_discounted: Interval
    net_cost: Interval
    cost_per_event: Interval
    p_saves_money: float
    inputs: tuple[InputDistribution, ...]
    tornado: tuple[TornadoBar, ...]
    net_cost_central: float
    seconds: float


def _arrays(iv: Intervention, scenario: Scenario, values: Mapping[str, np.ndarray]):
    """Scenario arrays for one row per set of input values (missing inputs: central)."""
    def get(field: str) -> np.ndarray | float:
        return values[field] if field in values else getattr(iv, field).central

    take_up = np.asarray(get("take_up"), dtype=float)
    reached = people_reached(scenario.eligible_population, scenario.current_coverage_pct,
                             scenario.target_coverage_pct, take_up=1.0,
                             coverage_period_years=iv.coverage_period_years) * take_up
    baseline = np.asarray(get("baseline_risk"), dtype=float)
    windows = iv.effect_windows
    if windows is not None:
        ors = [values.get(f"odds_ratio:{i}", w.odds_ratio.central)
               for i, w in enumerate(windows.windows)]
        shares = windows.shares(np.asarray(values.get("share_first",
                                                      windows.share_first.central), dtype=float))
        rrr: np.ndarray | float = windowed_rrr_arrays(1 - baseline, ors, shares)
    else:
        rrr = get("effect")
    n_years = max(scenario.horizon_years, 10)
    duration = None if iv.effect_duration_years is None else iv.effect_duration_years.central
    exposure = exposure_by_year(n_years, delivery=iv.delivery,
                                time_to_effect=iv.time_to_effect_years.central,
                                effect_duration=duration)
    effect_rate = (scenario.discount_rate if scenario.effect_discount_rate is None
                   else scenario.effect_discount_rate)
    return case_arrays(
        reached=reached, responder=get("responder_fraction"), baseline=baseline, rrr=rrr,
        unit_cost=get("unit_cost"), event_cost=get("event_cost"), exposure=exposure,
        profile=saving_profile(iv.event_cost_years),
        d_cost=discount_factors(n_years, scenario.discount_rate),
        d_effect=discount_factors(n_years, effect_rate), horizon=scenario.horizon_years)


def windowed_rrr_arrays(good_control, odds_ratios: Sequence, shares: Sequence) -> np.ndarray:
    """:func:`planning.interventions.windowed_rrr` on arrays (draws)."""
    from planning.interventions import windowed_rrr

    return np.asarray(windowed_rrr(np.asarray(good_control, dtype=float),
                                   tuple(np.asarray(o, dtype=float) for o in odds_ratios),
                                   tuple(np.asarray(s, dtype=float) for s in shares)))


def tornado(scenario: Scenario,
            inputs: Sequence[InputDistribution] | None = None) -> tuple[TornadoBar, ...]:
    """One-way sensitivity of the net cost: each input at its 2.5th and 97.5th percentile,
    the others central; largest swing first (inputs without spread are left out)."""
    iv = scenario.intervention.with_overrides(scenario.overrides)
    dists = [d for d in (inputs if inputs is not None else distributions(iv))
             if d.kind != "fixed"]
    if not dists:
        return ()
    lows = [d.quantile(0.025) for d in dists]
    highs = [d.quantile(0.975) for d in dists]
    k = len(dists)
    values: dict[str, np.ndarray] = {d.field: np.full(2 * k, float(d.central))
                                     for d in dists}
    for i, d in enumerate(dists):
        values[d.field][i] = lows[i]
        values[d.field][k + i] = highs[i]
    net = _arrays(iv, scenario, values).net_h_disc
    bars = [TornadoBar(d.field, d.label, lows[i], highs[i], float(net[i]), float(net[k + i]))
            for i, d in enumerate(dists)]
    return tuple(sorted(bars, key=lambda b: -b.swing))


def run_psa(scenario: Scenario, *, draws: int = DEFAULT_DRAWS,
            seed: int = DEFAULT_SEED) -> PSAResult:
    """Monte Carlo PSA of a scenario: ``draws`` seeded draws of every uncertain input at once.

    Parameters
    ----------
    scenario : Scenario
        As for :func:`planning.scenario.evaluate` (overrides applied; an edited figure gets the
        default spread of :func:`spread_of`).
    draws : int, default 10,000
    seed : int
        Seed of ``numpy.random.default_rng``: the same scenario and seed give the same result.

    Raises
    ------
    ValueError
        ``"draws must be a whole number from 100 to 1,000,000"``.

    Examples
    --------
    >>> from planning.interventions import CATALOGUE_BY_ID
    >>> s = Scenario(CATALOGUE_BY_ID["af_anticoagulation"], 100_000, 2_000, 80, 90)
    >>> r = run_psa(s, draws=2_000)
    >>> 0 <= r.p_saves_money <= 1, r.events.low < r.events.median < r.events.high
    (True, True)
    """
    if not isinstance(draws, int) or isinstance(draws, bool) or not 100 <= draws <= 1_000_000:
        msg = "draws must be a whole number from 100 to 1,000,000"
        raise ValueError(msg)
    start = time.perf_counter()
    iv = scenario.intervention.with_overrides(scenario.overrides)
    inputs = distributions(iv)
    rng = np.random.default_rng(seed)
    values = {d.field: d.sample(rng, draws) for d in inputs}
    arr = _arrays(iv, scenario, values)
    central = _arrays(iv, scenario, {}).net_h_disc[0]
    bars = tornado(scenario, inputs)
    return PSAResult(
        draws=draws,
        seed=seed,
        horizon_years=scenario.horizon_years,
        events=summarise(arr.events_h),
        events_discounted=summarise(arr.events_h_disc),
        net_cost=summarise(arr.net_h_disc),
        cost_per_event=summarise(arr.cost_per_event),
        p_saves_money=float(np.mean(arr.net_h_disc < 0)),
        inputs=inputs,
        tornado=bars,
        net_cost_central=float(central),
        seconds=time.perf_counter() - start,
    )
