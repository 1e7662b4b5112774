"""dashboard.queries against the national warehouse."""

from __future__ import annotations

import json

import pytest

from core import geographies
from dashboard.data import boundaries, indicators

# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


def test_catalogue_lists_geographies_and_periods():
    cat = indicators.catalogue()
    row = cat.loc["stroke_admissions_rate"]
    assert "lsoa21" in row["geographies"]
    assert row["periods"] == ["2017-2019"]


def test_map_values_one_row_per_area_ordered():
    frame = indicators.map_values("under18_conception_rate", "utla23", "2021")
    areas = indicators.areas("utla23")
    assert frame["area_code"].tolist() == areas["area_code"].tolist()
    assert frame["area_code"].is_unique


def test_map_values_suppressed_is_missing_not_zero():
    frame = indicators.map_values("stroke_admissions_rate", "lsoa21", "2017-2019")
    suppressed = frame[frame["is_suppressed"].fillna(False).astype(bool)]
    assert len(suppressed) > 0
    assert suppressed["value"].isna().all()


@pytest.mark.national
def test_geojson_ids_are_area_codes():
    gj = boundaries.geojson("region")
    assert len(gj["features"]) == 9
    assert {f["id"] for f in gj["features"]} == set(indicators.areas("region")["area_code"])
    json.dumps(gj)


def test_deciles_have_population():
    frame = indicators.deciles("stroke_admissions_rate", geographies.ENGLAND, "2017-2019")
    assert frame["decile"].tolist() == list(range(1, 11))
    assert frame["population"].gt(0).all()


@pytest.mark.national
def test_profile_has_england_and_spread():
    frame = indicators.profile("E06000001", "utla23")
    row = frame.set_index("indicator_id").loc["stroke_admissions_rate"]
    assert row["min_value"] <= row["q25"] <= row["q75"] <= row["max_value"]
    assert row["england"] > 0


@pytest.mark.national
def test_search_areas_binds_user_text():
    out = indicators.search_areas("utla23", "hartle'; drop table areas; --")
    assert out.empty
    assert not indicators.search_areas("utla23", "hartlepool").empty
