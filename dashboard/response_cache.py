"""A bounded, shared cache of callback responses for the callbacks whose answer depends only on
the request and the served warehouse.

Why: a map, a gaps table or a stroke pathway costs 50-1,400 ms of CPU to compute (queries,
statistics, a plotly figure and its JSON), and in a joint planning session many people open
the same few views. Computing each view once per build, and answering repeats from memory,
keeps the server responsive when 50 sessions share 2 cores (``benchmarks/load_test.py``).

What is cached: the HTTP response (status 200, body bytes, content type) of a ``POST
/_dash-update-component`` whose callback is marked :func:`pure` (or is Dash's own page-layout
callback). The key is the served warehouse's generation (it changes with every rebuild
``dashboard.data.warehouse.refresh`` sees, so a new build is never answered from the old one's results), today's
date (a few outputs carry it) and a SHA-256 of the request body in canonical JSON form (the
callback, its inputs and state, and which inputs changed: everything a callback can read).
Answers that are not a 200 (``PreventUpdate`` gives 204) and answers made while a callback
failed (the safety net's ``no_update``: see :func:`do_not_store`) are not cached.

Bounds: an LRU cache of at most ``ATLAS_RESPONSE_CACHE_MB`` megabytes of response bodies
(default 256; 0 turns caching off) in each server process. Concurrent identical requests are
computed once: the others wait for the first, so 20 people opening the same LSOA map cost one
computation, not 20. The bound and eviction are ``cachetools.LRUCache`` sized in bytes.

Marking a callback :func:`pure` is a promise that it reads nothing but its inputs, its state and
the warehouse (no cookies, headers, clock, randomness or server-side session), and writes
nothing. Downloads are not marked (they are rare and carry file names with dates).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import cachetools
import flask

from dashboard.data import warehouse

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: attribute set on a callback function by :func:`pure` (copied by ``functools.wraps``)
PURE_ATTRIBUTE = "_atlas_response_is_pure"
#: Dash's page-layout callback (dash.page_container): a function of the address only
PAGE_LAYOUT_OUTPUT = ".._pages_content.children..._pages_store.data.."
DEFAULT_MEGABYTES = 256.0

_lock = threading.Lock()
_condition = threading.Condition(_lock)
_pending: set[tuple] = set()
_cache: cachetools.LRUCache | None = None
_stats = {"hits": 0, "misses": 0, "waits": 0}


def pure(function: F) -> F:
    """Decorator (place it below ``@callback``): the callback's response may be cached."""
    setattr(function, PURE_ATTRIBUTE, True)
    return function


def cacheable_outputs(callback_map: dict) -> frozenset[str]:
    """The ``output`` strings of the app's callbacks marked :func:`pure`, plus page layout."""
    outputs = {PAGE_LAYOUT_OUTPUT} & set(callback_map)
    for output, spec in callback_map.items():
        function = spec.get("callback")
        if function is not None and getattr(function, PURE_ATTRIBUTE, False):
            outputs.add(output)
    return frozenset(outputs)


def capacity_bytes() -> int:
    """The cache's bound in bytes of response bodies, from ``ATLAS_RESPONSE_CACHE_MB``."""
    raw = os.environ.get("ATLAS_RESPONSE_CACHE_MB", "")
    try:
        megabytes = float(raw) if raw.strip() else DEFAULT_MEGABYTES
    except ValueError:
        log.warning("ATLAS_RESPONSE_CACHE_MB=%r is not a number: using %s", raw,
                    DEFAULT_MEGABYTES)
        megabytes = DEFAULT_MEGABYTES
    return max(0, int(megabytes * 1_000_000))


def _store() -> cachetools.LRUCache | None:
    """The process's cache, made on first use (None when the bound is 0)."""
    global _cache
    with _lock:
        if _cache is None:
            size = capacity_bytes()
            if size == 0:
                return None
            _cache = cachetools.LRUCache(maxsize=size, getsizeof=lambda entry: len(entry[0]))
        return _cache


def request_key(body: Any, generation: str) -> tuple[str, str, str]:
    """Cache key of a parsed callback request for one warehouse generation."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return (generation, date.today().isoformat(), digest)


def respond(key: tuple, compute: Callable[[], Any]) -> Any:
    """The cached response for ``key``, or ``compute()``'s (stored when it is a 200).

    ``compute`` returns what Dash's dispatch returns (a ``flask.Response``); exceptions pass
    through uncached. Only one thread computes a given key at a time.
    """
    cache = _store()
    if cache is None:
        return compute()
    with _condition:
        if key in _pending:
            _stats["waits"] += 1
            _condition.wait_for(lambda: key not in _pending)
        entry = cache.get(key)
        if entry is not None:
            _stats["hits"] += 1
            return _response(entry)
        _stats["misses"] += 1
        _pending.add(key)
    try:
        response = compute()
        entry = _entry(response)
        if entry is not None:
            with _lock, contextlib.suppress(ValueError):  # ValueError: larger than the cache
                cache[key] = entry
        return response
    finally:
        with _condition:
            _pending.discard(key)
            _condition.notify_all()


_DO_NOT_STORE = "atlas_response_not_cacheable"


def do_not_store() -> None:
    """Keep the current request's response out of the cache (e.g. a callback failed and
    answered ``no_update``: a 200 that must not stand for the view until the next build)."""
    if flask.has_request_context():
        setattr(flask.g, _DO_NOT_STORE, True)


def _entry(response: Any) -> tuple[bytes, str] | None:
    if not isinstance(response, flask.Response) or response.status_code != 200:
        return None
    if flask.has_request_context() and flask.g.get(_DO_NOT_STORE):
        return None
    if response.direct_passthrough or response.is_streamed:
        return None
    return response.get_data(), response.mimetype or "application/json"


def _response(entry: tuple[bytes, str]) -> flask.Response:
    body, mimetype = entry
    return flask.Response(body, status=200, mimetype=mimetype)


def clear() -> None:
    """Forget every cached response (a rebuilt warehouse; tests)."""
    with _lock:
        if _cache is not None:
            _cache.clear()


def reset() -> None:
    """Forget the cache and its bound (tests change ``ATLAS_RESPONSE_CACHE_MB``)."""
    global _cache
    with _lock:
        _cache = None
        for name in _stats:
            _stats[name] = 0


def stats() -> dict[str, int]:
    """Hits, misses, waits (requests that waited for an identical one), entries and bytes."""
    with _lock:
        cache = _cache
        return {**_stats, "entries": 0 if cache is None else len(cache),
                "bytes": 0 if cache is None else int(cache.currsize)}


warehouse.on_clear(clear)  # a rebuilt warehouse is never answered from the old one's results
