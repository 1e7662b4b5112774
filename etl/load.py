"""Load raw input files into typed ``src_<name>`` tables, refusing bad input with a precise message.

Every file is first read as text (so that nothing is silently coerced), checked against its
`etl.sources.Source` entry, then cast. Row numbers in messages count data rows from 1 (the
header is row 0), in the order of the file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.sources import Source


class InputError(ValueError):
    """A raw input file is missing or malformed; the message names file, row and column."""

    def __init__(self, path: str | Path, row: int | None, column: str | None, problem: str):
        self.path = str(path)
        self.row = row
        self.column = column
        self.problem = problem
        where = [f"file {self.path}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + f": {problem}")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_source(con: duckdb.DuckDBPyConnection, source: Source, data_dir: Path) -> int:
    """Check one raw file and load it as ``src_<name>``; return the number of rows loaded.

    Raises
    ------
    InputError
        File missing or empty, required column missing, a value that does not parse as its
        declared type, a code that does not match its pattern, or a duplicate key.
    """
    path = data_dir / source.path
    if not path.is_file():
        raise InputError(path, None, None, "file not found")
    raw = f"raw_{source.name}"
    try:
        con.execute(
            f"create or replace temp table {raw} as select * from read_csv(?, all_varchar = true,"
            " header = true, nullstr = ['', 'NA'], sample_size = -1)",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise InputError(path, None, None, f"cannot be read as CSV ({exc})") from exc
    present = [r[0] for r in con.execute(f"select name from pragma_table_info('{raw}')").fetchall()]
    required = [c for c in source.columns if c != "*"]
    for column in required:
        if column not in present:
            raise InputError(
                path, 0, column, f"required column missing (found: {', '.join(present)})"
            )
    types = {c: source.columns.get(c, source.columns.get("*", "VARCHAR")) for c in present}

    in_scope = f"(select * from (select rowid + 1 as _row, * from {raw}) as t where {source.row_filter}) as s"
    n_rows = con.execute(f"select count(*) from {in_scope}").fetchone()[0]  # type: ignore[index]
    if n_rows == 0:
        raise InputError(path, None, None, "no data rows in scope")

    typed = [(c, t) for c, t in types.items() if t != "VARCHAR"]
    if typed:
        # One scan for all typed columns: the first unparsable row of each column.
        firsts = ", ".join(
            f"min(_row) filter (where {_quote(c)} is not null"
            f" and try_cast(trim({_quote(c)}) as {t}) is null)"
            for c, t in typed
        )
        rows = con.execute(f"select {firsts} from {in_scope}").fetchone() or ()
        failures = [(row, c, t) for row, (c, t) in zip(rows, typed, strict=True) if row is not None]
        if failures:
            row, column, dtype = min(failures)
            value = con.execute(
                f"select {_quote(column)} from {in_scope} where _row = ?", [row]
            ).fetchone()[0]  # type: ignore[index]
            raise InputError(path, row, column, f"cannot read {value!r} as {dtype}")

    for column, pattern in source.codes.items():
        col = _quote(column)
        missing = "false" if column in source.optional_codes else f"{col} is null"
        bad = con.execute(
            f"select _row, {col} from {in_scope} where {missing}"
            f" or not regexp_full_match({col}, {_literal(pattern)}) order by _row limit 1"
        ).fetchone()
        if bad:
            shown = "missing" if bad[1] is None else f"unknown code {bad[1]!r}"
            raise InputError(path, bad[0], column, f"{shown} (expected pattern {pattern})")

    if source.key:
        key = ", ".join(_quote(c) for c in source.key)
        dup = con.execute(
            f"select _row, {key} from (select *, count(*) over (partition by {key}) as _n,"
            f" row_number() over (partition by {key} order by _row) as _k from {in_scope}"
            ") as d where _n > 1 and _k = 2 order by _row limit 1"
        ).fetchone()
        if dup:
            value = ", ".join(str(v) for v in dup[1:])
            raise InputError(
                path,
                dup[0],
                ", ".join(source.key),
                f"duplicate key ({value}) seen in an earlier row",
            )

    select = ", ".join(
        f"{_quote(c)}" if t == "VARCHAR" else f"cast(trim({_quote(c)}) as {t}) as {_quote(c)}"
        for c, t in types.items()
    )
    con.execute(
        f"create or replace temp table src_{source.name} as select {select} from {in_scope}"
        " order by _row"
    )
    con.execute(f"drop table {raw}")
    return int(n_rows)
