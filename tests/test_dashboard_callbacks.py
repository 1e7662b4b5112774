"""Callbacks called directly (module-level functions)."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch

from dashboard.pages.atlas import callbacks as cb
from dashboard.pages.atlas.state import DEFAULT_INDICATOR, AtlasState

# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


def test_indicator_switch_same_geography_returns_patch():
    out, geo = cb.map_view("imd2025_score", "utla23", "2025", "quantiles", None, "utla23",
                           "atlas-indicator")
    assert isinstance(out, Patch)
    ops = out.to_plotly_json()["operations"]
    assert {tuple(op["location"])[-1] for op in ops} >= {"z", "text", "colorbar"}
    assert all("geojson" not in op["location"] for op in ops)


@pytest.mark.national
def test_geography_change_returns_full_figure():
    fig, geo = cb.map_view("imd2025_score", "region", "2025", "england998", None, "utla23",
                           "atlas-geography")
    assert isinstance(fig, go.Figure)
    assert geo == "region"
    assert len(fig.data[1].locations) == 9


@pytest.mark.national
def test_chosen_area_is_outlined_and_labelled_on_the_map():
    fig, _ = cb.map_view("imd2025_score", "region", "2025", "quantiles", "E12000007", None,
                         "atlas-area")
    outline = fig.data[2]
    assert list(outline.locations) == ["E12000007"] and outline.hoverinfo == "skip"
    assert outline.marker.line.width >= 2
    assert "London" in fig.layout.annotations[0].text
    # choosing another area patches the outline and the label, not the polygons
    patch, _ = cb.map_view("imd2025_score", "region", "2025", "quantiles", "E12000001",
                           "region", "atlas-area")
    ops = {tuple(op["location"]): op for op in patch.to_plotly_json()["operations"]}
    assert ops[("data", 2, "locations")]["params"]["value"] == ["E12000001"]
    assert "North East" in ops[("layout", "annotations")]["params"]["value"][0]["text"]
    # clearing it removes both; an area of another geography is not outlined
    patch, _ = cb.map_view("imd2025_score", "region", "2025", "quantiles", None, "region",
                           "atlas-area")
    ops = {tuple(op["location"]): op for op in patch.to_plotly_json()["operations"]}
    assert ops[("data", 2, "locations")]["params"]["value"] == []
    assert ops[("layout", "annotations")]["params"]["value"] == []
    fig, _ = cb.map_view("imd2025_score", "region", "2025", "quantiles", "E06000001", None)
    assert list(fig.data[2].locations) == [] and not fig.layout.annotations


@pytest.mark.national
def test_url_round_trip():
    view = AtlasState(indicator="stroke_admissions_rate", geography="utla23",
                      period="2017-2019", colouring="england998", area="E06000001")
    assert view.to_query() == ("?indicator=stroke_admissions_rate&geography=utla23"
                               "&period=2017-2019&colouring=england998&area=E06000001")
    assert AtlasState.parse_query(view.to_query()) == view.as_dict()
    assert AtlasState.from_query(view.to_query()) == view


def test_resolve_repairs_stale_url():
    view = AtlasState.resolve({"indicator": "nope", "geography": "mars", "period": "1066"})
    assert view.indicator == DEFAULT_INDICATOR
    assert view.period == "2017-2019"


def test_csv_download_has_provenance_and_no_suppressed_values():
    out = cb.csv_download("stroke_admissions_rate", "lsoa21", "2017-2019")
    frame = pd.read_csv(io.StringIO(out["content"]), low_memory=False)
    assert {"period", "source", "licence", "lower_95", "upper_95", "note"} <= set(frame.columns)
    suppressed = frame[frame["is_suppressed"].fillna(False).astype(bool)]
    assert len(suppressed) > 0
    assert suppressed["value"].isna().all() and suppressed["count"].isna().all()


def test_inequality_and_funnel_views():
    text, _ = cb.inequality_view("stroke_admissions_rate", "2017-2019", None)
    assert text.startswith("Most deprived decile") and "SII" in text
    text, _ = cb.inequality_view("life_expectancy_years", "2021", None)
    assert text.startswith("No deprivation-decile breakdown")
    note, fig = cb.funnel_view("stroke_admissions_rate", "utla23", "2017-2019", "E06000001")
    assert "outside the 99.8% limits" in note


def test_area_click_sets_area():
    click = {"points": [{"location": "E06000001"}]}
    assert cb.area_view(click, "utla23", None, "atlas-map") == "E06000001"
    assert cb.area_view(None, "region", "E06000001", "atlas-geography") is None


@pytest.mark.national
def test_full_map_references_geometry_by_url_and_route_serves_it():
    """Polygons are fetched once from a cacheable URL, never embedded in the figure."""
    import gzip as _gzip
    import json as _json

    from app import create_app
    from dashboard.pages.atlas.callbacks import map_view

    fig, drawn = map_view("stroke_admissions_rate", "region", "2017-2019", "quantile", None, None)
    assert drawn == "region"
    urls = {trace.geojson for trace in fig.data}
    assert len(urls) == 1
    url = urls.pop()
    assert isinstance(url, str) and url.startswith("/geometry/region.geojson?v=")

    client = create_app().server.test_client()
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "max-age" in zipped.headers["Cache-Control"]
    collection = _json.loads(_gzip.decompress(zipped.data))
    assert len(collection["features"]) == 9
    plain = client.get(url)
    assert _json.loads(plain.data) == collection
    assert client.get("/geometry/nowhere.geojson").status_code == 404


def test_inequality_states_no_ci_for_values_without_limits():
    """Travel times carry no CI: the SII is given without a (spurious zero-width) interval."""
    text, _ = cb.inequality_view("ivt_minutes_mean", "2022", None)
    assert "Slope index of inequality (SII)" in text
    assert "no confidence interval" in text
    assert "95% CI" not in text.split("Slope index")[1]
    # no CI, no gradient named
    assert text.endswith("Reading: the data cannot tell whether there is a gradient (the values "
                         "have no confidence intervals, so the SII has none).")
    rate_text, _ = cb.inequality_view("stroke_admissions_rate", "2017-2019", None)
    assert "95% CI" in rate_text.split("Slope index")[1]
    assert "Reading: " in rate_text


def test_layout_marks_every_control_for_back_and_forward():
    """history.js restores the five controls in place; a key the address leaves out (area,
    when none is chosen) takes the default view's value."""
    import json

    from dashboard import ids, url_state
    from dashboard.pages import atlas

    def find(node):
        props = getattr(node, "__dict__", {})
        if props.get("className") == url_state.MARKER_CLASS:
            return node
        children = props.get("children")
        for child in children if isinstance(children, list) else [children]:
            found = find(child) if child is not None else None
            if found is not None:
                return found
        return None

    marker = find(atlas.layout(indicator="imd2025_score")).to_plotly_json()["props"]
    assert marker["data-path"] == "/"
    assert json.loads(marker["data-controls"]) == {
        "indicator": ids.ATLAS_INDICATOR, "geography": ids.ATLAS_GEOGRAPHY,
        "period": ids.ATLAS_PERIOD, "colouring": ids.ATLAS_COLOURING, "area": ids.ATLAS_AREA}
    defaults = json.loads(marker["data-defaults"])
    assert defaults == AtlasState.resolve({}).as_dict() and defaults["area"] is None
    assert AtlasState.resolve({}).to_query() == (
        f"?indicator={DEFAULT_INDICATOR}&geography={defaults['geography']}"
        f"&period={defaults['period']}&colouring=quantiles")
