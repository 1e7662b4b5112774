"""Components of the preventive-services page (pure: frames in, Dash HTML out)."""

from __future__ import annotations

import pandas as pd
from dash import html

from core.formatting import value_text


def _num(value: float, unit: str = "") -> str:
    return "no data" if value is None or pd.isna(value) else value_text(float(value), unit)


def measures_table(table: pd.DataFrame, *, england_level: bool = False) -> html.Table:
    """The measures with period, value (95% CI), England, standard, gap, coverage, gradient
    (``england_level``: the area is England, compared with the standard only)."""
    header = ["Measure", "Period", "Value (95% CI)", "England", "Standard", "Gap",
              "Data coverage", "Deprivation gradient (SII, 95% CI)"]
    rows = []
    for r in table.itertuples():
        value = _num(r.value)
        if pd.notna(r.value) and pd.notna(r.lower_95):
            value += f" ({value_text(r.lower_95)}–{value_text(r.upper_95)})"
        gap = (f"{r.gap:+.1f} points vs {r.gap_to}: {r.compared}" if pd.notna(r.gap)
               else "England: no comparison" if england_level and pd.notna(r.value) else "–")
        standard = (f"{value_text(r.standard)} ({r.standard_source})" if pd.notna(r.standard)
                    else "none stated" if england_level
                    else "none stated; compared with England")
        sii = ("–" if pd.isna(r.sii) else
               f"{value_text(r.sii)} ({value_text(r.sii_lower)} to {value_text(r.sii_upper)}): "
               f"{r.gradient}")
        rows.append([f"{r.name} [{r.role}]", r.period or "no data", value, _num(r.england),
                     standard, gap, r.coverage_note, sii])
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                       html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])],
                      className="list")


def provenance_note(area_name: str, sources: list[str], *, england_level: bool = False) -> list:
    """The note above the charts: what is compared with what, and the sources."""
    against = ("against any national standard (England is not compared with itself)"
               if england_level else "against England and any national standard")
    return [html.B(f"Preventive services, {area_name}. "),
            f"Each measure at its latest period, {against}; "
            "'gap' is in percentage points (positive = better); better, similar or worse "
            "only where the 95% confidence interval allows a test, else not compared. ",
            html.Small("Sources: " + "; ".join(sources) + ".")]
