"""Agreement of core.methods with limits published on Fingertips.

``tests/fixtures/fingertips_ci_extract.csv`` is a 68-row extract of the
Fingertips dev sample (North West, 27 indicators, 2018-2024) written by
``python benchmarks/fingertips_ci_agreement.py --write-extract ...``.  It
covers crude rates and proportions, counts of 0, 1-9 and >= 10, count equal
to denominator, non-integer (apportioned) counts, and examples of every kind
of disagreement found on the full file.

Measured on the full file (9,375 eligible rows, 7,334 with published limits):
82.4% agree to 4 significant figures on value, lower and upper; 87.3% allowing
for the published number of decimal places; 95.9% agree or differ by a
reproduced mechanism.  Fingertips uses exact Poisson limits below 10 events
and Byar's from 10 (as ``phe_rate``) and Wilson for proportions; no row
matched Byar's for a small count.  Disagreements, documented per row in the
fixture's ``reason`` column and checked below:

* ``published_rounding`` - value/limits published to 1-2 decimal places;
* ``count_rounded`` - HES counts (alcohol admissions < 18) rounded to a
  multiple of 5 for disclosure control while the limits use the true count;
* ``limits_of_count`` - hepatitis B: published limits are the exact Poisson
  limits of the count, not divided by the denominator (publication error);
* ``exact_for_large_count`` - one hepatitis B row with 12 events has exact
  rather than Byar's limits;
* ``wilson_design_effect_2`` - children in low-income families: Wilson with
  count and denominator halved (effective sample size n/2);
* ``not_power_of_ten`` - Active Lives (physically inactive): survey-weighted
  value, count/denominator are unweighted respondents;
* ``value_not_reproducible`` - modelled value (perinatal mental health) or a
  value revised after its count (smoking at delivery 2023);
* ``interval_narrower`` / ``interval_wider`` - QOF prevalence for local
  authorities (apportioned from GP practices: interval 0.1-0.3% narrower than
  Wilson on the displayed totals) and modelled perinatal prevalence.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(ROOT))

from core.methods import proportion, rate  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "fingertips_ci_extract.csv"
SCRIPT = ROOT / "benchmarks" / "fingertips_ci_agreement.py"
FULL_DATA = (
    ROOT
    / "data"
    / "sources"
    / "outcomes"
    / ("fingertipsnext_devsample_northwest_27indicators_2018_2024.csv.gz")
)


@pytest.fixture(scope="module")
def extract() -> pd.DataFrame:
    return pd.read_csv(FIXTURE)


@pytest.fixture(scope="module")
def benchmark_module():
    spec = importlib.util.spec_from_file_location("fingertips_ci_agreement", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def tolerance_4sf(published: pd.Series) -> np.ndarray:
    """Half a unit in the 4th significant figure of each published number."""
    magnitude = np.abs(published.to_numpy(dtype=float))
    safe = np.where(magnitude > 0, magnitude, 1.0)
    return np.where(magnitude > 0, 0.5 * 10.0 ** (np.floor(np.log10(safe)) - 3), 1e-12)


def ours(rows: pd.DataFrame, count=None, denominator=None) -> pd.DataFrame:
    """Recompute 95% limits row by row with the production functions."""
    count = rows["Count"] if count is None else count
    denominator = rows["Denominator"] if denominator is None else denominator
    out = []
    for idx, row in rows.iterrows():
        func = rate if row["ValueType"] == "Crude rate" else proportion
        out.append(func(count[idx], denominator[idx], multiplier=row["multiplier"]).set_axis([idx]))
    return pd.concat(out)


def close_4sf(a: pd.Series, published: pd.Series) -> np.ndarray:
    return np.abs(a.to_numpy(dtype=float) - published.to_numpy(dtype=float)) <= tolerance_4sf(
        published
    )


def test_extract_is_small_and_covers_required_cases(extract):
    assert 40 <= len(extract) <= 80
    assert set(extract["ValueType"]) == {"Crude rate", "Proportion"}
    agree = extract[extract["agree"]]
    for value_type in ["Crude rate", "Proportion"]:
        rows = agree[agree["ValueType"] == value_type]
        assert (rows["Count"] == 0).any()
        assert rows["Count"].between(1, 9).any()
        assert (rows["Count"] >= 10).any()
    assert (agree["Count"] == agree["Denominator"]).any()
    assert (agree["Count"] % 1 != 0).any()
    assert (~extract["agree"]).sum() >= 15


def test_rows_that_should_agree_do_to_4_significant_figures(extract):
    rows = extract[extract["agree"]]
    result = ours(rows)
    assert close_4sf(result["value"], rows["Value"]).all()
    assert close_4sf(result["lower"], rows["LowerCI"]).all()
    assert close_4sf(result["upper"], rows["UpperCI"]).all()
    small = rows["ValueType"].eq("Crude rate") & (rows["Count"] < 10)
    assert (result.loc[small, "method"] == "Exact Poisson").all()
    assert (result.loc[rows["ValueType"].eq("Crude rate") & ~small, "method"] == "Byar's").all()


def test_count_equal_to_denominator_has_upper_100(extract):
    rows = extract[extract["agree"] & (extract["Count"] == extract["Denominator"])]
    result = ours(rows)
    assert (result["upper"] == 100).all()
    assert (rows["UpperCI"] == 100).all()


def test_disagreements_do_disagree(extract):
    rows = extract[~extract["agree"]]
    result = ours(rows)
    all_close = (
        close_4sf(result["value"], rows["Value"])
        & close_4sf(result["lower"], rows["LowerCI"])
        & close_4sf(result["upper"], rows["UpperCI"])
    )
    assert not all_close.any()


def _decimals(values: pd.Series) -> np.ndarray:
    out = []
    for v in values:
        d = 0
        while d < 12 and abs(round(v, d) - v) > 1e-9 * max(1.0, abs(v)):
            d += 1
        out.append(d)
    return np.array(out)


def test_published_rounding_rows_agree_at_published_precision(extract):
    rows = extract[extract["reason"] == "published_rounding"]
    assert len(rows) >= 2
    result = ours(rows)
    for mine, published in [("value", "Value"), ("lower", "LowerCI"), ("upper", "UpperCI")]:
        half_unit = 0.5 * 10.0 ** (-_decimals(rows[published])) * (1 + 1e-9)
        tol = np.maximum(half_unit, tolerance_4sf(rows[published]))
        assert (np.abs(result[mine] - rows[published]) <= tol).all()


def test_rounded_counts_limits_reproduced_by_a_nearby_integer_count(extract):
    # HES disclosure control: count shown rounded to a multiple of 5, value computed from
    # the rounded count, limits from the true count (within +/- 2).
    rows = extract[extract["reason"] == "count_rounded"]
    assert len(rows) >= 2
    assert (rows["Count"] % 5 == 0).all()
    result = ours(rows)
    assert close_4sf(result["value"], rows["Value"]).all()
    for idx, row in rows.iterrows():
        candidates = [row["Count"] + shift for shift in (-2, -1, 1, 2)]
        matches = [
            c
            for c in candidates
            if close_4sf(
                rate(c, row["Denominator"], multiplier=row["multiplier"])["upper"],
                rows.loc[[idx], "UpperCI"],
            ).all()
            and close_4sf(
                rate(c, row["Denominator"], multiplier=row["multiplier"])["lower"],
                rows.loc[[idx], "LowerCI"],
            ).all()
        ]
        assert len(matches) == 1, row.to_dict()


def test_limits_of_count_rows_are_poisson_limits_of_the_count(extract):
    rows = extract[extract["reason"] == "limits_of_count"]
    assert len(rows) >= 2
    of_count = rate(rows["Count"], 1, multiplier=1)  # limits of the count itself
    assert close_4sf(of_count["lower"], rows["LowerCI"]).all()
    assert close_4sf(of_count["upper"], rows["UpperCI"]).all()


def test_exact_for_large_count_row(extract):
    rows = extract[extract["reason"] == "exact_for_large_count"]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["Count"] >= 10
    exact = stats.chi2.ppf([0.025, 0.975], [2 * row["Count"], 2 * row["Count"] + 2]) / 2
    scaled = exact / row["Denominator"] * row["multiplier"]
    assert close_4sf(pd.Series(scaled), pd.Series([row["LowerCI"], row["UpperCI"]])).all()


def test_design_effect_rows_are_wilson_with_half_the_sample(extract):
    rows = extract[extract["reason"] == "wilson_design_effect_2"]
    assert len(rows) >= 2
    halved = proportion(rows["Count"] / 2, rows["Denominator"] / 2)
    # published to 2 decimal places
    assert (np.abs(halved["lower"] - rows["LowerCI"]) <= 0.005 + 1e-9).all()
    assert (np.abs(halved["upper"] - rows["UpperCI"]) <= 0.005 + 1e-9).all()


def test_not_power_of_ten_rows_are_weighted_estimates(extract):
    rows = extract[extract["reason"] == "not_power_of_ten"]
    assert len(rows) >= 2
    ratio = rows["Value"] / (rows["Count"] / rows["Denominator"])
    off = np.abs(np.log10(ratio) - np.round(np.log10(ratio)))
    assert (off > np.log10(1.02)).all()


def test_value_not_reproducible_rows(extract):
    rows = extract[extract["reason"] == "value_not_reproducible"]
    assert len(rows) >= 2
    result = ours(rows)
    half_unit = 0.5 * 10.0 ** (-_decimals(rows["Value"]))
    assert (np.abs(result["value"] - rows["Value"]) > half_unit).all()


def test_interval_width_rows_documented(extract):
    for reason, narrower in [("interval_narrower", True), ("interval_wider", False)]:
        rows = extract[extract["reason"] == reason]
        assert len(rows) >= 1
        result = ours(rows)
        published = rows["UpperCI"] - rows["LowerCI"]
        assert ((published < result["upper"] - result["lower"]) == narrower).all()


def test_benchmark_script_classifies_extract_like_the_full_run(extract, benchmark_module, capsys):
    raw = extract.drop(columns=["multiplier", "agree", "reason"])
    result = benchmark_module.classify(benchmark_module.recompute(raw))
    assert result["agree"].tolist() == extract["agree"].tolist()
    np.testing.assert_array_equal(result["multiplier"], extract["multiplier"])
    assert result["reason"].fillna("").tolist() == extract["reason"].fillna("").tolist()
    assert benchmark_module.main([str(FIXTURE)]) == 0
    printed = capsys.readouterr().out
    assert "rows compared" in printed
    assert "agree to 4 significant figures" in printed


@pytest.mark.skipif(not FULL_DATA.exists(), reason="full Fingertips sample not present")
def test_full_file_agreement(benchmark_module):
    result = benchmark_module.analyse(FULL_DATA)
    compared = result[result["compared"]]
    assert len(result) == 9375
    assert len(compared) == 7334
    assert compared["agree"].mean() > 0.82
    # every unexplained disagreement belongs to the indicators documented above
    unexplained = compared[
        ~compared["agree"] & ~compared["reason"].isin(benchmark_module.EXPLAINED)
    ]
    assert set(unexplained["IndicatorId"]) <= {241, 247, 93085, 94103}
    # no small-count rate is better matched by Byar's than by exact Poisson
    assert not (compared["reason"] == "byars_for_small_count").any()
