"""Stroke pathway page: pathway table logic, stage figures and the travel-time map (pure).

The pathway is read in five stages (risk, prevention, access, acute care, outcome). Each row
sets the area's latest value beside a reference: the national standard where the catalogue states one
(``indicators.standard``), else England. The gap is ``area - reference`` in the indicator's
unit. The verdict (``direction``) is a test, not the sign of the gap: better/similar/worse from
the value's 95% confidence interval against the reference (:func:`core.verdicts.compare`, i.e.
``methods.compare_to_benchmark``); a value without a CI is "not compared" and left out of the
"worse on N of M" counts.

The map draws the LSOA travel-time surface from the geometry URL (never embedded) with the
stroke units on top as plain circles: on the offline ``white-bg`` style any other Scattermap
symbol is a Maki icon that plotly.js fetches from a CDN, so unit types differ by colour, size
and a ring, which also show in the legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core import verdicts
from core.formatting import FLAG_MARK, value_text
from core.periods import latest_period as latest_of
from dashboard import theme
from dashboard.disclosure import MIN_COUNT  # noqa: F401 (re-exported)
from dashboard.figures.map import view_for_bbox

AF_ROW = "af_detection"
AF_NOTE = "No area-level AF detection data in the shipped sources"
SERVING_ADMISSIONS = "serving_units_admissions"
# QOF achievement is published for ICBs (and England) only
ICB_ONLY = frozenset({"af_anticoagulated_qof_pct", "bp_to_target_79_under_qof_pct",
                      "bp_to_target_80_over_qof_pct"})
ICB_ONLY_NOTE = "Published for ICBs only (QOF counts by registered practice): choose an ICB"
NO_STANDARD = "No national standard; compared with England"


@dataclass(frozen=True)
class Stage:
    """One stage of the pathway: its rows in display order."""

    key: str
    title: str
    question: str
    rows: tuple[str, ...]


STAGES = (
    Stage("risk", "Risk", "How common are the risks that lead to stroke?",
          ("hypertension_qof_pct", "af_qof_pct", "smoking_pct", AF_ROW)),
    Stage("prevention", "Prevention", "Are people at risk treated to prevent a stroke?",
          ("af_anticoagulated_qof_pct", "bp_to_target_79_under_qof_pct",
           "bp_to_target_80_over_qof_pct")),
    Stage("access", "Access", "How quickly can residents reach thrombolysis and thrombectomy?",
          ("ivt_within_30min_pct", "ivt_within_45min_pct", "ivt_within_60min_pct",
           "mt_within_30min_pct", "mt_within_45min_pct", "mt_within_60min_pct",
           "ivt_minutes_mean", "mt_minutes_mean")),
    Stage("acute", "Acute care", "How much do the units that serve residents treat?",
          ("serving_unit_thrombolysis_rate_pct", "serving_unit_thrombectomy_rate_pct",
           SERVING_ADMISSIONS)),
    Stage("outcome", "Outcome", "How many residents have a stroke, and die avoidably?",
          ("stroke_admissions_rate", "avoidable_mortality_rate")),
)
PATHWAY_INDICATORS = [r for s in STAGES for r in s.rows if r not in (AF_ROW, SERVING_ADMISSIONS)]
# names for rows the warehouse may not hold yet (the catalogue's own name wins when present)
FALLBACK = {
    AF_ROW: {"name": "Atrial fibrillation (AF) detection", "unit": "%"},
    "mt_within_30min_pct": {"name": "Population within 30 minutes of a thrombectomy centre",
                            "unit": "% of population", "polarity": "higher_is_better"},
    "mt_within_45min_pct": {"name": "Population within 45 minutes of a thrombectomy centre",
                            "unit": "% of population", "polarity": "higher_is_better"},
    "serving_unit_thrombolysis_rate_pct": {"name": "Thrombolysis rate at the serving units",
                                           "unit": "%", "polarity": "higher_is_better"},
    "serving_unit_thrombectomy_rate_pct": {"name": "Thrombectomy rate at the serving units",
                                           "unit": "%", "polarity": "higher_is_better"},
}
PATHWAY_COLUMNS = [
    "stage", "indicator_id", "name", "unit", "polarity", "role", "period", "value", "lower_95",
    "upper_95", "count", "denominator", "is_suppressed", "compared_to_england", "note",
    "england", "standard", "standard_text", "standard_source", "reference", "reference_value",
    "gap", "direction", "source", "licence", "status", "quality_flag", "quality_reason",
]

# verdict colours: the same as the atlas's comparison colours ("not compared" is neutral)
DIRECTION_COLOURS = theme.COMPARISON_COLOURS
STANDARD_COLOUR = "#CC79A7"  # Okabe-Ito reddish purple


# ---------------------------------------------------------------- pathway table logic
def _missing(value) -> bool:
    """True for None, NaN, NA and NaT (scalars only)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def direction(value: float, lower: float, upper: float, reference: float,
              polarity: str) -> str | None:
    """The verdict of a value against its reference from its 95% CI (see
    :func:`core.verdicts.compare`): better/similar/worse (higher/similar/lower without a
    polarity), ``verdicts.NOT_COMPARED`` without a CI or reference, None without a value."""
    if _missing(value):
        return None
    return verdicts.compare(lower, upper, reference, polarity=polarity)


def parse_standard(raw) -> tuple[float, str]:
    """A catalogue ``standard`` as (number, text): NaN and '' when none is stated."""
    if _missing(raw):
        return float("nan"), ""
    try:
        return float(raw), ""
    except (TypeError, ValueError):
        return float("nan"), str(raw).strip()


def latest_period(meta: dict | pd.Series | None) -> str | None:
    """The catalogue's latest period of an indicator (:func:`core.periods.latest_period`)."""
    return None if meta is None else latest_of(meta.get("periods"))


def _row_positions(values: pd.DataFrame) -> dict[tuple, int]:
    """Position of the first row of each (indicator_id, area_code, period) in ``values``."""
    if values.empty:
        return {}
    out: dict[tuple, int] = {}
    keys = zip(values["indicator_id"], values["area_code"], values["period"], strict=True)
    for pos, key in enumerate(keys):
        out.setdefault(key, pos)
    return out


def _row(values: pd.DataFrame, positions: dict[tuple, int], indicator_id: str, area_code: str,
         period: str | None) -> dict:
    """The first row of ``values`` for the indicator, area and period, as a dict ({} if none)."""
    pos = None if period is None else positions.get((indicator_id, area_code, period))
    return {} if pos is None else values.iloc[pos].to_dict()


def pathway_row(stage: str, meta: dict | None, area: dict, england: dict, *,
                indicator_id: str, period: str | None) -> dict:
    """One pathway row: area and England values, the reference, gap and direction."""
    fallback = FALLBACK.get(indicator_id, {})
    meta = meta or {}
    out: dict = dict.fromkeys(PATHWAY_COLUMNS)
    polarity = meta.get("polarity") or fallback.get("polarity") or "no_judgement"
    out.update(
        stage=stage, indicator_id=indicator_id,
        name=meta.get("name") or fallback.get("name") or indicator_id.replace("_", " "),
        unit=meta.get("unit") or fallback.get("unit") or "", polarity=polarity,
        role=meta.get("role"), period=period, source=meta.get("source"),
        licence=meta.get("licence"),
    )
    for col in ("value", "lower_95", "upper_95", "count", "denominator"):
        out[col] = float(area[col]) if not _missing(area.get(col)) else float("nan")
    out["is_suppressed"] = bool(area.get("is_suppressed")) if not _missing(
        area.get("is_suppressed")) else False
    out["compared_to_england"] = area.get("compared_to_england")
    out["note"] = area.get("note") if not _missing(area.get("note")) else ""
    for col in ("quality_flag", "quality_reason"):
        out[col] = None if _missing(area.get(col)) else str(area[col])
    out["england"] = float(england["value"]) if not _missing(england.get("value")) else float(
        "nan")
    standard, standard_text = parse_standard(meta.get("standard"))
    source = meta.get("standard_source")
    out.update(standard=standard, standard_text=standard_text,
               standard_source="" if _missing(source) else str(source))
    if not _missing(standard):
        out["reference"], out["reference_value"] = "standard", standard
    else:
        out["reference"], out["reference_value"] = "England", out["england"]
    if _missing(out["value"]) or _missing(out["reference_value"]):
        out["gap"] = float("nan")
    else:
        out["gap"] = out["value"] - out["reference_value"]
    out["direction"] = direction(out["value"], out["lower_95"], out["upper_95"],
                                 out["reference_value"], polarity)
    if indicator_id == AF_ROW:
        out.update(status="not available", note=AF_NOTE, reference=None)
    elif not meta:
        out.update(status="not in warehouse",
                   note=f"No data: this warehouse does not hold {indicator_id} yet")
    elif out["quality_flag"]:
        # kept for reference, never judged against the standard or England
        out.update(status="flagged", gap=float("nan"), direction=None,
                   note=f"Flagged as implausible by the build's quality gates: "
                        f"{out['quality_reason']}. Not compared or used")
    elif _missing(out["value"]):
        out["status"] = "no data"
        if not out["note"]:
            out["note"] = ICB_ONLY_NOTE if indicator_id in ICB_ONLY else "No data for this area"
    else:
        out["status"] = "ok"
    return out


def pathway_frame(values: pd.DataFrame, catalogue: pd.DataFrame, area_code: str,
                  england_code: str = "E92000001", *, extra: dict | None = None) -> pd.DataFrame:
    """Every pathway row for an area at each indicator's latest catalogue period.

    ``values`` holds area-total rows (any periods) for the area and England; ``catalogue`` is
    the indicators table indexed by id; ``extra`` maps derived row ids (e.g. the serving
    units' admissions) to ready rows.
    """
    rows = []
    positions = _row_positions(values)  # one pass, not a scan of the frame per row
    for stage in STAGES:
        for rid in stage.rows:
            if extra and rid in extra:
                rows.append({**dict.fromkeys(PATHWAY_COLUMNS), **extra[rid], "stage": stage.title,
                             "indicator_id": rid})
                continue
            meta = catalogue.loc[rid].to_dict() if rid in catalogue.index else None
            period = latest_period(meta)
            rows.append(pathway_row(stage.title, meta,
                                    _row(values, positions, rid, area_code, period),
                                    _row(values, positions, rid, england_code, period),
                                    indicator_id=rid, period=period))
    return pd.DataFrame(rows, columns=PATHWAY_COLUMNS)


def gap_text(row: dict | pd.Series) -> str:
    """'+3.1 percentage points', '−4.0 minutes' (sign of area minus reference)."""
    gap = row.get("gap")
    if gap is None or _missing(gap):
        return "–"
    gap = float(gap)
    unit = str(row.get("unit") or "")
    unit = "percentage points" if unit.startswith("%") else unit
    sign = "+" if gap > 0 else "−" if gap < 0 else ""
    return f"{sign}{value_text(abs(gap))} {unit}".strip()


def stage_value_text(row: dict | pd.Series) -> str:
    """Value with its unit and 95% CI where present, or why there is none."""
    if _missing(row.get("value")):
        if row.get("status") == "not available":
            return AF_NOTE
        if row.get("is_suppressed"):
            return f"Suppressed (fewer than {MIN_COUNT} events)"
        return "No data"
    text = value_text(float(row["value"]), short_unit(row.get("unit")))
    if row.get("status") == "flagged":
        return f"{FLAG_MARK} {text} (flagged: not used)"
    if not _missing(row.get("lower_95")) and not _missing(row.get("upper_95")):
        text += f" (95% CI {value_text(float(row['lower_95']))}–{value_text(float(row['upper_95']))})"
    return text


def standard_text(row: dict | pd.Series) -> str:
    """The stated standard and its source, or that there is none."""
    if row.get("status") == "not available":
        return "–"
    if not _missing(row.get("standard")):
        out = value_text(float(row["standard"]), short_unit(row.get("unit")))
    elif row.get("standard_text"):
        out = f"{row['standard_text']} (not numeric; compared with England)"
    else:
        return NO_STANDARD
    return f"{out} ({row['standard_source']})" if row.get("standard_source") else out


def headline(frame: pd.DataFrame, area_name: str) -> str:
    """Plain-language summary: where the area is significantly worse than its reference.

    Only measures with a 95% CI are tested (M); those without one are counted as not compared
    (K), never as better or worse.
    """
    count = verdicts.tally(frame["direction"])
    not_compared = (f"; {count.not_compared} {verdicts.NOT_COMPARED} "
                    f"({verdicts.NOT_COMPARED_REASON})" if count.not_compared else "")
    if not count.compared:
        return (f"{area_name}: no pathway measure can be tested against its reference"
                f"{not_compared}.")
    worse = frame[frame["direction"] == "worse"]
    text = (f"{area_name} is worse than the reference on {count.worse} of {count.compared} "
            "measures with a 95% confidence interval")
    if not worse.empty:
        text += ": " + "; ".join(f"{row['name']} ({gap_text(row)} vs {row['reference']})"
                                 for _, row in worse.iterrows())
    return text + not_compared + "."


def direction_name(direction: str, reference: str) -> str:
    """'worse than England', 'similar to the standard', 'not compared (no confidence
    interval ...)'."""
    if direction == "similar":
        return f"similar to {reference}"
    if direction in verdicts.COMPARED:
        return f"{direction} than {reference}"
    return f"{verdicts.NOT_COMPARED} (no confidence interval)"


# ---------------------------------------------------------------- stroke units
def serving_admissions(serving: pd.DataFrame) -> float:
    """Admissions 2021/22 of the units serving an area's thrombolysis, weighted by the share
    of residents each serves (suppressed or missing units left out); NaN when none."""
    if serving.empty:
        return float("nan")
    part = serving[serving["unit_kind"] == "ivt"]
    adm = pd.to_numeric(part["admissions_2021_22_count"], errors="coerce")
    share = pd.to_numeric(part["population_share_pct"], errors="coerce")
    ok = adm.notna() & share.notna() & (share > 0)
    if not ok.any():
        return float("nan")
    return float((adm[ok] * share[ok]).sum() / share[ok].sum())


# ---------------------------------------------------------------- stage figure
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


def short_unit(unit: str | None) -> str:
    """'%' for every percentage unit ('% of population'), else the unit."""
    unit = str(unit or "")
    return "%" if unit.startswith("%") else unit


def _present(value) -> str:
    return "" if _missing(value) else str(value)


def _label(row: pd.Series) -> str:
    sub = " · ".join(x for x in (_present(row["period"]), _present(row["unit"])) if x)
    return (f"{_wrap(str(row['name']))}<br>"
            f"<span style='font-size:10px;color:{theme.MUTED}'>{sub}</span>")


def _axis_range(row: pd.Series) -> list[float]:
    if short_unit(row["unit"]) == "%":
        return [0.0, 100.0]
    candidates = [row[c] for c in ("value", "upper_95", "england", "standard")
                  if not _missing(row[c])]
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
        if not _missing(row["england"]) and row["status"] != "not available":
            traces.append({
                **on, "x": [row["england"]], "y": [label], "mode": "markers", "name": "England",
                "legendgroup": "england", "showlegend": legend("england"),
                "marker": {"symbol": "line-ns", "size": 22,
                           "line": {"width": 3, "color": theme.ENGLAND_LINE}},
                "hovertemplate": f"England: {value_text(row['england'], unit)}<extra></extra>",
            })
        if not _missing(row["standard"]):
            src = f"<br>{_wrap(str(row['standard_source']), 70)}" if row["standard_source"] else ""
            traces.append({
                **on, "x": [row["standard"]], "y": [label], "mode": "markers",
                "name": "National standard", "legendgroup": "standard",
                "showlegend": legend("standard"),
                "marker": {"symbol": "diamond", "size": 13, "color": STANDARD_COLOUR,
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
            if _missing(row["england"]):
                layout[f"xaxis{xa[1:]}"].update(showticklabels=False, showgrid=False)
            continue
        has_ci = not _missing(row["lower_95"]) and not _missing(row["upper_95"])
        dirn = row["direction"] if isinstance(row["direction"], str) else verdicts.NOT_COMPARED
        ref = "the standard" if row["reference"] == "standard" else "England"
        traces.append({
            **on, "x": [row["value"]], "y": [label], "mode": "markers+text",
            "name": f"{area_name}: {direction_name(dirn, ref)}",
            "legendgroup": f"area-{dirn}", "showlegend": legend(f"area-{dirn}"),
            "text": [value_text(row["value"], unit)], "textposition": "top center",
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
        margin={"l": 10, "r": 30, "t": top, "b": bottom},
        font={"family": theme.FONT, "color": theme.TEXT, "size": 12},
        plot_bgcolor="white", paper_bgcolor="white",
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                "font": {"size": 11}},
        hovermode="closest",
        annotations=annotations,
    )
    return go.Figure({"data": traces, "layout": layout})


# ---------------------------------------------------------------- travel-time map
TRAVEL_BREAKS = (15, 30, 45, 60)
TRAVEL_LABELS = ("under 15", "15–30", "30–45", "45–60", "60 or more")
TRAVEL_COLOURS = theme.SEQUENTIAL[5]  # as the atlas: yellow = near, purple = far
TRAVEL_ZMAX = 75.0
TRAVEL_TARGETS = {
    "ivt": ("ivt_minutes", "nearest thrombolysis (IVT) unit"),
    "mt": ("mt_minutes", "nearest thrombectomy (MT) centre"),
}
IVT_COLOUR = "#D55E00"  # Okabe-Ito vermillion
MT_COLOUR = "#0072B2"  # Okabe-Ito blue
OTHER_UNIT_COLOUR = "#7f7f7f"
SERVING_COLOUR = "#CC79A7"  # Okabe-Ito reddish purple: stands out on yellow and green
SURFACE, NO_DATA_TRACE, OUTLINE_CASING, OUTLINE, SERVING = range(5)


def fit_view(bounds: tuple[float, float, float, float] | None,
             points: pd.DataFrame | None = None, *, margin: float = 0.2) -> dict:
    """Centre and zoom (``figures.map.view_for_bbox``) of the box holding the area and the
    units serving it (``longitude``/``latitude`` of ``points``), widened by ``margin`` of its
    size; England's view when ``bounds`` is None."""
    if bounds is None:
        return view_for_bbox(None)
    lons, lats = [bounds[0], bounds[2]], [bounds[1], bounds[3]]
    if points is not None and not points.empty:
        part = points.dropna(subset=["longitude", "latitude"])
        lons += part["longitude"].astype(float).tolist()
        lats += part["latitude"].astype(float).tolist()
    pad_lon = (max(lons) - min(lons)) * margin / 2
    pad_lat = (max(lats) - min(lats)) * margin / 2
    return view_for_bbox((min(lons) - pad_lon, min(lats) - pad_lat,
                          max(lons) + pad_lon, max(lats) + pad_lat))


def travel_colorscale(zmax: float = TRAVEL_ZMAX) -> list[list]:
    """Stepped scale over 0..zmax, class edges half a rounding step (0.05 min) below each
    break so that values rounded to 0.1 min fall in the class they belong to (15.0 -> 15-30)."""
    edges = [0.0, *[(b - 0.05) / zmax for b in TRAVEL_BREAKS], 1.0]
    scale: list[list] = []
    for colour, lo, hi in zip(TRAVEL_COLOURS, edges[:-1], edges[1:], strict=True):
        scale += [[lo, colour], [hi, colour]]
    return scale


def travel_class(minutes: pd.Series) -> pd.Series:
    """Class label per value (the map's legend classes); None when missing."""
    x = minutes.astype(float)
    idx = np.searchsorted(np.asarray(TRAVEL_BREAKS, dtype=float), x.round(1).to_numpy(),
                          side="right")
    labels = np.array(TRAVEL_LABELS, dtype=object)[idx]
    labels[x.isna().to_numpy()] = None
    return pd.Series(labels, index=minutes.index, dtype=object)


def surface_style(surface: pd.DataFrame, target: str = "ivt") -> dict:
    """The surface trace's z, hover and colour bar for a travel-time target (patchable)."""
    col, what = TRAVEL_TARGETS[target]
    z = surface[col].astype(float).round(1)
    mids = [7.5, 22.5, 37.5, 52.5, (60 + TRAVEL_ZMAX) / 2]
    return {
        "z": [None if math.isnan(v) else v for v in z.tolist()],
        "hovertemplate": (f"<b>%{{location}}</b><br>%{{z:.1f}} minutes by road to the {what}"
                          "<extra></extra>"),
        "colorbar": {
            "title": {"text": f"Minutes to the<br>{what}<br><sup>modelled road time, 2022"
                              "</sup>", "font": {"size": 12}},
            "tickvals": mids, "ticktext": list(TRAVEL_LABELS), "len": 0.42, "thickness": 16,
            "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.9)", "tickfont": {"size": 12},
        },
    }


def _flag(unit, name: str) -> bool:
    value = getattr(unit, name, False)
    return bool(value) if value is not None and value == value else False


def _unit_hover(units: pd.DataFrame) -> list[str]:
    out = []
    for u in units.itertuples(index=False):
        kind = ("Thrombectomy (MT) centre and thrombolysis unit" if u.is_mt_centre else
                "Thrombolysis (IVT) unit" if u.is_ivt_unit else "Stroke unit without thrombolysis")
        text = f"<b>{u.unit_name}</b> ({u.unit_code}, {u.country})<br>{kind}"
        if _missing(u.admissions_2021_22_count):
            text += f"<br>2021/22: admissions suppressed or not published (under {MIN_COUNT})"
        else:
            text += f"<br>2021/22: {u.admissions_2021_22_count:,.0f} stroke admissions"
            if not _missing(u.thrombolysis_rate_pct):
                text += f", thrombolysis {value_text(u.thrombolysis_rate_pct, '%')}"
            elif _flag(u, "is_thrombolysis_2021_22_suppressed"):
                text += (f", thrombolysis rate suppressed (fewer than {MIN_COUNT} patients "
                         "treated or not treated)")
            else:
                text += ", thrombolysis rate suppressed or not published"
        if not _missing(u.thrombectomy_rate_2023_24_pct):
            text += (f"<br>2023/24: {value_text(u.thrombectomy_rate_2023_24_pct, '%')} of admissions "
                     "transferred for thrombectomy")
        elif _flag(u, "is_thrombectomy_2023_24_suppressed") and not u.is_mt_centre:
            text += (f"<br>2023/24: thrombectomy transfers suppressed (fewer than {MIN_COUNT} "
                     "patients transferred or not)")
        elif u.is_mt_centre:
            text += ("<br>2023/24: thrombectomy on site (SSNAP counts transfers only; "
                     "transfers suppressed or none)")
        else:
            text += "<br>2023/24: thrombectomy transfers suppressed or not published"
        if not _missing(u.mean_length_of_stay_2023_days):
            text += f"<br>Mean length of stay 2023: {value_text(u.mean_length_of_stay_2023_days)} days"
        out.append(text)
    return out


def _points(units: pd.DataFrame, *, name: str, size: float, colour: str, legend: bool,
            hover: bool, opacity: float = 1.0) -> go.Scattermap:
    return go.Scattermap(
        lon=units["longitude"].tolist(), lat=units["latitude"].tolist(), mode="markers",
        marker={"size": size, "color": colour, "opacity": opacity},  # circles only: offline
        name=name, showlegend=legend, legendgroup=name,
        text=_unit_hover(units) if hover else None,
        hovertemplate="%{text}<extra></extra>" if hover else None,
        hoverinfo=None if hover else "skip",
    )


def unit_traces(units: pd.DataFrame) -> list[go.Scattermap]:
    """Stroke units as ringed circles: grey (no IVT), vermillion (IVT), large blue (MT)."""
    units = units.dropna(subset=["longitude", "latitude"])
    mt = units[units["is_mt_centre"].fillna(False).astype(bool)]
    ivt = units[units["is_ivt_unit"].fillna(False).astype(bool) & ~units.index.isin(mt.index)]
    other = units[~units.index.isin(mt.index) & ~units.index.isin(ivt.index)]
    traces = []
    for part, name, size, colour in (
        (other, "Stroke unit without thrombolysis", 7, OTHER_UNIT_COLOUR),
        (ivt, "Thrombolysis (IVT) unit", 11, IVT_COLOUR),
        (mt, "Thrombectomy (MT) centre (also IVT)", 17, MT_COLOUR),
    ):
        traces.append(_points(part, name=name, size=size + 4, colour="#000000", legend=False,
                              hover=False))
        traces.append(_points(part, name=f"{name} ring", size=size + 2, colour="#ffffff",
                              legend=False, hover=False))
        traces.append(_points(part, name=name, size=size, colour=colour, legend=True,
                              hover=True))
    return traces


def serving_points(serving: pd.DataFrame) -> dict:
    """lon/lat of the units serving the chosen area (the halo trace, patchable)."""
    part = serving.dropna(subset=["longitude", "latitude"]).drop_duplicates("unit_code")
    return {"lon": part["longitude"].tolist(), "lat": part["latitude"].tolist()}


def stroke_map_figure(
    lsoa_geojson: dict | str,
    surface: pd.DataFrame,
    units: pd.DataFrame,
    *,
    area_geojson: dict | str,
    area_code: str | None,
    serving: pd.DataFrame | None = None,
    view: dict | None = None,
    target: str = "ivt",
) -> go.Figure:
    """Travel-time surface by LSOA, the chosen area's outline, serving units and all units.

    Trace order (patched by index): surface, no-data LSOAs, outline casing, outline, serving
    halo, then three traces (ring, ring, dot) per unit type.
    """
    style = surface_style(surface, target)
    col = TRAVEL_TARGETS[target][0]
    missing = surface.loc[surface[col].isna(), "area_code"].tolist()
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    locations = [area_code] if area_code else []
    traces = [
        go.Choroplethmap(
            geojson=lsoa_geojson, locations=surface["area_code"].tolist(), z=style["z"],
            zmin=0, zmax=TRAVEL_ZMAX, colorscale=travel_colorscale(), colorbar=style["colorbar"],
            marker={"line": {"width": 0}, "opacity": 0.85}, hovertemplate=style["hovertemplate"],
            name="Travel time", showlegend=False,
        ),
        go.Choroplethmap(
            geojson=lsoa_geojson, locations=missing, z=[0] * len(missing),
            colorscale=[[0, theme.NO_DATA], [1, theme.NO_DATA]], showscale=False,
            marker={"line": {"width": 0}}, name="No data", showlegend=bool(missing),
            hovertemplate="<b>%{location}</b><br>No travel time<extra></extra>",
        ),
        go.Choroplethmap(
            geojson=area_geojson, locations=locations, z=[0] * len(locations), colorscale=clear,
            showscale=False, marker={"line": {"width": 5, "color": "#ffffff"}},
            hoverinfo="skip", showlegend=False, name="Selected area casing",
        ),
        go.Choroplethmap(
            geojson=area_geojson, locations=locations, z=[0] * len(locations), colorscale=clear,
            showscale=False, marker={"line": {"width": 2.5, "color": "#000000"}},
            hoverinfo="skip", showlegend=False, name="Selected area",
        ),
        go.Scattermap(
            mode="markers", **serving_points(serving if serving is not None else
                                             pd.DataFrame(columns=["unit_code", "longitude",
                                                                   "latitude"])),
            marker={"size": 34, "color": SERVING_COLOUR, "opacity": 0.85},
            name="Serves the selected area", hoverinfo="skip",
        ),
        *unit_traces(units),
        # legend key for the outline (a transparent choropleth shows no legend symbol)
        go.Scattermap(lon=[None], lat=[None], mode="lines", name="Selected area",
                      line={"color": "#000000", "width": 3}, hoverinfo="skip"),
    ]
    fig = go.Figure(traces)
    view = view or {"center": dict(theme.MAP_CENTER), "zoom": theme.MAP_ZOOM}
    fig.update_layout(
        map={"style": theme.MAP_STYLE, **view},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=theme.MAP_HEIGHT,
        font={"family": theme.FONT, "color": theme.TEXT},
        legend={"x": 0.99, "xanchor": "right", "y": 0.99, "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#999", "borderwidth": 1,
                "font": {"size": 12}, "itemsizing": "constant"},
        clickmode="event",
        uirevision=None,
    )
    return fig
