"""Investment case report: self-contained HTML that prints to one A4 page (the case,
its uncertainty, figures, assumptions and sources).

Modules
-------
figures
    The figures as display text, shared with the dashboard so the page and the report show
    the same figures for the chosen horizon with the same words: :func:`key_figures` (which
    also feeds :func:`lead_text`, the headline sentence), :func:`psa_figures`,
    :func:`psa_text`, :func:`assumption_rows` and :func:`discounting_text`.
document
    :func:`render_report`: a :class:`ReportInput` in, one HTML document out, with inline CSS
    (``style``) and the map as an inline SVG (``map_svg``: :class:`MapLayer`,
    :func:`svg_map`). It loads no external resource: no stylesheet, font, script or image is
    fetched; the sources are printed with their addresses.
citations
    :func:`short_source` ('Ettehad 2016') and :func:`short_citation` (first three authors).

Pure: no data access, no network. Every name is importable from ``planning.report``.
"""

from __future__ import annotations

from core.formatting import count_text, gbp_per_head_text
from planning.report.citations import short_citation, short_source
from planning.report.document import (
    PartnerLine,
    ReportInput,
    distribution_rows_html,
    render_report,
    tornado_html,
)
from planning.report.figures import (
    FIGURE_LABELS,
    AssumptionRow,
    KeyFigure,
    assumption_rows,
    discounting_text,
    figure_status,
    key_figures,
    lead_text,
    psa_figures,
    psa_text,
)
from planning.report.map_svg import MapLayer, svg_map

__all__ = [
    "FIGURE_LABELS",
    "AssumptionRow",
    "KeyFigure",
    "MapLayer",
    "PartnerLine",
    "ReportInput",
    "assumption_rows",
    "discounting_text",
    "distribution_rows_html",
    "figure_status",
    "count_text",
    "gbp_per_head_text",
    "key_figures",
    "lead_text",
    "psa_figures",
    "psa_text",
    "render_report",
    "short_citation",
    "short_source",
    "svg_map",
    "tornado_html",
]
