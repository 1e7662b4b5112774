"""Legibility defects of issue #14 (item 6), checked on the pure builders: gaps map classes
against "no index", prevention at England level, stroke value labels, the investment case's
events figures, SII in the most-deprived-fifth mode, the report's map and scenario link."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.formatting import value_text
from dashboard import theme
from dashboard.pages.gaps.components import no_index_key
from dashboard.pages.gaps.figures import access_sii_figure, gap_map


def _luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _is_grey(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) < 12


# -- gaps page -----------------------------------------------------------------------------

def test_low_low_class_is_far_from_no_index_in_lightness():
    low_low = theme.BIVARIATE_COLOURS[0][0]
    # told apart by lightness alone (any colour vision, greyscale): WCAG contrast of at least 3
    assert _contrast(low_low, theme.GAPS_NO_INDEX) >= 3
    # "no index" is the only neutral dark grey: no class colour is a grey as dark as it
    classes = [c for row in theme.BIVARIATE_COLOURS for c in row]
    assert theme.GAPS_NO_INDEX not in classes
    assert not [c for c in classes if _is_grey(c) and _contrast(c, theme.GAPS_NO_INDEX) < 3]


def _areas_and_table():
    areas = pd.DataFrame({"area_code": ["A", "B", "C"], "area_name": ["a", "b", "c"]})
    table = pd.DataFrame({"need_index": [1.0, np.nan, -1.0],
                          "coverage_index": [-1.0, np.nan, 1.0],
                          "bivariate_class": [6.0, np.nan, 2.0], "label": ["p", None, "q"],
                          "population": [100, 200, 300], "priority_rank": [1, np.nan, np.nan]},
                         index=pd.Index(["A", "B", "C"], name="area_code"))
    return areas, table


def test_gap_map_draws_areas_without_index_in_the_no_index_grey_under_opaque_classes():
    areas, table = _areas_and_table()
    fig = gap_map(areas, table, theme_name="Stroke", geojson="/geometry/utla23.geojson")
    background, data = fig.data[0], fig.data[1]
    assert background.name == "No index"
    assert {c for _, c in background.colorscale} == {theme.GAPS_NO_INDEX}
    assert data.z[1] is None  # the no-index area shows the background
    assert data.marker.opacity == 1  # the grey does not tint the classes


def test_gaps_legend_has_a_no_index_entry_in_the_map_colour():
    key = no_index_key()
    swatch, words = key.children
    assert swatch.style["background"] == theme.GAPS_NO_INDEX
    assert "No index" in words


def test_access_sii_axis_title_and_labels_fit():
    table = pd.DataFrame({
        "name": ["Population within 30 minutes of a thrombolysis unit",
                 "Thrombolysis rate of the nearest thrombolysis unit"],
        "unit": ["% of population", "% of stroke admissions"], "sii": [-5.2, 0.7],
        "sii_lower": [np.nan, np.nan], "sii_upper": [np.nan, np.nan],
        "follows_need": [None, None], "gradient": ["", ""]})
    fig = access_sii_figure(table, "England")
    assert fig.layout.xaxis.automargin is True
    assert fig.layout.margin.b >= 60  # room for the two-line axis title
    # long labels are wrapped, so the bars and the axis title keep their width
    assert all(len(line) <= 40 for label in fig.data[0].y for line in label.split("<br>"))
    assert all(len(line) <= 40 for line in fig.layout.xaxis.title.text.split("<br>"))


# -- prevention page at England level ------------------------------------------------------

def _prevention_rows(england_level: bool) -> pd.DataFrame:
    value = 22.1
    return pd.DataFrame([{
        "name": "NHS Health Checks offered", "role": "provision", "period": "2023/24",
        "value": value, "lower_95": 22.0, "upper_95": 22.2, "england": 22.1,
        "standard": np.nan, "standard_source": "", "gap": np.nan if england_level else 0.0,
        "gap_to": None if england_level else "England",
        "compared": None if england_level else "similar", "coverage_note": "England-wide",
        "sii": np.nan, "sii_lower": np.nan, "sii_upper": np.nan, "gradient": ""}])


def test_prevention_figure_at_england_level_has_one_england_entry():
    from dashboard.pages.prevention.figures import measures_figure

    fig = measures_figure(_prevention_rows(True), "England", england_level=True)
    assert [t.name for t in fig.data].count("England") == 1
    assert "against England" not in fig.layout.title.text
    area = measures_figure(_prevention_rows(False), "Blackburn with Darwen")
    assert [t.name for t in area.data] == ["Blackburn with Darwen", "England"]


def test_prevention_table_at_england_level_compares_nothing_with_england():
    from dashboard.pages.prevention.components import measures_table, provenance_note

    text = str(measures_table(_prevention_rows(True), england_level=True))
    assert "England: no comparison" in text
    assert "points vs England" not in text and "compared with England" not in text
    assert "not compared with itself" in str(provenance_note("England", [], england_level=True))


# -- stroke page: value labels beside the dot, clear of England and the standard -------------

def _label_box(position: str, value: float, text: str, xrange: list[float]):
    """The label's horizontal extent in axis units (at the figure's assumed plot width), or
    None when no label is drawn."""
    from dashboard.pages.stroke.figures import PLOT_PX

    px = (xrange[1] - xrange[0]) / PLOT_PX
    width = (7 * len(text) + 4) * px
    if position == "":
        return None
    if position == "middle right":
        return value + 9 * px, value + 9 * px + width
    if position == "middle left":
        return value - 9 * px - width, value - 9 * px
    assert position == "top center"
    return value - width / 2, value + width / 2


CASES = [  # (value, England, standard, axis): measured rows of the Blackburn stroke page
    (14.3, 14.4, None, [0, 100]), (1.64, 2.13, None, [0, 100]), (15.5, 13.0, 5.0, [0, 100]),
    (10.8, 10.9, 20.0, [0, 100]), (5.28, 3.26, 10.0, [0, 100]), (767.0, 860.0, None, [0, 990]),
    (100.0, 98.7, None, [0, 100]), (100.0, 89.0, None, [0, 100]), (12.3, 19.5, None, [0, 22.4]),
]


def test_stroke_value_labels_cover_no_marker_and_stay_inside_the_chart():
    from dashboard.pages.stroke.figures import PLOT_PX, RIGHT_ROOM_PX, label_position

    for value, england, standard, xrange in CASES:
        text = value_text(value, "%")
        position = label_position(value, [england, standard], xrange, text)
        box = _label_box(position, value, text, xrange)
        if box is None:
            continue
        px = (xrange[1] - xrange[0]) / PLOT_PX
        for ref in (england, standard):
            if ref is not None:  # the marker (about 4 px either side) is outside the label
                assert ref + 4 * px <= box[0] or ref - 4 * px >= box[1], (value, ref, position)
        assert box[0] >= xrange[0] and box[1] <= xrange[1] + RIGHT_ROOM_PX * px


def test_stroke_stage_figure_puts_labels_beside_the_dot():
    from dashboard.pages.stroke import pathway
    from dashboard.pages.stroke.figures import stage_figure

    meta = {"name": "Thrombolysis rate", "unit": "%", "polarity": "higher_is_better",
            "role": "provision", "source": "Src", "licence": "OGL", "periods": ["2022"],
            "standard": None, "standard_source": None}
    row = pathway.pathway_row("Acute care", meta, {"value": 10.8, "lower_95": 9.0,
                                                   "upper_95": 12.5}, {"value": 10.9},
                              indicator_id="x", period="2022")
    acute = next(s for s in pathway.STAGES if s.key == "acute")
    fig = stage_figure(pd.DataFrame([row]), acute, "Area A")
    area = next(t for t in fig.data if t.mode == "markers+text")
    assert area.textposition in ("middle right", "middle left")  # never above, on England
    assert area.text[0] == "10.8%"
