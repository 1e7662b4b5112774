"""benchmarks/browser_maps.py and its naive baseline app do not rot: the naive app builds its
layout and a whole figure from a warehouse, with the atlas's element ids (no browser)."""

from __future__ import annotations

import sys
from pathlib import Path

import plotly.graph_objects as go

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import browser_maps  # noqa: E402
import naive_app  # noqa: E402

from dashboard import ids  # noqa: E402


def _ids(component) -> set[str]:
    found = set()
    if isinstance(getattr(component, "id", None), str):
        found.add(component.id)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            found |= _ids(child)
    return found


def test_the_driver_and_the_naive_app_use_the_atlas_ids():
    assert (browser_maps.ATLAS_INDICATOR, browser_maps.ATLAS_GEOGRAPHY, browser_maps.ATLAS_MAP) \
        == (ids.ATLAS_INDICATOR, ids.ATLAS_GEOGRAPHY, ids.ATLAS_MAP)
    assert (naive_app.INDICATOR_ID, naive_app.GEOGRAPHY_ID, naive_app.MAP_ID) \
        == (ids.ATLAS_INDICATOR, ids.ATLAS_GEOGRAPHY, ids.ATLAS_MAP)
    assert {s.dropdown for s in browser_maps.SWITCHES} <= {ids.ATLAS_INDICATOR,
                                                           ids.ATLAS_GEOGRAPHY}
    assert {p.map_key for p in browser_maps.PAINTS} - {None} \
        == {ids.ATLAS_MAP, ids.GAPS_MAP, ids.STROKE_MAP}


def test_naive_app_builds_its_layout_and_a_whole_figure(mini_warehouse):
    app = naive_app.create_app(mini_warehouse)
    layout_ids = _ids(app.layout)
    assert {ids.ATLAS_INDICATOR, ids.ATLAS_GEOGRAPHY, ids.ATLAS_MAP} <= layout_ids
    options = {o["value"] for o in naive_app.indicator_options(mini_warehouse)}
    assert naive_app.DEFAULT_INDICATOR in options
    fig = naive_app.map_figure(naive_app.DEFAULT_INDICATOR, "utla23", mini_warehouse)
    (trace,) = fig.data
    assert isinstance(trace, go.Choroplethmap)
    assert isinstance(trace.geojson, dict) and trace.geojson["features"]  # embedded, not a URL
    assert len(trace.locations) > 0
