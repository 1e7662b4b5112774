"""The figures of an investment case as display text, shared by the page and the report.

:func:`key_figures` (which also feeds :func:`lead_text`, the headline sentence),
:func:`psa_figures`, :func:`assumption_rows` and :func:`discounting_text` are shared with the
dashboard, so the page and the report show the same figures for the chosen horizon with the
same words. Pure: no data access, no network.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass

from core.formatting import count_text, gbp_per_head_text, range_text
from planning.interventions import Figure, Intervention
from planning.psa import PSAResult
from planning.scenario import DEFAULT_DISCOUNT_RATE, ScenarioResult

__all__ = [
    "FIGURE_LABELS",
    "AssumptionRow",
    "KeyFigure",
    "assumption_rows",
    "discounting_text",
    "figure_status",
    "figure_value_text",
    "key_figures",
    "lead_text",
    "psa_figures",
    "psa_text",
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


def figure_value_text(value: float) -> str:
    """A figure's value as text: 0, thousands with commas, else 4 significant digits."""
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


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
    ``result.horizon_years`` (5 or 10 on the page). "A year by one year's group" is what each
    year's newly reached people avoid once protected; the events chart adds up every group
    reached so far, so its value in year ``h`` is the "in year h" line.
    """
    h = result.horizon_years
    e = result.events_avoided_per_year
    plain, disc = result.events_avoided_horizon, result.events_avoided_horizon_discounted
    last = result.years[h - 1].events_avoided  # the events chart's point at the horizon
    lines = [
        KeyFigure("People reached a year", count_text(result.people_reached_per_year), "",
                  "eligible x uplift x take-up", key="people"),
        KeyFigure("Events avoided a year by one year's group reached, once its effect starts",
                  count_text(e.central), range_text(e.low, e.high, count_text),
                  key="events_per_year"),
        KeyFigure(f"Events avoided in year {h}, all groups reached so far (the chart's year {h})",
                  count_text(last.central), range_text(last.low, last.high, count_text),
                  key="events_last_year"),
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
        f"Raising coverage of <b>{html.escape(str(name))}</b> in "
        f"<b>{html.escape(str(areas))}</b> from "
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
            value=figure_value_text(fig.central),
            range=range_text(fig.low, fig.high, figure_value_text),
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
                value=figure_value_text(fig.central), range=range_text(fig.low, fig.high, figure_value_text),
                unit=fig.unit + f" ({shares[i]:.0%} of treated patients)",
                status=figure_status(fig), sources=fig.sources, basis=fig.basis,
                price_year=""))
        fig = windows.share_first
        rows.append(AssumptionRow(
            field="share_first", label=f"Treated {windows.windows[0].label}",
            value=figure_value_text(fig.central), range=range_text(fig.low, fig.high, figure_value_text),
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
