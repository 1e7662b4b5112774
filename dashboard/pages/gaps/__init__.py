"""Gaps page: need against provision, as a bivariate map, a priority list and access gradients.

``state`` (the URL state), ``components`` (weights, summary, lists and tables), ``figures``
(the map, its legend and the access chart), ``callbacks`` (thin: resolve the state, read,
draw). :func:`register` adds the page to the app. ``layout(**url_args)`` builds the view from
the query string, so a copied link reopens it (theme, geography, parent filter, period and
edited weights); back and forward are left to Dash's router, which calls it again.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from core import geographies, themes
from dashboard import ids
from dashboard.controls import area_options, labelled, loading_map, notice
from dashboard.data import gaps as gap_data
from dashboard.data import indicators
from dashboard.figures.map import graph_config
from dashboard.pages.gaps.components import no_index_key, weight_inputs
from dashboard.pages.gaps.figures import bivariate_legend
from dashboard.pages.gaps.state import GEOGRAPHIES, GapsState

PATH = GapsState.PATH


def register() -> None:
    """Register the page and its callbacks (after the Dash app is made)."""
    from dashboard.pages.gaps import callbacks  # noqa: F401  (registers them)

    dash.register_page(__name__, path=PATH, name="Gaps: need vs provision",
                       title="Need against provision", layout=layout, order=1)


def layout(**url_args) -> html.Div:
    """The gaps view for the state in the query string (unknown or unreadable values fall back
    to the defaults, and the pathway note says so)."""
    problems: list[str] = []
    view = GapsState.resolve(url_args, problems)
    theme = themes.THEMES_BY_ID[view.theme]
    years = gap_data.years_available(theme.indicator_ids)
    controls = html.Div(
        [
            labelled("Pathway", dcc.RadioItems(
                id=ids.GAPS_THEME,
                options=[{"label": t.name, "value": t.theme_id} for t in themes.THEMES],
                value=view.theme, className="radio")),
            labelled("Areas", dcc.Dropdown(
                id=ids.GAPS_GEOGRAPHY,
                options=[{"label": geographies.GEOGRAPHY_LABELS[g], "value": g}
                         for g in GEOGRAPHIES],
                value=view.geography, clearable=False)),
            labelled("Filter to areas within", dcc.Dropdown(
                id=ids.GAPS_WITHIN,
                options=[{"label": v, "value": k}
                         for k, v in geographies.PARENT_GEOGRAPHIES.items()],
                value=view.within, clearable=False)),
            labelled("…this ICB or council (empty = all England)", dcc.Dropdown(
                id=ids.GAPS_PARENT, options=area_options(view.within, limit=None),
                value=view.parent, placeholder="All England", searchable=True,
                clearable=True)),
            labelled("Data as at", dcc.Dropdown(
                id=ids.GAPS_AS_OF,
                options=[{"label": "Latest available", "value": 0}]
                + [{"label": f"{y} (latest period starting by then)", "value": y}
                   for y in years],
                value=view.asof or 0, clearable=False)),
            html.Div(weight_inputs(view.theme, view.weights, indicators.catalogue()),
                     id=ids.GAPS_WEIGHTS),
            html.Button("Reset weights to defaults", id=ids.GAPS_RESET, className="button "
                        "secondary"),
            notice(problems),
            html.P(theme.description, id=ids.GAPS_THEME_NOTE, className="hint"),
            html.Button("Download CSV of every area's indices", id=ids.GAPS_DOWNLOAD_BUTTON,
                        className="button"),
            dcc.Download(id=ids.GAPS_DOWNLOAD),
            html.Div(id=ids.GAPS_URL_SINK, hidden=True),
            dcc.Store(id=ids.GAPS_QUERY),
        ],
        className="sidebar",
    )
    main = html.Div(
        [
            html.Div(id=ids.GAPS_SUMMARY, className="provenance"),
            html.Div(
                [
                    loading_map(dcc.Graph(id=ids.GAPS_MAP,
                                          config=graph_config("need-vs-coverage-map"),  # type: ignore[arg-type]
                                          style={"height": "620px"})),
                    html.Div([dcc.Graph(id=ids.GAPS_LEGEND, figure=bivariate_legend(),
                                        config={"displayModeBar": False, "staticPlot": True}),
                              no_index_key()], className="map-legend"),
                ],
                className="map-wrap",
            ),
        ],
        className="main",
    )
    panels = html.Div(
        [
            html.Section([html.H2("Priority areas: high need, low coverage"),
                          html.Div(id=ids.GAPS_PRIORITY)], className="panel wide"),
            html.Section([html.H2("Inequality in access by deprivation"),
                          html.P(id=ids.GAPS_ACCESS_TEXT),
                          dcc.Graph(id=ids.GAPS_ACCESS, config={"displaylogo": False})],
                         className="panel"),
            html.Section([html.H2("What the indices are made of"),
                          html.Div(id=ids.GAPS_COMPONENTS)], className="panel"),
        ],
        className="panels",
    )
    return html.Div([html.Div([controls, main], className="top"), panels], className="atlas")
