"""Callbacks of the atlas page: resolve the state, read, draw. The ``*_view`` functions (read
the warehouse through :mod:`dashboard.data`, then build with :mod:`.components` and
:mod:`.figures`) are tested directly; the ``@callback`` wrappers only resolve their inputs into
an :class:`~dashboard.pages.atlas.state.AtlasState` and read ``ctx``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import Input, Output, Patch, State, callback, ctx, no_update

from core import geographies, methods, verdicts
from dashboard import ids, response_cache, url_state, validation
from dashboard.controls import area_options
from dashboard.data import boundaries, indicators
from dashboard.figures.charts import empty_figure
from dashboard.figures.map import map_figure, map_style, view_for_bbox
from dashboard.geometry import geometry_url
from dashboard.pages.atlas import components, empty_view, spine
from dashboard.pages.atlas.figures import (
    SELECTION_TRACE,
    funnel_figure,
    inequality_figure,
    outside_limits,
    selection_label,
    trend_figure,
    with_selection,
)
from dashboard.pages.atlas.state import AtlasState, nearest_view, periods_by_geography

DETAILED_HOVER_MAX = 2000  # above this many areas the hover shows the value only (payload size)


def _state(indicator_id, geography, period, colouring=None, area=None) -> AtlasState:
    """The controls' values as a valid view: anything unknown or unreadable (a list, a dict,
    a very long string) is replaced by the nearest valid value (``AtlasState.resolve``)."""
    return AtlasState.resolve({"indicator": indicator_id, "geography": geography,
                               "period": period, "colouring": colouring, "area": area})


# ---------------------------------------------------------------- controls
def controls_view(indicator_id: str, geography: str | None, period: str | None) -> tuple:
    """Geography and period options/values for the indicator: the current ones where they
    hold values, else the nearest that do (``AtlasState.resolve``), the periods those with
    values at the geography, and a note saying what moved (None when nothing did)."""
    moved: list[str] = []
    view = AtlasState.resolve({"indicator": indicator_id, "geography": geography,
                               "period": period}, moved)
    meta = indicators.indicator(view.indicator)
    periods = periods_by_geography(meta).get(view.geography) or None
    return (components.geography_options(meta), view.geography,
            components.period_options(meta, periods), view.period,
            components.moved_note(moved))


@callback(
    Output(ids.ATLAS_GEOGRAPHY, "options"),
    Output(ids.ATLAS_GEOGRAPHY, "value"),
    Output(ids.ATLAS_PERIOD, "options"),
    Output(ids.ATLAS_PERIOD, "value"),
    Output(ids.ATLAS_VIEW_NOTE, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    State(ids.ATLAS_PERIOD, "value"),
    prevent_initial_call=True,
)
def update_controls(indicator_id, geography, period):
    return controls_view(indicator_id, geography, period)


@callback(
    Output(ids.ATLAS_AREA, "options"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_AREA, "search_value"),
    Input(ids.ATLAS_AREA, "value"),  # a map click sets a value the options must then hold
)
@response_cache.pure
def update_area_options(geography, search, value):
    return area_options(geography, search, value)


def area_view(click: dict | None, geography: str, current: str | None, triggered: str) -> str | None:
    """Area chosen by a map click, kept on a geography change only if it belongs to it."""
    current = validation.text(current)
    if triggered == ids.ATLAS_MAP and isinstance(click, dict) and click.get("points"):
        return validation.clicked_location(click) or current
    geography = validation.choice(geography, geographies.GEOGRAPHY_LABELS, "")
    if current and geography and current in set(indicators.areas(geography)["area_code"]):
        return current
    return None


@callback(
    Output(ids.ATLAS_AREA, "value"),
    Input(ids.ATLAS_MAP, "clickData"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    State(ids.ATLAS_AREA, "value"),
    prevent_initial_call=True,
)
def update_area(click, geography, current):
    out = area_view(click, geography, current, ctx.triggered_id)
    return no_update if out == current else out


# ---------------------------------------------------------------- map
def comparison_labels(frame: pd.DataFrame, meta: dict, colouring: str, period: str) -> pd.Series:
    """Comparison with England: stored at 95%; at 99.8% computed from the 99.8% limits."""
    if colouring == "england95":
        return frame["compared_to_england"].fillna(verdicts.NOT_COMPARED)
    england = indicators.england_row(meta["indicator_id"], period)
    bench = np.nan if england is None or england["value"] is None else england["value"]
    return methods.compare_to_benchmark(
        frame["lower_998"].astype(float), frame["upper_998"].astype(float),
        float(bench), polarity=meta["polarity"],
    )


def style_for(indicator_id: str, geography: str, period: str, colouring: str) -> dict:
    """Data-trace style (z, hover text, colour scale, legend) for a view."""
    meta = indicators.indicator(indicator_id)
    frame = indicators.map_values(indicator_id, geography, period)
    comparison = None
    if colouring in ("england95", "england998"):
        comparison = comparison_labels(frame, meta, colouring, period)
    return map_style(frame, meta, colouring=colouring, period=period, comparison=comparison,
                     detailed=len(frame) <= DETAILED_HOVER_MAX)


def map_view(
    indicator_id: str,
    geography: str,
    period: str,
    colouring: str,
    area: str | None,
    current_geography: str | None,
    triggered: str | None = None,
):
    """Full figure when the geography changes (polygons by URL, fetched once), else a Patch.

    Returns (figure or Patch, geography now drawn).
    """
    bounds = boundaries.bbox(area, geography) if area else None
    chosen = area if area and bounds else None  # an area of the geography drawn
    if current_geography != geography:
        style = style_for(indicator_id, geography, period, colouring)
        url = geometry_url(geography)
        fig = map_figure(url, indicators.areas(geography), style, view=view_for_bbox(bounds))
        return with_selection(fig, url, chosen,
                              indicators.area_name(chosen) if chosen else None), geography
    patch = Patch()
    if triggered == ids.ATLAS_AREA:
        patch["layout"]["map"]["center"] = view_for_bbox(bounds)["center"]
        patch["layout"]["map"]["zoom"] = view_for_bbox(bounds)["zoom"]
        patch["data"][SELECTION_TRACE]["locations"] = [chosen] if chosen else []
        patch["data"][SELECTION_TRACE]["z"] = [0] if chosen else []
        patch["layout"]["annotations"] = selection_label(
            chosen, indicators.area_name(chosen) if chosen else None)
        return patch, no_update
    style = style_for(indicator_id, geography, period, colouring)
    trace = patch["data"][1]
    for key in ("z", "text", "colorscale", "zmin", "zmax", "colorbar", "name", "hovertemplate"):
        trace[key] = style[key]
    return patch, no_update


@callback(
    Output(ids.ATLAS_MAP, "figure"),
    Output(ids.ATLAS_MAP_GEOGRAPHY, "data"),
    Output(ids.ATLAS_QUERY, "data"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_COLOURING, "value"),
    Input(ids.ATLAS_AREA, "value"),
    State(ids.ATLAS_MAP_GEOGRAPHY, "data"),
)
@response_cache.pure
def update_map(indicator_id, geography, period, colouring, area, current_geography):
    view = _state(indicator_id, geography, period, colouring, area)
    figure, drawn = map_view(view.indicator, view.geography, view.period, view.colouring,
                             view.area, validation.text(current_geography), ctx.triggered_id)
    return figure, drawn, view.to_query()


# ---------------------------------------------------------------- quality flags
def quality_note_view(indicator_id: str, geography: str, period: str) -> list:
    """Under the map: each area whose value the build's quality gates flagged, with its value
    as published and the reason ([] when none is flagged)."""
    meta = indicators.indicator(indicator_id)
    frame = indicators.map_values(indicator_id, geography, period)
    return (no_values_view(meta, frame, geography, period)
            + components.quality_note(frame[frame["quality_flag"].notna()],
                                      meta.get("unit") or ""))


def no_values_view(meta: dict, frame: pd.DataFrame, geography: str, period: str) -> list:
    """Why the view has no values, with a link to the nearest view that has some ([] when it
    has values)."""
    nearest = nearest_view(meta, geography, period)
    href = None if nearest is None else AtlasState.PATH + AtlasState(
        indicator=meta["indicator_id"], geography=nearest[0], period=nearest[1]).to_query()
    return empty_view.no_values_note(meta, frame, geography, period, nearest, href)


@callback(
    Output(ids.ATLAS_QUALITY_NOTE, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
)
@response_cache.pure
def update_quality_note(indicator_id, geography, period):
    view = _state(indicator_id, geography, period)
    return quality_note_view(view.indicator, view.geography, view.period)


# ---------------------------------------------------------------- provenance
def provenance_view(indicator_id: str, geography: str, period: str):
    """One line of provenance and the 'About this indicator' panel."""
    return components.provenance(indicators.indicator(indicator_id), geography, period)


@callback(
    Output(ids.ATLAS_PROVENANCE, "children"),
    Output(ids.ATLAS_ABOUT, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
)
@response_cache.pure
def update_provenance(indicator_id, geography, period):
    view = _state(indicator_id, geography, period)
    return provenance_view(view.indicator, view.geography, view.period)


# ---------------------------------------------------------------- profile
def profile_view(area: str | None, geography: str, indicator_id: str):
    """Profile table of all indicators for the area and the chosen indicator's trend."""
    meta = indicators.indicator(indicator_id)
    if not area:
        return (components.no_area_profile(),
                trend_figure(indicators.trend(indicator_id, geographies.ENGLAND), meta,
                             geographies.ENGLAND, "England"))
    name = indicators.area_name(area) or area
    frame = indicators.profile(area, geography)
    return ([components.profile_intro(area, name, geography),
             components.spine_graph(spine.spine_figure(frame, name, geography), area),
             components.profile_table(frame)],
            trend_figure(indicators.trend(indicator_id, area), meta, area, name))


@callback(
    Output(ids.ATLAS_PROFILE, "children"),
    Output(ids.ATLAS_TREND, "figure"),
    Output(ids.ATLAS_PROFILE_CSV_BUTTON, "hidden"),
    Input(ids.ATLAS_AREA, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_INDICATOR, "value"),
)
@response_cache.pure
def update_profile(area, geography, indicator_id):
    view = _state(indicator_id, geography, None, area=area)
    return (*profile_view(view.area, view.geography, view.indicator), view.area is None)


def profile_csv(area: str, geography: str) -> dict:
    """The area's profile (the spine chart's rows) as CSV; suppressed values are blank."""
    return spine.spine_csv(indicators.profile(area, geography), area,
                           indicators.area_name(area) or area, geography)


@callback(
    Output(ids.ATLAS_PROFILE_DOWNLOAD, "data"),
    Input(ids.ATLAS_PROFILE_CSV_BUTTON, "n_clicks"),
    State(ids.ATLAS_AREA, "value"),
    State(ids.ATLAS_GEOGRAPHY, "value"),
    State(ids.ATLAS_INDICATOR, "value"),
    prevent_initial_call=True,
)
def download_profile_csv(_n, area, geography, indicator_id):
    view = _state(indicator_id, geography, None, area=area)
    return no_update if view.area is None else profile_csv(view.area, view.geography)


# ---------------------------------------------------------------- inequality
def inequality_view(indicator_id: str, period: str, area: str | None):
    """Decile chart, sentence and SII/RII for the area (England when none)."""
    meta = indicators.indicator(indicator_id)
    code = area or geographies.ENGLAND
    name = indicators.area_name(code) or code
    frame = indicators.deciles(indicator_id, code, period).dropna(subset=["value"])
    if frame.empty:
        return (components.no_deciles_text(meta, name, period),
                empty_figure("No IMD 2025 decile data for this indicator and area"))
    result = indicators.decile_sii(indicator_id, code, period)  # computed by the build
    return (components.inequality_text(frame, meta, result),
            inequality_figure(frame, meta, name, period))


@callback(
    Output(ids.ATLAS_INEQUALITY_TEXT, "children"),
    Output(ids.ATLAS_INEQUALITY, "figure"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_AREA, "value"),
)
@response_cache.pure
def update_inequality(indicator_id, period, area):
    view = _state(indicator_id, None, period)
    code = validation.text(area)
    return inequality_view(view.indicator, view.period,
                           code if code and indicators.area_name(code) else None)


# ---------------------------------------------------------------- funnel
def funnel_view(indicator_id: str, geography: str, period: str, area: str | None):
    """Funnel plot for count-based indicators (crude rate or proportion with counts)."""
    meta = indicators.indicator(indicator_id)
    kind = {"crude_rate": "rate", "proportion": "proportion"}.get(meta["value_type"])
    shown = indicators.map_values(indicator_id, geography, period)
    frame = shown.dropna(subset=["value", "count", "denominator"])
    # values flagged by the quality gates are not judged against the limits
    frame = frame[(frame["denominator"] > 0) & frame["quality_flag"].isna()]
    england = indicators.england_row(indicator_id, period)
    if kind is None or frame.empty or england is None or pd.isna(england["value"]):
        if kind is not None and not empty_view.has_values(shown):  # nothing to plot here
            return (no_values_view(meta, shown, geography, period),
                    empty_figure("No values for this geography and period"))
        return (components.no_funnel_text(meta, kind is not None),
                empty_figure("Funnel plot not available for this indicator"))
    grid = np.geomspace(frame["denominator"].min() * 0.8, frame["denominator"].max() * 1.2, 200)
    limits = methods.funnel_limits(grid, float(england["value"]), value_type=kind,
                                   multiplier=float(meta["multiplier"]))
    n_out = int(outside_limits(frame, limits).sum())
    note = components.funnel_note(len(frame), n_out, england["value"], meta["unit"])
    return note, funnel_figure(frame, limits, meta, float(england["value"]), period,
                               highlight=area)


@callback(
    Output(ids.ATLAS_FUNNEL_NOTE, "children"),
    Output(ids.ATLAS_FUNNEL, "figure"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_AREA, "value"),
)
@response_cache.pure
def update_funnel(indicator_id, geography, period, area):
    view = _state(indicator_id, geography, period, area=area)
    return funnel_view(view.indicator, view.geography, view.period, view.area)


# ---------------------------------------------------------------- download
def csv_download(indicator_id: str, geography: str, period: str) -> dict:
    """The table behind the map as CSV (suppressed values are blank, never 0)."""
    meta = indicators.indicator(indicator_id)
    frame = indicators.map_values(indicator_id, geography, period)
    frame.insert(0, "indicator_id", indicator_id)
    frame.insert(1, "indicator_name", meta["name"])
    frame.insert(2, "geography", geography)
    frame["period"] = period
    frame["unit"] = meta["unit"]
    frame["source"] = meta["source"]
    frame["licence"] = meta["licence"]
    frame.loc[frame["is_suppressed"].fillna(False).astype(bool),
              ["value", "lower_95", "upper_95", "lower_998", "upper_998", "count"]] = np.nan
    return {"content": frame.to_csv(index=False), "filename":
            f"{indicator_id}_{geography}_{period.replace('/', '-')}.csv", "type": "text/csv"}


@callback(
    Output(ids.ATLAS_DOWNLOAD, "data"),
    Input(ids.ATLAS_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.ATLAS_INDICATOR, "value"),
    State(ids.ATLAS_GEOGRAPHY, "value"),
    State(ids.ATLAS_PERIOD, "value"),
    prevent_initial_call=True,
)
def download_csv(_n, indicator_id, geography, period):
    view = _state(indicator_id, geography, period)
    return csv_download(view.indicator, view.geography, view.period)


url_state.push(AtlasState.PATH, ids.ATLAS_QUERY, ids.ATLAS_URL_SINK)
