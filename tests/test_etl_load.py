"""Loader failure paths: every bad input names its file, row and column."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from etl.load import InputError, load_source
from etl.sources import LSOA21, RowRule, Rule, Source

SPEC = Source(
    name="demo",
    path="demo.csv",
    columns={"lsoa21_code": "VARCHAR", "value": "DOUBLE", "n": "INTEGER"},
    key=("lsoa21_code",),
    codes={"lsoa21_code": LSOA21},
    publisher="test",
    licence="test",
    vintage="test",
)


def write(tmp_path: Path, text: str, name: str = "demo.csv") -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt") as handle:
            handle.write(text)
    else:
        path.write_text(text)
    return path


def load(tmp_path: Path, spec: Source = SPEC) -> tuple[int, duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    return load_source(con, spec, tmp_path), con


def test_good_file_is_typed_and_keeps_file_order(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000002,1.5,3\nE01000001,,4\n")
    n, con = load(tmp_path)
    assert n == 2
    rows = con.execute("select * from src_demo").fetchall()
    assert rows == [("E01000002", 1.5, 3), ("E01000001", None, 4)]
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_name = 'src_demo'"
        ).fetchall()
    )
    assert types == {"lsoa21_code": "VARCHAR", "value": "DOUBLE", "n": "INTEGER"}


def test_gzipped_file_reads_the_same(tmp_path):
    spec = Source(**{**SPEC.__dict__, "path": "demo.csv.gz"})
    write(tmp_path, "lsoa21_code,value,n\nE01000001,2,1\n", "demo.csv.gz")
    n, _ = load(tmp_path, spec)
    assert n == 1


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"file .*demo\.csv: file not found"):
        load(tmp_path)


def test_missing_column_names_header_row_and_column(tmp_path):
    write(tmp_path, "lsoa21_code,value\nE01000001,1\n")
    with pytest.raises(InputError) as err:
        load(tmp_path)
    assert err.value.row == 0
    assert err.value.column == "n"
    assert "required column missing" in str(err.value)


def test_unparsable_number_names_row_and_column(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000002,1,2\nE01000003,abc,3\n")
    with pytest.raises(InputError) as err:
        load(tmp_path)
    assert (err.value.row, err.value.column) == (3, "value")
    assert str(err.value).endswith("row 3, column 'value': cannot read 'abc' as DOUBLE")


def test_first_bad_row_is_reported_across_columns(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,x\nE01000002,y,2\n")
    with pytest.raises(InputError) as err:
        load(tmp_path)
    assert (err.value.row, err.value.column) == (1, "n")


def test_unknown_code(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nW01000002,1,2\n")
    with pytest.raises(InputError) as err:
        load(tmp_path)
    assert (err.value.row, err.value.column) == (2, "lsoa21_code")
    assert "unknown code 'W01000002'" in str(err.value)


def test_missing_code_is_an_error(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\n,1,1\n")
    with pytest.raises(InputError, match="row 1, column 'lsoa21_code': missing"):
        load(tmp_path)


def test_optional_code_may_be_blank_but_not_malformed(tmp_path):
    spec = Source(**{**SPEC.__dict__, "optional_codes": ("lsoa21_code",), "key": ()})
    write(tmp_path, "lsoa21_code,value,n\n,1,1\nE01000001,2,2\n")
    n, con = load(tmp_path, spec)
    assert n == 2
    assert con.execute("select lsoa21_code from src_demo").fetchall() == [(None,), ("E01000001",)]
    write(tmp_path, "lsoa21_code,value,n\n,1,1\nW01000001,2,2\n")
    with pytest.raises(InputError, match="row 2, column 'lsoa21_code': unknown code 'W01000001'"):
        load(tmp_path, spec)


def test_duplicate_key_names_the_second_row(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000002,1,2\nE01000001,5,3\n")
    with pytest.raises(InputError) as err:
        load(tmp_path)
    assert (err.value.row, err.value.column) == (3, "lsoa21_code")
    assert "duplicate key (E01000001)" in str(err.value)


def test_row_filter_limits_checks_to_rows_in_scope(tmp_path):
    spec = Source(**{**SPEC.__dict__, "row_filter": "lsoa21_code like 'E%'"})
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nW01000002,not a number,2\n")
    n, _ = load(tmp_path, spec)
    assert n == 1


def test_empty_file_in_scope(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\n")
    with pytest.raises(InputError, match="no data rows in scope"):
        load(tmp_path)


# --- the shipped SSNAP team files, with their real Source entries ------------------------------

THROMBECTOMY_HEADER = "region_or_network,trust,team,category,item,data_type,value\n"


def ssnap_file(tmp_path: Path, name: str, text: str) -> Source:
    from etl.sources import SOURCES_BY_NAME

    spec = SOURCES_BY_NAME[name]
    (tmp_path / spec.path).parent.mkdir(parents=True, exist_ok=True)
    write(tmp_path, text, spec.path)
    return spec


def test_thrombectomy_rows_out_of_scope_may_hold_times(tmp_path):
    spec = ssnap_file(
        tmp_path,
        "ssnap_thrombectomy_first_team",
        THROMBECTOMY_HEADER
        + ",,National,Thrombectomy,Thrombectomy,n,2201\n"
        + ",,National,Thrombectomy,Thrombectomy,d,95238\n"
        + ",,National,Timings,Time from onset to arterial puncture (hours:mins),median,4:05\n",
    )
    n, con = load(tmp_path, spec)
    assert n == 2
    assert con.execute("select sum(value) from src_ssnap_thrombectomy_first_team").fetchone() == (
        97439.0,
    )


def test_thrombectomy_count_that_is_not_a_number_names_row_and_column(tmp_path):
    spec = ssnap_file(
        tmp_path,
        "ssnap_thrombectomy_first_team",
        THROMBECTOMY_HEADER
        + ",,National,Thrombectomy,Thrombectomy,n,2201\n"
        + "Net,Trust,Some Hospital,Thrombectomy,Thrombectomy,n,<5\n",
    )
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert (err.value.row, err.value.column) == (2, "value")
    assert "ssnap_thrombectomy_2023_24_by_first_admitting_team_long.csv.gz" in err.value.path
    assert "cannot read '<5' as DOUBLE" in str(err.value)


def test_thrombectomy_team_listed_twice_or_unknown_data_type_is_refused(tmp_path):
    spec = ssnap_file(
        tmp_path,
        "ssnap_thrombectomy_first_team",
        THROMBECTOMY_HEADER
        + "Net,Trust,Some Hospital,Thrombectomy,Thrombectomy,n,3\n"
        + "Net,Trust,Some Hospital,Thrombectomy,Thrombectomy,n,4\n",
    )
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert (err.value.row, err.value.column) == (2, "team, data_type")
    spec = ssnap_file(
        tmp_path,
        "ssnap_thrombectomy_first_team",
        THROMBECTOMY_HEADER + "Net,Trust,Some Hospital,Thrombectomy,Thrombectomy,median,3\n",
    )
    with pytest.raises(InputError, match="row 1, column 'data_type': unknown code 'median'"):
        load(tmp_path, spec)


def test_length_of_stay_with_unknown_team_type_or_missing_column(tmp_path):
    spec = ssnap_file(
        tmp_path,
        "ssnap_length_of_stay",
        "Stroke team,Type,Mean length of stay\nA Hospital,Routinely admitting team,12.5\n"
        "B Hospital,Hyperacute,9\n",
    )
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert (err.value.row, err.value.column) == (2, "Type")
    spec = ssnap_file(
        tmp_path, "ssnap_length_of_stay", "Stroke team,Type\nA Hospital,Routinely admitting team\n"
    )
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert (err.value.row, err.value.column) == (0, "Mean length of stay")


# --- input rules ------------------------------------------------------------------------------


def test_file_without_key_refuses_a_repeated_row_unless_documented(tmp_path):
    keyless = Source(**{**SPEC.__dict__, "key": ()})
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000002,1,2\nE01000001,1,1\n")
    with pytest.raises(InputError) as err:
        load(tmp_path, keyless)
    assert (err.value.row, err.value.column) == (3, None)
    assert str(err.value).endswith("row 3: repeats row 1 exactly (the file has no key)")
    documented = Source(**{**keyless.__dict__, "repeated_rows": "a test file"})
    n, _ = load(tmp_path, documented)
    assert n == 3


def test_rules_report_the_first_offending_row_and_its_value(tmp_path):
    spec = Source(
        **{
            **SPEC.__dict__,
            "rules": {"value": Rule(0, 10), "n": Rule(allowed=(1, 2, 3))},
            "row_rules": (RowRule("value <= n", ("value", "n"), "value above n"),),
        }
    )
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000002,3,2\nE01000003,nan,7\n")
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert str(err.value).endswith("row 2, column 'value, n': value above n (value 3, n 2)")
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000002,,2\nE01000003,nan,7\n")
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    assert str(err.value).endswith("row 2, column 'value': missing value")
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000003,inf,7\n")
    with pytest.raises(InputError) as err:
        load(tmp_path, spec)
    # the first rule a row breaks, in declaration order: finite before maximum
    assert str(err.value).endswith("row 2, column 'value': inf is not a finite number")
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1\nE01000003,1,7\n")
    with pytest.raises(InputError, match="row 2, column 'n': 7 is not one of 1, 2, 3"):
        load(tmp_path, spec)


def test_integer_column_takes_whole_numbers_only(tmp_path):
    write(tmp_path, "lsoa21_code,value,n\nE01000001,1,1.0\nE01000002,1,2.5\n")
    with pytest.raises(InputError, match="row 2, column 'n': cannot read '2.5' as INTEGER"):
        load(tmp_path)
