"""Shareable links: write a page's query string into the address bar."""

from __future__ import annotations

from dash import Input, Output, clientside_callback

# pushState for a change of view (back/forward step through views), replaceState for the
# first one; only while the page is the one showing (the store outlives a page switch)
_PUSH = """
function(q) {
    if (q && window.location.pathname.endsWith(%r) && window.location.search !== q) {
        if (window.location.search) { window.history.pushState(null, "", q); }
        else { window.history.replaceState(null, "", q); }
    }
    return q;
}
"""


def push_query(path: str, query_id: str, sink_id: str) -> None:
    """Register the clientside callback copying ``query_id``'s data (a '?...' string) into the
    address while ``path`` is showing; ``sink_id`` is a hidden element receiving it."""
    clientside_callback(_PUSH % path, Output(sink_id, "children"), Input(query_id, "data"))
