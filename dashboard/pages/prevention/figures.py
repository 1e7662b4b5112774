"""Figures of the preventive-services page (pure): measures against England and standards,
coverage against need (IMD score), and the gradient across deprivation groups of areas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.formatting import value_text
from dashboard import theme
from dashboard.figures.charts import empty_figure


def _style(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 13}}, height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 40}, plot_bgcolor="white",
        font={"family": theme.FONT, "color": theme.TEXT},
        legend={"orientation": "h", "y": -0.2},
    )
    fig.update_xaxes(gridcolor="#eee")
    fig.update_yaxes(gridcolor="#eee", automargin=True)
    return fig


def measures_figure(table: pd.DataFrame, area_name: str, *,
                    england_level: bool = False) -> go.Figure:
    """Each measure (%): the area with its 95% CI, England, and the stated standard if any
    (``england_level``: the area is England, drawn once, against the standards only)."""
    frame = table[table["value"].notna() | table["england"].notna()]
    if frame.empty:
        return empty_figure("No preventive-service data for this area")
    labels = [f"{r.name} ({r.period})" for r in frame.itertuples()]
    has_ci = frame["lower_95"].notna() & frame["upper_95"].notna()
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=frame["value"], y=labels, mode="markers", name=area_name,
        marker={"size": 12, "color": theme.ACCENT},
        error_x={"type": "data", "symmetric": False,
                 "array": (frame["upper_95"] - frame["value"]).where(has_ci, 0).tolist(),
                 "arrayminus": (frame["value"] - frame["lower_95"]).where(has_ci, 0).tolist(),
                 "color": theme.CI_COLOUR},
        hovertemplate="%{y}<br>" + area_name + ": %{x:.1f}%<extra></extra>"))
    if not england_level:
        fig.add_trace(go.Scatter(
            x=frame["england"], y=labels, mode="markers", name="England",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3,
                                                              "color": theme.ENGLAND_LINE}},
            hovertemplate="%{y}<br>England: %{x:.1f}%<extra></extra>"))
    std = frame["standard"].notna()
    if std.any():
        fig.add_trace(go.Scatter(
            x=frame.loc[std, "standard"], y=[lab for lab, s in zip(labels, std, strict=True)
                                            if s],
            mode="markers", name="National standard or ambition",
            marker={"symbol": "diamond-open", "size": 13, "color": "#CC79A7",
                    "line": {"width": 2}},
            hovertemplate="%{y}<br>Standard: %{x:.1f}%<extra></extra>"))
    fig.update_xaxes(title={"text": "% (95% CI where published)"}, rangemode="tozero")
    against = "the national standards" if england_level else "England"
    return _style(fig, f"Preventive services, {area_name}, against {against}", 110 + 55 *
                  len(frame))


def need_scatter(values: pd.DataFrame, measure: str, meta: dict, area: str | None,
                 period: str | None) -> go.Figure:
    """Areas' coverage (y) against IMD 2025 average score (x), the chosen area highlighted."""
    if measure not in values.columns or values[measure].notna().sum() < 3:
        return empty_figure(f"Too few areas with {meta.get('name', measure)} for this chart")
    frame = values.dropna(subset=[measure, "imd2025_score"])
    fig = go.Figure(go.Scatter(
        x=frame["imd2025_score"], y=frame[measure], mode="markers", name="Areas",
        text=frame["area_name"],
        marker={"size": np.clip(np.sqrt(frame["population"]) / 60, 4, 18),
                "color": "#9e9e9e", "opacity": 0.7, "line": {"width": 0.5, "color": "#fff"}},
        hovertemplate="%{text}<br>IMD score %{x:.1f}<br>%{y:.1f}<extra></extra>"))
    slope, intercept = np.polyfit(frame["imd2025_score"], frame[measure], 1,
                                  w=np.sqrt(frame["population"]))
    xs = np.array([frame["imd2025_score"].min(), frame["imd2025_score"].max()])
    fig.add_trace(go.Scatter(x=xs, y=intercept + slope * xs, mode="lines",
                             name=f"Population-weighted fit ({slope:+.2f} per IMD point)",
                             line={"color": theme.ENGLAND_LINE, "dash": "dash"}))
    if area is not None and area in frame.index:
        row = frame.loc[area]
        fig.add_trace(go.Scatter(x=[row["imd2025_score"]], y=[row[measure]], mode="markers",
                                 name=str(row["area_name"]),
                                 marker={"size": 16, "color": theme.ACCENT,
                                         "line": {"width": 2, "color": "#000"}}))
    fig.update_xaxes(title={"text": "IMD 2025 average score (higher = more deprived)"})
    fig.update_yaxes(title={"text": f"{meta.get('name', measure)} ({meta.get('unit', '')})"})
    return _style(fig, f"{meta.get('name', measure)} ({period}) against deprivation, "
                  f"{len(frame)} areas", 420)


def gradient_figure(table: pd.DataFrame, sii: dict | None, meta: dict, label: str) -> go.Figure:
    """Population-weighted value per deprivation group of areas, with 95% CIs and the SII."""
    if table.empty:
        return empty_figure("No deprivation gradient: too few areas with data")
    fig = go.Figure(go.Bar(
        x=table["decile"], y=table["value"], marker={"color": theme.ACCENT},
        error_y={"type": "data", "array": (1.96 * table["se"]).tolist(),
                 "color": theme.CI_COLOUR},
        customdata=table["n_areas"],
        hovertemplate="Group %{x}: %{y:.1f}<br>%{customdata} areas<extra></extra>"))
    title = f"{meta.get('name', '')} by deprivation group of {label}"
    if sii is not None:
        title += (f"<br><sup>SII {value_text(sii['sii'])} (95% CI {value_text(sii['sii_lower'])} to "
                  f"{value_text(sii['sii_upper'])}); positive = higher in less deprived areas</sup>")
    fig.update_xaxes(title={"text": "Deprivation group (1 = most deprived tenth of residents)"},
                     tickmode="linear", dtick=1)
    fig.update_yaxes(title={"text": meta.get("unit", "")})
    return _style(fig, title, 380)
