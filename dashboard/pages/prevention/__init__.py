"""Preventive services page: health checks, screening, vaccination and smoking for an area,
against England, standards and need, with deprivation gradients. State is in the URL.

``state`` (the URL state), ``components`` (the table and notes), ``figures`` (the charts),
``callbacks`` (thin: resolve the state, read, draw). :func:`register` adds the page to the app.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from core import geographies
from dashboard import ids, url_state
from dashboard.controls import area_options, labelled, notice
from dashboard.data import indicators
from dashboard.pages.prevention.state import GEOGRAPHIES, PreventionState, measures

PATH = PreventionState.PATH


def register() -> None:
    """Register the page and its callbacks (after the Dash app is made)."""
    from dashboard.pages.prevention import callbacks  # noqa: F401  (registers them)

    dash.register_page(__name__, path=PATH, name="Preventive services",
                       title="Preventive services", layout=layout, order=3)


def layout(**url_args) -> html.Div:
    """The preventive-services view for the state in the query string (unknown or unreadable
    values fall back to the defaults, and the notes say so)."""
    problems: list[str] = []
    view = PreventionState.resolve(url_args, problems)
    cat = indicators.catalogue()
    controls = html.Div([
        labelled("Areas", dcc.Dropdown(
            id=ids.PREVENTION_GEOGRAPHY,
            options=[{"label": geographies.GEOGRAPHY_LABELS[g], "value": g} for g in GEOGRAPHIES],
            value=view.geography, clearable=False)),
        labelled("Area (empty = England)", dcc.Dropdown(
            id=ids.PREVENTION_AREA, options=area_options(view.geography, limit=None),
            value=view.area, placeholder="England", searchable=True, clearable=True)),
        labelled("Measure for the need and gradient charts", dcc.Dropdown(
            id=ids.PREVENTION_MEASURE,
            options=[{"label": str(cat.loc[m, "name"]), "value": m} for m in measures()],
            value=view.measure, clearable=False)),
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
        url_state.restore_marker(PreventionState.resolve({}), {
            "geography": ids.PREVENTION_GEOGRAPHY, "area": ids.PREVENTION_AREA,
            "measure": ids.PREVENTION_MEASURE}),
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
