"""The area profile as a spine chart (Fingertips' signature view), pure: a profile frame in
(``dashboard.data.indicators.profile``), a plotly figure or a CSV out.

One row per indicator, grouped by domain. Each row is scaled on its own so that England sits
at the centre (0.5) and the farthest of the worst and best areas of the same geography (or the
area itself) sits at 0 or 1; rows with a polarity run worst (left) to best (right), rows
without one lowest to highest. Grey bars show the spread of the peers (worst to 25th
percentile, 25th to 75th, 75th to best); the area's marker is coloured by its comparison with
England at 95% ("not compared" where there is no confidence interval). Suppressed values are
never drawn or written: the row says "suppressed".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core import geographies, verdicts
from core.formatting import FLAG_MARK, value_text
from dashboard import theme
from dashboard.figures.charts import chart_layout, empty_figure

ROW_HEIGHT = 26
VALUE_COLUMNS = ("value", "lower_95", "upper_95")
SPREAD_NAMES = {
    True: ("Worst", "Best"),  # indicators with a polarity
    False: ("Lowest", "Highest"),  # no judgement: lowest left, highest right
}


LEGEND = {"better": "better than England", "similar": "similar to England",
          "worse": "worse than England", "higher": "higher than England",
          "lower": "lower than England", verdicts.NOT_COMPARED: "not compared (no CI)",
          "flagged": "flagged value (not compared)"}
#: value types left out of the chart (in the table only): England's total is not comparable
#: with an area's
NOT_CHARTED = ("count",)


def _num(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def _suppressed(row: pd.Series) -> bool:
    flag = row.get("is_suppressed")
    return bool(flag) if isinstance(flag, (bool, np.bool_)) else False


def visible(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with suppressed rows' value and confidence interval blanked (never shown)."""
    out = frame.copy()
    if "is_suppressed" in out:
        hidden = out["is_suppressed"].fillna(False).astype(bool)
        out.loc[hidden, [c for c in VALUE_COLUMNS if c in out]] = np.nan
    return out


def positions(row: pd.Series) -> dict[str, float]:
    """x positions (0..1) of a profile row: England at 0.5, the spread's ends (``worst``,
    ``q_low``, ``q_high``, ``best``, left to right) and the area's ``value``; NaN where a
    number is missing. Without an England value the row centres on the spread's midpoint."""
    lo, hi = _num(row.get("min_value")), _num(row.get("max_value"))
    value = _num(row.get("value"))
    centre = _num(row.get("england"))
    if math.isnan(centre):
        centre = (lo + hi) / 2 if not (math.isnan(lo) or math.isnan(hi)) else value
    sign = -1.0 if row.get("polarity") == "lower_is_better" else 1.0
    spans = [abs(v - centre) for v in (lo, hi, value) if not math.isnan(v)]
    half = max(spans) if spans else math.nan

    def x(v: float) -> float:
        if math.isnan(v):
            return math.nan
        if not half or math.isnan(half):
            return 0.5
        return 0.5 + sign * (v - centre) / (2 * half)

    ends = [x(v) for v in (lo, _num(row.get("q25")), _num(row.get("q75")), hi)]
    if any(math.isnan(e) for e in ends):
        ends = [math.nan] * 4
    ends.sort()
    return {"england": 0.5, "worst": ends[0], "q_low": ends[1], "q_high": ends[2],
            "best": ends[3], "value": x(value)}


def verdict(row: pd.Series) -> str:
    """The row's comparison with England at 95% (the build's), "not compared" without a CI,
    a value, or where the value is flagged or suppressed."""
    comp = row.get("compared_to_england")
    if (not isinstance(comp, str) or math.isnan(_num(row.get("value")))
            or isinstance(row.get("quality_flag"), str)
            or math.isnan(_num(row.get("lower_95"))) or math.isnan(_num(row.get("upper_95")))):
        return verdicts.NOT_COMPARED
    return comp


def _short(value: Any, unit: str) -> str:
    """A value for the side column: "%" kept, other units left to the row's label."""
    return value_text(_num(value), "%" if unit.startswith("%") else "")


def value_label(row: pd.Series) -> str:
    """The area's value as the side column shows it: value (95% CI), or why there is none."""
    if _suppressed(row):
        return "suppressed (small count)"
    value = _num(row.get("value"))
    if math.isnan(value):
        return "no value"
    unit = str(row.get("unit") or "")
    text = _short(value, unit)
    lower, upper = _num(row.get("lower_95")), _num(row.get("upper_95"))
    if not (math.isnan(lower) or math.isnan(upper)):
        text += f" ({value_text(lower)}–{value_text(upper)})"
    if isinstance(row.get("quality_flag"), str):
        text = f"{FLAG_MARK} {text}"
    return text


def _label(row: pd.Series) -> str:
    return f"{row['name']} ({row['unit']})"


def _rows(frame: pd.DataFrame) -> list[tuple[str, pd.Series | None]]:
    """(y label, row) in display order, a domain heading (row None) before each domain."""
    out: list[tuple[str, pd.Series | None]] = []
    for domain, group in frame.groupby("domain", sort=True):
        out.append((f"<b>{str(domain).replace('_', ' ').capitalize()}</b>", None))
        out += [(_label(r), r) for _, r in group.sort_values("name").iterrows()]
    return out


def spine_figure(frame: pd.DataFrame, area_name: str, geography: str) -> go.Figure:
    """The spine chart of an area's profile (see the module docstring)."""
    if frame.empty:
        return empty_figure("No indicator values for this area")
    frame = visible(frame)
    if "value_type" in frame:
        frame = frame[~frame["value_type"].isin(NOT_CHARTED)]
    rows = _rows(frame)
    labels = [label for label, _ in rows]
    peers = geographies.GEOGRAPHY_LABELS.get(geography, geography).lower()
    fig = go.Figure()
    data = [(label, r, positions(r)) for label, r in rows if r is not None]
    segments = (("worst", "q_low", theme.SPINE_OUTER, "{lo} to 25th percentile"),
                ("q_low", "q_high", theme.SPINE_INNER, "25th to 75th percentile"),
                ("q_high", "best", theme.SPINE_OUTER, "75th percentile to {hi}"))
    for start, end, colour, name in segments:
        part = [(label, r, p) for label, r, p in data if not math.isnan(p[start])]
        hover = []
        for _, r, _ in part:
            lo_word, hi_word = SPREAD_NAMES[r["polarity"] != "no_judgement"]
            worst, best = ((r["max_value"], r["min_value"]) if r["polarity"] == "lower_is_better"
                           else (r["min_value"], r["max_value"]))
            hover.append(f"<b>{r['name']}</b>, {r['period']}<br>{int(_num(r['n_areas']))} "
                         f"{peers}: {lo_word.lower()} {value_text(worst)}, 25th percentile "
                         f"{value_text(r['q25'])}, 75th {value_text(r['q75'])}, "
                         f"{hi_word.lower()} {value_text(best)}")
        fig.add_trace(go.Bar(
            y=[label for label, _, _ in part], x=[p[end] - p[start] for _, _, p in part],
            base=[p[start] for _, _, p in part], orientation="h", width=0.6,
            marker={"color": colour, "line": {"width": 0}},
            name=name.format(lo="worst", hi="best"), legendgroup="spread",
            showlegend=start == "q_low" or start == "worst",
            hovertext=hover, hoverinfo="text"))
    eng = [(label, r) for label, r, _ in data if not math.isnan(_num(r.get("england")))]
    fig.add_trace(go.Scatter(
        y=[label for label, _ in eng], x=[0.5] * len(eng), mode="markers", name="England",
        marker={"symbol": "line-ns-open", "size": 20, "color": theme.ENGLAND_LINE,
                "line": {"width": 2.5, "color": theme.ENGLAND_LINE}},
        hovertext=[f"England {value_text(r['england'], str(r['unit']))}, {r['period']}"
                   for _, r in eng], hoverinfo="text"))
    by_verdict: dict[str, list] = {}
    for label, r, p in data:
        if math.isnan(p["value"]):
            continue
        key = "flagged" if isinstance(r.get("quality_flag"), str) else verdict(r)
        by_verdict.setdefault(key, []).append((label, r, p))
    order = [*theme.COMPARISON_COLOURS, "flagged"]
    for key in sorted(by_verdict, key=order.index):
        part = by_verdict[key]
        flagged = key == "flagged"
        fig.add_trace(go.Scatter(
            y=[label for label, _, _ in part], x=[p["value"] for _, _, p in part],
            mode="markers", name=LEGEND.get(key, key),
            marker={"symbol": "x" if flagged else "circle", "size": 11,
                    "color": theme.FLAGGED if flagged else theme.COMPARISON_COLOURS[key],
                    "line": {"width": 1, "color": theme.TEXT}},
            hovertext=[_marker_hover(r, key) for _, r, _ in part], hoverinfo="text"))
    for label, r, _ in data:
        fig.add_annotation(
            xref="paper", x=1.01, xanchor="left", yref="y", y=label, showarrow=False,
            align="left", font={"size": 11},
            text=f"{value_label(r)} · {r['period']} · England {_short(r['england'], r['unit'])}")
    fig.add_annotation(xref="paper", x=1.01, xanchor="left", yref="paper", y=1.0,
                       yanchor="bottom", showarrow=False, font={"size": 11, "color": theme.MUTED},
                       text="Value (95% CI) · period · England")
    height = ROW_HEIGHT * len(labels) + 170
    chart_layout(fig, f"{area_name}: every indicator against England (centre line) and the "
                 f"spread across {peers}", height=height)
    fig.update_layout(barmode="overlay", bargap=0.4, hovermode="closest",
                      margin={"l": 20, "r": 310, "t": 130, "b": 50},
                      title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
                      legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom",
                              "font": {"size": 11}})
    fig.update_xaxes(range=[-0.03, 1.03], showticklabels=False, showgrid=False, zeroline=False,
                     showline=False, fixedrange=True, title={
                         "text": "← worse  ·  England  ·  better →   (no judgement: "
                                 "← lower  ·  higher →)",
                         "font": {"size": 11, "color": theme.MUTED}})
    fig.update_yaxes(categoryorder="array", categoryarray=labels, tickvals=labels,
                     autorange="reversed", range=None, automargin=True, fixedrange=True,
                     showgrid=False, tickfont={"size": 11})
    fig.update_yaxes(range=[len(labels) - 0.5, -0.5])
    return fig


def _marker_hover(r: pd.Series, key: str) -> str:
    text = (f"<b>{r['name']}</b> ({r['unit']}), {r['period']}<br>{value_label(r)}<br>"
            f"England {value_text(r['england'], str(r['unit']))}")
    if key == "flagged":
        text += f"<br>Flagged: {r.get('quality_reason')}; not compared"
    elif key == verdicts.NOT_COMPARED:
        text += f"<br>Not compared: {verdicts.NOT_COMPARED_REASON}"
    else:
        text += f"<br>{key} than England (95% CI)" if key != "similar" else "<br>similar to England (95% CI)"
    source = r.get("source")
    if isinstance(source, str) and source:
        text += f"<br>Source: {source}"
    return text


CSV_COLUMNS = ["indicator_id", "name", "domain", "unit", "polarity", "period", "value",
               "lower_95", "upper_95", "is_suppressed", "compared_to_england", "england",
               "min_value", "q25", "q75", "max_value", "n_areas", "quality_flag",
               "quality_reason", "source", "licence"]


def spine_csv(frame: pd.DataFrame, area_code: str, area_name: str, geography: str) -> dict:
    """The profile behind the spine chart as a ``dcc.Download`` dict (suppressed values blank,
    never 0; the spread is across the areas of ``geography``)."""
    out = visible(frame)[[c for c in CSV_COLUMNS if c in frame]].copy()
    out.insert(0, "area_code", area_code)
    out.insert(1, "area_name", area_name)
    out.insert(2, "peer_geography", geography)
    return {"content": out.to_csv(index=False), "type": "text/csv",
            "filename": f"profile_{area_code}_{geography}.csv"}
