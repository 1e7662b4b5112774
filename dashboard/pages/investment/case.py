"""The case of a scenario on the warehouse the app serves: :func:`planning.case.compute` (the
chosen areas, populations with where each number came from, the target, the scenario's result
and its probabilistic sensitivity analysis, 10,000 seeded draws, about 25 ms; the SII before
and after; the pooled-budget split between the councils and NHS bodies that overlap the chosen
areas) over the readers of :mod:`dashboard.data.investment`."""

from __future__ import annotations

from dashboard.data.investment import warehouse_data
from dashboard.pages.investment.state import InvestmentState
from planning import case as case_model
from planning.case import Case, PartnerRow


def compute(state: InvestmentState) -> Case:
    """:func:`planning.case.compute` of a resolved state on the app's warehouse (ValueError,
    with a message for the page, when the scenario cannot be computed)."""
    return case_model.compute(warehouse_data(), state.as_dict())


def partner_rows(state: InvestmentState) -> tuple[PartnerRow, ...]:
    """Partners of a state's areas (population only), for the agreed-percentage inputs."""
    return case_model.partner_rows(warehouse_data(), state.as_dict())
