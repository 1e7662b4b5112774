"""The report as one self-contained HTML document that prints to one A4 page (the case, its
uncertainty, figures, assumptions and sources; each input's distribution is on the page).

:func:`render_report` takes a :class:`ReportInput` (the scenario, its result, the populations
and where they came from, the pooled-budget split, the map as WGS84 geometries) and returns one
HTML document with inline CSS (:mod:`planning.report.style`; an ``@media print`` block sets A4
and hides nothing) and the map as an inline SVG drawn by
:func:`planning.report.map_svg.svg_map`. It loads no external resource: no stylesheet, font,
script or image is fetched; the sources are printed with their addresses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from core.formatting import gbp_per_head_text, range_text
from planning.interventions import SOURCES, Intervention
from planning.psa import PSAResult
from planning.report.citations import short_citation
from planning.report.figures import (
    assumption_rows,
    discounting_text,
    figure_value_text,
    key_figures,
    lead_text,
    psa_figures,
    psa_text,
)
from planning.report.map_svg import MapLayer, svg_map
from planning.report.style import CSS
from planning.scenario import Scenario, ScenarioResult, SIIChange

__all__ = [
    "PartnerLine",
    "ReportInput",
    "distribution_rows_html",
    "render_report",
    "tornado_html",
]


@dataclass(frozen=True)
class PartnerLine:
    """One partner of the pooled budget (GBP over the horizon, discounted)."""

    name: str
    kind: str
    population: float
    share: float | None
    contribution: float | None
    savings: float
    net: float | None


@dataclass(frozen=True)
class ReportInput:
    """Everything the report shows. Text fields are plain text (escaped when rendered).

    ``populations``: (label, value, basis) lines; ``extra_assumptions``: (label, value, basis)
    for assumptions made outside the intervention (placeholders for missing data);
    ``data_sources``: one line per warehouse indicator used (name, period, source, licence).
    """

    title: str
    prepared: date
    areas: str
    areas_detail: str
    intervention: Intervention
    scenario: Scenario
    result: ScenarioResult
    populations: tuple[tuple[str, str, str], ...]
    target_text: str
    sii: SIIChange | None
    sii_note: str
    partners: tuple[PartnerLine, ...]
    split_text: str
    split_error: str
    extra_assumptions: tuple[tuple[str, str, str], ...]
    data_sources: tuple[str, ...]
    map_layers: tuple[MapLayer, ...]
    link: str = ""
    notes: tuple[str, ...] = ()
    psa: PSAResult | None = None


def tornado_html(psa: PSAResult, *, limit: int = 8) -> str:
    """The tornado as plain HTML bars (no script, no image): for each input, the net cost with
    the input at its 2.5th and 97.5th percentile, around the central net cost."""
    bars = psa.tornado[:limit]
    if not bars:
        return "<p class=\"tiny\">No input has a stated spread.</p>"
    centre = psa.net_cost_central
    values = [v for b in bars for v in (b.at_low, b.at_high)] + [centre]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0

    def pct(x: float) -> float:
        return 100 * (x - lo) / span

    rows = []
    for b in bars:
        left, right = sorted((b.at_low, b.at_high))
        low_side = "#0072B2" if b.at_low <= b.at_high else "#E69F00"
        rows.append(
            f'<tr><td class="tlabel">{_e(b.label)}</td><td class="tbar"><div class="track">'
            f'<span class="axis" style="left:{pct(centre):.1f}%"></span>'
            f'<span class="bar" style="left:{pct(left):.1f}%;width:'
            f'{max(pct(right) - pct(left), 0.5):.1f}%;background:{low_side}"></span></div></td>'
            f'<td class="num tiny">{_e(gbp_per_head_text(b.at_low))} / {_e(gbp_per_head_text(b.at_high))}</td></tr>')
    return (
        '<table class="tornado"><thead><tr><th>Input (2.5th / 97.5th percentile)</th>'
        f'<th>Net cost, {_e(gbp_per_head_text(lo))} to {_e(gbp_per_head_text(hi))}; line: central '
        f'{_e(gbp_per_head_text(centre))}</th><th class="num">at low / high input</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table><p class="tiny">One input at a time, the others '
        'central; blue: a higher input raises the net cost, orange: a higher input lowers it '
        '(a bigger saving).</p>')


def distribution_rows_html(psa: PSAResult) -> str:
    """One row per PSA input: distribution, 95% interval, status and where the spread is from."""
    rows = []
    for d in psa.inputs:
        if d.kind == "fixed":
            continue
        lo, hi = d.interval
        status = "assumption" if d.is_assumption else "published"
        rows.append(
            f"<tr><td>{_e(d.label)}</td><td class=\"num\">{_e(figure_value_text(d.central))}</td>"
            f'<td class="num">{_e(range_text(lo, hi, figure_value_text))}</td>'
            f'<td class="tiny">{_e(d.description)}</td><td>{_badge(status)}</td>'
            f'<td class="tiny">{_e(_first_sentence(d.basis, 150))}</td></tr>')
    return (
        '<table class="fixed"><colgroup><col style="width:18%"><col style="width:8%">'
        '<col style="width:13%"><col style="width:20%"><col style="width:9%"><col></colgroup>'
        '<thead><tr><th>Input</th><th class="num">Central</th><th class="num">95% interval'
        '</th><th>Distribution</th><th>Spread</th><th>Basis of the spread</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>')


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(status: str) -> str:
    cls = {"published": "published", "assumption": "assumption",
           "your assumption": "your"}.get(status, "assumption")
    return f'<span class="badge {cls}">{_e(status)}</span>'


def _pp(value: float) -> str:
    """Signed percentage points to one decimal, without a negative zero."""
    return f"{round(value, 1) + 0.0:+.1f}"


def _first_sentence(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    match = re.search(r"(?<=[a-z0-9%)])\.\s", text)
    head = text[: match.start() + 1] if match else text
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def render_report(data: ReportInput) -> str:
    """The report as one self-contained HTML document (string)."""
    s, r, iv = data.scenario, data.result, data.intervention
    rows = assumption_rows(iv)
    cited: list[str] = []
    for row in rows:
        for key in row.sources:
            if key not in cited:
                cited.append(key)
    if "green_book" not in cited:
        cited.append("green_book")
    number = {key: i + 1 for i, key in enumerate(cited)}

    lead = lead_text(r, name=iv.name, areas=data.areas, current_pct=s.current_coverage_pct,
                     target_pct=s.target_coverage_pct)
    cost_note = (f'<p class="small caveat">{_e(iv.cost_note)}</p>' if iv.cost_note else "")
    if data.psa is not None:
        psa = data.psa
        psa_rows = "".join(
            f'<tr><td>{_e(f.label)}'
            + (f' <span class="tiny">({_e(f.note)})</span>' if f.note else "")
            + f'</td><td class="num">{_e(f.central)}</td><td class="num">{_e(f.range)}</td>'
            "</tr>" for f in psa_figures(psa))
        psa_html = (
            f"<h2>Uncertainty: probabilistic sensitivity analysis "
            f"({r.horizon_years} years)"
            "</h2><div class=\"cols\"><section><table><thead><tr><th>Measure</th>"
            "<th class=\"num\">Median</th><th class=\"num\">95% interval</th></tr></thead>"
            f"<tbody>{psa_rows}</tbody></table><p class=\"tiny\">"
            f"{_e(_first_sentence(psa_text(psa), 170))} Each input's distribution and the "
            "method are on the page (scenario link below).</p>"
            f"</section><section>{tornado_html(psa, limit=5)}</section></div>")
    else:
        psa_html = ""
    def figure_rows(lines) -> str:
        return "".join(
            f'<tr class="{"sub" if f.level else ""}"><td>{_e(f.label)}'
            + (f' <span class="tiny">({_e(f.note)})</span>' if f.note else "")
            + f'</td><td class="num">{_e(f.central)}</td><td class="num">{_e(f.range)}</td>'
            "</tr>"
            for f in lines
        )

    lines = key_figures(r)
    n_health = next(i for i, f in enumerate(lines) if f.label.startswith("Programme cost"))
    health_html, money_html = figure_rows(lines[:n_health]), figure_rows(lines[n_health:])
    pops_html = "".join(
        f"<tr><td>{_e(label)}</td><td class=\"num\">{_e(value)}</td>"
        f'<td class="tiny">{_e(basis)}</td></tr>'
        for label, value, basis in data.populations
    )
    if data.sii is not None:
        sii = data.sii
        sii_html = (
            f'<tr><td>Inequality gap (SII)</td><td class="num">'
            f"{_pp(sii.sii_before)} &rarr; {_pp(sii.sii_after)}</td><td class=\"tiny\">"
            f"Slope index of inequality, points, before &rarr; after (change "
            f"{_pp(sii.change)}); positive: the least deprived are better covered. "
            f"{_e(data.sii_note)}</td></tr>")
    else:
        sii_html = (f'<tr><td>Inequality gap (SII)</td><td class="num">–</td>'
                    f'<td class="tiny">{_e(data.sii_note)}</td></tr>')

    partner_rows = "".join(
        f"<tr><td>{_e(p.name)} <span class=\"tiny\">"
        f"{'council' if p.kind == 'council' else 'NHS'}</span></td>"
        f'<td class="num">{"–" if p.share is None else f"{p.share:.1%}"}</td>'
        f'<td class="num">{gbp_per_head_text(p.contribution) if p.contribution is not None else "–"}</td>'
        f'<td class="num">{gbp_per_head_text(p.savings)}</td>'
        f'<td class="num">{gbp_per_head_text(p.net) if p.net is not None else "–"}</td></tr>'
        for p in data.partners
    )
    split_error = f'<p class="error">{_e(data.split_error)}</p>' if data.split_error else ""

    svg = svg_map(data.map_layers)
    legend = "".join(
        f'<span><i class="key" style="background:{_e(layer.fill)};border:'
        f'{max(layer.stroke_width, 0.6):g}px solid {_e(layer.stroke)}"></i>{_e(layer.label)}'
        "</span>"
        for layer in data.map_layers if layer.geometries
    )
    map_html = (f'<div class="map">{svg}<p class="legend">{legend}</p></div>' if svg
                else "<p>No boundaries to draw.</p>")

    def refs(keys: tuple[str, ...]) -> str:
        return "".join(f"[{number[k]}]" for k in keys) or "–"

    assumption_html = "".join(
        f"<tr><td>{_e(a.label)}</td><td class=\"num\">{_e(a.value)}"
        + (f'<br><span class="tiny">{_e(a.range)}</span>' if a.range and a.range != a.value
           else "")
        + '</td><td class="tiny clip">'
        + (f"prices {_e(a.price_year)}; " if a.price_year else "") + _e(a.unit)
        + f"</td><td>{_badge(a.status)}</td><td class=\"small\">{refs(a.sources)}</td>"
        f'<td class="tiny clip">{_e(_first_sentence(a.basis))}</td></tr>'
        for a in rows
    )
    assumption_html += "".join(
        f"<tr><td>{_e(label)}</td><td class=\"num\">{_e(value)}</td><td class=\"tiny\">"
        f"</td><td>{_badge('assumption')}</td><td>–</td>"
        f'<td class="tiny clip">{_e(_first_sentence(basis))}</td></tr>'
        for label, value, basis in data.extra_assumptions
    )
    sources_html = "".join(
        f"<li>{_e(short_citation(SOURCES[k].citation))} <span class=\"url\">"
        f"{_e(SOURCES[k].url)}</span></li>"
        for k in cited
    )
    data_html = " ".join(_e(line) for line in data.data_sources)
    notes_html = "".join(f"<li>{_e(n)}</li>" for n in data.notes)
    link = (f' Scenario (open this address): <span class="url">{_e(data.link)}</span>'
            if data.link else "")

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(data.title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<div class="head">
<div>
<h1>{_e(data.title)}</h1>
<p class="meta">Prepared {data.prepared.isoformat()} with the population health needs and
inequalities atlas (England). {_e(data.areas_detail)}</p>
<p class="lead">{lead}</p>
<p class="small">Events: {_e(r.event)}. Modelled, not observed; ranges come from the low and
high effect (the uncertainty of every input is below).</p>
{cost_note}
</div>
<div>{map_html}</div>
</div>
<div class="cols">
<section>
<h2>Health effect</h2>
<table><thead><tr><th>Measure</th><th class="num">Central</th><th class="num">Range</th></tr>
</thead><tbody>{health_html}</tbody></table>
<h2>People and coverage</h2>
<table class="fixed"><colgroup><col style="width:22%"><col style="width:18%"><col>
</colgroup><tbody>{pops_html}
<tr><td>Target</td><td class="num">{s.target_coverage_pct:.1f}%</td>
<td class="tiny">{_e(data.target_text)}</td></tr>
{sii_html}</tbody></table>
<h2>Pooled budget ({r.horizon_years} years, discounted)</h2>
<p class="tiny">{_e(data.split_text)} Savings: NHS to the NHS bodies, social care to the
councils (by population).</p>
{split_error}
<table><thead><tr><th>Partner</th><th class="num">Share</th><th class="num">Pays</th><th class="num">Saves</th>
<th class="num">Net</th></tr></thead><tbody>{partner_rows}</tbody></table>
</section>
<section>
<h2>Costs and savings</h2>
<table><thead><tr><th>Measure</th><th class="num">Central</th><th class="num">Range</th></tr>
</thead><tbody>{money_html}</tbody></table>
<p class="tiny">{_e(discounting_text(r))}</p>
</section>
</div>
{psa_html}
<h2>Figures and assumptions: {_e(iv.name)}</h2>
<table class="fixed"><colgroup><col style="width:16%"><col style="width:10%">
<col style="width:16%"><col style="width:9%"><col style="width:5.5%"><col></colgroup>
<thead><tr><th>Figure</th><th class="num">Value (range)</th><th>Unit</th><th>Status</th>
<th>Source</th><th>Basis (first sentence; full text on the page)</th></tr></thead>
<tbody>{assumption_html}</tbody></table>
{f'<ul class="notes tiny">{notes_html}</ul>' if notes_html else ""}
<h2>Sources</h2>
<ol class="sources">{sources_html}</ol>
<p class="tiny"><b>Data and periods.</b> {data_html}</p>
<footer>Modelled estimates for planning, not forecasts: events avoided are modelled from
published effects, not observed; observed counts under 5 are suppressed.{link}</footer>
</main>
</body>
</html>
"""
