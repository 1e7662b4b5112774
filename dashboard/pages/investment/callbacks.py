"""Callbacks of the investment case page, thin: resolve the scenario from the controls
(:mod:`.inputs`), compute and draw it (:mod:`.outputs`, whose functions are tested directly),
and fill the named outputs."""

from __future__ import annotations

import flask
from dash import (
    ALL,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    html,
    no_update,
)

from core import geographies
from dashboard import ids, response_cache, url_state, validation
from dashboard.controls import area_options
from dashboard.pages.investment.case import partner_rows
from dashboard.pages.investment.components import agreed_inputs, figure_table, intervention_note
from dashboard.pages.investment.inputs import figure_statuses, stored_state, view_from_inputs
from dashboard.pages.investment.outputs import (
    OUTPUT_TARGETS,
    investment_outputs,
    json_download,
    report_download,
    upload_view,
)
from dashboard.pages.investment.state import InvestmentState
from planning.interventions import CATALOGUE_BY_ID

_CONTROLS = {
    "mode": ids.INVESTMENT_MODE, "geo": ids.INVESTMENT_GEOGRAPHY, "areas": ids.INVESTMENT_AREAS,
    "theme": ids.INVESTMENT_THEME, "pgeo": ids.INVESTMENT_PRIORITY_GEOGRAPHY,
    "within": ids.INVESTMENT_WITHIN, "parent": ids.INVESTMENT_PARENT,
    "dgeo": ids.INVESTMENT_DEPRIVED_GEOGRAPHY, "darea": ids.INVESTMENT_DEPRIVED_AREA,
    "iv": ids.INVESTMENT_INTERVENTION, "rule": ids.INVESTMENT_RULE,
    "uplift": ids.INVESTMENT_UPLIFT, "horizon": ids.INVESTMENT_HORIZON,
    "rate": ids.INVESTMENT_RATE, "cur": ids.INVESTMENT_CURRENT,
    "elig": ids.INVESTMENT_ELIGIBLE, "nhs": ids.INVESTMENT_NHS_LEVEL,
    "split": ids.INVESTMENT_SPLIT,
}
_FIGURE = {"type": ids.INVESTMENT_FIGURE, "iv": ALL, "field": ALL, "part": ALL}
_AGREED = {"type": ids.INVESTMENT_AGREED_INPUT, "partner": ALL}


@callback(
    *[Output(id_, prop) for id_, prop in OUTPUT_TARGETS.values()],
    *[Input(c, "value") for c in _CONTROLS.values()],
    Input(_FIGURE, "value"),
    State(_FIGURE, "id"),
    Input(_AGREED, "value"),
    State(_AGREED, "id"),
)
@response_cache.pure
def update_investment(*args):
    values = dict(zip(_CONTROLS, args[: len(_CONTROLS)], strict=True))
    figure_values, figure_ids, agreed_values, agreed_ids = args[len(_CONTROLS):]
    state = view_from_inputs(**values, figure_values=figure_values, figure_ids=figure_ids,
                             agreed_values=agreed_values, agreed_ids=agreed_ids)
    return investment_outputs(state).values()


@callback(
    Output(ids.INVESTMENT_MODE_AREAS, "hidden"),
    Output(ids.INVESTMENT_MODE_PRIORITY, "hidden"),
    Output(ids.INVESTMENT_MODE_DEPRIVED, "hidden"),
    Input(ids.INVESTMENT_MODE, "value"),
)
def show_mode(mode):
    return mode != "areas", mode != "priority", mode != "deprived"


@callback(
    Output(ids.INVESTMENT_UPLIFT, "disabled"),
    Input(ids.INVESTMENT_RULE, "value"),
)
def enable_uplift(rule):
    return rule != "uplift_pp"


@callback(
    Output(ids.INVESTMENT_AGREED_WRAP, "hidden"),
    Input(ids.INVESTMENT_SPLIT, "value"),
)
def show_agreed(split):
    return split != "agreed"


@callback(
    Output(ids.INVESTMENT_AREAS, "options"),
    Output(ids.INVESTMENT_AREAS, "value"),
    Input(ids.INVESTMENT_GEOGRAPHY, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_area_options(geography):
    return area_options(geography, limit=None), []


@callback(
    Output(ids.INVESTMENT_DEPRIVED_AREA, "options"),
    Output(ids.INVESTMENT_DEPRIVED_AREA, "value"),
    Input(ids.INVESTMENT_DEPRIVED_GEOGRAPHY, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_deprived_options(geography):
    return area_options(geography, limit=None), None


@callback(
    Output(ids.INVESTMENT_WITHIN, "value"),
    Input(ids.INVESTMENT_PRIORITY_GEOGRAPHY, "value"),
    State(ids.INVESTMENT_WITHIN, "value"),
    prevent_initial_call=True,
)
def update_within(geography, within):
    new = geographies.filter_geography(geography, within)
    return no_update if new == within else new


@callback(
    Output(ids.INVESTMENT_PARENT, "options"),
    Output(ids.INVESTMENT_PARENT, "value"),
    Input(ids.INVESTMENT_WITHIN, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_parent_options(within):
    return area_options(within, limit=None), None


@callback(
    Output(ids.INVESTMENT_FIGURES, "children"),
    Output(ids.INVESTMENT_INTERVENTION_NOTE, "children"),
    Output(ids.INVESTMENT_CURRENT, "value"),
    Output(ids.INVESTMENT_ELIGIBLE, "value"),
    Input(ids.INVESTMENT_INTERVENTION, "value"),
    prevent_initial_call=True,
)
def change_intervention(iv_id):
    iv_id = validation.choice(iv_id, CATALOGUE_BY_ID, None)
    if iv_id is None:
        return no_update, no_update, no_update, no_update
    return figure_table(iv_id), intervention_note(iv_id), None, None


@callback(
    Output({"type": ids.INVESTMENT_FIGURE_STATUS, "iv": ALL, "field": ALL}, "children"),
    Input(_FIGURE, "value"),
    State(_FIGURE, "id"),
    State({"type": ids.INVESTMENT_FIGURE_STATUS, "iv": ALL, "field": ALL}, "id"),
    prevent_initial_call=True,
)
def update_figure_statuses(values, id_list, status_ids):
    # one badge per output the request names (a tampered state list cannot change the count)
    outputs = [o.get("id") for o in ctx.outputs_list if isinstance(o, dict)]
    if not isinstance(status_ids, list) or len(status_ids) != len(outputs):
        status_ids = outputs
    return figure_statuses(values, id_list, status_ids)


@callback(
    Output(ids.INVESTMENT_AGREED, "children"),
    Input(ids.INVESTMENT_MODE, "value"),
    Input(ids.INVESTMENT_GEOGRAPHY, "value"),
    Input(ids.INVESTMENT_AREAS, "value"),
    Input(ids.INVESTMENT_THEME, "value"),
    Input(ids.INVESTMENT_PRIORITY_GEOGRAPHY, "value"),
    Input(ids.INVESTMENT_WITHIN, "value"),
    Input(ids.INVESTMENT_PARENT, "value"),
    Input(ids.INVESTMENT_DEPRIVED_GEOGRAPHY, "value"),
    Input(ids.INVESTMENT_DEPRIVED_AREA, "value"),
    Input(ids.INVESTMENT_NHS_LEVEL, "value"),
    prevent_initial_call=True,
)
def update_agreed_inputs(mode, geo, areas, theme, pgeo, within, parent, dgeo, darea, nhs):
    state = InvestmentState.resolve({"mode": mode, "geo": geo, "areas": areas,
                             "theme": theme, "pgeo": pgeo, "within": within, "parent": parent,
                             "dgeo": dgeo, "darea": darea, "nhs": nhs})
    return agreed_inputs(partner_rows(state))


@callback(
    Output(ids.INVESTMENT_REPORT_DOWNLOAD, "data"),
    Output(ids.INVESTMENT_UPLOAD_STATUS, "children", allow_duplicate=True),
    Input(ids.INVESTMENT_REPORT_BUTTON, "n_clicks"),
    State(ids.INVESTMENT_STATE, "data"),
    prevent_initial_call=True,
)
def download_report(_n, state):
    if not ctx.triggered_id or not state:
        return no_update, no_update
    checked, why = stored_state(state)
    if checked is None:
        return no_update, html.P(f"No report: {why}.", className="warning", role="alert")
    try:
        return report_download(checked, base_url=flask.request.host_url), ""
    except ValueError as err:
        return no_update, html.P(f"No report: {err}", className="warning", role="alert")


@callback(
    Output(ids.INVESTMENT_JSON_DOWNLOAD, "data"),
    Input(ids.INVESTMENT_JSON_BUTTON, "n_clicks"),
    State(ids.INVESTMENT_STATE, "data"),
    prevent_initial_call=True,
)
def download_json(_n, state):
    if not ctx.triggered_id or not state:
        return no_update
    checked, _ = stored_state(state)
    return no_update if checked is None else json_download(checked)


@callback(
    Output(ids.INVESTMENT_LOCATION, "data"),
    Output(ids.INVESTMENT_UPLOAD_STATUS, "children"),
    Input(ids.INVESTMENT_UPLOAD, "contents"),
    State(ids.INVESTMENT_UPLOAD, "filename"),
    prevent_initial_call=True,
)
def open_scenario(contents, filename):
    return upload_view(contents, filename)


clientside_callback(
    """
    function(href) {
        if (href) { window.location.assign(href); }
        return href || "";
    }
    """,
    Output(ids.INVESTMENT_URL_SINK, "title"),
    Input(ids.INVESTMENT_LOCATION, "data"),
    prevent_initial_call=True,
)

url_state.push(InvestmentState.PATH, ids.INVESTMENT_QUERY, ids.INVESTMENT_URL_SINK)
