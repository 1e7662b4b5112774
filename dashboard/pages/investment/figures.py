"""Investment case figures (pure, no dash import): events avoided by year, the tornado of the
one-way sensitivity analysis, and the partner map (of a case: :func:`map_view`,
:func:`tornado_view`; blank ones when there is no case)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from core.formatting import count_text, gbp_per_head_text
from dashboard import theme
from dashboard.figures.map import view_for_bbox
from dashboard.geometry import geometry_url
from planning.case import Case
from planning.psa import TornadoBar
from planning.scenario import ScenarioResult


def tornado_chart(bars: Sequence[TornadoBar], central: float, *, horizon_years: int,
                  limit: int = 8) -> go.Figure:
    """One-way sensitivity of the net cost (GBP, discounted over the horizon): for each input,
    a bar from the central net cost to the net cost with that input at its 2.5th percentile
    (blue) and at its 97.5th percentile (orange), the others central. Largest swing on top.

    ``bars`` as from :func:`planning.psa.tornado` (largest swing first); ``central`` is the net
    cost with every input central (the vertical line).
    """
    shown = list(bars[:limit])[::-1]  # plotly draws the first category at the bottom
    labels = [b.label for b in shown]
    fig = go.Figure()
    for name, colour, attr, q in (("input at its 2.5th percentile", theme.TORNADO_LOW, "at_low",
                                   "input_low"),
                                  ("input at its 97.5th percentile", theme.TORNADO_HIGH, "at_high",
                                   "input_high")):
        values = [getattr(b, attr) for b in shown]
        fig.add_trace(go.Bar(
            y=labels, x=[v - central for v in values], base=[central] * len(values),
            orientation="h", name=name, marker={"color": colour},
            customdata=[[gbp_per_head_text(v), f"{getattr(b, q):.4g}"] for v, b in
                        zip(values, shown, strict=True)],
            hovertemplate="%{y}: %{customdata[1]}<br>net cost %{customdata[0]}"
                          "<extra></extra>"))
    fig.add_vline(x=central, line_width=1.5, line_color=theme.TEXT)
    fig.update_layout(
        barmode="overlay",
        height=90 + 34 * max(len(shown), 1),
        margin={"l": 10, "r": 20, "t": 50, "b": 45},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        title={"text": f"What moves the net cost most ({horizon_years} years, discounted): "
                       "one input at a time", "font": {"size": 13}, "x": 0, "xanchor": "left"},
        xaxis={"title": {"text": f"Net cost, GBP (line: central {gbp_per_head_text(central)}; "
                                 "below zero is a saving)"},
               "tickprefix": "£", "tickformat": "~s", "zeroline": True,
               "zerolinecolor": theme.ZERO_LINE},
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right",
                "font": {"size": 11}},
        plot_bgcolor=theme.BACKGROUND,
        paper_bgcolor=theme.BACKGROUND,
    )
    fig.update_xaxes(gridcolor=theme.GRID)
    return fig


def events_chart(result: ScenarioResult) -> go.Figure:
    """Events avoided in each year (undiscounted, modelled) by every group reached so far,
    central line in a low-high band; the horizon's year is labelled with the value the key
    figures call "events avoided in year h".

    Years after the appraisal horizon are shaded, since 10 years are always computed.
    """
    years = [row.year for row in result.years]
    low = [row.events_avoided.low for row in result.years]
    central = [row.events_avoided.central for row in result.years]
    high = [row.events_avoided.high for row in result.years]
    fig = go.Figure([
        go.Scatter(x=years, y=high, mode="lines", line={"width": 0}, hoverinfo="skip",
                   showlegend=False, name="high"),
        go.Scatter(x=years, y=low, mode="lines", line={"width": 0}, fill="tonexty",
                   fillcolor=theme.INVESTMENT_BAND, name="Range (low-high effect)",
                   hoverinfo="skip"),
        go.Scatter(x=years, y=central, mode="lines+markers", name="Central",
                   line={"color": theme.ACCENT, "width": 2.5},
                   customdata=list(zip(low, high, strict=True)),
                   hovertemplate="Year %{x}: %{y:.3g} (range %{customdata[0]:.3g} to "
                   "%{customdata[1]:.3g})<extra></extra>"),
    ])
    h = result.horizon_years
    at_h = result.years[h - 1].events_avoided.central
    fig.add_annotation(x=h, y=at_h, text=f"year {h}: {count_text(at_h)}", showarrow=True,
                       arrowhead=0, ax=0, ay=-22, font={"size": 11, "color": theme.TEXT},
                       bgcolor=theme.BACKGROUND)
    if result.horizon_years < len(years):
        fig.add_vrect(x0=result.horizon_years + 0.5, x1=len(years) + 0.5,
                      fillcolor=theme.GRID, line_width=0, layer="below",
                      annotation_text="after the horizon", annotation_position="top left",
                      annotation_font={"size": 11, "color": theme.MUTED})
    fig.update_layout(
        height=260,
        margin={"l": 60, "r": 10, "t": 30, "b": 40},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        title={"text": f"{result.event} avoided each year by all groups reached so far "
                       "(modelled, undiscounted)",
               "font": {"size": 13}, "x": 0, "xanchor": "left"},
        xaxis={"title": {"text": "Year of the programme"}, "dtick": 1,
               "range": [0.5, len(years) + 0.5]},
        yaxis={"title": {"text": "Events avoided"}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        plot_bgcolor=theme.BACKGROUND,
        paper_bgcolor=theme.BACKGROUND,
    )
    fig.update_xaxes(gridcolor=theme.GRID)
    fig.update_yaxes(gridcolor=theme.GRID)
    return fig


def _outline(geojson: dict | str, codes: Sequence[str], names: Sequence[str], *, colour: str,
             width: float, label: str) -> go.Choroplethmap:
    return go.Choroplethmap(
        geojson=geojson, locations=list(codes), z=[0] * len(codes), customdata=list(names),
        colorscale=[[0, theme.TRANSPARENT], [1, theme.TRANSPARENT]], showscale=False,
        marker={"line": {"width": width, "color": colour}},
        hovertemplate=f"<b>%{{customdata}}</b><br>{label}<extra></extra>", name=label,
    )


def partners_map(
    *,
    unit_geojson: dict | str,
    unit_codes: Sequence[str],
    unit_names: Sequence[str],
    council_geojson: dict | str,
    council_codes: Sequence[str],
    council_names: Sequence[str],
    nhs_geojson: dict | str,
    nhs_codes: Sequence[str],
    nhs_names: Sequence[str],
    nhs_label: str,
    bbox: tuple[float, float, float, float] | None,
) -> go.Figure:
    """The chosen areas filled, with the partner councils and NHS bodies outlined.

    Offline: ``*_geojson`` are the app's own boundary URLs (or FeatureCollections) and the
    base map style is ``white-bg`` (no tiles).
    """
    many = len(unit_codes) > 300
    fill = go.Choroplethmap(
        geojson=unit_geojson, locations=list(unit_codes), z=[1] * len(unit_codes),
        customdata=list(unit_names),
        colorscale=[[0, theme.INVESTMENT_UNIT_FILL], [1, theme.INVESTMENT_UNIT_FILL]],
        showscale=False,
        marker={"line": {"width": 0 if many else 0.4, "color": theme.BACKGROUND},
                "opacity": 0.85},
        hovertemplate="<b>%{customdata}</b> (%{location})<br>chosen<extra></extra>",
        name="Chosen areas",
    )
    fig = go.Figure([
        fill,
        _outline(nhs_geojson, nhs_codes, nhs_names, colour=theme.INVESTMENT_NHS_LINE, width=3.5,
                 label=nhs_label),
        _outline(council_geojson, council_codes, council_names,
                 colour=theme.INVESTMENT_COUNCIL_LINE, width=1.4,
                 label="Council (county or unitary)"),
    ])
    if bbox is not None:  # a margin round the chosen areas, so partners show beyond them
        dx, dy = (bbox[2] - bbox[0]) * 0.2, (bbox[3] - bbox[1]) * 0.2
        bbox = (bbox[0] - dx, bbox[1] - dy, bbox[2] + dx, bbox[3] + dy)
    fig.update_layout(
        map={"style": theme.MAP_STYLE, **view_for_bbox(bbox)},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=460,
        font={"family": theme.FONT, "color": theme.TEXT},
        showlegend=False,
    )
    return fig


def tornado_view(case: Case) -> go.Figure:
    """The tornado chart of the one-way sensitivity analysis (net cost)."""
    if case.psa is None or not case.psa.tornado:
        return empty_chart()
    return tornado_chart(case.psa.tornado, case.psa.net_cost_central,
                         horizon_years=case.result.horizon_years)


def map_view(case: Case) -> go.Figure:
    """The partner map: chosen areas filled, councils and NHS bodies outlined."""
    m = case.map
    return partners_map(
        unit_geojson=geometry_url(m.unit_geography), unit_codes=m.unit_codes,
        unit_names=m.unit_names, council_geojson=geometry_url("utla23"),
        council_codes=m.council_codes, council_names=m.council_names,
        nhs_geojson=geometry_url(m.nhs_geography), nhs_codes=m.nhs_codes,
        nhs_names=m.nhs_names,
        nhs_label="ICB" if m.nhs_geography == "icb23" else "Sub-ICB location", bbox=m.bbox)


def empty_map() -> go.Figure:
    """The partner map with nothing on it (no case to show)."""
    fig = go.Figure(go.Choroplethmap())
    fig.update_layout(map={"style": theme.MAP_STYLE, **view_for_bbox(None)}, height=460,
                      margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


def empty_chart() -> go.Figure:
    """A blank chart (no case, or no tornado to show)."""
    fig = go.Figure()
    fig.update_layout(height=260, xaxis={"visible": False}, yaxis={"visible": False},
                      plot_bgcolor=theme.BACKGROUND, paper_bgcolor=theme.BACKGROUND,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig
