"""Investment case report: self-contained HTML that prints to two A4 pages (the case; then
its uncertainty, figures, assumptions and sources).

:func:`render_report` takes a :class:`ReportInput` (the scenario, its result, the populations
and where they came from, the pooled-budget split, the map as WGS84 geometries) and returns one
HTML document with inline CSS (an ``@media print`` block sets A4 and hides nothing) and the map
as an inline SVG drawn by :func:`svg_map`. It loads no external resource: no stylesheet, font,
script or image is fetched; the sources are printed with their addresses.

:func:`key_figures` (which also feeds :func:`lead_text`, the headline sentence),
:func:`psa_figures`, :func:`assumption_rows` and :func:`discounting_text` are shared with the
dashboard, so the page and the report show the same figures for the chosen horizon with the
same words. Pure: no data access, no network.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.formatting import count_text, gbp_per_head_text, range_text
from planning.interventions import SOURCES, Figure, Intervention
from planning.psa import PSAResult
from planning.scenario import DEFAULT_DISCOUNT_RATE, Scenario, ScenarioResult, SIIChange

__all__ = [
    "FIGURE_LABELS",
    "AssumptionRow",
    "KeyFigure",
    "MapLayer",
    "PartnerLine",
    "ReportInput",
    "assumption_rows",
    "discounting_text",
    "figure_status",
    "count_text",
    "gbp_per_head_text",
    "key_figures",
    "lead_text",
    "psa_figures",
    "render_report",
    "short_citation",
    "short_source",
    "svg_map",
]

#: Display names of the intervention figures (keys of ``Intervention.figures()``).
FIGURE_LABELS: Mapping[str, str] = {
    "take_up": "Take-up",
    "unit_cost": "Unit cost",
    "responder_fraction": "Responders",
    "baseline_risk": "Baseline risk",
    "effect": "Effect (relative risk reduction)",
    "time_to_effect_years": "Time to effect",
    "effect_duration_years": "Effect lasts",
    "event_cost": "Cost of an event",
}
_ABBREVIATIONS = {
    "National Institute for Health and Care Excellence": "NICE",
    "Health and Social Care Information Centre": "HSCIC",
    "London School of Economics": "LSE",
    "HM Treasury": "HM Treasury",
}


# ---------------------------------------------------------------------------
# formatting
# ---------------------------------------------------------------------------


def _fmt_value(value: float) -> str:
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"



def short_source(key: str) -> str:
    """A short label for a source key: first author or body, and year ('Ettehad 2016')."""
    citation = SOURCES[key].citation
    head = re.split(r"[.,]", citation, maxsplit=1)[0].strip()
    words = head.split(" ")
    if head in _ABBREVIATIONS:
        label = _ABBREVIATIONS[head]
    elif len(words) == 2 and words[1].isupper() and len(words[1]) <= 3:
        label = words[0]  # "Ettehad D" -> "Ettehad"
    else:
        label = head
    year = re.search(r"\b(?:19|20)\d{2}\b", citation)
    return f"{label} {year.group(0)}" if year else label


# ---------------------------------------------------------------------------
# shared with the page
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One line of results: label, central value, low-high range and a note (all text)."""

    label: str
    central: str
    range: str
    note: str = ""
    level: int = 0  # 1 = a breakdown of the line above
    key: str = ""  # a stable name for the figure (used by the headline sentence)


def key_figures(result: ScenarioResult) -> tuple[KeyFigure, ...]:
    """The results of a scenario for its horizon as display lines: the one function both the
    page and the report (table and headline sentence, :func:`lead_text`) take figures from.

    "Events" are ``result.event`` (state it beside the table); they are modelled, and ranges
    come from the low and high effect (relative risk reduction). Events and money are over
    ``result.horizon_years`` (5 or 10 on the page).
    """
    h = result.horizon_years
    e = result.events_avoided_per_year
    plain, disc = result.events_avoided_horizon, result.events_avoided_horizon_discounted
    lines = [
        KeyFigure("People reached a year", count_text(result.people_reached_per_year), "",
                  "eligible x uplift x take-up", key="people"),
        KeyFigure("Events avoided a year, once the effect has started", count_text(e.central),
                  range_text(e.low, e.high, count_text), key="events_per_year"),
        KeyFigure(f"Events avoided over {h} years", count_text(plain.central),
                  range_text(plain.low, plain.high, count_text), key="events_horizon"),
        KeyFigure("discounted", count_text(disc.central), range_text(disc.low, disc.high, count_text),
                  level=1, key="events_horizon_discounted"),
    ]
    avoided = result.avoided_costs_horizon_discounted
    gross = result.avoided_cost_horizon_discounted
    net = result.net_cost_horizon_discounted
    per_event = result.cost_per_event_avoided
    net_per_event = result.net_cost_per_event_avoided
    lines += [
        KeyFigure("Programme cost a year", gbp_per_head_text(result.programme_cost_per_year), ""),
        KeyFigure(f"Programme cost over {h} years", gbp_per_head_text(result.programme_cost_horizon), ""),
        KeyFigure("discounted", gbp_per_head_text(result.programme_cost_horizon_discounted), "",
                  level=1, key="programme_horizon_discounted"),
        KeyFigure("Cost per resident a year", gbp_per_head_text(result.cost_per_head_per_year), ""),
        KeyFigure(f"over {h} years, discounted",
                  gbp_per_head_text(result.cost_per_head_horizon_discounted), "", level=1),
        KeyFigure(f"Gross avoided cost ({h} years, discounted)", gbp_per_head_text(gross.central),
                  range_text(gross.low, gross.high, gbp_per_head_text)),
        KeyFigure("NHS acute (ICB)", gbp_per_head_text(avoided.nhs_acute), "", level=1),
        KeyFigure("NHS other: primary, community (ICB)", gbp_per_head_text(avoided.nhs_other), "",
                  level=1),
        KeyFigure("Council social care", gbp_per_head_text(avoided.social_care), "", level=1),
        KeyFigure(f"Net cost ({h} years, discounted)", gbp_per_head_text(net.central),
                  range_text(net.low, net.high, gbp_per_head_text), key="net_cost"),
        KeyFigure("Cost per event avoided (discounted)", gbp_per_head_text(per_event.central),
                  range_text(per_event.low, per_event.high, gbp_per_head_text)),
        KeyFigure("Net cost per event avoided (discounted)", gbp_per_head_text(net_per_event.central),
                  range_text(net_per_event.low, net_per_event.high, gbp_per_head_text)),
    ]
    return tuple(lines)


def lead_text(result: ScenarioResult, *, name: str, areas: str, current_pct: float,
              target_pct: float) -> str:
    """The headline sentence (HTML with <b>), built from :func:`key_figures` only, so the
    report's headline and the page's table show the same numbers for the same horizon."""
    f = {k.key: k for k in key_figures(result) if k.key}
    h = result.horizon_years
    net = result.net_cost_horizon_discounted.central
    net_words = (f"a net saving of <b>{gbp_per_head_text(-net)}</b>" if net < 0
                 else f"a net cost of <b>{f['net_cost'].central}</b>")
    events = f["events_horizon"]
    return (
        f"Raising coverage of <b>{_e(name)}</b> in <b>{_e(areas)}</b> from "
        f"{current_pct:.1f}% to {target_pct:.1f}% reaches <b>{f['people'].central}</b> "
        f"people a year and avoids an estimated <b>{events.central}</b> ({events.range}) "
        f"events over {h} years (modelled), for a programme cost of "
        f"<b>{f['programme_horizon_discounted'].central}</b> over {h} years (discounted): "
        f"{net_words} after avoided NHS and social care costs."
    )


def psa_figures(psa: PSAResult) -> tuple[KeyFigure, ...]:
    """The probabilistic sensitivity analysis as display lines: median and 95% interval of
    the draws, and the probability that the scheme saves money (page and report)."""
    h = psa.horizon_years

    def line(label: str, interval, fmt, key: str, note: str = "") -> KeyFigure:
        return KeyFigure(label, fmt(interval.median), range_text(interval.low, interval.high, fmt),
                         note, key=key)

    return (
        line(f"Events avoided over {h} years", psa.events, count_text, "psa_events"),
        line(f"Net cost ({h} years, discounted)", psa.net_cost, gbp_per_head_text, "psa_net",
             "negative: a saving"),
        line("Cost per event avoided (discounted)", psa.cost_per_event, gbp_per_head_text,
             "psa_per_event"),
        KeyFigure("Probability the scheme saves money", f"{psa.p_saves_money:.0%}", "",
                  f"share of {psa.draws:,} draws with a net cost below zero", key="psa_p_save"),
    )


def psa_text(psa: PSAResult) -> str:
    """How the PSA was done, in words."""
    top = ", ".join(b.label.lower() for b in psa.tornado[:3])
    return (
        f"{psa.draws:,} Monte Carlo draws (seed {psa.seed}) of every uncertain input at once, "
        "each from the distribution stated beside it (log-normal for odds ratios and relative "
        "risks from their confidence intervals, beta for proportions, gamma for costs; "
        "assumed spreads are marked as assumptions); inputs drawn independently; time to "
        "effect and effect duration held at their values. Median and 95% interval (2.5th to "
        "97.5th percentile) of the draws. The tornado is one-way: each input at its 2.5th and "
        "97.5th percentile with the others at their central values, ranked by the swing in "
        f"net cost{f' (largest: {top})' if top else ''}."
    )


def discounting_text(result: ScenarioResult) -> str:
    """The discounting convention in words (costs, savings and events)."""
    rate = result.discount_rate
    green = ("the HM Treasury Green Book social time preference rate"
             if math.isclose(rate, DEFAULT_DISCOUNT_RATE)
             else f"changed from the HM Treasury Green Book rate of {DEFAULT_DISCOUNT_RATE:.1%}")
    n = result.event_cost_years
    h = result.horizon_years
    if n > 1:
        savings = (
            f"Savings accrue over the years they fall in: the cost of an event avoided in "
            f"year s is spread evenly over years s to s + {n - 1} ({n} years), each year's "
            f"part discounted in that year; parts falling after year {h} (the horizon) are "
            "not counted, so an event avoided late in the horizon saves only its first "
            "years' costs within it. "
        )
    else:
        savings = "The cost of an avoided event is saved in the year the event is avoided. "
    return (
        f"Discounted figures use {rate:.1%} a year ({green}) for costs, savings and events "
        f"alike: year 1 is not discounted, year t is divided by {1 + rate:.3f}^(t - 1). "
        + savings
        + f"The figures assume {h} years of delivery. Net cost = programme cost less gross "
        "avoided cost (negative: a saving). GBP at each source's price year, not inflated. "
        "Ranges: low and high effect."
    )


def figure_status(fig: Figure) -> str:
    """'published', 'assumption' (the catalogue's) or 'your assumption' (edited on the page)."""
    if fig.is_assumption and fig.basis.startswith("User override"):
        return "your assumption"
    return "assumption" if fig.is_assumption else "published"


@dataclass(frozen=True)
class AssumptionRow:
    """One figure of the intervention, for the assumptions table."""

    field: str
    label: str
    value: str
    range: str
    unit: str
    status: str
    sources: tuple[str, ...]
    basis: str
    price_year: str


def assumption_rows(intervention: Intervention) -> tuple[AssumptionRow, ...]:
    """Every figure of the intervention (after overrides) with its status and sources."""
    rows = []
    for name, fig in intervention.figures().items():
        rows.append(AssumptionRow(
            field=name,
            label=FIGURE_LABELS.get(name, name),
            value=_fmt_value(fig.central),
            range=range_text(fig.low, fig.high, _fmt_value),
            unit=fig.unit,
            status=figure_status(fig),
            sources=fig.sources,
            basis=fig.basis,
            price_year=fig.price_year,
        ))
    windows = intervention.effect_windows
    if windows is not None:  # the figures the effect is derived from (read-only on the page)
        shares = windows.shares()
        for i, w in enumerate(windows.windows):
            fig = w.odds_ratio
            rows.append(AssumptionRow(
                field=f"odds_ratio:{i}", label=f"Odds ratio, treated {w.label}",
                value=_fmt_value(fig.central), range=range_text(fig.low, fig.high, _fmt_value),
                unit=fig.unit + f" ({shares[i]:.0%} of treated patients)",
                status=figure_status(fig), sources=fig.sources, basis=fig.basis,
                price_year=""))
        fig = windows.share_first
        rows.append(AssumptionRow(
            field="share_first", label=f"Treated {windows.windows[0].label}",
            value=_fmt_value(fig.central), range=range_text(fig.low, fig.high, _fmt_value),
            unit=fig.unit, status=figure_status(fig), sources=fig.sources, basis=fig.basis,
            price_year=""))
    split = intervention.event_cost_split
    rows.append(AssumptionRow(
        field="event_cost_split",
        label="Who pays for an event",
        value=f"{split.nhs_acute:.0%} / {split.nhs_other:.0%} / {split.social_care:.0%}",
        range="",
        unit="shares of the cost of an event: NHS acute / NHS other / council social care",
        status="assumption" if split.is_assumption else "published",
        sources=split.sources,
        basis=split.basis,
        price_year="",
    ))
    return tuple(rows)


# ---------------------------------------------------------------------------
# the map as SVG
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MapLayer:
    """Polygons drawn in one style: GeoJSON geometry mappings (Polygon or MultiPolygon) in
    WGS84 longitude / latitude. Layers with ``frame=False`` are drawn but clipped to the
    extent of the others."""

    label: str
    geometries: tuple[Mapping, ...]
    fill: str = "none"
    stroke: str = "#000000"
    stroke_width: float = 1.0
    frame: bool = True  # part of the extent the map is fitted to


def _polygons(geometry: Mapping) -> list:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", ()) for p in _polygons(g)]
    return []


def svg_map(layers: Sequence[MapLayer], *, width: int = 240, height: int = 168,
            padding: float = 0.12) -> str:
    """An inline SVG of the layers (first drawn first), fitted to the extent of the layers
    with ``frame=True`` plus ``padding`` of it on each side; shapes beyond are clipped.

    Equirectangular projection scaled by the cosine of the mid latitude (fine at the scale of
    an ICB); north up. Returns '' when no layer has geometry.
    """
    rings = [ring for layer in layers if layer.frame for g in layer.geometries
             for poly in _polygons(g) for ring in poly]
    if not rings:
        rings = [ring for layer in layers for g in layer.geometries for poly in _polygons(g)
                 for ring in poly]
    if not rings:
        return ""
    lons = [pt[0] for ring in rings for pt in ring]
    lats = [pt[1] for ring in rings for pt in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    dx, dy = (max_lon - min_lon) * padding, (max_lat - min_lat) * padding
    min_lon, max_lon, min_lat, max_lat = min_lon - dx, max_lon + dx, min_lat - dy, max_lat + dy
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    pad = 2
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2

    def point(pt) -> str:
        x = off_x + (pt[0] - min_lon) * kx * scale
        y = off_y + (max_lat - pt[1]) * scale
        return f"{x:.1f} {y:.1f}"

    parts = [f'<svg viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="Map of the chosen areas '
             'and partner boundaries">']
    for i, layer in enumerate(layers):
        paths = []
        for g in layer.geometries:
            d = "".join("M" + "L".join(point(pt) for pt in ring) + "Z"
                        for poly in _polygons(g) for ring in poly)
            if d:
                paths.append(f'<path d="{d}"/>')
        if paths:
            parts.append(f'<g class="layer-{i}" fill="{html.escape(layer.fill)}" '
                         f'stroke="{html.escape(layer.stroke)}" '
                         f'stroke-width="{layer.stroke_width:g}" fill-rule="evenodd" '
                         'stroke-linejoin="round">' + "".join(paths) + "</g>")
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------


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
            f"<tr><td>{_e(d.label)}</td><td class=\"num\">{_e(_fmt_value(d.central))}</td>"
            f'<td class="num">{_e(range_text(lo, hi, _fmt_value))}</td>'
            f'<td class="tiny">{_e(d.description)}</td><td>{_badge(status)}</td>'
            f'<td class="tiny">{_e(_first_sentence(d.basis, 150))}</td></tr>')
    return (
        '<table class="fixed"><colgroup><col style="width:18%"><col style="width:8%">'
        '<col style="width:13%"><col style="width:20%"><col style="width:9%"><col></colgroup>'
        '<thead><tr><th>Input</th><th class="num">Central</th><th class="num">95% interval'
        '</th><th>Distribution</th><th>Spread</th><th>Basis of the spread</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>')


_CSS = """
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, Arial, Helvetica, sans-serif; color: #1a1a1a;
       font-size: 9pt; line-height: 1.28; margin: 0; background: #fff; }
main { max-width: 200mm; margin: 0 auto; padding: 8mm 6mm; }
h1 { font-size: 12.5pt; margin: 0 0 0.8mm 0; color: #1f3b57; }
h2 { font-size: 9.5pt; margin: 2mm 0 0.8mm 0; color: #1f3b57;
     border-bottom: 0.4pt solid #1f3b57; padding-bottom: 0.3mm; }
p { margin: 0.6mm 0; }
.meta { color: #444; font-size: 7.5pt; }
.lead { font-size: 9pt; background: #eef3f8; border-left: 3pt solid #1f3b57;
        padding: 1.2mm 2.2mm; margin: 1.5mm 0; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.head { display: grid; grid-template-columns: 1fr 62mm; gap: 4mm; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: 7.8pt; }
table.fixed { table-layout: fixed; }
th, td { text-align: left; padding: 0.35mm 1mm; border-bottom: 0.3pt solid #d0d0d0;
         vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.sub td:first-child { padding-left: 4mm; color: #333; }
.small { font-size: 7pt; color: #333; }
.tiny { font-size: 6.4pt; color: #333; }
.badge { display: inline-block; border-radius: 2pt; padding: 0 0.8mm; font-size: 6.3pt;
         font-weight: 600; white-space: nowrap; }
.badge.published { background: #e3f1e9; color: #0b5d3b; border: 0.3pt solid #0b5d3b; }
.badge.assumption { background: #fff1dc; color: #7a4300; border: 0.3pt solid #7a4300; }
.badge.your { background: #fde0e0; color: #8a1010; border: 0.3pt solid #8a1010; }
.map svg { display: block; width: 100%; height: auto; border: 0.3pt solid #bbb;
           background: #fbfbfb; }
.legend { font-size: 6.8pt; margin: 0.4mm 0 0 0; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.key { display: inline-block; width: 6mm; height: 2.4mm; vertical-align: middle;
       margin-right: 1mm; }
.error { color: #8a1010; font-weight: 600; }
ol.sources { margin: 0; padding-left: 4.5mm; columns: 2; column-gap: 5mm; font-size: 6.3pt; }
ol.sources li { break-inside: avoid; margin-bottom: 0.4mm; }
ul.notes { margin: 0.5mm 0; padding-left: 4mm; }
.url { word-break: break-all; color: #1f3b57; }
table.tornado td.tlabel { width: 30%; }
table.tornado td.tbar { width: 45%; }
.track { position: relative; height: 3mm; background: #f4f4f4; }
.track .bar { position: absolute; top: 0.4mm; height: 2.2mm; }
.track .axis { position: absolute; top: 0; bottom: 0; width: 0.4pt; background: #1a1a1a; }
.caveat { color: #7a4300; font-weight: 600; }
footer { margin-top: 1.5mm; font-size: 6.3pt; color: #555; border-top: 0.3pt solid #ccc;
         padding-top: 0.8mm; }
@media print {
  @page { size: A4 portrait; margin: 6mm 8mm; }
  main { max-width: none; padding: 0; }
  body { font-size: 8.5pt; line-height: 1.18; }
  th, td { padding: 0.2mm 1mm; }
  .lead { font-size: 8.5pt; }
  h2 { margin-top: 1.6mm; }
  table { font-size: 7.4pt; }
  .small { font-size: 6.8pt; }
  h2 { break-after: avoid; }
  h2.newpage { break-before: page; margin-top: 0; }
  table, .map, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(status: str) -> str:
    cls = {"published": "published", "assumption": "assumption",
           "your assumption": "your"}.get(status, "assumption")
    return f'<span class="badge {cls}">{_e(status)}</span>'


def short_citation(citation: str) -> str:
    """Vancouver-style author list: the first three authors then 'et al.'."""
    head, sep, rest = citation.partition(". ")
    authors = head.split(", ")
    looks_like_authors = len(authors) > 3 and all(
        len(a.split(" ")) == 2 and a.split(" ")[1].isupper() for a in authors)
    if not looks_like_authors:
        return citation
    return ", ".join(authors[:3]) + ", et al" + sep + rest


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
            f"<h2 class=\"newpage\">Uncertainty: probabilistic sensitivity analysis "
            f"({r.horizon_years} years)"
            "</h2><div class=\"cols\"><section><table><thead><tr><th>Measure</th>"
            "<th class=\"num\">Median</th><th class=\"num\">95% interval</th></tr></thead>"
            f"<tbody>{psa_rows}</tbody></table><p class=\"tiny\">{_e(psa_text(psa))}</p>"
            f"</section><section>{tornado_html(psa)}</section></div>"
            f"{distribution_rows_html(psa)}")
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
        + f'</td><td class="tiny">{_e(a.unit)}'
        + (f"; prices: {_e(a.price_year)}" if a.price_year else "")
        + f"</td><td>{_badge(a.status)}</td><td class=\"small\">{refs(a.sources)}</td>"
        f'<td class="tiny">{_e(_first_sentence(a.basis))}</td></tr>'
        for a in rows
    )
    assumption_html += "".join(
        f"<tr><td>{_e(label)}</td><td class=\"num\">{_e(value)}</td><td class=\"tiny\">"
        f"</td><td>{_badge('assumption')}</td><td>–</td>"
        f'<td class="tiny">{_e(_first_sentence(basis))}</td></tr>'
        for label, value, basis in data.extra_assumptions
    )
    sources_html = "".join(
        f"<li>{_e(short_citation(SOURCES[k].citation))} <span class=\"url\">"
        f"{_e(SOURCES[k].url)}</span></li>"
        for k in cited
    )
    data_html = " ".join(_e(line) for line in data.data_sources)
    notes_html = "".join(f"<li>{_e(n)}</li>" for n in data.notes)
    link = (f' Scenario link (add to the atlas address): <span class="url">{_e(data.link)}'
            "</span>" if data.link else "")

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(data.title)}</title>
<style>{_CSS}</style>
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
</section>
<section>
<h2>Costs and savings</h2>
<table><thead><tr><th>Measure</th><th class="num">Central</th><th class="num">Range</th></tr>
</thead><tbody>{money_html}</tbody></table>
<p class="tiny">{_e(discounting_text(r))}</p>
<h2>Pooled budget ({r.horizon_years} years, discounted)</h2>
<p class="tiny">{_e(data.split_text)} Savings: NHS to the NHS bodies, social care to the
councils (by population).</p>
{split_error}
<table><thead><tr><th>Partner</th><th class="num">Share</th><th class="num">Pays</th><th class="num">Saves</th>
<th class="num">Net</th></tr></thead><tbody>{partner_rows}</tbody></table>
</section>
</div>
{psa_html}
<h2>Figures and assumptions: {_e(iv.name)}</h2>
<table class="fixed"><colgroup><col style="width:14%"><col style="width:12%">
<col style="width:19%"><col style="width:9.5%"><col style="width:6%"><col></colgroup>
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
