"""What the investment case page shows for a scenario, by name (:class:`InvestmentOutputs`,
filled by :func:`investment_outputs`), and its downloads (the report as HTML, the scenario as
JSON) and upload (a saved scenario reopened by its page address)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import plotly.graph_objects as go
from dash import html, no_update

from dashboard import ids, validation
from dashboard.pages.investment import components
from dashboard.pages.investment.case import compute
from dashboard.pages.investment.figures import (
    empty_chart,
    empty_map,
    events_chart,
    map_view,
    tornado_view,
)
from dashboard.pages.investment.report import report_input
from dashboard.pages.investment.state import InvestmentState, decode_upload
from planning import report
from planning.case import Case

# ---------------------------------------------------------------------------
# the page's outputs for a scenario
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InvestmentOutputs:
    """Every output of the main callback, by name (:data:`OUTPUT_TARGETS` says which component
    property each fills, in the callback's order)."""

    status: Any  # the error above the results ("" when the case computed)
    populations: Any
    results: Any
    events_chart: go.Figure
    inequality: Any
    partners_map: go.Figure
    map_legend: Any
    partners: Any
    stored_state: dict[str, Any]  # the resolved scenario (InvestmentState.as_dict())
    query: str  # canonical query string, pushed to the address bar
    link: str  # href of the "link to this scenario" anchor
    current_placeholder: str  # the current-coverage input's placeholder
    eligible_placeholder: str  # the eligible-share input's placeholder
    psa: Any
    tornado: go.Figure

    def values(self) -> tuple:
        """The outputs in :data:`OUTPUT_TARGETS` order (what the callback returns)."""
        return tuple(getattr(self, name) for name in OUTPUT_TARGETS)


#: (component id, property) each field of :class:`InvestmentOutputs` fills, in callback order
OUTPUT_TARGETS: dict[str, tuple[str, str]] = {
    "status": (ids.INVESTMENT_STATUS, "children"),
    "populations": (ids.INVESTMENT_POPULATIONS, "children"),
    "results": (ids.INVESTMENT_RESULTS, "children"),
    "events_chart": (ids.INVESTMENT_EVENTS_CHART, "figure"),
    "inequality": (ids.INVESTMENT_INEQUALITY, "children"),
    "partners_map": (ids.INVESTMENT_MAP, "figure"),
    "map_legend": (ids.INVESTMENT_MAP_LEGEND, "children"),
    "partners": (ids.INVESTMENT_PARTNERS, "children"),
    "stored_state": (ids.INVESTMENT_STATE, "data"),
    "query": (ids.INVESTMENT_QUERY, "data"),
    "link": (ids.INVESTMENT_LINK, "href"),
    "current_placeholder": (ids.INVESTMENT_CURRENT, "placeholder"),
    "eligible_placeholder": (ids.INVESTMENT_ELIGIBLE, "placeholder"),
    "psa": (ids.INVESTMENT_PSA, "children"),
    "tornado": (ids.INVESTMENT_TORNADO, "figure"),
}
if set(OUTPUT_TARGETS) != {f.name for f in fields(InvestmentOutputs)}:  # pragma: no cover
    msg = "OUTPUT_TARGETS must name every field of InvestmentOutputs"
    raise RuntimeError(msg)

_HINT = {"data": "data:", "assumption": "assumed:", "your assumption": "yours:"}


def _placeholder(case: Case | None, what: str, data: float | None) -> str:
    if case is None or data is None or not math.isfinite(data):
        return "from data"
    return f"{what} {data:.1f}%"


def investment_outputs(state: InvestmentState) -> InvestmentOutputs:
    """Every output of the page for one resolved state (errors shown, never raised)."""
    query = state.to_query()
    link = state.link()
    try:
        case = compute(state)
    except ValueError as err:
        nothing = html.P("No results: fix the choice above.", className="hint")
        return InvestmentOutputs(
            status=html.P(str(err), className="warning", role="alert"),
            populations=nothing, results=nothing, events_chart=empty_chart(),
            inequality=nothing, partners_map=empty_map(),
            map_legend=components.map_legend(state.nhs), partners=nothing,
            stored_state=state.as_dict(), query=query, link=link,
            current_placeholder="from data", eligible_placeholder="from data",
            psa=nothing, tornado=empty_chart())
    p = case.populations
    return InvestmentOutputs(
        status="",
        populations=components.populations_view(case),
        results=components.results_view(case),
        events_chart=events_chart(case.result),
        inequality=components.inequality_view(case),
        partners_map=map_view(case),
        map_legend=components.map_legend(state.nhs),
        partners=components.partners_view(case),
        stored_state=state.as_dict(),
        query=query,
        link=link,
        current_placeholder=_placeholder(case, _HINT[p.current_status], p.current_pct),
        eligible_placeholder=_placeholder(case, _HINT[p.eligible_status],
                                          100 * p.eligible / p.total),
        psa=components.psa_view(case),
        tornado=tornado_view(case),
    )


# ---------------------------------------------------------------------------
# downloads and upload
# ---------------------------------------------------------------------------


def report_download(state: InvestmentState, *, today: date | None = None,
                    base_url: str = "") -> dict:
    """The report (one A4 page when printed) as an HTML file (dcc.Download data); its scenario
    link starts with ``base_url`` (the request's host URL)."""
    case = compute(state)
    text = report.render_report(report_input(case, prepared=today, base_url=base_url))
    day = (today or date.today()).isoformat()
    return {"content": text, "filename": f"investment_case_{state.iv}_{day}.html",
            "type": "text/html"}


def json_download(state: InvestmentState, *, today: date | None = None) -> dict:
    """The scenario as a JSON file that the page's upload reopens."""
    day = (today or date.today()).isoformat()
    return {"content": state.to_json(saved=today),
            "filename": f"investment_scenario_{state.iv}_{day}.json",
            "type": "application/json"}


def upload_view(contents: str | None, filename: str | None) -> tuple:
    """(href to open, message): the scenario's page address, or an error and no navigation."""
    if not contents:
        return no_update, ""
    name = validation.text(filename, max_length=120) or "the file"
    try:
        state = InvestmentState.from_json(decode_upload(contents))
    except ValueError as err:
        return no_update, html.P(f"Could not open {name}: {err}", className="warning",
                                 role="alert")
    return state.link(), html.P(f"Opened {name}.", className="hint")
