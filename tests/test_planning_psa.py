"""Tests for planning.psa: distributions fitted to their intervals, seeded and vectorised Monte
Carlo draws, agreement with the deterministic case when nothing is uncertain, the tornado."""

from __future__ import annotations

import doctest
import importlib
import math
import pkgutil
import time
from dataclasses import replace

import numpy as np
import pytest

from planning import psa
from planning.interventions import CATALOGUE, CATALOGUE_BY_ID, Figure, Intervention, Spread
from planning.scenario import Scenario, evaluate

FIXED = Spread("fixed", "test: no spread")


def _without_spread(iv: Intervention) -> Intervention:
    """The intervention with every figure (and the effect-by-window inputs) held fixed."""
    changes = {name: replace(fig, spread=FIXED) for name, fig in iv.figures().items()}
    out = replace(iv, **changes)
    if iv.effect_windows is not None:
        w = iv.effect_windows
        windows = tuple(replace(x, odds_ratio=replace(x.odds_ratio, spread=FIXED))
                        for x in w.windows)
        out = replace(out, effect_windows=replace(
            w, windows=windows, share_first=replace(w.share_first, spread=FIXED)))
    return out


def _scenario(iv_id: str = "thrombolysis_rate", **kwargs) -> Scenario:
    iv = kwargs.pop("intervention", CATALOGUE_BY_ID[iv_id])
    defaults = {"horizon_years": 10}
    defaults.update(kwargs)
    return Scenario(iv, 1_200_000, 1_900, 8.5, 13.5, **defaults)


def test_module_doctests_run():
    attempted = 0
    for info in pkgutil.iter_modules(psa.__path__, "planning.psa."):
        module = importlib.import_module(info.name)
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 8


# ---------------------------------------------------------------------------
# fitting: each distribution reproduces the interval it was fitted to
# ---------------------------------------------------------------------------


def test_lognormal_reproduces_a_published_odds_ratio_ci():
    # Emberson 2014, within 3.0 h: OR 1.75 (1.35-2.27)
    mu, sigma = psa.lognormal_params(1.75, 1.35, 2.27)
    assert mu == pytest.approx(math.log(1.75))
    assert sigma == pytest.approx((math.log(2.27) - math.log(1.35)) / (2 * 1.959964), abs=1e-6)
    ivt = CATALOGUE_BY_ID["thrombolysis_rate"]
    d = next(x for x in psa.distributions(ivt) if x.field == "odds_ratio:0")
    low, high = d.interval
    assert (low, high) == pytest.approx((1.35, 2.27), abs=0.005)
    draws = d.sample(np.random.default_rng(1), 200_000)
    assert np.percentile(draws, [2.5, 50, 97.5]) == pytest.approx([1.35, 1.75, 2.27], rel=0.01)


def test_relative_risk_reduction_is_drawn_through_its_relative_risk():
    # Ettehad 2016: stroke RR 0.73 (0.68-0.77) -> RRR 0.27 (0.23-0.32)
    d = next(x for x in psa.distributions(CATALOGUE_BY_ID["hypertension_treatment"])
             if x.field == "effect")
    assert d.kind == "lognormal" and d.transform == "one_minus"
    # the published CI is not symmetric on the log scale (log 0.73 - log 0.68 = 0.0710, log
    # 0.77 - log 0.73 = 0.0533): the fit keeps the median and the width of the log interval,
    # RR 0.686-0.777, so RRR 0.223-0.314
    mu, sigma = d.params
    assert math.exp(mu) == pytest.approx(0.73)
    assert 2 * 1.959964 * sigma == pytest.approx(math.log(0.77) - math.log(0.68), abs=1e-6)
    assert d.interval == pytest.approx((0.2232, 0.3140), abs=5e-4)
    assert d.interval == pytest.approx((0.23, 0.32), abs=0.01)
    draws = d.sample(np.random.default_rng(2), 200_000)
    assert np.percentile(draws, [2.5, 97.5]) == pytest.approx(d.interval, abs=0.002)
    assert "relative risk" in d.description


def test_beta_from_counts_and_from_mean_and_sd():
    # Emberson 2014 control arm within 3 h: 586 poor outcomes of 762
    d = next(x for x in psa.distributions(CATALOGUE_BY_ID["thrombolysis_rate"])
             if x.field == "baseline_risk")
    assert d.params == (586.0, 176.0)
    draws = d.sample(np.random.default_rng(3), 200_000)
    assert draws.mean() == pytest.approx(586 / 762, abs=5e-4)
    a, b = psa.beta_params(0.49, 0.05)
    assert a / (a + b) == pytest.approx(0.49)
    assert math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))) == pytest.approx(0.05)


def test_gamma_reproduces_mean_and_interval():
    # alteplase GBP 300-600 by body weight taken as a 95% interval around GBP 450
    d = next(x for x in psa.distributions(CATALOGUE_BY_ID["thrombolysis_rate"])
             if x.field == "unit_cost")
    shape, scale = d.params
    assert shape * scale == pytest.approx(450)
    assert math.sqrt(shape) * scale == pytest.approx(300 / (2 * 1.959964), rel=1e-6)
    low, high = d.interval  # a gamma is skewed: close to, not exactly, 300-600
    assert low == pytest.approx(300, rel=0.06) and high == pytest.approx(600, rel=0.06)
    assert high - low == pytest.approx(300, rel=0.02)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: psa.lognormal_params(1.0, 0.0, 2.0), "a log-normal needs 0 < low <= central"),
    (lambda: psa.lognormal_params(1.0, 1.2, 2.0), "a log-normal needs 0 < low <= central"),
    (lambda: psa.beta_params(1.2, 0.1), "a beta needs 0 < mean < 1"),
    (lambda: psa.beta_params(0.5, 0.6), r"a beta needs 0 < sd\^2 < mean x \(1 - mean\)"),
    (lambda: psa.gamma_params(0, 1), "a gamma needs mean > 0 and sd > 0"),
    (lambda: psa.run_psa(_scenario(), draws=10), "draws must be a whole number from 100"),
    (lambda: Spread("normal", "x"), "spread kind must be one of"),
    (lambda: Spread("beta", " "), "a spread needs a basis"),
    (lambda: Spread("beta", "x", sources=("nope",)), "spread: unknown source 'nope'"),
])
def test_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_uncertain_catalogue_input_has_a_stated_spread():
    for iv in CATALOGUE:
        for d in psa.distributions(iv):
            assert d.basis.strip(), (iv.intervention_id, d.field)
            if d.kind != "fixed":
                # a spread is published (with a source) or plainly an assumption
                assert d.is_assumption or d.sources, (iv.intervention_id, d.field)
        # effect, baseline risk, unit cost and cost per event are uncertain in every case
        kinds = {d.field: d.kind for d in psa.distributions(iv)}
        for field in ("baseline_risk", "unit_cost", "event_cost"):
            assert kinds[field] != "fixed", (iv.intervention_id, field)


def test_default_spread_for_an_edit():
    fig = Figure(100, "GBP", low=80, high=120, is_assumption=True, basis="User override.")
    assert psa.spread_of("unit_cost", fig).kind == "gamma"
    assert psa.spread_of("effect", replace(fig, central=0.2, low=0.1, high=0.3)).kind == (
        "rr_lognormal")
    assert psa.spread_of("take_up", replace(fig, central=0.5, low=0.4, high=0.6)).kind == "beta"
    assert psa.spread_of("unit_cost", replace(fig, low=100, high=100)).kind == "fixed"


# ---------------------------------------------------------------------------
# the simulation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("iv_id", [iv.intervention_id for iv in CATALOGUE])
@pytest.mark.parametrize("horizon", [5, 10])
def test_zero_spread_psa_equals_the_deterministic_case(iv_id, horizon):
    iv = _without_spread(CATALOGUE_BY_ID[iv_id])
    s = _scenario(intervention=iv, horizon_years=horizon)
    r, p = evaluate(s), psa.run_psa(s, draws=500)
    for got, want in ((p.events, r.events_avoided_horizon.central),
                      (p.events_discounted, r.events_avoided_horizon_discounted.central),
                      (p.net_cost, r.net_cost_horizon_discounted.central),
                      (p.cost_per_event, r.cost_per_event_avoided.central)):
        assert (got.low, got.median, got.high) == pytest.approx((want, want, want), rel=1e-9)
    assert p.p_saves_money == (1.0 if r.net_cost_horizon_discounted.central < 0 else 0.0)
    assert p.tornado == ()
    assert p.net_cost_central == pytest.approx(r.net_cost_horizon_discounted.central)


def test_seeded_draws_are_reproducible():
    s = _scenario()
    a, b = psa.run_psa(s), psa.run_psa(s)
    assert (a.events, a.net_cost, a.cost_per_event, a.p_saves_money) == (
        b.events, b.net_cost, b.cost_per_event, b.p_saves_money)
    c = psa.run_psa(s, seed=1)
    assert c.net_cost != a.net_cost
    assert a.draws == psa.DEFAULT_DRAWS == 10_000


@pytest.mark.parametrize("iv_id", [iv.intervention_id for iv in CATALOGUE])
def test_probability_of_saving_is_a_probability_and_intervals_are_ordered(iv_id):
    p = psa.run_psa(_scenario(iv_id), draws=2_000)
    assert 0.0 <= p.p_saves_money <= 1.0
    for interval in (p.events, p.events_discounted, p.net_cost):
        assert interval.low <= interval.median <= interval.high


def test_psa_median_is_near_the_deterministic_case():
    s = _scenario()
    r, p = evaluate(s), psa.run_psa(s)
    assert p.events.median == pytest.approx(r.events_avoided_horizon.central, rel=0.05)
    assert p.events.low < r.events_avoided_horizon.central < p.events.high
    assert p.net_cost.low < r.net_cost_horizon_discounted.central < p.net_cost.high


def test_time_dependent_effect_is_drawn_from_the_windows():
    iv = CATALOGUE_BY_ID["thrombolysis_rate"]
    fields = [d.field for d in psa.distributions(iv)]
    assert "effect" not in fields
    assert {"odds_ratio:0", "odds_ratio:1", "share_first"} <= set(fields)
    assert "odds_ratio:2" not in fields  # no patients treated after 4.5 h in the mix
    # draws of the window model: elementwise equal to the float formula
    from planning.interventions import windowed_rrr
    good = np.array([0.231, 0.25])
    got = psa.windowed_rrr_arrays(good, (np.array([1.75, 1.5]), 1.26), (0.6, 0.4))
    assert got == pytest.approx([windowed_rrr(0.231, (1.75, 1.26), (0.6, 0.4)),
                                 windowed_rrr(0.25, (1.5, 1.26), (0.6, 0.4))])


def test_tornado_is_one_way_and_ranked_by_swing():
    s = _scenario()
    r = evaluate(s)
    bars = psa.tornado(s)
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    # one input at a time, the others central: the unit cost moves only the programme cost
    unit = next(b for b in bars if b.field == "unit_cost")
    reached = r.people_reached_per_year
    factor = r.programme_cost_horizon_discounted / r.programme_cost_per_year
    assert unit.at_high - unit.at_low == pytest.approx(
        reached * (unit.input_high - unit.input_low) * factor)
    assert unit.at_low < r.net_cost_horizon_discounted.central < unit.at_high
    # the (assumed, widely spread) saving per poor outcome moves the thrombolysis case most
    assert bars[0].field == "event_cost"


def test_psa_reports_the_time_its_draws_took():
    """``seconds`` is the draws' and tornado's own time, within the call's (the speed itself is
    measured by benchmarks/psa.py against the deterministic case, not asserted here)."""
    s = _scenario()
    start = time.perf_counter()
    p = psa.run_psa(s)
    elapsed = time.perf_counter() - start
    assert 0 < p.seconds <= elapsed + 1e-6
