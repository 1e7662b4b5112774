"""The served warehouse: read-only DuckDB connection, bound parameters, per-build caches.

The warehouse path comes from the ``ATLAS_WAREHOUSE`` environment variable
(default ``data/warehouse.duckdb``). Nothing is opened at import time. A reader elsewhere in
:mod:`dashboard.data` is an ``lru_cache``d function of :func:`cache_key` registered with
:func:`register_cache`, so a rebuilt warehouse retires every cached result.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_WAREHOUSE = Path(__file__).resolve().parents[2] / "data" / "warehouse.duckdb"


_lock = threading.Lock()


_connections: dict[str, duckdb.DuckDBPyConnection] = {}


# Identity (inode, size, mtime) of each warehouse file when its connection was opened: a build
# replaces the file atomically, so a different identity means a new build (see refresh()).
_opened: dict[str, tuple[int, int, int]] = {}


# Incremented whenever the caches are cleared (a rebuilt warehouse, or tests switching files):
# part of every cache key, so a result computed from an older warehouse is never served as a
# newer one's.
_generation = 0


def warehouse_path() -> Path:
    """Path of the warehouse the dashboard reads."""
    return Path(os.environ.get("ATLAS_WAREHOUSE", DEFAULT_WAREHOUSE))


def cache_key() -> str:
    """Key prefix for cached reads: the warehouse path and the cache generation.

    Every ``lru_cache``d reader takes it as its first argument, so clearing the caches (a
    rebuilt warehouse) also retires results still being computed from the old file.
    """
    return f"{warehouse_path()}#{_generation}"


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _cursor() -> duckdb.DuckDBPyConnection:
    path = warehouse_path().resolve()
    key = str(path)
    with _lock:
        con = _connections.get(key)
        if con is None:
            identity = _identity(path)
            con = duckdb.connect(key, read_only=True)
            _connections[key] = con
            _opened[key] = identity
        return con.cursor()


def refresh() -> bool:
    """Switch to a rebuilt warehouse: True when the file was replaced since it was opened.

    Called between requests (a Flask ``before_request`` hook in ``app.py``). A build swaps a new
    file in atomically; the open connection still reads the old (unlinked) file, so on a change
    every cache is cleared and the next read opens the new file. Requests already running keep
    their cursor on the old connection, which is released when they finish.
    """
    path = warehouse_path().resolve()
    key = str(path)
    with _lock:
        seen = _opened.get(key)
    if seen is None:
        return False
    try:
        current = _identity(path)
    except OSError:  # mid-swap or removed: keep serving what is open
        return False
    if current == seen:
        return False
    _clear(close=False)
    return True


def read_frame(sql: str, params: list | None = None) -> pd.DataFrame:
    """Run a read-only query with bound parameters on the served warehouse."""
    return _run(sql, params)


def _run(sql: str, params: list | None) -> pd.DataFrame:
    cur = _cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


_on_clear: list = []


def register_cache(fn):
    """Decorator (above ``lru_cache``): a cached reader, cleared by :func:`clear_caches`."""
    _on_clear.append(fn.cache_clear)
    return fn


def on_clear(callback):
    """Call ``callback()`` (no arguments) whenever the caches are cleared: a rebuilt warehouse
    or a switch of file. Used by layers above (the response cache) without importing them."""
    _on_clear.append(callback)
    return callback


def clear_caches() -> None:
    """Forget cached results and close connections (tests switch warehouses)."""
    _clear(close=True)


def _clear(*, close: bool) -> None:
    global _generation
    with _lock:
        _generation += 1
    for callback in _on_clear:
        callback()
    with _lock:
        if close:
            for con in _connections.values():
                con.close()
        _connections.clear()
        _opened.clear()


@register_cache
@lru_cache(maxsize=4)
def _build_info(key: str) -> dict:
    row = read_frame(
        "select any_value(input_fingerprint) as input_fingerprint,"
        " any_value(built_at) as built_at, sum(seconds) as build_seconds from build_info"
    ).iloc[0]
    built_at = row["built_at"]
    return {
        "input_fingerprint": row["input_fingerprint"],
        "built_at": None if pd.isna(built_at) else pd.Timestamp(built_at).isoformat(),
        "build_seconds": round(float(row["build_seconds"]), 1),
    }


def build_info() -> dict:
    """The served warehouse's build: ``input_fingerprint``, ``built_at`` (ISO 8601, UTC) and
    ``build_seconds`` (sum of the stages)."""
    return dict(_build_info(cache_key()))


def warehouse_version() -> str:
    """A token that changes with every build (for cache-busting URLs): the build time and the
    start of the input fingerprint."""
    info = build_info()
    stamp = (info["built_at"] or "").replace(":", "").replace("-", "").replace("+", "")
    return f"{stamp[:15]}-{(info['input_fingerprint'] or '')[:12]}"
