"""Turn raw indicator rows into published values: value, 95% and 99.8% limits, England
comparison and small-count suppression, using the methods in `core.methods`.

Rules, per catalogue entry:

* ``crude_rate`` with count and denominator: value = count / denominator x multiplier; limits by
  Byar's method (exact Poisson below 10 events), `core.methods.rate`.
* ``proportion`` with count and denominator: Wilson score limits, `core.methods.proportion`.
* A published value or 95% limit (Fingertips) is kept as published; the computed 99.8% limits
  fill in where count and denominator allow.
* ``count``: value = count. Scores and means carry no confidence interval.
* Entries with ``confidence_intervals = False`` (complete counts, modelled measures) get no
  limits and a note saying why.
* England comparison at 95% against England's value for the same indicator, period, sex and
  age (`core.methods.compare_to_benchmark`, polarity-aware).
* Suppression last: rows built from fewer than ``min_count`` events lose value, limits and
  count (`core.methods.suppress`); never shown as zero.
* Entries with ``counts_give_value = False`` (survey-weighted or modelled values) store no
  count or denominator: the source's pair does not produce the value.
* Quality gates (`etl.quality`): a row not already flagged where it entered (Health Index
  districts) is flagged ``outside_plausible_range`` when its value lies outside the entry's
  plausible range; a flagged row is never compared with England (nor is any row against a
  flagged England value).

Secondary suppression is in `etl.suppression`; its public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from core import methods
from core.geographies import ENGLAND
from etl import quality
from etl.indicator_columns import KEY as KEY
from etl.indicator_columns import LIMITS as LIMITS
from etl.indicator_columns import join_notes
from etl.load import shown
from etl.suppression import BREAKDOWN as BREAKDOWN
from etl.suppression import NESTED as NESTED
from etl.suppression import SECONDARY_NOTE as SECONDARY_NOTE
from etl.suppression import complementary_suppression
from etl.suppression import disclosure_groups as disclosure_groups
from etl.suppression import suppress_complementary as suppress_complementary

CI_NOTES = {
    "crude_rate": "95% and 99.8% CIs by Byar's method (exact Poisson below 10 events)",
    "proportion": "95% and 99.8% CIs by the Wilson score method",
}


class StatisticsError(ValueError):
    """A method of `core.methods` refused a row; the message names its indicator, area and
    period (and breakdown), and the values the method read."""

    def __init__(self, row: pd.Series | None, problem: str, columns: tuple[str, ...] = ()):
        self.indicator_id = None if row is None else str(row["indicator_id"])
        self.area_code = None if row is None else str(row["area_code"])
        self.period = None if row is None else str(row["period"])
        if row is None:
            where = "indicator values"
        else:
            where = f"indicator {self.indicator_id}, area {self.area_code}, period {self.period}"
            breakdown = [
                f"{k} {row[k]}" for k in ("sex", "age", "category") if k in row and row[k]
            ]
            if breakdown:
                where += f" ({', '.join(breakdown)})"
        values = ", ".join(f"{c} {shown(row[c])}" for c in columns if row is not None and c in row)
        super().__init__(f"{where}: {problem}" + (f" ({values})" if values else ""))


def _first_refused(call: Callable[[pd.DataFrame], object], rows: pd.DataFrame) -> int | None:
    """Position in ``rows`` of the first row that ``call`` refuses on its own (halving: about
    2 log2(n) calls), or None when no single row is refused."""
    if len(rows) == 1:
        return 0
    middle = len(rows) // 2
    for offset, part in ((0, rows.iloc[:middle]), (middle, rows.iloc[middle:])):
        try:
            call(part)
        except ValueError:
            found = _first_refused(call, part)
            return None if found is None else offset + found
    return None


def _guarded(
    call: Callable[[pd.DataFrame], object], rows: pd.DataFrame, columns: tuple[str, ...]
) -> object:
    """``call(rows)``, turning a ValueError into a `StatisticsError` for the offending row."""
    try:
        return call(rows)
    except ValueError as exc:
        position = _first_refused(call, rows) if len(rows) else None
        row = None if position is None else rows.iloc[position]
        raise StatisticsError(row, str(exc), columns) from exc


def _with_limits(rows: pd.DataFrame, entry: pd.Series) -> pd.DataFrame:
    """Fill value and limits for one indicator's rows (count and denominator based)."""
    rows = rows.copy()
    for column in ["lower_998", "upper_998"]:
        rows[column] = np.nan
    rows["ci_note"] = ""
    value_type = entry["value_type"]
    with_ci = bool(entry["confidence_intervals"])
    if value_type == "count":
        rows["value"] = rows["value"].fillna(rows["count"])
        return rows
    if not with_ci:
        rows[LIMITS] = np.nan
        rows["ci_note"] = (
            "No confidence interval: not a sample estimate (see indicator description)"
        )
    has_cd = rows["count"].notna() & rows["denominator"].notna() & (rows["denominator"] > 0)
    if value_type in CI_NOTES and has_cd.any():
        function = methods.rate if value_type == "crude_rate" else methods.proportion

        def limits(part: pd.DataFrame) -> pd.DataFrame:
            return function(
                part["count"].to_numpy(dtype=float),
                part["denominator"].to_numpy(dtype=float),
                multiplier=float(entry["multiplier"]),
                confidence=(0.95, 0.998),
            )

        computed = _guarded(limits, rows.loc[has_cd], ("count", "denominator"))
        assert isinstance(computed, pd.DataFrame)
        computed.index = rows.index[has_cd]
        published = rows.loc[has_cd, "value"]
        # A published value that is not count / denominator x multiplier (e.g. a weighted
        # survey estimate) must not get limits computed from those counts.
        consistent = published.isna() | (
            (computed["value"] - published).abs() <= 1e-3 * published.abs() + 1e-9
        )
        use = consistent[consistent].index
        rows.loc[use, "value"] = rows.loc[use, "value"].fillna(computed.loc[use, "value"])
        if with_ci:
            for column in LIMITS:
                rows.loc[use, column] = rows.loc[use, column].fillna(computed.loc[use, column])
            rows.loc[use, "ci_note"] = CI_NOTES[value_type]
        has_cd = has_cd & rows.index.isin(use)
    if with_ci:
        published_only = ~has_cd & rows["lower_95"].notna()
        rows.loc[published_only, "ci_note"] = "95% CI as published"
        no_ci = rows["lower_95"].isna() & rows["value"].notna()
        rows.loc[no_ci, "ci_note"] = "No confidence interval published"
    return rows


def compute_indicator_values(raw: pd.DataFrame, catalogue: pd.DataFrame, *,
                             nesting: pd.DataFrame | None = None,
                             lsoa_categories: pd.DataFrame | None = None,
                             log: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Compute the ``indicator_values`` table from raw rows and the catalogue.

    Parameters
    ----------
    raw : DataFrame
        Columns ``KEY`` + value, lower_95, upper_95, event_count, denominator, note
        (the ``int_indicator_values_raw`` model).
    catalogue : DataFrame
        The ``catalogue`` table (one row per indicator).
    nesting, lsoa_categories : DataFrame, optional
        Exact nestings of areas and the breakdown cell of each LSOA, for secondary
        suppression across geographies (:func:`complementary_suppression`).
    log : callable, optional
        Receives what secondary suppression did.

    Returns
    -------
    DataFrame
        The ``indicator_values`` contract columns, one row per key.

    Raises
    ------
    StatisticsError
        A method refused a row (e.g. a negative count, a count above the denominator of a
        proportion, a lower limit above the upper): the message names the indicator, area,
        period and breakdown of the first such row and the values the method read.
    """
    frame = raw.rename(columns={"event_count": "count"}).copy()
    for column in ["value", "lower_95", "upper_95", "count", "denominator"]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in ["quality_flag", "quality_reason"]:
        if column not in frame:
            frame[column] = None
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    entries = catalogue.set_index("indicator_id")
    unknown = sorted(set(frame["indicator_id"]) - set(entries.index))
    if unknown:
        msg = f"indicator values reference ids missing from the catalogue: {unknown}"
        raise ValueError(msg)

    if "counts_give_value" in entries:
        no_counts = ~frame["indicator_id"].map(entries["counts_give_value"]).fillna(True).astype(
            bool
        )
        frame.loc[no_counts, ["count", "denominator"]] = np.nan

    parts = [
        _with_limits(rows, entries.loc[indicator_id])
        for indicator_id, rows in frame.groupby("indicator_id", sort=True)
    ]
    frame = (
        pd.concat(parts) if parts else frame.assign(lower_998=np.nan, upper_998=np.nan, ci_note="")
    )

    frame = _drop_disagreeing_counts(frame, entries)
    frame = _range_flags(frame, entries)

    # England comparison at 95%, against the England total for the same period, sex and age.
    england = frame.loc[
        (frame["area_code"] == ENGLAND)
        & (frame["category_type"] == "")
        & frame["quality_flag"].isna(),
        ["indicator_id", "period", "sex", "age", "value"],
    ].rename(columns={"value": "england_value"})
    frame = frame.merge(england, on=["indicator_id", "period", "sex", "age"], how="left")
    frame["compared_to_england"] = "not compared"
    polarity = frame["indicator_id"].map(entries["polarity"])
    for pol in polarity.dropna().unique():
        rows = (polarity == pol) & (frame["area_code"] != ENGLAND)
        if rows.any():

            def compare(part: pd.DataFrame, pol: str = pol) -> np.ndarray:
                return np.asarray(
                    methods.compare_to_benchmark(
                        part["lower_95"].to_numpy(dtype=float),
                        part["upper_95"].to_numpy(dtype=float),
                        part["england_value"].to_numpy(dtype=float),
                        polarity=pol,
                    )
                )

            frame.loc[rows, "compared_to_england"] = _guarded(
                compare, frame.loc[rows], ("lower_95", "upper_95", "england_value")
            )
    frame.loc[frame["quality_flag"].notna(), "compared_to_england"] = "not compared"

    # Suppression last, per indicator threshold.
    frame["note"] = join_notes(frame["note"], frame["ci_note"])
    min_count = frame["indicator_id"].map(entries["min_count"]).fillna(0).astype(int)
    frame["is_suppressed"] = False
    for threshold in sorted(set(min_count) - {0}):
        rows = min_count == threshold

        def suppress(part: pd.DataFrame, threshold: int = int(threshold)) -> pd.DataFrame:
            return methods.suppress(part[["value", *LIMITS, "count", "note"]], min_count=threshold)

        suppressed = _guarded(suppress, frame.loc[rows], ("value", "count"))
        assert isinstance(suppressed, pd.DataFrame)
        frame.loc[rows, ["value", *LIMITS, "count", "note", "is_suppressed"]] = suppressed[
            ["value", *LIMITS, "count", "note", "is_suppressed"]
        ].to_numpy()
    frame["is_suppressed"] = frame["is_suppressed"].astype(bool)
    frame = complementary_suppression(frame, nesting, lsoa_categories, log=log)
    frame.loc[frame["is_suppressed"], "compared_to_england"] = "not compared"
    for column in ["value", *LIMITS, "count", "denominator"]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame[
        [
            *KEY,
            "value",
            *LIMITS,
            "count",
            "denominator",
            "compared_to_england",
            "is_suppressed",
            "note",
            "quality_flag",
            "quality_reason",
        ]
    ].reset_index(drop=True)


def _drop_disagreeing_counts(frame: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """Crude rates and proportions whose published value is not count / denominator x
    multiplier (beyond rounding) keep the value but not the pair; the note says why."""
    value_type = frame["indicator_id"].map(entries["value_type"])
    candidates = value_type.isin(["crude_rate", "proportion"]).to_numpy()
    multiplier = frame["indicator_id"].map(entries["multiplier"]).astype(float)
    disagree = candidates & quality.counts_disagree(
        frame["value"], frame["count"], frame["denominator"], multiplier
    )
    if not disagree.any():
        return frame
    frame = frame.copy()
    rows = frame.index[disagree]
    computed = frame.loc[rows, "count"] / frame.loc[rows, "denominator"] * multiplier[rows]
    dropped = (
        "Count and denominator not stored: the source's "
        + frame.loc[rows, "count"].map("{:,.0f}".format)
        + " / "
        + frame.loc[rows, "denominator"].map("{:,.0f}".format)
        + " gives "
        + computed.map("{:,.4g}".format)
        + ", not the published value"
    )
    frame.loc[rows, "note"] = join_notes(frame.loc[rows, "note"], dropped)
    frame.loc[rows, ["count", "denominator"]] = np.nan
    return frame


def _range_flags(frame: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """Flag unflagged values outside their entry's plausible range (`etl.quality`).

    ``entries`` may lack ``plausible_min`` / ``plausible_max`` (no range) or hold NULL for an
    unbounded end.
    """
    if "plausible_min" not in entries and "plausible_max" not in entries:
        return frame
    lo = pd.to_numeric(
        frame["indicator_id"].map(entries.get("plausible_min", pd.Series(dtype=float))),
        errors="coerce",
    ).fillna(-np.inf)
    hi = pd.to_numeric(
        frame["indicator_id"].map(entries.get("plausible_max", pd.Series(dtype=float))),
        errors="coerce",
    ).fillna(np.inf)
    value = frame["value"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        outside = (value < lo.to_numpy()) | (value > hi.to_numpy())
    outside &= frame["quality_flag"].isna().to_numpy()
    if outside.any():
        frame = frame.copy()
        rows = np.flatnonzero(outside)
        for i in rows:
            frame.iat[i, frame.columns.get_loc("quality_flag")] = "outside_plausible_range"
            frame.iat[i, frame.columns.get_loc("quality_reason")] = quality.range_reason(
                value[i], lo.iloc[i], hi.iloc[i]
            )
    return frame
