"""Figures of the gaps page (pure): the bivariate map (style, filter outline), its 3x3 legend
and the access SII chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.formatting import value_text
from core.themes import CLASS_WORDS
from dashboard import theme
from dashboard.figures.map import map_figure, view_for_bbox
from dashboard.theme import BIVARIATE_COLOURS

#: above this many areas the map's hover shows only the area and its class (no indices)
DETAILED_HOVER_MAX = 2000


def bivariate_colourscale() -> list[list]:
    """Discrete colour scale for class codes 0-8 (code = 3*(need-1) + (coverage-1))."""
    colours = [c for row in BIVARIATE_COLOURS for c in row]
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / 9, colour], [(i + 1) / 9, colour]]
    return scale


def bivariate_style(table: pd.DataFrame, *, theme_name: str, detailed: bool = True) -> dict:
    """Data-trace properties for `dashboard.figures.map.map_figure` from a gap table.

    ``table`` rows are in map order and hold need_index, coverage_index, bivariate_class,
    label, population and, when ``detailed``, priority_rank.
    """
    classes = table["bivariate_class"].to_numpy(dtype=float, na_value=np.nan).tolist()
    z = [None if v != v else int(v) for v in classes]  # v != v: NaN
    if detailed:
        text = []
        for row in table.itertuples(index=False):
            if pd.isna(row.bivariate_class):
                text.append("No data: too few indicators for an index")
                continue
            line = (f"{row.label}<br>Need index {row.need_index:+.2f} SD, coverage index "
                    f"{row.coverage_index:+.2f} SD<br>Population {value_text(row.population)}")
            if not pd.isna(row.priority_rank):
                line += f"<br><b>Priority #{int(row.priority_rank)}</b>"
            text.append(line)
    else:
        text = ["No data" if v != v else str(lab)
                for v, lab in zip(classes, table["label"].tolist(), strict=True)]
    return {
        "z": z,
        "text": text,
        "colorscale": bivariate_colourscale(),
        "zmin": -0.5,
        "zmax": 8.5,
        "showscale": False,
        "colorbar": None,
        "name": f"{theme_name}: need x coverage",
    }


def outline_trace(parent: str, geojson: str) -> dict:
    """A transparent polygon with a black outline around the filter's parent area
    (``geojson``: the URL of the parent geography's boundaries)."""
    return {
        "type": "choroplethmap", "geojson": geojson, "locations": [parent],
        "z": [0], "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        "showscale": False, "marker": {"line": {"width": 2.5, "color": theme.HIGHLIGHT}},
        "hoverinfo": "skip", "name": "Filter area",
    }


def gap_map(areas: pd.DataFrame, table: pd.DataFrame, *, theme_name: str, geojson: str,
            bounds: tuple[float, float, float, float] | None = None,
            parent: str | None = None, parent_geojson: str | None = None) -> go.Figure:
    """Bivariate map of every area (England-wide classes), zoomed to ``bounds`` (lon/lat of
    the filter's parent; England when None) and outlining ``parent`` when given.

    ``areas`` are the geography's areas in map order, ``table`` the gap table indexed by area
    code; ``geojson``/``parent_geojson`` are boundary URLs (`dashboard.geometry`).
    """
    rows = table.reindex(areas["area_code"])
    style = bivariate_style(rows, theme_name=theme_name,
                            detailed=len(areas) <= DETAILED_HOVER_MAX)
    fig = map_figure(geojson, areas, style, view=view_for_bbox(bounds))
    # areas without an index: a dark grey, far from the light low/low class; the classes are
    # drawn opaque so that grey does not tint them
    fig.update_traces(selector={"name": "No data"}, name="No index",
                      colorscale=[[0, theme.GAPS_NO_INDEX], [1, theme.GAPS_NO_INDEX]])
    fig.data[1].marker.opacity = 1
    if parent and parent_geojson:
        fig.add_trace(outline_trace(parent, parent_geojson))
    return fig


def bivariate_legend(counts: pd.Series | None = None) -> go.Figure:
    """3x3 legend: need rising upwards, coverage rising to the right; cells show area counts.

    ``counts`` is indexed by class code 0-8 (missing codes show 0).
    """
    z = np.arange(9).reshape(3, 3)
    annotations = []
    for n in range(3):
        for c in range(3):
            code = 3 * n + c
            k = 0 if counts is None else int(counts.get(code, 0))
            label = f"{k} areas" if counts is not None else ""
            if n == 2 and c == 0:
                label = f"<b>Priority</b><br>{label}"
            if label:  # dark text on light cells, white on dark ones (WCAG contrast)
                annotations.append({
                    "x": CLASS_WORDS[c].capitalize(), "y": CLASS_WORDS[n].capitalize(),
                    "text": label, "showarrow": False,
                    "font": {"size": 11, "color": theme.text_on(BIVARIATE_COLOURS[n][c])}})
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[w.capitalize() for w in CLASS_WORDS],
            y=[w.capitalize() for w in CLASS_WORDS],
            colorscale=bivariate_colourscale(),
            zmin=-0.5,
            zmax=8.5,
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(annotations=annotations)
    fig.update_layout(
        height=230,
        width=260,
        margin={"l": 70, "r": 10, "t": 10, "b": 50},
        xaxis={"title": {"text": "Coverage →"}, "fixedrange": True, "side": "bottom"},
        yaxis={"title": {"text": "Need →"}, "fixedrange": True},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def _wrap(text: str, width: int = 32) -> str:
    """``text`` broken into lines of at most about ``width`` characters (plotly <br>)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def access_sii_figure(table: pd.DataFrame, area_name: str) -> go.Figure:
    """SII of each coverage measure across IMD deciles, with 95% CI where the values have one.

    ``table`` columns: name, unit, sii, sii_lower, sii_upper, follows_need (bool or None),
    gradient (words). Bars are coloured by whether provision is significantly better at the
    more deprived end (CI excluding 0); grey, as "not compared", when the data cannot tell.
    """
    frame = table.dropna(subset=["sii"])
    if frame.empty:
        fig = go.Figure()
        fig.add_annotation(text="No coverage measure has an IMD decile breakdown here",
                           showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
        fig.update_layout(height=160, xaxis={"visible": False}, yaxis={"visible": False},
                          plot_bgcolor="white")
        return fig
    colours = [theme.COMPARISON_COLOURS["better"] if f is True else
               theme.COMPARISON_COLOURS["worse"] if f is False else theme.NOT_COMPARED
               for f in frame["follows_need"]]
    has_ci = frame["sii_lower"].notna() & frame["sii_upper"].notna()
    fig = go.Figure(
        go.Bar(
            x=frame["sii"],
            y=[_wrap(f"{n} ({u})") for n, u in zip(frame["name"], frame["unit"], strict=True)],
            orientation="h",
            marker={"color": colours},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (frame["sii_upper"] - frame["sii"]).where(has_ci, 0).tolist(),
                "arrayminus": (frame["sii"] - frame["sii_lower"]).where(has_ci, 0).tolist(),
                "color": theme.CI_COLOUR,
            },
            customdata=(frame["gradient"] if "gradient" in frame.columns
                        else pd.Series("", index=frame.index)).tolist(),
            hovertemplate="%{y}<br>SII %{x:.2f}<br>%{customdata}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line={"color": theme.ENGLAND_LINE, "width": 1})
    fig.update_layout(
        height=140 + 44 * len(frame),
        margin={"l": 10, "r": 20, "t": 40, "b": 60},
        title={"text": f"Slope index of inequality across IMD 2025 deciles, {area_name}",
               "font": {"size": 13}},
        xaxis={"title": {"text": "SII: gap from most to least deprived,<br>in the measure's unit"},
               "zeroline": False, "automargin": True},
        yaxis={"automargin": True},
        font={"family": theme.FONT, "color": theme.TEXT},
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig
