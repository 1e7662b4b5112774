"""Probabilistic sensitivity analysis (PSA) of an investment case, and a one-way tornado.

Modules
-------
fitting
    A distribution for every uncertain input (:class:`InputDistribution`), fitted to the
    :class:`planning.interventions.Spread` stated next to the figure in the catalogue
    (log-normal for odds ratios and relative risks, beta for proportions, gamma for costs,
    fixed), or the default spread of :func:`spread_of` for a figure without one.
simulation
    :func:`run_psa`: ``n`` seeded draws (default 10,000) of every input at once, the scenario
    arithmetic run once on the whole arrays (:func:`planning.scenario.case_arrays`), each
    output summarised by its median and 95% interval (:class:`PSAResult`); :func:`tornado`,
    the one-way sensitivity of the net cost.

Money is GBP, discounted as in :mod:`planning.scenario`. Every name is importable from
``planning.psa``.
"""

from __future__ import annotations

from planning.psa.fitting import (
    UNCERTAIN_FIELDS,
    Z95,
    InputDistribution,
    beta_params,
    distributions,
    gamma_params,
    lognormal_params,
    sd_from_interval,
    spread_of,
)
from planning.psa.simulation import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    Interval,
    PSAResult,
    TornadoBar,
    run_psa,
    summarise,
    tornado,
    windowed_rrr_arrays,
)

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "UNCERTAIN_FIELDS",
    "Z95",
    "InputDistribution",
    "Interval",
    "PSAResult",
    "TornadoBar",
    "beta_params",
    "distributions",
    "gamma_params",
    "lognormal_params",
    "run_psa",
    "sd_from_interval",
    "spread_of",
    "summarise",
    "tornado",
    "windowed_rrr_arrays",
]
