"""Components of the stroke pathway page (pure: frames in, Dash HTML out): the stage strip,
the pathway table, the serving units' table and the provenance line."""

from __future__ import annotations

import re

import pandas as pd
from dash import html

from core import geographies, verdicts
from core.formatting import value_text
from dashboard import theme
from dashboard.disclosure import MIN_COUNT
from dashboard.pages.stroke.pathway import (
    STAGES,
    gap_text,
    short_unit,
    stage_value_text,
    standard_text,
)

UNIT_PERIOD = ("2021/22 (admissions, thrombolysis); 2023/24 (admissions and thrombectomy, as "
               "first admitting team); 2023 (mean length of stay)")


def units_source(attribution: pd.DataFrame) -> str:
    """The units' publishers, '; '-joined (``attribution`` as ``stroke_data.unit_attribution``)."""
    return "; ".join(attribution["publisher"])


def units_licence(attribution: pd.DataFrame) -> str:
    """The units' distinct licences, '; '-joined in source order."""
    return "; ".join(dict.fromkeys(attribution["licence"]))


def _direction_cell(direction) -> html.Td:
    """The verdict with its colour swatch ('–' when there is no value to compare)."""
    if not isinstance(direction, str) or not direction:
        return html.Td("–", className="text")
    colour = theme.COMPARISON_COLOURS.get(direction, theme.NOT_COMPARED)
    return html.Td([html.Span(className="swatch", style={"background": colour}), direction],
                   className="text")


def _with_links(text: str) -> list:
    """Text with each http(s) address as a link (opened only when clicked)."""
    out: list = []
    for part in re.split(r"(https?://\S+?)(?=[),;]?(?:\s|$))", text):
        if part.startswith(("http://", "https://")):
            out.append(html.A("link", href=part, target="_blank", rel="noopener"))
        elif part:
            out.append(part)
    return out


def _standard_cell(r: pd.Series) -> html.Td:
    """The standard with its source (addresses as links), or that there is none."""
    text = standard_text(r)
    if pd.isna(r["standard"]) or not r["standard_source"]:
        return html.Td(text, className="text")
    value = value_text(float(r["standard"]), short_unit(r["unit"]))
    return html.Td([html.B(value), html.Br(),
                    html.Small(_with_links(str(r["standard_source"])))],
                   className="text standard")


def pathway_table(frame: pd.DataFrame) -> html.Table:
    """The pathway as a table, a header row per stage: value (95% CI), period, England,
    standard, gap to the reference and the verdict of the 95% CI against it."""
    head = ["Measure (unit)", "Period", "Area (95% CI)", "England", "Standard",
            "Gap (area − reference)", "Compared with the reference (95% CI)"]
    rows = []
    for stage in STAGES:
        rows.append(html.Tr(html.Th([html.B(stage.title), f": {stage.question}"],
                                    colSpan=len(head), className="stage-row")))
        for _, r in frame[frame["stage"] == stage.title].iterrows():
            unit = short_unit(r["unit"])
            available = r["status"] != "not available"
            england = value_text(r["england"], unit) if available else "–"
            gap = gap_text(r)
            if gap != "–":
                gap += f" vs {'standard' if r['reference'] == 'standard' else 'England'}"
            rows.append(html.Tr([
                html.Td(f"{r['name']} ({r['unit']})" if r["unit"] else r["name"],
                        className="text"),
                html.Td(r["period"] if isinstance(r["period"], str) else "–"),
                html.Td(stage_value_text(r)), html.Td(england),
                _standard_cell(r), html.Td(gap),
                _direction_cell(r["direction"]),
            ], className=f"status-{str(r['status']).replace(' ', '-')}"))
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                      className="profile stroke-table")


def stage_strip(frame: pd.DataFrame) -> html.Ol:
    """The pathway as four steps, each with how many measures are significantly worse than the
    reference among those with a 95% CI, and how many could not be compared."""
    steps = []
    for stage in STAGES:
        part = frame[frame["stage"] == stage.title]
        count = verdicts.tally(part["direction"])
        if not count.compared and not count.not_compared:
            text, kind = "no data to compare", "none"
        else:
            text = count.text()
            kind = ("worse" if count.worse else "none" if not count.compared
                    else "better" if (part["direction"] == "better").any() else "similar")
        steps.append(html.Li([html.B(stage.title), html.Br(), text],
                             className=f"stroke-step step-{kind}"))
    return html.Ol(steps, className="stroke-steps")


def provenance(area: str, name: str, geography: str) -> list:
    """The line above the map: the area, its geography and the map's sources and licence."""
    return [
        html.B(f"{name} ({area})"), f", {geographies.GEOGRAPHY_LABELS[geography].lower()}. ",
        "Map: modelled road travel time from each 2021 LSOA (SAMueL project, University of "
        "Exeter, 2022), stroke units from SSNAP (SAMueL unit list, activity 2021/22; "
        "SSNAP 2023/24 where held). Licence: SSNAP/HQIP material, not OGL.",
    ]


def _num(value, unit: str = "") -> str:
    return "–" if value is None or pd.isna(value) else value_text(float(value), unit)


def _count(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def _rate_cell(rate, lower, upper, count) -> str:
    if rate is None or pd.isna(rate):
        return "suppressed or not published"
    text = value_text(float(rate), "%")
    if count is not None and not pd.isna(count):
        text += f" ({_count(count)})"
    if lower is not None and not pd.isna(lower) and upper is not None and not pd.isna(upper):
        text += f", 95% CI {value_text(float(lower))}–{value_text(float(upper))}"
    return text


def units_table(frame: pd.DataFrame, name: str, attribution: pd.DataFrame) -> list | html.P:
    """The units serving an area (``stroke_data.serving_units``, suppression applied by the
    build) with their periods, source and licence, or that none is recorded."""
    if frame.empty:
        return html.P(f"No serving units recorded for {name}.", className="hint")
    head = ["Nearest unit for", "Unit", "Residents served (share)", "Mean road minutes",
            "Admissions 2021/22", "Thrombolysed 2021/22 (n, 95% CI)", "Admissions 2023/24",
            "Transferred for thrombectomy 2023/24 (n, 95% CI)", "Mean length of stay 2023",
            "Note"]
    rows = []
    for _, u in frame.iterrows():
        kind = {"ivt": "Thrombolysis (IVT)", "mt": "Thrombectomy (MT)"}.get(
            u["unit_kind"], str(u["unit_kind"]))
        served = _count(u["population_served_count"])
        if not pd.isna(u["population_share_pct"]):
            served += f" ({value_text(float(u['population_share_pct']), '%')})"
        rows.append(html.Tr([
            html.Td(kind, className="text"),
            html.Td(f"{u['unit_name']} ({u['unit_code']})", className="text"), html.Td(served),
            html.Td(_num(u["mean_minutes"])), html.Td(_count(u["admissions_2021_22_count"])),
            html.Td(_rate_cell(u["thrombolysis_rate_pct"], u["thrombolysis_rate_lower_95"],
                               u["thrombolysis_rate_upper_95"],
                               u["thrombolysis_2021_22_count"])),
            html.Td(_count(u["ssnap_admissions_2023_24_count"])),
            html.Td(_rate_cell(u["thrombectomy_rate_2023_24_pct"],
                               u["thrombectomy_rate_2023_24_lower_95"],
                               u["thrombectomy_rate_2023_24_upper_95"],
                               u["thrombectomy_2023_24_count"])),
            html.Td(_num(u["mean_length_of_stay_2023_days"]) + (
                " days" if not pd.isna(u["mean_length_of_stay_2023_days"]) else "")),
            html.Td(u["suppression_note"] or "", className="text"),
        ]))
    intro = html.P(
        [f"Units that are nearest by road for {name}'s residents (Census 2021 populations). "
         f"Periods: {UNIT_PERIOD}. Source: {units_source(attribution)}. Licence: "
         f"{units_licence(attribution)}. Counts below {MIN_COUNT} and the rates built on "
         "them are blank."], className="hint")
    return [intro, html.Table([html.Thead(html.Tr([html.Th(h) for h in head])),
                               html.Tbody(rows)], className="profile stroke-table")]
