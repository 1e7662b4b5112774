"""Choropleth map: classification of values and the map figure (pure, no dash import).

The figure has two traces over the same polygons: a grey "No data" background drawn once per
geography, and the data trace whose ``z`` is a class index (NaN = not drawn, so the grey shows
through). An indicator switch therefore only needs the data trace's ``z``, ``text`` and colour
scale, which :func:`map_style` returns and the callback sends as a ``dash.Patch``.

PNG export is in-browser: the Plotly modebar camera button ("Download plot as a png") works
offline; its filename is set by :func:`graph_config`.
"""

from __future__ import annotations

import math

import mapclassify
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import theme

COLOURINGS = {
    "quantiles": "Quantiles (5 groups)",
    "equal_interval": "Equal interval",
    "natural_breaks": "Natural breaks (Fisher-Jenks)",
    "england95": "Compared with England (95%)",
    "england998": "Compared with England (99.8%)",
}
DATA_TRACE = 1


def fmt(value: float | None, unit: str = "") -> str:
    """Format a value for display: thousands separators, sensible decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "No data"
    size = abs(value)
    text = f"{value:,.0f}" if size >= 1000 else f"{value:,.1f}" if size >= 10 else f"{value:,.2f}"
    if unit.startswith("%"):
        return f"{text}{unit}"
    return text


def classify(values: pd.Series, method: str, k: int = theme.N_CLASSES) -> tuple[np.ndarray, list]:
    """Class index per value (NaN when missing) and the class labels, lowest first."""
    x = values.astype(float).to_numpy()
    ok = ~np.isnan(x)
    out = np.full(x.shape, np.nan)
    if not ok.any():
        return out, []
    data = x[ok]
    k = int(min(k, max(1, len(np.unique(data)))))
    if k < 2:
        out[ok] = 0
        return out, [fmt(float(data[0]))]
    if method == "equal_interval":
        bins = mapclassify.EqualInterval(data, k=k).bins
    elif method == "natural_breaks":
        if len(data) > 3000:
            bins = mapclassify.FisherJenksSampled(data, k=k, pct=0.1, truncate=False).bins
        else:
            bins = mapclassify.FisherJenks(data, k=k).bins
    else:
        bins = np.unique(np.quantile(data, np.linspace(0, 1, k + 1)[1:]))
    bins = np.asarray(bins, dtype=float)
    bins[-1] = max(bins[-1], data.max())
    out[ok] = np.searchsorted(bins, data, side="left").clip(0, len(bins) - 1)
    lows = [float(data.min()), *bins[:-1]]
    labels = [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(lows, bins, strict=True)]
    return out, labels


def _discrete_scale(colours: list[str]) -> list[list]:
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def hover_text(frame: pd.DataFrame, meta: dict, *, detailed: bool) -> list[str]:
    """Per-area hover line: value with CI, count/denominator (short form for many areas)."""
    unit = meta.get("unit") or ""
    values = frame["value"].to_numpy(dtype=float)
    if not detailed:
        return ["No data" if np.isnan(v) else fmt(v, unit) for v in values]
    out = []
    for row in frame.itertuples(index=False):
        if row.value is None or pd.isna(row.value):
            reason = "suppressed (small numbers)" if row.is_suppressed is True else "no data"
            out.append(f"No data: {reason}")
            continue
        text = f"{fmt(row.value, unit)} {'' if unit.startswith('%') else unit}".strip()
        if not pd.isna(row.lower_95) and not pd.isna(row.upper_95):
            text += f"<br>95% CI {fmt(row.lower_95)} – {fmt(row.upper_95)}"
        if not pd.isna(row.count) and not pd.isna(row.denominator):
            text += f"<br>{row.count:,.0f} / {row.denominator:,.0f}"
        if isinstance(row.compared_to_england, str) and row.compared_to_england != "not compared":
            text += f"<br>vs England: {row.compared_to_england}"
        out.append(text)
    return out


def map_style(
    frame: pd.DataFrame,
    meta: dict,
    *,
    colouring: str,
    period: str,
    comparison: pd.Series | None = None,
    detailed: bool = True,
) -> dict:
    """Everything on the data trace that changes with indicator, period or colouring.

    ``frame`` has one row per area (the map's location order) with value columns;
    ``comparison`` holds labels (better/similar/...) for the comparison colourings.
    """
    unit = meta.get("unit") or ""
    if colouring in ("england95", "england998") and comparison is not None:
        kind = "no_judgement" if meta.get("polarity") == "no_judgement" else "judgement"
        order = theme.COMPARISON_ORDER[kind]
        labels_series = comparison.where(comparison.isin(order), "not compared")
        z = labels_series.map({label: i for i, label in enumerate(order)}).astype(float)
        z[frame["value"].isna().to_numpy()] = np.nan
        z_arr = z.to_numpy()
        colours = [theme.COMPARISON_COLOURS[label] for label in order]
        labels = [label.capitalize() for label in order]
        level = "99.8%" if colouring == "england998" else "95%"
        title = f"vs England ({level})"
    else:
        z_arr, labels = classify(frame["value"], colouring)
        colours = theme.SEQUENTIAL.get(len(labels), theme.SEQUENTIAL[theme.N_CLASSES])[
            : max(len(labels), 1)
        ]
        title = unit
    n = max(len(labels), 1)
    z_list = [None if np.isnan(v) else int(v) for v in z_arr]
    return {
        "z": z_list,
        "text": hover_text(frame, meta, detailed=detailed),
        "colorscale": _discrete_scale(colours),
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorbar": {
            "title": {"text": f"{title}<br>{period}<br><sup>grey = no data</sup>"},
            "tickvals": list(range(n)),
            "ticktext": labels,
            "len": 0.55,
            "thickness": 14,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        "name": meta.get("name", ""),
    }


def view_for_bbox(bounds: tuple[float, float, float, float] | None) -> dict:
    """Map centre and zoom that fit a bounding box (England when None)."""
    if bounds is None:
        return {"center": dict(theme.MAP_CENTER), "zoom": theme.MAP_ZOOM}
    min_lon, min_lat, max_lon, max_lat = bounds
    span = max(max_lon - min_lon, (max_lat - min_lat) * 1.6, 0.005)
    # England (span ~9.6 with the latitude factor) fits the 620 px map at zoom 5.2
    zoom = float(np.clip(math.log2(360 / span), 4, 15))
    return {"center": {"lon": (min_lon + max_lon) / 2, "lat": (min_lat + max_lat) / 2}, "zoom": zoom}


def map_figure(
    geojson: dict | str,
    areas: pd.DataFrame,
    style: dict,
    *,
    view: dict | None = None,
) -> go.Figure:
    """Full choropleth: grey no-data layer plus the classified data layer.

    ``geojson`` is a FeatureCollection or, in the app, the URL of one (`dashboard.geometry`):
    both layers then share one cached download instead of embedding the polygons twice.
    """
    codes = areas["area_code"].tolist()
    names = areas["area_name"].tolist()
    view = view or view_for_bbox(None)
    # outlines would cover small urban polygons when thousands are drawn (LSOAs)
    line = {"width": 0 if len(codes) > 2000 else 0.3, "color": "white"}
    background = go.Choroplethmap(
        geojson=geojson,
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]],
        showscale=False,
        marker={"line": line},
        hoverinfo="skip",
        name="No data",
    )
    data = go.Choroplethmap(
        geojson=geojson,
        locations=codes,
        customdata=names,
        z=style["z"],
        text=style["text"],
        colorscale=style["colorscale"],
        zmin=style["zmin"],
        zmax=style["zmax"],
        colorbar=style.get("colorbar"),
        showscale=style.get("showscale", True),
        marker={"line": line, "opacity": 0.9},
        hovertemplate="<b>%{customdata}</b> (%{location})<br>%{text}<extra></extra>",
        name=style["name"],
    )
    fig = go.Figure([background, data])
    fig.update_layout(
        map={"style": theme.MAP_STYLE, **view},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=theme.MAP_HEIGHT,
        font={"family": theme.FONT, "color": theme.TEXT},
        uirevision=None,
        clickmode="event",
    )
    return fig


def graph_config(filename: str) -> dict:
    """dcc.Graph config: offline PNG export from the modebar with a meaningful filename."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
