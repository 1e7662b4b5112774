"""Callbacks of the gaps page: resolve the state, read, draw (``*_outputs``, ``*_view`` and
:func:`csv_download` are plain functions tested directly; the ``@callback`` wrappers only
unpack inputs)."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, no_update

from core import geographies, themes
from dashboard import ids, response_cache, url_state, validation
from dashboard.controls import area_options
from dashboard.data import boundaries, indicators
from dashboard.data import gaps as gap_data
from dashboard.geometry import geometry_url
from dashboard.pages.gaps import components
from dashboard.pages.gaps.figures import access_sii_figure, bivariate_legend, gap_map
from dashboard.pages.gaps.state import (
    DEFAULT_THEME,
    DEFAULT_WITHIN,
    GapsState,
    default_weights,
    encode_weights,
)

#: rows of the priority list
PRIORITY_LIMIT = 25


def access_view(view: GapsState, periods: dict) -> tuple:
    """Sentences and SII chart of the theme's coverage measures across IMD deciles."""
    frame = gap_data.access_inequality(view.theme, view.parent, periods)
    where = (indicators.area_name(view.parent) if view.parent else None) or "England"
    return components.access_text(frame, where), access_sii_figure(frame, where)


def gaps_outputs(view: GapsState) -> tuple:
    """Every output of the page for one resolved view."""
    table, periods = gap_data.gap_table(view.theme, view.geography, within=view.within,
                                        parent=view.parent, asof=view.asof,
                                        weights=view.weights)
    cat = indicators.catalogue()
    theme = themes.THEMES_BY_ID[view.theme]
    counts = table.loc[table["in_parent"], "bivariate_class"].value_counts()
    where = (indicators.area_name(view.parent) if view.parent else None) or "England"
    flagged = components.flagged_note(gap_data.flagged_values(view.geography, periods), cat)
    england = {ind: indicators.england_row(ind, period) if period else None
               for ind, period in periods.items()}
    access_text, access_fig = access_view(view, periods)
    fig = gap_map(indicators.areas(view.geography), table, theme_name=theme.name,
                  geojson=geometry_url(view.geography),
                  bounds=boundaries.bbox(view.parent, view.within) if view.parent else None,
                  parent=view.parent, parent_geojson=geometry_url(view.within))
    return (
        fig,
        bivariate_legend(counts),
        components.summary(theme.name, view.geography, where, table, periods, cat, flagged),
        components.priority_list(
            gap_data.priority_list(table, view.theme, view.weights, PRIORITY_LIMIT), cat),
        components.components_table(view.theme, view.weights, table, periods, england, cat),
        access_text,
        access_fig,
        view.to_query(),
    )


def view_from_inputs(theme, geography, within, parent, asof, weight_values,
                     weight_ids) -> GapsState:
    """Resolved state from the controls (weights of another theme are ignored; weights that
    are not non-negative numbers, or whose input id is malformed, are ignored too)."""
    weights = {}
    for indicator, value in validation.pairs(weight_ids, weight_values, key="indicator"):
        number = validation.number(value, low=0)
        if number is not None:
            weights[indicator] = number
    theme_id = validation.choice(theme, themes.THEMES_BY_ID, "")
    w = encode_weights(theme_id, weights) if theme_id else ""
    return GapsState.resolve({"theme": theme, "geography": geography, "within": within,
                              "parent": parent, "asof": asof or "", "w": w})


@callback(
    Output(ids.GAPS_MAP, "figure"),
    Output(ids.GAPS_LEGEND, "figure"),
    Output(ids.GAPS_SUMMARY, "children"),
    Output(ids.GAPS_PRIORITY, "children"),
    Output(ids.GAPS_COMPONENTS, "children"),
    Output(ids.GAPS_ACCESS_TEXT, "children"),
    Output(ids.GAPS_ACCESS, "figure"),
    Output(ids.GAPS_QUERY, "data"),
    Input(ids.GAPS_THEME, "value"),
    Input(ids.GAPS_GEOGRAPHY, "value"),
    Input(ids.GAPS_WITHIN, "value"),
    Input(ids.GAPS_PARENT, "value"),
    Input(ids.GAPS_AS_OF, "value"),
    Input({"type": ids.GAPS_WEIGHT, "role": ALL, "indicator": ALL}, "value"),
    State({"type": ids.GAPS_WEIGHT, "role": ALL, "indicator": ALL}, "id"),
)
@response_cache.pure
def update_gaps(theme, geography, within, parent, asof, weight_values, weight_ids):
    return gaps_outputs(view_from_inputs(theme, geography, within, parent, asof,
                                         weight_values, weight_ids))


@callback(
    Output(ids.GAPS_WEIGHTS, "children"),
    Output(ids.GAPS_THEME_NOTE, "children"),
    Input(ids.GAPS_THEME, "value"),
    Input(ids.GAPS_RESET, "n_clicks"),
    prevent_initial_call=True,
)
def reset_weights(theme, _n):
    theme = validation.choice(theme, themes.THEMES_BY_ID, DEFAULT_THEME)
    return (components.weight_inputs(theme, default_weights(theme), indicators.catalogue()),
            themes.THEMES_BY_ID[theme].description)


@callback(
    Output(ids.GAPS_WITHIN, "value"),
    Input(ids.GAPS_GEOGRAPHY, "value"),
    State(ids.GAPS_WITHIN, "value"),
    prevent_initial_call=True,
)
def update_within(geography, within):
    new = geographies.filter_geography(geography, within)
    return no_update if new == within else new


@callback(
    Output(ids.GAPS_PARENT, "options"),
    Output(ids.GAPS_PARENT, "value"),
    Input(ids.GAPS_WITHIN, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_parent_options(within):
    within = validation.choice(within, geographies.PARENT_GEOGRAPHIES, DEFAULT_WITHIN)
    return area_options(within, limit=None), None


def csv_download(view: GapsState) -> dict:
    """Every area's values, z-scores, indices and classes, with periods and sources."""
    table, periods = gap_data.gap_table(view.theme, view.geography, within=view.within,
                                        parent=view.parent, asof=view.asof,
                                        weights=view.weights)
    theme = themes.THEMES_BY_ID[view.theme]
    frame = table[table["in_parent"]].drop(columns=["in_parent"]).reset_index()
    cat = indicators.catalogue()
    frame.insert(0, "theme", theme.name)
    frame["geography"] = view.geography
    frame["weights"] = "; ".join(f"{k}={v:g}" for k, v in view.weights.items())
    frame["periods"] = "; ".join(f"{k}={p}" for k, p in periods.items() if p)
    frame["sources"] = "; ".join(sorted({str(cat.loc[k, "source"]) for k, p in periods.items()
                                         if p and k in cat.index}))
    frame["method"] = ("z-scores over England's areas (winsorised at +/-3), weighted means; "
                       "classes are thirds of England's areas; no confidence intervals "
                       "for composite indices")
    where = view.parent or "england"
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"gaps_{view.theme}_{view.geography}_{where}.csv"}


@callback(
    Output(ids.GAPS_DOWNLOAD, "data"),
    Input(ids.GAPS_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.GAPS_THEME, "value"),
    State(ids.GAPS_GEOGRAPHY, "value"),
    State(ids.GAPS_WITHIN, "value"),
    State(ids.GAPS_PARENT, "value"),
    State(ids.GAPS_AS_OF, "value"),
    State({"type": ids.GAPS_WEIGHT, "role": ALL, "indicator": ALL}, "value"),
    State({"type": ids.GAPS_WEIGHT, "role": ALL, "indicator": ALL}, "id"),
    prevent_initial_call=True,
)
def download_csv(_n, theme, geography, within, parent, asof, weight_values, weight_ids):
    if not ctx.triggered_id:
        return no_update
    return csv_download(view_from_inputs(theme, geography, within, parent, asof,
                                         weight_values, weight_ids))


url_state.push(GapsState.PATH, ids.GAPS_QUERY, ids.GAPS_URL_SINK)
