"""Dash requests as a browser sends them, through Flask's test client (no server, no browser).

``Probe`` sends and remembers answers; ``page_components`` renders a page through Dash's pages
router (``layout(**url_args)``) and indexes its components by id; ``Payload`` builds a
callback's ``/_dash-update-component`` request from its ``/_dash-dependencies`` entry, each
input and state taking the value the rendered page holds unless replaced. Shared by the
hostile-input sweep and the disclosure scan of every page's payloads.
"""

from __future__ import annotations

import json
from typing import Any

ROUTE = "/_dash-update-component"
ROUTER = ".._pages_content.children..._pages_store.data.."


class Probe:
    """Sends requests, remembers every answer as (label, status, start of the body)."""

    def __init__(self, app):
        self.app = app
        self.client = app.server.test_client()
        self.answers: list[tuple[str, int, str]] = []

    def record(self, label: str, response) -> Any:
        body = " ".join(response.get_data()[:600].decode(errors="replace").split())
        self.answers.append((label, response.status_code, body[:300]))
        return response

    def get(self, label: str, url: str):
        return self.record(label, self.client.get(url))

    def post(self, label: str, body: Any = None, *, raw: str | None = None,
             content_type: str = "application/json"):
        data = raw if raw is not None else json.dumps(body)
        return self.record(label, self.client.post(ROUTE, data=data, content_type=content_type))

    def failures(self) -> list[tuple[str, int, str]]:
        return [a for a in self.answers if a[1] >= 500]

    def summary(self) -> str:
        bad = self.failures()
        lines = [f"{len(bad)} of {len(self.answers)} requests answered >= 500"]
        lines += [f"  {status} {label}: {body[:160]}" for label, status, body in bad[:25]]
        return "\n".join(lines)


def router_body(path: str, search: str) -> dict:
    return {
        "output": ROUTER,
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


def walk(node: Any, found: dict[str, tuple[str, dict]]) -> None:
    """Every component of a layout (Dash JSON) by its stringified id: (type, props)."""
    if isinstance(node, list):
        for child in node:
            walk(child, found)
        return
    if not isinstance(node, dict):
        return
    props = node.get("props")
    if isinstance(props, dict) and "type" in node:
        if "id" in props:
            found[format_id(props["id"])] = (node["type"], props)
        for value in props.values():
            walk(value, found)


def format_id(component_id: Any) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def page_components(probe: Probe, path: str, search: str = "") -> dict[str, tuple[str, dict]]:
    """The components of one page rendered for ``search`` (e.g. ``"?indicator=..."``)."""
    found: dict[str, tuple[str, dict]] = {}
    answer = probe.post(f"layout {path}{search}", router_body(path, search))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    walk(answer.get_json()["response"]["_pages_content"]["children"], found)
    return found


def all_components(probe: Probe, paths) -> dict[str, tuple[str, dict]]:
    """The components of every page in ``paths``, rendered with no query string."""
    found: dict[str, tuple[str, dict]] = {}
    for path in paths:
        found.update(page_components(probe, path))
    return found


def split_output(output: str) -> list[tuple[str, str]]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(p.rsplit(".", 1)) for p in parts]  # type: ignore[misc]


def pattern_of(id_text: str) -> dict | None:
    return json.loads(id_text) if id_text.startswith("{") else None


def matches(pattern: dict, components: dict[str, tuple[str, dict]]) -> list[dict]:
    out = []
    for key in components:
        if not key.startswith("{"):
            continue
        concrete = json.loads(key)
        if set(concrete) == set(pattern) and all(
                v == ["ALL"] or v == ["ALLSMALLER"] or concrete[k] == v
                for k, v in pattern.items()):
            out.append(concrete)
    return out


class Payload:
    """A callback's request built from its dependency entry and the pages' components."""

    def __init__(self, dep: dict, components: dict[str, tuple[str, dict]]):
        self.dep = dep
        self.output = dep["output"]
        self.components = components
        outs: list[Any] = []
        for id_text, prop in split_output(self.output):
            pattern = pattern_of(id_text)
            if pattern is not None and any(v == ["ALL"] for v in pattern.values()):
                outs.append([{"id": c, "property": prop} for c in matches(pattern, components)])
            else:
                outs.append({"id": pattern or id_text, "property": prop})
        self.outputs: Any = outs if self.output.startswith("..") else outs[0]
        # slots: (section, index, id text, property)
        self.slots = [(section, i, d["id"], d["property"])
                      for section in ("inputs", "state") for i, d in enumerate(dep[section])]

    def kind(self, id_text: str, prop: str) -> str:
        found = self.components.get(id_text)
        return found[0] if found else ""

    def valid(self, id_text: str, prop: str) -> Any:
        if prop == "id":
            return json.loads(id_text) if id_text.startswith("{") else id_text
        found = self.components.get(id_text)
        return found[1].get(prop) if found else None

    def entry(self, id_text: str, prop: str, value: Any = ..., *, forged: bool = False) -> Any:
        pattern = pattern_of(id_text)
        if pattern is not None and any(v == ["ALL"] for v in pattern.values()):
            found_ids = matches(pattern, self.components)
            out = [{"id": c, "property": prop,
                    "value": self.valid(format_id(c), prop) if value is ... else value}
                   for c in found_ids]
            if forged:  # an id without the pattern's other keys, as a tampered request has
                out.append({"id": {"type": pattern["type"]}, "property": prop,
                            "value": None if value is ... else value})
            return out
        return {"id": id_text, "property": prop,
                "value": self.valid(id_text, prop) if value is ... else value}

    def prop_id(self, id_text: str, prop: str) -> str | None:
        pattern = pattern_of(id_text)
        if pattern is not None:
            found_ids = matches(pattern, self.components)
            return f"{format_id(found_ids[0])}.{prop}" if found_ids else None
        return f"{id_text}.{prop}"

    def body(self, replace: dict[tuple[str, int], Any], *, forged: bool = False,
             trigger: tuple[str, str] | None = None) -> dict:
        body: dict[str, Any] = {"output": self.output, "outputs": self.outputs}
        for section in ("inputs", "state"):
            body[section] = [
                self.entry(d["id"], d["property"], replace.get((section, i), ...), forged=forged)
                for i, d in enumerate(self.dep[section])]
        first = trigger or (self.dep["inputs"][0]["id"], self.dep["inputs"][0]["property"])
        changed = self.prop_id(*first)
        body["changedPropIds"] = [changed] if changed else []
        return body
