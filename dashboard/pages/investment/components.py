"""Dash HTML builders of the investment case page (pure: a case or a scenario in, components
out): the editable figures table, the agreed-percentage inputs, the intervention note, and the
populations, results, uncertainty, inequality and partner blocks of a case."""

from __future__ import annotations

from dash import dcc, html

from core.formatting import count_text, gbp_per_head_text, gbp_text
from dashboard import ids, theme
from dashboard.controls import dom_id
from dashboard.pages.investment.scenario_values import shown_value
from planning import report
from planning.case import Case, default_agreed, split_text
from planning.interventions import CATALOGUE_BY_ID, SOURCES

#: the three values of an editable figure, in the table's column order
PARTS = ("central", "low", "high")
PART_NAMES = {"central": "value", "low": "low", "high": "high"}
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


def _figure_input(iv_id: str, field: str, label: str, part: str, value) -> html.Td:
    """A table cell with a number input for one part (central, low, high) of a figure, named
    for assistive technology by the figure's label and the column ("Smoking: low")."""
    input_id = {"type": ids.INVESTMENT_FIGURE, "iv": iv_id, "field": field, "part": part}
    return html.Td([
        html.Label(f"{label}: {PART_NAMES[part]}", htmlFor=dom_id(input_id),
                   className="visually-hidden"),
        dcc.Input(id=input_id, type="number", value=shown_value(value), debounce=True,
                  step="any", className="figure-input", name=f"{field}-{part}"),
    ])


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
        inputs = [_figure_input(iv_id, row.field, row.label, part, getattr(fig, part))
                  for part in PARTS]
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
    return [html.Div([
        dcc.Input(id={"type": ids.INVESTMENT_AGREED_INPUT, "partner": r.code}, type="number",
                  min=0, max=100, step="any", value=values.get(r.code), debounce=True,
                  className="weight-input"),
        html.Label(f"% {r.name}", className="weight-name",
                   htmlFor=dom_id({"type": ids.INVESTMENT_AGREED_INPUT, "partner": r.code})),
    ], className="weight-row") for r in rows]


def intervention_note(iv_id: str) -> list:
    """What the intervention is, to whom, and the event it avoids."""
    iv = CATALOGUE_BY_ID[iv_id]
    return [iv.description, " ", html.B("Eligible: "), iv.target_population, " ",
            html.B("Event avoided: "), iv.event + "."]



def _unseen(text: str) -> html.Span:
    """A column header for screen readers only (the row labels say what the column is)."""
    return html.Span(text, className="visually-hidden")


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
        _table([_unseen("Measure"), "Value", "Status", "Basis"], rows, "list populations"),
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
        _table([_unseen("Result"), "Central", "Range (low to high effect)"], rows, "list results", classes),
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
        _table([_unseen("Outcome"), "Median", "95% interval"], rows, "list results psa"),
        html.P(report.psa_text(p), className="hint"),
        html.Details([
            html.Summary("Distributions of the uncertain inputs"),
            _table(["Input", "Central", "95% interval", "Distribution", "Spread", "Basis"],
                   inputs, "list distributions"),
        ]),
    ]




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




def map_legend(nhs_level: str) -> list:
    """Key of the partner map: chosen areas, the NHS partner level and councils."""
    nhs = "ICB" if nhs_level == "icb23" else "Sub-ICB location"
    return [
        html.Span([html.I(className="key", style={"background": theme.INVESTMENT_UNIT_FILL}),
                   "Chosen areas"]),
        html.Span([html.I(className="key",
                          style={"border": f"3px solid {theme.INVESTMENT_NHS_LINE}"}),
                   f"{nhs} (NHS partner)"]),
        html.Span([html.I(className="key",
                          style={"border": f"2px solid {theme.INVESTMENT_COUNCIL_LINE}"}),
                   "County or unitary council (partner)"]),
    ]
