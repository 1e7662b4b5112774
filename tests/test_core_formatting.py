"""core.formatting: the one home of the display formatters (values, counts, GBP, ranges)."""

from __future__ import annotations

import doctest
import math

import numpy as np

from core import formatting
from core.formatting import (
    count_text,
    gbp_per_head_text,
    gbp_text,
    range_text,
    value_text,
    values_text,
)


def test_module_doctests_run():
    result = doctest.testmod(formatting)
    assert result.attempted >= 1
    assert result.failed == 0


def test_value_text_decimals_by_size_and_percent_unit():
    assert value_text(12_345.6) == "12,346"
    assert value_text(45.67) == "45.7"
    assert value_text(4.567, "%") == "4.57%"
    assert value_text(4.567, "per 1,000") == "4.57"
    assert value_text(None) == "No data"
    assert value_text(math.nan) == "No data"


def test_values_text_is_value_text_of_each_value():
    values = np.array([0.1234, 12.34, 1234.5, np.nan, -5.0])
    assert values_text(values, "%") == [
        "No data" if np.isnan(v) else value_text(float(v), "%") for v in values]


def test_count_text_three_significant_figures():
    assert count_text(1234.4) == "1,234"
    assert count_text(12.345) == "12.3"
    assert count_text(0.01234) == "0.0123"
    assert count_text(0) == "0"
    assert count_text(float("nan")) == "–"


def test_gbp_text_rounds_only_for_display():
    assert gbp_text(357_115.54) == "£357,000"
    assert gbp_text(2_337_968.16) == "£2.34m"
    assert gbp_text(-1_633_870.0) == "-£1.63m"
    assert gbp_text(12.34) == "£12"
    assert gbp_text(0) == "£0"
    assert gbp_text(math.nan) == "–"


def test_gbp_per_head_keeps_pence_below_100():
    assert gbp_per_head_text(0.37) == "£0.37"
    assert gbp_per_head_text(-2.5) == "-£2.50"
    assert gbp_per_head_text(45_409) == "£45,400"
    assert gbp_per_head_text(-2_500_000) == "-£2.50m"


def test_range_text_keeps_signs_and_collapses_equal_bounds():
    assert range_text(3.4, 1.2, lambda v: f"{v:.1f}") == "1.2–3.4"
    assert range_text(-1.0, 2.0, lambda v: f"{v:.1f}") == "-1.0 to 2.0"
    assert range_text(1.01, 1.02, lambda v: f"{v:.1f}") == "1.0"
    assert range_text(math.nan, 1.0, str) == "–"
