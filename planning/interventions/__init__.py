"""The intervention catalogue: what each intervention moves, costs and saves, and where every
number comes from.

Modules
-------
model
    :class:`Figure`, :class:`Spread`, :class:`CostSplit`, :class:`Intervention` and the effect
    by treatment window (:func:`windowed_rrr`): validation and overrides, no data.
catalogue
    The five interventions (documented data): every number with its source, or flagged as an
    assumption with what it rests on.
citations
    :data:`SOURCES`: every reference the catalogue cites, with the address where it was read.

Everything public is re-exported here: ``from planning.interventions import CATALOGUE_BY_ID``.
"""

from __future__ import annotations

from planning.interventions.catalogue import CATALOGUE, CATALOGUE_BY_ID
from planning.interventions.citations import SOURCES, Source
from planning.interventions.model import (
    DELIVERIES,
    INDICATOR_IDS,
    OVERRIDABLE,
    SPREAD_KINDS,
    CostSplit,
    Figure,
    Intervention,
    Spread,
    TreatmentWindow,
    WindowedEffect,
    windowed_rrr,
)

__all__ = [
    "CATALOGUE",
    "CATALOGUE_BY_ID",
    "DELIVERIES",
    "INDICATOR_IDS",
    "OVERRIDABLE",
    "SOURCES",
    "SPREAD_KINDS",
    "CostSplit",
    "Figure",
    "Intervention",
    "Source",
    "Spread",
    "TreatmentWindow",
    "WindowedEffect",
    "windowed_rrr",
]
