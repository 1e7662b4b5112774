"""Atlas page: map, controls, area profile, inequality and funnel panels. State is in the URL.

``state`` (the URL state), ``components`` (options, notes, the profile table and texts),
``figures`` (trend, decile and funnel charts), ``callbacks`` (thin: resolve the state, read,
draw). :func:`register` adds the page to the app; ``layout(**url_args)`` builds the view from
the query string, so a copied link reopens it.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids, url_state
from dashboard.controls import labelled, loading_map, notice
from dashboard.data import indicators
from dashboard.figures.map import COLOURINGS, graph_config
from dashboard.pages.atlas.components import geography_options, indicator_options, period_options
from dashboard.pages.atlas.state import AtlasState, periods_by_geography

PATH = AtlasState.PATH


def register() -> None:
    """Register the page and its callbacks (after the Dash app is made)."""
    from dashboard.pages.atlas import callbacks  # noqa: F401  (registers them)

    dash.register_page(__name__, path=PATH, name="Atlas", title="Health needs atlas",
                       layout=layout, order=0)


def layout(**url_args) -> html.Div:
    """The atlas view for the state in the query string (unknown or unreadable values fall
    back to the defaults, and a note above the map says so)."""
    problems: list[str] = []
    view = AtlasState.resolve(url_args, problems)
    meta = indicators.indicator(view.indicator)
    area_opts = []
    if view.area:
        area_opts = [{"label": f"{indicators.area_name(view.area)} ({view.area})",
                      "value": view.area}]
    controls = html.Div(
        [
            labelled(
                "Indicator",
                dcc.Dropdown(
                    id=ids.ATLAS_INDICATOR,
                    options=indicator_options(indicators.catalogue()),
                    value=view.indicator,
                    clearable=False,
                    optionHeight=44,
                    maxHeight=420,
                ),
            ),
            labelled(
                "Geography",
                dcc.Dropdown(
                    id=ids.ATLAS_GEOGRAPHY,
                    options=geography_options(meta),
                    value=view.geography,
                    clearable=False,
                ),
            ),
            labelled(
                "Period",
                dcc.Dropdown(
                    id=ids.ATLAS_PERIOD,
                    options=period_options(
                        meta, periods_by_geography(meta).get(view.geography) or None),
                    value=view.period,
                    clearable=False,
                ),
            ),
            labelled(
                "Colour areas by",
                dcc.RadioItems(
                    id=ids.ATLAS_COLOURING,
                    options=[{"label": v, "value": k} for k, v in COLOURINGS.items()],
                    value=view.colouring,
                    className="radio",
                ),
            ),
            labelled(
                "Area (type a name or code, or click the map)",
                dcc.Dropdown(
                    id=ids.ATLAS_AREA,
                    options=area_opts,
                    value=view.area,
                    placeholder="Search areas…",
                    searchable=True,
                    clearable=True,
                ),
            ),
            html.Button("Download CSV of the map data", id=ids.ATLAS_DOWNLOAD_BUTTON,
                        className="button"),
            dcc.Download(id=ids.ATLAS_DOWNLOAD),
            html.P(
                "PNG: use the camera button on the map's toolbar (works offline).",
                className="hint",
            ),
            html.Div(id=ids.ATLAS_ABOUT, className="about"),
        ],
        className="sidebar",
    )
    main = html.Div(
        [
            notice(problems),
            html.Div(id=ids.ATLAS_VIEW_NOTE, role="status"),
            html.Div(id=ids.ATLAS_PROVENANCE, className="provenance"),
            loading_map(dcc.Graph(
                id=ids.ATLAS_MAP,
                config=graph_config("health-atlas-map"),  # type: ignore[arg-type]
                style={"height": "620px"},
            )),
            html.Div(id=ids.ATLAS_QUALITY_NOTE, className="quality-note"),
            dcc.Store(id=ids.ATLAS_MAP_GEOGRAPHY),
            dcc.Store(id=ids.ATLAS_QUERY),
            html.Div(id=ids.ATLAS_URL_SINK, hidden=True),
            # back/forward restores the controls in place (assets/history.js); a key the
            # address leaves out (area, when none is chosen) takes the default view's value
            url_state.restore_marker(AtlasState.resolve({}), {
                "indicator": ids.ATLAS_INDICATOR, "geography": ids.ATLAS_GEOGRAPHY,
                "period": ids.ATLAS_PERIOD, "colouring": ids.ATLAS_COLOURING,
                "area": ids.ATLAS_AREA}),
        ],
        className="main",
    )
    panels = html.Div(
        [
            html.Section(
                [html.H2("Area profile"), html.Div(id=ids.ATLAS_PROFILE),
                 html.Button("Download CSV of the profile", id=ids.ATLAS_PROFILE_CSV_BUTTON,
                             className="button", hidden=True),
                 dcc.Download(id=ids.ATLAS_PROFILE_DOWNLOAD),
                 dcc.Graph(id=ids.ATLAS_TREND, config={"displaylogo": False})],
                className="panel wide",
            ),
            html.Section(
                [html.H2("Inequality by deprivation"), html.P(id=ids.ATLAS_INEQUALITY_TEXT),
                 dcc.Graph(id=ids.ATLAS_INEQUALITY, config={"displaylogo": False})],
                className="panel",
            ),
            html.Section(
                [html.H2("Funnel plot"), html.P(id=ids.ATLAS_FUNNEL_NOTE),
                 dcc.Graph(id=ids.ATLAS_FUNNEL, config={"displaylogo": False})],
                className="panel",
            ),
        ],
        className="panels",
    )
    return html.Div([html.Div([controls, main], className="top"), panels], className="atlas")
