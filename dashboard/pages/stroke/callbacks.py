"""Callbacks of the stroke pathway page: module-level ``*_view`` functions that tests call
directly (resolve the state, read, draw), and thin ``@callback`` wrappers that only unpack
inputs and read ``ctx``."""

from __future__ import annotations

import pandas as pd
from dash import Input, NoUpdate, Output, Patch, State, callback, ctx, html, no_update

from core import geographies
from dashboard import ids, response_cache, url_state, validation
from dashboard.controls import area_options
from dashboard.data import boundaries, indicators
from dashboard.data import stroke as stroke_data
from dashboard.geometry import geometry_url
from dashboard.pages.stroke import components, pathway
from dashboard.pages.stroke import map as stroke_map
from dashboard.pages.stroke.figures import stage_figure
from dashboard.pages.stroke.state import StrokeState, clean, default_area, geography_of


# ---------------------------------------------------------------- area choice
@callback(
    Output(ids.STROKE_AREA, "options"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "search_value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_area_options(geography, search, value):
    return area_options(geography, search, value)


def area_view(click: dict | None, geography: str, current: str | None,
              triggered: str | None) -> str | None:
    """Area after a map click (the clicked LSOA's area) or a geography change (the area of the
    new geography holding most of the current one's residents); never empty."""
    geography, current = clean(geography, current)
    codes = set(indicators.areas(geography)["area_code"])
    if triggered == ids.STROKE_MAP and isinstance(click, dict) and click.get("points"):
        location = validation.clicked_location(click)
        if location in codes:
            return location
        if location and str(location).startswith("E01"):
            found = stroke_data.area_of_lsoa(str(location), geography)
            if found in codes:
                return found
        return current if current in codes else default_area(geography)
    if current in codes:
        return current
    if current:
        source = geography_of(current)
        if source:
            found = stroke_data.main_area_in(current, source, geography)
            if found in codes:
                return found
    return default_area(geography)


@callback(
    Output(ids.STROKE_AREA, "value"),
    Input(ids.STROKE_MAP, "clickData"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def update_area(click, geography, current):
    out = area_view(click, geography, current, ctx.triggered_id)
    return no_update if out == current else out


# ---------------------------------------------------------------- map
def map_view(geography: str, area: str | None, target: str, drawn: dict | None,
             triggered: str | None = None):
    """Full figure once per page (LSOA surface by URL), then Patches: the travel-time target
    changes the surface's z; the area or geography moves the outline, halo and view.

    Returns (figure or Patch, what is drawn: {"target": ...}).
    """
    target = target if target in stroke_map.TRAVEL_TARGETS else "ivt"
    bounds = boundaries.bbox(area, geography) if area else None
    serving = stroke_data.serving_units(geography, area) if area else None
    view = stroke_map.fit_view(bounds, serving)
    if not drawn:
        fig = stroke_map.stroke_map_figure(
            geometry_url("lsoa21"), stroke_data.lsoa_surface(),
            stroke_data.stroke_units(), area_geojson=geometry_url(geography),
            area_code=area, serving=serving, view=view, target=target)
        return fig, {"target": target}
    patch = Patch()
    if triggered == ids.STROKE_TRAVEL_TARGET:
        if drawn.get("target") == target:
            return no_update, no_update
        surface = stroke_data.lsoa_surface()
        style = stroke_map.surface_style(surface, target)
        for key in ("z", "hovertemplate", "colorbar"):
            patch["data"][stroke_map.SURFACE][key] = style[key]
        col = stroke_map.TRAVEL_TARGETS[target][0]
        missing = surface.loc[surface[col].isna(), "area_code"].tolist()
        patch["data"][stroke_map.NO_DATA_TRACE]["locations"] = missing
        patch["data"][stroke_map.NO_DATA_TRACE]["z"] = [0] * len(missing)
        return patch, {"target": target}
    locations = [area] if area else []
    for index in (stroke_map.OUTLINE_CASING, stroke_map.OUTLINE):
        patch["data"][index]["geojson"] = geometry_url(geography)
        patch["data"][index]["locations"] = locations
        patch["data"][index]["z"] = [0] * len(locations)
    halo = stroke_map.serving_points(serving if serving is not None else
                                     stroke_data.serving_units(geography, ""))
    patch["data"][stroke_map.SERVING]["lon"] = halo["lon"]
    patch["data"][stroke_map.SERVING]["lat"] = halo["lat"]
    patch["layout"]["map"]["center"] = view["center"]
    patch["layout"]["map"]["zoom"] = view["zoom"]
    return patch, no_update


@callback(
    Output(ids.STROKE_MAP, "figure"),
    Output(ids.STROKE_MAP_DRAWN, "data"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
    Input(ids.STROKE_TRAVEL_TARGET, "value"),
    State(ids.STROKE_MAP_DRAWN, "data"),
)
@response_cache.pure
def update_map(geography, area, target, drawn):
    geography, area = clean(geography, area)
    target = validation.choice(target, stroke_map.TRAVEL_TARGETS, "ivt")
    return map_view(geography, area, target, validation.mapping(drawn), ctx.triggered_id)


# ---------------------------------------------------------------- pathway
def pathway_frame(geography: str, area: str) -> pd.DataFrame:
    """Every pathway row for the area (see :func:`dashboard.pages.stroke.pathway.pathway_frame`),
    with the serving units' admissions row read for the area and England."""
    values = stroke_data.pathway_values(area, pathway.PATHWAY_INDICATORS)
    first = stroke_data.unit_attribution().iloc[0]
    serving = pathway.serving_row(
        stroke_data.serving_units(geography, area),
        stroke_data.serving_units("england", geographies.ENGLAND),
        stroke_data.england_serving_admissions(pathway.MIN_COUNT),
        source=str(first["publisher"]), licence=str(first["licence"]))
    return pathway.pathway_frame(values, indicators.catalogue(), area, geographies.ENGLAND,
                                 extra={pathway.SERVING_ADMISSIONS: serving})


def pathway_view(geography: str, area: str | None):
    """Headline, the five stage figures, the pathway table and the provenance line."""
    area = area or default_area(geography)
    name = indicators.area_name(area) if area else None
    if not area or not name:
        empty = stage_figure(pd.DataFrame(columns=pathway.PATHWAY_COLUMNS), pathway.STAGES[0], "")
        return ("No area chosen.", *[empty] * len(pathway.STAGES), html.P("No area."),
                "No area chosen.")
    frame = pathway_frame(geography, area)
    figures = [stage_figure(frame[frame["stage"] == s.title], s, name) for s in pathway.STAGES]
    headline = [components.stage_strip(frame), html.P(pathway.headline(frame, name))]
    return (headline, *figures, components.pathway_table(frame),
            components.provenance(area, name, geography))


def canonical_query(geography: object, area: object) -> str | NoUpdate:
    """The state's query for the address bar, or no_update while the controls hold a state
    the page would replace (an area of the previous geography, before ``update_area`` moves
    it): only whole views become history entries."""
    problems: list[str] = []
    view = StrokeState.resolve({"geography": geography, "area": area}, problems)
    return no_update if problems else view.to_query()


@callback(
    Output(ids.STROKE_HEADLINE, "children"),
    *[Output(ids.STROKE_STAGE_FIGURES[s.key], "figure") for s in pathway.STAGES],
    Output(ids.STROKE_PATHWAY_TABLE, "children"),
    Output(ids.STROKE_PROVENANCE, "children"),
    Output(ids.STROKE_QUERY, "data"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_pathway(geography, area):
    return (*pathway_view(*clean(geography, area)), canonical_query(geography, area))


# ---------------------------------------------------------------- serving units
def units_view(geography: str, area: str | None):
    """Table of the units serving the area (suppression applied), or why there is none."""
    if not area:
        return html.P("No area chosen.")
    return components.units_table(stroke_data.serving_units(geography, area),
                                  indicators.area_name(area) or area,
                                  stroke_data.unit_attribution())


@callback(
    Output(ids.STROKE_UNITS_TABLE, "children"),
    Input(ids.STROKE_GEOGRAPHY, "value"),
    Input(ids.STROKE_AREA, "value"),
)
@response_cache.pure
def update_units(geography, area):
    return units_view(*clean(geography, area))


# ---------------------------------------------------------------- downloads
def pathway_csv(geography: str, area: str) -> dict:
    """The pathway table as CSV: values with period, CI, England, standard, gap, source,
    licence; suppressed values blank."""
    frame = pathway_frame(geography, area)
    frame.insert(0, "geography", geography)
    frame.insert(1, "area_code", area)
    frame.insert(2, "area_name", indicators.area_name(area))
    frame.loc[frame["is_suppressed"].fillna(False).astype(bool),
              ["value", "lower_95", "upper_95", "count", "gap"]] = float("nan")
    frame = frame.rename(columns={"england": "england_value", "name": "indicator_name"})
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"stroke_pathway_{geography}_{area}.csv"}


def units_csv(geography: str, area: str) -> dict:
    """The serving units as CSV with periods, Wilson 95% CIs, source and licence;
    counts below the threshold and their rates blank."""
    frame = stroke_data.serving_units(geography, area)
    attribution = stroke_data.unit_attribution()
    frame.insert(2, "area_name", indicators.area_name(area))
    frame["periods"] = components.UNIT_PERIOD
    frame["source"] = components.units_source(attribution)
    frame["licence"] = components.units_licence(attribution)
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"stroke_units_serving_{geography}_{area}.csv"}


@callback(
    Output(ids.STROKE_DOWNLOAD_PATHWAY, "data"),
    Input(ids.STROKE_DOWNLOAD_PATHWAY_BUTTON, "n_clicks"),
    State(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def download_pathway(_n, geography, area):
    view = StrokeState.resolve({"geography": geography, "area": area})
    if view.area is None:
        return no_update
    return pathway_csv(view.geography, view.area)


@callback(
    Output(ids.STROKE_DOWNLOAD_UNITS, "data"),
    Input(ids.STROKE_DOWNLOAD_UNITS_BUTTON, "n_clicks"),
    State(ids.STROKE_GEOGRAPHY, "value"),
    State(ids.STROKE_AREA, "value"),
    prevent_initial_call=True,
)
def download_units(_n, geography, area):
    view = StrokeState.resolve({"geography": geography, "area": area})
    if view.area is None:
        return no_update
    return units_csv(view.geography, view.area)


url_state.push(StrokeState.PATH, ids.STROKE_QUERY, ids.STROKE_URL_SINK)
