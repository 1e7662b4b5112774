"""Callbacks of the gaps page: plain functions (``*_view``) tested directly, and thin
``@callback`` wrappers that only unpack inputs."""

from __future__ import annotations

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from core import geographies, themes, verdicts
from core.formatting import FLAG_MARK, value_text
from dashboard import gaps_view, ids, response_cache, url_state, validation
from dashboard.data import boundaries, indicators
from dashboard.data import gaps as gap_data
from dashboard.figures.gaps import access_sii_figure, bivariate_legend, bivariate_style
from dashboard.figures.map import map_figure, view_for_bbox
from dashboard.gaps_controls import parent_options, weight_inputs
from dashboard.geometry import geometry_url

DETAILED_HOVER_MAX = 2000


def _names(ids_: list[str]) -> str:
    cat = indicators.catalogue()
    return "; ".join(str(cat.loc[i, "name"]) if i in cat.index else i for i in ids_) or "–"


def _table(header: list[str], rows: list[list], class_name: str = "list") -> html.Table:
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                       html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows])],
                      className=class_name)


def outline_trace(parent: str, within: str) -> dict:
    """A transparent polygon with a black outline around the filter's parent area."""
    return {
        "type": "choroplethmap", "geojson": geometry_url(within), "locations": [parent],
        "z": [0], "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        "showscale": False, "marker": {"line": {"width": 2.5, "color": "#000"}},
        "hoverinfo": "skip", "name": "Filter area",
    }


def map_view(view: dict, table: pd.DataFrame):
    """Bivariate map of every area (England-wide classes), zoomed to the filter's parent."""
    geography = view["geography"]
    areas = indicators.areas(geography)
    rows = table.reindex(areas["area_code"])
    style = bivariate_style(rows, theme_name=themes.THEMES_BY_ID[view["theme"]].name,
                            detailed=len(areas) <= DETAILED_HOVER_MAX)
    bounds = boundaries.bbox(view["parent"], view["within"]) if view.get("parent") else None
    fig = map_figure(geometry_url(geography), areas, style, view=view_for_bbox(bounds))
    if view.get("parent"):
        fig.add_trace(outline_trace(view["parent"], view["within"]))
    return fig


def summary_view(view: dict, table: pd.DataFrame, periods: dict) -> list:
    """One paragraph: how many areas are priority, the population, periods and sources."""
    theme = themes.THEMES_BY_ID[view["theme"]]
    label = {"lsoa21": "LSOAs", "ltla24": "districts", "utla23": "counties and unitary "
             "authorities", "icb23": "ICBs", "sicbl23": "sub-ICB locations"}[view["geography"]]
    scope = table[table["in_parent"]]
    where = indicators.area_name(view["parent"]) if view.get("parent") else "England"
    both = scope["bivariate_class"].notna()
    priority = scope[scope["is_priority"]]
    missing = [i for i, p in periods.items() if p is None]
    cat = indicators.catalogue()
    sources = sorted({str(cat.loc[i, "source"]) for i, p in periods.items()
                      if p is not None and i in cat.index})
    text = [
        html.B(f"{theme.name}, {where}: "),
        f"{len(priority):,} of {int(both.sum()):,} {label} with both indices are high need "
        f"and low coverage (priority), home to {value_text(float(priority['population'].sum()))} "
        f"people ({value_text(100 * priority['population'].sum() / max(scope['population'].sum(), 1))}"
        "% of residents). ",
        "Classes are thirds of England's areas on each index (z-scores over England); the "
        "map colours every area, the filter zooms and outlines. ",
        f"{int((~both).sum()):,} areas have no index (too few indicators published). ",
    ]
    if missing:
        text.append(html.Span(f"Not available for this geography or period: {_names(missing)}. ",
                              className="warning"))
    text.extend(flagged_note(view["geography"], periods))
    text.append(html.Small("Periods: " + "; ".join(f"{_names([i])} {p}" for i, p in
                                                    periods.items() if p) + ". Sources: "
                           + "; ".join(sources) + "."))
    return text


def flagged_note(geography: str, periods: dict) -> list:
    """A warning naming the values the build's quality gates flagged, which the indices and
    ranks treat as missing ([] when none)."""
    flagged = gap_data.flagged_values(geography, periods)
    if flagged.empty:
        return []
    cat = indicators.catalogue()
    parts = [
        f"{_names([ind])} {group['period'].iloc[0]}: "
        + ", ".join(f"{r.area_name} ({value_text(r.value, str(cat.loc[ind, 'unit']))})"
                    for r in group.itertuples())
        for ind, group in flagged.groupby("indicator_id", sort=False)
    ]
    return [html.Span(
        f"{FLAG_MARK} Flagged as implausible by the build's quality gates and treated "
        f"as missing in the indices and ranks: {'; '.join(parts)} (reasons in the atlas and "
        "the build issues). ", className="warning")]


def priority_view(view: dict, table: pd.DataFrame) -> html.Div:
    """The ranked priority list (within the filter) with the population affected."""
    frame = gaps_view.priority_list(table, view)
    if frame.empty:
        return html.Div(html.P("No area here is in both the highest-need and the lowest-"
                               "coverage third of England."))
    rows = [[r.rank, f"{r.area_name} ({r.area_code})", f"{r.need_index:+.2f}",
             f"{r.coverage_index:+.2f}", f"{r.gap_score:.2f}", value_text(float(r.population)),
             _names(r.need_drivers), _names(r.coverage_shortfalls)]
            for r in frame.itertuples()]
    total = float(frame["population"].sum())
    return html.Div([
        _table(["Rank (England)", "Area", "Need index (SD)", "Coverage index (SD)",
                "Gap (SD)", "Population", "Main need drivers", "Main coverage shortfalls"],
               rows),
        html.P(f"{len(frame)} areas shown, population {value_text(total)} (Census 2021). Indices are "
               "weighted means of z-scores; the gap is need minus coverage in standard "
               "deviations. Rank is among England's priority areas.", className="hint"),
    ])


def components_view(view: dict, table: pd.DataFrame, periods: dict) -> html.Table:
    """Each indicator of the theme: role, weight, period, England value, areas with data."""
    theme = themes.THEMES_BY_ID[view["theme"]]
    cat = indicators.catalogue()
    rows = []
    for role, group in (("Need", theme.need_weights), ("Coverage", theme.coverage_weights)):
        for ind in group:
            weight = view["weights"].get(ind, group[ind])
            period = periods.get(ind)
            name = str(cat.loc[ind, "name"]) if ind in cat.index else ind
            england = indicators.england_row(ind, period) if period else None
            n = int(table[ind].notna().sum()) if ind in table.columns else 0
            rows.append([role, name, f"{weight:g}", period or "no data",
                         value_text(england["value"]) if england else "–",
                         f"{n:,} of {len(table):,}",
                         str(cat.loc[ind, "source"]) if ind in cat.index else "–"])
    return _table(["Index", "Indicator", "Weight", "Period", "England", "Areas with data",
                   "Source"], rows)


def access_view(view: dict, periods: dict):
    """SII chart of the coverage measures and a sentence per measure."""
    frame = gaps_view.access_inequality(view, periods)
    where = (indicators.area_name(view["parent"]) if view.get("parent") else None) or "England"
    sentences = []
    for r in frame.itertuples():
        if r.sii is None or pd.isna(r.sii):
            sentences.append(f"{r.name}: {r.note}")
            continue
        verdict = r.gradient
        reason = verdicts.cannot_tell_reason(r.sii, r.sii_lower, r.sii_upper)
        if reason:
            verdict += f" ({reason})"
        ci = (f" (95% CI {value_text(r.sii_lower)} to {value_text(r.sii_upper)})"
              if r.sii_lower is not None and not pd.isna(r.sii_lower) else "")
        sentences.append(
            f"{r.name} ({r.period}): most deprived decile {value_text(r.most_deprived)}, least "
            f"deprived {value_text(r.least_deprived)} {r.unit}; SII {value_text(r.sii)}{ci}: {verdict}.")
    text = [html.Span(f"{where}, IMD 2025 deciles of LSOAs (1 = most deprived). SII = modelled "
                      "gap from the most to the least deprived end, positive when values are "
                      "higher in less deprived areas. A gradient is named only where the "
                      "SII's 95% confidence interval excludes 0; otherwise "
                      f"{verdicts.CANNOT_TELL}. "),
            html.Ul([html.Li(s) for s in sentences])]
    return text, access_sii_figure(frame, where)


def gaps_outputs(view: dict) -> tuple:
    """Every output of the page for one resolved view."""
    table, periods = gaps_view.compute(view)
    counts = table.loc[table["in_parent"], "bivariate_class"].value_counts()
    access_text, access_fig = access_view(view, periods)
    return (
        map_view(view, table),
        bivariate_legend(counts),
        summary_view(view, table, periods),
        priority_view(view, table),
        components_view(view, table, periods),
        access_text,
        access_fig,
        gaps_view.to_query(view),
    )


def view_from_inputs(theme, geography, within, parent, asof, weight_values, weight_ids) -> dict:
    """Resolved state from the controls (weights of another theme are ignored; weights that
    are not non-negative numbers, or whose input id is malformed, are ignored too)."""
    weights = {}
    for indicator, value in validation.pairs(weight_ids, weight_values, key="indicator"):
        number = validation.number(value, low=0)
        if number is not None:
            weights[indicator] = number
    theme_id = validation.choice(theme, themes.THEMES_BY_ID, "")
    w = gaps_view.encode_weights(theme_id, weights) if theme_id else ""
    return gaps_view.resolve({"theme": theme, "geography": geography, "within": within,
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
    theme = validation.choice(theme, themes.THEMES_BY_ID, gaps_view.DEFAULT["theme"])
    chosen = themes.THEMES_BY_ID[theme]
    defaults = {**chosen.need_weights, **chosen.coverage_weights}
    return weight_inputs(theme, defaults), chosen.description


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
    within = validation.choice(within, geographies.PARENT_GEOGRAPHIES, gaps_view.DEFAULT["within"])
    return parent_options(within), None


def csv_download(view: dict) -> dict:
    """Every area's values, z-scores, indices and classes, with periods and sources."""
    table, periods = gaps_view.compute(view)
    theme = themes.THEMES_BY_ID[view["theme"]]
    frame = table[table["in_parent"]].drop(columns=["in_parent"]).reset_index()
    cat = indicators.catalogue()
    frame.insert(0, "theme", theme.name)
    frame["geography"] = view["geography"]
    frame["weights"] = "; ".join(f"{k}={v:g}" for k, v in view["weights"].items())
    frame["periods"] = "; ".join(f"{k}={p}" for k, p in periods.items() if p)
    frame["sources"] = "; ".join(sorted({str(cat.loc[k, "source"]) for k, p in periods.items()
                                         if p and k in cat.index}))
    frame["method"] = ("z-scores over England's areas (winsorised at +/-3), weighted means; "
                       "classes are thirds of England's areas; no confidence intervals "
                       "for composite indices")
    where = view.get("parent") or "england"
    return {"content": frame.to_csv(index=False), "type": "text/csv",
            "filename": f"gaps_{view['theme']}_{view['geography']}_{where}.csv"}


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


url_state.push("/gaps", ids.GAPS_QUERY, ids.GAPS_URL_SINK)
