"""Secondary (complementary) suppression: no suppressed count is a total minus the others."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl import methods, statistics


def test_one_hidden_cell_takes_the_smallest_other_with_it():
    counts = [12.0, 3.0, 40.0, 7.0, np.nan]
    hidden = methods.complementary_suppression(counts, [False, True, False, False, False])
    assert list(hidden) == [False, True, False, True, False]  # 7 is the smallest shown


def test_no_cell_is_added_without_a_total_or_with_two_hidden():
    counts = [12.0, 3.0, 2.0, 7.0]
    one = [False, True, False, False]
    assert list(methods.complementary_suppression(counts, one, total_published=False)) == one
    two = [False, True, True, False]
    assert list(methods.complementary_suppression(counts, two)) == two
    assert list(methods.complementary_suppression([3.0], [True])) == [True]
    with pytest.raises(ValueError, match="same length"):
        methods.complementary_suppression([1.0], [True, False])


def _frame(rng: np.random.Generator, n_groups: int) -> pd.DataFrame:
    rows = []
    for g in range(n_groups):
        cells = int(rng.integers(2, 11))
        counts = rng.integers(0, 30, size=cells).astype(float)
        counts[rng.random(cells) < 0.1] = np.nan  # a cell without a count
        total_hidden = rng.random() < 0.2
        rows.append({"indicator_id": "x", "area_code": f"A{g}", "period": "2020", "sex": "Persons",
                     "age": "All ages", "category_type": "", "category": "",
                     "count": np.nansum(counts), "is_suppressed": total_hidden})
        for i, c in enumerate(counts):
            rows.append({"indicator_id": "x", "area_code": f"A{g}", "period": "2020",
                         "sex": "Persons", "age": "All ages", "category_type": "decile",
                         "category": str(i + 1), "count": c,
                         "is_suppressed": bool(np.isfinite(c) and c < 5)})
    frame = pd.DataFrame(rows)
    frame["value"] = frame["count"]
    for column in statistics.LIMITS:
        frame[column] = np.nan
    frame["note"] = ""
    frame.loc[frame["is_suppressed"], ["value", "count"]] = np.nan
    return frame


def test_the_warehouse_rule_is_the_method_applied_to_every_breakdown():
    rng = np.random.default_rng(20261203)
    frame = _frame(rng, 400)
    original_counts = frame["count"].copy()
    out = statistics.complementary_suppression(frame)
    for code, group in frame[frame["category_type"] != ""].groupby("area_code"):
        total = frame[(frame["area_code"] == code) & (frame["category_type"] == "")].iloc[0]
        expected = methods.complementary_suppression(
            original_counts[group.index], group["is_suppressed"],
            total_published=not total["is_suppressed"])
        assert list(out.loc[group.index, "is_suppressed"]) == list(expected), code
    added = out["is_suppressed"] & ~frame["is_suppressed"]
    assert added.sum() > 0
    assert out.loc[added, "count"].isna().all() and out.loc[added, "value"].isna().all()
    assert out.loc[added, "note"].str.contains("secondary suppression").all()


def test_differencing_attack_recovers_nothing():
    """The attack: where a published total and all cells but one are shown, subtract."""
    rng = np.random.default_rng(7)
    out = statistics.complementary_suppression(_frame(rng, 400))
    recovered = 0
    for _, group in out[out["category_type"] != ""].groupby("area_code"):
        total = out[(out["area_code"] == group["area_code"].iloc[0])
                    & (out["category_type"] == "")].iloc[0]
        if total["is_suppressed"]:
            continue
        hidden = group["is_suppressed"]
        if hidden.sum() == 1 and group.loc[~hidden, "count"].notna().all():
            recovered += 1
    assert recovered == 0
