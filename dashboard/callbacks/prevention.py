"""Callbacks of the preventive-services page (``*_view`` functions are tested directly)."""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
import pandas as pd
from dash import Input, Output, State, callback, html

from core import geographies
from core.formatting import value_text
from dashboard import ids, prevention_view, response_cache, validation
from dashboard.controls import area_options
from dashboard.data import indicators
from dashboard.figures.prevention import gradient_figure, measures_figure, need_scatter
from dashboard.links import push_query


def _num(value: float, unit: str = "") -> str:
    return "no data" if value is None or pd.isna(value) else value_text(float(value), unit)


def table_view(table: pd.DataFrame) -> html.Table:
    """The measures with period, value (95% CI), England, standard, gap, coverage, gradient."""
    header = ["Measure", "Period", "Value (95% CI)", "England", "Standard", "Gap",
              "Data coverage", "Deprivation gradient (SII, 95% CI)"]
    rows = []
    for r in table.itertuples():
        value = _num(r.value)
        if pd.notna(r.value) and pd.notna(r.lower_95):
            value += f" ({value_text(r.lower_95)}–{value_text(r.upper_95)})"
        gap = ("–" if pd.isna(r.gap) else
               f"{r.gap:+.1f} points vs {r.gap_to}: {r.compared}")
        standard = (f"{value_text(r.standard)} ({r.standard_source})" if pd.notna(r.standard)
                    else "none stated; compared with England")
        sii = ("–" if pd.isna(r.sii) else
               f"{value_text(r.sii)} ({value_text(r.sii_lower)} to {value_text(r.sii_upper)}): {r.gradient}")
        rows.append([f"{r.name} [{r.role}]", r.period or "no data", value, _num(r.england),
                     standard, gap, r.coverage_note, sii])
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                       html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])],
                      className="list")


def prevention_outputs(view: dict) -> tuple:
    """Every output of the page for a resolved view."""
    geography, area, measure = view["geography"], view["area"], view["measure"]
    table = prevention_view.measures_table(geography, area)
    name = (indicators.area_name(area) if area else None) or "England"
    values, periods = prevention_view.measure_values(geography)
    meta = indicators.indicator(measure)
    grad_table, sii = prevention_view.gradient(values, measure, geography)
    label = geographies.GEOGRAPHY_LABELS[geography].split(" (")[0].lower()
    sources = sorted(set(table["source"]))
    note = [html.B(f"Preventive services, {name}. "),
            "Each measure at its latest period, against England and any national standard; "
            "'gap' is in percentage points (positive = better); better, similar or worse "
            "only where the 95% confidence interval allows a test, else not compared. ",
            html.Small("Sources: " + "; ".join(sources) + ".")]
    query = "?" + urlencode({k: v for k, v in view.items() if v})
    return (note, measures_figure(table, name), table_view(table),
            need_scatter(values, measure, meta, area, periods.get(measure)),
            gradient_figure(grad_table, sii, meta, label), query)


@callback(
    Output(ids.PREVENTION_NOTE, "children"),
    Output(ids.PREVENTION_MEASURES_FIG, "figure"),
    Output(ids.PREVENTION_TABLE, "children"),
    Output(ids.PREVENTION_SCATTER, "figure"),
    Output(ids.PREVENTION_GRADIENT, "figure"),
    Output(ids.PREVENTION_QUERY, "data"),
    Input(ids.PREVENTION_GEOGRAPHY, "value"),
    Input(ids.PREVENTION_AREA, "value"),
    Input(ids.PREVENTION_MEASURE, "value"),
)
@response_cache.pure
def update_prevention(geography, area, measure):
    from dashboard.pages.prevention import resolve

    return prevention_outputs(resolve({"geography": geography, "area": area,
                                       "measure": measure}))


@callback(
    Output(ids.PREVENTION_AREA, "options"),
    Output(ids.PREVENTION_AREA, "value"),
    Input(ids.PREVENTION_GEOGRAPHY, "value"),
    State(ids.PREVENTION_AREA, "value"),
    prevent_initial_call=True,
)
@response_cache.pure
def update_area_options(geography, area):
    geography = validation.choice(geography, prevention_view.GEOGRAPHIES, "utla23")
    options = area_options(geography, limit=None)
    area = validation.text(area)
    return options, area if area in {o["value"] for o in options} else None


def csv_download(view: dict) -> dict:
    """The measures table as CSV, with period, source, licence, CI and method columns."""
    table = prevention_view.measures_table(view["geography"], view["area"])
    table.insert(0, "area_code", view["area"] or geographies.ENGLAND)
    table["gradient_method"] = ("SII across 10 population-weighted groups of areas ranked by "
                                "IMD 2025 average score; 95% CI from between-area variation")
    table = table.replace({np.nan: None})
    return {"content": table.to_csv(index=False), "type": "text/csv",
            "filename": f"preventive_services_{view['area'] or 'england'}.csv"}


@callback(
    Output(ids.PREVENTION_DOWNLOAD, "data"),
    Input(ids.PREVENTION_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.PREVENTION_GEOGRAPHY, "value"),
    State(ids.PREVENTION_AREA, "value"),
    State(ids.PREVENTION_MEASURE, "value"),
    prevent_initial_call=True,
)
def download_csv(_n, geography, area, measure):
    from dashboard.pages.prevention import resolve

    return csv_download(resolve({"geography": geography, "area": area, "measure": measure}))


push_query("/prevention", ids.PREVENTION_QUERY, ids.PREVENTION_URL_SINK)
