"""Tests for core.methods: hand-worked values, PHEindicatormethods references, edge cases.

Hand calculations use z = qnorm(0.975) = 1.959963985 (z^2 = 3.841459149).
"""

from __future__ import annotations

import doctest
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(REPO))

from core import methods  # noqa: E402
from core.methods import (  # noqa: E402  # noqa: E402
    ESP2013,
    ESP2013_AGE_BANDS,
    compare_to_benchmark,
    comparison,
    dsr,
    funnel_limits,
    proportion,
    rate,
    rates,
    sii,
    suppress,
    suppression,
)
from core.methods import slope_index as sii_module  # noqa: E402
from core.methods import slope_index_many as sii_many_module  # noqa: E402

Z95 = 1.959963984540054


def test_module_doctests_run():
    attempted = 0
    for module in (rates, sii_module, sii_many_module, comparison, suppression):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 10


# ---------------------------------------------------------------------------
# rate
# ---------------------------------------------------------------------------


def test_rate_byars_hand_worked_count_100():
    # O = 100, n = 10,000, per 100,000 -> value 1000.
    # lower = 100 (1 - 1/900 - z/30)^3 = 100 (0.93355676)^3 = 81.362105  -> 813.62105
    # upper = 101 (1 - 1/909 + z/(3 sqrt 101))^3 = 101 (1.06390786)^3 = 121.627938 -> 1216.27938
    out = rate(100, 10_000)
    assert list(out.columns) == ["value", "lower", "upper", "confidence", "method"]
    row = out.iloc[0]
    assert row["value"] == pytest.approx(1000.0)
    assert row["lower"] == pytest.approx(813.6210549, rel=1e-9)
    assert row["upper"] == pytest.approx(1216.279376, rel=1e-9)
    assert row["confidence"] == "95%"
    assert row["method"] == "Byar's"


def test_rate_exact_poisson_hand_worked_count_3():
    # Exact 95% limits for O = 3: chi2(0.025, 6)/2 = 0.618672, chi2(0.975, 8)/2 = 8.767273
    # (the classic table values 0.619 and 8.767); per 100,000 with n = 10,000 -> x10.
    out = rate(3, 10_000).iloc[0]
    assert out["value"] == pytest.approx(30.0)
    assert out["lower"] == pytest.approx(6.186721229, rel=1e-9)
    assert out["upper"] == pytest.approx(87.67273070, rel=1e-9)
    assert out["method"] == "Exact Poisson"


def test_rate_pheindicatormethods_byars_reference_values():
    # byars_lower(65) / byars_upper(65) and 1045 (inputs of PHEindicatormethods testByars.R)
    out = rate([65, 1045], [1, 1], multiplier=1)
    np.testing.assert_allclose(out["lower"], [50.16318771, 982.5932018], rtol=1e-9)
    np.testing.assert_allclose(out["upper"], [82.84913855, 1110.331213], rtol=1e-9)


def test_rate_count_zero_lower_is_zero_upper_exact():
    # O = 0: lower 0, upper = chi2(0.975, 2)/2 = -ln(0.025) = 3.688879
    out = rate(0, 1, multiplier=1).iloc[0]
    assert out["value"] == 0
    assert out["lower"] == 0
    assert out["upper"] == pytest.approx(-np.log(0.025), rel=1e-12)
    assert out["method"] == "Exact Poisson"


def test_rate_switches_method_at_10():
    out = rate([9, 10], [1000, 1000])
    assert out["method"].tolist() == ["Exact Poisson", "Byar's"]
    exact9 = stats.chi2.ppf([0.025, 0.975], [18, 20]) / 2
    np.testing.assert_allclose(out.loc[0, ["lower", "upper"]].astype(float), exact9 / 1000 * 1e5)


def test_rate_two_confidence_levels_columns_and_values():
    out = rate([100, 3], [10_000, 10_000], confidence=(0.95, 0.998))
    assert list(out.columns) == [
        "value",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "confidence",
        "method",
    ]
    assert out.loc[0, "confidence"] == "95%, 99.8%"
    single = rate([100, 3], [10_000, 10_000])
    np.testing.assert_allclose(out["lower_95"], single["lower"])
    # Byar's 99.8%, z = 3.090232: 100 (1 - 1/900 - z/30)^3 = 71.9037 -> 719.037
    assert out.loc[0, "lower_998"] == pytest.approx(719.0369187, rel=1e-9)
    assert out.loc[0, "upper_998"] == pytest.approx(1349.436218, rel=1e-9)
    assert (out["lower_998"] < out["lower_95"]).all()
    assert (out["upper_998"] > out["upper_95"]).all()


def test_rate_other_confidence_level_and_label():
    out = rate(50, 1000, confidence=0.9, multiplier=1000)
    assert out.loc[0, "confidence"] == "90%"
    z = stats.norm.ppf(0.95)
    assert out.loc[0, "lower"] == pytest.approx(50 * (1 - 1 / 450 - z / (3 * np.sqrt(50))) ** 3)


def test_rate_missing_and_zero_denominator_give_nan():
    out = rate([np.nan, 5, 5, None], [100, 0, np.nan, 100])
    assert out[["value", "lower", "upper"]].isna().all().all()
    assert out["method"].isna().all()


def test_rate_keeps_series_index_and_accepts_nullable_ints():
    count = pd.Series([10, pd.NA, 3], index=["a", "b", "c"], dtype="Int64")
    denom = pd.Series([100, 100, 100], index=["a", "b", "c"])
    out = rate(count, denom, multiplier=100)
    assert out.index.tolist() == ["a", "b", "c"]
    assert np.isnan(out.loc["b", "value"])
    assert out.loc["a", "value"] == pytest.approx(10.0)


def test_rate_scalar_broadcasts_and_non_integer_counts_allowed():
    out = rate([1, 20, 300], 10_000)
    assert len(out) == 3
    frac = rate(12.5, 1000).iloc[0]
    assert frac["lower"] < frac["value"] < frac["upper"]


def test_rate_is_pure_and_vectorised():
    count = np.array([5.0, 50.0])
    rate(count, [100.0, 100.0])
    assert count.tolist() == [5.0, 50.0]
    big = rate(np.arange(100_000), np.full(100_000, 1e6))
    assert len(big) == 100_000
    assert (big["lower"] <= big["value"]).all()
    assert (big["upper"] >= big["value"]).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": [-1], "denominator": [10]}, "count must be non-negative"),
        ({"count": [1], "denominator": [-10]}, "denominator must be non-negative"),
        (
            {"count": [1, 2], "denominator": [10, 20, 30]},
            "count and denominator must have the same length",
        ),
        ({"count": ["a"], "denominator": [10]}, "count must be numeric"),
        ({"count": [True], "denominator": [10]}, "count must be numeric"),
        ({"count": [1], "denominator": ["x"]}, "denominator must be numeric"),
        ({"count": [[1, 2]], "denominator": [[10, 20]]}, "count must be one-dimensional"),
        ({"count": pd.DataFrame({"a": [1]}), "denominator": [10]}, "count must be one-dimensional"),
        ({"count": [np.inf], "denominator": [10]}, "count must not be infinite"),
        ({"count": [1], "denominator": [np.inf]}, "denominator must not be infinite"),
        (
            {"count": [1], "denominator": [10], "multiplier": 0},
            "multiplier must be a positive number",
        ),
        (
            {"count": [1], "denominator": [10], "multiplier": "100"},
            "multiplier must be a positive number",
        ),
        (
            {"count": [1], "denominator": [10], "confidence": 0.8},
            "confidence must be at least 0.9 and less than 1",
        ),
        (
            {"count": [1], "denominator": [10], "confidence": 95},
            "confidence must be at least 0.9 and less than 1",
        ),
        (
            {"count": [1], "denominator": [10], "confidence": 1.0},
            "confidence must be at least 0.9 and less than 1",
        ),
        (
            {"count": [1], "denominator": [10], "confidence": "0.95"},
            "confidence must be at least 0.9 and less than 1",
        ),
        ({"count": [1], "denominator": [10], "confidence": ()}, "confidence must not be empty"),
        (
            {"count": [1], "denominator": [10], "confidence": (0.95, 0.95)},
            "confidence levels must be unique",
        ),
    ],
)
def test_rate_errors(kwargs, message):
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        rate(**kwargs)


def test_rate_series_index_mismatch_raises():
    with pytest.raises(ValueError, match="^count and denominator must have the same index$"):
        rate(pd.Series([1, 2], index=[0, 1]), pd.Series([10, 20], index=[1, 2]))


# ---------------------------------------------------------------------------
# proportion
# ---------------------------------------------------------------------------


def test_proportion_wilson_hand_worked_50_of_200():
    # 2x + z^2 = 103.841459; sqrt(z^2 + 4*50*(1 - 0.25)) = sqrt(153.841459) = 12.403284
    # lower = (103.841459 - z*12.403284) / (2 * 203.841459) = 79.531458 / 407.682918 = 0.195082
    # upper = (103.841459 + z*12.403284) / 407.682918 = 128.151460 / 407.682918 = 0.314341
    out = proportion(50, 200)
    assert list(out.columns) == ["value", "lower", "upper", "confidence", "method"]
    row = out.iloc[0]
    assert row["value"] == pytest.approx(25.0)
    assert row["lower"] == pytest.approx(19.50816801, rel=1e-9)
    assert row["upper"] == pytest.approx(31.43409831, rel=1e-9)
    assert row["method"] == "Wilson"


def test_proportion_pheindicatormethods_wilson_inputs():
    # wilson_lower/upper(c(65, 1045), c(100, 5000)) as in PHEindicatormethods testWilson.R
    out = proportion([65, 1045], [100, 5000], multiplier=1)
    np.testing.assert_allclose(out["lower"], [0.5525444330, 0.1979554988], rtol=1e-9)
    np.testing.assert_allclose(out["upper"], [0.7363575176, 0.2204913037], rtol=1e-9)


def test_proportion_edge_cases_zero_and_all():
    out = proportion([0, 10], [10, 10])
    assert out.loc[0, "value"] == 0
    assert out.loc[0, "lower"] == 0
    # Wilson upper for 0/10: z^2 / (n + z^2) = 3.841459 / 13.841459 = 27.7533%
    assert out.loc[0, "upper"] == pytest.approx(100 * Z95**2 / (10 + Z95**2), rel=1e-12)
    assert out.loc[1, "value"] == 100
    assert out.loc[1, "upper"] == 100
    assert out.loc[1, "lower"] == pytest.approx(100 * 10 / (10 + Z95**2), rel=1e-12)


def test_proportion_zero_denominator_and_missing():
    out = proportion([0, np.nan, 3], [0, 10, np.nan])
    assert out[["value", "lower", "upper"]].isna().all().all()
    assert out["method"].isna().all()


def test_proportion_two_levels_and_multiplier():
    out = proportion(50, 200, multiplier=1, confidence=(0.95, 0.998))
    assert [c for c in out.columns if c.startswith(("lower", "upper"))] == [
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
    ]
    assert out.loc[0, "lower_95"] == pytest.approx(0.1950816801, rel=1e-9)
    assert out.loc[0, "lower_998"] < out.loc[0, "lower_95"]


@pytest.mark.parametrize(
    ("count", "denominator", "message"),
    [
        ([11], [10], "count must not exceed denominator"),
        ([1], [0], "count must not exceed denominator"),
        ([-1], [10], "count must be non-negative"),
        ([1], [-10], "denominator must be non-negative"),
        ([1, 2], [10], "count and denominator must have the same length"),
    ],
)
def test_proportion_errors(count, denominator, message):
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        proportion(count, denominator)


# ---------------------------------------------------------------------------
# dsr
# ---------------------------------------------------------------------------


def test_esp2013_constant():
    assert ESP2013.shape == (19,)
    assert ESP2013.sum() == 100_000
    assert ESP2013[0] == 5000
    assert ESP2013[-1] == 1000
    assert ESP2013_AGE_BANDS[0] == "0-4"
    assert ESP2013_AGE_BANDS[-1] == "90+"
    assert len(ESP2013_AGE_BANDS) == 19
    with pytest.raises(ValueError):
        ESP2013[0] = 1


def test_dsr_hand_worked():
    # bands: O = 10, 20, 30; n = 1000, 2000, 3000; w = 1, 1, 2 (W = 4)
    # DSR = (1*0.01 + 1*0.01 + 2*0.01) / 4 * 1e5 = 1000
    # Var = (1*10/1e6 + 1*20/4e6 + 4*30/9e6) / 16 = 2.8333e-5 / 16 = 1.770833e-6
    # O = 60: Byar's L = 45.783760, U = 77.233224
    # lower = 1000 + sqrt(1.770833e-6 / 60) * (45.783760 - 60) * 1e5 = 755.7706
    # upper = 1000 + sqrt(1.770833e-6 / 60) * (77.233224 - 60) * 1e5 = 1296.0600
    out = dsr([10, 20, 30], [1000, 2000, 3000], [1, 1, 2])
    assert list(out.columns) == [
        "total_count",
        "total_population",
        "value",
        "lower",
        "upper",
        "confidence",
        "method",
    ]
    row = out.iloc[0]
    assert row["total_count"] == 60
    assert row["total_population"] == 6000
    assert row["value"] == pytest.approx(1000.0)
    assert row["lower"] == pytest.approx(755.7705787, rel=1e-9)
    assert row["upper"] == pytest.approx(1296.060011, rel=1e-9)
    assert row["method"] == "Dobson"


def test_dsr_single_band_equals_crude_rate():
    # one band: Var/O = 1/n^2 so Dobson limits collapse to Byar's crude-rate limits
    out = dsr([100], [10_000], [5])
    crude = rate(100, 10_000)
    np.testing.assert_allclose(
        out[["value", "lower", "upper"]].to_numpy(), crude[["value", "lower", "upper"]].to_numpy()
    )


def test_dsr_with_esp2013_uniform_rates_equal_crude_rate():
    population = np.linspace(1000, 5000, 19)
    count = population * 0.002  # rate 200 per 100,000 in every band
    out = dsr(count, population, ESP2013).iloc[0]
    assert out["value"] == pytest.approx(200.0)
    assert out["lower"] < 200 < out["upper"]


def test_dsr_total_below_10_suppressed_and_missing_counts_are_zero():
    out = dsr([1, 2, np.nan, 6], [100, 100, 100, 100], [1, 1, 1, 1]).iloc[0]
    assert out["total_count"] == 9
    assert np.isnan(out["value"])
    assert np.isnan(out["lower"]) and np.isnan(out["upper"])
    assert out["method"] == "Not calculated: total count < 10"
    ok = dsr([1, 2, np.nan, 7], [100, 100, 100, 100], [1, 1, 1, 1]).iloc[0]
    assert ok["total_count"] == 10
    assert ok["value"] == pytest.approx(10 / 400 * 1e5)


def test_dsr_two_levels():
    out = dsr([10, 20, 30], [1000, 2000, 3000], [1, 1, 2], confidence=(0.95, 0.998))
    assert {"lower_95", "upper_95", "lower_998", "upper_998"} <= set(out.columns)
    assert out.loc[0, "lower_95"] == pytest.approx(755.7705787, rel=1e-9)
    assert out.loc[0, "lower_998"] < out.loc[0, "lower_95"]
    assert out.loc[0, "confidence"] == "95%, 99.8%"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ([1, 2], [10, 10, 10], [1, 1, 1]),
            "count, population and standard_population must have the same length",
        ),
        (([], [], []), "count must not be empty"),
        (([-1, 2], [10, 10], [1, 1]), "count must be non-negative"),
        (([1, 2], [np.nan, 10], [1, 1]), "population must not be missing"),
        (([1, 2], [0, 10], [1, 1]), "population must be positive"),
        (([1, 2], [10, 10], [np.nan, 1]), "standard_population must not be missing"),
        (([1, 2], [10, 10], [-1, 1]), "standard_population must be non-negative"),
        (([1, 2], [10, 10], [0, 0]), "standard_population must not sum to zero"),
    ],
)
def test_dsr_errors(args, message):
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        dsr(*args)


# ---------------------------------------------------------------------------
# sii
# ---------------------------------------------------------------------------

QUINTILES = [1, 2, 3, 4, 5]


def test_sii_perfect_linear_gradient_equal_populations():
    # ranks 0.1, 0.3, ..., 0.9; values rise 2 per 0.2 of rank -> slope 10 per unit rank
    # SII = fitted(x=1) - fitted(x=0) = 19 - 9 = 10; RII = 19 / 9
    out = sii(QUINTILES, [100] * 5, [10, 12, 14, 16, 18], se=[0.5] * 5, seed=1, rii=True)
    assert list(out.columns) == ["sii", "sii_lower", "sii_upper", "rii", "rii_lower", "rii_upper"]
    assert out.loc[0, "sii"] == pytest.approx(10.0, abs=1e-12)
    assert out.loc[0, "rii"] == pytest.approx(19 / 9, rel=1e-12)
    assert out.loc[0, "sii_lower"] < 10 < out.loc[0, "sii_upper"]
    assert out.loc[0, "rii_lower"] < 19 / 9 < out.loc[0, "rii_upper"]


def test_sii_linear_in_population_rank_with_unequal_populations():
    pop = np.array([500.0, 2000.0, 1200.0, 800.0, 3000.0, 1500.0, 700.0, 2500.0, 900.0, 1100.0])
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2  # cumulative mid-points (FindXValues)
    value = 50 + 30 * rank
    out = sii(np.arange(1, 11), pop, value, se=np.full(10, 1e-9), seed=3, repetitions=1000)
    assert out.loc[0, "sii"] == pytest.approx(30.0, rel=1e-10)
    # CI shrinks to the point estimate with a tiny standard error
    assert out.loc[0, "sii_lower"] == pytest.approx(30.0, abs=1e-6)
    assert out.loc[0, "sii_upper"] == pytest.approx(30.0, abs=1e-6)


def test_sii_orders_by_quantile():
    pop = [300, 100, 500, 200, 400]
    value = [3.0, 1.0, 5.0, 2.0, 4.0]
    quant = [3, 1, 5, 2, 4]
    shuffled = sii(quant, pop, value, se=[0.2] * 5, seed=9, repetitions=2000)
    ordered = sii(
        [1, 2, 3, 4, 5],
        [100, 200, 300, 400, 500],
        [1.0, 2, 3, 4, 5],
        se=[0.2] * 5,
        seed=9,
        repetitions=2000,
    )
    pd.testing.assert_frame_equal(shuffled, ordered)


def test_sii_reproducible_with_seed_and_generator():
    args = (QUINTILES, [100, 120, 90, 110, 80], [10.0, 11, 13, 12, 15])
    a = sii(*args, se=[0.8] * 5, seed=42)
    b = sii(*args, se=[0.8] * 5, seed=42)
    c = sii(*args, se=[0.8] * 5, seed=43)
    d = sii(*args, se=[0.8] * 5, seed=np.random.default_rng(42))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, d)
    assert a.loc[0, "sii_lower"] != c.loc[0, "sii_lower"]
    assert a.loc[0, "sii"] == c.loc[0, "sii"]


def test_sii_se_from_confidence_limits_matches_given_se():
    # phe_sii: se = (upper - lower) / (2 * 1.959964)
    value = np.array([75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3])
    se = np.array([1.64, 1.58, 1.51, 1.78, 1.7, 1.56, 1.37, 1.4, 2.43, 1.57])
    pop = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
    with_se = sii(range(1, 11), pop, value, se=se, seed=7, rii=True)
    with_cl = sii(
        range(1, 11),
        pop,
        value,
        lower_cl=value - Z95 * se,
        upper_cl=value + Z95 * se,
        seed=7,
        rii=True,
    )
    pd.testing.assert_frame_equal(with_se, with_cl, rtol=1e-9)


def test_sii_simulated_interval_matches_analytic_normal_interval():
    # For value_type "other" the SII is linear in the values, so its sampling SD is
    # sqrt(p' diag((se*sqrt(a))^2) p) with p the slope row of (X'X)^-1 X'.
    pop = np.array([900.0, 1100, 1000, 1300, 800, 1200, 950, 1050, 1000, 1000])
    se = np.linspace(0.5, 1.5, 10)
    value = np.linspace(60, 70, 10) + np.array([0.3, -0.2, 0.1, 0, -0.4, 0.2, 0.1, -0.1, 0.3, 0])
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2
    x = np.column_stack([np.sqrt(share), rank * np.sqrt(share)])
    proj = np.linalg.solve(x.T @ x, x.T)
    slope = proj[1] @ (value * np.sqrt(share))
    sd = np.sqrt(np.sum((proj[1] * np.sqrt(share) * se) ** 2))
    out = sii(range(1, 11), pop, value, se=se, seed=11).iloc[0]
    assert out["sii"] == pytest.approx(slope, rel=1e-12)
    assert out["sii_lower"] == pytest.approx(slope - Z95 * sd, abs=0.03 * sd)
    assert out["sii_upper"] == pytest.approx(slope + Z95 * sd, abs=0.03 * sd)


def test_sii_percentile_positions_follow_phe_sii():
    # Re-derive the simulation independently: same generator stream, one refit per
    # draw with lstsq, then phe_sii's 1-based sorted positions round(R*0.025), round(R*0.975)
    pop = np.array([100.0, 150, 120, 130, 110])
    value = np.array([5.0, 6.5, 6.0, 8.0, 9.0])
    se = np.array([0.4, 0.5, 0.3, 0.6, 0.5])
    reps = 1000
    out = sii(QUINTILES, pop, value, se=se, seed=5, repetitions=reps, multiplier=2).iloc[0]
    rng = np.random.default_rng(5)
    draws = value + se * rng.standard_normal((reps, 5))
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2
    x = np.column_stack([np.sqrt(share), rank * np.sqrt(share)])
    coef = np.linalg.lstsq(x, (draws * np.sqrt(share)).T, rcond=None)[0]
    slopes = np.sort(2 * coef[1])
    assert out["sii_lower"] == pytest.approx(slopes[25 - 1], rel=1e-9)
    assert out["sii_upper"] == pytest.approx(slopes[975 - 1], rel=1e-9)


def test_sii_negative_multiplier_reverses_polarity():
    base = sii(QUINTILES, [100] * 5, [10, 12, 14, 16, 18], se=[0.5] * 5, seed=1, rii=True)
    neg = sii(
        QUINTILES, [100] * 5, [10, 12, 14, 16, 18], se=[0.5] * 5, seed=1, rii=True, multiplier=-1
    )
    assert neg.loc[0, "sii"] == pytest.approx(-10.0)
    # same draws, negated: limits swap (up to one order statistic, since phe_sii reads
    # sorted positions round(R * 0.025) and round(R * 0.975), which are not symmetric)
    assert neg.loc[0, "sii_lower"] == pytest.approx(-base.loc[0, "sii_upper"], rel=1e-4)
    assert neg.loc[0, "sii_upper"] == pytest.approx(-base.loc[0, "sii_lower"], rel=1e-4)
    assert neg.loc[0, "sii_lower"] < neg.loc[0, "sii"] < neg.loc[0, "sii_upper"]
    assert neg.loc[0, "rii"] == pytest.approx(9 / 19)
    assert neg.loc[0, "rii_lower"] == pytest.approx(1 / base.loc[0, "rii_upper"], rel=1e-4)
    assert neg.loc[0, "rii_lower"] < neg.loc[0, "rii"] < neg.loc[0, "rii_upper"]


def test_sii_two_confidence_levels_columns():
    out = sii(
        QUINTILES,
        [100] * 5,
        [10, 12, 14, 16, 18],
        se=[0.5] * 5,
        seed=1,
        confidence=(0.95, 0.998),
        rii=True,
    )
    assert list(out.columns) == [
        "sii",
        "sii_lower_95",
        "sii_upper_95",
        "sii_lower_998",
        "sii_upper_998",
        "rii",
        "rii_lower_95",
        "rii_upper_95",
        "rii_lower_998",
        "rii_upper_998",
    ]
    assert out.loc[0, "sii_lower_998"] < out.loc[0, "sii_lower_95"]
    assert out.loc[0, "sii_upper_998"] > out.loc[0, "sii_upper_95"]


def test_sii_rate_transform_recovers_log_linear_gradient():
    # rates exp(a + b*rank): on the log scale the gradient is exactly linear
    rank = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    value = np.exp(np.log(200) - 0.8 * rank)
    lower, upper = value * np.exp(-Z95 * 0.05), value * np.exp(Z95 * 0.05)
    out = sii(
        QUINTILES,
        [1000] * 5,
        value,
        lower_cl=lower,
        upper_cl=upper,
        value_type="rate",
        transform=True,
        rii=True,
        seed=2,
    ).iloc[0]
    assert out["sii"] == pytest.approx(200 * np.exp(-0.8) - 200, rel=1e-10)
    assert out["rii"] == pytest.approx(np.exp(-0.8), rel=1e-10)
    assert out["sii_lower"] < out["sii"] < out["sii_upper"]
    assert out["rii_lower"] < out["rii"] < out["rii_upper"]


def test_sii_proportion_transform_and_multiplier():
    rank = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    value = special.expit(-1 + 1.5 * rank)
    lower, upper = special.expit(-1 + 1.5 * rank - 0.1), special.expit(-1 + 1.5 * rank + 0.1)
    out = sii(
        QUINTILES,
        [1000] * 5,
        value,
        lower_cl=lower,
        upper_cl=upper,
        value_type="proportion",
        transform=True,
        multiplier=100,
        seed=4,
    ).iloc[0]
    assert out["sii"] == pytest.approx(100 * (special.expit(0.5) - special.expit(-1)), rel=1e-10)
    assert out["sii_lower"] < out["sii"] < out["sii_upper"]


def test_sii_rate_without_transform_uses_log_scale_se():
    value = np.array([100.0, 120, 140, 160, 180])
    out = sii(
        QUINTILES,
        [1000] * 5,
        value,
        lower_cl=value * 0.9,
        upper_cl=value * 1.1,
        value_type="rate",
        seed=8,
    ).iloc[0]
    assert out["sii"] == pytest.approx(100.0)
    assert out["sii_lower"] < 100 < out["sii_upper"]


def test_sii_is_fast_for_100000_repetitions():
    start = time.perf_counter()
    sii(
        range(1, 11),
        np.full(10, 1000),
        np.linspace(10, 20, 10),
        se=np.full(10, 0.5),
        seed=1,
        rii=True,
    )
    assert time.perf_counter() - start < 1.0


GOOD = {"quantile": QUINTILES, "population": [100] * 5, "value": [1.0, 2, 3, 4, 5]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value_type": "ratio"}, "value_type must be one of 'other', 'rate', 'proportion'"),
        ({"transform": 1}, "transform must be True or False"),
        ({"rii": "yes"}, "rii must be True or False"),
        ({"multiplier": 0}, "multiplier must be a non-zero number"),
        ({"repetitions": 999}, "repetitions must be an integer of at least 1000"),
        ({"repetitions": 1000.5}, "repetitions must be an integer of at least 1000"),
        ({"se": None}, "either se, or both lower_cl and upper_cl, must be given"),
        (
            {"se": None, "lower_cl": [0.5] * 5},
            "either se, or both lower_cl and upper_cl, must be given",
        ),
        ({"transform": True}, "transform requires value_type 'rate' or 'proportion'"),
        (
            {"transform": True, "value_type": "rate"},
            "transform requires lower_cl and upper_cl, not se",
        ),
        ({"quantile": [1, 2, 3, 4]}, "quantile, population and value must have the same length"),
        ({"population": [100] * 4}, "population, value and se must have the same length"),
        ({"quantile": [1, 2, 3, 4, None]}, "quantile must not be missing"),
        ({"quantile": [1, 2, 3, 4, 4]}, "quantile values must be unique"),
        (
            {"quantile": [1, 2, 3, 4], "population": [1] * 4, "value": [1.0] * 4, "se": [1] * 4},
            "number of quantiles must be between 5 and 100",
        ),
        (
            {
                "quantile": range(101),
                "population": [1] * 101,
                "value": [1.0] * 101,
                "se": [1] * 101,
            },
            "number of quantiles must be between 5 and 100",
        ),
        ({"population": [100, 0, 100, 100, 100]}, "population must be positive and not missing"),
        (
            {"population": [100, np.nan, 100, 100, 100]},
            "population must be positive and not missing",
        ),
        ({"value": [1.0, np.nan, 3, 4, 5]}, "value must not be missing"),
        ({"se": [0.1, -0.1, 0.1, 0.1, 0.1]}, "se must be non-negative and not missing"),
        ({"se": [0.1, np.nan, 0.1, 0.1, 0.1]}, "se must be non-negative and not missing"),
        (
            {"se": None, "lower_cl": [0.5, np.nan, 2, 3, 4], "upper_cl": [2, 3, 4, 5, 6]},
            "lower_cl and upper_cl must not be missing",
        ),
        (
            {"se": None, "lower_cl": [0.5, 4, 2, 3, 4], "upper_cl": [2, 3, 4, 5, 6]},
            "lower_cl must not exceed upper_cl",
        ),
        ({"value_type": "rate", "value": [1.0, 0, 3, 4, 5]}, "rate values must be positive"),
        (
            {
                "value_type": "rate",
                "se": None,
                "lower_cl": [0, 1, 2, 3, 4],
                "upper_cl": [2, 3, 4, 5, 6],
            },
            "rate confidence limits must be positive",
        ),
        (
            {"value_type": "proportion", "value": [0.1, 0.2, 1.0, 0.3, 0.4]},
            "proportion values must be strictly between 0 and 1",
        ),
        (
            {
                "value_type": "proportion",
                "value": [0.1, 0.2, 0.3, 0.4, 0.5],
                "se": None,
                "lower_cl": [0.0, 0.1, 0.2, 0.3, 0.4],
                "upper_cl": [0.2, 0.3, 0.4, 0.5, 0.6],
            },
            "proportion confidence limits must be strictly between 0 and 1",
        ),
        ({"confidence": 0.5}, "confidence must be at least 0.9 and less than 1"),
    ],
)
def test_sii_errors(changes, message):
    kwargs = {**GOOD, "se": [0.1] * 5, "repetitions": 1000, **changes}
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        sii(**kwargs)


# ---------------------------------------------------------------------------
# funnel limits
# ---------------------------------------------------------------------------


def test_funnel_proportion_matches_pheindicatormethods_test_data():
    # tests/testthat/testdata_funnel_prop_outputs.csv of PHEindicatormethods
    # (Population, Lower2s, Upper2s, Lower3s, Upper3s; baseline 80.642448)
    expected = pd.DataFrame(
        [
            [1, 3.204264, 100, 0, 100],
            [18, 62.390093, 98.894803, 51.864359, 100],
            [41, 68.548635, 92.73626, 61.574398, 99.710497],
            [1008, 78.203374, 83.081521, 76.796814, 84.488082],
            [110000, 80.408963, 80.875933, 80.274317, 81.010578],
        ],
        columns=["denominator", "lower_95", "upper_95", "lower_998", "upper_998"],
    )
    out = funnel_limits(expected["denominator"], 80.642448, value_type="proportion", multiplier=100)
    assert list(out.columns) == [
        "denominator",
        "benchmark",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
    ]
    for column in ["lower_95", "upper_95", "lower_998", "upper_998"]:
        np.testing.assert_allclose(out[column], expected[column], atol=2e-6)


def test_funnel_rate_matches_pheindicatormethods_test_data():
    # tests/testthat/testdata_funnel_rate_outputs.csv (dsr per 100,000, 3 years of data,
    # baseline 116.1720835): at events E the limit is reached at population_1_year * 3.
    baseline = 116.1720835
    rows = [  # events, lower_2s_pop_1yr, lower_2s, upper_2s_pop_1yr, upper_2s
        (1, 1598.675694, 20.85059119, 7.264481402, 4588.535848),
        (10, 5276.757672, 63.17010446, 1375.943768, 242.2579623),
        (1360, 411529.9259, 110.158048, 369759.5622, 122.6021934),
    ]
    for _, lo_pop, lo_limit, hi_pop, hi_limit in rows:
        at_lower = funnel_limits([lo_pop * 3], baseline, value_type="rate", multiplier=100_000)
        at_upper = funnel_limits([hi_pop * 3], baseline, value_type="rate", multiplier=100_000)
        assert at_lower.loc[0, "lower_95"] == pytest.approx(lo_limit, rel=1e-5)
        assert at_upper.loc[0, "upper_95"] == pytest.approx(hi_limit, rel=1e-5)


def test_funnel_proportion_inverts_wilson():
    # at the upper control limit, the observed proportion's Wilson lower limit is the benchmark
    n = np.array([50.0, 400, 5000])
    out = funnel_limits(n, 30.0, value_type="proportion", multiplier=100, confidence=0.95)
    count = out["upper"] / 100 * n
    np.testing.assert_allclose(proportion(count, n)["lower"], 30.0, rtol=1e-9)
    count = out["lower"] / 100 * n
    np.testing.assert_allclose(proportion(count, n)["upper"], 30.0, rtol=1e-9)


def test_funnel_rate_inverts_exact_poisson():
    n = np.array([500.0, 2000.0, 50_000.0])
    out = funnel_limits(n, 250.0, value_type="rate", multiplier=100_000, confidence=0.95)
    expected = n * 250.0 / 100_000
    upper_count = out["upper"] * n / 100_000
    lower_count = out["lower"] * n / 100_000
    np.testing.assert_allclose(stats.chi2.ppf(0.025, 2 * upper_count) / 2, expected, rtol=1e-8)
    positive = lower_count > 0
    np.testing.assert_allclose(
        stats.chi2.ppf(0.975, 2 * lower_count[positive] + 2) / 2, expected[positive], rtol=1e-8
    )
    assert out.loc[0, "lower"] == 0  # 1.25 expected events: even 0 observed is not low


@pytest.mark.parametrize(
    ("value_type", "bench", "multiplier"), [("proportion", 12.0, 100), ("rate", 80.0, 1e5)]
)
def test_funnel_limits_widen_as_denominator_shrinks(value_type, bench, multiplier):
    n = np.array([20.0, 100, 1000, 10_000, 100_000, 1_000_000])
    out = funnel_limits(n, bench, value_type=value_type, multiplier=multiplier)
    for level in ["95", "998"]:
        lo, hi = out[f"lower_{level}"], out[f"upper_{level}"]
        assert (lo <= bench).all() and (hi >= bench).all()
        assert (np.diff(hi - lo) < 0).all()
        assert (lo >= 0).all()
    assert (out["upper_998"] >= out["upper_95"]).all()
    assert (out["lower_998"] <= out["lower_95"]).all()
    if value_type == "proportion":
        assert (out["upper_998"] <= 100).all()


def test_funnel_nan_denominator_and_series_index():
    out = funnel_limits(
        pd.Series([100.0, np.nan], index=["x", "y"]), 5.0, value_type="rate", multiplier=100
    )
    assert out.index.tolist() == ["x", "y"]
    assert out.loc["y", ["lower_95", "upper_95"]].isna().all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value_type": "ratio"}, "value_type must be 'proportion' or 'rate'"),
        ({"benchmark": "a"}, "benchmark must be a number"),
        ({"benchmark": np.nan}, "benchmark must be a number"),
        ({"benchmark": 0.0}, "benchmark must be strictly between 0 and multiplier for proportions"),
        (
            {"benchmark": 100.0},
            "benchmark must be strictly between 0 and multiplier for proportions",
        ),
        ({"value_type": "rate", "benchmark": 0.0}, "benchmark must be positive for rates"),
        ({"denominator": [10, 0]}, "denominator must be positive"),
        ({"multiplier": -1}, "multiplier must be a positive number"),
        ({"confidence": (0.95, 1.2)}, "confidence must be at least 0.9 and less than 1"),
    ],
)
def test_funnel_errors(kwargs, message):
    args = {
        "denominator": [10, 20],
        "benchmark": 50.0,
        "value_type": "proportion",
        "multiplier": 100,
        **kwargs,
    }
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        funnel_limits(**args)


# ---------------------------------------------------------------------------
# compare_to_benchmark
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "labels"),
    [
        ("higher_is_better", ["worse", "similar", "similar", "similar", "better", "not compared"]),
        ("lower_is_better", ["better", "similar", "similar", "similar", "worse", "not compared"]),
        ("no_judgement", ["lower", "similar", "similar", "similar", "higher", "not compared"]),
    ],
)
def test_compare_to_benchmark_polarities_and_inclusive_bounds(polarity, labels):
    lower = [1.0, 3.0, 5.0, 4.0, 5.1, np.nan]
    upper = [4.9, 5.0, 7.0, 6.0, 7.0, 6.0]
    out = compare_to_benchmark(lower, upper, 5.0, polarity=polarity)
    assert isinstance(out, np.ndarray)
    assert out.tolist() == labels


def test_compare_to_benchmark_missing_benchmark_and_series():
    lower = pd.Series([1.0, 6.0], index=["a", "b"])
    upper = pd.Series([2.0, 8.0], index=["a", "b"])
    out = compare_to_benchmark(lower, upper, [np.nan, 5.0], polarity="higher_is_better")
    assert isinstance(out, pd.Series)
    assert out.to_dict() == {"a": "not compared", "b": "better"}
    assert compare_to_benchmark([1], [2], None, polarity="no_judgement").tolist() == [
        "not compared"
    ]


def test_compare_to_benchmark_works_on_rate_output():
    out = rate([100, 3, 0], [10_000, 10_000, 10_000])
    labels = compare_to_benchmark(out["lower"], out["upper"], 500.0, polarity="lower_is_better")
    assert labels.tolist() == ["worse", "better", "better"]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (
            ([1], [2], 1),
            {"polarity": "good"},
            "polarity must be one of 'higher_is_better', 'lower_is_better', 'no_judgement'",
        ),
        (([3], [2], 1), {"polarity": "no_judgement"}, "lower must not exceed upper"),
        (
            ([1, 2], [2], 1),
            {"polarity": "no_judgement"},
            "lower, upper and benchmark must have the same length",
        ),
        ((["a"], [2], 1), {"polarity": "no_judgement"}, "lower must be numeric"),
    ],
)
def test_compare_to_benchmark_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        compare_to_benchmark(*args, **kwargs)


# ---------------------------------------------------------------------------
# suppress
# ---------------------------------------------------------------------------


def test_suppress_sets_nan_flags_and_notes():
    frame = pd.DataFrame(
        {
            "area": ["A", "B", "C", "D"],
            "count": [0, 4, 5, np.nan],
            "value": [0.0, 4.0, 5.0, np.nan],
            "lower_95": [0.0, 1.0, 1.5, np.nan],
            "upper_95": [3.7, 10.0, 11.0, np.nan],
            "lower_998": [0.0, 0.5, 1.0, np.nan],
            "upper_998": [6.9, 14.0, 15.0, np.nan],
        }
    )
    before = frame.copy()
    out = suppress(frame)
    pd.testing.assert_frame_equal(frame, before)  # pure
    assert out["is_suppressed"].tolist() == [True, True, False, False]
    for column in ["count", "value", "lower_95", "upper_95", "lower_998", "upper_998"]:
        assert out[column].iloc[:2].isna().all()  # NaN, never zero
        assert out[column].iloc[2] == frame[column].iloc[2]
    assert out["note"].tolist() == [
        "Suppressed: fewer than 5 events",
        "Suppressed: fewer than 5 events",
        "",
        "",
    ]
    assert out["area"].tolist() == ["A", "B", "C", "D"]


def test_suppress_appends_to_existing_note_and_custom_threshold():
    frame = pd.DataFrame(
        {
            "count": [2, 8, 20],
            "value": [1.0, 2, 3],
            "lower": [0.1, 1, 2],
            "upper": [3.0, 4, 5],
            "note": ["Provisional", None, "Revised"],
        }
    )
    out = suppress(frame, min_count=10)
    assert out["note"].tolist()[:2] == [
        "Provisional; Suppressed: fewer than 10 events",
        "Suppressed: fewer than 10 events",
    ]
    assert out["note"].iloc[2] == "Revised"
    assert out[["value", "lower", "upper"]].iloc[:2].isna().all().all()
    assert out.loc[2, "value"] == 3


def test_suppress_is_idempotent_and_works_on_rate_output():
    counts = pd.Series([3, 40])
    frame = rate(counts, [1000, 1000]).assign(count=counts)
    once = suppress(frame)
    twice = suppress(once)
    pd.testing.assert_frame_equal(once, twice)
    assert once["is_suppressed"].tolist() == [True, False]
    assert np.isnan(once.loc[0, "lower"]) and once.loc[0, "method"] == "Exact Poisson"


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        ([1, 2], {}, "frame must be a pandas DataFrame"),
        (pd.DataFrame({"value": [1]}), {}, "frame must have a 'count' column"),
        (
            pd.DataFrame({"count": [1]}),
            {"min_count": -1},
            "min_count must be a non-negative number",
        ),
        (
            pd.DataFrame({"count": [1]}),
            {"min_count": "5"},
            "min_count must be a non-negative number",
        ),
        (pd.DataFrame({"count": ["x"]}), {}, "count must be numeric"),
    ],
)
def test_suppress_errors(frame, kwargs, message):
    with pytest.raises(ValueError, match=f"^{_escape(message)}$"):
        suppress(frame, **kwargs)


def _escape(message: str) -> str:
    import re

    return re.escape(message)


def test_sii_transform_with_negative_multiplier_orders_limits():
    rank = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    value = np.exp(np.log(200) - 0.8 * rank)
    lower, upper = value * np.exp(-Z95 * 0.05), value * np.exp(Z95 * 0.05)
    kwargs = {
        "lower_cl": lower,
        "upper_cl": upper,
        "value_type": "rate",
        "transform": True,
        "rii": True,
        "seed": 2,
    }
    pos = sii(QUINTILES, [1000] * 5, value, **kwargs).iloc[0]
    neg = sii(QUINTILES, [1000] * 5, value, multiplier=-1, **kwargs).iloc[0]
    assert neg["sii"] == pytest.approx(-pos["sii"])
    assert neg["sii_lower"] == pytest.approx(-pos["sii_upper"])
    assert neg["sii_upper"] == pytest.approx(-pos["sii_lower"])
    assert neg["rii"] == pytest.approx(1 / pos["rii"])
    assert neg["rii_lower"] == pytest.approx(1 / pos["rii_upper"])
    assert neg["rii_lower"] < neg["rii"] < neg["rii_upper"]


def _sii_many_cases():
    """Synthetic groups: (quantile, population, value, lower, upper) for each of 5 groups,
    shuffled quantile order, unequal sizes (5, 10, 10, 7), one group with 4 quantiles."""
    rng = np.random.default_rng(2026)
    groups = []
    for g, n in enumerate([5, 10, 10, 7, 4]):
        quant = rng.permutation(np.arange(1, n + 1))
        pop = rng.uniform(50, 500, n)
        value = rng.uniform(0.1, 0.6, n)
        half = rng.uniform(0.01, 0.05, n)
        groups.append((np.full(n, g), quant, pop, value, value - half, value + half))
    return [np.concatenate(parts) for parts in zip(*groups, strict=True)]


@pytest.mark.parametrize(
    "options",
    [
        {"value_type": "proportion", "multiplier": 100, "rii": True},
        {"value_type": "rate", "rii": True},
        {"value_type": "other", "multiplier": -2, "rii": True},
        {"value_type": "proportion", "transform": True, "rii": True},
        {"value_type": "rate", "transform": True, "multiplier": -1, "rii": True},
        {"value_type": "rate", "confidence": (0.95, 0.998)},
    ],
)
def test_sii_many_matches_sii_group_by_group(options):
    group, quant, pop, value, lower, upper = _sii_many_cases()
    many = methods.sii_many(
        group,
        quant,
        pop,
        value,
        lower_cl=lower,
        upper_cl=upper,
        repetitions=2000,
        seed=7,
        **options,
    )
    assert list(many.index) == [0, 1, 2, 3, 4]
    for g in range(5):
        rows = group == g
        if g == 4:  # 4 quantiles: sii's message, no figures
            assert many.loc[g, "note"] == "number of quantiles must be between 5 and 100"
            assert many.drop(columns="note").loc[g].isna().all()
            continue
        one = sii(
            quant[rows],
            pop[rows],
            value[rows],
            lower_cl=lower[rows],
            upper_cl=upper[rows],
            repetitions=2000,
            seed=7,
            **options,
        ).iloc[0]
        assert many.loc[g, "note"] == ""
        assert list(many.columns) == [*one.index, "note"]
        for name, expected in one.items():
            assert many.loc[g, name] == pytest.approx(expected, rel=1e-12, abs=0)


def test_sii_many_with_se_and_invalid_groups():
    group, quant, pop, value, _, _ = _sii_many_cases()
    se = np.full(group.size, 0.02)
    pop[(group == 1) & (quant == 3)] = 0  # population must be positive
    many = methods.sii_many(group, quant, pop, value, se=se, repetitions=1000, seed=3)
    assert many.loc[1, "note"] == "population must be positive and not missing"
    for g in (0, 2, 3):
        rows = group == g
        one = sii(quant[rows], pop[rows], value[rows], se=se[rows], repetitions=1000, seed=3)
        one = one.iloc[0]
        assert many.loc[g, ["sii", "sii_lower", "sii_upper"]].tolist() == pytest.approx(
            one.tolist(), rel=1e-12, abs=0
        )
    with pytest.raises(ValueError, match="seed must be an integer"):
        methods.sii_many(group, quant, pop, value, se=se, seed=None)
    with pytest.raises(ValueError, match="repetitions must be an integer"):
        methods.sii_many(group, quant, pop, value, se=se, repetitions=10, seed=1)
    points = methods.sii_many(
        group, quant, pop, value, se=se, repetitions=1000, seed=3, rii=True, limits=False
    )
    full = methods.sii_many(group, quant, pop, value, se=se, repetitions=1000, seed=3, rii=True)
    assert points[["sii", "rii"]].equals(full[["sii", "rii"]])
    assert points[["sii_lower", "sii_upper", "rii_lower", "rii_upper"]].isna().all().all()
