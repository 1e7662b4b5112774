"""Investment case page: URL and JSON state, the case on the real warehouse, and the callback
functions (outputs, report and scenario downloads, upload)."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from datetime import date

import pytest
from dash import no_update

from core.formatting import count_text, gbp_per_head_text
from dashboard.data import indicators, warehouse
from dashboard.pages.investment import case as view  # compute: the case on the app's warehouse
from dashboard.pages.investment import components, inputs, outputs
from dashboard.pages.investment.report import report_input
from dashboard.pages.investment.scenario_values import shown_value
from dashboard.pages.investment.state import FILE_KIND, FILE_VERSION, InvestmentState, decode_upload
from planning import case as case_model
from planning import report
from planning.interventions import CATALOGUE_BY_ID

LANCASHIRE, BLACKPOOL, LSC_ICB = "E10000017", "E06000009", "E54000048"
# National data only where the test needs it (marked); the rest run on the mini warehouse.
pytestmark = pytest.mark.usefixtures("dashboard_warehouse")


RESOURCE = re.compile(r"""(?:\bsrc\s*=|<link\b|@import|url\(|<script\b|\bhref\s*=)""", re.I)


@pytest.fixture(autouse=True)
def _fresh_caches():
    warehouse.clear_caches()
    yield
    warehouse.clear_caches()


def _state(**params) -> InvestmentState:
    return InvestmentState.resolve(params)


def _data_url(text: str) -> str:
    return "data:application/json;base64," + base64.b64encode(text.encode()).decode()


# ---------------------------------------------------------------------------
# state: URL and JSON
# ---------------------------------------------------------------------------

STATES = [
    {},
    {"mode": "areas", "geo": "ltla24", "areas": ["E07000117", "E07000120"],
     "iv": "smoking_cessation", "rule": "uplift_pp", "uplift": 2.5, "horizon": 5, "rate": 1.5,
     "cur": 4.0, "elig": 12.5, "nhs": "sicbl23"},
    {"mode": "priority", "theme": "prevention", "pgeo": "ltla24", "within": "utla23",
     "parent": LANCASHIRE, "iv": "hypertension_treatment",
     "ovr": {"effect": [0.2, 0.25, 0.3], "unit_cost": [50, 50, 50]}},
    {"mode": "deprived", "dgeo": "utla23", "darea": BLACKPOOL, "iv": "thrombolysis_rate",
     "rule": "best_quintile", "split": "agreed", "agreed": {BLACKPOOL: 60.0, LSC_ICB: 40.0}},
]


@pytest.mark.parametrize("params", STATES)
@pytest.mark.national
def test_url_round_trip(params):
    state = _state(**params)
    query = state.to_query()
    assert query.startswith("?mode=")
    assert InvestmentState.resolve(InvestmentState.parse_query(query)) == state
    # the page layout takes the same parameters as keyword arguments
    assert InvestmentState.resolve(dict(InvestmentState.parse_query(query))) == state


# the links the page wrote before its state became an InvestmentState (byte for byte)
QUERIES = [
    "?mode=areas&geo=utla23&areas=E10000017&iv=nhs_health_check&rule=uplift_pp&uplift=5"
    "&horizon=10&rate=3.5&nhs=icb23&split=population",
    "?mode=areas&geo=ltla24&areas=E07000117,E07000120&iv=smoking_cessation&rule=uplift_pp"
    "&uplift=2.5&horizon=5&rate=1.5&cur=4&elig=12.5&nhs=sicbl23&split=population",
    "?mode=priority&theme=prevention&pgeo=ltla24&within=utla23&parent=E10000017"
    "&iv=hypertension_treatment&rule=uplift_pp&uplift=5&horizon=10&rate=3.5"
    "&ovr=unit_cost:50:50:50,effect:0.2:0.25:0.3&nhs=icb23&split=population",
    "?mode=deprived&dgeo=utla23&darea=E06000009&iv=thrombolysis_rate&rule=best_quintile"
    "&horizon=10&rate=3.5&nhs=icb23&split=agreed&agreed=E06000009:60,E54000048:40",
]


@pytest.mark.parametrize(("params", "query"), list(zip(STATES, QUERIES, strict=True)))
@pytest.mark.national
def test_query_is_the_one_the_page_always_wrote(params, query):
    state = _state(**params)
    assert state.to_query() == query
    assert state.link() == "/investment" + query
    assert InvestmentState.from_query(query) == state


@pytest.mark.national
def test_blank_areas_stay_blank_and_unused_keys_are_left_out():
    # "areas=" is no areas (not the default Lancashire), and survives a round trip
    state = _state(mode="areas", geo="utla23", areas="")
    assert state.areas == []
    query = state.to_query()
    assert query == ("?mode=areas&geo=utla23&areas=&iv=nhs_health_check&rule=uplift_pp"
                     "&uplift=5&horizon=10&rate=3.5&nhs=icb23&split=population")
    assert InvestmentState.from_query(query) == state
    assert _state(mode="deprived", dgeo="ltla24").to_query() == (
        "?mode=deprived&dgeo=ltla24&iv=nhs_health_check&rule=uplift_pp&uplift=5&horizon=10"
        "&rate=3.5&nhs=icb23&split=population")


@pytest.mark.national
def test_scenario_file_is_the_one_the_page_always_wrote():
    state = _state(**STATES[3])
    text = state.to_json(saved=date(2026, 1, 31))
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "629911f041de1327b9cfdcc187aadad63b5cd19c96121326eec4c3679b066075")
    assert json.loads(text)["scenario"] == state.as_dict() == {
        **case_model.DEFAULT, "mode": "deprived", "darea": BLACKPOOL, "iv": "thrombolysis_rate",
        "rule": "best_quintile", "split": "agreed", "agreed": {BLACKPOOL: 60.0, LSC_ICB: 40.0}}


@pytest.mark.parametrize("params", STATES)
def test_scenario_json_round_trip(params):
    state = _state(**params)
    text = state.to_json(saved=date(2026, 1, 31))
    doc = json.loads(text)
    assert doc["kind"] == FILE_KIND and doc["version"] == FILE_VERSION
    assert doc["saved"] == "2026-01-31" and doc["link"] == "/investment" + state.to_query()
    assert InvestmentState.from_json(text) == state
    assert InvestmentState.from_json(decode_upload(_data_url(text))) == state


def test_resolve_repairs_a_stale_url_and_says_what_it_changed():
    problems: list[str] = []
    state = InvestmentState.resolve({"mode": "areas", "geo": "utla23", "areas": "E10000017,E99999999",
                          "iv": "nope", "horizon": "7", "rate": "-1", "uplift": "x",
                          "ovr": "effect:0.9:0.1:0.2,zzz:1", "cur": "150"}, problems)
    assert state["areas"] == [LANCASHIRE]
    assert state["iv"] == case_model.DEFAULT["iv"] and state["horizon"] == 10
    assert state["rate"] == 3.5 and state["uplift"] == 5.0 and state["cur"] is None
    joined = " | ".join(problems)
    for text in ("area codes not found in utla23: E99999999", "iv 'nope'",
                 "horizon must be 5 or 10", "discount rate must be a percentage",
                 "uplift must be a number", "'zzz' is not a figure of nhs_health_check",
                 "current coverage must be a percentage"):
        assert text in joined
    # an out-of-order edited figure is kept: compute reports it (the user typed it)
    assert state["ovr"] == {"effect": [0.9, 0.1, 0.2]}
    with pytest.raises(ValueError, match="Edited figures: .*need low <= central <= high"):
        view.compute(state)


def test_keys_of_another_mode_are_not_kept():
    state = _state(mode="deprived", dgeo="utla23", darea=BLACKPOOL, geo="ltla24",
                   areas="E07000117")
    assert state["geo"] == case_model.DEFAULT["geo"] and state["areas"] == case_model.DEFAULT["areas"]
    assert "areas=" not in state.to_query()


@pytest.mark.parametrize("text,message", [
    ("{not json", "Not a valid JSON file: Expecting property name"),
    (json.dumps({"kind": "something else"}), "Not an investment scenario file"),
    (json.dumps({"kind": FILE_KIND, "version": 99}), "Unsupported scenario file version 99"),
    (json.dumps({"kind": FILE_KIND, "version": 1}), 'no "scenario" object'),
    (json.dumps({"kind": FILE_KIND, "version": 1,
                 "scenario": {"mode": "areas", "areas": "E10000017", "horizon": "10",
                              "colour": "red"}}),
     "unknown field 'colour'; field 'areas' has the wrong type (str); field 'horizon' has "
     "the wrong type (str)"),
    (json.dumps({"kind": FILE_KIND, "version": 1,
                 "scenario": {"mode": "areas", "geo": "utla23", "areas": ["E00000000"],
                              "iv": "teleport"}}),
     "area codes not found in utla23: E00000000; iv 'teleport' is not one of"),
])
def test_bad_scenario_files_are_refused_with_a_clear_message(text, message):
    with pytest.raises(ValueError) as err:
        InvestmentState.from_json(text)
    assert message in str(err.value)


def test_upload_view_opens_good_files_and_explains_bad_ones():
    state = _state(iv="af_anticoagulation", cur=70.0)
    href, message = outputs.upload_view(_data_url(state.to_json()), "mine.json")
    assert href == "/investment" + state.to_query()
    assert "Opened mine.json" in str(message)
    href, message = outputs.upload_view(_data_url("[1, 2]"), "list.json")
    assert href is no_update and "Could not open list.json: Not an investment scenario" in str(
        message)
    href, message = outputs.upload_view("data:application/octet-stream;base64,//79", "x.bin")
    assert href is no_update and "not a UTF-8 text (JSON) file" in str(message)
    assert outputs.upload_view(None, None) == (no_update, "")


# ---------------------------------------------------------------------------
# the case on the warehouse
# ---------------------------------------------------------------------------


@pytest.mark.national
def test_health_check_in_lancashire_from_published_counts():
    case = view.compute(_state(geo="utla23", areas=[LANCASHIRE], iv="nhs_health_check",
                               rule="uplift_pp", uplift=5))
    p = case.populations
    row = warehouse.read_frame(
        f"select count, denominator, value, period from ({indicators.AREA_TOTALS_SQL}) "
        "where indicator_id = 'nhs_health_check_offered_pct' and area_code = ? "
        "order by period desc limit 1", [LANCASHIRE]).iloc[0]
    assert p.total == indicators.areas("utla23").set_index("area_code").loc[LANCASHIRE,
                                                                           "population"]
    assert p.eligible == pytest.approx(row["denominator"])  # OHID eligible population
    assert p.current_pct == pytest.approx(row["value"])
    assert p.eligible_status == p.current_status == "data"
    assert case.target.target_pct == pytest.approx(row["value"] + 5)
    take_up = CATALOGUE_BY_ID["nhs_health_check"].take_up.central
    assert case.result.people_reached_per_year == pytest.approx(row["denominator"] * 0.05
                                                                * take_up)
    assert p.observed == (f"NHS Health Checks offered (40-74) count {row['period']}: "
                          f"{row['count']:,.0f}",)
    assert case.sii is None and "no decile breakdown, so no SII" in case.sii_note
    # partners: the county council and its ICB, by Census 2021 residents
    kinds = {(r.code, r.kind): r.population for r in case.partners}
    assert kinds == {(LANCASHIRE, "council"): p.total, (LSC_ICB, "icb"): p.total}
    paid = sum(c.amount for c in case.contributions or ())
    assert paid == pytest.approx(case.result.programme_cost_horizon_discounted)
    saved = {s.kind: s for s in case.savings}
    avoided = case.result.avoided_costs_horizon_discounted
    assert saved["icb"].total == pytest.approx(avoided.nhs)
    assert saved["council"].total == pytest.approx(avoided.social_care)


@pytest.mark.national
def test_most_deprived_fifth_uses_lsoa_counts_and_narrows_the_gap():
    case = view.compute(_state(mode="deprived", dgeo="utla23", darea=BLACKPOOL,
                               iv="thrombolysis_rate", rule="uplift_pp", uplift=5))
    lsoas = warehouse.read_frame(
        "select lsoa21_code, population_count "
        "from lsoa_measures where utla23_code = ? and imd_decile <= 2", [BLACKPOOL])
    cells = warehouse.read_frame(
        "select sum(\"count\") as n, bool_or(is_suppressed) as hidden from indicator_values"
        " where indicator_id = 'stroke_admissions_rate' and area_code = ?"
        " and category_type like 'IMD 2025%' and category in ('1', '2')", [BLACKPOOL])
    sel = case.selection
    assert sel.geography == "lsoa21" and set(sel.units.index) == set(lsoas["lsoa21_code"])
    assert case.populations.total == pytest.approx(float(lsoas["population_count"].sum()))
    # eligible: the area's published decile 1-2 admissions (never LSOA counts or their
    # suppressed rates), a year, spread over the LSOAs by residents
    assert not cells["hidden"].iloc[0]
    assert case.populations.eligible == pytest.approx(float(cells["n"].iloc[0]) / 3)
    per_person = case.populations.per_unit["eligible"] / sel.units["population"]
    assert per_person.max() - per_person.min() < 1e-12
    assert any("these LSOAs: " in line for line in case.populations.observed)
    # the uplift goes to IMD deciles 1-2 only, so the SII moves towards the deprived end
    assert case.sii is not None
    assert case.sii.values_after[2:] == case.sii.values_before[2:]
    assert case.sii.values_after[0] == pytest.approx(case.sii.values_before[0] + 5)
    assert case.sii.sii_after < case.sii.sii_before
    assert "deciles 1-2" in case.sii_note
    assert [r.code for r in case.partners] == [BLACKPOOL, LSC_ICB]


@pytest.mark.national
def test_uniform_uplift_leaves_the_sii_unchanged():
    case = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                               rule="uplift_pp", uplift=3))
    assert case.sii is not None
    assert case.sii.change == pytest.approx(0, abs=1e-6)
    text = str(components.inequality_view(case))
    assert "The gap does not change" in text


@pytest.mark.national
def test_lsoas_take_their_area_value_where_an_indicator_has_none():
    case = view.compute(_state(mode="deprived", dgeo="utla23", darea=BLACKPOOL,
                               iv="hypertension_treatment"))
    hbp = warehouse.read_frame(
        f"select value from ({indicators.AREA_TOTALS_SQL}) where indicator_id = "
        "'hypertension_qof_pct' and area_code = ? order by period desc limit 1",
        [BLACKPOOL]).iloc[0, 0]
    p = case.populations
    assert p.eligible == pytest.approx(p.total * hbp / 100)
    assert any("is not published for LSOAs: the value of Blackpool is used" in n
               for n in p.notes)
    # no coverage indicator: a labelled placeholder, and the England/best rules refuse
    assert p.current_status == "assumption" and "placeholder, not from a source" in (
        p.current_basis)
    assert case.sii is None and "No coverage indicator" in case.sii_note
    for rule in ("england_average", "best_quintile"):
        with pytest.raises(ValueError, match="needs a coverage indicator"):
            view.compute(_state(mode="deprived", dgeo="utla23", darea=BLACKPOOL,
                                iv="hypertension_treatment", rule=rule))


@pytest.mark.national
def test_area_without_a_value_uses_england_and_says_so():
    case = view.compute(_state(geo="utla23", areas=["E09000001"], iv="nhs_health_check",
                               rule="england_average"))
    p = case.populations
    assert p.current_status == "assumption" and "England" in p.current_basis
    assert any("the value of England is used" in n for n in p.notes)
    assert case.target.target_pct == pytest.approx(p.current_pct)  # already at England
    assert case.result.people_reached_per_year == 0
    assert math.isnan(case.result.cost_per_event_avoided.central)


@pytest.mark.national
def test_best_quintile_and_england_targets():
    best = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                               rule="best_quintile"))
    values = indicators.map_values("serving_unit_thrombolysis_rate_pct", "utla23", "2021/22")
    assert best.target.benchmark == pytest.approx(values["value"].dropna().quantile(0.8))
    assert "Best fifth of Counties and unitary authorities" in best.target.text
    england = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                                  rule="england_average"))
    eng = indicators.england_row("serving_unit_thrombolysis_rate_pct", "2021/22")
    assert england.target.benchmark == pytest.approx(eng["value"])
    assert england.target.target_pct == pytest.approx(max(eng["value"],
                                                          england.target.current_pct))


@pytest.mark.national
def test_priority_areas_of_the_gaps_page():
    state = _state(mode="priority", theme="stroke", pgeo="utla23", within="icb23",
                   iv="thrombolysis_rate")
    case = view.compute(state)
    from dashboard.data import gaps as gap_data
    from dashboard.pages.gaps.state import GapsState

    gaps = GapsState.resolve({"theme": "stroke", "geography": "utla23", "within": "icb23"})
    table, _ = gap_data.gap_table(gaps.theme, gaps.geography, within=gaps.within,
                                  parent=gaps.parent, asof=gaps.asof, weights=gaps.weights)
    expected = list(gap_data.priority_list(table, gaps.theme, gaps.weights)["area_code"])
    assert list(case.selection.units.index) == expected
    councils = {r.code for r in case.partners if r.kind == "council"}
    assert set(expected) <= councils


@pytest.mark.national
def test_several_areas_pool_rates_weighted_by_stroke_admissions():
    case = view.compute(_state(geo="utla23", areas=[LANCASHIRE, BLACKPOOL],
                               iv="thrombolysis_rate"))
    per = case.populations.per_unit
    # the rate is a share of stroke admissions: weighted by each area's admissions
    expected = (per["coverage"] * per["eligible"]).sum() / per["eligible"].sum()
    by_residents = (per["coverage"] * per["population"]).sum() / per["population"].sum()
    assert case.populations.current_pct == pytest.approx(expected)
    assert abs(expected - by_residents) > 1e-6
    assert ("mean weighted by emergency stroke admissions a year"
            in case.populations.current_basis)
    assert {r.code for r in case.partners} == {LANCASHIRE, BLACKPOOL, LSC_ICB}


@pytest.mark.national
def test_england_thrombolysis_baseline_is_weighted_by_residents_aged_65_plus(warehouse_path):
    """The serving units' rate is a mean over LSOAs weighted by residents aged 65+ (a published
    proxy for stroke admissions, which as weights could give a suppressed LSOA away)."""
    import duckdb

    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        older, residents, admissions = con.execute(
            "select sum(nearest_ivt_unit_thrombolysis_rate_pct * population_65_plus_count)"
            " / sum(population_65_plus_count),"
            " sum(nearest_ivt_unit_thrombolysis_rate_pct * population_count)"
            " / sum(population_count),"
            " sum(nearest_ivt_unit_thrombolysis_rate_pct * stroke_admissions_2017_2019_count)"
            " / sum(stroke_admissions_2017_2019_count)"
            " from lsoa_measures where nearest_ivt_unit_thrombolysis_rate_pct is not null"
        ).fetchone()
    finally:
        con.close()
    eng = indicators.england_row("serving_unit_thrombolysis_rate_pct", "2021/22")
    # measured: 10.84% by residents aged 65+; all residents 10.95%; the published (suppressed)
    # LSOA admissions 10.77%, every LSOA's admissions 10.82% (the build's weights until #12)
    assert eng["value"] == pytest.approx(older, abs=1e-9)
    assert abs(eng["value"] - residents) > 0.05
    assert eng["value"] == pytest.approx(admissions, abs=0.1)
    assert "weighted by their Census 2021 residents aged 65 and over" in str(eng.get("note", ""))


def test_sub_icb_partners_and_need_split():
    case = view.compute(_state(geo="icb23", areas=[LSC_ICB], iv="hypertension_treatment",
                               nhs="sicbl23", split="need"))
    nhs = [r for r in case.partners if r.kind == "icb"]
    assert len(nhs) >= 2 and all(r.geography == "sicbl23" for r in nhs)
    total_need = sum(r.need for r in case.partners)
    for c, r in zip(case.contributions or (), case.partners, strict=True):
        assert c.share == pytest.approx(r.need / total_need)
    # every resident counted once on each side
    council_pop = sum(r.population for r in case.partners if r.kind == "council")
    assert council_pop == pytest.approx(case.populations.total)
    assert sum(r.population for r in nhs) == pytest.approx(case.populations.total)


@pytest.mark.national
def test_agreed_percentages_must_sum_to_100():
    bad = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                              split="agreed", agreed={BLACKPOOL: 60, LSC_ICB: 30}))
    assert bad.contributions is None and bad.positions is None
    assert bad.split_error == ("Agreed percentages add up to 90, not 100: change them so they "
                               "sum to 100.")
    good = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                               split="agreed", agreed={BLACKPOOL: 60, LSC_ICB: 40}))
    amounts = {c.name: c.amount for c in good.contributions or ()}
    total = good.result.programme_cost_horizon_discounted
    assert amounts["Blackpool"] == pytest.approx(0.6 * total)
    assert good.split_error == ""
    # percentages for other partners (stale inputs) fall back to population shares
    stale = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                                split="agreed", agreed={LANCASHIRE: 100}))
    assert stale.split_error == "" and stale.agreed_pct == case_model.default_agreed(stale.partners)


@pytest.mark.national
def test_edited_figures_change_the_result_and_are_marked():
    base = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate"))
    edited = view.compute(_state(geo="utla23", areas=[BLACKPOOL], iv="thrombolysis_rate",
                                 ovr={"effect": [0.1, 0.2, 0.3]}))
    ratio = edited.result.events_avoided_per_year.central / (
        base.result.events_avoided_per_year.central)
    catalogue = CATALOGUE_BY_ID["thrombolysis_rate"].effect.central
    assert ratio == pytest.approx(0.2 / catalogue)
    assert edited.intervention.effect.is_assumption
    # the edited effect replaces the effect-by-window model in the PSA too
    assert edited.intervention.effect_windows is None
    assert "effect" in {d.field for d in edited.psa.inputs}
    assert edited.intervention.effect.basis.startswith("User override")


def test_no_area_chosen_is_an_error_to_fix():
    with pytest.raises(ValueError, match="Choose at least one area"):
        view.compute(_state(geo="ltla24", areas=[]))
    with pytest.raises(ValueError, match="Choose the area"):
        view.compute(_state(mode="deprived", dgeo="ltla24", darea=""))


# ---------------------------------------------------------------------------
# callbacks
# ---------------------------------------------------------------------------


@pytest.mark.national
def test_callback_outputs_for_a_scenario():
    state = _state(mode="deprived", dgeo="utla23", darea=BLACKPOOL, iv="thrombolysis_rate",
                   rule="best_quintile")
    out = outputs.investment_outputs(state)
    chart, fig, partners, psa_block, tornado = (out.events_chart, out.partners_map, out.partners,
                                                out.psa, out.tornado)
    case = view.compute(state)
    assert out.status == "" and out.stored_state == state.as_dict()
    assert out.query == state.to_query() and out.link == "/investment" + out.query
    assert out.query == ("?mode=deprived&dgeo=utla23&darea=E06000009&iv=thrombolysis_rate"
                         "&rule=best_quintile&horizon=10&rate=3.5&nhs=icb23&split=population")
    # the callback returns the named outputs in the order of its Output list
    values = out.values()
    assert len(values) == len(outputs.OUTPUT_TARGETS) == 15
    assert values[0] is out.status and values[-1] is out.tornado
    assert list(outputs.OUTPUT_TARGETS)[8] == "stored_state" and values[8] is out.stored_state
    text = str(out.results)
    for line in ("People reached a year", "Net cost (10 years, discounted)",
                 "Council social care", "Discounted figures use 3.5% a year"):
        assert line in text
    assert count_text(case.result.events_avoided_10y.central) in text
    assert gbp_per_head_text(case.result.programme_cost_horizon_discounted) in text
    assert len(chart.data) == 3 and len(chart.data[2].y) == 10
    # map: chosen LSOAs filled, the ICB and council outlined, all geometry from this server
    assert [t.type for t in fig.data] == ["choroplethmap"] * 3
    assert len(fig.data[0].locations) == len(case.selection.units)
    assert fig.data[1].locations == (LSC_ICB,) and fig.data[2].locations == (BLACKPOOL,)
    assert all(str(t.geojson).startswith("/geometry/") for t in fig.data)
    assert fig.layout.map.style == "white-bg"
    assert "SII" in str(out.inequality) and "Blackpool" in str(partners)
    assert "Blackpool" in str(out.populations) and "Chosen areas" in str(out.map_legend)
    assert out.current_placeholder.startswith("data: ")
    assert out.eligible_placeholder.startswith("data: ")
    # the PSA: median and 95% interval of the draws, P(saves money), the tornado
    p = case.psa
    text = str(psa_block)
    for line in report.psa_figures(p):
        assert line.label in text and line.central in text and line.range in text
    assert f"{p.p_saves_money:.0%}" in text and "Probability the scheme saves money" in text
    assert "Distributions of the uncertain inputs" in text and "Odds ratio" in text
    assert [t.type for t in tornado.data] == ["bar", "bar"]
    assert list(tornado.data[0].y)[-1] == p.tornado[0].label  # largest swing on top


def test_callback_outputs_show_errors_without_raising():
    state = _state(iv="hypertension_treatment", rule="england_average")
    out = outputs.investment_outputs(state)
    assert "needs a coverage indicator" in str(out.status)
    assert "No results" in str(out.results)
    assert out.stored_state == state.as_dict() and out.link == state.link()


@pytest.mark.national
def test_view_from_inputs_builds_overrides_and_ignores_other_interventions():
    figure_ids = [{"type": "f", "iv": "thrombolysis_rate", "field": "effect", "part": p}
                  for p in ("central", "low", "high")]
    figure_ids.append({"type": "f", "iv": "nhs_health_check", "field": "take_up",
                       "part": "central"})
    state = inputs.view_from_inputs(
        mode="areas", geo="utla23", areas=[BLACKPOOL], theme="stroke", pgeo="utla23",
        within="icb23", parent=None, dgeo="utla23", darea=None, iv="thrombolysis_rate",
        rule="uplift_pp", uplift=2, horizon=5, rate=3.5, cur=None, elig=None, nhs="icb23",
        split="agreed", figure_values=[0.2, 0.075, 0.227, 0.9], figure_ids=figure_ids,
        agreed_values=[70, 30], agreed_ids=[{"partner": BLACKPOOL}, {"partner": LSC_ICB}])
    assert state["ovr"] == {"effect": [0.075, 0.2, 0.227]}
    assert state["agreed"] == {BLACKPOOL: 70, LSC_ICB: 30}
    assert state["horizon"] == 5 and state["areas"] == [BLACKPOOL]
    # unchanged values are not overrides
    effect = CATALOGUE_BY_ID["thrombolysis_rate"].effect
    same = inputs.view_from_inputs(
        mode="areas", geo="utla23", areas=[BLACKPOOL], theme="stroke", pgeo="utla23",
        within="icb23", parent=None, dgeo="utla23", darea=None, iv="thrombolysis_rate",
        rule="uplift_pp", uplift=2, horizon=5, rate=3.5, cur=None, elig=None, nhs="icb23",
        split="population", figure_values=[effect.central, effect.low, effect.high],
        figure_ids=figure_ids[:3])
    assert same["ovr"] == {}
    # nor are the values as the inputs show them (6 significant figures)
    shown = [shown_value(v) for v in (effect.central, effect.low, effect.high)]
    assert shown[0] == 0.111263 and shown[0] != effect.central
    rounded = inputs.view_from_inputs(
        mode="areas", geo="utla23", areas=[BLACKPOOL], theme="stroke", pgeo="utla23",
        within="icb23", parent=None, dgeo="utla23", darea=None, iv="thrombolysis_rate",
        rule="uplift_pp", uplift=2, horizon=5, rate=3.5, cur=None, elig=None, nhs="icb23",
        split="population", figure_values=shown, figure_ids=figure_ids[:3])
    assert rounded["ovr"] == {}


def test_figure_table_and_statuses():
    table = components.figure_table("thrombolysis_rate", {"unit_cost": [400, 450, 600]})
    text = str(table)
    assert "Emberson 2014" in text and "your assumption" in text and "published" in text
    iv = CATALOGUE_BY_ID["thrombolysis_rate"]
    ids_ = [{"iv": "thrombolysis_rate", "field": "effect", "part": p}
            for p in ("central", "low", "high")]
    status_ids = [{"iv": "thrombolysis_rate", "field": "effect"}]
    same = inputs.figure_statuses([shown_value(v) for v in
                               (iv.effect.central, iv.effect.low, iv.effect.high)], ids_,
                              status_ids)
    # the effect is derived from the odds ratios by window with an assumed mix
    assert same[0].children == "assumption"
    assert "Odds ratio, treated within 3.0 h" in text and "derives the effect" in text
    edited = inputs.figure_statuses([0.2, iv.effect.low, iv.effect.high], ids_, status_ids)
    assert edited[0].children == "your assumption"


@pytest.mark.national
def test_report_download_is_a_self_contained_page():
    state = _state(mode="deprived", dgeo="utla23", darea=BLACKPOOL, iv="thrombolysis_rate",
                   rule="best_quintile", split="agreed", agreed={BLACKPOOL: 60, LSC_ICB: 40})
    out = outputs.report_download(state, today=date(2026, 2, 1))
    html = out["content"]
    assert out["filename"] == "investment_case_thrombolysis_rate_2026-02-01.html"
    assert out["type"] == "text/html"
    case = view.compute(state)
    assert "Prepared 2026-02-01" in html
    assert gbp_per_head_text(case.result.programme_cost_horizon_discounted) in html
    assert "the most deprived fifth of Blackpool" in html
    assert "Split by agreed percentages: Blackpool 60%" in html
    assert "<svg" in html and html.count("<path") >= 3
    assert "Emberson" in html and "Green Book" in html and "2021/22" in html
    assert not RESOURCE.search(html)


def test_json_download_reopens_the_same_scenario():
    state = _state(iv="af_anticoagulation", elig=2.5, rule="uplift_pp", uplift=3)
    out = outputs.json_download(state, today=date(2026, 2, 1))
    assert out["filename"] == "investment_scenario_af_anticoagulation_2026-02-01.json"
    href, _ = outputs.upload_view(_data_url(out["content"]), out["filename"])
    assert InvestmentState.resolve(InvestmentState.parse_query(href.split("/investment", 1)[1])) == state


@pytest.mark.national
def test_page_layout_rebuilds_the_state_from_the_url():
    from app import create_app

    create_app()
    from dashboard.pages import investment as page

    state = _state(mode="deprived", dgeo="utla23", darea=BLACKPOOL, iv="thrombolysis_rate",
                   rule="best_quintile", ovr={"effect": [0.1, 0.2, 0.3]}, split="agreed",
                   agreed={BLACKPOOL: 55, LSC_ICB: 45})
    layout = page.layout(**InvestmentState.parse_query(state.to_query()))
    found: dict = {}

    def walk(node):
        if hasattr(node, "id") and getattr(node, "id", None) is not None:
            found[str(node.id)] = node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                walk(child)

    walk(layout)
    assert found["investment-mode"].value == "deprived"
    assert found["investment-deprived-area"].value == BLACKPOOL
    assert found["investment-intervention"].value == "thrombolysis_rate"
    assert found["investment-rule"].value == "best_quintile"
    effect = {k: v.value for k, v in found.items() if "'field': 'effect'" in k and "part" in k}
    assert sorted(effect.values()) == [0.1, 0.2, 0.3]
    agreed = {k: v.value for k, v in found.items() if "investment-agreed-input" in k}
    assert sorted(agreed.values()) == [45, 55]


@pytest.mark.national
def test_hypertension_eligible_population_is_recorded_qof_prevalence():
    # Lancaster: the Health Index series said 96% of residents (2021); QOF 2022/23 for its
    # sub-ICB location applied to residents says about 16%
    case = view.compute(_state(geo="ltla24", areas=["E07000121"], iv="hypertension_treatment"))
    qof = warehouse.read_frame(
        f"select value from ({indicators.AREA_TOTALS_SQL}) where indicator_id = "
        "'hypertension_qof_pct' and area_code = 'E07000121' and period = '2022/23'").iloc[0, 0]
    p = case.populations
    assert 10 < qof < 25
    assert p.eligible == pytest.approx(p.total * qof / 100)
    assert "QOF" in p.eligible_basis and "2022/23" in p.eligible_basis


# ---------------------------------------------------------------------------
# the report and the page show the same figures for the chosen horizon
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("horizon", [5, 10])
def test_report_and_page_show_the_same_figures_for_the_horizon(horizon):
    state = _state(geo="ltla24", areas=["E07000122", "E07000117"], iv="thrombolysis_rate",
                   horizon=horizon)
    case = view.compute(state)
    r = case.result
    assert r.horizon_years == horizon
    page = str(components.results_view(case)) + str(components.psa_view(case))
    doc = report.render_report(report_input(case, prepared=date(2026, 12, 3)))
    # one function gives both their key figures, PSA figures and headline
    for line in (*report.key_figures(r), *report.psa_figures(case.psa)):
        assert line.central in page and line.central in doc, line.label
        assert line.range in page and line.range in doc, line.label
    events = count_text(r.events_avoided_horizon.central)
    lead = report.lead_text(r, name=case.intervention.name, areas=case.selection.label,
                            current_pct=case.scenario.current_coverage_pct,
                            target_pct=case.scenario.target_coverage_pct)
    assert f"avoids an estimated <b>{events}</b>" in lead
    assert f"events over {horizon} years (modelled)" in lead
    assert lead in doc
    assert f"events over {horizon} years (modelled)" in page and events in page
    if horizon == 5:  # the headline no longer quotes ten years for a five-year case
        assert "events over 10 years" not in doc
        assert "Events avoided over 10 years" not in page
    # the savings convention is stated on both
    assert "Savings accrue over the years they fall in" in report.discounting_text(r)
    assert report.discounting_text(r) in page
    # the drug-only unit cost is said plainly on both
    assert case.intervention.cost_note and case.intervention.cost_note in page
    assert case.intervention.cost_note in doc
    assert "Uncertainty: probabilistic sensitivity analysis" in doc
    assert 'class="tornado"' in doc and "Probability the scheme saves money" in doc


def test_callback_shows_the_psa_figures():
    state = _state(geo="ltla24", areas=["E07000122"], iv="hypertension_treatment")
    out = outputs.investment_outputs(state)
    psa_block, tornado = out.psa, out.tornado
    case = view.compute(state)
    text = str(psa_block)
    for line in report.psa_figures(case.psa):
        assert line.label in text and line.central in text and line.range in text
    assert "10,000 Monte Carlo draws" in text
    assert len(tornado.data) == 2 and tornado.layout.barmode == "overlay"
    assert set(tornado.data[0].y) == {b.label for b in case.psa.tornado}


@pytest.mark.national
@pytest.mark.parametrize("area", ["E54000044", "E38000221"])  # BOB ICB, its Berkshire West SICBL
def test_partner_need_gives_no_single_lsoa_away(area):
    """Issue #12: West Berkshire holds one of these LSOAs; its need (0.513 a year) showed that
    LSOA's 2 admissions. Each LSOA's eligible people per resident now come from published
    values only: the set's pooled count, the LSOA's own published rate, or its area's rate."""
    geography = "icb23" if area.startswith("E54") else "sicbl23"
    case = view.compute(_state(mode="deprived", dgeo=geography, darea=area,
                               iv="thrombolysis_rate"))
    assert "E06000037" in {r.code for r in case.partners}
    units = case.selection.units
    per_resident = case.populations.per_unit["eligible"] / units["population"]
    published = warehouse.read_frame(
        "select area_code, value from indicator_values where indicator_id ="
        " 'stroke_admissions_rate' and category_type = '' and not is_suppressed"
        " and (area_code in (select lsoa21_code from lsoa_measures) or area_code = ?)",
        [area]).set_index("area_code")["value"] / 100_000
    pooled = per_resident.iloc[0] if per_resident.nunique() == 1 else None
    for code, rate in per_resident.items():
        allowed = [published.get(code), published.get(area), pooled]
        assert any(a is not None and rate == pytest.approx(a, rel=1e-9) for a in allowed), code
