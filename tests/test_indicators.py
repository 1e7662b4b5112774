"""The catalogue: valid entries, unique ids, and every source key served by its loader."""

from __future__ import annotations

import re

import pytest

from etl.build import SQL_DIR
from etl.indicators import CATALOGUE, Indicator


def test_ids_are_unique_snake_case():
    ids = [i.indicator_id for i in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


def test_lsoa_measures_named_in_the_catalogue_exist_in_the_model():
    sql = (SQL_DIR / "intermediate" / "int_lsoa_long.sql").read_text()
    measures = set(re.findall(r"'([a-z0-9_]+)'(?:\s+as measure)?,\s*'\d{4}", sql))
    for entry in CATALOGUE:
        if entry.loader in ("lsoa_sum", "lsoa_mean"):
            assert entry.source_key in measures, entry.indicator_id


def test_every_entry_states_source_licence_and_description():
    for entry in CATALOGUE:
        assert entry.source and entry.licence and len(entry.description) > 40, entry.indicator_id


def test_suppression_threshold_is_set_for_event_counts():
    for entry in CATALOGUE:
        if (
            entry.confidence_intervals
            and entry.counts_give_value
            and entry.value_type in ("crude_rate", "proportion")
        ):
            assert entry.min_count >= 5, entry.indicator_id


def test_plausible_ranges_default_by_unit_and_value_type():
    by_id = {e.indicator_id: e for e in CATALOGUE}
    assert by_id["breast_screening_pct"].plausible_bounds == (0.0, 100.0)
    assert by_id["smoking_pct"].plausible_bounds == (0.0, 100.0)  # Health Index: multiplier 1
    assert by_id["stroke_admissions_rate"].plausible_bounds == (0.0, float("inf"))
    assert by_id["imd2025_score"].plausible_bounds == (float("-inf"), float("inf"))
    # tighter where evidence supports it, with the opt-in peer rule
    for ind in ("high_blood_pressure_pct", "cardiovascular_conditions_pct"):
        assert by_id[ind].plausible_bounds == (0.0, 60.0)
        assert by_id[ind].peer_z == 5
    # peer and change rules only on value-only district sources, never on counts with CIs
    for entry in CATALOGUE:
        if entry.peer_z is not None or entry.change_z is not None:
            assert entry.loader == "health_index" and not entry.confidence_intervals


def test_survey_weighted_values_store_no_counts():
    by_id = {e.indicator_id: e for e in CATALOGUE}
    assert by_id["physically_inactive_pct"].counts_give_value is False
    assert by_id["physically_inactive_pct"].min_count == 0


def test_quality_rule_fields_are_validated():
    base = ("x", "X", "outcome", "%", 100, "lower_is_better", "proportion", "s", "l", "d", "need")
    with pytest.raises(ValueError, match="indicator x: plausible_range must have lo < hi"):
        Indicator(*base, "lsoa_sum", "k", plausible_range=(60, 0))
    with pytest.raises(ValueError, match="indicator x: peer_z applies only to value-only"):
        Indicator(*base, "fingertips", "k", peer_z=5)
    with pytest.raises(ValueError, match="indicator x: change_z must be positive"):
        Indicator(*base, "health_index", "k", change_z=0)


def test_invalid_entry_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="indicator x: polarity must be one of"):
        Indicator("x", "X", "outcome", "%", 100, "up", "proportion", "s", "l", "d", "need",
                  "lsoa_sum", "k")


def test_standard_and_its_source_come_together():
    with pytest.raises(ValueError, match="indicator x: standard and standard_source must be given"):
        Indicator("x", "X", "outcome", "%", 100, "higher_is_better", "proportion", "s", "l", "d",
                  "need", "lsoa_sum", "k", standard=20.0)
    with pytest.raises(ValueError, match="standard and standard_source"):
        Indicator("x", "X", "outcome", "%", 100, "higher_is_better", "proportion", "s", "l", "d",
                  "need", "lsoa_sum", "k", standard_source="a plan")


def test_standards_name_a_checked_document_with_its_address():
    with_standard = {i.indicator_id: i for i in CATALOGUE if i.standard is not None}
    assert set(with_standard) == {
        "serving_unit_thrombolysis_rate_pct",
        "serving_unit_thrombectomy_rate_pct",
        "smoking_pct",
        "smoking_aps_pct",
        "nhs_health_check_offered_pct",
    }
    for entry in with_standard.values():
        assert "https://" in entry.standard_source, entry.indicator_id
    # travel times have no national standard
    assert all(i.standard is None for i in CATALOGUE if i.unit == "minutes")


def test_stroke_pathway_and_prevention_entries():
    by_id = {i.indicator_id: i for i in CATALOGUE}
    for indicator_id in ("serving_unit_thrombolysis_rate_pct", "serving_unit_thrombectomy_rate_pct"):
        entry = by_id[indicator_id]
        assert (entry.role, entry.domain, entry.polarity, entry.loader) == (
            "provision", "stroke_pathway", "higher_is_better", "lsoa_mean",
        )
    checks = by_id["nhs_health_check_offered_pct"]
    assert (checks.role, checks.domain, checks.polarity, checks.loader, checks.source_key) == (
        "provision", "prevention", "higher_is_better", "fingertips_quarters", "91040",
    )
    for phrase in ("not uptake", "four quarterly counts", "North West", "once in five years",
                   "20%"):
        assert phrase in checks.description, phrase
    assert by_id["mt_within_30min_pct"].source_key == "pop_mt_30min"
    assert by_id["mt_within_45min_pct"].source_key == "pop_mt_45min"


def test_infant_mortality_entries_say_which_series_has_confidence_intervals():
    by_id = {i.indicator_id: i for i in CATALOGUE}
    health_index = by_id["infant_mortality_rate"]
    assert (health_index.loader, health_index.weight) == ("health_index", "live_births")
    assert not health_index.confidence_intervals
    assert "no counts or confidence intervals" in health_index.description
    assert "Infant mortality (ONS counts)" in health_index.description
    for indicator_id, key in (("infant_mortality_rate_ons", "infant"),
                              ("neonatal_mortality_rate_ons", "neonatal")):
        entry = by_id[indicator_id]
        assert (entry.loader, entry.source_key, entry.value_type) == (
            "ons_infant_mortality", key, "crude_rate",
        )
        assert entry.confidence_intervals and entry.min_count == 5
        assert entry.multiplier == 1000
        for phrase in ("2010-2012 to 2014-2016", "Byar", "unions of whole districts",
                       "King's Lynn and West Norfolk", "Isles of Scilly", "build_issues"):
            assert phrase in entry.description, (indicator_id, phrase)
    # every other Health Index entry is weighted by population
    assert {i.indicator_id for i in CATALOGUE if i.weight != "population"} == {
        "infant_mortality_rate"
    }


def test_unknown_weight_is_refused():
    with pytest.raises(ValueError, match="indicator x: weight must be one of"):
        Indicator("x", "X", "outcome", "%", 100, "lower_is_better", "proportion", "s", "l", "d",
                  "need", "health_index", "k", weight="births")
