"""Figures of the atlas page (pure, no dash import): an area's trend against England, values
by IMD 2025 decile, and the funnel plot of areas against England's value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.formatting import value_text
from dashboard import theme
from dashboard.figures.charts import chart_layout, empty_figure


def trend_figure(frame: pd.DataFrame, meta: dict, area_code: str, area_name: str) -> go.Figure:
    """Indicator over time for an area (95% CI error bars) against England. Values flagged
    by the build's quality gates (``quality_flag``) are not joined into the line: they are
    grey crosses whose hover gives the reason."""
    if frame.empty:
        return empty_figure("No trend data for this area")
    fig = go.Figure()
    series = [("E92000001", "England", theme.ENGLAND_LINE)]
    if area_code != "E92000001":
        series.append((area_code, area_name, theme.ACCENT))
    for code, label, colour in series:
        part = frame[frame["area_code"] == code]
        if part.empty:
            continue
        if "quality_flag" in part and part["quality_flag"].notna().any():
            flagged = part["quality_flag"].notna()
            fig.add_trace(go.Scatter(
                x=part.loc[flagged, "period"], y=part.loc[flagged, "value"],
                name=f"{label}: flagged (not used)", mode="markers",
                marker={"symbol": "x", "size": 10, "color": theme.FLAGGED},
                text=["Flagged: " + str(r) for r in part.loc[flagged, "quality_reason"]],
                hovertemplate="%{x}: %{y}<br>%{text}<extra></extra>",
            ))
            part = part.assign(value=part["value"].where(~flagged))
        has_ci = part["upper_95"].notna().any()
        fig.add_trace(
            go.Scatter(
                x=part["period"],
                y=part["value"],
                name=label,
                mode="lines+markers",
                line={"color": colour, "dash": "dot" if code == "E92000001" else "solid"},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["upper_95"] - part["value"]).tolist(),
                    "arrayminus": (part["value"] - part["lower_95"]).tolist(),
                    "color": colour,
                    "visible": bool(has_ci),
                },
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=meta.get("unit", ""))
    return chart_layout(fig, f"{meta['name']}: trend (95% CI where available)")


def inequality_figure(frame: pd.DataFrame, meta: dict, area_name: str, period: str) -> go.Figure:
    """Values by IMD 2025 decile (1 = most deprived) with 95% CIs."""
    has_ci = frame["upper_95"].notna().any()
    fig = go.Figure(
        go.Bar(
            x=frame["decile"].astype(str),
            y=frame["value"],
            marker={"color": theme.SEQUENTIAL[5][2]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (frame["upper_95"] - frame["value"]).tolist(),
                "arrayminus": (frame["value"] - frame["lower_95"]).tolist(),
                "visible": bool(has_ci),
                "color": theme.CI_COLOUR,
            },
            hovertemplate="Decile %{x}: %{y:,.2f}<extra></extra>",
            name=meta["name"],
        )
    )
    fig.update_xaxes(title="IMD 2025 national decile of LSOA (1 = most deprived)", type="category")
    fig.update_yaxes(title=meta.get("unit", ""))
    return chart_layout(fig, f"{meta['name']} by deprivation decile, {area_name}, {period}")


SELECTION_TRACE = 2  # the atlas map's third trace: the chosen area's outline


def selection_label(area: str | None, name: str | None) -> list[dict]:
    """The map's label of the chosen area (top right, on the map): its name and code."""
    if not area:
        return []
    return [{"text": f"<b>Selected: {name or area}</b> ({area}), outlined",
             "x": 0.99, "y": 0.99, "xref": "paper", "yref": "paper", "xanchor": "right",
             "yanchor": "top", "showarrow": False, "bgcolor": "rgba(255,255,255,0.9)",
             "bordercolor": theme.SELECTED_OUTLINE, "borderwidth": 1, "borderpad": 4,
             "font": {"size": 13, "color": theme.TEXT}}]


def selection_trace(geojson: dict | str, area: str | None) -> go.Choroplethmap:
    """The chosen area drawn again with a transparent fill and a thick outline (no hover, so
    clicks and hovers go to the data layer beneath)."""
    return go.Choroplethmap(
        geojson=geojson, locations=[area] if area else [], z=[0] if area else [],
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
        marker={"line": {"width": 3, "color": theme.SELECTED_OUTLINE}},
        hoverinfo="skip", name="Selected area", showlegend=False,
    )


def with_selection(fig: go.Figure, geojson: dict | str, area: str | None,
                   name: str | None) -> go.Figure:
    """The map figure with the chosen area outlined and labelled."""
    fig.add_trace(selection_trace(geojson, area))
    fig.update_layout(annotations=selection_label(area, name))
    return fig


DENSITY_MIN = 2000  # from this many areas the funnel shades cells instead of drawing points
OUTSIDE_SHOWN = 1000  # at most this many areas outside the 99.8% limits drawn as points
DENSITY_BINS = (48, 36)  # cells across (log denominator) and up (value)


def outside_limits(frame: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    """True for each area whose value lies outside the 99.8% limits at its denominator."""
    grid = limits["denominator"].to_numpy(dtype=float)
    x = frame["denominator"].to_numpy(dtype=float)
    y = frame["value"].to_numpy(dtype=float)
    return ((y > np.interp(x, grid, limits["upper_998"].to_numpy(dtype=float)))
            | (y < np.interp(x, grid, limits["lower_998"].to_numpy(dtype=float))))


def _density_cells(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell edges (denominator: log-spaced; value: linear, over all values) and counts of
    areas per cell (None = 0)."""
    x = frame["denominator"].to_numpy(dtype=float)
    y = frame["value"].to_numpy(dtype=float)
    x_edges = np.geomspace(x.min(), x.max() * 1.0001, DENSITY_BINS[0] + 1)
    lo, hi = float(y.min()), float(y.max())
    hi = hi if hi > lo else lo + 1.0
    y_edges = np.linspace(lo, hi, DENSITY_BINS[1] + 1)
    counts, _, _ = np.histogram2d(x, y, bins=[x_edges, y_edges])
    z = counts.T.astype(object)
    z[counts.T == 0] = None
    return x_edges, y_edges, z


def _density_traces(fig: go.Figure, frame: pd.DataFrame, outside: np.ndarray,
                    meta: dict) -> None:
    """Shaded cells for all areas and points for (up to OUTSIDE_SHOWN of) those outside."""
    x_edges, y_edges, z = _density_cells(frame)
    fig.add_trace(go.Heatmap(
        x=np.round(x_edges, 1).tolist(), y=[float(f"{v:.4g}") for v in y_edges], z=z.tolist(),
        colorscale=theme.FUNNEL_DENSITY, showscale=True, zmin=1, hoverongaps=False,
        colorbar={"title": {"text": "areas<br>per cell", "font": {"size": 11}},
                  "thickness": 10, "len": 0.6},
        hovertemplate="%{z:,} areas here<extra></extra>", name="Areas (shaded by number)",
        showlegend=True,
    ))
    out = frame[outside]
    if len(out) > OUTSIDE_SHOWN:  # the furthest from the median value
        distance = (out["value"] - out["value"].median()).abs()
        out = out.loc[distance.sort_values(ascending=False).index[:OUTSIDE_SHOWN]]
    fig.add_trace(go.Scatter(
        x=out["denominator"], y=out["value"], mode="markers",
        marker={"size": 5, "color": theme.FUNNEL_OUTSIDE, "opacity": 0.8},
        customdata=out[["area_name"]].to_numpy(),
        hovertemplate="<b>%{customdata[0]}</b><br>%{y:,.1f} " + (meta.get("unit") or "")
        + "<extra></extra>",
        name=(f"Outside 99.8% limits ({len(out):,})" if len(out) == int(outside.sum()) else
              f"Outside 99.8% limits (the {len(out):,} furthest of {int(outside.sum()):,})"),
    ))


def funnel_figure(
    frame: pd.DataFrame,
    limits: pd.DataFrame,
    meta: dict,
    england: float,
    period: str,
    *,
    highlight: str | None = None,
) -> go.Figure:
    """Funnel plot: areas' values by denominator, England line and 95%/99.8% limits.

    Up to ``DENSITY_MIN`` areas each area is a point with its name on hover. With more (LSOAs)
    the plot shades cells by the number of areas in them and draws as points only the areas
    outside the 99.8% limits (at most ``OUTSIDE_SHOWN``) and the selected one: readable, and
    a few kB instead of megabytes of per-point hover text."""
    fig = go.Figure()
    dense = len(frame) >= DENSITY_MIN
    if dense:
        _density_traces(fig, frame, outside_limits(frame, limits), meta)
    for level, colour, dash in (("95", theme.FUNNEL_95, "dash"), ("998", theme.FUNNEL_998, "dot")):
        label = "95%" if level == "95" else "99.8%"
        for side in ("lower", "upper"):
            fig.add_trace(
                go.Scatter(
                    x=limits["denominator"],
                    y=limits[f"{side}_{level}"],
                    mode="lines",
                    line={"color": colour, "dash": dash, "width": 1.5},
                    name=f"{label} limits",
                    legendgroup=label,
                    showlegend=side == "lower",
                    hoverinfo="skip",
                )
            )
    fig.add_hline(y=england, line={"color": theme.ENGLAND_LINE, "width": 1})
    if not dense:
        fig.add_trace(go.Scatter(
            x=frame["denominator"],
            y=frame["value"],
            mode="markers",
            marker={"size": 7, "color": theme.ACCENT, "opacity": 0.6},
            customdata=frame[["area_name", "area_code"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{y:,.2f}"
            " (denominator %{x:,.0f})<extra></extra>",
            name="Areas",
        ))
    if highlight is not None:
        part = frame[frame["area_code"] == highlight]
        if not part.empty:
            fig.add_trace(
                go.Scatter(
                    x=part["denominator"],
                    y=part["value"],
                    mode="markers",
                    marker={"size": 12, "color": theme.HIGHLIGHT, "symbol": "diamond"},
                    name=str(part["area_name"].iloc[0]),
                )
            )
    fig.update_xaxes(title="Denominator (log scale)", type="log")
    fig.update_yaxes(title=meta.get("unit", ""))
    title = f"Funnel plot: {meta['name']}, {period} (England {value_text(england)})"
    if dense:
        title += (f"<br><sup>{len(frame):,} areas shaded by how many fall in each cell; "
                  "points: areas outside the 99.8% limits</sup>")
    return chart_layout(fig, title, height=380 if dense else 360)
