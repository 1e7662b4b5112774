"""Dropdown options shared by the pages (built from the warehouse)."""

from __future__ import annotations

import json

from dash import html

from core import geographies
from dashboard import validation
from dashboard.data import indicators


def dom_id(component_id: str | dict) -> str:
    """The ``id`` attribute Dash gives a component: the id itself, or for a pattern-matching
    (dict) id its JSON with sorted keys and no spaces (dash-renderer's ``stringifyId``)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)
    return str(component_id)


def labelled(label: str, component, hint: str | None = None, *,
             visible: bool = True) -> html.Div:
    """A sidebar control: a bold label above the component, and an optional hint below.

    The label names the component: ``<label for=...>`` (a text or number input, a dropdown's
    button) and, for controls that are not labelable elements (radio groups), the label's id,
    which ``assets/a11y.js`` puts in their ``aria-labelledby``. ``visible=False`` keeps the
    label for assistive technology only (where a heading already says it on screen).
    """
    target = dom_id(component.id)
    classes = "control-label" + ("" if visible else " visually-hidden")
    children = [html.Label(label, htmlFor=target, id=f"{target}-label", className=classes),
                component]
    if hint:
        children.append(html.P(hint, className="hint"))
    return html.Div(children, className="control")


def loading_map(graph) -> html.Div:
    """A map that shows work under way: while its callback runs (``data-dash-is-loading``)
    the previous picture stays in place, dimmed after 300 ms under an "Updating map…" badge
    (``assets/atlas.css``), instead of being blanked by a spinner."""
    return html.Div(graph, className="map-loading")


def notice(problems: list[str]) -> html.P | None:
    """What the page changed in the link it was opened with (None when nothing): shown in the
    page's notes so that a stale or edited link says which view it fell back to."""
    if not problems:
        return None
    text = "; ".join(problems[:8]) + ("; …" if len(problems) > 8 else "")
    return html.P(f"This link asked for something the atlas does not have: {text}.",
                  className="warning")


def area_options(geography: str, search: str | None = None, value: str | None = None,
                 *, limit: int | None = 50) -> list[dict]:
    """Areas of a geography as dropdown options, "Name (code)".

    With ``limit``, up to that many areas matching ``search`` (name or code), plus the
    selected ``value`` if it is not among them; with ``limit=None``, every area. An unknown
    geography (or one that is not text) has no options; a search or value that is not text is
    ignored.
    """
    geography = validation.choice(geography, geographies.GEOGRAPHY_LABELS, "")
    if not geography:
        return []
    search, value = validation.text(search), validation.text(value)
    found = (indicators.areas(geography) if limit is None
             else indicators.search_areas(geography, search, limit=limit))
    opts = [{"label": f"{r.area_name} ({r.area_code})", "value": r.area_code}
            for r in found.itertuples()]
    if value and value not in set(found["area_code"]):
        name = indicators.area_name(value)
        if name:
            opts.insert(0, {"label": f"{name} ({value})", "value": value})
    return opts
