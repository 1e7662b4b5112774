"""Values flagged by the build's quality gates, in every view that shows them: the mini
warehouse with Pendle's 2021 high blood pressure set to 96.04% and its Health Index smoking to
120% (tests/conftest.py). High blood pressure is in no index, pathway or investment case any
more (QOF recorded hypertension replaced it), so those views are tested with smoking."""

from __future__ import annotations

import pandas as pd
import pytest
from dash import html

from dashboard import theme
from dashboard.data import gaps as gap_data
from dashboard.data import indicators, warehouse
from dashboard.pages.atlas import callbacks as cb
from dashboard.pages.atlas import components as atlas_components
from dashboard.pages.gaps import components as gaps_components
from dashboard.pages.gaps.state import GapsState
from dashboard.pages.investment.case import compute as investment_case
from dashboard.pages.investment.state import InvestmentState
from dashboard.pages.stroke import callbacks as stroke_cb

PENDLE = "E07000122"
HBP = "high_blood_pressure_pct"
SMOKING = "smoking_pct"


@pytest.fixture(autouse=True)
def _flagged(flagged_mini_warehouse, monkeypatch):
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(flagged_mini_warehouse))
    warehouse.clear_caches()
    yield
    warehouse.clear_caches()


def _text(component) -> str:
    """All text in a Dash component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def test_map_draws_flagged_area_grey_with_the_reason_in_the_hover():
    style = cb.style_for(HBP, "ltla24", "2021", "quantiles")
    codes = list(indicators.areas("ltla24")["area_code"])
    i = codes.index(PENDLE)
    assert style["colorbar"]["ticktext"][-1] == "Flagged (not used)"
    assert style["z"][i] == len(style["colorbar"]["ticktext"]) - 1
    # the last colour of the scale is the flagged grey, and no other area is in that class
    assert style["colorscale"][-1][1] == theme.FLAGGED
    assert [z for z in style["z"] if z == style["z"][i]] == [style["z"][i]]
    assert style["text"][i].startswith("Flagged: value 96.04 is outside the plausible range")
    assert "96.0% as published; not used" in style["text"][i]
    # the comparison colouring too
    style = cb.style_for(HBP, "ltla24", "2021", "england95")
    assert style["text"][i].startswith("Flagged: ")
    assert style["colorbar"]["ticktext"][-1] == "Flagged (not used)"


def test_note_under_the_map_lists_the_flagged_value_and_reason():
    note = _text(cb.quality_note_view(HBP, "ltla24", "2021"))
    assert "1 flagged value" in note
    assert "Pendle (E07000122)" in note and "96.0% as published" in note
    assert "outside the plausible range 0 to 60" in note
    assert cb.quality_note_view(HBP, "ltla24", "2020") == []
    assert cb.quality_note_view(HBP, "utla23", "2021") == []  # Lancashire: built without it


def test_profile_marks_the_flagged_value_with_its_reason():
    children, trend = cb.profile_view(PENDLE, "ltla24", HBP)
    # the trend line skips the flagged year; a grey cross shows it, with the reason
    flagged = [t for t in trend.data if t.name == "Pendle: flagged (not used)"]
    assert len(flagged) == 1 and list(flagged[0].x) == ["2021"]
    assert flagged[0].text[0].startswith("Flagged: value 96.04")
    line = [t for t in trend.data if t.name == "Pendle"][0]
    assert list(line.y)[list(line.x).index("2021")] is None or pd.isna(
        list(line.y)[list(line.x).index("2021")])
    text = _text(children)
    assert "\u26a0 96.0%" in text
    assert "Flagged as implausible: value 96.04 is outside the plausible range 0 to 60" in text
    # the spread across districts leaves it out
    spread = indicators.profile(PENDLE, "ltla24").set_index("indicator_id").loc[HBP]
    assert spread["max_value"] < 60


def test_csv_download_carries_the_flag_and_reason():
    csv = cb.csv_download(HBP, "ltla24", "2021")["content"]
    assert "quality_flag,quality_reason" in csv.splitlines()[0]
    assert "outside_plausible_range" in csv


def test_indices_treat_the_flagged_value_as_missing_and_say_so():
    values, periods = gap_data.theme_values([SMOKING], "ltla24", None)
    assert periods[SMOKING] == "2021"
    assert values[SMOKING].isna()[PENDLE] and values[SMOKING].notna().sum() == 2
    view = GapsState.resolve({"theme": "stroke", "geography": "ltla24"})
    table, periods = gap_data.gap_table(view.theme, view.geography, within=view.within,
                                        parent=view.parent, asof=view.asof,
                                        weights=view.weights)
    assert table.loc[PENDLE, SMOKING] != table.loc[PENDLE, SMOKING]  # NaN
    note = _text(gaps_components.flagged_note(gap_data.flagged_values("ltla24", periods),
                                              indicators.catalogue()))
    assert "treated as missing in the indices and ranks" in note
    assert "Pendle (120.0%)" in note


def test_investment_case_is_not_sized_from_the_flagged_value():
    state = InvestmentState.resolve({"mode": "areas", "geo": "ltla24", "areas": PENDLE,
                                     "iv": "smoking_cessation"})
    case = investment_case(state)
    pops = case.populations
    assert pops.eligible / pops.total < 0.5  # Lancashire's value stands in, not 120%
    notes = " ".join(pops.notes)
    assert "Pendle 120.0%" in notes and "not used to size the case" in notes
    assert "the value of Lancashire is used" in notes


def test_stroke_pathway_row_is_marked_and_not_judged():
    frame = stroke_cb.pathway_frame("ltla24", PENDLE)
    assert SMOKING in set(frame["indicator_id"])
    row = frame.set_index("indicator_id").loc[SMOKING]
    assert row["status"] == "flagged"
    assert pd.isna(row["direction"]) and pd.isna(row["gap"])
    assert "Flagged as implausible" in row["note"]
    from dashboard.pages.stroke import pathway
    assert pathway.stage_value_text(row) == "\u26a0 120.0% (flagged: not used)"


def test_unflagged_view_has_no_flag_class():
    style = cb.style_for(HBP, "ltla24", "2020", "quantiles")
    assert "Flagged (not used)" not in style["colorbar"]["ticktext"]
    assert isinstance(atlas_components.profile_table(indicators.profile("E07000117", "ltla24")), html.Table)
