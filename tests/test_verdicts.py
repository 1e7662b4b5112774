"""The shared verdict words: comparisons only where a confidence interval allows a test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core import methods, verdicts


def test_value_without_ci_is_not_compared():
    # Norfolk's high blood pressure: 19.6% against England's 19.5%, no CI
    assert verdicts.compare(None, None, 19.5, polarity="lower_is_better") == "not compared"
    assert verdicts.compare(math.nan, 20.0, 19.5, polarity="lower_is_better") == "not compared"
    assert verdicts.compare(19.0, 20.0, None, polarity="lower_is_better") == "not compared"
    assert verdicts.NOT_COMPARED == methods.NOT_COMPARED == "not compared"


@pytest.mark.parametrize(("lower", "upper", "polarity", "expected"), [
    (19.0, 20.0, "lower_is_better", "similar"),    # CI contains the benchmark
    (19.5, 20.0, "lower_is_better", "similar"),    # inclusive at the limit
    (19.6, 20.0, "lower_is_better", "worse"),
    (18.0, 19.4, "lower_is_better", "better"),
    (19.6, 20.0, "higher_is_better", "better"),
    (18.0, 19.4, "higher_is_better", "worse"),
    (19.6, 20.0, "no_judgement", "higher"),
    (18.0, 19.4, "no_judgement", "lower"),
    (19.6, 20.0, None, "higher"),                   # unknown polarity: no judgement
])
def test_compare_uses_the_ci_overlap_rule(lower, upper, polarity, expected):
    assert verdicts.compare(lower, upper, 19.5, polarity=polarity) == expected


def test_compare_agrees_with_compare_to_benchmark():
    rng = np.random.default_rng(3)
    lo = rng.uniform(0, 10, 200)
    hi = lo + rng.uniform(0, 5, 200)
    vec = methods.compare_to_benchmark(lo, hi, 7.0, polarity="higher_is_better")
    one = [verdicts.compare(a, b, 7.0, polarity="higher_is_better") for a, b in zip(lo, hi, strict=True)]
    assert one == list(vec)


def test_limits_at_the_chosen_level():
    row = {"lower_95": 1.0, "upper_95": 2.0, "lower_998": 0.5, "upper_998": None}
    assert verdicts.limits(row, "95") == (1.0, 2.0)
    lo, hi = verdicts.limits(row, "99.8")
    assert lo == 0.5 and math.isnan(hi)


def test_tally_counts_only_what_was_compared():
    t = verdicts.tally(["worse", "similar", "better", "not compared", "not compared", None, ""])
    assert (t.worse, t.compared, t.not_compared) == (1, 3, 2)
    assert t.text() == "worse on 1 of 3; 2 not compared"
    assert verdicts.tally(["not compared"]).text() == "none compared; 1 not compared"
    assert verdicts.tally(["worse", "worse"]).text() == "worse on 2 of 2"


def test_gradient_only_when_the_ci_excludes_zero():
    # the thrombolysis-rate SII of +0.73 has no CI: no gradient
    words = verdicts.gradient_words
    assert words(0.73, None, None, polarity="higher_is_better", role="provision") == (
        verdicts.CANNOT_TELL)
    assert words(0.73, -0.1, 1.5, polarity="higher_is_better", role="provision") == (
        verdicts.CANNOT_TELL)
    assert words(3.0, 1.0, 5.0, polarity="higher_is_better", role="provision") == (
        "lower coverage in more deprived areas (inverse care)")
    assert words(-3.0, -5.0, -1.0, polarity="higher_is_better", role="provision") == (
        "higher coverage in more deprived areas (follows need)")
    # travel time (lower is better) higher in the least deprived: better in the more deprived
    assert words(3.0, 1.0, 5.0, polarity="lower_is_better", role="provision") == (
        "higher coverage in more deprived areas (follows need)")
    assert words(3.0, 1.0, 5.0, polarity="lower_is_better", role="need") == (
        "better in more deprived areas")
    assert words(3.0, 1.0, 5.0, polarity="no_judgement", role="need") == (
        "lower in more deprived areas")
    assert words(-3.0, -5.0, -1.0, polarity="no_judgement", role="need") == (
        "higher in more deprived areas")


def test_favours_and_reasons():
    assert verdicts.favours_less_deprived(3.0, 1.0, 5.0, "higher_is_better") is True
    assert verdicts.favours_less_deprived(3.0, 1.0, 5.0, "lower_is_better") is False
    assert verdicts.favours_less_deprived(3.0, None, None, "higher_is_better") is None
    assert verdicts.favours_less_deprived(3.0, 1.0, 5.0, "no_judgement") is None
    assert "no confidence intervals" in verdicts.cannot_tell_reason(0.73, None, None)
    assert "includes 0" in verdicts.cannot_tell_reason(0.73, -0.1, 1.5)
    assert verdicts.cannot_tell_reason(3.0, 1.0, 5.0) == ""
    assert verdicts.cannot_tell_reason(None, None, None) == "no SII"


def test_examples_in_the_docstrings_run():
    import doctest

    result = doctest.testmod(verdicts)
    assert result.attempted > 0 and result.failed == 0
