"""Shared session fixture: a national warehouse for the dashboard tests (built once if stale)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reuse data/warehouse.duckdb when fresh, else build one into a temporary directory.

    ``ATLAS_TEST_WAREHOUSE`` names a ready warehouse to use instead (no freshness check).
    """
    from etl import build as etl_build

    given = os.environ.get("ATLAS_TEST_WAREHOUSE")
    if given:
        return Path(given)
    default = DATA_DIR / "warehouse.duckdb"
    if default.exists() and not etl_build.needs_build(default, DATA_DIR):
        return default
    db = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    etl_build.build(db, data_dir=DATA_DIR, log=lambda s: None)
    return db


@pytest.fixture(autouse=True)
def _use_warehouse(warehouse_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the dashboard at the test warehouse."""

    monkeypatch.setenv("ATLAS_WAREHOUSE", str(warehouse_path))
    yield
