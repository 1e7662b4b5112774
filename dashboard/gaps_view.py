"""The gaps view: URL state, and the gap table for a theme, geography, period and weights.

Pure apart from reading the warehouse through `dashboard.data.gaps` / `dashboard.queries`.
The indices, classes and priority order come from `etl.indices`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from core import geographies, indices, themes, verdicts
from core.geographies import GAPS_GEOGRAPHIES
from dashboard import validation
from dashboard.data import gaps as gap_data
from dashboard.data import indicators

KEYS = ("theme", "geography", "within", "parent", "asof", "w")
GEOGRAPHIES = GAPS_GEOGRAPHIES
DEFAULT = {"theme": "stroke", "geography": "utla23", "within": "icb23"}


def encode_weights(theme_id: str, weights: dict[str, float]) -> str:
    """'id:w,id:w' for the weights that differ from the theme's defaults ('' if none)."""
    theme = themes.THEMES_BY_ID[theme_id]
    defaults = {**theme.need_weights, **theme.coverage_weights}
    return ",".join(f"{k}:{weights[k]:g}" for k in defaults if k in weights
                    and float(weights[k]) != float(defaults[k]))


def decode_weights(theme_id: str, text: str | None) -> dict[str, float]:
    """Theme default weights overridden by a 'id:w,...' string (bad or unknown parts ignored;
    a value that is not a short string is ignored as a whole)."""
    theme = themes.THEMES_BY_ID[theme_id]
    weights = {**theme.need_weights, **theme.coverage_weights}
    for part in (validation.text(text, max_length=2_000) or "").split(","):
        key, _, raw = part.partition(":")
        value = validation.number(raw, low=0)
        if key in weights and value is not None:
            weights[key] = value
    return weights


def filter_geography(geography: str, within: str | None) -> str:
    """The parent geography for the "within" filter: ``within`` if it is a known parent
    geography other than the mapped one, else ICBs (regions when ICBs are mapped)."""
    mapped, parent = validation.text(geography), validation.text(within)
    if parent in geographies.PARENT_GEOGRAPHIES and parent != mapped:
        return str(parent)
    return "icb23" if mapped != "icb23" else "region"


def resolve(params: Mapping[str, Any], problems: list[str] | None = None) -> dict:
    """A complete, valid state from (possibly partial, stale or hostile) query parameters.

    Unknown or unreadable values (a list for a repeated key, a dict, a very long string) are
    replaced by the defaults; what was replaced is described in ``problems`` (when given).
    """
    notes: list[str] = [] if problems is None else problems
    theme = validation.choice(params.get("theme"), themes.THEMES_BY_ID, DEFAULT["theme"])
    geography = validation.choice(params.get("geography"), GEOGRAPHIES, DEFAULT["geography"])
    within = filter_geography(geography, params.get("within"))
    parent = validation.text(params.get("parent")) or None
    if parent is not None and parent not in set(indicators.areas(within)["area_code"]):
        parent = None
    year = validation.number(params.get("asof"), low=1000, high=9999)
    asof = int(year) if year is not None else None
    weights = decode_weights(theme, params.get("w"))
    labels = {"theme": themes.THEMES_BY_ID[theme].name,
              "geography": geographies.GEOGRAPHY_LABELS[geography],
              "within": geographies.PARENT_GEOGRAPHIES.get(within, within),
              "parent": "all England"}
    for key, used in (("theme", theme), ("geography", geography), ("within", within),
                      ("parent", parent)):
        given = params.get(key)
        if validation.replaced(given, used):
            notes.append(f"{key} {validation.shown(given)} is not available, showing "
                         f"{labels[key]}")
    given = params.get("asof")
    if given not in (None, "", [], 0, "0") and asof is None:
        notes.append(f"asof {validation.shown(given)} is not a year, showing the latest data")
    return {"theme": theme, "geography": geography, "within": within, "parent": parent,
            "asof": asof, "weights": weights}


def to_query(view: dict) -> str:
    """Query string of a resolved state (defaults and empty values left out)."""
    pairs = [("theme", view["theme"]), ("geography", view["geography"]),
             ("within", view["within"])]
    if view.get("parent"):
        pairs.append(("parent", view["parent"]))
    if view.get("asof"):
        pairs.append(("asof", str(view["asof"])))
    w = encode_weights(view["theme"], view["weights"])
    if w:
        pairs.append(("w", w))
    return "?" + urlencode(pairs)


def _meta(ids: list[str]) -> dict[str, dict]:
    cat = indicators.catalogue()
    return {i: cat.loc[i].to_dict() for i in ids if i in cat.index}


def compute(view: dict) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Gap table for every area of the view's geography (England-wide standardisation).

    Returns the table (index area_code; area_name, population, the raw indicator values,
    z-scores, indices, classes, priority, and ``parent_code`` / ``in_parent`` for the filter)
    and the period used per indicator.
    """
    theme = themes.THEMES_BY_ID[view["theme"]]
    weights = view["weights"]
    need_w = {k: weights.get(k, v) for k, v in theme.need_weights.items()}
    cover_w = {k: weights.get(k, v) for k, v in theme.coverage_weights.items()}
    values, periods = gap_data.theme_values(theme.indicator_ids, view["geography"],
                                               view["asof"])
    meta = _meta(theme.indicator_ids)
    present = [i for i in theme.indicator_ids if i in values.columns]
    # an indicator with no data keeps its weight in the total (every area's share drops)
    table = indices.gap_table(values[present], meta, need_w, cover_w)
    out = values[["area_name", "population", *present]].join(table)
    member = gap_data.membership(view["geography"], view["within"]).set_index("area_code")
    out["parent_code"] = member["parent_code"].reindex(out.index)
    out["in_parent"] = True if not view.get("parent") else out["parent_code"] == view["parent"]
    return out, periods


def priority_list(table: pd.DataFrame, view: dict, limit: int = 25) -> pd.DataFrame:
    """Priority areas (high need, low coverage) within the filter, largest gap first.

    Columns: rank (England-wide priority rank), area_code, area_name, need_index,
    coverage_index, gap_score, population, need_drivers, coverage_shortfalls (indicator ids).
    """
    theme = themes.THEMES_BY_ID[view["theme"]]
    weights = view["weights"]
    need_w = {k: weights.get(k, v) for k, v in theme.need_weights.items()}
    cover_w = {k: weights.get(k, v) for k, v in theme.coverage_weights.items()}
    rows = table[table["is_priority"] & table["in_parent"]].sort_values("priority_rank")
    rows = rows.head(limit)
    out = pd.DataFrame({
        "rank": rows["priority_rank"].astype(int),
        "area_code": rows.index,
        "area_name": rows["area_name"],
        "need_index": rows["need_index"],
        "coverage_index": rows["coverage_index"],
        "gap_score": rows["gap_score"],
        "population": rows["population"],
        "need_drivers": [indices.main_drivers(r, need_w) for _, r in rows.iterrows()],
        "coverage_shortfalls": [indices.main_drivers(r, cover_w, shortfall=True)
                                for _, r in rows.iterrows()],
    })
    return out.reset_index(drop=True)


def access_inequality(view: dict, periods: dict[str, str | None]) -> pd.DataFrame:
    """SII across IMD 2025 LSOA deciles for each coverage indicator of the theme.

    For the filter's parent area (England when none). Columns: indicator_id, name, unit,
    period, most_deprived, least_deprived, sii, sii_lower, sii_upper, follows_need, gradient,
    note. ``follows_need`` is True when provision is significantly better at the more deprived
    end (the SII's 95% CI excludes 0; its sign read through the indicator's polarity), False
    for an inverse-care gradient, None when the data cannot tell: the CI includes 0, or the
    decile values have no CIs (modelled measures, means of LSOA values), so the SII has none.
    ``gradient`` is the shared wording (:func:`core.verdicts.gradient_words`).
    """
    theme = themes.THEMES_BY_ID[view["theme"]]
    code = view.get("parent") or geographies.ENGLAND
    cat = indicators.catalogue()
    rows = []
    for ind in theme.coverage_weights:
        if ind not in cat.index:
            continue
        meta = cat.loc[ind].to_dict()
        period = periods.get(ind) or (meta["periods"][-1] if meta["periods"] else None)
        row = {"indicator_id": ind, "name": meta["name"], "unit": meta["unit"],
               "period": period, "most_deprived": None, "least_deprived": None, "sii": None,
               "sii_lower": None, "sii_upper": None, "follows_need": None,
               "gradient": verdicts.CANNOT_TELL, "note": ""}
        frame = (indicators.deciles(ind, code, period).dropna(subset=["value", "population"])
                 if period else pd.DataFrame())
        if len(frame) < 5:
            row["note"] = ("No IMD decile breakdown: published for whole areas only, so the "
                           "gradient across LSOAs cannot be measured.")
            rows.append(row)
            continue
        result = indicators.decile_sii(ind, code, str(period))  # computed by the build
        row["most_deprived"] = float(frame.loc[frame["decile"].idxmin(), "value"])
        row["least_deprived"] = float(frame.loc[frame["decile"].idxmax(), "value"])
        if result is None or result["sii"] is None:
            row["note"] = "SII not computed: " + (result["note"] if result else
                                                  "not in the warehouse")
            rows.append(row)
            continue
        row["sii"] = float(result["sii"])
        if result["decile_cis"]:
            row["sii_lower"], row["sii_upper"] = (float(result["sii_lower_95"]),
                                                  float(result["sii_upper_95"]))
        else:
            # the SII of values without CIs has no CI of its own: no test of a gradient
            row["note"] = ("Modelled measure or mean of LSOA values: no confidence interval, "
                           "so the SII has none.")
        # SII > 0: higher values at the least deprived end
        favours = verdicts.favours_less_deprived(row["sii"], row["sii_lower"],
                                                 row["sii_upper"], meta["polarity"])
        row["follows_need"] = None if favours is None else not favours
        row["gradient"] = verdicts.gradient_words(row["sii"], row["sii_lower"],
                                                  row["sii_upper"], polarity=meta["polarity"],
                                                  role="provision")
        rows.append(row)
    return pd.DataFrame(rows)
