"""Preventive-services page: measures table, gradients and callbacks on the real warehouse."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.data import prevention as prevention_view
from dashboard.data import warehouse

# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


@pytest.fixture(autouse=True)
def _fresh_caches():
    warehouse.clear_caches()
    yield
    warehouse.clear_caches()


def test_gradient_words_read_sign_through_polarity_and_role():
    up = {"sii": 5.0, "sii_lower": 3.0, "sii_upper": 7.0}
    down = {"sii": -5.0, "sii_lower": -7.0, "sii_upper": -3.0}
    flat = {"sii": 1.0, "sii_lower": -1.0, "sii_upper": 3.0}
    words = prevention_view.gradient_words
    assert "inverse care" in words(up, "higher_is_better", "provision")
    assert "follows need" in words(down, "higher_is_better", "provision")
    assert words(down, "lower_is_better", "need") == "worse in more deprived areas"
    assert words(flat, "higher_is_better", "provision") == (
        "the data cannot tell whether there is a gradient (its 95% CI includes 0)")
    assert words(None, "higher_is_better", "provision") == (
        "the data cannot tell whether there is a gradient (too few areas with data)")


@pytest.mark.national
def test_measures_table_for_an_area_and_for_england():
    table = prevention_view.measures_table("utla23", "E06000008").set_index("indicator_id")
    row = table.loc["cancer_screening_pct"]
    assert row["period"] == "2021" and row["coverage_note"] == "England-wide"
    # gap is signed by polarity: lower coverage than England is negative
    assert np.sign(row["gap"]) == np.sign(row["value"] - row["england"])
    # the verdict is the CI's test against England, not the sign of the gap
    from core import verdicts

    assert row["compared"] == verdicts.compare(row["lower_95"], row["upper_95"],
                                               row["england"], polarity="higher_is_better")
    assert row["compared"] in ("better", "similar", "worse", "not compared")
    # screening coverage is lower in more deprived councils (measured: SII about +9 points)
    assert row["sii_lower"] > 0 and "inverse care" in row["gradient"]
    smoking = table.loc["smoking_pct"]
    assert smoking["sii_upper"] < 0 and smoking["gradient"] == "worse in more deprived areas"
    # a North West-only measure says so rather than showing a national figure
    nw = table.loc["smoking_at_delivery_pct"]
    assert "North West" in nw["coverage_note"] and nw["areas_with_data"] < 40
    england = prevention_view.measures_table("utla23", None).set_index("indicator_id")
    assert england.loc["cancer_screening_pct", "value"] == pytest.approx(
        england.loc["cancer_screening_pct", "england"])
    # England is compared with the standard only, never with itself
    assert "England" not in set(england["gap_to"].dropna())
    no_standard = england["standard"].isna()
    assert england.loc[no_standard, "gap"].isna().all()
    assert england.loc[no_standard, "compared"].isna().all()
    with_standard = england[~england["standard"].isna() & england["value"].notna()]
    assert len(with_standard) and (with_standard["gap_to"] == "standard").all()


@pytest.mark.national
def test_gradient_groups_cover_the_population():
    values, _ = prevention_view.measure_values("ltla24")
    table, sii = prevention_view.gradient(values, "child_vaccination_pct", "ltla24")
    assert table["decile"].tolist() == list(range(1, 11))
    with_data = values.dropna(subset=["child_vaccination_pct", "imd2025_score"])
    assert table["population"].sum() == pytest.approx(with_data["population"].sum())
    assert sii is not None and sii["sii_lower"] < sii["sii"] < sii["sii_upper"]


@pytest.mark.national
def test_callback_outputs_and_csv():
    from dashboard.pages.prevention import callbacks as cb
    from dashboard.pages.prevention.state import PreventionState

    view = PreventionState.resolve(
        {"geography": "utla23", "area": "E06000008", "measure": "cancer_screening_pct"})
    note, measures, table, scatter, gradient, query = cb.prevention_outputs(view)
    assert query == "?geography=utla23&area=E06000008&measure=cancer_screening_pct"
    assert "Blackburn with Darwen" in str(note)
    assert any(t.name == "Blackburn with Darwen" for t in scatter.data)
    assert len(gradient.data[0].x) == 10
    csv = pd.read_csv(io.StringIO(cb.csv_download(view)["content"]))
    assert {"period", "source", "licence", "lower_95", "upper_95", "gradient_method"} <= set(
        csv.columns)
    assert set(csv["area_code"]) == {"E06000008"}
