"""core.periods: one rule for the latest period, shared by the build, pages and cases."""

from __future__ import annotations

from core.periods import choose_period, latest_period, period_start_year


def test_period_start_year_of_each_label_form():
    assert period_start_year("2021/22") == 2021
    assert period_start_year("2017-2019") == 2017
    assert period_start_year("2025") == 2025


def test_latest_period_is_the_greatest_first_year_then_label():
    periods = ["2019/20", "2021/22", "2017-2019", "2021", "2020/21"]
    assert latest_period(periods) == "2021/22"  # 2021 ties with "2021"; "2021/22" sorts after
    assert latest_period(periods) == choose_period(periods, None)
    assert latest_period([]) is None and latest_period(None) is None


def test_choose_period_as_at_a_year():
    periods = ["2019/20", "2021/22", "2017-2019", "2020/21"]
    assert choose_period(periods, 2020) == "2020/21"
    assert choose_period(periods, 2018) == "2017-2019"
    assert choose_period(periods, 2000) is None
