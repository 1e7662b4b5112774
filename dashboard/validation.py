"""What a browser sends, made safe: query-string values, control values, stored state, uploads.

Every page's ``layout(**url_args)`` and every callback reads its inputs through these helpers
before using them, so an unknown id, a repeated query key (Dash pages passes its values as a
list), a dict or a number where text is expected, a 10,000-character string or a deeply nested
upload gives the nearest valid view or a clear message, never an exception.

The helpers are pure and never raise on a value's type: each returns the value in the expected
form or ``None`` (or the given default). Only :func:`load_json` raises, a ``ValueError`` with a
message for the user.

Example
-------
>>> choice(["utla23", "icb23"], ("utla23", "icb23"), "region")  # a repeated key: the first
'utla23'
>>> choice({"x": 1}, ("utla23", "icb23"), "region")
'region'
>>> text("x" * 10_000) is None
True
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

#: Longest text accepted from a query string or a control (ids and area codes are far shorter).
MAX_TEXT = 200
#: Most items accepted in a multi-value control or a comma-separated query value.
MAX_ITEMS = 2_000
#: Largest JSON document read from an upload, and its deepest nesting.
MAX_JSON_BYTES = 1_000_000
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def first(value: Any) -> Any:
    """The first item of a list or tuple (a repeated query key arrives as a list), else
    ``value`` itself (None for an empty list)."""
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value


def text(value: Any, *, max_length: int = MAX_TEXT) -> str | None:
    """One string from a query or control value, or None.

    A list or tuple (a repeated query key) gives its first item; anything but a string (None,
    a number, a dict, a boolean) and a string longer than ``max_length`` give None.
    """
    value = first(value)
    if not isinstance(value, str) or len(value) > max_length:
        return None
    return value


def choice(value: Any, allowed: Collection[str], default: T) -> str | T:
    """``value`` (see :func:`text`) when it is one of ``allowed``, else ``default``."""
    found = text(value)
    return found if found is not None and found in allowed else default


def texts(value: Any, *, max_items: int = MAX_ITEMS, max_length: int = MAX_TEXT) -> list[str]:
    """Strings from a multi-value control (a list) or a query value ('a,b,c').

    Items that are not strings, are empty or are longer than ``max_length`` are dropped;
    duplicates are dropped; at most ``max_items`` are kept. Anything else gives ``[]``.
    """
    if isinstance(value, str):
        if len(value) > max_items * (max_length + 1):
            return []
        items: list = value.split(",")
    elif isinstance(value, list | tuple):
        items = list(value[: max_items * 2])
    else:
        return []
    out = [i.strip() for i in items if isinstance(i, str) and 0 < len(i.strip()) <= max_length]
    return list(dict.fromkeys(out))[:max_items]


def number(value: Any, *, low: float | None = None, high: float | None = None) -> float | None:
    """A finite number from a number or a short numeric string (the first of a list), within
    [low, high]; else None."""
    value = first(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and len(value) > 40:
        return None
    if not isinstance(value, int | float | str):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(out):
        return None
    if (low is not None and out < low) or (high is not None and out > high):
        return None
    return out


def mapping(value: Any, *, max_items: int = MAX_ITEMS) -> dict | None:
    """``value`` as a dict with string keys and at most ``max_items`` items, else None."""
    if not isinstance(value, Mapping) or len(value) > max_items:
        return None
    if not all(isinstance(k, str) for k in value):
        return None
    return dict(value)


def pairs(ids: Any, values: Any, *, key: str, max_items: int = MAX_ITEMS) -> list[tuple[str, Any]]:
    """(id[key], value) for pattern-matching inputs: ``ids`` is a State(..., "id") list of dicts,
    ``values`` the matching Input(..., "value") list. Ids without a string ``key`` are skipped;
    ``ids`` or ``values`` that are not lists, or lists of different lengths, give ``[]``."""
    if not isinstance(ids, list) or not isinstance(values, list) or len(ids) != len(values):
        return []
    out = []
    for id_, value in zip(ids[:max_items], values[:max_items], strict=False):
        part = text(id_.get(key)) if isinstance(id_, Mapping) else None
        if part is not None:
            out.append((part, value))
    return out


def clicked_location(click: Any) -> str | None:
    """The ``location`` of the first point of a Plotly ``clickData`` (a map click), or None."""
    if not isinstance(click, Mapping):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], Mapping):
        return None
    return text(points[0].get("location"))


def replaced(given: Any, used: Any) -> bool:
    """Whether a value given in a link (not missing or empty) was replaced by ``used``: it was
    unreadable, or read as something else. For the notes a page shows about its link."""
    if given is None or given == "" or given == []:
        return False
    found = text(given)
    return found is None or found != used


def shown(value: Any, limit: int = 40) -> str:
    """A short, printable form of a rejected value for a message ('…' when cut)."""
    if isinstance(value, list | tuple):
        return shown(value[0], limit) if len(value) == 1 else "(several values)"
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "…")
    return "an unreadable value"


def json_too_deep(document: str, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """True when a JSON text nests arrays and objects deeper than ``max_depth`` (brackets inside
    strings are not counted). Checked before ``json.loads``, which recurses once per level."""
    depth = 0
    for match in _BRACKETS.finditer(_STRING.sub("", document)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def load_json(document: str | bytes, *, max_bytes: int = MAX_JSON_BYTES,
              max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` of a document from a user, after bounding its size and nesting.

    Raises
    ------
    ValueError
        With what is wrong, for a message (the caller says what the document is): 'too large
        (… bytes; at most …)', 'nested more than … levels deep', 'not UTF-8 text', or the JSON
        error ('Expecting value at line 1').
    """
    if len(document) > max_bytes:
        msg = f"too large ({len(document):,} bytes; at most {max_bytes:,})"
        raise ValueError(msg)
    if isinstance(document, bytes):
        try:
            document = document.decode("utf-8")
        except UnicodeDecodeError:
            msg = "not UTF-8 text"
            raise ValueError(msg) from None
    if json_too_deep(document, max_depth):
        msg = f"nested more than {max_depth} levels deep"
        raise ValueError(msg)
    try:
        return json.loads(document)
    except json.JSONDecodeError as err:
        msg = f"{err.msg} at line {err.lineno}"
        raise ValueError(msg) from None
    except RecursionError:  # not reached after the depth check; kept as a guard
        msg = "nested too deeply"
        raise ValueError(msg) from None
