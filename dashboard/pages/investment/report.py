"""The investment case report's inputs from the warehouse: the partner map as simplified
geometries and the data sources used, beside the report lines of :mod:`planning.case.lines`;
:func:`report_input` is what :func:`planning.report.render_report` draws."""

from __future__ import annotations

from datetime import date

from dashboard import theme
from dashboard.data import indicators
from dashboard.data.investment import geometries
from dashboard.pages.investment.state import InvestmentState
from planning import case as case_model
from planning.case import Case
from planning.report import MapLayer


def map_layers(case: Case) -> tuple[MapLayer, ...]:
    """The partner map as simplified WGS84 geometries for the report's inline SVG, fitted to
    every layer (the chosen areas, the councils and the NHS bodies, all whole)."""
    import shapely

    m = case.map
    bbox = m.bbox or (-6.0, 49.9, 2.0, 55.9)
    tolerance = max(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 700

    def shapes(geography: str, codes: tuple[str, ...]) -> tuple[dict, ...]:
        if not codes:
            return ()
        frame = geometries(geography, list(codes))
        geoms = shapely.from_wkb(frame["geometry_wkb"].map(bytes).to_numpy())
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
        return tuple(shapely.geometry.mapping(g) for g in simple if not g.is_empty)

    nhs_label = "ICB" if m.nhs_geography == "icb23" else "Sub-ICB"
    return (
        MapLayer("Chosen", shapes(m.unit_geography, m.unit_codes),
                 fill=theme.INVESTMENT_UNIT_FILL, stroke=theme.BACKGROUND, stroke_width=0.3),
        MapLayer(nhs_label, shapes(m.nhs_geography, m.nhs_codes), fill="none",
                 stroke=theme.INVESTMENT_NHS_LINE, stroke_width=2.2),
        MapLayer("Council", shapes("utla23", m.council_codes), fill="none",
                 stroke=theme.INVESTMENT_COUNCIL_LINE, stroke_width=0.9),
    )


def data_sources(case: Case) -> tuple[str, ...]:
    """One line per warehouse input used: indicator, period, source and licence."""
    cat = indicators.catalogue()
    lines = []
    for ind, period in case.populations.periods.items():
        if ind in cat.index:
            meta = cat.loc[ind]
            lines.append(f"{meta['name']} ({ind}), {period}: {meta['source']}; "
                         f"{meta['licence']}.")
    lines.append("Residents and partner overlaps: ONS Census 2021 usual residents by 2021 LSOA "
                 "and ONS lookups and boundaries (2021 LSOA, April 2023 councils and ICBs); "
                 "Open Government Licence v3.0.")
    if case.selection.mode == "deprived" or case.sii is not None:
        lines.append("Deprivation: English Indices of Deprivation 2025 (MHCLG), national "
                     "deciles of 2021 LSOAs; Open Government Licence v3.0.")
    return tuple(lines)


def report_input(case: Case, *, prepared: date | None = None, base_url: str = ""):
    """The :class:`planning.report.ReportInput` of a case (reads the boundaries for the map).

    ``base_url`` is the address the app is served from (``flask.request.host_url``, e.g.
    'https://atlas.example/'): the report's scenario link is that plus the page's path and
    query, so it opens on its own."""
    from planning.report import ReportInput

    iv = case.intervention
    notes = [*case.populations.notes, *case.populations.observed]
    if case.target.target_pct == case.target.current_pct:
        notes.append("The target is not above current coverage: nothing changes.")
    return ReportInput(
        title=f"Investment case: {iv.name}",
        prepared=prepared or date.today(),
        areas=case.selection.label,
        areas_detail=case.selection.description,
        intervention=iv,
        scenario=case.scenario,
        result=case.result,
        populations=case_model.population_lines(case),
        target_text=case.target.text,
        sii=case.sii,
        sii_note=case.sii_note,
        partners=case_model.partner_lines(case),
        split_text=case_model.split_text(case),
        split_error=case.split_error,
        extra_assumptions=case_model.extra_assumptions(case),
        data_sources=data_sources(case),
        map_layers=map_layers(case),
        link=base_url.rstrip("/") + InvestmentState(**case.state).link(),
        notes=tuple(notes),
        psa=case.psa,
    )
