"""View state <-> query string (pure: used by the page layout, callbacks and tests)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from dashboard import queries
from dashboard.figures.map import COLOURINGS

KEYS = ("indicator", "geography", "period", "colouring", "area")
DEFAULT_INDICATOR = "stroke_admissions_rate"
PREFERRED_GEOGRAPHY = ("utla23", "ltla24", "icb23", "sicbl23", "region", "lsoa21", "england")


def parse_query(search: str | None) -> dict:
    """'?indicator=x&geography=y' -> {'indicator': 'x', 'geography': 'y'} (known keys only)."""
    pairs = parse_qsl((search or "").lstrip("?"), keep_blank_values=False)
    return {k: v for k, v in pairs if k in KEYS}


def to_query(state: dict) -> str:
    """Inverse of :func:`parse_query`, keys in a fixed order, empty values left out."""
    pairs = [(k, state[k]) for k in KEYS if state.get(k)]
    return "?" + urlencode(pairs) if pairs else ""


def resolve(params: dict) -> dict:
    """Fill in and correct a (possibly partial or stale) state against the catalogue."""
    cat = queries.catalogue()
    ind = params.get("indicator")
    if ind not in cat.index:
        ind = DEFAULT_INDICATOR if DEFAULT_INDICATOR in cat.index else cat.index[0]
    meta = cat.loc[ind]
    geos = [g for g in meta["geographies"] if g != "england"] or list(meta["geographies"])
    geo = params.get("geography")
    if geo not in geos:
        geo = next((g for g in PREFERRED_GEOGRAPHY if g in geos), geos[0])
    periods = list(meta["periods"])
    period = params.get("period")
    if period not in periods:
        period = periods[-1]
    colouring = params.get("colouring")
    if colouring not in COLOURINGS:
        colouring = "quantiles"
    area = params.get("area") or None
    if area is not None and area not in set(queries.areas(str(geo))["area_code"]):
        area = None
    return {
        "indicator": ind,
        "geography": geo,
        "period": period,
        "colouring": colouring,
        "area": area,
    }


def geography_options(indicator_id: str) -> list[dict]:
    """Geographies the indicator has values for (England alone is not a map)."""
    geos = queries.indicator(indicator_id)["geographies"]
    return [
        {"label": queries.GEOGRAPHY_LABELS.get(g, g), "value": g} for g in geos if g != "england"
    ]


def period_options(indicator_id: str) -> list[dict]:
    """Periods the indicator has, newest first."""
    return [{"label": p, "value": p} for p in reversed(queries.indicator(indicator_id)["periods"])]
