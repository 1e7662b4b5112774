"""Investment case and joint planning: a scenario for an intervention in chosen areas, its
modelled benefits, costs and savings by who saves, the change in the inequality gap, and a
pooled budget between the councils and NHS bodies that serve those areas.

``layout(**url_args)`` builds the page from the query string, so a copied link (or an opened
scenario file, which navigates to its link) reopens the same scenario. The controls do not hold
the whole scenario in simple values (edited figures and agreed percentages are inputs built
for the intervention and partners), so back and forward are left to Dash's router, which
rebuilds the page through ``layout(**url_args)``.

``state`` (the scenario in the URL and as a JSON file; ``scenario_values`` reads and writes
its non-text values), ``case`` (the case on the app's warehouse), ``inputs`` (the controls
read and checked), ``outputs`` (what the page shows for a scenario, and its downloads),
``components`` and ``figures`` (pure builders), ``report`` (the report's warehouse inputs),
``callbacks`` (thin). :func:`register` adds the page to the app.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from core import geographies, themes
from dashboard import ids
from dashboard.controls import area_options, labelled, notice
from dashboard.figures.map import graph_config
from dashboard.pages.investment.case import partner_rows
from dashboard.pages.investment.components import agreed_inputs, figure_table, intervention_note
from dashboard.pages.investment.state import (
    HORIZONS,
    MAX_RATE_PCT,
    MODES,
    NHS_LEVELS,
    SPLITS,
    InvestmentState,
)
from planning.case import GEOGRAPHIES, RULES
from planning.interventions import CATALOGUE

PATH = InvestmentState.PATH


def register() -> None:
    """Register the page and its callbacks (after the Dash app is made)."""
    from dashboard.pages.investment import callbacks  # noqa: F401  (registers them)

    dash.register_page(__name__, path=PATH, name="Investment case",
                       title="Investment case and joint planning", layout=layout, order=2)


def _geography_options(codes) -> list[dict]:
    return [{"label": geographies.GEOGRAPHY_LABELS[g], "value": g} for g in codes]


def layout(**url_args) -> html.Div:
    """The investment case for the scenario in the query string (unknown or unreadable values
    fall back to the defaults, and the status line under the upload says so)."""
    problems: list[str] = []
    state = InvestmentState.resolve(url_args, problems)
    mode = state.mode
    areas_block = html.Div([
        labelled("Geography", dcc.Dropdown(
            id=ids.INVESTMENT_GEOGRAPHY, options=_geography_options(GEOGRAPHIES),
            value=state.geo, clearable=False)),
        labelled("Areas (type to search; several allowed)", dcc.Dropdown(
            id=ids.INVESTMENT_AREAS, options=area_options(state.geo, limit=None),
            value=state.areas, multi=True, searchable=True, placeholder="Choose areas…")),
    ], id=ids.INVESTMENT_MODE_AREAS, hidden=mode != "areas")
    priority_block = html.Div([
        labelled("Pathway (gaps page theme)", dcc.Dropdown(
            id=ids.INVESTMENT_THEME,
            options=[{"label": t.name, "value": t.theme_id} for t in themes.THEMES],
            value=state.theme, clearable=False)),
        labelled("Areas", dcc.Dropdown(
            id=ids.INVESTMENT_PRIORITY_GEOGRAPHY,
            options=_geography_options(GEOGRAPHIES), value=state.pgeo,
            clearable=False)),
        labelled("Filter to areas within", dcc.Dropdown(
            id=ids.INVESTMENT_WITHIN,
            options=[{"label": v, "value": k} for k, v in geographies.PARENT_GEOGRAPHIES.items()],
            value=state.within, clearable=False)),
        labelled("…this area (empty = all England)", dcc.Dropdown(
            id=ids.INVESTMENT_PARENT, options=area_options(state.within, limit=None),
            value=state.parent, placeholder="All England", searchable=True,
            clearable=True)),
    ], id=ids.INVESTMENT_MODE_PRIORITY, hidden=mode != "priority")
    deprived_block = html.Div([
        labelled("Geography", dcc.Dropdown(
            id=ids.INVESTMENT_DEPRIVED_GEOGRAPHY,
            options=_geography_options(GEOGRAPHIES), value=state.dgeo,
            clearable=False)),
        labelled("Area", dcc.Dropdown(
            id=ids.INVESTMENT_DEPRIVED_AREA, options=area_options(state.dgeo, limit=None),
            value=state.darea, searchable=True, placeholder="Choose an area…"),
            "Its LSOAs in England's most deprived fifth (IMD 2025 national deciles 1-2)."),
    ], id=ids.INVESTMENT_MODE_DEPRIVED, hidden=mode != "deprived")

    controls = html.Div([
        html.H2("1. Areas", className="step"),
        labelled("Choose the areas by", dcc.RadioItems(
            id=ids.INVESTMENT_MODE, options=[{"label": v, "value": k} for k, v in MODES.items()],
            value=mode, className="radio"), visible=False),
        areas_block, priority_block, deprived_block,
        html.H2("2. Intervention", className="step"),
        labelled("Intervention", dcc.Dropdown(
            id=ids.INVESTMENT_INTERVENTION,
            options=[{"label": i.name, "value": i.intervention_id} for i in CATALOGUE],
            value=state.iv, clearable=False, optionHeight=44), visible=False),
        html.P(intervention_note(state.iv), id=ids.INVESTMENT_INTERVENTION_NOTE,
               className="hint"),
        html.H2("3. Target", className="step"),
        labelled("Target coverage", dcc.RadioItems(
            id=ids.INVESTMENT_RULE, options=[{"label": v, "value": k} for k, v in RULES.items()],
            value=state.rule, className="radio"), visible=False),
        labelled("Uplift (percentage points)", dcc.Input(
            id=ids.INVESTMENT_UPLIFT, type="number", min=0, max=100, step="any",
            value=state.uplift, debounce=True, className="number-input")),
        html.H2("4. Appraisal", className="step"),
        labelled("Horizon", dcc.RadioItems(
            id=ids.INVESTMENT_HORIZON, options=[{"label": f"{h} years", "value": h}
                                                for h in HORIZONS],
            value=state.horizon, className="radio inline")),
        labelled("Discount rate (% a year)", dcc.Input(
            id=ids.INVESTMENT_RATE, type="number", min=0, max=MAX_RATE_PCT,
            step="any", value=state.rate, debounce=True, className="number-input"),
            "3.5% is the HM Treasury Green Book social time preference rate (years 0-30)."),
        html.H2("Where data are missing", className="step"),
        labelled("Current coverage (%), your figure", dcc.Input(
            id=ids.INVESTMENT_CURRENT, type="number", min=0, max=100, step="any",
            value=state.cur, debounce=True, placeholder="from data",
            className="number-input"),
            "Leave empty to use the data (or, where there is none, a labelled placeholder)."),
        labelled("Eligible people (% of residents), your figure", dcc.Input(
            id=ids.INVESTMENT_ELIGIBLE, type="number", min=0, max=100, step="any",
            value=state.elig, debounce=True, placeholder="from data",
            className="number-input")),
        html.H2("Export", className="step"),
        html.Button("Download the report (HTML, prints to one A4 page)",
                    id=ids.INVESTMENT_REPORT_BUTTON, className="button block"),
        dcc.Download(id=ids.INVESTMENT_REPORT_DOWNLOAD),
        html.Button("Save scenario (JSON)", id=ids.INVESTMENT_JSON_BUTTON,
                    className="button secondary block"),
        dcc.Download(id=ids.INVESTMENT_JSON_DOWNLOAD),
        dcc.Upload(html.Div(["Open a saved scenario: drop a JSON file here or ",
                             html.U("choose one")]),
                   id=ids.INVESTMENT_UPLOAD, accept=".json,application/json",
                   className="upload", multiple=False),
        html.Div(notice(problems), id=ids.INVESTMENT_UPLOAD_STATUS, role="status"),
        html.P(["Share: the page address holds the whole scenario (",
                html.A("link to this scenario", id=ids.INVESTMENT_LINK,
                       href=state.link()), ")."],
               className="hint"),
        dcc.Store(id=ids.INVESTMENT_LOCATION),
        dcc.Store(id=ids.INVESTMENT_STATE),
        dcc.Store(id=ids.INVESTMENT_QUERY),
        html.Div(id=ids.INVESTMENT_URL_SINK, hidden=True),
    ], className="sidebar")

    main = html.Div([
        html.Div(id=ids.INVESTMENT_STATUS, role="alert"),
        html.Section([html.H2("People and coverage"),
                      dcc.Loading(html.Div(id=ids.INVESTMENT_POPULATIONS), delay_show=400)],
                     className="block"),
        html.Section([html.H2("Results"), html.Div(id=ids.INVESTMENT_RESULTS),
                      dcc.Graph(id=ids.INVESTMENT_EVENTS_CHART,
                                config={"displaylogo": False}, style={"height": "260px"})],
                     className="block"),
        html.Section([html.H2("Uncertainty: probabilistic sensitivity analysis"),
                      html.Div(id=ids.INVESTMENT_PSA),
                      dcc.Graph(id=ids.INVESTMENT_TORNADO, config={"displaylogo": False})],
                     className="block"),
    ], className="main")

    partners = state.split
    rows = partner_rows(state)
    planning = html.Section([
        html.H2("Joint planning: partners and a pooled budget"),
        html.Div([
            html.Div([
                dcc.Graph(id=ids.INVESTMENT_MAP, style={"height": "460px"},
                          config=graph_config("investment-partners-map")),  # type: ignore[arg-type]
                html.P(id=ids.INVESTMENT_MAP_LEGEND, className="legend"),
            ]),
            html.Div([
                labelled("NHS partners", dcc.RadioItems(
                    id=ids.INVESTMENT_NHS_LEVEL,
                    options=[{"label": v, "value": k} for k, v in NHS_LEVELS.items()],
                    value=state.nhs, className="radio inline")),
                labelled("Split the pooled budget by", dcc.RadioItems(
                    id=ids.INVESTMENT_SPLIT,
                    options=[{"label": v, "value": k} for k, v in SPLITS.items()],
                    value=partners, className="radio inline")),
                html.Div([html.P("Agreed percentages (must add up to 100):",
                                 className="control-label"),
                          html.Div(agreed_inputs(rows, state.agreed),
                                   id=ids.INVESTMENT_AGREED)],
                         id=ids.INVESTMENT_AGREED_WRAP, hidden=partners != "agreed"),
                html.Div(id=ids.INVESTMENT_PARTNERS),
            ]),
        ], className="planning-grid"),
    ], className="panel wide")
    panels = html.Div([
        planning,
        html.Section([html.H2("Inequality: the gap by deprivation"),
                      html.Div(id=ids.INVESTMENT_INEQUALITY)], className="panel wide"),
        html.Section([html.H2("Figures and assumptions (edit any value; edits are marked as "
                              "your assumptions)"),
                      html.Div(figure_table(state.iv, state.ovr),
                               id=ids.INVESTMENT_FIGURES)], className="panel wide"),
    ], className="panels")
    return html.Div([html.Div([controls, main], className="top"), panels],
                    className="atlas investment")
