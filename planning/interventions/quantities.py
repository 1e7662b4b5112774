"""Quantities of an intervention: :class:`Figure` (a number with its range, sources and a plain
statement of what it is), :class:`Spread` (its distribution in the PSA) and :class:`CostSplit`
(who bears an event's cost).

A figure we chose or derived with a judgement of our own carries ``is_assumption=True``;
published figures and pure arithmetic on published figures (stated in ``basis``) carry
``False``. Units are those of :mod:`planning.interventions.model`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planning.interventions.citations import SOURCES

#: Distribution families of :class:`Spread` (see :mod:`planning.psa` for how each is fitted).
SPREAD_KINDS: tuple[str, ...] = ("lognormal", "rr_lognormal", "beta", "gamma", "fixed")


@dataclass(frozen=True)
class Spread:
    """The uncertainty of a figure for the probabilistic sensitivity analysis (PSA).

    Parameters
    ----------
    kind : {"lognormal", "rr_lognormal", "beta", "gamma", "fixed"}
        ``"lognormal"``: a ratio (odds ratio) log-normal with the 95% interval ``low``-``high``;
        ``"rr_lognormal"``: a relative risk reduction whose relative risk ``1 - RRR`` is
        log-normal with the 95% interval ``1 - high`` to ``1 - low``; ``"beta"``: a proportion,
        from ``counts`` (events, non-events) or with mean = the figure's central value and
        SD = ``sd`` (or (high - low) / 3.92); ``"gamma"``: a cost or rate with mean = central
        and SD = ``sd`` (or (high - low) / 3.92); ``"fixed"``: no uncertainty drawn.
    basis : str
        Where the spread comes from, in words (a published CI, or the assumption made).
    low, high : float, optional
        The 95% interval (2.5th and 97.5th percentiles) the spread is fitted to; default to
        the figure's own low and high.
    sd : float, optional
        Standard deviation (same unit as the figure) instead of an interval.
    counts : (float, float), optional
        Beta from counts: (events, non-events), e.g. (586, 176) for 586 of 762.
    sources : tuple of str
        Keys of :data:`SOURCES` for a published spread.
    is_assumption : bool
        True when no published spread exists and the spread is ours (say so in ``basis``).
    """

    kind: str
    basis: str
    low: float = math.nan
    high: float = math.nan
    sd: float = math.nan
    counts: tuple[float, float] | None = None
    sources: tuple[str, ...] = ()
    is_assumption: bool = False

    def __post_init__(self) -> None:
        if self.kind not in SPREAD_KINDS:
            msg = f"spread kind must be one of {', '.join(SPREAD_KINDS)}"
            raise ValueError(msg)
        if not self.basis.strip():
            msg = "a spread needs a basis stating where it comes from"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"spread: unknown source '{key}'"
                raise ValueError(msg)


@dataclass(frozen=True)
class Figure:
    """One number with its range, unit and provenance.

    Parameters
    ----------
    central : float
        The value used in the arithmetic.
    unit : str
        What the number measures, e.g. ``"fraction"``, ``"GBP per person per year"``.
    low, high : float, optional
        Range; default to ``central``. Must satisfy ``low <= central <= high``.
    sources : tuple of str
        Keys of :data:`SOURCES`. Required unless the figure is an assumption.
    is_assumption : bool
        True when the number is our choice or rests on a judgement of ours (including
        derivations that apply a published figure to a setting it was not measured in).
    basis : str
        Plain statement of what the number is and how it was obtained. Required for
        assumptions and for derived figures.
    price_year : str
        For money: the price year of the source (no inflation is applied).
    spread : Spread, optional
        Its distribution in the probabilistic sensitivity analysis; ``None``: the default of
        :func:`planning.psa.spread_of` (the low-high range as a 95% interval, or none).

    Raises
    ------
    ValueError
        ``"<unit>: central, low and high must be finite numbers"``,
        ``"<unit>: need low <= central <= high"``,
        ``"<unit>: a published figure needs at least one source"``,
        ``"<unit>: unknown source '<key>'"``,
        ``"<unit>: an assumption needs a basis stating what it rests on"``.

    Examples
    --------
    >>> Figure(0.27, "fraction", low=0.23, high=0.32, sources=("ettehad2016",)).high
    0.32
    """

    central: float
    unit: str
    low: float = math.nan
    high: float = math.nan
    sources: tuple[str, ...] = ()
    is_assumption: bool = False
    basis: str = ""
    price_year: str = ""
    spread: Spread | None = None

    def __post_init__(self) -> None:
        if math.isnan(self.low):
            object.__setattr__(self, "low", self.central)
        if math.isnan(self.high):
            object.__setattr__(self, "high", self.central)
        values = (self.central, self.low, self.high)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
            msg = f"{self.unit}: central, low and high must be finite numbers"
            raise ValueError(msg)
        if not self.low <= self.central <= self.high:
            msg = f"{self.unit}: need low <= central <= high"
            raise ValueError(msg)
        if not self.is_assumption and not self.sources:
            msg = f"{self.unit}: a published figure needs at least one source"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"{self.unit}: unknown source '{key}'"
                raise ValueError(msg)
        if self.is_assumption and not self.basis.strip():
            msg = f"{self.unit}: an assumption needs a basis stating what it rests on"
            raise ValueError(msg)


@dataclass(frozen=True)
class CostSplit:
    """Shares of an event's cost by who pays: NHS acute, NHS other, council social care.

    Shares are fractions summing to 1 (within 1e-9).

    Raises
    ------
    ValueError
        ``"cost split shares must be between 0 and 1"``,
        ``"cost split shares must sum to 1"``,
        ``"cost split: an assumption needs a basis"``,
        ``"cost split: unknown source '<key>'"``.
    """

    nhs_acute: float
    nhs_other: float
    social_care: float
    sources: tuple[str, ...] = ()
    is_assumption: bool = True
    basis: str = ""

    def __post_init__(self) -> None:
        shares = (self.nhs_acute, self.nhs_other, self.social_care)
        if not all(isinstance(s, int | float) and 0 <= s <= 1 for s in shares):
            msg = "cost split shares must be between 0 and 1"
            raise ValueError(msg)
        if abs(sum(shares) - 1) > 1e-9:
            msg = "cost split shares must sum to 1"
            raise ValueError(msg)
        if self.is_assumption and not self.basis.strip():
            msg = "cost split: an assumption needs a basis"
            raise ValueError(msg)
        for key in self.sources:
            if key not in SOURCES:
                msg = f"cost split: unknown source '{key}'"
                raise ValueError(msg)
