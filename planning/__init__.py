"""Investment case and joint planning (issue #6): pure arithmetic, no data access.

Modules
-------
interventions
    The catalogue of interventions (``model``, ``catalogue``, ``citations``): every number with
    its source, or flagged as an assumption.
scenario
    People reached, events avoided, costs, savings by who saves, discounting, target rules and
    the slope index of inequality before and after a change in chosen deciles.
psa
    Probabilistic sensitivity analysis: seeded Monte Carlo draws and a one-way tornado.
budget
    Pooled-budget contributions (population share, need share, agreed percentages) and where
    the savings land (NHS savings to the ICB, social-care savings to the council).
case
    A whole investment case from a reader of plain frames (``case.CaseData``): the areas,
    populations with their provenance, target, SII, partners and budget.
report
    The key figures and the self-contained HTML report.

Nothing here opens the warehouse or the network: ``case`` receives its data through a reader
(the app's is ``dashboard.data.investment``), the rest through arguments, and frozen
dataclasses come back. Money is in GBP at the price year stated for each figure, never rounded
in the arithmetic; round only to show.
"""

from __future__ import annotations
