"""Figures of the stroke pathway page (pure): one dot chart per pathway stage, each measure on
its own axis in its unit, the area coloured by its verdict (95% CI against the reference),
England and the national standard beside it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core import verdicts
from core.formatting import value_text
from dashboard import theme
from dashboard.pages.stroke.pathway import (
    Stage,
    direction_name,
    gap_text,
    is_missing,
    short_unit,
    stage_value_text,
)

# verdict colours: the same as the atlas's comparison colours ("not compared" is neutral)
DIRECTION_COLOURS = theme.COMPARISON_COLOURS


def _wrap(text: str, width: int = 34) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)




def _present(value) -> str:
    return "" if is_missing(value) else str(value)


def _label(row: pd.Series) -> str:
    sub = " · ".join(x for x in (_present(row["period"]), _present(row["unit"])) if x)
    return (f"{_wrap(str(row['name']))}<br>"
            f"<span style='font-size:10px;color:{theme.MUTED}'>{sub}</span>")


def _axis_range(row: pd.Series) -> list[float]:
    if short_unit(row["unit"]) == "%":
        return [0.0, 100.0]
    candidates = [row[c] for c in ("value", "upper_95", "england", "standard")
                  if not is_missing(row[c])]
    top = max(candidates) if candidates else 1.0
    return [0.0, float(top) * 1.15 if top > 0 else 1.0]


def sources_line(rows: pd.DataFrame) -> str:
    """'Source: <source> (<periods>); ...' for the rows' distinct sources."""
    seen: dict[str, list[str]] = {}
    for _, r in rows.iterrows():
        if _present(r["source"]):
            seen.setdefault(str(r["source"]), []).append(_present(r["period"]))
    parts = []
    for src, periods in seen.items():
        held = sorted({p for p in periods if p})
        parts.append(f"{src} ({', '.join(held)})" if held else src)
    return "Source: " + "; ".join(parts) if parts else ""


ROW_PX = 62


#: the plot width label placement assumes (px; narrower than the page at 1400 px, to be safe)
PLOT_PX = 800
#: how far (px) a label may run past the right end of the axis, into the right margin
RIGHT_ROOM_PX = 62


def label_position(value: float, references: list, xrange: list[float], text: str) -> str:
    """Where the area's value label ``text`` goes: beside its dot (never above it, where the
    England marker's line reaches), on a side where the label covers no reference marker
    (England, the standard) and does not run into the row names left of the axis.

    Widths are estimated at 7 px a character on a :data:`PLOT_PX` plot. When both sides are
    blocked: above the dot if no marker is under it there, else '' (no label: the value is
    in the hover and the table).
    """
    span = (xrange[1] - xrange[0]) or 1.0
    px = span / PLOT_PX  # axis units per pixel
    gap, width, half_marker = 9 * px, (7 * len(text) + 4) * px, 4 * px
    refs = [float(r) for r in references if not is_missing(r)]

    def clearance(lo: float, hi: float) -> float:
        """Distance from the label's box to the nearest marker (negative: covered)."""
        if not refs:
            return span
        return min(max(lo - r, r - hi) - half_marker for r in refs)

    right_box, left_box = (value + gap, value + gap + width), (value - gap - width, value - gap)
    right, left = clearance(*right_box), clearance(*left_box)
    if left_box[0] < xrange[0]:
        left = -span  # would run into the row names
    if right_box[1] > xrange[1] + RIGHT_ROOM_PX * px:
        right = -span  # beyond the right margin
    if right >= 0 and left >= 0:
        return "middle right" if value <= (xrange[0] + xrange[1]) / 2 else "middle left"
    if right >= 0 or left >= 0:
        return "middle right" if right >= 0 else "middle left"
    if clearance(value - width / 2, value + width / 2) >= 0:
        return "top center"  # no marker under a label above the dot
    return ""  # nowhere clear: the value is in the hover and the pathway table


def _row_axes(i: int, n: int, xrange: list[float]) -> tuple[str, str, dict]:
    """Axis ids and layout entries of row ``i`` (0 = top) of ``n``, one band per row."""
    k = "" if i == 0 else str(i + 1)
    gap = 24 / (ROW_PX * n)
    top, bottom = 1 - i / n, 1 - (i + 1) / n
    layout = {
        f"xaxis{k}": {"anchor": f"y{k}", "domain": [0, 1], "range": xrange, "nticks": 6,
                      "showgrid": True, "gridcolor": "#eeeeee", "zeroline": False,
                      "showline": False, "tickfont": {"size": 10, "color": theme.MUTED}},
        f"yaxis{k}": {"anchor": f"x{k}", "domain": [bottom + gap, top], "showgrid": False,
                      "automargin": True, "tickfont": {"size": 11}, "type": "category"},
    }
    return f"x{k}", f"y{k}", layout


def stage_figure(rows: pd.DataFrame, stage: Stage, area_name: str) -> go.Figure:
    """Dot chart for one stage: one row per measure on its own axis (its unit), the area
    (coloured by its verdict from the 95% CI against the reference; grey when not compared), England and the standard.

    Built as plain dicts and validated once (``make_subplots`` and per-trace validation
    took ~0.3 s for the four stages).
    """
    rows = rows.reset_index(drop=True)
    n = max(len(rows), 1)
    traces: list[dict] = []
    annotations: list[dict] = []
    layout: dict = {}
    legend_done: set[str] = set()

    def legend(key: str) -> bool:
        if key in legend_done:
            return False
        legend_done.add(key)
        return True

    for i in range(len(rows)):
        row = rows.iloc[i]
        label = _label(row)
        xrange = _axis_range(row)
        unit = short_unit(row["unit"])
        xa, ya, axes = _row_axes(i, n, xrange)
        layout.update(axes)
        on = {"xaxis": xa, "yaxis": ya, "type": "scatter", "cliponaxis": False}
        # an invisible point keeps the row (and its label) when nothing else is drawn
        traces.append({**on, "x": [None], "y": [label], "mode": "markers", "showlegend": False,
                       "hoverinfo": "skip"})
        if not is_missing(row["england"]) and row["status"] != "not available":
            traces.append({
                **on, "x": [row["england"]], "y": [label], "mode": "markers", "name": "England",
                "legendgroup": "england", "showlegend": legend("england"),
                "marker": {"symbol": "line-ns", "size": 22,
                           "line": {"width": 3, "color": theme.ENGLAND_LINE}},
                "hovertemplate": f"England: {value_text(row['england'], unit)}<extra></extra>",
            })
        if not is_missing(row["standard"]):
            src = f"<br>{_wrap(str(row['standard_source']), 70)}" if row["standard_source"] else ""
            traces.append({
                **on, "x": [row["standard"]], "y": [label], "mode": "markers",
                "name": "National standard", "legendgroup": "standard",
                "showlegend": legend("standard"),
                "marker": {"symbol": "diamond", "size": 13, "color": theme.STROKE_STANDARD,
                           "line": {"width": 1, "color": theme.TEXT}},
                "hovertemplate": f"Standard: {value_text(row['standard'], unit)}{src}<extra></extra>",
            })
        if row["status"] != "ok":
            msg = str(row["note"]) if row["status"] != "no data" else stage_value_text(row)
            if row["status"] == "no data":
                msg = f"{area_name}: {msg.lower() if msg.startswith('No data') else msg}"
            annotations.append({"text": msg, "x": sum(xrange) / 2, "y": label, "xref": xa,
                                "yref": ya, "showarrow": False,
                                "bgcolor": "rgba(255,255,255,0.8)",
                                "font": {"size": 11, "color": theme.MUTED}})
            if is_missing(row["england"]):
                layout[f"xaxis{xa[1:]}"].update(showticklabels=False, showgrid=False)
            continue
        has_ci = not is_missing(row["lower_95"]) and not is_missing(row["upper_95"])
        dirn = row["direction"] if isinstance(row["direction"], str) else verdicts.NOT_COMPARED
        ref = "the standard" if row["reference"] == "standard" else "England"
        where = label_position(row["value"], [row["england"], row["standard"]], xrange,
                               value_text(row["value"], unit))
        traces.append({
            **on, "x": [row["value"]], "y": [label], "mode": "markers+text",
            "name": f"{area_name}: {direction_name(dirn, ref)}",
            "legendgroup": f"area-{dirn}", "showlegend": legend(f"area-{dirn}"),
            "text": [value_text(row["value"], unit) if where else ""],
            "textposition": where or "middle right",
            "textfont": {"size": 11, "color": theme.TEXT},
            "marker": {"size": 13, "color": DIRECTION_COLOURS.get(dirn, theme.NOT_COMPARED),
                       "line": {"width": 1, "color": theme.TEXT}},
            "error_x": {"type": "data", "symmetric": False, "visible": has_ci,
                        "array": [row["upper_95"] - row["value"]] if has_ci else [0],
                        "arrayminus": [row["value"] - row["lower_95"]] if has_ci else [0],
                        "color": theme.CI_COLOUR, "thickness": 1.5, "width": 4},
            "hovertemplate": (f"<b>{area_name}</b>: {stage_value_text(row)}<br>{row['period']}<br>"
                              f"{gap_text(row)} vs {ref}: {direction_name(dirn, ref)}"
                              "<extra></extra>"),
        })
    footer = _wrap(sources_line(rows), 170)
    lines = footer.count("<br>") + 1 if footer else 0
    top, bottom = 74, 30 + 14 * lines
    if footer:
        annotations.append({"text": footer, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
                            "yshift": -22, "xanchor": "left", "yanchor": "top",
                            "showarrow": False, "align": "left",
                            "font": {"size": 10, "color": theme.MUTED}})
    layout.update(
        title={"text": f"<b>{stage.title}</b>: {stage.question}", "font": {"size": 14},
               "x": 0.01, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"t": 10}},
        height=ROW_PX * n + top + bottom,
        margin={"l": 10, "r": RIGHT_ROOM_PX + 8, "t": top, "b": bottom},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        plot_bgcolor="white", paper_bgcolor="white",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                "font": {"size": 11}},
        hovermode="closest",
        annotations=annotations,
    )
    return go.Figure({"data": traces, "layout": layout})
