"""Need and coverage indices: standardisation, weights, missing values, bivariate classes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core import indices, themes
from etl.indicators import CATALOGUE_BY_ID


def test_orientation_follows_role_and_polarity():
    assert indices.orientation("lower_is_better", "need") == 1  # mortality: high = more need
    assert indices.orientation("higher_is_better", "need") == -1  # life expectancy
    assert indices.orientation("higher_is_better", "provision") == 1  # coverage %
    assert indices.orientation("lower_is_better", "provision") == -1  # minutes to a unit
    assert indices.orientation("no_judgement", "need") == 1
    with pytest.raises(ValueError, match="role"):
        indices.orientation("lower_is_better", "context")
    with pytest.raises(ValueError, match="polarity"):
        indices.orientation("up", "need")


def test_standardise_hand_worked():
    # mean 2, sample sd 1
    z = indices.standardise(pd.Series([1.0, 2.0, 3.0, None]))
    assert z.iloc[:3].tolist() == [-1.0, 0.0, 1.0]
    assert math.isnan(z.iloc[3])
    assert indices.standardise(pd.Series([1.0, 2.0, 3.0]), -1).tolist() == [1.0, -0.0, -1.0]


def test_standardise_winsorises_at_three():
    # 19 zeros and one 100: mean 5, sd sqrt(500) = 22.36, raw z of the outlier 4.25
    x = pd.Series([0.0] * 19 + [100.0])
    z = indices.standardise(x)
    assert z.iloc[-1] == 3.0
    assert z.iloc[0] == pytest.approx(-5 / math.sqrt(500))


def test_standardise_constant_values_give_zero():
    assert indices.standardise(pd.Series([4.0, 4.0, None])).iloc[:2].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="sign"):
        indices.standardise(pd.Series([1.0, 2.0]), 2)


def test_composite_index_renormalises_weights_over_present_values():
    z = pd.DataFrame({"a": [1.0, None, None], "b": [3.0, 1.0, None]})
    out = indices.composite_index(z, {"a": 1, "b": 3})
    assert out["index"].iloc[0] == pytest.approx((1 * 1 + 3 * 3) / 4)  # 2.5
    assert out["index"].iloc[1] == pytest.approx(1.0)  # only b present: share 0.75
    assert out["weight_share"].tolist() == [1.0, 0.75, 0.0]
    assert math.isnan(out["index"].iloc[2])
    strict = indices.composite_index(z, {"a": 1, "b": 3}, min_weight_share=0.8)
    assert math.isnan(strict["index"].iloc[1])


def test_composite_index_zero_weight_and_missing_column_and_bad_weights():
    z = pd.DataFrame({"a": [1.0, 2.0]})
    # b is not in the frame: it counts as missing everywhere (share 1/2 -> kept at 0.5)
    out = indices.composite_index(z, {"a": 1, "b": 1})
    assert out["index"].tolist() == [1.0, 2.0]
    assert out["weight_share"].tolist() == [0.5, 0.5]
    # a weight of 0 leaves the indicator out entirely
    out = indices.composite_index(z, {"a": 1, "b": 0})
    assert out["weight_share"].tolist() == [1.0, 1.0]
    assert indices.composite_index(z, {"a": 0})["index"].isna().all()
    with pytest.raises(ValueError, match=">= 0"):
        indices.composite_index(z, {"a": -1})
    with pytest.raises(ValueError, match="min_weight_share"):
        indices.composite_index(z, {"a": 1}, min_weight_share=0)


def test_tertile_classes():
    x = pd.Series([5.0, 1.0, 3.0, None, 2.0, 6.0, 4.0])
    assert indices.tertile_classes(x).tolist()[:3] == [3.0, 1.0, 2.0]
    got = indices.tertile_classes(x)
    assert math.isnan(got.iloc[3])
    assert got.dropna().value_counts().to_dict() == {1.0: 2, 2.0: 2, 3.0: 2}


def test_bivariate_classes_cross_tertiles_and_colours():
    need = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, None])
    cover = pd.Series([6.0, 5.0, 4.0, 3.0, 2.0, 1.0, 1.0])
    out = indices.bivariate_classes(need, cover)
    # highest need has the lowest coverage: need class 3, coverage class 1 -> code 6
    assert out["need_class"].iloc[5] == 3 and out["coverage_class"].iloc[5] == 1
    assert out["bivariate_class"].iloc[5] == 6
    assert out["label"].iloc[5] == "high need, low coverage"
    # the row without need is left out of both tertile sets
    assert out["label"].iloc[6] == "no data" and "colour" not in out
    assert math.isnan(out["coverage_class"].iloc[6])


def test_gap_table_priority_ranking():
    meta = {"mort": {"polarity": "lower_is_better"}, "mins": {"polarity": "lower_is_better"}}
    # 9 areas; mortality rises with i, minutes to a unit rises with i (coverage falls)
    frame = pd.DataFrame(
        {"mort": np.arange(9.0), "mins": np.arange(9.0)}, index=[f"A{i}" for i in range(9)]
    )
    out = indices.gap_table(frame, meta, {"mort": 1}, {"mins": 1})
    assert out["need_index"].is_monotonic_increasing
    assert out["coverage_index"].is_monotonic_decreasing
    assert out["is_priority"].tolist() == [False] * 6 + [True] * 3
    assert out.loc["A8", "priority_rank"] == 1 and out.loc["A6", "priority_rank"] == 3
    assert out.loc["A8", "gap_score"] == pytest.approx(2 * 4 / frame["mort"].std())
    row = out.loc["A8"]
    assert indices.main_drivers(row, {"mort": 1}) == ["mort"]
    assert indices.main_drivers(row, {"mins": 1}, shortfall=True) == ["mins"]
    assert indices.main_drivers(out.loc["A0"], {"mort": 1}) == []


def test_themes_use_catalogue_indicators_with_matching_roles():
    for theme in themes.THEMES:
        for ind in theme.need_weights:
            assert ind in CATALOGUE_BY_ID, (theme.theme_id, ind)
            assert CATALOGUE_BY_ID[ind].role == "need", ind
        for ind in theme.coverage_weights:
            assert ind in CATALOGUE_BY_ID, (theme.theme_id, ind)
            assert CATALOGUE_BY_ID[ind].role == "provision", ind


def test_theme_validation():
    with pytest.raises(ValueError, match="no coverage"):
        themes.IndexTheme("x", "X", "", need_weights={"a": 1})
    with pytest.raises(ValueError, match=">= 0"):
        themes.IndexTheme("x", "X", "", need_weights={"a": -1}, coverage_weights={"b": 1})


def test_area_deciles_population_weighted_groups():
    # four areas of equal population, most deprived first: two groups of two areas
    values = pd.Series([10.0, 20.0, 30.0, 40.0, 99.0], index=list("abcde"))
    dep = pd.Series([40.0, 30.0, 20.0, 10.0, None], index=list("abcde"))
    pop = pd.Series([100.0, 100.0, 100.0, 100.0, 100.0], index=list("abcde"))
    out = indices.area_deciles(values, dep, pop, n=2)
    assert out["decile"].tolist() == [1, 2]
    assert out["value"].tolist() == [15.0, 35.0]  # 'e' has no deprivation score
    assert out["n_areas"].tolist() == [2, 2]
    # weighted sd of (10, 20) with ddof correction = sqrt(25 * 2) = 7.07; se = 7.07 / sqrt 2 = 5
    assert out["se"].iloc[0] == pytest.approx(5.0)
    # unequal populations: a big area fills a group on its own
    out = indices.area_deciles(values.iloc[:3], dep.iloc[:3], pd.Series([300.0, 50, 50],
                                                                       index=list("abc")), n=2)
    assert out["decile"].tolist() == [1, 2] and out["n_areas"].tolist() == [1, 2]
    assert out["se"].iloc[0] == 0.0
    assert indices.area_deciles(pd.Series([], dtype=float), pd.Series([], dtype=float),
                                pd.Series([], dtype=float)).empty


def test_need_indices_use_qof_hypertension_not_the_health_index_series():
    # the Health Index 'High blood pressure' series has values above 100% (Lancaster 109.8)
    for theme in themes.THEMES:
        assert "high_blood_pressure_pct" not in theme.need_weights, theme.theme_id
    assert themes.THEMES_BY_ID["stroke"].need_weights["hypertension_qof_pct"] == 1.0
