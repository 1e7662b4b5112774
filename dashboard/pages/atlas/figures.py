"""Figures of the atlas page (pure, no dash import): an area's trend against England, values
by IMD 2025 decile, and the funnel plot of areas against England's value."""

from __future__ import annotations

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


def funnel_figure(
    frame: pd.DataFrame,
    limits: pd.DataFrame,
    meta: dict,
    england: float,
    period: str,
    *,
    highlight: str | None = None,
) -> go.Figure:
    """Funnel plot: areas' values by denominator, England line and 95%/99.8% limits."""
    fig = go.Figure()
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
    scatter = go.Scattergl if len(frame) > 2000 else go.Scatter
    fig.add_trace(
        scatter(
            x=frame["denominator"],
            y=frame["value"],
            mode="markers",
            marker={"size": 5 if len(frame) > 2000 else 7, "color": theme.ACCENT, "opacity": 0.6},
            customdata=frame[["area_name", "area_code"]].to_numpy(),
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{y:,.2f}"
            " (denominator %{x:,.0f})<extra></extra>",
            name="Areas",
        )
    )
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
    return chart_layout(
        fig, f"Funnel plot: {meta['name']}, {period} (England {value_text(england)})", height=360
    )
