"""The stroke pathway as a table (pure): five stages (risk, prevention, access, acute care,
outcome) of measures, each at the area's latest value beside a reference.

The reference is the national standard where the catalogue states one
(``indicators.standard``), else England. The gap is ``area - reference`` in the indicator's
unit. The verdict (``direction``) is a test, not the sign of the gap: better/similar/worse from
the value's 95% confidence interval against the reference (:func:`core.verdicts.compare`, i.e.
``methods.compare_to_benchmark``); a value without a CI is "not compared" and left out of the
"worse on N of M" counts. Values are in each indicator's unit (%, rate per 100,000, minutes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from core import verdicts
from core.formatting import FLAG_MARK, value_text
from core.periods import latest_period as latest_of
from dashboard.disclosure import MIN_COUNT

AF_ROW = "af_detection"
AF_NOTE = "No area-level AF detection data in the shipped sources"
SERVING_ADMISSIONS = "serving_units_admissions"
# QOF achievement is published for ICBs (and England) only
ICB_ONLY = frozenset({"af_anticoagulated_qof_pct", "bp_to_target_79_under_qof_pct",
                      "bp_to_target_80_over_qof_pct"})
ICB_ONLY_NOTE = "Published for ICBs only (QOF counts by registered practice): choose an ICB"
NO_STANDARD = "No national standard; compared with England"


@dataclass(frozen=True)
class Stage:
    """One stage of the pathway: its rows in display order."""

    key: str
    title: str
    question: str
    rows: tuple[str, ...]


STAGES = (
    Stage("risk", "Risk", "How common are the risks that lead to stroke?",
          ("hypertension_qof_pct", "af_qof_pct", "smoking_pct", AF_ROW)),
    Stage("prevention", "Prevention", "Are people at risk treated to prevent a stroke?",
          ("af_anticoagulated_qof_pct", "bp_to_target_79_under_qof_pct",
           "bp_to_target_80_over_qof_pct")),
    Stage("access", "Access", "How quickly can residents reach thrombolysis and thrombectomy?",
          ("ivt_within_30min_pct", "ivt_within_45min_pct", "ivt_within_60min_pct",
           "mt_within_30min_pct", "mt_within_45min_pct", "mt_within_60min_pct",
           "ivt_minutes_mean", "mt_minutes_mean")),
    Stage("acute", "Acute care", "How much do the units that serve residents treat?",
          ("serving_unit_thrombolysis_rate_pct", "serving_unit_thrombectomy_rate_pct",
           SERVING_ADMISSIONS)),
    Stage("outcome", "Outcome", "How many residents have a stroke, and die avoidably?",
          ("stroke_admissions_rate", "avoidable_mortality_rate")),
)
PATHWAY_INDICATORS = [r for s in STAGES for r in s.rows if r not in (AF_ROW, SERVING_ADMISSIONS)]
# names for rows the warehouse may not hold yet (the catalogue's own name wins when present)
FALLBACK = {
    AF_ROW: {"name": "Atrial fibrillation (AF) detection", "unit": "%"},
    "mt_within_30min_pct": {"name": "Population within 30 minutes of a thrombectomy centre",
                            "unit": "% of population", "polarity": "higher_is_better"},
    "mt_within_45min_pct": {"name": "Population within 45 minutes of a thrombectomy centre",
                            "unit": "% of population", "polarity": "higher_is_better"},
    "serving_unit_thrombolysis_rate_pct": {"name": "Thrombolysis rate at the serving units",
                                           "unit": "%", "polarity": "higher_is_better"},
    "serving_unit_thrombectomy_rate_pct": {"name": "Thrombectomy rate at the serving units",
                                           "unit": "%", "polarity": "higher_is_better"},
}
PATHWAY_COLUMNS = [
    "stage", "indicator_id", "name", "unit", "polarity", "role", "period", "value", "lower_95",
    "upper_95", "count", "denominator", "is_suppressed", "compared_to_england", "note",
    "england", "standard", "standard_text", "standard_source", "reference", "reference_value",
    "gap", "direction", "source", "licence", "status", "quality_flag", "quality_reason",
]



# ---------------------------------------------------------------- pathway table logic
def is_missing(value) -> bool:
    """True for None, NaN, NA and NaT (scalars only)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def direction(value: float, lower: float, upper: float, reference: float,
              polarity: str) -> str | None:
    """The verdict of a value against its reference from its 95% CI (see
    :func:`core.verdicts.compare`): better/similar/worse (higher/similar/lower without a
    polarity), ``verdicts.NOT_COMPARED`` without a CI or reference, None without a value."""
    if is_missing(value):
        return None
    return verdicts.compare(lower, upper, reference, polarity=polarity)


def parse_standard(raw) -> tuple[float, str]:
    """A catalogue ``standard`` as (number, text): NaN and '' when none is stated."""
    if is_missing(raw):
        return float("nan"), ""
    try:
        return float(raw), ""
    except (TypeError, ValueError):
        return float("nan"), str(raw).strip()


def latest_period(meta: dict | pd.Series | None) -> str | None:
    """The catalogue's latest period of an indicator (:func:`core.periods.latest_period`)."""
    return None if meta is None else latest_of(meta.get("periods"))


def _row_positions(values: pd.DataFrame) -> dict[tuple, int]:
    """Position of the first row of each (indicator_id, area_code, period) in ``values``."""
    if values.empty:
        return {}
    out: dict[tuple, int] = {}
    keys = zip(values["indicator_id"], values["area_code"], values["period"], strict=True)
    for pos, key in enumerate(keys):
        out.setdefault(key, pos)
    return out


def _row(values: pd.DataFrame, positions: dict[tuple, int], indicator_id: str, area_code: str,
         period: str | None) -> dict:
    """The first row of ``values`` for the indicator, area and period, as a dict ({} if none)."""
    pos = None if period is None else positions.get((indicator_id, area_code, period))
    return {} if pos is None else values.iloc[pos].to_dict()


def pathway_row(stage: str, meta: dict | None, area: dict, england: dict, *,
                indicator_id: str, period: str | None) -> dict:
    """One pathway row: area and England values, the reference, gap and direction."""
    fallback = FALLBACK.get(indicator_id, {})
    meta = meta or {}
    out: dict = dict.fromkeys(PATHWAY_COLUMNS)
    polarity = meta.get("polarity") or fallback.get("polarity") or "no_judgement"
    out.update(
        stage=stage, indicator_id=indicator_id,
        name=meta.get("name") or fallback.get("name") or indicator_id.replace("_", " "),
        unit=meta.get("unit") or fallback.get("unit") or "", polarity=polarity,
        role=meta.get("role"), period=period, source=meta.get("source"),
        licence=meta.get("licence"),
    )
    for col in ("value", "lower_95", "upper_95", "count", "denominator"):
        out[col] = float(area[col]) if not is_missing(area.get(col)) else float("nan")
    out["is_suppressed"] = bool(area.get("is_suppressed")) if not is_missing(
        area.get("is_suppressed")) else False
    out["compared_to_england"] = area.get("compared_to_england")
    out["note"] = area.get("note") if not is_missing(area.get("note")) else ""
    for col in ("quality_flag", "quality_reason"):
        out[col] = None if is_missing(area.get(col)) else str(area[col])
    out["england"] = float(england["value"]) if not is_missing(england.get("value")) else float(
        "nan")
    standard, standard_text = parse_standard(meta.get("standard"))
    source = meta.get("standard_source")
    out.update(standard=standard, standard_text=standard_text,
               standard_source="" if is_missing(source) else str(source))
    if not is_missing(standard):
        out["reference"], out["reference_value"] = "standard", standard
    else:
        out["reference"], out["reference_value"] = "England", out["england"]
    if is_missing(out["value"]) or is_missing(out["reference_value"]):
        out["gap"] = float("nan")
    else:
        out["gap"] = out["value"] - out["reference_value"]
    out["direction"] = direction(out["value"], out["lower_95"], out["upper_95"],
                                 out["reference_value"], polarity)
    if indicator_id == AF_ROW:
        out.update(status="not available", note=AF_NOTE, reference=None)
    elif not meta:
        out.update(status="not in warehouse",
                   note=f"No data: this warehouse does not hold {indicator_id} yet")
    elif out["quality_flag"]:
        # kept for reference, never judged against the standard or England
        out.update(status="flagged", gap=float("nan"), direction=None,
                   note=f"Flagged as implausible by the build's quality gates: "
                        f"{out['quality_reason']}. Not compared or used")
    elif is_missing(out["value"]):
        out["status"] = "no data"
        if not out["note"]:
            out["note"] = ICB_ONLY_NOTE if indicator_id in ICB_ONLY else "No data for this area"
    else:
        out["status"] = "ok"
    return out


def pathway_frame(values: pd.DataFrame, catalogue: pd.DataFrame, area_code: str,
                  england_code: str = "E92000001", *, extra: dict | None = None) -> pd.DataFrame:
    """Every pathway row for an area at each indicator's latest catalogue period.

    ``values`` holds area-total rows (any periods) for the area and England; ``catalogue`` is
    the indicators table indexed by id; ``extra`` maps derived row ids (e.g. the serving
    units' admissions) to ready rows.
    """
    rows = []
    positions = _row_positions(values)  # one pass, not a scan of the frame per row
    for stage in STAGES:
        for rid in stage.rows:
            if extra and rid in extra:
                rows.append({**dict.fromkeys(PATHWAY_COLUMNS), **extra[rid], "stage": stage.title,
                             "indicator_id": rid})
                continue
            meta = catalogue.loc[rid].to_dict() if rid in catalogue.index else None
            period = latest_period(meta)
            rows.append(pathway_row(stage.title, meta,
                                    _row(values, positions, rid, area_code, period),
                                    _row(values, positions, rid, england_code, period),
                                    indicator_id=rid, period=period))
    return pd.DataFrame(rows, columns=PATHWAY_COLUMNS)


def gap_text(row: dict | pd.Series) -> str:
    """'+3.1 percentage points', '−4.0 minutes' (sign of area minus reference)."""
    gap = row.get("gap")
    if gap is None or is_missing(gap):
        return "–"
    gap = float(gap)
    unit = str(row.get("unit") or "")
    unit = "percentage points" if unit.startswith("%") else unit
    sign = "+" if gap > 0 else "−" if gap < 0 else ""
    return f"{sign}{value_text(abs(gap))} {unit}".strip()


def stage_value_text(row: dict | pd.Series) -> str:
    """Value with its unit and 95% CI where present, or why there is none."""
    if is_missing(row.get("value")):
        if row.get("status") == "not available":
            return AF_NOTE
        if row.get("is_suppressed"):
            return f"Suppressed (fewer than {MIN_COUNT} events)"
        return "No data"
    text = value_text(float(row["value"]), short_unit(row.get("unit")))
    if row.get("status") == "flagged":
        return f"{FLAG_MARK} {text} (flagged: not used)"
    if not is_missing(row.get("lower_95")) and not is_missing(row.get("upper_95")):
        text += f" (95% CI {value_text(float(row['lower_95']))}–{value_text(float(row['upper_95']))})"
    return text


def standard_text(row: dict | pd.Series) -> str:
    """The stated standard and its source, or that there is none."""
    if row.get("status") == "not available":
        return "–"
    if not is_missing(row.get("standard")):
        out = value_text(float(row["standard"]), short_unit(row.get("unit")))
    elif row.get("standard_text"):
        out = f"{row['standard_text']} (not numeric; compared with England)"
    else:
        return NO_STANDARD
    return f"{out} ({row['standard_source']})" if row.get("standard_source") else out


def headline(frame: pd.DataFrame, area_name: str) -> str:
    """Plain-language summary: where the area is significantly worse than its reference.

    Only measures with a 95% CI are tested (M); those without one are counted as not compared
    (K), never as better or worse.
    """
    count = verdicts.tally(frame["direction"])
    not_compared = (f"; {count.not_compared} {verdicts.NOT_COMPARED} "
                    f"({verdicts.NOT_COMPARED_REASON})" if count.not_compared else "")
    if not count.compared:
        return (f"{area_name}: no pathway measure can be tested against its reference"
                f"{not_compared}.")
    worse = frame[frame["direction"] == "worse"]
    text = (f"{area_name} is worse than the reference on {count.worse} of {count.compared} "
            "measures with a 95% confidence interval")
    if not worse.empty:
        text += ": " + "; ".join(f"{row['name']} ({gap_text(row)} vs {row['reference']})"
                                 for _, row in worse.iterrows())
    return text + not_compared + "."


def direction_name(direction: str, reference: str) -> str:
    """'worse than England', 'similar to the standard', 'not compared (no confidence
    interval ...)'."""
    if direction == "similar":
        return f"similar to {reference}"
    if direction in verdicts.COMPARED:
        return f"{direction} than {reference}"
    return f"{verdicts.NOT_COMPARED} (no confidence interval)"



def short_unit(unit: str | None) -> str:
    """'%' for every percentage unit ('% of population'), else the unit."""
    unit = str(unit or "")
    return "%" if unit.startswith("%") else unit



# ---------------------------------------------------------------- stroke units
def serving_admissions(serving: pd.DataFrame) -> float:
    """Admissions 2021/22 of the units serving an area's thrombolysis, weighted by the share
    of residents each serves (suppressed or missing units left out); NaN when none."""
    if serving.empty:
        return float("nan")
    part = serving[serving["unit_kind"] == "ivt"]
    adm = pd.to_numeric(part["admissions_2021_22_count"], errors="coerce")
    share = pd.to_numeric(part["population_share_pct"], errors="coerce")
    ok = adm.notna() & share.notna() & (share > 0)
    if not ok.any():
        return float("nan")
    return float((adm[ok] * share[ok]).sum() / share[ok].sum())



def serving_row(units: pd.DataFrame, england_units: pd.DataFrame, england_fallback: float,
                source: str, licence: str) -> dict:
    """The derived 'serving units' admissions' row of the acute-care stage: the area's serving
    IVT units' 2021/22 admissions per unit per year (:func:`serving_admissions` of ``units``)
    against England's (of ``england_units``, else ``england_fallback``); not judged."""
    value = serving_admissions(units)
    england = serving_admissions(england_units)
    if math.isnan(england):
        england = england_fallback
    polarity = "no_judgement"
    status = "ok" if not math.isnan(value) else "no data"
    note = ("Mean of the serving thrombolysis units' 2021/22 stroke admissions, weighted by "
            "the share of the area's residents each serves (units with fewer than "
            f"{MIN_COUNT} admissions left out)")
    if status == "no data":
        note = ("No data: no serving-unit table (area_stroke_units) for this area in the "
                "warehouse" if units.empty else "No data: serving units' admissions suppressed")
    return {
        "name": "Stroke admissions at the serving thrombolysis units",
        "unit": "admissions per unit per year", "polarity": polarity, "role": "context",
        "period": "2021/22",
        "value": value, "lower_95": float("nan"), "upper_95": float("nan"),
        "count": float("nan"), "denominator": float("nan"), "is_suppressed": False,
        "compared_to_england": None, "note": note, "england": england,
        "standard": float("nan"), "standard_text": "", "standard_source": "",
        "reference": "England", "reference_value": england,
        "gap": value - england if status == "ok" else float("nan"),
        "direction": direction(value, float("nan"), float("nan"), england, polarity),
        "source": source, "licence": licence, "status": status,
    }
