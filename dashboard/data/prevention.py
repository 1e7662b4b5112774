"""Preventive-services data: each measure for one area against England, a stated standard
and need, and its deprivation gradient across areas. Reads through the other readers of
:mod:`dashboard.data` (no SQL of its own)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import geographies, indices, themes, verdicts
from dashboard.data import gaps as gap_data
from dashboard.data import indicators

DEPRIVATION = themes.PREVENTION_DEPRIVATION


def measure_values(geography: str) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Every area of the geography with each preventive measure (latest period), the IMD 2025
    average score and population; and the period used per measure."""
    return gap_data.theme_values([*themes.PREVENTIVE_MEASURES, DEPRIVATION], geography, None)


def gradient(values: pd.DataFrame, measure: str,
             geography: str) -> tuple[pd.DataFrame, dict | None]:
    """Area-decile gradient of one measure and its SII (95% CI from between-area variation).

    Returns the decile table (`etl.indices.area_deciles` of ``values``, the frame of
    :func:`measure_values` for ``geography``) and {'sii', 'sii_lower', 'sii_upper'} in the
    measure's unit, computed by the build (``area_gradient_sii``, `etl.inequality`); None when
    fewer than 5 groups have data, e.g. a measure published for one region only.
    """
    if measure not in values.columns:
        return pd.DataFrame(), None
    table = indices.area_deciles(values[measure], values[DEPRIVATION], values["population"])
    row = indicators.area_gradient_sii(measure, geography) if len(table) >= 5 else None
    if row is None or row["sii"] is None:
        return table, None
    return table, {"sii": float(row["sii"]), "sii_lower": float(row["sii_lower_95"]),
                   "sii_upper": float(row["sii_upper_95"])}


def measures_table(geography: str, area: str | None) -> pd.DataFrame:
    """One row per preventive measure for an area (England when None).

    Columns: indicator_id, name, role, unit, polarity, period, value, lower_95, upper_95,
    england, standard, standard_source, gap (to the standard, else to England; in the unit,
    positive = better; for England itself to the standard only, else NaN), gap_to (None when
    nothing is compared), compared (the verdict of the 95% CI against that reference:
    better/similar/worse, or "not compared" without a CI), areas_with_data, n_areas,
    coverage_note, sii, sii_lower, sii_upper, gradient (words).
    """
    values, periods = measure_values(geography)
    cat = indicators.catalogue()
    code = area or geographies.ENGLAND
    rows = []
    for ind in themes.PREVENTIVE_MEASURES:
        if ind not in cat.index:
            continue
        meta = cat.loc[ind].to_dict()
        period = periods.get(ind)
        row: dict = {"indicator_id": ind, "name": meta["name"], "role": meta["role"],
                     "unit": meta["unit"], "polarity": meta["polarity"], "period": period,
                     "source": meta["source"], "licence": meta["licence"]}
        own = indicators.trend(ind, code) if period else pd.DataFrame()
        own = own[(own["area_code"] == code) & (own["period"] == period)] if len(own) else own
        ok = len(own) and not bool(own["is_suppressed"].fillna(False).iloc[0])
        row["value"] = float(own["value"].iloc[0]) if ok else np.nan
        row["lower_95"] = float(own["lower_95"].iloc[0]) if ok else np.nan
        row["upper_95"] = float(own["upper_95"].iloc[0]) if ok else np.nan
        eng = indicators.england_row(ind, period) if period else None
        row["england"] = float(eng["value"]) if eng and eng["value"] is not None else np.nan
        standard = meta.get("standard")
        row["standard"] = float(standard) if standard is not None and pd.notna(standard) else np.nan
        row["standard_source"] = meta.get("standard_source") or ""
        # England is never compared with itself: at England level, the standard only
        if pd.notna(row["standard"]):
            target, row["gap_to"] = row["standard"], "standard"
        elif area:
            target, row["gap_to"] = row["england"], "England"
        else:
            target, row["gap_to"] = np.nan, None
        sign = 1 if meta["polarity"] == "higher_is_better" else -1
        judged = pd.notna(row["value"]) and pd.notna(target)
        row["gap"] = sign * (row["value"] - target) if judged else np.nan
        row["compared"] = (verdicts.compare(row["lower_95"], row["upper_95"], target,
                                            polarity=meta["polarity"])
                           if judged else None)
        n_with = int(values[ind].notna().sum()) if ind in values.columns else 0
        row["areas_with_data"], row["n_areas"] = n_with, len(values)
        row["coverage_note"] = (
            "England-wide" if n_with >= 0.9 * len(values) else
            f"published for {n_with} of {len(values)} areas only (North West sample)"
            if n_with else "no data for this geography")
        _, sii = gradient(values, ind, geography)
        row.update(sii or {"sii": np.nan, "sii_lower": np.nan, "sii_upper": np.nan})
        row["gradient"] = gradient_words(sii, meta["polarity"], meta["role"])
        if sii is not None and row["coverage_note"] != "England-wide":
            row["gradient"] += " (among the areas with data only)"
        rows.append(row)
    return pd.DataFrame(rows)


def gradient_words(sii: dict | None, polarity: str, role: str) -> str:
    """Plain reading of an SII (positive = higher values in less deprived areas): a gradient
    only when its 95% CI excludes 0 (:func:`core.verdicts.gradient_words`), else
    ``verdicts.CANNOT_TELL`` with the reason."""
    if sii is None:
        return f"{verdicts.CANNOT_TELL} (too few areas with data)"
    words = verdicts.gradient_words(sii["sii"], sii["sii_lower"], sii["sii_upper"],
                                    polarity=polarity, role=role)
    reason = verdicts.cannot_tell_reason(sii["sii"], sii["sii_lower"], sii["sii_upper"])
    return f"{words} ({reason})" if reason else words
