"""The warehouse contract (``docs/warehouse_contract.md``) as the data tests read it: the
published tables, accepted values and keys.
"""

from __future__ import annotations

GEOGRAPHIES = ("lsoa21", "ltla24", "utla23", "sicbl23", "icb23", "region", "england")
COMPARISONS = ("better", "similar", "worse", "higher", "lower", "not compared")
CONTRACT_TABLES = (
    "areas",
    "area_lookup",
    "indicators",
    "indicator_values",
    "area_totals",
    "inequality_sii",
    "area_gradient_sii",
    "boundaries",
    "boundary_geojson",
    "lsoa_measures",
    "stroke_units",
    "area_stroke_units",
    "gp_practices",
    "build_issues",
    "source_attribution",
)
UNIT_KINDS = ("ivt", "mt")
AREA_UNIT_KEY = "geography, area_code, unit_kind, unit_code"
VALUE_KEY = "indicator_id, area_code, period, sex, age, category_type, category"


def sql_list(values: tuple[str, ...]) -> str:
    """``values`` as an SQL list literal, ``('a', 'b')``, for ``in`` conditions."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"
