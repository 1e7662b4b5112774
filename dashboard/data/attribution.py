"""Attribution of the raw inputs as the build publishes it (``source_attribution``: one row per
source with its publisher, licence, vintage and path), so pages credit and license their data
without importing the ETL."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from dashboard.data import warehouse
from dashboard.data.warehouse import read_frame, register_cache


@register_cache
@lru_cache(maxsize=2)
def _attribution(key: str) -> pd.DataFrame:
    return read_frame(
        "select source_name, publisher, licence, vintage, path from source_attribution"
        " order by source_name"
    ).set_index("source_name")


def source_attribution(names: Sequence[str] | None = None) -> pd.DataFrame:
    """Sources indexed by ``source_name`` with ``publisher``, ``licence``, ``vintage`` and
    ``path``: every source, or those of ``names`` the build holds, in the order given."""
    table = _attribution(warehouse.cache_key())
    if names is None:
        return table.copy()
    return table.loc[[n for n in names if n in table.index]].copy()
