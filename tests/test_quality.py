"""The quality-gate rules of `etl.quality` against hand-worked values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from etl import quality


def test_outside_range_is_inclusive_and_ignores_missing():
    assert_array_equal(
        quality.outside_range([-0.1, 0, 60, 60.01, np.nan], 0, 60),
        [True, False, False, True, False],
    )


def test_outside_range_refuses_reversed_bounds():
    with pytest.raises(ValueError, match=r"plausible range must have lo <= hi, got \(60, 0\)"):
        quality.outside_range([1], 60, 0)


def test_robust_z_hand_worked():
    # median 3, |x - 3| = 2, 1, 0, 1, 97 -> MAD 1; z = (x - 3) / 1.4826
    z = quality.robust_z([1, 2, 3, 4, 100])
    assert_allclose(z, np.array([-2, -1, 0, 1, 97]) / 1.4826)
    # the outlier does not move the centre or the spread (a mean/SD z would give it ~1.8)
    assert z[-1] > 60


def test_robust_z_missing_values_and_zero_spread():
    z = quality.robust_z([1, np.nan, 3, 5])
    assert np.isnan(z[1])
    assert_allclose(z[[0, 2, 3]], np.array([-2, 0, 2]) / (1.4826 * 2))
    # more than half the values equal: MAD 0, spread undefined, nothing judged
    assert np.isnan(quality.robust_z([5, 5, 5, 9])).all()


def test_peer_outliers_per_group_and_minimum_peers():
    values = [18, 19, 20, 21, 96, 18, 19, 20, 21, 22]
    groups = ["2021"] * 5 + ["2020"] * 5
    flagged, z = quality.peer_outliers(values, groups, threshold=5, min_peers=5)
    assert flagged.tolist() == [False] * 4 + [True] + [False] * 5
    assert z[4] == pytest.approx((96 - 20) / 1.4826)
    # fewer peers than the minimum: no z, no flag
    flagged, z = quality.peer_outliers(values, groups, threshold=5, min_peers=6)
    assert not flagged.any() and np.isnan(z).all()


def test_peer_outliers_refuses_bad_threshold_and_lengths():
    with pytest.raises(ValueError, match="threshold must be positive, got 0"):
        quality.peer_outliers([1], ["a"], threshold=0)
    with pytest.raises(ValueError, match="values and groups must have the same length"):
        quality.peer_outliers([1, 2], ["a"], threshold=5)


def test_change_outliers_flags_the_jump_not_the_return():
    areas = list("abcde") * 3
    periods = ["2019"] * 5 + ["2020"] * 5 + ["2021"] * 5
    values = [10, 11, 12, 13, 14, 10.5, 11, 12.5, 13, 44, 10, 11.5, 12, 13.5, 14]
    flagged, change, z = quality.change_outliers(values, areas, periods, threshold=5,
                                                 min_peers=5)
    # e jumps 14 -> 44 in 2020 and returns to 14 in 2021
    assert change[9] == pytest.approx(30)
    assert flagged.tolist() == [False] * 9 + [True] + [False] * 5
    # the return is as large a change, but follows a flagged value
    assert abs(z[14]) > 5
    # a value flagged by another rule: the change to it is not judged again... the next is not
    flagged, _, _ = quality.change_outliers(values, areas, periods, threshold=5, min_peers=5,
                                            excluded=[i == 4 for i in range(15)])
    assert not flagged[9]
    # first periods have no change
    assert np.isnan(change[:5]).all()


def test_change_outliers_refuses_repeated_area_periods():
    with pytest.raises(ValueError, match=r"each \(area, period\) must appear once"):
        quality.change_outliers([1, 2], ["a", "a"], ["2020", "2020"], threshold=5)


def test_flag_values_reports_the_first_rule_broken_with_figures():
    rows = pd.DataFrame({
        "area_code": [f"D{i}" for i in range(40)],
        "period": ["2021"] * 40,
        "value": [18.0 + (i % 5) for i in range(38)] + [96.0, 53.6],
    })
    out = quality.flag_values(rows, plausible_range=(0, 60), peer_z=5,
                              area_label="2021 districts")
    flags = dict(zip(out["area_code"], out["quality_flag"], strict=True))
    assert flags["D38"] == "outside_plausible_range"
    assert flags["D39"] == "peer_outlier"
    assert sum(f is not None for f in flags.values()) == 2
    reasons = dict(zip(out["area_code"], out["quality_reason"], strict=True))
    assert reasons["D38"] == "value 96 is outside the plausible range 0 to 60"
    assert reasons["D39"].startswith("value 53.6 is ")
    assert "robust SDs above the median of the 40 2021 districts in 2021 (20;" in reasons["D39"]
    assert reasons["D0"] is None
    # without the opt-in rule only the range applies
    out = quality.flag_values(rows, plausible_range=(0, 100))
    assert out["quality_flag"].isna().all()


def test_counts_disagree_within_rounding():
    # 44 / 468 = 9.40%: published 9.4 agrees, 9.5 does not; 92 / 17,402 is not 30.98%
    assert quality.counts_disagree([9.4, 9.5, 30.98, 5.0], [44, 44, 92, np.nan],
                                   [468, 468, 17402, 10], 100).tolist() == [
        False, True, True, False]
    # relative tolerance for large values: 0.1% of 4,512
    assert not quality.counts_disagree([4512.0], [4515], [100000], 100000)[0]
