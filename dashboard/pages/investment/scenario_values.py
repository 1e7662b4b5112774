"""The investment scenario's values that are not plain text, read leniently and written
canonically: finite numbers, lists of area codes ('a,b'), edited figures
('name:low:central:high', in catalogue order) and agreed percentages ('code:pct'). A reader
drops what it cannot use and says why in ``problems``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dashboard import validation
from planning.interventions import OVERRIDABLE, Intervention


def finite_number(value: Any) -> float | None:
    """A finite float from a number or a numeric string, else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def area_code_list(value: Any) -> list[str]:
    """Area codes from a query value ('a,b'), a repeated key or a list; items that are not
    short text are dropped."""
    if isinstance(value, list | tuple):
        value = [c for v in value[: validation.MAX_ITEMS] if isinstance(v, str)
                 for c in v.split(",")]
    return validation.texts(value, max_length=20)


def encode_overrides(ovr: Mapping[str, list[float]]) -> str:
    """``{"effect": [0.05, 0.08, 0.1]}`` -> ``"effect:0.05:0.08:0.1"`` (catalogue order)."""
    parts = []
    for name in OVERRIDABLE:
        if name in ovr:
            low, central, high = ovr[name]
            parts.append(f"{name}:{low:g}:{central:g}:{high:g}")
    return ",".join(parts)


def shown_value(value: float) -> float:
    """A figure as the page's inputs show it: 6 significant figures (a derived effect such as
    0.111262910... shows as 0.111263)."""
    return float(f"{value:.6g}")


def same_figure(given, catalogue) -> bool:
    """Whether values typed (or left) in the figure inputs are the catalogue's, allowing for
    the rounding of :func:`shown_value`."""
    return all(math.isclose(float(a), float(b), rel_tol=1e-5, abs_tol=1e-12)
               for a, b in zip(given, catalogue, strict=True))


def decode_overrides(value: Any, iv: Intervention, problems: list[str]) -> dict[str, list[float]]:
    """Edited figures ('name:low:central:high,...' or a mapping) that differ from ``iv``'s."""
    items: list[tuple[str, Any]] = []
    if isinstance(value, list | tuple) and len(value) == 1:  # a repeated query key
        value = value[0]
    if isinstance(value, str) and len(value) <= 4_000:
        for part in value.split(",")[:100]:
            if part.strip():
                name, _, rest = part.partition(":")
                items.append((name.strip(), rest.split(":") if rest else []))
    elif isinstance(value, Mapping) and len(value) <= 100:
        items = list(value.items())
    elif value is not None:
        problems.append("edited figures ('ovr') must be a mapping of figure name to values")
    figures = iv.figures()
    out: dict[str, list[float]] = {}
    for name, raw in items:
        if not isinstance(name, str) or name not in figures:
            problems.append(f"{validation.shown(name)} is not a figure of {iv.intervention_id}")
            continue
        seq = raw if isinstance(raw, list | tuple) else [raw]
        nums = [finite_number(v) for v in seq[:4]]
        if len(nums) == 1:
            nums = nums * 3
        if len(nums) != 3 or any(n is None for n in nums):
            problems.append(f"figure '{name}' needs one number or three (low, central, high)")
            continue
        low, central, high = (float(n) for n in nums if n is not None)
        fig = figures[name]
        if not same_figure((low, central, high), (fig.low, fig.central, fig.high)):
            out[name] = [low, central, high]
    return out


def decode_agreed(value: Any, problems: list[str]) -> dict[str, float]:
    """Agreed percentages ('code:pct,...' or a mapping), each from 0 to 100."""
    items: list[tuple[str, Any]] = []
    if isinstance(value, list | tuple) and len(value) == 1:  # a repeated query key
        value = value[0]
    if isinstance(value, str) and len(value) <= 4_000:
        for part in value.split(",")[:100]:
            if part.strip():
                code, _, text = part.partition(":")
                items.append((code.strip(), text))
    elif isinstance(value, Mapping) and len(value) <= 100:
        items = list(value.items())
    elif value is not None:
        problems.append("agreed percentages must be a mapping of partner code to percentage")
    out: dict[str, float] = {}
    for code, raw in items:
        pct = finite_number(raw)
        if validation.text(code, max_length=20) is None or pct is None or not 0 <= pct <= 100:
            problems.append(f"agreed percentage of {validation.shown(code)} must be a number "
                            "from 0 to 100")
            continue
        out[str(code)] = pct
    return out
