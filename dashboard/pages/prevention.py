"""Preventive services page: health checks, screening, vaccination and smoking for an area,
against England, standards and need, with deprivation gradients. State is in the URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
from dash import dcc, html

from core import geographies, themes
from dashboard import ids, prevention_view, validation
from dashboard.controls import area_options, labelled, notice
from dashboard.data import indicators

dash.register_page(__name__, path="/prevention", name="Preventive services",
                   title="Preventive services")


def resolve(params: Mapping[str, Any], problems: list[str] | None = None) -> dict:
    """Valid state from query parameters or controls: geography, area (None = England),
    measure. Unknown or unreadable values (a list for a repeated key, a dict, a very long
    string) fall back to the defaults; what was replaced is described in ``problems``."""
    notes: list[str] = [] if problems is None else problems
    geography = validation.choice(params.get("geography"), prevention_view.GEOGRAPHIES,
                                  "utla23")
    area = validation.text(params.get("area")) or None
    if area is not None and area not in set(indicators.areas(geography)["area_code"]):
        area = None
    cat = indicators.catalogue()
    measures = [m for m in themes.PREVENTIVE_MEASURES if m in cat.index]
    default = "cancer_screening_pct" if "cancer_screening_pct" in measures else measures[0]
    measure = validation.choice(params.get("measure"), measures, default)
    for key, used in (("geography", geography), ("area", area), ("measure", measure)):
        given = params.get(key)
        if validation.replaced(given, used):
            label = str(cat.loc[used, "name"]) if key == "measure" else (
                geographies.GEOGRAPHY_LABELS.get(str(used), used) if used else "England")
            notes.append(f"{key} {validation.shown(given)} is not available, showing {label}")
    return {"geography": geography, "area": area, "measure": measure}


def layout(**url_args) -> html.Div:
    """The preventive-services view for the state in the query string (unknown or unreadable
    values fall back to the defaults, and the notes say so)."""
    problems: list[str] = []
    view = resolve(url_args, problems)
    cat = indicators.catalogue()
    controls = html.Div([
        labelled("Areas", dcc.Dropdown(
            id=ids.PREVENTION_GEOGRAPHY,
            options=[{"label": geographies.GEOGRAPHY_LABELS[g], "value": g}
                     for g in prevention_view.GEOGRAPHIES],
            value=view["geography"], clearable=False)),
        labelled("Area (empty = England)", dcc.Dropdown(
            id=ids.PREVENTION_AREA, options=area_options(view["geography"], limit=None),
            value=view["area"], placeholder="England", searchable=True, clearable=True)),
        labelled("Measure for the need and gradient charts", dcc.Dropdown(
            id=ids.PREVENTION_MEASURE,
            options=[{"label": str(cat.loc[m, "name"]), "value": m}
                     for m in themes.PREVENTIVE_MEASURES if m in cat.index],
            value=view["measure"], clearable=False)),
        html.Button("Download CSV of the measures", id=ids.PREVENTION_DOWNLOAD_BUTTON,
                    className="button"),
        dcc.Download(id=ids.PREVENTION_DOWNLOAD),
        notice(problems),
        html.P("Coverage measures (health checks, screening, vaccination) and the smoking "
               "measures they aim to reduce. Measures in the North West sample of Fingertips "
               "show 'no data' elsewhere. Gradients group areas into ten groups of equal "
               "population by IMD 2025 average score, because these measures are published "
               "for whole areas only; the CI reflects variation between areas.",
               className="hint"),
        dcc.Store(id=ids.PREVENTION_QUERY),
        html.Div(id=ids.PREVENTION_URL_SINK, hidden=True),
    ], className="sidebar")
    main = html.Div([
        html.Div(id=ids.PREVENTION_NOTE, className="provenance"),
        dcc.Graph(id=ids.PREVENTION_MEASURES_FIG, config={"displaylogo": False}),
        html.Div(id=ids.PREVENTION_TABLE),
    ], className="main")
    panels = html.Div([
        html.Section([html.H2("Coverage against need"),
                      dcc.Graph(id=ids.PREVENTION_SCATTER, config={"displaylogo": False})],
                     className="panel"),
        html.Section([html.H2("Deprivation gradient"),
                      dcc.Graph(id=ids.PREVENTION_GRADIENT, config={"displaylogo": False})],
                     className="panel"),
    ], className="panels")
    return html.Div([html.Div([controls, main], className="top"), panels], className="atlas")
