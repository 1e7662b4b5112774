"""Components of the atlas page (pure: catalogue rows and frames in, dropdown options, Dash HTML
and sentences out): the control options, the provenance line and 'About this indicator', the
quality-flag note, the area profile table, and the inequality and funnel texts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from dash import dcc, html

from core import geographies, verdicts
from core.formatting import FLAG_MARK, value_text
from dashboard import ids, theme
from dashboard.data import indicators

POLARITY_WORDS = {"higher_is_better": "higher is better", "lower_is_better": "lower is better",
                  "no_judgement": "no judgement (higher/lower)"}


# ---------------------------------------------------------------- controls
def indicator_options(catalogue: pd.DataFrame) -> list[dict]:
    """Indicator dropdown options, grouped by domain (domain shown as a prefix)."""
    out = []
    for domain, group in catalogue.groupby("domain", sort=True):
        label = str(domain).replace("_", " ").capitalize()
        out.append({"label": f"— {label} —", "value": f"__{domain}", "disabled": True})
        out += [{"label": f"{r.name}", "value": r.indicator_id} for r in group.itertuples()]
    return out


def geography_options(meta: Mapping[str, Any]) -> list[dict]:
    """Geographies the indicator (its catalogue row) has values for (England alone is not a
    map)."""
    return [{"label": geographies.GEOGRAPHY_LABELS.get(g, g), "value": g}
            for g in meta["geographies"] if g != "england"]


def period_options(meta: Mapping[str, Any], periods: list[str] | None = None) -> list[dict]:
    """Periods the indicator (its catalogue row) has, newest first; ``periods`` (oldest
    first): only those (the periods with values at the chosen geography)."""
    return [{"label": p, "value": p}
            for p in reversed(meta["periods"] if periods is None else periods)]


# ---------------------------------------------------------------- provenance
def provenance(meta: Mapping[str, Any], geography: str, period: str) -> tuple[list, html.Details]:
    """One line of provenance above the map and the 'About this indicator' panel."""
    line = [
        html.B(meta["name"]),
        f" ({meta['unit']}), {period}, {geographies.GEOGRAPHY_LABELS[geography]}. ",
        f"Source: {meta['source']}. Licence: {meta['licence']}.",
    ]
    polarity = POLARITY_WORDS.get(meta["polarity"], meta["polarity"])
    about = html.Details(
        [
            html.Summary("About this indicator"),
            html.Dl(
                [
                    html.Dt("Definition and method"), html.Dd(meta["description"]),
                    html.Dt("Value type"),
                    html.Dd(f"{meta['value_type'].replace('_', ' ')}"
                            f" ({meta['unit']}, multiplier {meta['multiplier']:g})"),
                    html.Dt("Polarity"), html.Dd(polarity),
                    html.Dt("Suppression"),
                    html.Dd(f"values from fewer than {meta['min_count']} events are suppressed"
                            if meta["min_count"] else "no small-count suppression applies"),
                    html.Dt("Source and licence"), html.Dd(f"{meta['source']}; {meta['licence']}"),
                    html.Dt("Periods"), html.Dd(", ".join(meta["periods"])),
                ]
            ),
        ],
        open=True,
    )
    return line, about


# ---------------------------------------------------------------- quality flags
def quality_note(flagged: pd.DataFrame, unit: str) -> list:
    """Under the map: each area of ``flagged`` (map rows the build's quality gates flagged),
    with its value as published and the reason ([] when there are none)."""
    if flagged.empty:
        return []
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


# ---------------------------------------------------------------- profile
def _best_worst(row) -> tuple[float, float]:
    if row.polarity == "higher_is_better":
        return row.max_value, row.min_value
    if row.polarity == "lower_is_better":
        return row.min_value, row.max_value
    return np.nan, np.nan


def no_area_profile() -> html.P:
    """The profile panel before an area is chosen."""
    return html.P("Click an area on the map or search for one to see its profile.")


def profile_intro(area: str, name: str, geography: str) -> html.P:
    """The line above an area's profile table."""
    return html.P([html.B(f"{name} ({area})"),
                   f": every indicator at its latest period, vs England and the spread across "
                   f"{geographies.GEOGRAPHY_LABELS[geography].lower()}."],
                  className="profile-title")


def spine_graph(figure, area: str) -> dcc.Graph:
    """The spine chart of an area's profile, with PNG export named after the area."""
    return dcc.Graph(id=ids.ATLAS_SPINE, figure=figure, config={
        "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": f"profile-spine-{area}",
                                 "scale": 2}})


def moved_note(moved: list[str]) -> html.P | None:
    """What choosing an indicator moved (geography, period) so that the view has values."""
    if not moved:
        return None
    return html.P("; ".join(moved[:4]) + ".", className="notice moved-view")


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


# ---------------------------------------------------------------- inequality
def inequality_sentence(frame: pd.DataFrame, meta: Mapping[str, Any]) -> str:
    """'Most deprived decile 16.0 vs least deprived 5.0 per 1,000: 3.2 times'."""
    if frame.empty:
        return ""
    first = frame.loc[frame["decile"].idxmin()]
    last = frame.loc[frame["decile"].idxmax()]
    unit = meta.get("unit", "")
    text = (
        f"Most deprived decile {value_text(first['value'])} vs least deprived "
        f"{value_text(last['value'])} {unit}"
    )
    if last["value"] and not np.isnan(last["value"]) and last["value"] != 0:
        text += f": {first['value'] / last['value']:.1f} times"
    return text


def no_deciles_text(meta: Mapping[str, Any], area_name: str, period: str) -> str:
    """Why there is no decile chart for the indicator and area."""
    return (f"No deprivation-decile breakdown of {meta['name']} for {area_name} ({period}). "
            "Decile rows exist for indicators built from LSOA data, for areas above LSOA.")


def inequality_text(frame: pd.DataFrame, meta: Mapping[str, Any], result: dict | None) -> str:
    """The decile sentence, then the slope (SII) and relative (RII) indices of inequality with
    their 95% CI and a reading of the gradient; ``result`` is the build's SII row
    (``indicators.decile_sii``), None when the warehouse has none."""
    text = inequality_sentence(frame, meta) + "."
    if result is None or result["sii"] is None:
        reason = result["note"] if result else "not in the warehouse"
        return text + f" SII not computed: {reason}."
    lower, upper = result["sii_lower_95"], result["sii_upper_95"]
    if result["decile_cis"]:
        interval = f"95% CI {value_text(lower)} to {value_text(upper)}"
    else:
        interval = "no confidence interval: the decile values carry none"
    reading = verdicts.gradient_words(result["sii"], lower, upper,
                                      polarity=meta["polarity"], role=meta.get("role"))
    reason = verdicts.cannot_tell_reason(result["sii"], lower, upper)
    rii = float("nan") if result["rii"] is None else result["rii"]  # e.g. a zero mean
    return text + (f" Slope index of inequality (SII) {value_text(result['sii'])} ({interval}); "
                   f"relative index (RII) {rii:.2f}. The SII is the modelled gap from "
                   "the most to the least deprived end: positive means higher values in less "
                   f"deprived areas. Reading: {reading}" + (f" ({reason})." if reason else "."))


# ---------------------------------------------------------------- funnel
def no_funnel_text(meta: Mapping[str, Any], count_based: bool = False) -> str:
    """Why there is no funnel plot for the indicator at the geography: not a count-based
    rate or proportion, or (``count_based``) no counts and denominators in this view."""
    if count_based:
        return (f"No funnel plot: {meta['name']} is count-based, but no area of this "
                "geography has a published count and denominator for this period, or "
                "England's value for it is missing.")
    return (f"No funnel plot: {meta['name']} is not a count-based rate or proportion with "
            "counts and denominators at this geography.")


def funnel_note(n_areas: int, n_outside: int, england: float, unit: str) -> str:
    """The line above the funnel plot: areas plotted and how many fall outside the limits."""
    return (f"{n_areas:,} areas; {n_outside:,} outside the 99.8% limits around England "
            f"({value_text(england)} {unit}).")
