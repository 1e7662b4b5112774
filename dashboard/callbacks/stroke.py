"""Stroke pathway callbacks: module-level ``*_view`` functions that tests call directly, and
thin ``@callback`` wrappers that only unpack inputs and read ``ctx``."""

from __future__ import annotations

import math
import re

import pandas as pd
from dash import Input, Output, Patch, State, callback, clientside_callback, ctx, html, no_update

from core import geographies, verdicts
from core.formatting import value_text
from dashboard import ids, response_cache, theme, validation
from dashboard.controls import area_options
from dashboard.data import boundaries, indicators
from dashboard.data import stroke as stroke_data
from dashboard.figures import stroke as fig_stroke
from dashboard.geometry import geometry_url
from etl.sources import SOURCES_BY_NAME

# the unit list (2021/22 activity) and, where this build has them, the SSNAP 2023/24
# thrombectomy and 2023 length-of-stay tables
_UNIT_SOURCES = [SOURCES_BY_NAME[n] for n in
                 ("stroke_units", "ssnap_thrombectomy_first_team", "ssnap_length_of_stay")
                 if n in SOURCES_BY_NAME]
UNITS_SOURCE = "; ".join(s.publisher for s in _UNIT_SOURCES)
UNITS_LICENCE = "; ".join(dict.fromkeys(s.licence for s in _UNIT_SOURCES))
UNIT_PERIOD = ("2021/22 (admissions, thrombolysis); 2023/24 (admissions and thrombectomy, as "
               "first admitting team); 2023 (mean length of stay)")


# ---------------------------------------------------------------- area choice
@callback(
    Output(ids.STROKE_AREA, "options"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "search_value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_area_options(geography, search, value):
    return area_options(geography, search, value)


def area_view(click: dict | None, geography: str, current: str | None,
              triggered: str | None) -> str | None:
    """Area after a map click (the clicked LSOA's area) or a geography change (the area of the
    new geography holding most of the current one's residents); never empty."""
    geography, current = stroke_data.clean(geography, current)
    codes = set(indicators.areas(geography)["area_code"])
    if triggered == ids.STROKE_MAP and isinstance(click, dict) and click.get("points"):
        location = validation.clicked_location(click)
        if location in codes:
            return location
        if location and str(location).startswith("E01"):
            found = stroke_data.area_of_lsoa(str(location), geography)
            if found in codes:
                return found
        return current if current in codes else stroke_data.default_area(geography)
    if current in codes:
        return current
    if current:
        source = stroke_data.geography_of(current)
        if source:
            found = stroke_data.main_area_in(current, source, geography)
            if found in codes:
                return found
    return stroke_data.default_area(geography)


@callback(
    Output(ids.STROKE_AREA, "value"),
    Input(ids.STROKE_MAP, "clickData"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def update_area(click, geography, current):
    out = area_view(click, geography, current, ctx.triggered_id)
    return no_update if out == current else out


# ---------------------------------------------------------------- map
def map_view(geography: str, area: str | None, target: str, drawn: dict | None,
             triggered: str | None = None):
    """Full figure once per page (LSOA surface by URL), then Patches: the travel-time target
    changes the surface's z; the area or geography moves the outline, halo and view.

    Returns (figure or Patch, what is drawn: {"target": ...}).
    """
    target = target if target in fig_stroke.TRAVEL_TARGETS else "ivt"
    bounds = boundaries.bbox(area, geography) if area else None
    serving = stroke_data.serving_units(geography, area) if area else None
    view = fig_stroke.fit_view(bounds, serving)
    if not drawn:
        fig = fig_stroke.stroke_map_figure(
            geometry_url("lsoa21"), stroke_data.lsoa_surface(),
            stroke_data.stroke_units(), area_geojson=geometry_url(geography),
            area_code=area, serving=serving, view=view, target=target)
        return fig, {"target": target}
    patch = Patch()
    if triggered == ids.STROKE_TRAVEL_TARGET:
        if drawn.get("target") == target:
            return no_update, no_update
        style = fig_stroke.surface_style(stroke_data.lsoa_surface(), target)
        for key in ("z", "hovertemplate", "colorbar"):
            patch["data"][fig_stroke.SURFACE][key] = style[key]
        surface = stroke_data.lsoa_surface()
        col = fig_stroke.TRAVEL_TARGETS[target][0]
        missing = surface.loc[surface[col].isna(), "area_code"].tolist()
        patch["data"][fig_stroke.NO_DATA_TRACE]["locations"] = missing
        patch["data"][fig_stroke.NO_DATA_TRACE]["z"] = [0] * len(missing)
        return patch, {"target": target}
    locations = [area] if area else []
    for index in (fig_stroke.OUTLINE_CASING, fig_stroke.OUTLINE):
        patch["data"][index]["geojson"] = geometry_url(geography)
        patch["data"][index]["locations"] = locations
        patch["data"][index]["z"] = [0] * len(locations)
    halo = fig_stroke.serving_points(serving if serving is not None else
                                     stroke_data.serving_units(geography, ""))
    patch["data"][fig_stroke.SERVING]["lon"] = halo["lon"]
    patch["data"][fig_stroke.SERVING]["lat"] = halo["lat"]
    patch["layout"]["map"]["center"] = view["center"]
    patch["layout"]["map"]["zoom"] = view["zoom"]
    return patch, no_update


@callback(
    Output(ids.STROKE_MAP, "figure"),
    Output(ids.STROKE_MAP_DRAWN, "data"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
    Input(ids.STROKE_TRAVEL_TARGET, "value"),
    State(ids.STROKE_MAP_DRAWN, "data"),
)
@response_cache.pure
def update_map(geography, area, target, drawn):
    geography, area = stroke_data.clean(geography, area)
    target = validation.choice(target, fig_stroke.TRAVEL_TARGETS, "ivt")
    return map_view(geography, area, target, validation.mapping(drawn), ctx.triggered_id)


# ---------------------------------------------------------------- pathway
def _serving_row(geography: str, area: str) -> dict:
    """The derived 'serving units' admissions' row of the acute-care stage."""
    units = stroke_data.serving_units(geography, area)
    value = fig_stroke.serving_admissions(units)
    england_units = stroke_data.serving_units("england", geographies.ENGLAND)
    england = fig_stroke.serving_admissions(england_units)
    if math.isnan(england):
        england = stroke_data.england_serving_admissions(fig_stroke.MIN_COUNT)
    polarity = "no_judgement"
    status = "ok" if not math.isnan(value) else "no data"
    note = ("Mean of the serving thrombolysis units' 2021/22 stroke admissions, weighted by "
            "the share of the area's residents each serves (units with fewer than "
            f"{fig_stroke.MIN_COUNT} admissions left out)")
    if status == "no data":
        note = ("No data: no serving-unit table (area_stroke_units) for this area in the "
                "warehouse" if units.empty else "No data: serving units' admissions suppressed")
    return {
        "name": "Stroke admissions at the serving thrombolysis units",
        "unit": "admissions per unit per year", "polarity": polarity, "role": "context", "period": "2021/22",
        "value": value, "lower_95": float("nan"), "upper_95": float("nan"),
        "count": float("nan"), "denominator": float("nan"), "is_suppressed": False,
        "compared_to_england": None, "note": note, "england": england,
        "standard": float("nan"), "standard_text": "", "standard_source": "",
        "reference": "England", "reference_value": england,
        "gap": value - england if status == "ok" else float("nan"),
        "direction": fig_stroke.direction(value, float("nan"), float("nan"), england, polarity),
        "source": _UNIT_SOURCES[0].publisher, "licence": _UNIT_SOURCES[0].licence, "status": status,
    }


def pathway_frame(geography: str, area: str) -> pd.DataFrame:
    """Every pathway row for the area (see :func:`dashboard.figures.stroke.pathway_frame`)."""
    values = stroke_data.pathway_values(area, fig_stroke.PATHWAY_INDICATORS)
    return fig_stroke.pathway_frame(
        values, indicators.catalogue(), area, geographies.ENGLAND,
        extra={fig_stroke.SERVING_ADMISSIONS: _serving_row(geography, area)})


def _direction_cell(direction) -> html.Td:
    """The verdict with its colour swatch ('–' when there is no value to compare)."""
    if not isinstance(direction, str) or not direction:
        return html.Td("–", className="text")
    colour = fig_stroke.DIRECTION_COLOURS.get(direction, theme.NOT_COMPARED)
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
    text = fig_stroke.standard_text(r)
    if pd.isna(r["standard"]) or not r["standard_source"]:
        return html.Td(text, className="text")
    value = value_text(float(r["standard"]), fig_stroke.short_unit(r["unit"]))
    return html.Td([html.B(value), html.Br(),
                    html.Small(_with_links(str(r["standard_source"])))],
                   className="text standard")


def pathway_table(frame: pd.DataFrame) -> html.Table:
    """The pathway as a table, a header row per stage: value (95% CI), period, England,
    standard, gap to the reference and the verdict of the 95% CI against it."""
    head = ["Measure (unit)", "Period", "Area (95% CI)", "England", "Standard",
            "Gap (area − reference)", "Compared with the reference (95% CI)"]
    rows = []
    for stage in fig_stroke.STAGES:
        rows.append(html.Tr(html.Th([html.B(stage.title), f": {stage.question}"],
                                    colSpan=len(head), className="stage-row")))
        for _, r in frame[frame["stage"] == stage.title].iterrows():
            unit = fig_stroke.short_unit(r["unit"])
            available = r["status"] != "not available"
            england = value_text(r["england"], unit) if available else "–"
            gap = fig_stroke.gap_text(r)
            if gap != "–":
                gap += f" vs {'standard' if r['reference'] == 'standard' else 'England'}"
            rows.append(html.Tr([
                html.Td(f"{r['name']} ({r['unit']})" if r["unit"] else r["name"],
                        className="text"),
                html.Td(r["period"] if isinstance(r["period"], str) else "–"),
                html.Td(fig_stroke.stage_value_text(r)), html.Td(england),
                _standard_cell(r), html.Td(gap),
                _direction_cell(r["direction"]),
            ], className=f"status-{str(r['status']).replace(' ', '-')}"))
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                      className="profile stroke-table")


def stage_strip(frame: pd.DataFrame) -> html.Ol:
    """The pathway as four steps, each with how many measures are significantly worse than the
    reference among those with a 95% CI, and how many could not be compared."""
    steps = []
    for stage in fig_stroke.STAGES:
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


def pathway_view(geography: str, area: str | None):
    """Headline, the four stage figures, the pathway table and the provenance line."""
    area = area or stroke_data.default_area(geography)
    name = indicators.area_name(area) if area else None
    if not area or not name:
        empty = fig_stroke.stage_figure(pd.DataFrame(columns=fig_stroke.PATHWAY_COLUMNS),
                                        fig_stroke.STAGES[0], "")
        return ("No area chosen.", *[empty] * len(fig_stroke.STAGES), html.P("No area."),
                "No area chosen.")
    frame = pathway_frame(geography, area)
    figures = [fig_stroke.stage_figure(frame[frame["stage"] == s.title], s, name)
               for s in fig_stroke.STAGES]
    provenance = [
        html.B(f"{name} ({area})"), f", {geographies.GEOGRAPHY_LABELS[geography].lower()}. ",
        "Map: modelled road travel time from each 2021 LSOA (SAMueL project, University of "
        "Exeter, 2022), stroke units from SSNAP (SAMueL unit list, activity 2021/22; "
        "SSNAP 2023/24 where held). Licence: SSNAP/HQIP material, not OGL.",
    ]
    headline = [stage_strip(frame), html.P(fig_stroke.headline(frame, name))]
    return (headline, *figures, pathway_table(frame), provenance)


@callback(
    Output(ids.STROKE_HEADLINE, "children"),
    *[Output(ids.STROKE_STAGE_FIGURES[s.key], "figure") for s in fig_stroke.STAGES],
    Output(ids.STROKE_PATHWAY_TABLE, "children"),
    Output(ids.STROKE_PROVENANCE, "children"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_pathway(geography, area):
    return pathway_view(*stroke_data.clean(geography, area))


# ---------------------------------------------------------------- serving units
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


def units_view(geography: str, area: str | None):
    """Table of the units serving the area (suppression applied), or why there is none."""
    if not area:
        return html.P("No area chosen.")
    frame = stroke_data.serving_units(geography, area)
    name = indicators.area_name(area) or area
    if frame.empty:
        if not stroke_data.columns("area_stroke_units"):
            return html.P("No data: this warehouse has no serving-unit table "
                          "(area_stroke_units) yet.", className="hint")
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
         f"Periods: {UNIT_PERIOD}. Source: {UNITS_SOURCE}. Licence: "
         f"{UNITS_LICENCE}. Counts below {fig_stroke.MIN_COUNT} and the rates built on "
         "them are blank."], className="hint")
    return [intro, html.Table([html.Thead(html.Tr([html.Th(h) for h in head])),
                               html.Tbody(rows)], className="profile stroke-table")]


@callback(
    Output(ids.STROKE_UNITS_TABLE, "children"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_units(geography, area):
    return units_view(*stroke_data.clean(geography, area))


# ---------------------------------------------------------------- downloads
def pathway_csv(geography: str, area: str) -> dict:
    """The pathway table as CSV: values with period, CI, England, standard, gap, source,
    licence; suppressed values blank."""
    frame = pathway_frame(geography, area)
    frame.insert(0, "geography", geography)
    frame.insert(1, "area_code", area)
    frame.insert(2, "area_name", indicators.area_name(area))
    frame.loc[frame["is_suppressed"].fillna(False).astype(bool),
              ["value", "lower_95", "upper_95", "count", "gap"]] = float("nan")
    frame = frame.rename(columns={"england": "england_value", "name": "indicator_name"})
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"stroke_pathway_{geography}_{area}.csv"}


def units_csv(geography: str, area: str) -> dict:
    """The serving units as CSV with periods, Wilson 95% CIs, source and licence;
    counts below the threshold and their rates blank."""
    frame = stroke_data.serving_units(geography, area)
    frame.insert(2, "area_name", indicators.area_name(area))
    frame["periods"] = UNIT_PERIOD
    frame["source"] = UNITS_SOURCE
    frame["licence"] = UNITS_LICENCE
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"stroke_units_serving_{geography}_{area}.csv"}


@callback(
    Output(ids.STROKE_DOWNLOAD_PATHWAY, "data"),
    Input(ids.STROKE_DOWNLOAD_PATHWAY_BUTTON, "n_clicks"),
    State(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def download_pathway(_n, geography, area):
    view = stroke_data.resolve({"geography": geography, "area": area})
    if view["area"] is None:
        return no_update
    return pathway_csv(view["geography"], view["area"])


@callback(
    Output(ids.STROKE_DOWNLOAD_UNITS, "data"),
    Input(ids.STROKE_DOWNLOAD_UNITS_BUTTON, "n_clicks"),
    State(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def download_units(_n, geography, area):
    view = stroke_data.resolve({"geography": geography, "area": area})
    if view["area"] is None:
        return no_update
    return units_csv(view["geography"], view["area"])


# ---------------------------------------------------------------- URL state
# Writes ?geography=..&area=.. in place (replaceState: no history entries, so back/forward
# never rebuild the page under a drawing map). layout(**url_args) reads it on load.
clientside_callback(
    """
    function(geography, area) {
        const p = new URLSearchParams();
        if (geography) { p.append("geography", geography); }
        if (area) { p.append("area", area); }
        const q = "?" + p.toString();
        if (window.location.pathname === "/stroke" && window.location.search !== q) {
            window.history.replaceState(null, "", q);
        }
        return q;
    }
    """,
    Output(ids.STROKE_URL_SINK, "children"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
)
