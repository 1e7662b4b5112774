"""Shared constants and input handling of the methods: argument checks, confidence levels,
limit column names and the output frame. Private to :mod:`core.methods`."""

from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

#: Counts below this use exact Poisson limits; at or above it, Byar's (phe_rate).
EXACT_POISSON_THRESHOLD = 10
#: DSRs are not published when the total count is below this (phe_dsr).
DSR_MIN_TOTAL_COUNT = 10

METHOD_BYARS = "Byar's"
METHOD_EXACT = "Exact Poisson"
METHOD_WILSON = "Wilson"
METHOD_DOBSON = "Dobson"
METHOD_DSR_SUPPRESSED = "Not calculated: total count < 10"
#: The label of a value that cannot be tested against its benchmark (no limits or benchmark).
NOT_COMPARED = "not compared"

_POLARITY_LABELS = {
    "higher_is_better": ("better", "worse"),
    "lower_is_better": ("worse", "better"),
    "no_judgement": ("higher", "lower"),
}
_VALUE_TYPES = ("other", "rate", "proportion")
_LIMIT_COLUMN = re.compile(r"^(lower|upper)(_\w+)?$")




def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _to_float_array(values: Any, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array (missing -> NaN) or raise."""
    if isinstance(values, pd.DataFrame):
        msg = f"{name} must be one-dimensional"
        raise ValueError(msg)
    if isinstance(values, pd.Series):
        series = values
    else:
        array = values if isinstance(values, np.ndarray) else np.asarray(values)
        if array.ndim == 0:
            array = array.reshape(1)
        if array.ndim != 1:
            msg = f"{name} must be one-dimensional"
            raise ValueError(msg)
        series = pd.Series(array, dtype=array.dtype if array.dtype.kind in "iuf" else object)
    if pd.api.types.is_bool_dtype(series.dtype):
        msg = f"{name} must be numeric"
        raise ValueError(msg)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    ok = all(v is None or v is pd.NA or _is_number(v) for v in series.tolist())
    if not ok:
        msg = f"{name} must be numeric"
        raise ValueError(msg)
    return np.array(
        [np.nan if (v is None or v is pd.NA) else float(v) for v in series.tolist()],
        dtype=float,
    )


def _arrays(*named: tuple[str, Any]) -> tuple[list[np.ndarray], pd.Index | None]:
    """Convert several inputs to float arrays of one length; return them and a shared index.

    Scalars broadcast to the common length; Series must share one index.
    """
    arrays = [_to_float_array(values, name) for name, values in named]
    names = [name for name, _ in named]
    scalar = [np.ndim(values) == 0 and not isinstance(values, pd.Series) for _, values in named]
    sizes = {a.size for a, is_scalar in zip(arrays, scalar, strict=True) if not is_scalar}
    if len(sizes) > 1:
        msg = f"{_join_names(names)} must have the same length"
        raise ValueError(msg)
    size = sizes.pop() if sizes else 1
    arrays = [
        np.full(size, a[0]) if is_scalar else a for a, is_scalar in zip(arrays, scalar, strict=True)
    ]
    indexes = [values.index for _, values in named if isinstance(values, pd.Series)]
    index = indexes[0] if indexes else None
    if any(not idx.equals(index) for idx in indexes[1:]):
        msg = f"{_join_names(names)} must have the same index"
        raise ValueError(msg)
    for name, array in zip(names, arrays, strict=True):
        if np.isinf(array).any():
            msg = f"{name} must not be infinite"
            raise ValueError(msg)
    return arrays, index


def _is_blank(text: Any) -> bool:
    """True for None, NA, NaN or the empty string."""
    if text is None or text is pd.NA:
        return True
    if isinstance(text, float):
        return bool(np.isnan(text))
    return text == ""


def _join_names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _check_non_negative(array: np.ndarray, name: str) -> None:
    if (array < 0).any():  # NaN compares False
        msg = f"{name} must be non-negative"
        raise ValueError(msg)


def _check_multiplier(multiplier: Any) -> float:
    if not _is_number(multiplier) or not np.isfinite(multiplier) or multiplier <= 0:
        msg = "multiplier must be a positive number"
        raise ValueError(msg)
    return float(multiplier)


def _confidence_levels(confidence: Any) -> tuple[list[float], bool]:
    """Validate ``confidence``; return the levels and whether a tuple was given."""
    multiple = isinstance(confidence, tuple | list)
    levels = list(confidence) if multiple else [confidence]
    if multiple and not levels:
        msg = "confidence must not be empty"
        raise ValueError(msg)
    for level in levels:
        if not _is_number(level) or not 0.9 <= level < 1:
            msg = "confidence must be at least 0.9 and less than 1"
            raise ValueError(msg)
    if len(set(levels)) != len(levels):
        msg = "confidence levels must be unique"
        raise ValueError(msg)
    return [float(level) for level in levels], multiple


def _percent(level: float) -> str:
    return f"{level * 100:.10g}"


def _limit_columns(levels: list[float], multiple: bool, prefix: str = "") -> list[tuple[str, str]]:
    if not multiple:
        return [(f"{prefix}lower", f"{prefix}upper")]
    return [
        (
            f"{prefix}lower_{_percent(c).replace('.', '')}",
            f"{prefix}upper_{_percent(c).replace('.', '')}",
        )
        for c in levels
    ]


def _confidence_label(levels: list[float]) -> str:
    return ", ".join(f"{_percent(c)}%" for c in levels)


def _z(level: float) -> float:
    # PHEindicatormethods: qnorm(confidence + (1 - confidence) / 2)
    return float(stats.norm.ppf(level + (1 - level) / 2))


def _frame(columns: dict[str, Any], index: pd.Index | None) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    if index is not None:
        frame.index = index
    return frame
