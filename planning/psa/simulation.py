"""The Monte Carlo draws of an investment case, their summary, and the one-way tornado.

Method
------
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
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from planning.interventions import Intervention
from planning.psa.fitting import InputDistribution, distributions
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
    "Interval",
    "PSAResult",
    "TornadoBar",
    "run_psa",
    "summarise",
    "tornado",
    "windowed_rrr_arrays",
]

#: Monte Carlo draws per scenario.
DEFAULT_DRAWS = 10_000
#: Seed of the draws: the same scenario always gives the same PSA figures.
DEFAULT_SEED = 20_261_203


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
        default spread of :func:`planning.psa.spread_of`).
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
