"""Safety net of the running app: no request becomes an HTTP 500.

Pages and callbacks validate their own inputs (``dashboard.validation``); this module catches
what they did not foresee. :func:`register` adds to a Dash app:

* a global callback error handler (Dash's ``on_error``): an exception in a callback is logged as
  one line (the callback, the exception, where it was raised) and the callback answers
  ``no_update``, so the page keeps what it shows;
* a check of every request to Dash's callback route (``/_dash-update-component``) before Dash
  reads it: a body that is not a JSON object, is too large or too deeply nested, names no
  registered callback, or whose ``inputs``, ``state``, ``outputs`` or ``changedPropIds`` do
  not have the callback's shape gets HTTP 400 with a short message. Anything else escaping
  Dash's dispatch is logged and answered 400 too;
* for callbacks marked ``response_cache.pure``, a bounded cache of their responses per
  warehouse build (``dashboard.response_cache``).

``app.server.config[NET] = False`` switches the net off (the callback error handler and the
catch-all; the request checks stay): errors then propagate as HTTP 500. Tests use it to show
that hostile input is handled by the pages' own validation, not by the net.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from typing import Any

import dash
import flask
from dash.dependencies import Wildcard
from dash.exceptions import PreventUpdate
from werkzeug.exceptions import HTTPException

from dashboard import response_cache, validation
from dashboard.data import warehouse

log = logging.getLogger(__name__)

NET = "ATLAS_ERROR_NET"
#: Limits of a callback request (the app's own requests are a few kilobytes, a few levels deep).
MAX_BODY_BYTES = 8_000_000
MAX_BODY_DEPTH = 64
#: Props of Dash's own components that the pages router reads as text: (id, property) -> the
#: text's required start (a browser's location: a pathname starts "/"; a search is any text).
_TEXT_PROPS = {("_pages_location", "pathname"): "/", ("_pages_location", "search"): ""}
_ROUTE = "_dash-update-component"


def register(app: dash.Dash) -> None:
    """Install the callback error handler and the callback-request checks on ``app``."""
    app.server.config.setdefault(NET, True)
    app._on_error = _on_callback_error  # same as dash.Dash(on_error=...), set after creation
    endpoint = app.config.routes_pathname_prefix + _ROUTE
    dispatch = app.server.view_functions.get(endpoint)
    if dispatch is None:
        msg = f"no Dash callback route {endpoint!r} to guard"
        raise RuntimeError(msg)
    app.server.view_functions[endpoint] = _guarded(app, dispatch)


def net_enabled() -> bool:
    """Whether the safety net is on for the current request's app (on by default)."""
    return bool(flask.current_app.config.get(NET, True)) if flask.has_app_context() else True


def _where(err: BaseException) -> str:
    """'dashboard/pages/atlas/callbacks.py:154' of the innermost project frame (else the last)."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return "?"
    mine = [f for f in frames if any(p in f.filename for p in ("/dashboard/", "/planning/",
                                                                 "/etl/"))]
    frame = (mine or frames)[-1]
    path = frame.filename
    for part in ("/dashboard/", "/planning/", "/etl/"):
        if part in path:
            path = part.lstrip("/") + path.split(part, 1)[1]
            break
    return f"{path}:{frame.lineno}"


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _on_callback_error(err: Exception) -> Any:
    """Dash ``on_error``: log one line and keep the page as it is (``no_update``)."""
    response_cache.do_not_store()  # an answer made by a failure is never reused
    if not net_enabled():
        raise err
    output = "?"
    if flask.has_request_context():
        body = flask.request.get_json(silent=True)
        if isinstance(body, dict):
            output = str(body.get("output"))
    log.warning("callback %s failed: %s: %s (%s)", _short(output, 120), type(err).__name__,
                _short(str(err)), _where(err))
    try:
        has_outputs = bool(dash.callback_context.outputs_list)
    except Exception:  # noqa: BLE001  (no callback context: answer as for outputs)
        has_outputs = True
    return dash.no_update if has_outputs else None


# ---------------------------------------------------------------- callback requests
def _bad_request(message: str) -> flask.Response:
    response = flask.jsonify(error="bad callback request", detail=message)
    response.status_code = 400
    return response


def _is_multi(component_id: Any) -> bool:
    """True for a pattern-matching id with ALL or ALLSMALLER (its entries arrive as a list)."""
    if isinstance(component_id, str) and component_id.startswith("{"):
        try:
            component_id = json.loads(component_id)
        except ValueError:
            return False
    if not isinstance(component_id, dict):
        return False
    return any(v in (["ALL"], ["ALLSMALLER"]) or v in (Wildcard.ALL, Wildcard.ALLSMALLER)
               for v in component_id.values())


def _is_id(value: Any) -> bool:
    if isinstance(value, str):
        return True
    # a pattern-matching id: string keys; scalar values, or ["MATCH"]-like wildcards
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str | int | float | bool | list)
        for k, v in value.items())


def _entry_problem(item: Any, *, with_value: bool) -> str | None:
    """What is wrong with an entry {"id", "property"[, "value"]} of inputs, state or outputs."""
    if not isinstance(item, dict) or not _is_id(item.get("id")) \
            or not isinstance(item.get("property"), str):
        return "is not an {'id', 'property'} entry"
    key = (item["id"], item["property"]) if isinstance(item["id"], str) else None
    if with_value and key in _TEXT_PROPS:
        value = item.get("value")
        if value is not None and not (isinstance(value, str)
                                      and value.startswith(_TEXT_PROPS[key])):
            return f"has a value for {key[0]}.{key[1]} that is not a browser location"
    return None


def _entries_problem(given: Any, declared: list, name: str, *, with_value: bool) -> str | None:
    if not isinstance(given, list) or len(given) != len(declared):
        return f"'{name}' must be a list of {len(declared)} entries"
    for spec_id, item in zip(declared, given, strict=True):
        if _is_multi(spec_id):
            if not isinstance(item, list):
                return f"an entry of '{name}' must be a list (a pattern-matching id)"
            problems = [_entry_problem(i, with_value=with_value) for i in item]
            problem = next((p for p in problems if p), None)
        else:
            problem = _entry_problem(item, with_value=with_value)
        if problem:
            return f"an entry of '{name}' {problem}"
    return None


def envelope_problem(body: Any, callback_map: dict) -> str | None:
    """What is wrong with a parsed callback request for this app's callbacks (None if nothing).

    The shape is the one dash-renderer sends: ``output`` (a registered callback), ``outputs``,
    ``inputs`` and ``state`` entries ({"id", "property", "value"}; a list for a pattern with
    ALL), ``changedPropIds`` (strings "id.property").
    """
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "'output' must be a string naming a callback"
    spec = callback_map.get(output)
    if spec is None:
        return "no callback has this 'output'"
    for name in ("inputs", "state"):
        declared = [d.get("id") for d in spec.get(name, [])]
        given = body.get(name, [] if name == "state" else None)
        problem = _entries_problem(given, declared, name, with_value=True)
        if problem:
            return problem
    if not spec.get("no_output"):
        declared_out = spec.get("output")
        outputs = body.get("outputs")
        if isinstance(declared_out, list | tuple):
            problem = _entries_problem(outputs, [o.component_id for o in declared_out],
                                       "outputs", with_value=False)
        else:
            problem = _entries_problem([outputs], [declared_out.component_id], "outputs",
                                       with_value=False)
        if problem:
            return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    for prop_id in changed:
        component, _, _ = prop_id.rpartition(".")
        if component.startswith("{"):
            try:
                parsed = json.loads(component)
            except ValueError:
                return "a 'changedPropIds' entry has a malformed id"
            if not isinstance(parsed, dict):
                return "a 'changedPropIds' entry has a malformed id"
    return None


def _guarded(app: dash.Dash, dispatch: Callable[..., Any]) -> Callable[..., Any]:
    """Dash's callback view, behind the request checks (and the catch-all when the net is on)."""

    def guarded_dispatch(*args: Any, **kwargs: Any) -> Any:
        request = flask.request
        if not request.is_json:
            return _bad_request("send the callback as application/json")
        raw = request.get_data(cache=True)
        if len(raw) > MAX_BODY_BYTES:
            return _bad_request(f"the body is larger than {MAX_BODY_BYTES:,} bytes")
        try:
            body = validation.load_json(raw, max_bytes=MAX_BODY_BYTES, max_depth=MAX_BODY_DEPTH)
        except ValueError as err:
            return _bad_request(f"the body is not a readable JSON document: {err}")
        problem = envelope_problem(body, app.callback_map)
        if problem:
            return _bad_request(problem)

        def answer() -> Any:
            try:
                return dispatch(*args, **kwargs)
            except (PreventUpdate, HTTPException):
                raise
            except Exception as err:
                if not net_enabled():
                    raise
                log.warning("callback request %s failed: %s: %s (%s)",
                            _short(str(body.get("output")), 120), type(err).__name__,
                            _short(str(err)), _where(err))
                return _bad_request("the request could not be processed")

        if body["output"] in cacheable():
            key = response_cache.request_key(body, warehouse.cache_key())
            return response_cache.respond(key, answer)
        return answer()

    def cacheable() -> frozenset[str]:
        # Dash fills callback_map on the first request, so this is worked out on first use.
        found = getattr(app, "_atlas_cacheable_outputs", None)
        if found is None:
            found = response_cache.cacheable_outputs(app.callback_map)
            app._atlas_cacheable_outputs = found  # type: ignore[attr-defined]
        return found

    guarded_dispatch.__name__ = getattr(dispatch, "__name__", "dispatch")
    guarded_dispatch.__qualname__ = getattr(dispatch, "__qualname__", "dispatch")
    guarded_dispatch.__module__ = getattr(dispatch, "__module__", __name__)
    return guarded_dispatch
