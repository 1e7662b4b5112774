"""Tests for planning.case: case assembly without Dash (pure parts here; the case on the
national warehouse in tests/test_dashboard_investment.py and the README example below)."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

from planning import case


def test_module_doctests_run():
    attempted = 0
    for name in ("data", "sizing", "assemble", "lines"):
        module = importlib.import_module(f"planning.case.{name}")
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 4


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
    from dashboard.data import warehouse

    code = _readme_example()
    assert 'open_warehouse("data/warehouse.duckdb")' in code
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse_path))  # restored after the test
    exec(compile(code.replace("data/warehouse.duckdb", str(warehouse_path)), "README", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("Lancashire, Blackpool - ")
    assert "Events avoided over 5 years: " in out
    assert "Probability the scheme saves money: " in out
    assert warehouse.warehouse_path() == warehouse_path


def test_open_warehouse_needs_a_file(tmp_path):
    from dashboard.data.investment import open_warehouse

    with pytest.raises(FileNotFoundError, match="no warehouse at .*: build one with 'python -m etl build'"):
        open_warehouse(tmp_path / "missing.duckdb")


class _TwoAreas:
    """A :class:`planning.case.CaseData` of two made-up councils in one ICB, in memory: what
    a notebook user's own reader would supply."""

    def areas(self, geography):
        import pandas as pd

        rows = {
            "utla23": [("A1", "Alpha", 1000.0), ("A2", "Beta", 3000.0)],
            "icb23": [("I1", "Alpha and Beta Integrated Care Board", 4000.0)],
            "england": [(case.ENGLAND, "England", 4000.0)],
        }[geography]
        return pd.DataFrame({"area_name": [r[1] for r in rows], "parent_code": "I1",
                             "parent_geography": "icb23", "population": [r[2] for r in rows]},
                            index=pd.Index([r[0] for r in rows], name="area_code"))

    def lsoas(self):
        import pandas as pd

        return pd.DataFrame({
            "lsoa21_code": ["L1", "L2", "L3", "L4"], "lsoa21_name": ["a", "b", "c", "d"],
            "ltla24_code": ["A1", "A1", "A2", "A2"], "utla23_code": ["A1", "A1", "A2", "A2"],
            "icb23_code": "I1", "sicbl23_code": "S1",
            "population": [500.0, 500.0, 1500.0, 1500.0], "imd_decile": [1, 5, 2, 9]})

    def catalogue(self):
        import pandas as pd

        row = {"indicator_id": "nhs_health_check_offered_pct", "name": "Checks offered",
               "unit": "%", "multiplier": 100.0, "value_type": "proportion", "min_count": 0,
               "periods": ["2022/23", "2023/24"], "geographies": ["utla23"],
               "source": "made up", "licence": "none"}
        return pd.DataFrame([row]).set_index("indicator_id", drop=False)

    def values(self, indicator_id, geography, period):
        import pandas as pd

        assert (indicator_id, geography, period) == ("nhs_health_check_offered_pct", "utla23",
                                                      "2023/24")
        return pd.DataFrame({"value": [10.0, 30.0], "count": [30.0, 30.0],
                             "denominator": [300.0, 100.0], "is_suppressed": False,
                             "quality_flag": None, "quality_reason": None},
                            index=pd.Index(["A1", "A2"], name="area_code"))

    def england(self, indicator_id, period):
        return {"value": 20.0, "count": 2000.0, "denominator": 10000.0}

    def decile_counts(self, indicator_id, area_code, period):
        raise AssertionError("not used by an areas case")

    def deciles(self, indicator_id, area_code, period):
        import pandas as pd

        return pd.DataFrame(columns=["decile", "value", "count", "denominator", "population"])

    def bboxes(self, geography):
        import pandas as pd

        return pd.DataFrame({"min_lon": [-3.0, -2.5], "min_lat": [53.5, 53.6],
                             "max_lon": [-2.6, -2.0], "max_lat": [54.0, 54.1]},
                            index=pd.Index(["A1", "A2"], name="area_code"))

    def priority_areas(self, theme, geography, within, parent):
        raise AssertionError("not used by an areas case")

    def geography_label(self, geography):
        return {"utla23": "Counties and unitary authorities"}[geography]

    def value_text(self, value, unit):
        return f"{value:g}{unit}"


def test_a_case_builds_from_any_reader_of_plain_frames():
    """Two areas: eligible from the coverage denominators (300 + 100), current coverage from
    counts over denominators (60 / 400 = 15%), plus 5 points."""
    built = case.compute(_TwoAreas(), case.scenario(areas=["A1", "A2"], uplift=5.0))
    assert built.selection.label == "Alpha, Beta"
    assert built.populations.total == 4000.0
    assert built.populations.eligible == pytest.approx(400.0)
    assert built.populations.current_pct == pytest.approx(15.0)
    assert built.populations.periods == {"nhs_health_check_offered_pct": "2023/24"}
    assert built.target.target_pct == pytest.approx(20.0)
    take_up = built.intervention.take_up.central
    assert built.result.people_reached_per_year == pytest.approx(400 * 0.05 * take_up)
    assert [(r.code, r.kind, r.population) for r in built.partners] == [
        ("A2", "council", 3000.0), ("A1", "council", 1000.0), ("I1", "icb", 4000.0)]
    assert built.partners[2].name == "Alpha and Beta ICB"
    assert sum(c.share for c in built.contributions) == pytest.approx(1.0)
    assert built.sii is None and "no decile breakdown" in built.sii_note
    assert built.map.bbox == (-3.0, 53.5, -2.0, 54.1)
    assert built.psa is not None and built.psa.draws == 10_000
    with pytest.raises(ValueError, match="Choose at least one area"):
        case.compute(_TwoAreas(), case.scenario(areas=[]))
