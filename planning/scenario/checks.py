"""Checks of the numbers a scenario is given: the one place the input error messages are worded."""

from __future__ import annotations

import math
import numbers
from typing import Any

__all__ = ["checked_number"]


def checked_number(value: Any, name: str, *, low: float = -math.inf,
                   high: float = math.inf) -> float:
    """Return ``value`` as a float in [low, high] or raise ``ValueError`` naming it."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or not low <= float(value) <= high:
        if low == 0 and high == 100:
            msg = f"{name} must be between 0 and 100"
        elif low == 0 and high == math.inf:
            msg = f"{name} must be a non-negative number"
        else:
            msg = f"{name} must be a number between {low:g} and {high:g}"
        raise ValueError(msg)
    return float(value)
