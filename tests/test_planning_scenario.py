"""Tests for planning.scenario: hand-worked investment cases, discounting, targets and SII.

Discount factors at 3.5%, year t = 1..10, 1 / 1.035^(t - 1), to 6 decimal places:
    1.000000 0.966184 0.933511 0.901943 0.871442 0.841973 0.813501 0.785991 0.759412 0.733731
    sum of years 1-5 = 4.673079; years 2-5 = 3.673079; years 2-10 = 7.607687.
"""

from __future__ import annotations

import doctest
import importlib
import math
import pkgutil
from dataclasses import replace

import numpy as np
import pytest

from planning import scenario as scenario_module
from planning.interventions import CATALOGUE, CATALOGUE_BY_ID, CostSplit, Figure, Intervention
from planning.scenario import (
    Scenario,
    best_quintile_threshold,
    discount_factors,
    evaluate,
    exposure_by_year,
    people_reached,
    sii_before_after,
    target_coverage,
)


def _assumed(
    value: float, unit: str = "test", low: float | None = None, high: float | None = None
) -> Figure:
    return Figure(
        value,
        unit,
        low=value if low is None else low,
        high=value if high is None else high,
        is_assumption=True,
        basis="test value",
    )


def _toy(
    *,
    delivery: str = "maintained",
    take_up: float = 1.0,
    period: float = 1.0,
    responder: float = 1.0,
    baseline: float = 0.01,
    effect: tuple[float, float, float] = (0.2, 0.3, 0.4),
    tte: float = 1.0,
    duration: float | None = None,
    unit_cost: float = 100.0,
    event_cost: float = 10_000.0,
    event_cost_years: int = 1,
) -> Intervention:
    """A catalogue entry with round test numbers (every figure an assumption)."""
    base = CATALOGUE_BY_ID["hypertension_treatment"]
    return replace(
        base,
        intervention_id="toy",
        delivery=delivery,  # type: ignore[arg-type]
        coverage_period_years=period,
        take_up=_assumed(take_up),
        responder_fraction=_assumed(responder),
        baseline_risk=_assumed(baseline),
        effect=_assumed(effect[1], low=effect[0], high=effect[2]),
        time_to_effect_years=_assumed(tte),
        effect_duration_years=None if duration is None else _assumed(duration),
        unit_cost=_assumed(unit_cost),
        event_cost=_assumed(event_cost),
        event_cost_split=CostSplit(0.5, 0.1, 0.4, basis="test split"),
        event_cost_years=event_cost_years,
    )


def test_module_doctests_run():
    attempted = 0
    for info in pkgutil.iter_modules(scenario_module.__path__, "planning.scenario."):
        module = importlib.import_module(info.name)
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 8


# ---------------------------------------------------------------------------
# building blocks
# ---------------------------------------------------------------------------


def test_discount_factors_hand_worked_to_4dp():
    # 1/1.035 = 0.9662, 1/1.035^2 = 1/1.071225 = 0.9335, 1/1.035^3 = 1/1.108718 = 0.9019,
    # 1/1.035^4 = 1/1.147523 = 0.8714; year 1 is undiscounted.
    np.testing.assert_allclose(
        discount_factors(5), [1.0, 0.9662, 0.9335, 0.9019, 0.8714], atol=5e-5
    )
    np.testing.assert_allclose(discount_factors(3, 0.0), [1.0, 1.0, 1.0])


@pytest.mark.parametrize(
    ("years", "rate", "message"),
    [
        (0, 0.035, "years must be a positive integer"),
        (2.5, 0.035, "years must be a positive integer"),
        (5, -0.01, "rate must be a number between 0 and"),
        (5, 1.0, "rate must be a number between 0 and"),
    ],
)
def test_discount_factors_errors(years, rate, message):
    with pytest.raises(ValueError, match=message):
        discount_factors(years, rate)


def test_people_reached_brief_example():
    # 10,000 eligible, coverage 40% -> 50%: 10,000 x 10/100 = 1,000 people reached.
    assert people_reached(10_000, 40, 50) == pytest.approx(1000.0)
    # five-year offer rate with 50% take-up: 1,000 offers over 5 years x 0.5 = 100 a year
    assert people_reached(10_000, 40, 50, take_up=0.5, coverage_period_years=5) == 100.0
    assert people_reached(10_000, 50, 50) == 0.0


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((-1, 40, 50), {}, "eligible_population must be a non-negative number"),
        ((100, 40, 101), {}, "target_coverage_pct must be between 0 and 100"),
        ((100, -5, 50), {}, "current_coverage_pct must be between 0 and 100"),
        ((100, 60, 50), {}, "target_coverage_pct must not be below current_coverage_pct"),
        ((100, 40, 50), {"take_up": 1.5}, "take_up must be a number between 0 and 1"),
        (
            (100, 40, 50),
            {"coverage_period_years": 0},
            "coverage_period_years must be a positive number",
        ),
    ],
)
def test_people_reached_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        people_reached(*args, **kwargs)


def test_exposure_maintained_and_cohorts():
    # maintained, effect after 1 year: nothing in year 1, full years after
    np.testing.assert_allclose(
        exposure_by_year(5, delivery="maintained", time_to_effect=1, effect_duration=None),
        [0, 1, 1, 1, 1],
    )
    # maintained, effect after half a year: half of year 1
    np.testing.assert_allclose(
        exposure_by_year(3, delivery="maintained", time_to_effect=0.5, effect_duration=None),
        [0.5, 1, 1],
    )
    # a new group each year, lasting effect after 1 year: groups accumulate 0, 1, 2, 3, 4
    np.testing.assert_allclose(
        exposure_by_year(5, delivery="annual_cohort", time_to_effect=1, effect_duration=None),
        [0, 1, 2, 3, 4],
    )
    # effect lasts 2 years: group c is protected in years c+1 and c+2 -> 0, 1, 2, 2, 2
    np.testing.assert_allclose(
        exposure_by_year(5, delivery="annual_cohort", time_to_effect=1, effect_duration=2),
        [0, 1, 2, 2, 2],
    )
    # one-off outcome in the year of treatment (thrombolysis)
    np.testing.assert_allclose(
        exposure_by_year(4, delivery="annual_cohort", time_to_effect=0, effect_duration=1),
        [1, 1, 1, 1],
    )


# ---------------------------------------------------------------------------
# the brief's hand-worked example, end to end
# ---------------------------------------------------------------------------


def test_maintained_example_hand_worked():
    # 10,000 eligible of 50,000 residents, coverage 40% -> 50%: 1,000 people reached a year.
    # Baseline risk 1% a year, RRR 30% (20%-40%): 1,000 x 0.01 x 0.3 = 3 events avoided a
    # year once started (low 2, high 4). Time to effect 1 year: years 1..5 = 0, 3, 3, 3, 3.
    #   over 5 years: 12 (low 8, high 16); over 10 years: 9 x 3 = 27.
    #   discounted over 5 years: 3 x 3.673079 = 11.0192 (low 7.3462, high 14.6923);
    #   over 10 years: 3 x 7.607687 = 22.8231.
    # Unit cost GBP 100 a year: programme GBP 100,000 a year; over a 5-year horizon
    #   undiscounted 500,000, discounted 100,000 x 4.673079 = 467,307.92.
    # Cost per head of 50,000 residents: 100,000 / 50,000 = GBP 2 a year; 467,307.92 / 50,000
    #   = 9.3462 over the horizon.
    # Event cost GBP 10,000: avoided (discounted) 11.019238 x 10,000 = 110,192.38, split 50% /
    #   10% / 40% = 55,096.19 NHS acute, 11,019.24 NHS other, 44,076.95 social care.
    #   Net cost 467,307.92 - 110,192.38 = 357,115.54.
    #   Cost per event avoided 467,307.92 / 11.019238 = 42,408.37; net 32,408.37.
    s = Scenario(_toy(), 50_000, 10_000, 40, 50, horizon_years=5)
    r = evaluate(s)
    assert r.people_reached_per_year == pytest.approx(1000)
    assert r.uplift_pp == pytest.approx(10)
    assert (
        r.events_avoided_per_year.low,
        r.events_avoided_per_year.central,
        r.events_avoided_per_year.high,
    ) == pytest.approx((2, 3, 4))
    assert [y.events_avoided.central for y in r.years[:5]] == pytest.approx([0, 3, 3, 3, 3])
    assert len(r.years) == 10
    assert r.events_avoided_5y.central == pytest.approx(12)
    assert (r.events_avoided_5y.low, r.events_avoided_5y.high) == pytest.approx((8, 16))
    assert r.events_avoided_10y.central == pytest.approx(27)
    assert r.events_avoided_5y_discounted.central == pytest.approx(11.0192, abs=5e-5)
    assert r.events_avoided_5y_discounted.low == pytest.approx(7.3462, abs=5e-5)
    assert r.events_avoided_5y_discounted.high == pytest.approx(14.6923, abs=5e-5)
    assert r.events_avoided_10y_discounted.central == pytest.approx(22.8231, abs=5e-5)
    assert r.events_avoided_horizon.central == pytest.approx(12)
    assert r.programme_cost_per_year == pytest.approx(100_000)
    assert r.programme_cost_horizon == pytest.approx(500_000)
    assert r.programme_cost_horizon_discounted == pytest.approx(467_307.92, abs=0.005)
    assert r.cost_per_head_per_year == pytest.approx(2.0)
    assert r.cost_per_head_horizon_discounted == pytest.approx(9.3462, abs=5e-5)
    saved = r.avoided_costs_horizon_discounted
    assert saved.nhs_acute == pytest.approx(55_096.19, abs=0.005)
    assert saved.nhs_other == pytest.approx(11_019.24, abs=0.005)
    assert saved.social_care == pytest.approx(44_076.95, abs=0.005)
    assert saved.total == pytest.approx(110_192.38, abs=0.005)
    assert saved.nhs == pytest.approx(66_115.43, abs=0.005)
    assert r.net_cost_horizon_discounted.central == pytest.approx(357_115.54, abs=0.005)
    assert r.cost_per_event_avoided.central == pytest.approx(42_408.37, abs=0.005)
    assert r.net_cost_per_event_avoided.central == pytest.approx(32_408.37, abs=0.005)
    assert r.years[1].discount_factor == pytest.approx(0.966184, abs=5e-7)


def test_time_to_effect_of_half_a_year():
    # 3 events a year once started; effect from mid-year 1: 1.5 + 4 x 3 = 13.5 over 5 years.
    r = evaluate(Scenario(_toy(tte=0.5), 50_000, 10_000, 40, 50))
    assert r.events_avoided_5y.central == pytest.approx(13.5)


def test_annual_cohort_benefits_accumulate():
    # 1,000 eligible, 40% -> 50%: 100 new people a year; half respond; risk 2%, RRR 50%:
    # 100 x 0.5 x 0.02 x 0.5 = 0.5 events a year per group once started (after 1 year).
    # Lasting effect: years 1..5 = 0, 0.5, 1.0, 1.5, 2.0 -> 5.0.
    iv = _toy(delivery="annual_cohort", responder=0.5, baseline=0.02, effect=(0.5, 0.5, 0.5))
    r = evaluate(Scenario(iv, 5_000, 1_000, 40, 50))
    assert r.events_avoided_per_year.central == pytest.approx(0.5)
    assert [y.events_avoided.central for y in r.years[:5]] == pytest.approx([0, 0.5, 1.0, 1.5, 2.0])
    assert r.events_avoided_5y.central == pytest.approx(5.0)
    # programme cost: 100 new people x GBP 100 every year
    assert r.programme_cost_per_year == pytest.approx(10_000)
    # effect lasting 2 years: 0, 0.5, 1, 1, 1 -> 3.5
    iv2 = replace(iv, effect_duration_years=_assumed(2.0))
    assert evaluate(Scenario(iv2, 5_000, 1_000, 40, 50)).events_avoided_5y.central == (
        pytest.approx(3.5)
    )


def test_five_year_offer_rate_and_take_up():
    # 10,000 eligible, offers 40% -> 50% of a five-year cycle, 50% attend: 100 checks a year
    iv = _toy(delivery="annual_cohort", take_up=0.5, period=5)
    assert evaluate(Scenario(iv, 50_000, 10_000, 40, 50)).people_reached_per_year == 100


def test_no_uplift_gives_zero_events_and_missing_cost_per_event():
    r = evaluate(Scenario(_toy(), 50_000, 10_000, 50, 50))
    assert r.events_avoided_10y.central == 0
    assert r.programme_cost_per_year == 0
    assert math.isnan(r.cost_per_event_avoided.central)


def test_separate_effect_discount_rate():
    # events discounted at 0%: 12 over 5 years; costs still at 3.5%
    r = evaluate(
        Scenario(_toy(), 50_000, 10_000, 40, 50, horizon_years=5, effect_discount_rate=0.0)
    )
    assert r.events_avoided_5y_discounted.central == pytest.approx(12)
    assert r.programme_cost_horizon_discounted == pytest.approx(467_307.92, abs=0.005)


def test_overrides_replace_figures_and_are_reported():
    r = evaluate(Scenario(_toy(), 50_000, 10_000, 40, 50, overrides={"effect": 0.5}))
    # 1,000 x 0.01 x 0.5 = 5 a year, no range left
    assert r.events_avoided_per_year.central == pytest.approx(5)
    assert r.events_avoided_per_year.low == pytest.approx(5)
    assert any(n.startswith("effect: User override") for n in r.notes)
    with pytest.raises(ValueError, match="cannot override 'price'"):
        evaluate(Scenario(_toy(), 50_000, 10_000, 40, 50, overrides={"price": 1.0}))
    with pytest.raises(ValueError, match="effect must be a fraction between 0 and 1"):
        evaluate(Scenario(_toy(), 50_000, 10_000, 40, 50, overrides={"effect": 1.5}))


@pytest.mark.parametrize("intervention", CATALOGUE, ids=lambda i: i.intervention_id)
def test_uncertainty_range_is_ordered_for_every_catalogue_entry(intervention):
    r = evaluate(Scenario(intervention, 300_000, 30_000, 40, 55, horizon_years=10))
    for quantity in (
        r.events_avoided_per_year,
        r.events_avoided_5y,
        r.events_avoided_10y,
        r.events_avoided_5y_discounted,
        r.events_avoided_10y_discounted,
        r.avoided_cost_horizon_discounted,
    ):
        assert 0 <= quantity.low <= quantity.central <= quantity.high
    assert r.events_avoided_10y.central > 0
    # a bigger effect costs less
    net = r.net_cost_horizon_discounted
    assert net.low >= net.central >= net.high
    per = r.cost_per_event_avoided
    assert per.central >= per.high
    # the smoking RRR can be 0 at the low end: no events, so no cost per event (missing)
    assert math.isnan(per.low) if r.events_avoided_10y.low == 0 else per.low >= per.central
    # discounting never increases a total; savings split adds up
    assert r.events_avoided_10y_discounted.central <= r.events_avoided_10y.central
    assert r.avoided_costs_horizon_discounted.total == pytest.approx(
        r.avoided_cost_horizon_discounted.central
    )
    assert r.notes  # every catalogue entry rests on at least one stated assumption


def test_worked_example_hypertension_300k():
    # 300,000 residents; 42,000 adults with hypertension (14% of residents, e.g. from
    # high_blood_pressure_pct); treated 50% -> 60%: 4,200 more people on treatment.
    # Events: 4,200 x 0.01 x 0.27 = 11.34 strokes a year from year 2 (low x0.23 = 9.66,
    # high x0.32 = 13.44); 10 years undiscounted 9 x 11.34 = 102.06; discounted
    # 11.34 x 7.607687 = 86.2712.
    # Cost: 4,200 x GBP 64.67 = GBP 271,614 a year; 10 years discounted x 8.607687
    # = GBP 2,337,968.16; per head 271,614 / 300,000 = GBP 0.9054 a year.
    # Avoided: the five-year cost of a stroke (GBP 46,039) falls evenly over the five years
    # from the year it is avoided (GBP 9,207.80 a year), each part discounted in its year and
    # cut off after year 10. Strokes avoided a year: 0, then 11.34 from year 2, so the costs
    # falling in years 2..10 are 11.34 x 9,207.80 x (1, 2, 3, 4, 5, 5, 5, 5, 5); discounted:
    # 11.34 x 9,207.80 x (0.966184 + 2 x 0.933511 + 3 x 0.901943 + 4 x 0.871442
    #                     + 5 x 3.934608) = 11.34 x 9,207.80 x 28.697843 = GBP 2,996,526.48
    # (booked in the year of the stroke, as before December 2026: GBP 3,971,838.17);
    # net 2,337,968.16 - 2,996,526.48 = -658,558.32 (a saving).
    iv = CATALOGUE_BY_ID["hypertension_treatment"]
    r = evaluate(Scenario(iv, 300_000, 42_000, 50, 60, horizon_years=10))
    assert r.people_reached_per_year == pytest.approx(4200)
    assert r.events_avoided_per_year.central == pytest.approx(11.34)
    assert r.events_avoided_per_year.low == pytest.approx(9.66)
    assert r.events_avoided_per_year.high == pytest.approx(13.44)
    assert r.events_avoided_10y.central == pytest.approx(102.06)
    assert r.events_avoided_10y_discounted.central == pytest.approx(86.2712, abs=5e-5)
    assert r.programme_cost_per_year == pytest.approx(271_614)
    assert r.programme_cost_horizon_discounted == pytest.approx(2_337_968.16, abs=0.01)
    assert r.cost_per_head_per_year == pytest.approx(0.90538)
    assert r.avoided_cost_horizon_discounted.central == pytest.approx(2_996_526.48, abs=0.05)
    assert r.net_cost_horizon_discounted.central == pytest.approx(-658_558.32, abs=0.05)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"total_population": -1}, "total_population must be a non-negative number"),
        ({"total_population": 0}, "total_population must be positive"),
        ({"eligible_population": -10}, "eligible_population must be a non-negative number"),
        ({"eligible_population": 60_000}, "eligible_population must not exceed total_population"),
        ({"current_coverage_pct": 120}, "current_coverage_pct must be between 0 and 100"),
        ({"target_coverage_pct": 100.5}, "target_coverage_pct must be between 0 and 100"),
        ({"target_coverage_pct": 30}, "target_coverage_pct must not be below current"),
        ({"horizon_years": 0}, "horizon_years must be an integer from 1 to 30"),
        ({"horizon_years": 31}, "horizon_years must be an integer from 1 to 30"),
        ({"horizon_years": 5.5}, "horizon_years must be an integer from 1 to 30"),
        ({"discount_rate": -0.01}, "discount_rate must be a number between 0 and"),
        ({"effect_discount_rate": 2.0}, "effect_discount_rate must be a number between 0 and"),
        ({"total_population": float("nan")}, "total_population must be a non-negative number"),
    ],
)
def test_scenario_errors(kwargs, message):
    args = {
        "intervention": _toy(),
        "total_population": 50_000,
        "eligible_population": 10_000,
        "current_coverage_pct": 40,
        "target_coverage_pct": 50,
    } | kwargs
    with pytest.raises(ValueError, match=message):
        Scenario(**args)


# ---------------------------------------------------------------------------
# targets
# ---------------------------------------------------------------------------


def test_target_rules_and_caps():
    assert target_coverage(40, "uplift_pp", uplift_pp=10) == 50
    assert target_coverage(95, "uplift_pp", uplift_pp=10) == 100  # capped
    assert target_coverage(50, "england_average", england=62.5) == 62.5
    assert target_coverage(70, "england_average", england=62.5) == 70  # never below current
    assert target_coverage(50, "best_quintile", best_quintile=81) == 81
    assert target_coverage(90, "best_quintile", best_quintile=81) == 90
    assert target_coverage(100, "uplift_pp", uplift_pp=0) == 100


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((50, "median"), {}, "rule must be one of 'uplift_pp', 'england_average', 'best_quintile'"),
        ((50, "england_average"), {}, "rule 'england_average' needs england"),
        ((50, "best_quintile"), {"england": 60}, "rule 'best_quintile' needs best_quintile"),
        ((50, "uplift_pp"), {}, "rule 'uplift_pp' needs uplift_pp"),
        ((50, "uplift_pp"), {"uplift_pp": -5}, "uplift_pp must be a non-negative number"),
        ((101, "uplift_pp"), {"uplift_pp": 5}, "current must be between 0 and 100"),
        ((50, "england_average"), {"england": 140}, "england must be between 0 and 100"),
    ],
)
def test_target_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        target_coverage(*args, **kwargs)


def test_best_quintile_threshold():
    # 80th percentile of 10, 20, ..., 100 (linear): position 0.8 x 9 = 7.2 -> 80 + 0.2 x 10 = 82
    assert best_quintile_threshold([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) == 82
    assert best_quintile_threshold([55.0, float("nan")]) == 55
    with pytest.raises(ValueError, match="values must contain at least one non-missing number"):
        best_quintile_threshold([float("nan")])


# ---------------------------------------------------------------------------
# inequality
# ---------------------------------------------------------------------------


def test_sii_before_after_hand_worked():
    # Equal populations, deciles 1..10, coverage 40 + 2i. Relative ranks b = (i - 0.5)/10, so
    # coverage = 41 + 20 b: SII = 20 (least deprived 20 points ahead).
    # +10 points in deciles 1-2 (b = 0.05, 0.15): the slope changes by
    # sum((b - 0.5) x d) / sum((b - 0.5)^2) = 10 x (-0.45 - 0.35) / 0.825 = -9.69697,
    # so SII after = 10.30303.
    deciles = list(range(1, 11))
    values = [40 + 2 * i for i in deciles]
    out = sii_before_after(deciles, [1000] * 10, values, uplift_pp=10)
    assert out.sii_before == pytest.approx(20)
    assert out.sii_after == pytest.approx(10.30303, abs=5e-6)
    assert out.change == pytest.approx(-9.69697, abs=5e-6)
    assert out.values_after[:3] == (52, 54, 46)


def test_sii_matches_weighted_least_squares_reference():
    rng = np.random.default_rng(3)
    pops = rng.integers(500, 5000, size=10).astype(float)
    values = np.sort(rng.uniform(30, 80, size=10))
    out = sii_before_after(range(1, 11), pops, values, uplift_pp={1: 15, 2: 10, 3: 5})
    share = pops / pops.sum()
    rank = np.cumsum(share) - share / 2
    after = values + np.array([15, 10, 5, 0, 0, 0, 0, 0, 0, 0])
    for vals, got in ((values, out.sii_before), (after, out.sii_after)):
        slope = np.polyfit(rank, vals, 1, w=np.sqrt(share))[0]
        assert got == pytest.approx(slope, rel=1e-9)


def test_sii_uplift_is_capped_and_checked():
    out = sii_before_after(
        range(1, 6), [1, 1, 1, 1, 1], [95, 90, 85, 80, 75], uplift_pp=10, deciles=[1]
    )
    assert out.values_after[0] == 100
    with pytest.raises(ValueError, match="deciles not found: 11"):
        sii_before_after(range(1, 11), [1] * 10, [50] * 10, uplift_pp=5, deciles=[11])
    with pytest.raises(ValueError, match="value must be between 0 and 100"):
        sii_before_after(range(1, 11), [1] * 10, [150] * 10, uplift_pp=5)
    with pytest.raises(ValueError, match="uplift_pp must be a non-negative number"):
        sii_before_after(range(1, 11), [1] * 10, [50] * 10, uplift_pp=-5)
    with pytest.raises(ValueError, match="population must be positive"):
        sii_before_after(range(1, 11), [0] * 10, [50] * 10, uplift_pp=5)


def test_savings_accrue_over_the_years_they_fall_in():
    # One event avoided a year from year 1 (1,000 reached x 1% x RRR 0.1 = 1; no delay), cost
    # GBP 5,000 over 5 years = GBP 1,000 a year per event. Horizon 3 years:
    #   costs falling in years 1..3 = 1,000 x (1, 2, 3) (one more event's costs each year);
    #   discounted at 3.5%: 1,000 + 2,000 x 0.966184 + 3,000 x 0.933511 = 5,732.90;
    #   costs of these events falling in years 4-7 are beyond the horizon and not counted.
    # Booked in the event's year it would have been 5,000 x (1 + 0.966184 + 0.933511)
    #   = 14,498.47.
    iv = _toy(effect=(0.1, 0.1, 0.1), tte=0, event_cost=5_000, event_cost_years=5)
    r = evaluate(Scenario(iv, 50_000, 10_000, 40, 50, horizon_years=3))
    assert [y.events_avoided.central for y in r.years[:3]] == pytest.approx([1, 1, 1])
    assert [y.avoided_cost.central for y in r.years[:6]] == pytest.approx(
        [1000, 2000, 3000, 4000, 5000, 5000])
    assert r.avoided_cost_horizon_discounted.central == pytest.approx(5_732.90, abs=0.005)
    booked = evaluate(Scenario(replace(iv, event_cost_years=1), 50_000, 10_000, 40, 50,
                               horizon_years=3))
    assert booked.avoided_cost_horizon_discounted.central == pytest.approx(14_498.47, abs=0.005)


def test_saving_profile_rejects_bad_years():
    assert scenario_module.saving_profile(4).sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="event_cost_years must be a positive integer"):
        scenario_module.saving_profile(0)
