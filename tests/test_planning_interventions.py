"""Tests for planning.interventions: catalogue validation, provenance and the derived figures."""

from __future__ import annotations

import doctest
import math
import re
from dataclasses import replace

import pytest

from etl.indicators import CATALOGUE_BY_ID as INDICATORS
from planning import interventions
from planning.interventions import (
    CATALOGUE,
    CATALOGUE_BY_ID,
    INDICATOR_IDS,
    OVERRIDABLE,
    SOURCES,
    CostSplit,
    Figure,
)


def _all_figures():
    for iv in CATALOGUE:
        for name, fig in iv.figures().items():
            yield iv.intervention_id, name, fig
        if iv.effect_windows is not None:
            yield iv.intervention_id, "share_first", iv.effect_windows.share_first
            for w in iv.effect_windows.windows:
                yield iv.intervention_id, f"odds_ratio {w.label}", w.odds_ratio


def test_module_doctests_run():
    attempted = 0
    for module in (interventions.model, interventions.quantities, interventions.catalogue,
                   interventions.citations):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 4


def test_catalogue_has_the_required_interventions():
    assert {
        "nhs_health_check",
        "hypertension_treatment",
        "af_anticoagulation",
        "smoking_cessation",
        "thrombolysis_rate",
    } <= set(CATALOGUE_BY_ID)
    ids = [i.intervention_id for i in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def test_every_published_figure_has_a_known_source():
    for iv_id, name, fig in _all_figures():
        if not fig.is_assumption:
            assert fig.sources, (iv_id, name)
        for key in fig.sources:
            assert key in SOURCES, (iv_id, name, key)


def test_every_assumption_states_its_basis():
    for iv_id, name, fig in _all_figures():
        if fig.is_assumption:
            assert len(fig.basis) > 20, (iv_id, name)
    for iv in CATALOGUE:
        split = iv.event_cost_split
        assert split.sources or split.is_assumption
        assert len(split.basis) > 20


def test_money_figures_state_a_price_year():
    for iv_id, name, fig in _all_figures():
        if "GBP" in fig.unit:
            assert fig.price_year, (iv_id, name)


def test_sources_have_full_citation_address_and_checked_passage():
    for key, src in SOURCES.items():
        assert src.key == key
        assert len(src.citation) > 40, key
        assert re.match(r"https?://[^\s]+$", src.url), key
        assert len(src.checked) > 30, key


def test_every_source_is_used():
    used = {k for _, _, fig in _all_figures() for k in fig.sources}
    used |= {k for iv in CATALOGUE for k in iv.event_cost_split.sources}
    # the Green Book and Patel et al. are cited by planning.scenario and in notes
    assert set(SOURCES) - used <= {"green_book", "patel2020"}


def test_indicator_ids_are_known_and_in_the_indicator_catalogue():
    for iv in CATALOGUE:
        for ind in (
            iv.coverage_indicator_id,
            iv.population_indicator_id,
            *iv.context_indicator_ids,
        ):
            assert ind is None or ind in INDICATOR_IDS, (iv.intervention_id, ind)
    for ind in INDICATOR_IDS:
        assert ind in INDICATORS, ind


def test_indicator_choices():
    # coverage indicators are provision indicators; prevalence only sizes the population
    hc = CATALOGUE_BY_ID["nhs_health_check"]
    assert hc.coverage_indicator_id == "nhs_health_check_offered_pct"
    assert hc.coverage_period_years == 1  # offers in the year / eligible population
    bp = CATALOGUE_BY_ID["hypertension_treatment"]
    assert bp.coverage_indicator_id is None
    assert bp.population_indicator_id == "hypertension_qof_pct"
    smoking = CATALOGUE_BY_ID["smoking_cessation"]
    assert smoking.coverage_indicator_id is None
    assert smoking.population_indicator_id == "smoking_pct"
    ivt = CATALOGUE_BY_ID["thrombolysis_rate"]
    assert ivt.coverage_indicator_id == "serving_unit_thrombolysis_rate_pct"
    assert ivt.context_indicator_ids == ("ivt_within_30min_pct",)
    for iv in CATALOGUE:
        assert iv.coverage_indicator_id not in ("hypertension_qof_pct", "smoking_pct")
        cov = iv.coverage_indicator_id
        if cov in INDICATORS:
            assert INDICATORS[cov].role == "provision"


def test_ranges_are_ordered_and_fractions_are_fractions():
    for iv_id, name, fig in _all_figures():
        assert fig.low <= fig.central <= fig.high, (iv_id, name)
    for iv in CATALOGUE:
        for name in ("take_up", "responder_fraction", "baseline_risk", "effect"):
            fig = getattr(iv, name)
            assert 0 <= fig.low <= fig.high <= 1, (iv.intervention_id, name)


def test_published_effects_as_in_the_sources():
    # Ettehad 2016: stroke RR 0.73 (0.68-0.77) per 10 mm Hg -> RRR 0.27 (0.23-0.32)
    bp = CATALOGUE_BY_ID["hypertension_treatment"].effect
    assert (bp.low, bp.central, bp.high) == pytest.approx((1 - 0.77, 1 - 0.73, 1 - 0.68))
    # Hart 2007: warfarin RRR 64% (49%-74%)
    af = CATALOGUE_BY_ID["af_anticoagulation"].effect
    assert (af.low, af.central, af.high) == (0.49, 0.64, 0.74)
    assert CATALOGUE_BY_ID["af_anticoagulation"].baseline_risk.central == 45 / 1000


def test_derived_figures_recompute():
    # Health Check: 1 - RR^(fall/10), fall 2.51 (2.25-2.77) mm Hg, RR 0.73 (0.77, 0.68)
    hc = CATALOGUE_BY_ID["nhs_health_check"].effect
    assert hc.central == pytest.approx(1 - 0.73**0.251, abs=5e-4)
    assert hc.low == pytest.approx(1 - 0.77**0.225, abs=5e-4)
    assert hc.high == pytest.approx(1 - 0.68**0.277, abs=5e-4)
    # Thrombolysis: control good outcome 176/762; OR 1.75 (1.35-2.27) within 3 h
    p0 = 176 / 762
    ivt = CATALOGUE_BY_ID["thrombolysis_rate"]
    assert ivt.baseline_risk.central == pytest.approx(1 - p0, abs=5e-4)

    def rrr(odds_ratio):
        odds = p0 / (1 - p0) * odds_ratio
        return (odds / (1 + odds) - p0) / (1 - p0)

    # by window: within 3.0 h OR 1.75 (1.35-2.27), 3.0-4.5 h OR 1.26 (1.05-1.51), weighted
    # by the assumed onset-to-needle mix 60% / 40% (none after 4.5 h)
    assert rrr(1.75) == pytest.approx(0.1477, abs=5e-5)
    assert rrr(1.26) == pytest.approx(0.0567, abs=5e-5)
    assert ivt.effect.central == pytest.approx(0.6 * rrr(1.75) + 0.4 * rrr(1.26), abs=1e-4)
    assert ivt.effect.low == pytest.approx(0.6 * rrr(1.35) + 0.4 * rrr(1.05), abs=1e-4)
    assert ivt.effect.high == pytest.approx(0.6 * rrr(2.27) + 0.4 * rrr(1.51), abs=1e-4)
    # an edited effect replaces the window model
    assert ivt.with_overrides({"effect": 0.148}).effect_windows is None
    # Smoking: 1 - 1.2/1.5 = 0.2; stop smoking service: GBP 87.7m / 724,247 quit dates
    smoking = CATALOGUE_BY_ID["smoking_cessation"]
    assert smoking.effect.central == pytest.approx(1 - 1.2 / 1.5)
    assert smoking.unit_cost.central == pytest.approx(87.7e6 / 724_247, abs=0.5)
    # and GBP 87.7m / 373,872 quitters is the published GBP 235 per quitter
    per_quitter = 87.7e6 / 373_872
    assert per_quitter == pytest.approx(235, abs=0.5)
    # AF: apixaban GBP 1.10 a tablet, twice a day, for a year
    assert CATALOGUE_BY_ID["af_anticoagulation"].unit_cost.central == pytest.approx(1.10 * 2 * 365)
    # thrombolysis event cost: Xu mean minus lowest group
    assert ivt.event_cost.central == 46_039 - 19_101


def test_stroke_cost_split_from_herc_aggregate():
    split = CATALOGUE_BY_ID["af_anticoagulation"].event_cost_split
    assert split.is_assumption
    assert split.nhs_acute == pytest.approx(1.1 / 2.5)
    assert split.social_care == pytest.approx(0.9 / 2.5)
    assert split.nhs_acute + split.nhs_other + split.social_care == pytest.approx(1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"central": 0.5, "low": 0.6}, "x: need low <= central <= high"),
        ({"central": math.nan}, "x: central, low and high must be finite numbers"),
        ({"central": 0.5, "high": math.inf}, "x: central, low and high must be finite numbers"),
        ({"central": 0.5}, "x: a published figure needs at least one source"),
        ({"central": 0.5, "sources": ("nobody2020",)}, "x: unknown source 'nobody2020'"),
        ({"central": 0.5, "is_assumption": True}, "x: an assumption needs a basis"),
    ],
)
def test_figure_validation(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Figure(unit="x", **kwargs)


@pytest.mark.parametrize(
    ("shares", "kwargs", "message"),
    [
        ((0.5, 0.5, 0.5), {"basis": "b"}, "cost split shares must sum to 1"),
        ((1.2, -0.1, -0.1), {"basis": "b"}, "cost split shares must be between 0 and 1"),
        ((0.5, 0.1, 0.4), {}, "cost split: an assumption needs a basis"),
        ((0.5, 0.1, 0.4), {"basis": "b", "sources": ("x",)}, "cost split: unknown source 'x'"),
    ],
)
def test_cost_split_validation(shares, kwargs, message):
    with pytest.raises(ValueError, match=message):
        CostSplit(*shares, **kwargs)


def test_intervention_validation_messages():
    base = CATALOGUE_BY_ID["hypertension_treatment"]
    with pytest.raises(ValueError, match="coverage_indicator_id 'made_up_pct' is not a known"):
        replace(base, coverage_indicator_id="made_up_pct")
    with pytest.raises(ValueError, match="context indicator 'x' is not a known indicator id"):
        replace(base, context_indicator_ids=("x",))
    with pytest.raises(ValueError, match="delivery must be one of"):
        replace(base, delivery="weekly")
    with pytest.raises(ValueError, match="coverage_period_years must be positive"):
        replace(base, coverage_period_years=0)
    with pytest.raises(ValueError, match="indicator_note must say why"):
        replace(base, indicator_note=" ")
    two = Figure(2.0, "x", is_assumption=True, basis="test value")
    with pytest.raises(ValueError, match="baseline_risk must be a fraction between 0 and 1"):
        replace(base, baseline_risk=two)
    negative = Figure(-1.0, "x", is_assumption=True, basis="test value")
    with pytest.raises(ValueError, match="unit_cost must not be negative"):
        replace(base, unit_cost=negative)
    with pytest.raises(ValueError, match="effect_duration_years must be positive"):
        replace(base, effect_duration_years=Figure(0.0, "x", is_assumption=True, basis="test"))


def test_overrides_are_marked_as_assumptions():
    base = CATALOGUE_BY_ID["smoking_cessation"]
    out = base.with_overrides({"unit_cost": 200, "effect": (0.1, 0.15, 0.3)})
    assert out.unit_cost.central == 200 and out.unit_cost.is_assumption
    assert out.unit_cost.price_year == base.unit_cost.price_year
    assert "catalogue value 121" in out.unit_cost.basis
    assert (out.effect.low, out.effect.central, out.effect.high) == (0.1, 0.15, 0.3)
    assert base.unit_cost.central == 121  # the catalogue is untouched
    assert set(OVERRIDABLE) >= set(base.figures())
    hyper = CATALOGUE_BY_ID["hypertension_treatment"].with_overrides({"effect_duration_years": 3})
    assert hyper.effect_duration_years is not None
    assert hyper.effect_duration_years.central == 3
    with pytest.raises(ValueError, match="quitters: need low <= central <= high"):
        base.with_overrides({"effect": (0.3, 0.2, 0.4)})
    with pytest.raises(ValueError, match="cannot override 'name'"):
        base.with_overrides({"name": 1.0})
