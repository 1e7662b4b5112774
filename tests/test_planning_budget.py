"""Tests for planning.budget: pooled-budget splits, where savings land, display rounding."""

from __future__ import annotations

import doctest
import math

import pytest

from planning import budget as budget_module
from planning.budget import (
    Partner,
    net_positions,
    savings_by_partner,
    split_contributions,
)
from planning.scenario import AvoidedCosts

ICB = Partner("Lancashire and South Cumbria ICB", "icb", 300_000, need=30)
COUNCIL_A = Partner("Blackpool Council", "council", 200_000, need=24)
COUNCIL_B = Partner("Fylde Council", "council", 100_000, need=6)


def test_module_doctests_run():
    result = doctest.testmod(budget_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3
    assert result.failed == 0


def test_population_split_hand_worked():
    # populations 300,000 / 200,000 / 100,000 of 600,000: 1/2, 1/3, 1/6 of GBP 900,000
    out = split_contributions(900_000, [ICB, COUNCIL_A, COUNCIL_B], "population")
    assert [c.name for c in out] == [ICB.name, COUNCIL_A.name, COUNCIL_B.name]
    assert [c.amount for c in out] == pytest.approx([450_000, 300_000, 150_000])
    assert [c.share for c in out] == pytest.approx([0.5, 1 / 3, 1 / 6])
    assert math.fsum(c.amount for c in out) == pytest.approx(900_000)


def test_need_split_hand_worked():
    # need 30 / 24 / 6 of 60 expected events: 50%, 40%, 10% of GBP 1,000,000
    out = split_contributions(1_000_000, [ICB, COUNCIL_A, COUNCIL_B], "need")
    assert [c.amount for c in out] == pytest.approx([500_000, 400_000, 100_000])


def test_agreed_split():
    agreed = {ICB.name: 60, COUNCIL_A.name: 30, COUNCIL_B.name: 10}
    out = split_contributions(250_000, [ICB, COUNCIL_A, COUNCIL_B], "agreed", agreed)
    assert [c.amount for c in out] == pytest.approx([150_000, 75_000, 25_000])
    # floating-point percentages that sum to 100 are accepted
    agreed = {ICB.name: 100 / 3, COUNCIL_A.name: 100 / 3, COUNCIL_B.name: 100 / 3}
    out = split_contributions(300, [ICB, COUNCIL_A, COUNCIL_B], "agreed", agreed)
    assert [c.amount for c in out] == pytest.approx([100, 100, 100])


@pytest.mark.parametrize(
    ("agreed", "message"),
    [
        ({ICB.name: 60, COUNCIL_A.name: 39}, "agreed percentages must sum to 100, not 99"),
        ({ICB.name: 70, COUNCIL_A.name: 40}, "agreed percentages must sum to 100, not 110"),
        ({ICB.name: 100}, "must name every partner exactly: missing \\['Blackpool Council'\\]"),
        ({ICB.name: 50, COUNCIL_A.name: 40, "Wyre Council": 10}, "unknown \\['Wyre Council'\\]"),
        ({ICB.name: 120, COUNCIL_A.name: -20}, "agreed percentage of .* between 0 and 100"),
        (None, "rule 'agreed' needs agreed percentages"),
    ],
)
def test_agreed_split_errors(agreed, message):
    with pytest.raises(ValueError, match=message):
        split_contributions(1_000, [ICB, COUNCIL_A], "agreed", agreed)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, [ICB], "population"), "total_cost must be a non-negative number"),
        ((math.nan, [ICB], "population"), "total_cost must be a non-negative number"),
        ((100, [], "population"), "at least one partner is needed"),
        ((100, [ICB, ICB], "population"), "partner names must be unique"),
        ((100, [ICB], "income"), "rule must be one of 'population', 'need', 'agreed'"),
        (
            (100, [Partner("A", "icb", 0), Partner("B", "council", 0)], "population"),
            "partners' total population must be positive",
        ),
        (
            (100, [Partner("A", "icb", 10), Partner("B", "council", 10)], "need"),
            "partners' total need must be positive",
        ),
    ],
)
def test_split_errors(args, message):
    with pytest.raises(ValueError, match=message):
        split_contributions(*args)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "A", "kind": "icb", "population": -5}, "population of A must be a non-negative"),
        ({"name": "A", "kind": "icb", "population": 5, "need": -1}, "need of A must be a non-neg"),
        (
            {"name": "A", "kind": "trust", "population": 5},
            "partner kind must be 'icb' or 'council'",
        ),
        ({"name": " ", "kind": "icb", "population": 5}, "partner name must not be empty"),
    ],
)
def test_partner_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Partner(**kwargs)


def test_savings_land_with_who_would_have_paid():
    # NHS acute 55,096.19 + NHS other 11,019.24 -> the ICB; social care 44,076.95 -> councils
    # by population 2:1 -> 29,384.63 and 14,692.32.
    avoided = AvoidedCosts(55_096.19, 11_019.24, 44_076.95)
    out = savings_by_partner(avoided, [ICB, COUNCIL_A, COUNCIL_B])
    icb, a, b = out
    assert (icb.nhs_acute, icb.nhs_other, icb.social_care) == pytest.approx(
        (55_096.19, 11_019.24, 0)
    )
    assert icb.total == pytest.approx(66_115.43)
    assert a.social_care == pytest.approx(44_076.95 * 2 / 3)
    assert b.social_care == pytest.approx(44_076.95 / 3)
    assert a.nhs_acute == 0 and b.nhs_other == 0
    assert math.fsum(s.total for s in out) == pytest.approx(avoided.total)
    # by need instead (24 : 6)
    by_need = savings_by_partner(avoided, [ICB, COUNCIL_A, COUNCIL_B], within_kind="need")
    assert by_need[1].social_care == pytest.approx(44_076.95 * 0.8)


def test_savings_errors():
    with pytest.raises(ValueError, match="NHS savings need an ICB partner"):
        savings_by_partner(AvoidedCosts(1.0, 0.0, 1.0), [COUNCIL_A])
    with pytest.raises(ValueError, match="social-care savings need a council partner"):
        savings_by_partner(AvoidedCosts(1.0, 0.0, 1.0), [ICB])
    with pytest.raises(ValueError, match="within_kind must be 'population' or 'need'"):
        savings_by_partner(AvoidedCosts(1.0, 0.0, 1.0), [ICB, COUNCIL_A], within_kind="agreed")
    # no social-care savings: a council-less partnership is fine
    only_icb = savings_by_partner(AvoidedCosts(1.0, 2.0, 0.0), [ICB])
    assert only_icb[0].total == 3.0


def test_net_positions():
    contributions = split_contributions(900_000, [ICB, COUNCIL_A, COUNCIL_B], "population")
    savings = savings_by_partner(AvoidedCosts(600_000, 0, 300_000), [ICB, COUNCIL_A, COUNCIL_B])
    net = net_positions(contributions, savings)
    # ICB pays 450,000, saves 600,000 -> -150,000; councils pay 300,000 / 150,000 and save
    # 200,000 / 100,000 -> +100,000 / +50,000.
    assert [n.net for n in net] == pytest.approx([-150_000, 100_000, 50_000])
    with pytest.raises(ValueError, match="contributions and savings must name the same partners"):
        net_positions(contributions, savings[:2])
