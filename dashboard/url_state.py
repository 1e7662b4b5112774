"""One URL-state codec for every page: a frozen dataclass <-> a query string.

A page's state is a frozen dataclass deriving from :class:`PageState`. Its fields, in order,
are the query keys; :meth:`PageState.resolve` (written by each page) turns any partial, stale or
hostile parameters into a valid state and says in ``problems`` what it replaced;
:meth:`~PageState.to_query` writes the canonical query string (fields in order, empty values
left out) and :meth:`~PageState.from_query` reads one back through ``resolve``. A field whose
value is not text (a list, a number, a mapping) is written by :meth:`~PageState.encode`, which
a page overrides for that field only.

The browser side is the same for every page and holds no page's ids or keys:

- :func:`push` registers the one clientside callback that copies a page's canonical query (a
  ``dcc.Store`` its main callback fills from ``state.to_query()``) into the address bar:
  ``pushState`` for a change of view, so back and forward step through views, and
  ``replaceState`` for the first.
- :func:`restore_marker` puts a hidden element in the page naming which control holds each key
  and the default state. ``assets/history.js`` reads it on back/forward and sets those controls
  in place (the page's callbacks then resolve them), instead of letting Dash's router rebuild
  the page while a map is still drawing. A page without a marker is rebuilt by the router
  through ``layout(**url_args)``, which reads the same codec.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from typing import Any, ClassVar, Self
from urllib.parse import parse_qsl, urlencode

from dash import Input, Output, clientside_callback, html

#: CSS class of the element :func:`restore_marker` makes (``assets/history.js`` looks for it)
MARKER_CLASS = "url-state"


@dataclasses.dataclass(frozen=True)
class PageState:
    """Base of a page's state: subclass as ``@dataclass(frozen=True)`` with one field per query
    key, set ``PATH``, and write :meth:`resolve`."""

    #: the page's path ("/", "/gaps", ...)
    PATH: ClassVar[str] = ""
    #: query characters kept as they are (area lists "a,b" and "name:value" overrides read
    #: better unescaped)
    SAFE: ClassVar[str] = ",:"

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """The query keys: the dataclass fields, in order."""
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def resolve(cls, params: Mapping[str, Any], problems: list[str] | None = None) -> Self:
        """A complete, valid state from (possibly partial, stale or hostile) parameters: each
        unusable value is replaced by the nearest valid one, described in ``problems``."""
        raise NotImplementedError

    @classmethod
    def parse_query(cls, search: str | None) -> dict[str, str]:
        """'?a=1&b=x' -> {'a': '1', 'b': 'x'}: known keys only; of a repeated key, the last."""
        pairs = parse_qsl((search or "").lstrip("?"), keep_blank_values=False)
        known = set(cls.keys())
        return {k: v for k, v in pairs if k in known}

    @classmethod
    def from_query(cls, search: str | None, problems: list[str] | None = None) -> Self:
        """The state a query string names (:meth:`parse_query`, then :meth:`resolve`)."""
        return cls.resolve(cls.parse_query(search), problems)

    def encode(self, key: str, value: Any) -> str | None:
        """Query text of one field's value; None or "" leaves the key out. Text as it is,
        numbers as ``:g``, lists and tuples comma-joined; override for other forms."""
        if value is None or value == "" or value == [] or value == ():
            return None
        if isinstance(value, bool):
            return "1" if value else None
        if isinstance(value, float):
            return f"{value:g}" if math.isfinite(value) else None
        if isinstance(value, int):
            return str(value)
        if isinstance(value, list | tuple):
            return ",".join(str(v) for v in value)
        return str(value)

    def query_pairs(self) -> list[tuple[str, str]]:
        """(key, text) of every field that is set, in field order."""
        out = []
        for key in self.keys():
            text = self.encode(key, getattr(self, key))
            if text is not None and text != "":
                out.append((key, text))
        return out

    def to_query(self) -> str:
        """The canonical query string ('' when every field is empty)."""
        pairs = self.query_pairs()
        return "?" + urlencode(pairs, safe=self.SAFE) if pairs else ""

    def as_dict(self) -> dict[str, Any]:
        """The fields as a dict (for code that reads a view as a mapping)."""
        return {key: getattr(self, key) for key in self.keys()}

    def __getitem__(self, key: str) -> Any:
        """``state["geography"]``: fields read as a mapping's items too."""
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (not re-resolved)."""
        return dataclasses.replace(self, **changes)


def restore_marker(state: PageState, controls: Mapping[str, str]) -> html.Div:
    """Hidden element telling ``assets/history.js`` how to restore the page on back/forward:
    ``controls`` maps each query key to the id of the control holding it (a control's
    ``value``), and ``state`` (the page's default state) gives the value of a key the address
    leaves out."""
    unknown = set(controls) - set(state.keys())
    if unknown:
        msg = f"restore_marker: {sorted(unknown)} are not keys of {type(state).__name__}"
        raise ValueError(msg)
    defaults = {key: getattr(state, key) for key in controls}
    data: dict[str, Any] = {
        "data-path": state.PATH,
        "data-controls": json.dumps(dict(controls)),
        "data-defaults": json.dumps(defaults, default=str),
    }
    return html.Div(hidden=True, className=MARKER_CLASS, **data)


# pushState for a change of view (back/forward step through views), replaceState for the
# first one; only while the page is the one showing (the store outlives a page switch)
_PUSH = """
function(q) {
    if (typeof q === "string" && window.location.pathname.endsWith(%s)
            && window.location.search !== q) {
        if (window.location.search) { window.history.pushState(null, "", q || "?"); }
        else { window.history.replaceState(null, "", q || "?"); }
    }
    return q;
}
"""


def push(path: str, query_id: str, sink_id: str) -> None:
    """Register the clientside callback copying ``query_id``'s data (a canonical query from
    :meth:`PageState.to_query`) into the address while ``path`` is showing; ``sink_id`` is a
    hidden element receiving it."""
    clientside_callback(_PUSH % json.dumps(path), Output(sink_id, "children"),
                        Input(query_id, "data"))
