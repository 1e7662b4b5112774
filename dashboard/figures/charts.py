"""Shared chart helpers (pure, no dash import): the house layout of a chart and the empty
figure carrying a message."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import theme


def chart_layout(fig: go.Figure, title: str, *, height: int = 320) -> go.Figure:
    """Title, size, margins, font and axes of every chart (white background, legend
    below)."""
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=height,
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": -0.25},
    )
    fig.update_xaxes(showline=True, linecolor="#999")
    fig.update_yaxes(gridcolor="#eee", zeroline=False)
    return fig


def empty_figure(message: str, *, height: int = 200) -> go.Figure:
    """A blank figure carrying a plain-language message."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 13, "color": theme.MUTED})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return chart_layout(fig, "", height=height)
