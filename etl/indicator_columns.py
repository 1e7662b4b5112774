"""The key and limit columns of ``indicator_values`` rows, and the rule for joining their notes,
shared by the statistics (`etl.statistics`) and secondary suppression (`etl.suppression`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEY = ["indicator_id", "area_code", "period", "sex", "age", "category_type", "category"]
LIMITS = ["lower_95", "upper_95", "lower_998", "upper_998"]


def join_notes(first: pd.Series, second: pd.Series) -> pd.Series:
    """Join two note columns with '; ', skipping empty parts (vectorised)."""
    a = first.fillna("").astype(str)
    b = second.fillna("").astype(str)
    both = (a != "") & (b != "")
    return a + np.where(both, "; ", "") + b
