"""Pure figure builders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import theme
from dashboard.figures import charts
from dashboard.figures.map import classify, map_figure, map_style, view_for_bbox

META = {"indicator_id": "x", "name": "Test rate", "unit": "per 1,000", "polarity":
        "lower_is_better", "value_type": "crude_rate", "multiplier": 1000}


def _frame(values):
    n = len(values)
    return pd.DataFrame({
        "area_code": [f"E0{i}" for i in range(n)], "area_name": [f"A{i}" for i in range(n)],
        "value": values, "lower_95": values, "upper_95": values, "count": [1.0] * n,
        "denominator": [10.0] * n, "compared_to_england": ["similar"] * n,
        "is_suppressed": [v is None or np.isnan(v) for v in values],
    })


def test_classify_quantiles_keeps_missing_missing():
    z, labels = classify(pd.Series([1.0, 2.0, np.nan, 4.0, 5.0, 6.0]), "quantiles")
    assert np.isnan(z[2])
    assert len(labels) == 5
    assert z[0] == 0 and z[-1] == 4


def test_map_style_no_data_is_none_never_zero():
    style = map_style(_frame([1.0, np.nan, 3.0]), META, colouring="equal_interval", period="2021")
    assert style["z"][1] is None
    assert style["text"][1].startswith("No data")
    assert "2021" in style["colorbar"]["title"]["text"]
    assert "per 1,000" in style["colorbar"]["title"]["text"]


def test_map_style_comparison_uses_comparison_colours():
    comp = pd.Series(["better", "worse", "similar"])
    style = map_style(_frame([1.0, 2.0, 3.0]), META, colouring="england95", period="2021",
                      comparison=comp)
    assert style["z"] == [0, 2, 1]
    colours = {c for _, c in style["colorscale"]}
    assert theme.COMPARISON_COLOURS["better"] in colours


def test_map_figure_two_traces_and_offline_style():
    frame = _frame([1.0, 2.0])
    gj = {"type": "FeatureCollection", "features": []}
    fig = map_figure(gj, frame[["area_code", "area_name"]],
                     map_style(frame, META, colouring="quantiles", period="2021"))
    assert isinstance(fig.data[0], go.Choroplethmap)
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.zoom == theme.MAP_ZOOM
    assert fig.data[0].colorscale[0][1] == theme.NO_DATA


def test_view_for_bbox_zooms_in():
    assert view_for_bbox((-1.3, 54.6, -1.1, 54.75))["zoom"] > theme.MAP_ZOOM


def test_inequality_sentence():
    frame = pd.DataFrame({"decile": [1, 2, 10], "value": [16.0, 9.0, 5.0]})
    text = charts.inequality_sentence(frame, {"unit": "per 1,000"})
    assert text == "Most deprived decile 16.0 vs least deprived 5.00 per 1,000: 3.2 times"


def test_funnel_figure_has_limits_and_points():
    frame = _frame([1.0, 2.0])
    limits = pd.DataFrame({"denominator": [1, 10], "lower_95": [0, 1], "upper_95": [3, 2],
                           "lower_998": [0, 0.5], "upper_998": [4, 2.5]})
    fig = charts.funnel_figure(frame, limits, META, 1.5, "2021", highlight="E00")
    assert len(fig.data) == 6
