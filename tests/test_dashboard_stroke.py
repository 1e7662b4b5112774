"""Stroke pathway page: pure table logic and figures, then callbacks against the warehouse."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch

from dashboard import theme
from dashboard.pages.stroke import figures, pathway
from dashboard.pages.stroke import map as stroke_map
from tests.raw_cells import raw_cells

# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


BLACKBURN = "E06000008"
LANCS_ICB = "E54000048"  # Lancashire and South Cumbria ICB (holds Blackburn with Darwen)


def _meta(**kw) -> dict:
    base = {"indicator_id": "x", "name": "Test %", "unit": "%", "polarity": "higher_is_better",
            "role": "provision", "source": "Src", "licence": "Lic", "periods": ["2021", "2022"],
            "standard": None, "standard_source": None}
    return {**base, **kw}


# ---------------------------------------------------------------- table logic
def test_direction_is_a_test_on_the_ci_not_the_sign_of_the_gap():
    nan = float("nan")
    assert pathway.direction(60.0, 55.0, 65.0, 50.0, "higher_is_better") == "better"
    assert pathway.direction(40.0, 35.0, 45.0, 50.0, "higher_is_better") == "worse"
    assert pathway.direction(40.0, 35.0, 45.0, 50.0, "lower_is_better") == "better"
    assert pathway.direction(60.0, 55.0, 65.0, 50.0, "lower_is_better") == "worse"
    assert pathway.direction(60.0, 55.0, 65.0, 50.0, "no_judgement") == "higher"
    # the CI holds the reference: similar, whatever the sign of the gap
    assert pathway.direction(52.0, 48.0, 56.0, 50.0, "lower_is_better") == "similar"
    # no CI: not compared, however large the gap
    assert pathway.direction(60.0, nan, nan, 50.0, "lower_is_better") == "not compared"
    assert pathway.direction(50.0, 45.0, 55.0, None, "lower_is_better") == (  # type: ignore[arg-type]
        "not compared")
    assert pathway.direction(nan, 45.0, 55.0, 50.0, "lower_is_better") is None


def test_norfolk_high_blood_pressure_without_ci_is_not_worse():
    # measured (national build): Norfolk 19.63% against England's 19.52%, no CI
    hbp = pathway.pathway_row("Risk", _meta(name="High blood pressure", polarity="lower_is_better",
                                       role="need"),
                         {"value": 19.625944}, {"value": 19.524193},
                         indicator_id="high_blood_pressure_pct", period="2022")
    assert hbp["gap"] > 0 and hbp["direction"] == "not compared"
    admissions = pathway.pathway_row("Outcome", _meta(name="Admissions", polarity="lower_is_better",
                                                 unit="per 100,000"),
                                {"value": 199.9, "lower_95": 194.7, "upper_95": 205.3},
                                {"value": 143.3}, indicator_id="stroke_admissions_rate",
                                period="2022")
    frame = pd.DataFrame([hbp, admissions])
    text = pathway.headline(frame, "Norfolk")
    assert text.startswith("Norfolk is worse than the reference on 1 of 1 measures with a 95% "
                           "confidence interval: Admissions (")
    assert "High blood pressure" not in text
    assert text.endswith("; 1 not compared (no confidence interval, so no test against the "
                         "benchmark).")
    fig = figures.stage_figure(frame.assign(stage="Risk", status="ok"), pathway.STAGES[0], "Norfolk")
    names = {t.name for t in fig.data if t.name and t.name.startswith("Norfolk")}
    assert names == {"Norfolk: not compared (no confidence interval)",
                     "Norfolk: worse than England"}
    grey = [t for t in fig.data if t.name == "Norfolk: not compared (no confidence interval)"]
    assert grey[0].marker.color == theme.NOT_COMPARED


def test_parse_standard():
    assert np.isnan(pathway.parse_standard(None)[0])
    assert np.isnan(pathway.parse_standard(float("nan"))[0])
    assert pathway.parse_standard(20) == (20.0, "")
    assert pathway.parse_standard("20") == (20.0, "")
    value, text = pathway.parse_standard("see guidance")
    assert np.isnan(value) and text == "see guidance"


def test_row_with_standard_uses_the_standard():
    row = pathway.pathway_row("Acute care", _meta(standard=20.0, standard_source="NHS plan"),
                         {"value": 12.5, "lower_95": 11.0, "upper_95": 14.0},
                         {"value": 11.0}, indicator_id="x", period="2022")
    assert row["reference"] == "standard" and row["reference_value"] == 20.0
    assert row["gap"] == pytest.approx(-7.5)
    assert row["direction"] == "worse"
    assert pathway.gap_text(row) == "−7.50 percentage points"
    assert pathway.standard_text(row) == "20.0% (NHS plan)"
    assert pathway.stage_value_text(row) == "12.5% (95% CI 11.0–14.0)"


def test_row_without_standard_is_compared_with_england():
    row = pathway.pathway_row("Access", _meta(unit="minutes", polarity="lower_is_better"),
                         {"value": 12.0}, {"value": 19.5}, indicator_id="x", period="2022")
    assert row["reference"] == "England"
    assert row["gap"] == pytest.approx(-7.5)
    assert row["direction"] == "not compared"  # a modelled value without a CI
    assert pathway.standard_text(row) == "No national standard; compared with England"
    assert pathway.gap_text(row) == "−7.50 minutes"


def test_suppressed_area_value_is_no_data_not_zero():
    row = pathway.pathway_row("Outcome", _meta(), {"value": None, "is_suppressed": True},
                         {"value": 50.0}, indicator_id="x", period="2022")
    assert row["status"] == "no data"
    assert np.isnan(row["value"]) and np.isnan(row["gap"]) and row["direction"] is None
    assert pathway.stage_value_text(row) == "Suppressed (fewer than 5 events)"


def test_pathway_frame_latest_period_missing_indicators_and_af():
    cat = pd.DataFrame([_meta(indicator_id="smoking_pct", polarity="lower_is_better")]).set_index(
        "indicator_id", drop=False)
    values = pd.DataFrame({
        "indicator_id": ["smoking_pct"] * 4,
        "area_code": ["A", "A", "E92000001", "E92000001"],
        "period": ["2021", "2022", "2021", "2022"],
        "value": [30.0, 20.0, 25.0, 15.0],
    })
    frame = pathway.pathway_frame(values, cat, "A").set_index("indicator_id")
    assert list(frame["stage"].unique()) == ["Risk", "Prevention", "Access", "Acute care",
                                             "Outcome"]
    smoking = frame.loc["smoking_pct"]
    assert smoking["period"] == "2022" and smoking["value"] == 20.0
    assert smoking["england"] == 15.0 and smoking["direction"] == "not compared"
    assert frame.loc[pathway.AF_ROW, "status"] == "not available"
    assert frame.loc[pathway.AF_ROW, "note"] == pathway.AF_NOTE
    assert frame.loc["mt_within_30min_pct", "status"] == "not in warehouse"
    assert "Population within 30 minutes" in frame.loc["mt_within_30min_pct", "name"]
    assert set(pathway.PATHWAY_INDICATORS) >= {"ivt_within_30min_pct", "mt_within_45min_pct",
                                          "serving_unit_thrombectomy_rate_pct"}
    # QOF achievement (prevention stage) is published for ICBs only, and says so
    assert frame.loc["af_anticoagulated_qof_pct", "status"] == "not in warehouse"
    icb_only = pathway.pathway_row("Prevention", _meta(indicator_id="af_anticoagulated_qof_pct"),
                              {}, {"value": 90.6}, indicator_id="af_anticoagulated_qof_pct",
                              period="2024/25")
    assert icb_only["status"] == "no data" and icb_only["note"] == pathway.ICB_ONLY_NOTE


def test_headline_names_the_worse_measures():
    cat = pd.DataFrame([_meta(indicator_id="smoking_pct", name="Smoking",
                              polarity="lower_is_better")]).set_index("indicator_id", drop=False)
    values = pd.DataFrame({"indicator_id": ["smoking_pct"] * 2, "area_code": ["A", "E92000001"],
                           "period": ["2022", "2022"], "value": [20.0, 15.0],
                           "lower_95": [18.0, 14.9], "upper_95": [22.0, 15.1]})
    text = pathway.headline(pathway.pathway_frame(values, cat, "A"), "Area A")
    assert text == ("Area A is worse than the reference on 1 of 1 measures with a 95% "
                    "confidence interval: Smoking (+5.00 percentage points vs England).")
    no_ci = pathway.pathway_frame(values.drop(columns=["lower_95", "upper_95"]), cat, "A")
    assert pathway.headline(no_ci, "Area A") == (
        "Area A: no pathway measure can be tested against its reference; 1 not compared (no "
        "confidence interval, so no test against the benchmark).")


def test_serving_admissions_weights_by_share_and_skips_suppressed():
    serving = pd.DataFrame({"unit_kind": ["ivt", "ivt", "ivt", "mt"],
                            "admissions_2021_22_count": [1000.0, 500.0, np.nan, 2000.0],
                            "population_share_pct": [75.0, 20.0, 5.0, 100.0]})
    assert pathway.serving_admissions(serving) == pytest.approx((1000 * 75 + 500 * 20) / 95)
    assert np.isnan(pathway.serving_admissions(serving.iloc[0:0]))


# ---------------------------------------------------------------- figures
def test_travel_classes_and_scale():
    labels = stroke_map.travel_class(pd.Series([5.0, 14.9, 15.0, 29.96, 45.0, 60.0, 134.7, np.nan]))
    assert labels.tolist() == ["under 15", "under 15", "15–30", "30–45", "45–60", "60 or more",
                               "60 or more", None]
    scale = stroke_map.travel_colorscale()
    assert scale[0] == [0.0, stroke_map.TRAVEL_COLOURS[0]] and scale[-1] == [1.0, stroke_map.TRAVEL_COLOURS[-1]]
    # the first class ends just below 15 minutes on the 0-75 scale
    assert scale[1][0] == pytest.approx(14.95 / 75)
    style = stroke_map.surface_style(pd.DataFrame({"area_code": ["E01"], "ivt_minutes": [12.345],
                                           "mt_minutes": [np.nan]}), "mt")
    assert style["z"] == [None]
    assert style["colorbar"]["ticktext"] == list(stroke_map.TRAVEL_LABELS)


def test_fit_view_fits_the_area_and_its_serving_units():
    from dashboard.figures.map import view_for_bbox

    assert stroke_map.fit_view(None) == view_for_bbox(None)
    box = (-2.6, 53.6, -2.3, 53.8)
    small = stroke_map.fit_view(box)
    assert small["center"]["lon"] == pytest.approx(-2.45)
    assert small["center"]["lat"] == pytest.approx(53.7)
    # the box widened by 20%: 0.36 wide, 0.24 tall
    assert small["zoom"] == pytest.approx(view_for_bbox((-2.63, 53.58, -2.27, 53.82))["zoom"])
    units = pd.DataFrame({"longitude": [-2.3, np.nan], "latitude": [53.2, 50.0]})
    wider = stroke_map.fit_view(box, units)  # a unit to the south; the unit without a place is ignored
    assert wider["zoom"] < small["zoom"]
    assert wider["center"]["lat"] == pytest.approx(53.5)


def _units() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["U1", "U2", "U3"], "unit_name": ["One", "Two", "Three"],
        "is_ivt_unit": [True, True, False], "is_mt_centre": [True, False, False],
        "country": ["England"] * 3, "longitude": [-2.0, -1.0, 0.0], "latitude": [53.0] * 3,
        "admissions_2021_22_count": [900.0, np.nan, 100.0],
        "thrombolysis_2021_22_count": [100.0, np.nan, np.nan],
        "thrombolysis_rate_pct": [11.1, np.nan, np.nan],
        "ssnap_admissions_2023_24_count": [950.0, np.nan, np.nan],
        "thrombectomy_2023_24_count": [80.0, np.nan, np.nan],
        "thrombectomy_rate_2023_24_pct": [8.4, np.nan, np.nan],
        "mean_length_of_stay_2023_days": [10.2, np.nan, np.nan],
    })


def test_map_figure_offline_by_url_with_unit_layers():
    surface = pd.DataFrame({"area_code": ["E01A", "E01B"], "ivt_minutes": [10.04, np.nan],
                            "mt_minutes": [40.0, 50.0]})
    fig = stroke_map.stroke_map_figure("/geometry/lsoa21.geojson?v=1", surface, _units(),
                               area_geojson="/geometry/utla23.geojson?v=1", area_code="E06X")
    assert fig.layout.map.style == "white-bg"
    surf = fig.data[stroke_map.SURFACE]
    assert isinstance(surf, go.Choroplethmap) and surf.geojson.startswith("/geometry/lsoa21")
    assert list(surf.z) == [10.0, None]
    assert list(fig.data[stroke_map.NO_DATA_TRACE].locations) == ["E01B"]
    assert list(fig.data[stroke_map.OUTLINE].locations) == ["E06X"]
    assert fig.data[stroke_map.OUTLINE].geojson.startswith("/geometry/utla23")
    points = [t for t in fig.data if isinstance(t, go.Scattermap)]
    # plain circles only: any other symbol is a Maki icon fetched from a CDN
    assert all(t.marker.symbol in (None, "circle") for t in points)
    legend = {t.name for t in fig.data if t.showlegend is not False}
    assert {"Thrombolysis (IVT) unit", "Thrombectomy (MT) centre (also IVT)",
            "Stroke unit without thrombolysis", "Selected area",
            "Serves the selected area"} <= legend
    mt = next(t for t in points if t.name == "Thrombectomy (MT) centre (also IVT)" and t.text)
    assert "2021/22: 900 stroke admissions, thrombolysis 11.1%" in mt.text[0]
    assert "2023/24: 8.40% of admissions transferred for thrombectomy" in mt.text[0]
    assert "Mean length of stay 2023: 10.2 days" in mt.text[0]
    other = next(t for t in points if t.name == "Stroke unit without thrombolysis" and t.text)
    assert "thrombolysis rate suppressed or not published" in other.text[0]
    assert "geometry" not in json.dumps(fig.to_plotly_json()["data"][0]).replace(
        "/geometry/", "")


def test_stage_figure_shows_period_source_england_and_standard():
    row = pathway.pathway_row("Acute care", _meta(name="Thrombolysis rate", standard=20.0,
                                             standard_source="Plan"),
                         {"value": 12.0, "lower_95": 10.0, "upper_95": 14.0}, {"value": 11.0},
                         indicator_id="x", period="2022")
    missing = pathway.pathway_row("Acute care", None, {}, {}, indicator_id="y", period=None)
    acute = next(s for s in pathway.STAGES if s.key == "acute")
    fig = figures.stage_figure(pd.DataFrame([row, missing]), acute, "Area A")
    names = {t.name for t in fig.data if t.showlegend}
    assert {"England", "National standard", "Area A: worse than the standard"} <= names
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "Source: Src (2022)" in texts
    assert "does not hold y yet" in texts
    assert "2022 · %" in " ".join(str(t.y[0]) for t in fig.data if t.y)
    assert "Acute care" in fig.layout.title.text


# ---------------------------------------------------------------- against the warehouse
@pytest.mark.national
def test_resolve_defaults_and_repairs_stale_urls():
    from dashboard.pages.stroke.state import StrokeState

    assert StrokeState.resolve({}) == StrokeState("utla23", BLACKBURN)
    notes: list[str] = []
    assert StrokeState.resolve({"geography": "mars", "area": "nope"}, notes) == StrokeState(
        "utla23", BLACKBURN)
    assert len(notes) == 2
    assert StrokeState.resolve({"geography": "icb23"}) == StrokeState("icb23", LANCS_ICB)
    assert StrokeState.resolve({"geography": "region", "area": "E12000007"}).area == "E12000007"
    assert StrokeState.from_query("?geography=icb23&area=E54000048").to_query() == (
        "?geography=icb23&area=E54000048")


@pytest.mark.national
def test_canonical_query_only_for_whole_views():
    from dash import no_update

    from dashboard.pages.stroke import callbacks as cb

    assert cb.canonical_query("icb23", LANCS_ICB) == f"?geography=icb23&area={LANCS_ICB}"
    # the geography changed, the area control still holds the county: not a view to push
    assert cb.canonical_query("icb23", BLACKBURN) is no_update
    assert cb.canonical_query("mars", BLACKBURN) is no_update


@pytest.mark.national
def test_area_view_click_and_geography_change_keep_the_place():
    from dashboard.pages.stroke import callbacks as cb

    click = {"points": [{"location": "E01012571"}]}  # an LSOA in Blackburn with Darwen
    assert cb.area_view(click, "utla23", "E08000001", "stroke-map") == BLACKBURN
    assert cb.area_view(click, "lsoa21", None, "stroke-map") == "E01012571"
    unit_click = {"points": [{"lon": -2.0, "lat": 53.0}]}
    assert cb.area_view(unit_click, "utla23", "E08000001", "stroke-map") == "E08000001"
    assert cb.area_view(None, "icb23", BLACKBURN, "stroke-geography") == LANCS_ICB
    assert cb.area_view(None, "utla23", None, "stroke-geography") == BLACKBURN


@pytest.mark.national
def test_map_view_full_figure_once_then_patches():
    from dashboard.pages.stroke import callbacks as cb

    fig, drawn = cb.map_view("utla23", BLACKBURN, "ivt", None)
    assert isinstance(fig, go.Figure) and drawn == {"target": "ivt"}
    assert len(fig.data[stroke_map.SURFACE].locations) == 33_755
    assert fig.data[stroke_map.SURFACE].geojson.startswith("/geometry/lsoa21.geojson?v=")
    assert fig.data[stroke_map.OUTLINE].geojson.startswith("/geometry/utla23.geojson?v=")
    assert -2.6 < fig.layout.map.center.lon < -2.3 and 53.6 < fig.layout.map.center.lat < 53.8
    assert sum(len(t.lon) for t in fig.data if t.name == "Thrombolysis (IVT) unit") > 50
    payload = len(fig.to_json())
    assert payload < 1_000_000  # values only: polygons come from the geometry URL

    patch, _ = cb.map_view("icb23", LANCS_ICB, "ivt", drawn, "stroke-area")
    assert isinstance(patch, Patch)
    ops = patch.to_plotly_json()["operations"]
    touched = {tuple(op["location"]) for op in ops}
    assert ("layout", "map", "zoom") in touched
    assert ("data", stroke_map.OUTLINE, "locations") in touched
    assert not any(loc[-1] == "z" and loc[1] == stroke_map.SURFACE for loc in touched)
    assert len(json.dumps(patch.to_plotly_json())) < 5_000

    patch, drawn2 = cb.map_view("icb23", LANCS_ICB, "mt", drawn, "stroke-travel-target")
    ops = patch.to_plotly_json()["operations"]
    assert ("data", stroke_map.SURFACE, "z") in {tuple(op["location"]) for op in ops}
    assert drawn2 == {"target": "mt"}


def test_pathway_view_for_blackburn():
    from dashboard.data import indicators
    from dashboard.data import stroke as sq
    from dashboard.pages.stroke import callbacks as cb

    headline, *figs, table, provenance = cb.pathway_view("utla23", BLACKBURN)
    assert len(figs) == len(pathway.STAGES) == 5
    assert all(isinstance(f, go.Figure) for f in figs)
    access = figs[[s.key for s in pathway.STAGES].index("access")]
    texts = " ".join(a.text for a in access.layout.annotations)
    assert "SAMueL" in texts and "2022" in texts
    frame = cb.pathway_frame("utla23", BLACKBURN).set_index("indicator_id")
    ivt = frame.loc["ivt_minutes_mean"]
    assert ivt["period"] == "2022" and ivt["status"] == "ok"
    # shorter than England's mean, but modelled without a CI: not compared
    assert ivt["england"] > ivt["value"] and ivt["direction"] == "not compared"
    assert frame.loc[pathway.AF_ROW, "note"] == pathway.AF_NOTE
    assert "Blackburn with Darwen" in str(provenance)
    assert "No area-level AF detection data in the shipped sources" in str(table)
    # the reference is the catalogue's standard where it states one, else England
    cat = indicators.catalogue()
    for rid, row in frame.iterrows():
        if rid in cat.index and "standard" in cat.columns and pd.notna(cat.loc[rid, "standard"]):
            assert row["reference"] == "standard"
            assert row["reference_value"] == cat.loc[rid, "standard"]
        elif row["status"] == "ok":
            assert row["reference"] == "England"
    # the serving units' admissions: a share-weighted mean of the serving IVT units
    adm = frame.loc[pathway.SERVING_ADMISSIONS]
    serving = sq.serving_units("utla23", BLACKBURN)
    ivt = serving.loc[serving["unit_kind"] == "ivt", "admissions_2021_22_count"]
    if not ivt.empty:
        assert ivt.min() <= adm["value"] <= ivt.max()
        assert adm["period"] == "2021/22" and adm["england"] > 0


def test_pathway_csv_has_provenance_columns():
    from dashboard.pages.stroke import callbacks as cb

    out = cb.pathway_csv("utla23", BLACKBURN)
    frame = pd.read_csv(io.StringIO(out["content"]))
    assert {"period", "source", "licence", "lower_95", "upper_95", "england_value",
            "standard", "standard_source", "reference", "gap", "direction",
            "note"} <= set(frame.columns)
    assert len(frame) == sum(len(s.rows) for s in pathway.STAGES)
    assert out["filename"] == "stroke_pathway_utla23_E06000008.csv"


def test_units_table_and_csv_apply_suppression():
    from dashboard.pages.stroke import callbacks as cb

    out = cb.units_csv("utla23", BLACKBURN)
    frame = pd.read_csv(io.StringIO(out["content"]))
    assert {"periods", "source", "licence", "thrombolysis_rate_lower_95",
            "suppression_note"} <= set(frame.columns)
    for col in ("admissions_2021_22_count", "thrombolysis_2021_22_count",
                "ssnap_admissions_2023_24_count", "thrombectomy_2023_24_count"):
        counts = frame[col].dropna()
        assert (counts >= pathway.MIN_COUNT).all()
    view = str(cb.units_view("utla23", BLACKBURN))
    assert not frame.empty
    assert set(frame["unit_kind"]) <= {"ivt", "mt"}
    assert "Royal Blackburn" in view
    # attribution from the build's source_attribution table: SSNAP material, not OGL
    assert "SAMueL project" in view and "not OGL" in view
    assert (frame["licence"].str.contains("not OGL")).all()


def test_all_units_suppressed_below_five_in_the_warehouse():
    from dashboard.data import stroke as sq

    raw = sq._units(sq._key())  # as the warehouse holds it
    units = sq.stroke_units()  # as every view reads it: the same table, nothing recomputed
    pd.testing.assert_frame_equal(raw, units)
    # the shipped list has units whose counts were blanked, each saying why
    blanked = units["admissions_2021_22_count"].isna() | units["thrombolysis_rate_pct"].isna()
    assert blanked.any()
    assert units.loc[units["suppression_note"] != "", "suppression_note"].str.startswith(
        "Suppressed: ").all()
    for count in ("admissions_2021_22_count", "thrombolysis_2021_22_count",
                  "ssnap_admissions_2023_24_count", "thrombectomy_2023_24_count"):
        shown = units[count].dropna()
        assert (shown >= pathway.MIN_COUNT).all(), count
    # limits only where the rate and both its counts are shown
    has_ci = units["thrombolysis_rate_lower_95"].notna()
    assert units.loc[has_ci, ["thrombolysis_2021_22_count", "admissions_2021_22_count",
                              "thrombolysis_rate_pct"]].notna().all(axis=None)


def test_unit_hover_on_the_map_shows_no_rate_from_fewer_than_five_patients():
    """Wexham Park Hospital (SL24HL): 1 of 154 admissions thrombolysed in 2021/22 (0.6%) and 2
    thrombectomy transfers of 75 in 2023/24: the map's hover shows neither rate."""
    from dashboard.pages.stroke import callbacks as cb

    con = raw_cells()  # the unsuppressed counts, rebuilt from the sources (not in the warehouse)
    try:
        raw = con.sql("select unit_code, u.thrombolysis_2021_22_count, a.thrombectomy_2023_24_count"
                      " from stg_ssnap__stroke_units as u"
                      " left join int_stroke_unit_activity as a using (unit_code)"
                      ).df().set_index("unit_code")
    finally:
        con.close()
    small_ivt = raw.index[raw["thrombolysis_2021_22_count"].between(1, pathway.MIN_COUNT - 1)]
    small_mt = raw.index[raw["thrombectomy_2023_24_count"].between(1, pathway.MIN_COUNT - 1)]
    assert "SL24HL" in small_ivt and "SL24HL" in small_mt and len(small_mt) >= 7
    fig, _ = cb.map_view("utla23", None, "ivt", None)
    hovers = [t for trace in fig.to_plotly_json()["data"] for t in (trace.get("text") or [])
              if isinstance(t, str) and "<b>" in t]
    by_code = {code: hover for code in [*small_ivt, *small_mt]
               for hover in hovers if f"({code}," in hover}
    for code in small_ivt:
        if code in by_code:
            assert "thrombolysis rate suppressed" in by_code[code], by_code[code]
    for code in small_mt:
        if code in by_code:
            assert "of admissions transferred" not in by_code[code], by_code[code]
    assert "SL24HL" in by_code and "0.6%" not in by_code["SL24HL"]
    assert "fewer than 5 patients" in by_code["SL24HL"], by_code["SL24HL"]


def test_page_layout_opens_on_a_default_area():
    from app import create_app

    create_app()
    from dashboard.pages import stroke as page

    text = str(page.layout())
    assert "Blackburn with Darwen (E06000008)" in text
    stale = str(page.layout(geography="region", area="E06000008"))
    assert "value='E12000002'" in stale  # North West: the region holding Blackburn


@pytest.mark.national
def test_norfolk_counts_only_measures_with_a_ci():
    from dashboard.pages.stroke import callbacks as cb

    norfolk = "E10000020"
    frame = cb.pathway_frame("utla23", norfolk).set_index("indicator_id")
    # Health Index smoking: a value without a CI is not compared, whatever its gap
    smoking = frame.loc["smoking_pct"]
    assert pd.isna(smoking["lower_95"]) and smoking["direction"] == "not compared"
    # QOF recorded hypertension (OHID's county figure) has a CI, so it is tested
    assert frame.loc["hypertension_qof_pct", "lower_95"] > 0
    # every verdict other than "not compared" comes from a CI
    tested = frame[frame["direction"].isin(["better", "similar", "worse", "higher", "lower"])]
    assert tested["lower_95"].notna().all() and tested["upper_95"].notna().all()
    untested = frame[frame["direction"] == "not compared"]
    assert (untested["lower_95"].isna() | untested["reference_value"].isna()).all()
    headline, *_ = cb.pathway_view("utla23", norfolk)
    strip = [" ".join(str(c) for c in li.children[2:]) for li in headline[0].children]
    risk = frame[(frame["stage"] == "Risk") & (frame["status"] == "ok")]
    assert strip[0].endswith(f"{(risk['direction'] == 'not compared').sum()} not compared")
    text = headline[1].children
    assert "High blood pressure" not in text
    n_tested, n_untested = len(tested), len(untested)
    assert f"of {n_tested} measures with a 95% confidence interval" in text
    assert f"; {n_untested} not compared (no confidence interval" in text


def test_prevention_stage_for_an_icb_shows_qof_achievement_with_cis():
    from dashboard.pages.stroke import callbacks as cb

    frame = cb.pathway_frame("icb23", "E54000048").set_index("indicator_id")
    for rid in ("af_anticoagulated_qof_pct", "bp_to_target_79_under_qof_pct",
                "bp_to_target_80_over_qof_pct"):
        row = frame.loc[rid]
        assert row["stage"] == "Prevention" and row["period"] == "2024/25"
        assert row["status"] == "ok" and row["lower_95"] < row["value"] < row["upper_95"]
        assert "Quality and Outcomes Framework" in row["source"]
    council = cb.pathway_frame("utla23", BLACKBURN).set_index("indicator_id")
    assert council.loc["af_anticoagulated_qof_pct", "note"] == pathway.ICB_ONLY_NOTE
    assert council.loc["hypertension_qof_pct", "status"] == "ok"
