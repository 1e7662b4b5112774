"""Stroke pathway page: where is need high and provision low along the stroke pathway?

``layout(**url_args)`` builds the view from ``?geography=..&area=..`` so a copied link reopens
it; with no (or a stale) query string it opens on Blackburn with Darwen, never empty.

``state`` (the URL state), ``pathway`` (the pathway table logic, pure), ``figures`` (the stage
charts), ``map`` (the travel-time map), ``components`` (tables and notes), ``callbacks`` (thin:
resolve the state, read, draw). :func:`register` adds the page to the app.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from core import geographies
from dashboard import ids, url_state
from dashboard.controls import labelled, loading_map, notice
from dashboard.data import indicators
from dashboard.figures.map import graph_config
from dashboard.pages.stroke.pathway import AF_NOTE, MIN_COUNT, STAGES
from dashboard.pages.stroke.state import StrokeState

PATH = StrokeState.PATH


def register() -> None:
    """Register the page and its callbacks (after the Dash app is made)."""
    from dashboard.pages.stroke import callbacks  # noqa: F401  (registers them)

    dash.register_page(__name__, path=PATH, name="Stroke pathway",
                       title="Stroke pathway: need and provision", layout=layout, order=4)


def layout(**url_args) -> html.Div:
    """The stroke pathway view for the state in the query string (unknown or unreadable
    values fall back to the defaults, and the notes say so)."""
    problems: list[str] = []
    view = StrokeState.resolve(url_args, problems)
    area = view.area
    area_opts = []
    if area:
        area_opts = [{"label": f"{indicators.area_name(area)} ({area})", "value": area}]
    controls = html.Div(
        [
            labelled(
                "Geography",
                dcc.Dropdown(
                    id=ids.STROKE_GEOGRAPHY,
                    options=[{"label": geographies.GEOGRAPHY_LABELS[g], "value": g}
                             for g in geographies.STROKE_GEOGRAPHIES],
                    value=view.geography,
                    clearable=False,
                ),
            ),
            labelled(
                "Area (type a name or code, or click the map)",
                dcc.Dropdown(
                    id=ids.STROKE_AREA,
                    options=area_opts,
                    value=area,
                    placeholder="Search areas…",
                    searchable=True,
                    clearable=False,
                ),
            ),
            labelled(
                "Map: travel time to",
                dcc.RadioItems(
                    id=ids.STROKE_TRAVEL_TARGET,
                    options=[{"label": "nearest thrombolysis (IVT) unit", "value": "ivt"},
                             {"label": "nearest thrombectomy (MT) centre", "value": "mt"}],
                    value="ivt",
                    className="radio",
                ),
            ),
            html.Button("Download CSV: pathway table", id=ids.STROKE_DOWNLOAD_PATHWAY_BUTTON,
                        className="button stroke-button"),
            dcc.Download(id=ids.STROKE_DOWNLOAD_PATHWAY),
            html.Button("Download CSV: serving units", id=ids.STROKE_DOWNLOAD_UNITS_BUTTON,
                        className="button stroke-button"),
            dcc.Download(id=ids.STROKE_DOWNLOAD_UNITS),
            html.Div(
                [
                    notice(problems),
                    html.P([html.B("Reading the pathway. "),
                            "Each measure is at its latest period and compared with the "
                            "national standard where the catalogue states one, otherwise with "
                            "England. The gap is area minus reference, in the measure's unit."]),
                    html.P([html.B("Atrial fibrillation. "), f"{AF_NOTE}."]),
                    html.P([html.B("Small numbers. "),
                            f"Unit counts below {MIN_COUNT} and the rates built on them are "
                            "blank, never zero."]),
                    html.P([html.B("Licence. "),
                            "SSNAP material (unit activity, admissions, travel times from the "
                            "SAMueL project) is not OGL: check HQIP terms before republishing."]),
                ],
                className="hint stroke-notes",
            ),
        ],
        className="sidebar",
    )
    main = html.Div(
        [
            html.Div(id=ids.STROKE_PROVENANCE, className="provenance"),
            loading_map(dcc.Graph(
                id=ids.STROKE_MAP,
                config=graph_config("stroke-travel-times"),  # type: ignore[arg-type]
                style={"height": "620px"},
            )),
            dcc.Store(id=ids.STROKE_MAP_DRAWN),
            dcc.Store(id=ids.STROKE_QUERY),
            html.Div(id=ids.STROKE_URL_SINK, hidden=True),
            url_state.restore_marker(StrokeState.resolve({}), {
                "geography": ids.STROKE_GEOGRAPHY, "area": ids.STROKE_AREA}),
        ],
        className="main",
    )
    stages = html.Div(
        [dcc.Graph(id=ids.STROKE_STAGE_FIGURES[s.key], config={"displaylogo": False},
                   className="stroke-stage") for s in STAGES],
        className="stroke-stages",
    )
    pathway = html.Section(
        [
            html.H2("The stroke pathway, stage by stage"),
            html.Div(id=ids.STROKE_HEADLINE, className="stroke-headline"),
            stages,
            html.H3("Pathway table"),
            html.Div(id=ids.STROKE_PATHWAY_TABLE, className="stroke-table-wrap"),
        ],
        className="panel wide",
    )
    units = html.Section(
        [
            html.H2("Which stroke units serve the area"),
            html.Div(id=ids.STROKE_UNITS_TABLE, className="stroke-table-wrap"),
        ],
        className="panel wide",
    )
    return html.Div(
        [html.Div([controls, main], className="top"),
         html.Div([pathway, units], className="panels")],
        className="atlas stroke",
    )
