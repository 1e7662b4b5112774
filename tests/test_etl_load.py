"""Loader failure paths: every bad input names its file, row and column."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from etl.load import InputError, load_source
from etl.sources import LSOA21, Source

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
