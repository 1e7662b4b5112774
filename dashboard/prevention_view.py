"""The preventive-services view: each measure for one area against England, a stated standard
and need, and its deprivation gradient across areas. Reads through the query modules."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import gap_queries, queries
from etl import indices, methods

GEOGRAPHIES = ("utla23", "ltla24", "icb23", "sicbl23")
DEPRIVATION = "imd2025_score"


def measure_values(geography: str) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Every area of the geography with each preventive measure (latest period), the IMD 2025
    average score and population; and the period used per measure."""
    return gap_queries.theme_values([*indices.PREVENTIVE_MEASURES, DEPRIVATION], geography, None)


def gradient(values: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, dict | None]:
    """Area-decile gradient of one measure and its SII (95% CI from between-area variation).

    Returns the decile table (`etl.indices.area_deciles`) and {'sii', 'sii_lower',
    'sii_upper'} in the measure's unit (None when fewer than 5 groups have data, e.g. a
    measure published for one region only).
    """
    if measure not in values.columns:
        return pd.DataFrame(), None
    table = indices.area_deciles(values[measure], values[DEPRIVATION], values["population"])
    if len(table) < 5:
        return table, None
    result = methods.sii(table["decile"], table["population"], table["value"],
                         se=table["se"], value_type="other", repetitions=10_000, seed=1)
    row = result.iloc[0]
    return table, {"sii": float(row["sii"]), "sii_lower": float(row["sii_lower"]),
                   "sii_upper": float(row["sii_upper"])}


def measures_table(geography: str, area: str | None) -> pd.DataFrame:
    """One row per preventive measure for an area (England when None).

    Columns: indicator_id, name, role, unit, polarity, period, value, lower_95, upper_95,
    england, standard, standard_source, gap (to the standard, else to England; in the unit,
    positive = better), gap_to, areas_with_data, n_areas, coverage_note, sii, sii_lower,
    sii_upper, gradient (words).
    """
    values, periods = measure_values(geography)
    cat = queries.catalogue()
    code = area or queries.ENGLAND
    rows = []
    for ind in indices.PREVENTIVE_MEASURES:
        if ind not in cat.index:
            continue
        meta = cat.loc[ind].to_dict()
        period = periods.get(ind)
        row: dict = {"indicator_id": ind, "name": meta["name"], "role": meta["role"],
                     "unit": meta["unit"], "polarity": meta["polarity"], "period": period,
                     "source": meta["source"], "licence": meta["licence"]}
        own = queries.trend(ind, code) if period else pd.DataFrame()
        own = own[(own["area_code"] == code) & (own["period"] == period)] if len(own) else own
        ok = len(own) and not bool(own["is_suppressed"].fillna(False).iloc[0])
        row["value"] = float(own["value"].iloc[0]) if ok else np.nan
        row["lower_95"] = float(own["lower_95"].iloc[0]) if ok else np.nan
        row["upper_95"] = float(own["upper_95"].iloc[0]) if ok else np.nan
        eng = queries.england_row(ind, period) if period else None
        row["england"] = float(eng["value"]) if eng and eng["value"] is not None else np.nan
        standard = meta.get("standard")
        row["standard"] = float(standard) if standard is not None and pd.notna(standard) else np.nan
        row["standard_source"] = meta.get("standard_source") or ""
        target = row["standard"] if pd.notna(row["standard"]) else row["england"]
        row["gap_to"] = "standard" if pd.notna(row["standard"]) else "England"
        sign = 1 if meta["polarity"] == "higher_is_better" else -1
        row["gap"] = sign * (row["value"] - target) if pd.notna(row["value"]) else np.nan
        n_with = int(values[ind].notna().sum()) if ind in values.columns else 0
        row["areas_with_data"], row["n_areas"] = n_with, len(values)
        row["coverage_note"] = (
            "England-wide" if n_with >= 0.9 * len(values) else
            f"published for {n_with} of {len(values)} areas only (North West sample)"
            if n_with else "no data for this geography")
        _, sii = gradient(values, ind)
        row.update(sii or {"sii": np.nan, "sii_lower": np.nan, "sii_upper": np.nan})
        row["gradient"] = gradient_words(sii, meta["polarity"], meta["role"])
        if sii is not None and row["coverage_note"] != "England-wide":
            row["gradient"] += " (among the areas with data only)"
        rows.append(row)
    return pd.DataFrame(rows)


def gradient_words(sii: dict | None, polarity: str, role: str) -> str:
    """Plain reading of an SII (positive = higher values in less deprived areas)."""
    if sii is None:
        return "too few areas with data for a deprivation gradient"
    if sii["sii_lower"] <= 0 <= sii["sii_upper"]:
        return "no clear gradient by deprivation (95% CI spans 0)"
    higher_less_deprived = sii["sii"] > 0
    if polarity == "higher_is_better":
        better_less_deprived = higher_less_deprived
    else:
        better_less_deprived = not higher_less_deprived
    if role == "provision":
        return ("lower coverage in more deprived areas (inverse care)" if better_less_deprived
                else "higher coverage in more deprived areas (follows need)")
    return ("worse in more deprived areas" if better_less_deprived
            else "better in more deprived areas")
