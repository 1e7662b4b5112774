"""Components of the gaps page (pure: frames and the indicator catalogue in, Dash HTML out):
weight inputs, the summary paragraph, the priority list, the index components table and the
access-inequality sentences."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from dash import dcc, html

from core import themes, verdicts
from core.formatting import FLAG_MARK, value_text
from dashboard import ids, theme
from dashboard.controls import dom_id

#: the areas of each geography in the summary's words
AREA_WORDS = {"lsoa21": "LSOAs", "ltla24": "districts",
              "utla23": "counties and unitary authorities", "icb23": "ICBs",
              "sicbl23": "sub-ICB locations"}


def indicator_names(indicator_ids: list[str], catalogue: pd.DataFrame) -> str:
    """The indicators' names joined by '; ' (an id missing from the catalogue as itself)."""
    return "; ".join(str(catalogue.loc[i, "name"]) if i in catalogue.index else i
                     for i in indicator_ids) or "–"


def list_table(header: list[str], rows: list[list], class_name: str = "list") -> html.Table:
    """A plain HTML table of text cells."""
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                       html.Tbody([html.Tr([html.Td(c) for c in r]) for r in rows])],
                      className=class_name)


def weight_inputs(theme_id: str, weights: Mapping[str, float],
                  catalogue: pd.DataFrame) -> list:
    """Number inputs (pattern-matching ids) for every need and coverage indicator of a theme."""
    theme = themes.THEMES_BY_ID[theme_id]
    blocks = []
    for role, group in (("need", theme.need_weights), ("coverage", theme.coverage_weights)):
        rows = []
        for ind, default in group.items():
            name = (catalogue.loc[ind, "name"] if ind in catalogue.index
                    else f"{ind} (not in warehouse)")
            weight_id = {"type": ids.GAPS_WEIGHT, "role": role, "indicator": ind}
            rows.append(html.Div([
                dcc.Input(id=weight_id, type="number", min=0, max=10, step=0.5,
                          value=weights.get(ind, default), debounce=True,
                          className="weight-input"),
                html.Label(str(name), htmlFor=dom_id(weight_id), className="weight-name",
                           title=f"default weight {default:g}"),
            ], className="weight-row"))
        blocks.append(html.Fieldset([html.Legend(f"{role.capitalize()} index weights"), *rows],
                                    className="weights"))
    return blocks


def flagged_note(flagged: pd.DataFrame, catalogue: pd.DataFrame) -> list:
    """A warning naming the values the build's quality gates flagged, which the indices and
    ranks treat as missing ([] when none). ``flagged``: `dashboard.data.gaps.flagged_values`."""
    if flagged.empty:
        return []
    parts = [
        f"{indicator_names([ind], catalogue)} {group['period'].iloc[0]}: "
        + ", ".join(f"{r.area_name} ({value_text(r.value, str(catalogue.loc[ind, 'unit']))})"
                    for r in group.itertuples())
        for ind, group in flagged.groupby("indicator_id", sort=False)
    ]
    return [html.Span(
        f"{FLAG_MARK} Flagged as implausible by the build's quality gates and treated "
        f"as missing in the indices and ranks: {'; '.join(parts)} (reasons in the atlas and "
        "the build issues). ", className="warning")]


def summary(theme_name: str, geography: str, where: str, table: pd.DataFrame,
            periods: Mapping[str, str | None], catalogue: pd.DataFrame,
            flagged: list) -> list:
    """One paragraph: how many areas (within the filter, ``where``) are priority, their
    population (count and % of residents), the periods and sources; ``flagged`` is
    :func:`flagged_note`."""
    scope = table[table["in_parent"]]
    both = scope["bivariate_class"].notna()
    priority = scope[scope["is_priority"]]
    missing = [i for i, p in periods.items() if p is None]
    sources = sorted({str(catalogue.loc[i, "source"]) for i, p in periods.items()
                      if p is not None and i in catalogue.index})
    share = 100 * priority["population"].sum() / max(scope["population"].sum(), 1)
    text = [
        html.B(f"{theme_name}, {where}: "),
        f"{len(priority):,} of {int(both.sum()):,} {AREA_WORDS[geography]} with both indices "
        f"are high need and low coverage (priority), home to "
        f"{value_text(float(priority['population'].sum()))} people ({value_text(share)}"
        "% of residents). ",
        "Classes are thirds of England's areas on each index (z-scores over England); the "
        "map colours every area, the filter zooms and outlines. ",
        f"{int((~both).sum()):,} areas have no index (too few indicators published). ",
    ]
    if missing:
        text.append(html.Span("Not available for this geography or period: "
                              f"{indicator_names(missing, catalogue)}. ", className="warning"))
    text.extend(flagged)
    text.append(html.Small(
        "Periods: " + "; ".join(f"{indicator_names([i], catalogue)} {p}"
                                for i, p in periods.items() if p)
        + ". Sources: " + "; ".join(sources) + "."))
    return text


def priority_list(frame: pd.DataFrame, catalogue: pd.DataFrame) -> html.Div:
    """The ranked priority list (`dashboard.data.gaps.priority_list`: indices and gap in
    standard deviations, population as a count) with the population affected."""
    if frame.empty:
        return html.Div(html.P("No area here is in both the highest-need and the lowest-"
                               "coverage third of England."))
    rows = [[r.rank, f"{r.area_name} ({r.area_code})", f"{r.need_index:+.2f}",
             f"{r.coverage_index:+.2f}", f"{r.gap_score:.2f}", value_text(float(r.population)),
             indicator_names(r.need_drivers, catalogue),
             indicator_names(r.coverage_shortfalls, catalogue)]
            for r in frame.itertuples()]
    total = float(frame["population"].sum())
    return html.Div([
        list_table(["Rank (England)", "Area", "Need index (SD)", "Coverage index (SD)",
                    "Gap (SD)", "Population", "Main need drivers", "Main coverage shortfalls"],
                   rows),
        html.P(f"{len(frame)} areas shown, population {value_text(total)} (Census 2021). "
               "Indices are weighted means of z-scores; the gap is need minus coverage in "
               "standard deviations. Rank is among England's priority areas.", className="hint"),
    ])


def components_table(theme_id: str, weights: Mapping[str, float], table: pd.DataFrame,
                     periods: Mapping[str, str | None], england: Mapping[str, dict | None],
                     catalogue: pd.DataFrame) -> html.Table:
    """Each indicator of the theme: role, weight, period, England value (``england``: id ->
    England's row at that period, `dashboard.data.indicators.england_row`, or None), areas
    with data, source."""
    theme = themes.THEMES_BY_ID[theme_id]
    rows = []
    for role, group in (("Need", theme.need_weights), ("Coverage", theme.coverage_weights)):
        for ind in group:
            weight = weights.get(ind, group[ind])
            period = periods.get(ind)
            name = str(catalogue.loc[ind, "name"]) if ind in catalogue.index else ind
            row = england.get(ind)
            n = int(table[ind].notna().sum()) if ind in table.columns else 0
            rows.append([role, name, f"{weight:g}", period or "no data",
                         value_text(row["value"]) if row else "–",
                         f"{n:,} of {len(table):,}",
                         str(catalogue.loc[ind, "source"]) if ind in catalogue.index else "–"])
    return list_table(["Index", "Indicator", "Weight", "Period", "England", "Areas with data",
                       "Source"], rows)


def access_text(frame: pd.DataFrame, where: str) -> list:
    """What the SII chart shows and a sentence per coverage measure (``frame``:
    `dashboard.data.gaps.access_inequality`; values in each measure's unit)."""
    sentences = []
    for r in frame.itertuples():
        if r.sii is None or pd.isna(r.sii):
            sentences.append(f"{r.name}: {r.note}")
            continue
        verdict = r.gradient
        reason = verdicts.cannot_tell_reason(r.sii, r.sii_lower, r.sii_upper)
        if reason:
            verdict += f" ({reason})"
        ci = (f" (95% CI {value_text(r.sii_lower)} to {value_text(r.sii_upper)})"
              if r.sii_lower is not None and not pd.isna(r.sii_lower) else "")
        sentences.append(
            f"{r.name} ({r.period}): most deprived decile {value_text(r.most_deprived)}, least "
            f"deprived {value_text(r.least_deprived)} {r.unit}; SII {value_text(r.sii)}{ci}: "
            f"{verdict}.")
    return [html.Span(f"{where}, IMD 2025 deciles of LSOAs (1 = most deprived). SII = "
                      "modelled gap from the most to the least deprived end, positive when "
                      "values are higher in less deprived areas. A gradient is named only "
                      "where the SII's 95% confidence interval excludes 0; otherwise "
                      f"{verdicts.CANNOT_TELL}. "),
            html.Ul([html.Li(s) for s in sentences])]


def no_index_key() -> html.P:
    """The legend line for areas with no index (drawn in :data:`theme.GAPS_NO_INDEX`)."""
    return html.P([html.Span(className="swatch",
                             style={"background": theme.GAPS_NO_INDEX}),
                   "No index (too few indicators)"], className="no-index-key")
