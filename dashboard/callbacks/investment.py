"""Callbacks of the investment case page: plain functions (``*_view``, ``*_download``) tested
directly, and thin ``@callback`` wrappers that only unpack inputs.

Component builders shared with the page layout (the editable figures table, the agreed
percentage inputs) are here too, as module-level functions.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import plotly.graph_objects as go
from dash import (
    ALL,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)

from core import geographies
from core.formatting import count_text, gbp_per_head_text, gbp_text
from dashboard import ids, investment_report, response_cache, url_state, validation
from dashboard import investment_view as iv_view
from dashboard.controls import area_options
from dashboard.figures.investment import (
    COUNCIL_LINE,
    NHS_LINE,
    UNIT_FILL,
    events_chart,
    partners_map,
    tornado_chart,
)
from dashboard.figures.map import view_for_bbox
from dashboard.geometry import geometry_url
from dashboard.theme import MAP_STYLE
from planning import report
from planning.case import Case, default_agreed, split_text
from planning.interventions import CATALOGUE_BY_ID, SOURCES

PARTS = ("central", "low", "high")
STATUS_CLASS = {"published": "badge published", "assumption": "badge assumption",
                "your assumption": "badge yours", "data": "badge published"}


# ---------------------------------------------------------------------------
# component builders (also used by the page layout)
# ---------------------------------------------------------------------------


def badge(status: str) -> html.Span:
    """A coloured label: published / assumption / your assumption."""
    text = "published data" if status == "data" else status
    return html.Span(text, className=STATUS_CLASS.get(status, "badge assumption"))


def _sources(keys: tuple[str, ...]) -> list:
    out: list = []
    for key in keys:
        if out:
            out.append(", ")
        out.append(html.A(report.short_source(key), href=SOURCES[key].url, target="_blank",
                          rel="noopener noreferrer", title=SOURCES[key].citation))
    return out or ["–"]


def figure_table(iv_id: str, overrides: dict[str, list[float]] | None = None) -> html.Div:
    """Every figure of an intervention: value, low, high as inputs, unit, source, status.

    Inputs have pattern-matching ids {"type": INVESTMENT_FIGURE, "iv", "field", "part"}; an
    edit makes the figure "your assumption" (``Intervention.with_overrides``).
    """
    base = CATALOGUE_BY_ID[iv_id]
    edited = base.with_overrides({k: (v[0], v[1], v[2]) for k, v in (overrides or {}).items()})
    rows = []
    for row in report.assumption_rows(edited):
        if row.field.startswith("odds_ratio:") or row.field == "share_first":
            rows.append(html.Tr([
                html.Td(row.label),
                html.Td(row.value + (f" ({row.range})" if row.range != row.value else ""),
                        colSpan=3),
                html.Td(row.unit + " (derives the effect; edit the effect to replace it)"),
                html.Td(_sources(row.sources)),
                html.Td(badge(row.status)),
                html.Td(html.Details([html.Summary("basis"), html.P(row.basis)]),
                        className="basis"),
            ]))
            continue
        if row.field == "event_cost_split":
            split = base.event_cost_split
            rows.append(html.Tr([
                html.Td(row.label),
                html.Td(f"NHS acute {split.nhs_acute:.0%}, NHS other {split.nhs_other:.0%}, "
                        f"council social care {split.social_care:.0%}", colSpan=3),
                html.Td("shares of the cost of an event (not editable here)"),
                html.Td(_sources(row.sources)),
                html.Td(badge(row.status)),
                html.Td(html.Details([html.Summary("basis"), html.P(row.basis)]),
                        className="basis"),
            ]))
            continue
        fig = edited.figures()[row.field]
        inputs = [
            html.Td(dcc.Input(
                id={"type": ids.INVESTMENT_FIGURE, "iv": iv_id, "field": row.field, "part": part},
                type="number", value=iv_view.shown_value(getattr(fig, part)), debounce=True,
                step="any",
                className="figure-input", name=f"{row.field}-{part}"))
            for part in PARTS
        ]
        unit = row.unit + (f" (prices: {row.price_year})" if row.price_year else "")
        rows.append(html.Tr([
            html.Td(row.label),
            *inputs,
            html.Td(unit, className="unit"),
            html.Td(_sources(row.sources)),
            html.Td(badge(row.status),
                    id={"type": ids.INVESTMENT_FIGURE_STATUS, "iv": iv_id, "field": row.field}),
            html.Td(html.Details([html.Summary("basis"), html.P(row.basis)]), className="basis"),
        ]))
    header = html.Thead(html.Tr([html.Th(h) for h in (
        "Figure", "Value", "Low", "High", "Unit", "Source", "Status", "Basis")]))
    return html.Div([
        html.Table([header, html.Tbody(rows)], className="list figures"),
        html.P([html.B(base.name + ": "), base.indicator_note], className="hint"),
    ])


def agreed_inputs(rows: tuple, agreed: dict[str, float] | None = None) -> list:
    """A percentage input per partner (pattern-matching ids), defaulting to population shares."""
    values = agreed if agreed and set(agreed) == {r.code for r in rows} else \
        default_agreed(rows)
    return [html.Label([
        dcc.Input(id={"type": ids.INVESTMENT_AGREED_INPUT, "partner": r.code}, type="number",
                  min=0, max=100, step="any", value=values.get(r.code), debounce=True,
                  className="weight-input"),
        html.Span(f"% {r.name}", className="weight-name"),
    ], className="weight-row") for r in rows]


def intervention_note(iv_id: str) -> list:
    """What the intervention is, to whom, and the event it avoids."""
    iv = CATALOGUE_BY_ID[iv_id]
    return [iv.description, " ", html.B("Eligible: "), iv.target_population, " ",
            html.B("Event avoided: "), iv.event + "."]


# ---------------------------------------------------------------------------
# state from the controls
# ---------------------------------------------------------------------------


def view_from_inputs(*, mode, geo, areas, theme, pgeo, within, parent, dgeo, darea, iv, rule,
                     uplift, horizon, rate, cur, elig, nhs, split, figure_values=None,
                     figure_ids=None, agreed_values=None, agreed_ids=None) -> dict[str, Any]:
    """Resolved state from the control values (figures of another intervention are ignored,
    and so are inputs whose pattern-matching id is malformed; values are checked by
    :func:`dashboard.investment_view.resolve`)."""
    ovr: dict[str, list] = {}
    iv = validation.choice(iv, CATALOGUE_BY_ID, None)
    if iv is not None:
        figures = CATALOGUE_BY_ID[iv].figures()
        parts: dict[str, dict[str, Any]] = {}
        if isinstance(figure_ids, list) and isinstance(figure_values, list) \
                and len(figure_ids) == len(figure_values):
            for fid, value in zip(figure_ids, figure_values, strict=True):
                if not isinstance(fid, dict) or fid.get("iv") != iv:
                    continue
                field, part = validation.text(fid.get("field")), validation.text(fid.get("part"))
                if field in figures and part in PARTS and value is not None:
                    parts.setdefault(field, {})[part] = value
        for field, given in parts.items():
            fig = figures[field]
            ovr[field] = [given.get("low", fig.low), given.get("central", fig.central),
                          given.get("high", fig.high)]
    agreed = {code: v for code, v in validation.pairs(agreed_ids, agreed_values, key="partner")
              if v is not None}
    params = {"mode": mode, "geo": geo, "areas": areas, "theme": theme,
              "pgeo": pgeo, "within": within, "parent": parent, "dgeo": dgeo, "darea": darea,
              "iv": iv, "rule": rule, "uplift": uplift, "horizon": horizon, "rate": rate,
              "ovr": ovr, "cur": cur, "elig": elig, "nhs": nhs, "split": split,
              "agreed": agreed}
    return iv_view.resolve(params)


# ---------------------------------------------------------------------------
# views of a case
# ---------------------------------------------------------------------------


def _table(header: list, rows: list[list], class_name: str = "list",
           row_classes: list[str] | None = None) -> html.Table:
    classes = row_classes or [""] * len(rows)
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                       html.Tbody([html.Tr([html.Td(c) for c in r], className=k)
                                   for r, k in zip(rows, classes, strict=True)])],
                      className=class_name)


def _n_units(case: Case) -> str:
    n = len(case.selection.units)
    what = "LSOA" if case.selection.geography == "lsoa21" else "area"
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def populations_view(case: Case) -> list:
    """Residents, eligible people, current and target coverage, with where each came from."""
    p = case.populations
    rows: list[list] = [
        ["Residents (Census 2021)", f"{p.total:,.0f}", badge("data"),
         _n_units(case)],
        [f"Eligible: {p.eligible_label}", f"{p.eligible:,.0f}", badge(p.eligible_status),
         p.eligible_basis],
        ["Current coverage", f"{p.current_pct:.1f}%", badge(p.current_status), p.current_basis],
        ["Target coverage", f"{case.target.target_pct:.1f}%", "", case.target.text],
    ]
    extra = [html.Li(n) for n in (*p.notes, *p.observed)]
    return [
        html.P(case.selection.description, className="provenance"),
        _table(["", "Value", "Status", "Basis"], rows, "list populations"),
        html.Ul(extra, className="hint") if extra else None,
    ]


def _bold_html(text: str) -> list:
    """'a <b>b</b> c' (the report's headline) as Dash components, text escaped by Dash."""
    parts: list = []
    for i, chunk in enumerate(text.split("<b>")):
        if i == 0:
            parts.append(chunk)
            continue
        bold, _, rest = chunk.partition("</b>")
        parts += [html.B(bold), rest]
    return [p for p in parts if p != ""]


def results_view(case: Case) -> list:
    """The headline sentence and key figures (central and range) for the chosen horizon, the
    same as the report's (:func:`planning.report.key_figures`), with the discounting
    convention in words."""
    r = case.result
    s = case.scenario
    lines = report.key_figures(r)
    rows = [[f.label + (f" ({f.note})" if f.note else ""), f.central, f.range] for f in lines]
    classes = ["sub" if f.level else "" for f in lines]
    lead = report.lead_text(r, name=case.intervention.name, areas=case.selection.label,
                            current_pct=s.current_coverage_pct, target_pct=s.target_coverage_pct)
    return [
        html.P(_bold_html(lead), className="lead"),
        html.P(case.intervention.cost_note, className="warning caveat")
        if case.intervention.cost_note else None,
        html.P([html.B("Events: "), r.event, " (modelled, not observed; ranges from the low "
                "and high effect, ", html.I("relative risk reduction"), "; the uncertainty of "
                "every input is under 'Uncertainty' below)."],
               className="hint"),
        _table(["", "Central", "Range (low to high effect)"], rows, "list results", classes),
        html.P(report.discounting_text(r), className="hint discounting"),
    ]


def psa_view(case: Case) -> list:
    """The probabilistic sensitivity analysis: median and 95% interval of events avoided, net
    cost and cost per event avoided, the probability of saving money, and every input's
    distribution with where its spread comes from."""
    p = case.psa
    if p is None:
        return [html.P("No uncertainty analysis for this scenario.", className="hint")]
    lines = report.psa_figures(p)
    rows = [[f.label + (f" ({f.note})" if f.note else ""), f.central, f.range] for f in lines]
    inputs = []
    for d in p.inputs:
        if d.kind == "fixed":
            continue
        lo, hi = d.interval
        inputs.append([d.label, f"{d.central:.4g}", f"{lo:.4g} to {hi:.4g}", d.description,
                       badge("assumption" if d.is_assumption else "published"),
                       html.Span([*_sources(d.sources), " ", d.basis])
                       if d.sources else d.basis])
    return [
        _table(["", "Median", "95% interval"], rows, "list results psa"),
        html.P(report.psa_text(p), className="hint"),
        html.Details([
            html.Summary("Distributions of the uncertain inputs"),
            _table(["Input", "Central", "95% interval", "Distribution", "Spread", "Basis"],
                   inputs, "list distributions"),
        ]),
    ]


def tornado_view(case: Case) -> go.Figure:
    """The tornado chart of the one-way sensitivity analysis (net cost)."""
    if case.psa is None or not case.psa.tornado:
        return empty_chart()
    return tornado_chart(case.psa.tornado, case.psa.net_cost_central,
                         horizon_years=case.result.horizon_years)


def inequality_view(case: Case) -> list:
    """SII of coverage before and after, in words."""
    if case.sii is None:
        return [html.P(case.sii_note)]
    s = case.sii
    rows = [[f"Decile {d:g}" + (" (most deprived)" if d == min(s.deciles) else
                                " (least deprived)" if d == max(s.deciles) else ""),
             f"{b:.1f}%", f"{a:.1f}%"]
            for d, b, a in zip(s.deciles, s.values_before, s.values_after, strict=True)]

    def pp(x: float) -> str:
        return f"{round(x, 1) + 0.0:+.1f}"

    if abs(s.change) < 0.05:
        verdict = ("The gap does not change: the same uplift in every decile lifts the whole "
                   "gradient. To narrow it, target the most deprived fifth of LSOAs (step 1).")
    elif s.change < 0:
        verdict = ("Coverage shifts towards the more deprived: a gap against them narrows, "
                   "or one in their favour widens.")
    else:
        verdict = "Coverage shifts towards the less deprived: the gap against the more " \
            "deprived widens."
    return [
        html.P([f"Slope index of inequality (SII) of coverage: {pp(s.sii_before)} points "
                f"before, {pp(s.sii_after)} after (change {pp(s.change)}). Positive: the least "
                "deprived are better covered; negative: the most deprived are. ", verdict]),
        html.P(case.sii_note, className="hint"),
        html.Details([html.Summary("Coverage by decile, before and after"),
                      _table(["IMD 2025 decile", "Before", "After"], rows)]),
    ]


def partners_view(case: Case) -> list:
    """Each partner's contribution, savings and net position (discounted, over the horizon)."""
    contributions = {c.name: c for c in case.contributions or ()}
    positions = {n.name: n for n in case.positions or ()}
    saved = {s.name: s for s in case.savings}
    rows = []
    for r in case.partners:
        c, n, s = contributions.get(r.name), positions.get(r.name), saved[r.name]
        rows.append([
            r.name, "Council" if r.kind == "council" else "NHS", f"{r.population:,.0f}",
            count_text(r.need),
            f"{c.share:.1%}" if c else "–", gbp_per_head_text(c.amount) if c else "–",
            gbp_per_head_text(s.nhs_acute + s.nhs_other), gbp_per_head_text(s.social_care),
            gbp_per_head_text(n.net) if n else "–",
        ])
    h = case.result.horizon_years
    total = case.result.programme_cost_horizon_discounted
    out: list = []
    if case.split_error:
        out.append(html.P(case.split_error, className="warning", role="alert"))
    out += [
        html.P([split_text(case), f" Pooled budget: {gbp_text(total)} "
                f"(programme cost over {h} years, discounted)."], className="hint"),
        _table(["Partner", "Kind", "Residents in the chosen areas",
                "Expected events a year (modelled)", "Share", "Pays", "NHS savings",
                "Social-care savings", "Net (pays less saves)"], rows, "list partners"),
        html.P("Savings are gross avoided costs over the horizon, discounted: NHS acute and "
               "other to the NHS bodies, council social care to the councils, each shared by "
               "population. Partners are found by the Census 2021 residents of the chosen "
               "areas' LSOAs that fall inside them.", className="hint"),
    ]
    return out


def map_view(case: Case) -> go.Figure:
    """The partner map: chosen areas filled, councils and NHS bodies outlined."""
    m = case.map
    return partners_map(
        unit_geojson=geometry_url(m.unit_geography), unit_codes=m.unit_codes,
        unit_names=m.unit_names, council_geojson=geometry_url("utla23"),
        council_codes=m.council_codes, council_names=m.council_names,
        nhs_geojson=geometry_url(m.nhs_geography), nhs_codes=m.nhs_codes,
        nhs_names=m.nhs_names,
        nhs_label="ICB" if m.nhs_geography == "icb23" else "Sub-ICB location", bbox=m.bbox)


def map_legend(nhs_level: str) -> list:
    nhs = "ICB" if nhs_level == "icb23" else "Sub-ICB location"
    return [
        html.Span([html.I(className="key", style={"background": UNIT_FILL}), "Chosen areas"]),
        html.Span([html.I(className="key", style={"border": f"3px solid {NHS_LINE}"}),
                   f"{nhs} (NHS partner)"]),
        html.Span([html.I(className="key", style={"border": f"2px solid {COUNCIL_LINE}"}),
                   "County or unitary council (partner)"]),
    ]


def empty_map() -> go.Figure:
    fig = go.Figure(go.Choroplethmap())
    fig.update_layout(map={"style": MAP_STYLE, **view_for_bbox(None)}, height=460,
                      margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return fig


def empty_chart() -> go.Figure:
    fig = go.Figure()
    fig.update_layout(height=260, xaxis={"visible": False}, yaxis={"visible": False},
                      plot_bgcolor="#fff", paper_bgcolor="#fff",
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


_HINT = {"data": "data:", "assumption": "assumed:", "your assumption": "yours:"}


def _placeholder(case: Case | None, what: str, data: float | None) -> str:
    if case is None or data is None or not math.isfinite(data):
        return "from data"
    return f"{what} {data:.1f}%"


def investment_outputs(state: dict) -> tuple:
    """Every output of the page for one resolved state (errors shown, never raised)."""
    query = iv_view.to_query(state)
    link = "/investment" + query
    try:
        case = iv_view.compute(state)
    except ValueError as err:
        message = html.P(str(err), className="warning", role="alert")
        nothing = html.P("No results: fix the choice above.", className="hint")
        return (message, nothing, nothing, empty_chart(), nothing, empty_map(),
                map_legend(state["nhs"]), nothing, state, query, link,
                "from data", "from data", nothing, empty_chart())
    p = case.populations
    return (
        "",
        populations_view(case),
        results_view(case),
        events_chart(case.result),
        inequality_view(case),
        map_view(case),
        map_legend(state["nhs"]),
        partners_view(case),
        state,
        query,
        link,
        _placeholder(case, _HINT[p.current_status], p.current_pct),
        _placeholder(case, _HINT[p.eligible_status], 100 * p.eligible / p.total),
        psa_view(case),
        tornado_view(case),
    )


# ---------------------------------------------------------------------------
# downloads and upload
# ---------------------------------------------------------------------------


def report_download(state: dict, *, today: date | None = None) -> dict:
    """The report (two A4 pages when printed) as an HTML file (dcc.Download data)."""
    case = iv_view.compute(state)
    text = report.render_report(investment_report.report_input(case, prepared=today))
    day = (today or date.today()).isoformat()
    return {"content": text, "filename": f"investment_case_{state['iv']}_{day}.html",
            "type": "text/html"}


def json_download(state: dict, *, today: date | None = None) -> dict:
    """The scenario as a JSON file that the page's upload reopens."""
    day = (today or date.today()).isoformat()
    return {"content": iv_view.to_json(state, saved=today),
            "filename": f"investment_scenario_{state['iv']}_{day}.json",
            "type": "application/json"}


def upload_view(contents: str | None, filename: str | None) -> tuple:
    """(href to open, message): the scenario's page address, or an error and no navigation."""
    if not contents:
        return no_update, ""
    name = validation.text(filename, max_length=120) or "the file"
    try:
        state = iv_view.from_json(iv_view.decode_upload(contents))
    except ValueError as err:
        return no_update, html.P(f"Could not open {name}: {err}", className="warning",
                                 role="alert")
    return "/investment" + iv_view.to_query(state), html.P(f"Opened {name}.", className="hint")


def stored_state(state: Any) -> tuple[dict | None, str]:
    """The page's stored scenario (``INVESTMENT_STATE``) checked again, as anything the browser
    sends may have been altered: (state, "") or (None, why it cannot be used)."""
    raw = validation.mapping(state, max_items=len(iv_view.KEYS) + 5)
    if raw is None:
        return None, "the page's scenario could not be read; change any choice and try again"
    problems: list[str] = []
    resolved = iv_view.resolve(raw, problems)
    if problems or set(raw) != set(iv_view.KEYS):
        detail = "; ".join(problems[:3]) or "fields missing or unknown"
        return None, (f"the page's scenario is not valid ({detail}); change any choice and "
                      "try again")
    return resolved, ""


# ---------------------------------------------------------------------------
# callbacks
# ---------------------------------------------------------------------------

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
    Output(ids.INVESTMENT_STATUS, "children"),
    Output(ids.INVESTMENT_POPULATIONS, "children"),
    Output(ids.INVESTMENT_RESULTS, "children"),
    Output(ids.INVESTMENT_EVENTS_CHART, "figure"),
    Output(ids.INVESTMENT_INEQUALITY, "children"),
    Output(ids.INVESTMENT_MAP, "figure"),
    Output(ids.INVESTMENT_MAP_LEGEND, "children"),
    Output(ids.INVESTMENT_PARTNERS, "children"),
    Output(ids.INVESTMENT_STATE, "data"),
    Output(ids.INVESTMENT_QUERY, "data"),
    Output(ids.INVESTMENT_LINK, "href"),
    Output(ids.INVESTMENT_CURRENT, "placeholder"),
    Output(ids.INVESTMENT_ELIGIBLE, "placeholder"),
    Output(ids.INVESTMENT_PSA, "children"),
    Output(ids.INVESTMENT_TORNADO, "figure"),
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
    return investment_outputs(state)


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


def _figure_key(fid: Any) -> tuple[str, str] | None:
    """(intervention, field) of a figure input's or badge's id, None when it names no figure."""
    if not isinstance(fid, dict):
        return None
    iv, field = validation.text(fid.get("iv")), validation.text(fid.get("field"))
    if iv is None or field is None or iv not in CATALOGUE_BY_ID \
            or field not in CATALOGUE_BY_ID[iv].figures():
        return None
    return iv, field


def figure_statuses(values: list, id_list: list[dict], status_ids: list[dict]) -> list:
    """Badge per figure: 'your assumption' once any of its inputs differs from the catalogue
    (a badge whose id names no figure gets "–"; malformed inputs are ignored)."""
    given: dict[tuple[str, str], dict[str, Any]] = {}
    if isinstance(values, list) and isinstance(id_list, list) and len(values) == len(id_list):
        for fid, value in zip(id_list, values, strict=True):
            key = _figure_key(fid)
            part = validation.text(fid.get("part")) if key else None
            if key and part in PARTS:
                given.setdefault(key, {})[part] = value
    out: list = []
    for sid in status_ids if isinstance(status_ids, list) else []:
        key = _figure_key(sid)
        if key is None:
            out.append("–")
            continue
        base = CATALOGUE_BY_ID[key[0]].figures()[key[1]]
        parts = given.get(key, {})
        edited = any(v is not None and (isinstance(v, bool) or not isinstance(v, int | float)
                                        or not iv_view.same_figure((v,), (getattr(base, p),)))
                     for p, v in parts.items())
        out.append(badge("your assumption" if edited else report.figure_status(base)))
    return out


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
    state = iv_view.resolve({"mode": mode, "geo": geo, "areas": areas,
                             "theme": theme, "pgeo": pgeo, "within": within, "parent": parent,
                             "dgeo": dgeo, "darea": darea, "nhs": nhs})
    return agreed_inputs(iv_view.partner_rows(state))


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
        return report_download(checked), ""
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

url_state.push("/investment", ids.INVESTMENT_QUERY, ids.INVESTMENT_URL_SINK)

