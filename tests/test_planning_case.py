"""Tests for planning.case: case assembly without Dash (pure parts here; the case on the
national warehouse in tests/test_dashboard_investment.py and the README example below)."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

from planning import case


def test_module_doctests_run():
    result = doctest.testmod(case, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4
    assert result.failed == 0


def test_case_assembly_imports_neither_dash_nor_duckdb():
    code = ("import sys, planning.case; "
            "print(sorted(m for m in ('dash', 'duckdb', 'dashboard') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_scenario_fills_in_defaults_and_rejects_unknown_keys():
    s = case.scenario(iv="thrombolysis_rate", horizon=5)
    assert s == {**case.DEFAULT, "iv": "thrombolysis_rate", "horizon": 5}
    assert s is not case.DEFAULT
    with pytest.raises(ValueError, match="unknown scenario key 'colour'; choose from mode, geo"):
        case.scenario(colour="red")
    with pytest.raises(ValueError, match="unknown intervention 'x'; choose from nhs_health_check"):
        case.scenario(iv="x")


def test_latest_period_matches_the_gaps_page_rule():
    from dashboard.gap_queries import choose_period

    periods = ["2019/20", "2021/22", "2017-2019", "2021", "2020/21"]
    assert case.latest_period({"periods": periods}) == choose_period(periods, None)
    assert case.latest_period({"periods": []}) is None


def test_flag_mark_and_england_are_the_apps():
    from dashboard import queries

    assert case.FLAG_MARK == queries.FLAG_MARK
    assert case.ENGLAND == queries.ENGLAND


def test_deciles_of_several_areas_are_pooled_by_the_denominator():
    """Decile 1 of two areas: 10% of 100 admissions and 30% of 300 pool to 25%
    (= 100 / 400), not to the residents' 11.8% (10 x 1,000 + 30 x 100) / 1,100."""
    import pandas as pd

    rows = pd.DataFrame({
        "decile": [1, 1, 2, 2],
        "value": [10.0, 30.0, 20.0, 20.0],
        "count": [10.0, 90.0, 20.0, 20.0],
        "denominator": [100.0, 300.0, 100.0, 100.0],
        "population": [1000.0, 100.0, 500.0, 500.0],
    })
    by = case.pool_deciles(rows)
    assert by.loc[1, "value"] == pytest.approx(25.0)
    assert by.loc[1, "population"] == 1100.0  # the SII still ranks residents
    assert by.loc[2, "value"] == pytest.approx(20.0)
    no_denominator = rows.assign(denominator=[100.0, None, 100.0, 100.0])
    assert case.pool_deciles(no_denominator).loc[1, "value"] == pytest.approx(13000 / 1100)


def test_pooled_coverage_weights_by_the_eligible_not_residents():
    import pandas as pd

    rates = pd.Series([10.0, 30.0], index=["A", "B"])
    residents = pd.Series([1000.0, 3000.0], index=["A", "B"])
    admissions = pd.Series([300.0, 100.0], index=["A", "B"])
    # (10 x 300 + 30 x 100) / 400 = 15, where residents gave (10 x 1000 + 30 x 3000) / 4000 = 25
    assert case.pooled_coverage(rates, admissions, residents) == (pytest.approx(15.0),
                                                                  "eligible")
    assert case.pooled_coverage(rates, None, residents) == (pytest.approx(25.0), "population")
    missing = pd.Series([300.0, float("nan")], index=["A", "B"])
    assert case.pooled_coverage(rates, missing, residents)[1] == "population"
    zero = pd.Series([0.0, 0.0], index=["A", "B"])
    assert case.pooled_coverage(rates, zero, residents)[1] == "population"


def test_observed_counts_follow_the_small_number_rule():
    assert case.observed(4, 5, "Admissions") == "Admissions: fewer than 5 (suppressed)"
    assert case.observed(4, 0, "Admissions") == "Admissions: fewer than 5 (suppressed)"
    assert case.observed(5, 5, "Admissions") == "Admissions: 5"
    assert case.observed(None, 5, "Admissions") == "Admissions: not available"


def _readme_example() -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("### Build a case from Python", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_example_builds_a_case(warehouse_path, monkeypatch, capsys):
    """The README's 'Build a case from Python' runs as written, on the national warehouse."""
    from dashboard import queries

    code = _readme_example()
    assert 'open_warehouse("data/warehouse.duckdb")' in code
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse_path))  # restored after the test
    exec(compile(code.replace("data/warehouse.duckdb", str(warehouse_path)), "README", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("Lancashire, Blackpool - ")
    assert "Events avoided over 5 years: " in out
    assert "Probability the scheme saves money: " in out
    assert queries.warehouse_path() == warehouse_path


def test_open_warehouse_needs_a_file(tmp_path):
    from dashboard.investment_data import open_warehouse

    with pytest.raises(FileNotFoundError, match="no warehouse at .*: build one with 'python -m etl build'"):
        open_warehouse(tmp_path / "missing.duckdb")
