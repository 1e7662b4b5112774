"""Slope and relative index of inequality of an indicator's IMD-decile values (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import methods


def sii_for(frame: pd.DataFrame, meta: dict) -> pd.DataFrame:
    """SII and RII across deciles via etl.methods.sii (proportions as fractions)."""
    value, lower, upper = frame["value"], frame["lower_95"], frame["upper_95"]
    kind, mult = "other", 1.0
    if meta["value_type"] == "proportion" and str(meta["unit"]).startswith("%"):
        kind, mult = "proportion", 100.0
        value, lower, upper = value / 100, lower / 100, upper / 100
    elif meta["value_type"] in ("crude_rate", "directly_standardised_rate"):
        kind = "rate"
    if lower.isna().any() or upper.isna().any():
        # no CIs (e.g. modelled travel times): the point estimate with zero uncertainty
        lower, upper, kind_se = None, None, np.zeros(len(frame))
        return methods.sii(frame["decile"], frame["population"], value, se=kind_se,
                           value_type="other",  # exact values: no scale to model (0 and 100% allowed)
                           multiplier=mult, repetitions=1000, rii=True, seed=1)
    return methods.sii(frame["decile"], frame["population"], value, lower_cl=lower,
                       upper_cl=upper, value_type=kind, multiplier=mult, repetitions=10_000,
                       rii=True, seed=1)
