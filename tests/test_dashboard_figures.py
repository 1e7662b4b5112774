"""Pure figure builders."""

from __future__ import annotations

import itertools
import time
import warnings

import mapclassify
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from core.formatting import value_text, values_text
from dashboard import theme
from dashboard.figures import map as fig_map
from dashboard.figures.map import (
    classify,
    data_array,
    fisher_jenks,
    map_figure,
    map_style,
    view_for_bbox,
)
from dashboard.pages.atlas.components import inequality_sentence
from dashboard.pages.atlas.figures import funnel_figure
from dashboard.pages.gaps.figures import bivariate_style
from dashboard.pages.stroke import pathway as stroke_pathway

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


def _within_ssd(values, bins) -> float:
    """Total within-class sum of squared deviations of a classification by upper bounds."""
    x = np.sort(np.asarray(values, dtype=float))
    classes = np.searchsorted(bins, x, side="left")
    return float(sum(((x[classes == c] - x[classes == c].mean()) ** 2).sum()
                     for c in np.unique(classes)))


def _brute_force_breaks(values, k: int) -> float:
    """Least within-class SSD over every way to cut the distinct values into k classes."""
    u = np.unique(values)
    return min(_within_ssd(values, [u[c - 1] for c in cuts] + [u[-1]])
               for cuts in itertools.combinations(range(1, len(u)), k - 1))


def _quadratic_dp_breaks(values, k: int) -> np.ndarray:
    """Fisher's dynamic programme in plain O(k n^2) form (distinct values assumed)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    s = np.concatenate(([0.0], np.cumsum(x)))
    q = np.concatenate(([0.0], np.cumsum(x * x)))
    cost = np.full((k + 1, n + 1), np.inf)
    start = np.zeros((k + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    for j in range(1, k + 1):
        for i in range(j, n + 1):
            m = np.arange(j - 1, i)
            total = cost[j - 1, m] + (q[i] - q[m]) - (s[i] - s[m]) ** 2 / (i - m)
            start[j, i] = m[np.argmin(total)]
            cost[j, i] = total.min()
    ends, i = [], n
    for j in range(k, 0, -1):
        ends.append(x[i - 1])
        i = start[j, i]
    return np.array(ends[::-1])


def test_fisher_jenks_is_optimal_against_brute_force_with_ties():
    rng = np.random.default_rng(7)
    for trial in range(120):
        n = int(rng.integers(4, 11))
        values = rng.integers(0, 6, n).astype(float) if trial % 2 else rng.normal(size=n)
        k = int(min(rng.integers(2, 5), len(np.unique(values))))
        if k < 2:
            continue
        bins = fisher_jenks(values, k)
        assert len(bins) == k and bins[-1] == values.max()
        assert np.all(np.diff(bins) > 0)  # equal values never split
        assert _within_ssd(values, bins) == pytest.approx(_brute_force_breaks(values, k),
                                                          rel=1e-9, abs=1e-12)


def test_fisher_jenks_matches_mapclassify():
    rng = np.random.default_rng(3)
    for _ in range(5):
        values = rng.gamma(2.0, 10.0, 200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed": its slow fallback
            expected = mapclassify.FisherJenks(values, k=5).bins
        np.testing.assert_allclose(fisher_jenks(values, 5), expected)


def test_fisher_jenks_divide_and_conquer_matches_the_quadratic_programme():
    values = np.random.default_rng(11).lognormal(3.0, 0.6, 1500)
    np.testing.assert_allclose(fisher_jenks(values, 5), _quadratic_dp_breaks(values, 5))
    np.testing.assert_allclose(fisher_jenks(values, 2), _quadratic_dp_breaks(values, 2))


def test_fisher_jenks_rejects_bad_input():
    with pytest.raises(ValueError, match="k must be from 1 to the number of distinct values"):
        fisher_jenks(np.array([1.0, 1.0, 2.0]), 3)
    with pytest.raises(ValueError, match="values must not be NaN"):
        fisher_jenks(np.array([1.0, np.nan, 2.0]), 2)
    np.testing.assert_array_equal(fisher_jenks(np.array([2.0, 5.0, 1.0]), 1), [5.0])


def test_classify_natural_breaks_for_all_lsoas_is_exact_deterministic_and_fast():
    # 33,755 values as at LSOA level: the sampled pure-Python classifier took 12-28 s and
    # gave different breaks on every call
    values = pd.Series(np.random.default_rng(5).gamma(2.0, 12.0, 33_755))
    values[::97] = np.nan
    started = time.perf_counter()
    z, labels = classify(values, "natural_breaks")
    assert time.perf_counter() - started < 5.0
    z2, labels2 = classify(values, "natural_breaks")
    np.testing.assert_array_equal(z, z2)
    assert labels == labels2 and len(labels) == 5
    assert np.isnan(z[::97]).all() and not np.isnan(np.delete(z, np.s_[::97])).any()
    assert set(np.unique(z[~np.isnan(z)])) == {0, 1, 2, 3, 4}


def test_classify_natural_breaks_with_few_distinct_values():
    z, labels = classify(pd.Series([1.0, 1.0, 2.0, 2.0, 9.0, np.nan]), "natural_breaks")
    assert len(labels) == 3
    assert z[:5].tolist() == [0, 0, 1, 1, 2] and np.isnan(z[5])


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


def test_map_hover_says_not_compared_and_follows_the_chosen_level():
    frame = _frame([1.0, 2.0, 3.0])
    frame["compared_to_england"] = ["worse", "not compared", None]
    style = map_style(frame, META, colouring="england95", period="2021",
                      comparison=frame["compared_to_england"].fillna("not compared"))
    assert [t.split("<br>")[-1] for t in style["text"]] == [
        "vs England (95%): worse", "vs England (95%): not compared",
        "vs England (95%): not compared"]
    strict = pd.Series(["similar", "not compared", "not compared"])
    style = map_style(frame, META, colouring="england998", period="2021", comparison=strict)
    assert style["text"][0].endswith("vs England (99.8%): similar")
    assert style["colorscale"][-1][1] == theme.NOT_COMPARED


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
    text = inequality_sentence(frame, {"unit": "per 1,000"})
    assert text == "Most deprived decile 16.0 vs least deprived 5.00 per 1,000: 3.2 times"


def test_funnel_figure_has_limits_and_points():
    frame = _frame([1.0, 2.0])
    limits = pd.DataFrame({"denominator": [1, 10], "lower_95": [0, 1], "upper_95": [3, 2],
                           "lower_998": [0, 0.5], "upper_998": [4, 2.5]})
    fig = funnel_figure(frame, limits, META, 1.5, "2021", highlight="E00")
    assert len(fig.data) == 6


def test_funnel_of_thousands_of_areas_is_shaded_cells_and_small():
    from dash._utils import to_json

    rng = np.random.default_rng(1)
    n = 30_000
    denominator = rng.integers(800, 3000, n).astype(float)
    value = rng.poisson(denominator * 0.015) / denominator * 100
    value[:40] = 9.0  # far above the limits
    frame = pd.DataFrame({"area_code": [f"E{i:08d}" for i in range(n)],
                          "area_name": [f"Area {i}" for i in range(n)],
                          "denominator": denominator, "value": value})
    limits = pd.DataFrame({"denominator": [700.0, 4000.0], "lower_95": [0.8, 1.1],
                           "upper_95": [2.2, 1.9], "lower_998": [0.5, 0.9],
                           "upper_998": [2.6, 2.1]})
    fig = funnel_figure(frame, limits, META, 1.5, "2021", highlight="E00000005")
    kinds = [t.type for t in fig.data]
    assert "heatmap" in kinds
    cells = next(t for t in fig.data if t.type == "heatmap")
    assert sum(c or 0 for row in cells.z for c in row) == n  # every area is in a cell
    outside = next(t for t in fig.data if t.name and t.name.startswith("Outside"))
    assert list(outside.y).count(9.0) == 40  # all areas far outside the limits are points
    assert len(outside.x) < n / 10
    assert fig.data[-1].name == "Area 5"  # the selected area is still a point
    assert "shaded" in fig.layout.title.text
    assert len(to_json(fig).encode()) < 150_000  # per-point hover text would be megabytes


def test_values_text_is_value_text_of_each_value():
    values = np.array([np.nan, 0.0, -0.004, 9.995, 9.9949, 10.0, -12.34, 999.95, 1000.0,
                       123456.7, -98765.4, np.inf])
    for unit in ("", "%", "per 1,000"):
        assert values_text(values, unit) == ["No data" if np.isnan(v) else value_text(v, unit)
                                          for v in values]


def test_data_array_is_one_dimensional_objects():
    out = data_array([("a", 1), ("b", 2)])
    assert out.shape == (2,) and out.dtype == object and out[0] == ("a", 1)
    series = data_array(pd.Series([1, None, 3], dtype=object))
    assert series.tolist() == [1, None, 3]


def test_map_figure_json_is_the_same_as_with_lists(monkeypatch):
    from dash._utils import to_json

    n = 3000  # above DETAILED_HOVER_MAX: the LSOA-sized path
    rng = np.random.default_rng(2)
    values = rng.gamma(2.0, 10.0, n)
    values[::13] = np.nan
    frame = _frame(list(values))
    style = map_style(frame, META, colouring="natural_breaks", period="2021", detailed=False)
    fast = to_json(map_figure("/geometry/lsoa21.geojson?v=1", frame, style))
    monkeypatch.setattr(fig_map, "data_array", list)  # what the figure was built from before
    slow = to_json(map_figure("/geometry/lsoa21.geojson?v=1", frame, style))
    assert fast == slow
    assert '"z":[' in fast and "bdata" not in fast  # plain JSON lists, not typed arrays


def test_bivariate_style_fast_path_keeps_missing_as_none():
    table = pd.DataFrame({"bivariate_class": [0.0, np.nan, 8.0],
                          "label": ["High need, low coverage", None, "Low need"]})
    style = bivariate_style(table, theme_name="Stroke", detailed=False)
    assert style["z"] == [0, None, 8]
    assert all(isinstance(v, int) for v in (style["z"][0], style["z"][2]))
    assert style["text"] == ["High need, low coverage", "No data", "Low need"]


def test_stroke_pathway_frame_takes_the_first_row_per_indicator_area_and_period():
    cat = pd.DataFrame([{"indicator_id": "smoking_pct", "name": "Smoking", "unit": "%",
                         "polarity": "lower_is_better", "role": "need", "source": "S",
                         "licence": "L", "periods": ["2021", "2022"], "standard": None,
                         "standard_source": None}]).set_index("indicator_id", drop=False)
    values = pd.DataFrame({
        "indicator_id": ["other", "smoking_pct", "smoking_pct", "smoking_pct", "smoking_pct"],
        "area_code": ["A", "A", "B", "A", "E92000001"],
        "period": ["2022", "2021", "2022", "2022", "2022"],
        "value": [99.0, 30.0, 50.0, 20.0, 15.0],
    })
    doubled = pd.concat([values, values.assign(value=values["value"] + 1)], ignore_index=True)
    row = stroke_pathway.pathway_frame(doubled, cat, "A").set_index("indicator_id").loc[
        "smoking_pct"]
    assert row["period"] == "2022" and row["value"] == 20.0 and row["england"] == 15.0
    empty = stroke_pathway.pathway_frame(values.iloc[0:0], cat, "A").set_index("indicator_id")
    assert empty.loc["smoking_pct", "status"] == "no data"


def test_many_areas_hover_carries_the_unit_once_and_no_text_for_undrawn_areas():
    values = [np.nan, 5.0, 12.5, 1500.0] * 600  # 2,400 areas: the short hover
    frame = _frame(values)
    meta = {**META, "unit": "% of LSOAs"}
    style = map_style(frame, meta, colouring="quantiles", period="2021", detailed=False)
    assert style["text"][:4] == ["", "5.00", "12.5", "1,500"]  # no unit, no "No data" text
    assert "<br>% of LSOAs" in style["hovertemplate"]
    fig = map_figure("/geometry/x.geojson?v=1", frame, style)
    assert fig.data[1].hovertemplate == style["hovertemplate"]
    detailed = map_style(frame.iloc[:8], meta, colouring="quantiles", period="2021")
    assert detailed["text"][0].startswith("No data")  # few areas: the full hover as before
