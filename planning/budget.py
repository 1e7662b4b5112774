"""Pooled budgets: who puts in what, and where the savings land.

A council and an ICB (or several of each) fund an intervention from a pooled budget (for
example a section 75 agreement). :func:`split_contributions` divides the cost by

* ``"population"``: each partner's share of the partners' total population;
* ``"need"``: each partner's share of a need measure (e.g. expected events, people eligible);
* ``"agreed"``: percentages the partners agree, which must sum to 100.

:func:`savings_by_partner` maps the avoided costs of a scenario to the partner that would have
paid them: NHS acute and NHS other to the ICB(s), social care to the council(s); where there
are several of a kind, by their population share (or need share). :func:`net_positions` sets
contributions against savings.

Amounts are GBP, unrounded; :func:`gbp_text` rounds for display only.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from planning.scenario import AvoidedCosts

__all__ = [
    "PARTNER_KINDS",
    "SPLIT_RULES",
    "Contribution",
    "NetPosition",
    "Partner",
    "PartnerSavings",

    "net_positions",
    "savings_by_partner",
    "split_contributions",
]

PARTNER_KINDS: tuple[str, ...] = ("icb", "council")
SPLIT_RULES: tuple[str, ...] = ("population", "need", "agreed")
_AGREED_TOLERANCE_PCT = 1e-6

PartnerKind = Literal["icb", "council"]
SplitRule = Literal["population", "need", "agreed"]


def _non_negative(value: float, name: str) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or value < 0:
        msg = f"{name} must be a non-negative number"
        raise ValueError(msg)
    return float(value)


@dataclass(frozen=True)
class Partner:
    """A partner in the pooled budget.

    Parameters
    ----------
    name : str
        Unique display name, e.g. ``"Blackpool Council"``.
    kind : {"icb", "council"}
        ICB (receives NHS savings) or council (receives social-care savings).
    population : float
        Residents the partner serves within the chosen areas (people), not negative.
    need : float, default 0
        A need measure for the ``"need"`` rule (e.g. expected strokes a year), not negative.

    Raises
    ------
    ValueError
        ``"partner name must not be empty"``, ``"partner kind must be 'icb' or 'council'"``,
        ``"population of <name> must be a non-negative number"``,
        ``"need of <name> must be a non-negative number"``.
    """

    name: str
    kind: PartnerKind
    population: float
    need: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            msg = "partner name must not be empty"
            raise ValueError(msg)
        if self.kind not in PARTNER_KINDS:
            msg = "partner kind must be 'icb' or 'council'"
            raise ValueError(msg)
        _non_negative(self.population, f"population of {self.name}")
        _non_negative(self.need, f"need of {self.name}")


@dataclass(frozen=True)
class Contribution:
    """One partner's contribution: ``share`` (fraction of the total) and ``amount`` (GBP)."""

    name: str
    kind: str
    share: float
    amount: float


@dataclass(frozen=True)
class PartnerSavings:
    """Gross savings landing with one partner, GBP."""

    name: str
    kind: str
    nhs_acute: float
    nhs_other: float
    social_care: float

    @property
    def total(self) -> float:
        """All savings landing with the partner (GBP)."""
        return self.nhs_acute + self.nhs_other + self.social_care


@dataclass(frozen=True)
class NetPosition:
    """Contribution less savings for one partner, GBP (negative: the partner gains)."""

    name: str
    kind: str
    contribution: float
    savings: float

    @property
    def net(self) -> float:
        """``contribution - savings`` (GBP)."""
        return self.contribution - self.savings


def _check_partners(partners: Sequence[Partner]) -> None:
    if not partners:
        msg = "at least one partner is needed"
        raise ValueError(msg)
    names = [p.name for p in partners]
    if len(set(names)) != len(names):
        msg = "partner names must be unique"
        raise ValueError(msg)


def _shares(weights: Sequence[float], what: str) -> list[float]:
    total = sum(weights)
    if total <= 0:
        msg = f"partners' total {what} must be positive"
        raise ValueError(msg)
    return [w / total for w in weights]


def split_contributions(
    total_cost: float,
    partners: Sequence[Partner],
    rule: str,
    agreed: Mapping[str, float] | None = None,
) -> tuple[Contribution, ...]:
    """Split a pooled budget between partners.

    Parameters
    ----------
    total_cost : float
        GBP to fund (e.g. the discounted programme cost), not negative.
    partners : sequence of Partner
        Unique names.
    rule : {"population", "need", "agreed"}
        Population share, need share, or the ``agreed`` percentages.
    agreed : mapping, optional
        Partner name -> percentage (0-100), one per partner, summing to 100 (within 1e-6).

    Returns
    -------
    tuple of Contribution
        In the order of ``partners``; amounts sum to ``total_cost``.

    Raises
    ------
    ValueError
        ``"total_cost must be a non-negative number"``, ``"at least one partner is needed"``,
        ``"partner names must be unique"``,
        ``"rule must be one of 'population', 'need', 'agreed'"``,
        ``"partners' total population must be positive"`` (and need),
        ``"rule 'agreed' needs agreed percentages"``,
        ``"agreed percentages must name every partner exactly: missing ..., unknown ..."``,
        ``"agreed percentage of <name> must be between 0 and 100"``,
        ``"agreed percentages must sum to 100, not <sum>"``.

    Examples
    --------
    >>> ps = [Partner("ICB", "icb", 300_000), Partner("Council", "council", 100_000)]
    >>> [c.amount for c in split_contributions(1_000_000, ps, "population")]
    [750000.0, 250000.0]
    """
    total_cost = _non_negative(total_cost, "total_cost")
    _check_partners(partners)
    if rule not in SPLIT_RULES:
        msg = "rule must be one of 'population', 'need', 'agreed'"
        raise ValueError(msg)
    if rule == "population":
        shares = _shares([p.population for p in partners], "population")
    elif rule == "need":
        shares = _shares([p.need for p in partners], "need")
    else:
        if agreed is None:
            msg = "rule 'agreed' needs agreed percentages"
            raise ValueError(msg)
        names = [p.name for p in partners]
        missing = [n for n in names if n not in agreed]
        unknown = [n for n in agreed if n not in names]
        if missing or unknown:
            msg = (
                "agreed percentages must name every partner exactly: "
                f"missing {missing or 'none'}, unknown {unknown or 'none'}"
            )
            raise ValueError(msg)
        for name in names:
            pct = agreed[name]
            ok = isinstance(pct, numbers.Real) and not isinstance(pct, bool)
            if not ok or not math.isfinite(float(pct)) or not 0 <= pct <= 100:
                msg = f"agreed percentage of {name} must be between 0 and 100"
                raise ValueError(msg)
        pct_sum = math.fsum(float(agreed[n]) for n in names)
        if abs(pct_sum - 100) > _AGREED_TOLERANCE_PCT:
            msg = f"agreed percentages must sum to 100, not {pct_sum:g}"
            raise ValueError(msg)
        shares = [float(agreed[n]) / pct_sum for n in names]
    return tuple(
        Contribution(p.name, p.kind, share, total_cost * share)
        for p, share in zip(partners, shares, strict=True)
    )


def savings_by_partner(
    avoided: AvoidedCosts,
    partners: Sequence[Partner],
    *,
    within_kind: str = "population",
) -> tuple[PartnerSavings, ...]:
    """Where the savings land: NHS savings to ICBs, social-care savings to councils.

    Parameters
    ----------
    avoided : AvoidedCosts
        Gross avoided costs, e.g. ``ScenarioResult.avoided_costs_horizon_discounted``.
    partners : sequence of Partner
    within_kind : {"population", "need"}, default "population"
        How savings are shared among several partners of the same kind.

    Returns
    -------
    tuple of PartnerSavings
        In the order of ``partners``; NHS acute and NHS other go to ICBs, social care to
        councils. Totals equal ``avoided.total``.

    Raises
    ------
    ValueError
        ``"NHS savings need an ICB partner"``, ``"social-care savings need a council
        partner"``, ``"within_kind must be 'population' or 'need'"``, and the messages of
        :func:`split_contributions` for the weights.

    Examples
    --------
    >>> ps = [Partner("ICB", "icb", 300_000), Partner("Council", "council", 300_000)]
    >>> out = savings_by_partner(AvoidedCosts(60.0, 20.0, 20.0), ps)
    >>> [(s.name, s.total) for s in out]
    [('ICB', 80.0), ('Council', 20.0)]
    """
    _check_partners(partners)
    if within_kind not in ("population", "need"):
        msg = "within_kind must be 'population' or 'need'"
        raise ValueError(msg)
    icbs = [p for p in partners if p.kind == "icb"]
    councils = [p for p in partners if p.kind == "council"]
    if avoided.nhs > 0 and not icbs:
        msg = "NHS savings need an ICB partner"
        raise ValueError(msg)
    if avoided.social_care > 0 and not councils:
        msg = "social-care savings need a council partner"
        raise ValueError(msg)

    def weights(group: list[Partner]) -> dict[str, float]:
        if not group:
            return {}
        if len(group) == 1:
            return {group[0].name: 1.0}
        parts = split_contributions(1.0, group, within_kind)
        return {c.name: c.share for c in parts}

    w_icb, w_council = weights(icbs), weights(councils)
    out = []
    for p in partners:
        if p.kind == "icb":
            w = w_icb[p.name]
            out.append(
                PartnerSavings(p.name, p.kind, avoided.nhs_acute * w, avoided.nhs_other * w, 0.0)
            )
        else:
            w = w_council[p.name]
            out.append(PartnerSavings(p.name, p.kind, 0.0, 0.0, avoided.social_care * w))
    return tuple(out)


def net_positions(
    contributions: Sequence[Contribution], savings: Sequence[PartnerSavings]
) -> tuple[NetPosition, ...]:
    """Each partner's contribution against the savings that land with it (GBP).

    Raises
    ------
    ValueError
        ``"contributions and savings must name the same partners"``.
    """
    saved = {s.name: s.total for s in savings}
    if {c.name for c in contributions} != set(saved) or len(saved) != len(savings):
        msg = "contributions and savings must name the same partners"
        raise ValueError(msg)
    return tuple(NetPosition(c.name, c.kind, c.amount, saved[c.name]) for c in contributions)


