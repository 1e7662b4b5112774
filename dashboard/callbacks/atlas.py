"""Atlas callbacks: module-level functions (``*_view``) that tests call directly, and thin
``@callback`` wrappers that only unpack inputs and read ``ctx``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import Input, Output, Patch, State, callback, clientside_callback, ctx, html, no_update

from core import geographies, methods, verdicts
from core.formatting import FLAG_MARK, value_text
from dashboard import ids, response_cache, state, theme, validation
from dashboard.controls import area_options
from dashboard.data import boundaries, indicators
from dashboard.figures import charts
from dashboard.figures.map import map_figure, map_style, view_for_bbox
from dashboard.geometry import geometry_url
from dashboard.state import geography_options, period_options

DETAILED_HOVER_MAX = 2000  # above this many areas the hover shows the value only (payload size)


def _view(indicator_id, geography, period, colouring=None, area=None) -> dict:
    """The controls' values as a valid view: anything unknown or unreadable (a list, a dict,
    a very long string) is replaced by the nearest valid value (``state.resolve``)."""
    return state.resolve({"indicator": indicator_id, "geography": geography, "period": period,
                          "colouring": colouring, "area": area})


# ---------------------------------------------------------------- controls
def controls_view(indicator_id: str, geography: str | None, period: str | None) -> tuple:
    """Geography and period options/values valid for the indicator (keeping current ones);
    an unknown indicator gets the default indicator's."""
    view = _view(indicator_id, geography, period)
    return (
        geography_options(view["indicator"]),
        view["geography"],
        period_options(view["indicator"]),
        view["period"],
    )


@callback(
    Output(ids.ATLAS_GEOGRAPHY, "options"),
    Output(ids.ATLAS_GEOGRAPHY, "value"),
    Output(ids.ATLAS_PERIOD, "options"),
    Output(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_INDICATOR, "value"),
    State(ids.ATLAS_GEOGRAPHY, "value"),
    State(ids.ATLAS_PERIOD, "value"),
    prevent_initial_call=True,
)
def update_controls(indicator_id, geography, period):
    return controls_view(indicator_id, geography, period)


@callback(
    Output(ids.ATLAS_AREA, "options"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_AREA, "search_value"),
    State(ids.ATLAS_AREA, "value"),
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
    if current_geography != geography:
        style = style_for(indicator_id, geography, period, colouring)
        fig = map_figure(geometry_url(geography), indicators.areas(geography), style,
                         view=view_for_bbox(bounds))
        return fig, geography
    patch = Patch()
    if triggered == ids.ATLAS_AREA:
        patch["layout"]["map"]["center"] = view_for_bbox(bounds)["center"]
        patch["layout"]["map"]["zoom"] = view_for_bbox(bounds)["zoom"]
        return patch, no_update
    style = style_for(indicator_id, geography, period, colouring)
    trace = patch["data"][1]
    for key in ("z", "text", "colorscale", "zmin", "zmax", "colorbar", "name"):
        trace[key] = style[key]
    return patch, no_update


@callback(
    Output(ids.ATLAS_MAP, "figure"),
    Output(ids.ATLAS_MAP_GEOGRAPHY, "data"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_COLOURING, "value"),
    Input(ids.ATLAS_AREA, "value"),
    State(ids.ATLAS_MAP_GEOGRAPHY, "data"),
)
@response_cache.pure
def update_map(indicator_id, geography, period, colouring, area, current_geography):
    view = _view(indicator_id, geography, period, colouring, area)
    return map_view(view["indicator"], view["geography"], view["period"], view["colouring"],
                    view["area"], validation.text(current_geography), ctx.triggered_id)


# ---------------------------------------------------------------- quality flags
def quality_note_view(indicator_id: str, geography: str, period: str) -> list:
    """Under the map: each area whose value the build's quality gates flagged, with its value
    as published and the reason ([] when none is flagged)."""
    meta = indicators.indicator(indicator_id)
    frame = indicators.map_values(indicator_id, geography, period)
    flagged = frame[frame["quality_flag"].notna()]
    if flagged.empty:
        return []
    unit = meta.get("unit") or ""
    items = [html.Li([html.B(f"{r.area_name} ({r.area_code})"),
                      f": {value_text(r.value, unit)} as published. {r.quality_reason}."])
             for r in flagged.itertuples()]
    return [
        html.P([f"{FLAG_MARK} ", html.B(f"{len(flagged)} flagged value"
                                                + ("s" if len(flagged) > 1 else "")),
                " (dark grey on the map): implausible by the build's quality gates, kept for "
                "reference but not classed, compared with England, or used in the means of "
                "larger areas, the indices, rankings or investment cases."],
               className="warning"),
        html.Ul(items, className="hint"),
    ]


@callback(
    Output(ids.ATLAS_QUALITY_NOTE, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
)
@response_cache.pure
def update_quality_note(indicator_id, geography, period):
    view = _view(indicator_id, geography, period)
    return quality_note_view(view["indicator"], view["geography"], view["period"])


# ---------------------------------------------------------------- provenance
def provenance_view(indicator_id: str, geography: str, period: str):
    """One line of provenance and the 'About this indicator' panel."""
    m = indicators.indicator(indicator_id)
    line = [
        html.B(m["name"]), f" ({m['unit']}), {period}, {geographies.GEOGRAPHY_LABELS[geography]}. ",
        f"Source: {m['source']}. Licence: {m['licence']}.",
    ]
    polarity = {"higher_is_better": "higher is better", "lower_is_better": "lower is better",
                "no_judgement": "no judgement (higher/lower)"}.get(m["polarity"], m["polarity"])
    about = html.Details(
        [
            html.Summary("About this indicator"),
            html.Dl(
                [
                    html.Dt("Definition and method"), html.Dd(m["description"]),
                    html.Dt("Value type"), html.Dd(f"{m['value_type'].replace('_', ' ')}"
                                                   f" ({m['unit']}, multiplier {m['multiplier']:g})"),
                    html.Dt("Polarity"), html.Dd(polarity),
                    html.Dt("Suppression"),
                    html.Dd(f"values from fewer than {m['min_count']} events are suppressed"
                            if m["min_count"] else "no small-count suppression applies"),
                    html.Dt("Source and licence"), html.Dd(f"{m['source']}; {m['licence']}"),
                    html.Dt("Periods"), html.Dd(", ".join(m["periods"])),
                ]
            ),
        ],
        open=True,
    )
    return line, about


@callback(
    Output(ids.ATLAS_PROVENANCE, "children"),
    Output(ids.ATLAS_ABOUT, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
)
@response_cache.pure
def update_provenance(indicator_id, geography, period):
    view = _view(indicator_id, geography, period)
    return provenance_view(view["indicator"], view["geography"], view["period"])


# ---------------------------------------------------------------- profile
def _best_worst(row) -> tuple[float, float]:
    if row.polarity == "higher_is_better":
        return row.max_value, row.min_value
    if row.polarity == "lower_is_better":
        return row.min_value, row.max_value
    return np.nan, np.nan


def profile_table(frame: pd.DataFrame) -> html.Table:
    """Spine-chart-like table: value vs England and the spread across areas."""
    head = ["Indicator", "Period", "Value (95% CI)", "England", "Worst", "25th", "75th", "Best",
            "vs England (95% CI)"]
    rows = []
    for r in frame.itertuples():
        best, worst = _best_worst(r)
        value = value_text(r.value, r.unit)
        if not pd.isna(r.lower_95) and not pd.isna(r.value):
            value += f" ({value_text(r.lower_95)}–{value_text(r.upper_95)})"
        value_cell: list = [value]
        if isinstance(getattr(r, "quality_flag", None), str):
            value_cell = [html.Span(f"{FLAG_MARK} {value}", className="warning"),
                          html.Br(),
                          html.Small(indicators.flag_text(r.quality_reason), className="hint")]
        comp = (r.compared_to_england if isinstance(r.compared_to_england, str)
                else verdicts.NOT_COMPARED)
        rows.append(html.Tr([
            html.Td(f"{r.name} ({r.unit})"), html.Td(r.period), html.Td(value_cell),
            html.Td(value_text(r.england)), html.Td(value_text(worst) if not pd.isna(worst) else "–"),
            html.Td(value_text(r.q25)), html.Td(value_text(r.q75)),
            html.Td(value_text(best) if not pd.isna(best) else "–"),
            html.Td([html.Span(className="swatch", style={
                "background": theme.COMPARISON_COLOURS.get(comp, theme.NOT_COMPARED)}), comp]),
        ]))
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
                      className="profile")


def profile_view(area: str | None, geography: str, indicator_id: str):
    """Profile table of all indicators for the area and the chosen indicator's trend."""
    meta = indicators.indicator(indicator_id)
    if not area:
        return (html.P("Click an area on the map or search for one to see its profile."),
                charts.trend_figure(indicators.trend(indicator_id, geographies.ENGLAND), meta,
                                    geographies.ENGLAND, "England"))
    name = indicators.area_name(area) or area
    frame = indicators.profile(area, geography)
    intro = html.P([html.B(f"{name} ({area})"),
                    f": every indicator at its latest period, vs England and the spread across "
                    f"{geographies.GEOGRAPHY_LABELS[geography].lower()}."], className="profile-title")
    return [intro, profile_table(frame)], charts.trend_figure(
        indicators.trend(indicator_id, area), meta, area, name)


@callback(
    Output(ids.ATLAS_PROFILE, "children"),
    Output(ids.ATLAS_TREND, "figure"),
    Input(ids.ATLAS_AREA, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_INDICATOR, "value"),
)
@response_cache.pure
def update_profile(area, geography, indicator_id):
    view = _view(indicator_id, geography, None, area=area)
    return profile_view(view["area"], view["geography"], view["indicator"])


# ---------------------------------------------------------------- inequality
def inequality_view(indicator_id: str, period: str, area: str | None):
    """Decile chart, sentence and SII/RII for the area (England when none)."""
    meta = indicators.indicator(indicator_id)
    code = area or geographies.ENGLAND
    name = indicators.area_name(code) or code
    frame = indicators.deciles(indicator_id, code, period).dropna(subset=["value"])
    if frame.empty:
        msg = (f"No deprivation-decile breakdown of {meta['name']} for {name} ({period}). "
               "Decile rows exist for indicators built from LSOA data, for areas above LSOA.")
        return msg, charts.empty_figure("No IMD 2025 decile data for this indicator and area")
    text = charts.inequality_sentence(frame, meta) + "."
    result = indicators.decile_sii(indicator_id, code, period)  # computed by the build
    if result is None or result["sii"] is None:
        reason = result["note"] if result else "not in the warehouse"
        text += f" SII not computed: {reason}."
    else:
        lower, upper = result["sii_lower_95"], result["sii_upper_95"]
        if result["decile_cis"]:
            interval = f"95% CI {value_text(lower)} to {value_text(upper)}"
        else:
            interval = "no confidence interval: the decile values carry none"
        reading = verdicts.gradient_words(result["sii"], lower, upper,
                                          polarity=meta["polarity"], role=meta.get("role"))
        reason = verdicts.cannot_tell_reason(result["sii"], lower, upper)
        rii = float("nan") if result["rii"] is None else result["rii"]  # e.g. a zero mean
        text += (f" Slope index of inequality (SII) {value_text(result['sii'])} ({interval}); "
                 f"relative index (RII) {rii:.2f}. The SII is the modelled gap from "
                 "the most to the least deprived end: positive means higher values in less "
                 f"deprived areas. Reading: {reading}" + (f" ({reason})." if reason else "."))
    return text, charts.inequality_figure(frame, meta, name, period)


@callback(
    Output(ids.ATLAS_INEQUALITY_TEXT, "children"),
    Output(ids.ATLAS_INEQUALITY, "figure"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_AREA, "value"),
)
@response_cache.pure
def update_inequality(indicator_id, period, area):
    view = _view(indicator_id, None, period)
    code = validation.text(area)
    return inequality_view(view["indicator"], view["period"],
                           code if code and indicators.area_name(code) else None)


# ---------------------------------------------------------------- funnel
def funnel_view(indicator_id: str, geography: str, period: str, area: str | None):
    """Funnel plot for count-based indicators (crude rate or proportion with counts)."""
    meta = indicators.indicator(indicator_id)
    kind = {"crude_rate": "rate", "proportion": "proportion"}.get(meta["value_type"])
    frame = indicators.map_values(indicator_id, geography, period)
    frame = frame.dropna(subset=["value", "count", "denominator"])
    # values flagged by the quality gates are not judged against the limits
    frame = frame[(frame["denominator"] > 0) & frame["quality_flag"].isna()]
    england = indicators.england_row(indicator_id, period)
    if kind is None or frame.empty or england is None or pd.isna(england["value"]):
        return (f"No funnel plot: {meta['name']} is not a count-based rate or proportion with "
                "counts and denominators at this geography.",
                charts.empty_figure("Funnel plot not available for this indicator"))
    grid = np.geomspace(frame["denominator"].min() * 0.8, frame["denominator"].max() * 1.2, 200)
    limits = methods.funnel_limits(grid, float(england["value"]), value_type=kind,
                                   multiplier=float(meta["multiplier"]))
    n_out = int(((frame["value"] > np.interp(frame["denominator"], grid, limits["upper_998"]))
                 | (frame["value"] < np.interp(frame["denominator"], grid, limits["lower_998"])))
                .sum())
    note = (f"{len(frame):,} areas; {n_out:,} outside the 99.8% limits around England "
            f"({value_text(england['value'])} {meta['unit']}).")
    return note, charts.funnel_figure(frame, limits, meta, float(england["value"]), period,
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
    view = _view(indicator_id, geography, period, area=area)
    return funnel_view(view["indicator"], view["geography"], view["period"], view["area"])


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
    view = _view(indicator_id, geography, period)
    return csv_download(view["indicator"], view["geography"], view["period"])


# ---------------------------------------------------------------- URL state
# Writes the view into the query string (same key order as dashboard.state.to_query). The
# page is rebuilt from the URL by layout(**url_args) on load and on back/forward.
clientside_callback(
    """
    function(indicator, geography, period, colouring, area) {
        const p = new URLSearchParams();
        const s = {indicator, geography, period, colouring, area};
        for (const k of ["indicator", "geography", "period", "colouring", "area"]) {
            if (s[k]) { p.append(k, s[k]); }
        }
        const q = "?" + p.toString();
        if (window.location.search !== q) {
            if (window.location.search) { window.history.pushState(null, "", q); }
            else { window.history.replaceState(null, "", q); }
        }
        return q;
    }
    """,
    Output(ids.ATLAS_URL_SINK, "children"),
    Input(ids.ATLAS_INDICATOR, "value"),
    Input(ids.ATLAS_GEOGRAPHY, "value"),
    Input(ids.ATLAS_PERIOD, "value"),
    Input(ids.ATLAS_COLOURING, "value"),
    Input(ids.ATLAS_AREA, "value"),
)
