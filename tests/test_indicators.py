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
    sql = (SQL_DIR / "marts" / "int_lsoa_long.sql").read_text()
    measures = set(re.findall(r"'([a-z0-9_]+)'(?:\s+as measure)?,\s*'\d{4}", sql))
    for entry in CATALOGUE:
        if entry.loader in ("lsoa_sum", "lsoa_mean"):
            assert entry.source_key in measures, entry.indicator_id


def test_every_entry_states_source_licence_and_description():
    for entry in CATALOGUE:
        assert entry.source and entry.licence and len(entry.description) > 40, entry.indicator_id


def test_suppression_threshold_is_set_for_event_counts():
    for entry in CATALOGUE:
        if entry.confidence_intervals and entry.value_type in ("crude_rate", "proportion"):
            assert entry.min_count >= 5, entry.indicator_id


def test_invalid_entry_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="indicator x: polarity must be one of"):
        Indicator("x", "X", "outcome", "%", 100, "up", "proportion", "s", "l", "d", "need",
                  "lsoa_sum", "k")
