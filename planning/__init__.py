"""Investment case and joint planning (issue #6): pure arithmetic, no data access.

Modules
-------
interventions
    The catalogue of interventions: every number with its source, or flagged as an assumption.
scenario
    People reached, events avoided, costs, savings by who saves, discounting, target rules and
    the slope index of inequality before and after a change in chosen deciles.
budget
    Pooled-budget contributions (population share, need share, agreed percentages) and where
    the savings land (NHS savings to the ICB, social-care savings to the council).

Nothing here reads the warehouse or the network: callers pass populations and coverage values
(from ``dashboard.queries`` or their own data) and get frozen dataclasses back. Money is in GBP
at the price year stated for each figure, never rounded in the arithmetic; round only to show.
"""

from __future__ import annotations
