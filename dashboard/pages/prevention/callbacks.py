"""Callbacks of the preventive-services page: resolve the state, read, draw (``*_outputs``
functions are tested directly)."""

from __future__ import annotations

import numpy as np
from dash import Input, Output, State, callback

from core import geographies
from dashboard import ids, response_cache, url_state
from dashboard.controls import area_options
from dashboard.data import indicators
from dashboard.data import prevention as prevention_data
from dashboard.pages.prevention import components
from dashboard.pages.prevention.figures import gradient_figure, measures_figure, need_scatter
from dashboard.pages.prevention.state import PreventionState


def prevention_outputs(view: PreventionState) -> tuple:
    """Every output of the page for a resolved view."""
    table = prevention_data.measures_table(view.geography, view.area)
    name = (indicators.area_name(view.area) if view.area else None) or "England"
    values, periods = prevention_data.measure_values(view.geography)
    meta = indicators.indicator(view.measure)
    grad_table, sii = prevention_data.gradient(values, view.measure, view.geography)
    label = geographies.GEOGRAPHY_LABELS[view.geography].split(" (")[0].lower()
    england_level = view.area is None
    note = components.provenance_note(name, sorted(set(table["source"])),
                                      england_level=england_level)
    return (note, measures_figure(table, name, england_level=england_level),
            components.measures_table(table, england_level=england_level),
            need_scatter(values, view.measure, meta, view.area, periods.get(view.measure)),
            gradient_figure(grad_table, sii, meta, label), view.to_query())


@callback(
    Output(ids.PREVENTION_NOTE, "children"),
    Output(ids.PREVENTION_MEASURES_FIG, "figure"),
    Output(ids.PREVENTION_TABLE, "children"),
    Output(ids.PREVENTION_SCATTER, "figure"),
    Output(ids.PREVENTION_GRADIENT, "figure"),
    Output(ids.PREVENTION_QUERY, "data"),
    Input(ids.PREVENTION_GEOGRAPHY, "value"),
    Input(ids.PREVENTION_AREA, "value"),
    Input(ids.PREVENTION_MEASURE, "value"),
)
@response_cache.pure
def update_prevention(geography, area, measure):
    return prevention_outputs(PreventionState.resolve(
        {"geography": geography, "area": area, "measure": measure}))


@callback(
    Output(ids.PREVENTION_AREA, "options"),
    Output(ids.PREVENTION_AREA, "value"),
    Input(ids.PREVENTION_GEOGRAPHY, "value"),
    State(ids.PREVENTION_AREA, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_area_options(geography, area):
    view = PreventionState.resolve({"geography": geography})
    options = area_options(view.geography, limit=None)
    kept = PreventionState.resolve({"geography": view.geography, "area": area}).area
    return options, kept


def csv_download(view: PreventionState) -> dict:
    """The measures table as CSV, with period, source, licence, CI and method columns."""
    table = prevention_data.measures_table(view.geography, view.area)
    table.insert(0, "area_code", view.area or geographies.ENGLAND)
    table["gradient_method"] = ("SII across 10 population-weighted groups of areas ranked by "
                                "IMD 2025 average score; 95% CI from between-area variation")
    table = table.replace({np.nan: None})
    return {"content": table.to_csv(index=False), "type": "text/csv",
            "filename": f"preventive_services_{view.area or 'england'}.csv"}


@callback(
    Output(ids.PREVENTION_DOWNLOAD, "data"),
    Input(ids.PREVENTION_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.PREVENTION_GEOGRAPHY, "value"),
    State(ids.PREVENTION_AREA, "value"),
    State(ids.PREVENTION_MEASURE, "value"),
    prevent_initial_call=True,
)
def download_csv(_n, geography, area, measure):
    return csv_download(PreventionState.resolve(
        {"geography": geography, "area": area, "measure": measure}))


url_state.push(PreventionState.PATH, ids.PREVENTION_QUERY, ids.PREVENTION_URL_SINK)
