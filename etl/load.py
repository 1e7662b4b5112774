"""Load raw input files into typed ``src_<name>`` tables, refusing bad input with a precise message.

Every file is first read as text (so that nothing is silently coerced), checked against its
`etl.sources.Source` entry, then cast, and the typed values are checked against the entry's
input rules (`etl.sources.Rule`, `etl.sources.RowRule`) in SQL. Row numbers in messages count
data rows from 1 (the header is row 0), in the order of the file.

Accepted without complaint (harmless): a UTF-8 byte-order mark, CRLF line endings, quoted or
unquoted fields, columns in any order, extra columns. Refused with the file, row and column
where they apply: a missing, empty or header-only file, a broken gzip stream, bytes that are not
UTF-8 (Latin-1 and other encodings: save the file as UTF-8), a line over DuckDB's 2 MB limit, a
row with more or fewer fields than the header, another delimiter than the comma, a missing
column, a value that does not parse as its type (a fraction in an integer column included), a
code that does not match its pattern, a duplicate key or (for files without a key) a repeated
row, and any breach of an input rule.
"""

from __future__ import annotations

import csv
import gzip
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.sources import Rule, Source

#: DuckDB's default ``max_line_size`` for ``read_csv``, bytes.
MAX_LINE_BYTES = 2_097_152
#: Longest text value quoted in full in a message.
SHOWN_CHARS = 60
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


class InputError(ValueError):
    """A raw input file is missing or malformed; the message names file, row and column.

    ``row`` counts data rows from 1 (0 is the header); for a boundary file it counts features
    from 1 and ``row_label`` is ``"feature"``. The message is one line.
    """

    def __init__(
        self,
        path: str | Path,
        row: int | None,
        column: str | None,
        problem: str,
        *,
        row_label: str = "row",
    ):
        self.path = str(path)
        self.row = row
        self.column = column
        self.problem = " ".join(str(problem).split())
        where = [f"file {self.path}"]
        if row is not None:
            where.append(f"{row_label} {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + f": {self.problem}")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_value(value: str | int | float) -> str:
    return _literal(value) if isinstance(value, str) else repr(value)


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


def shown(value: object) -> str:
    """A value as a message shows it: whole floats without '.0', long text clipped."""
    if value is None:
        return "(missing)"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return repr(clip(value))
    return repr(value)


def _first_error_line(exc: BaseException) -> str:
    """The first line of a DuckDB or GDAL error, clipped (they run to many lines)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return clip(lines[0] if lines else type(exc).__name__, 200)


def _column_at(header: list[str] | None, line: bytes, position: int) -> str | None:
    """Name of the column holding byte ``position`` of ``line`` (quotes respected)."""
    before = line[:position].decode("utf-8", errors="replace")
    fields = next(csv.reader([before]), [""])
    index = max(len(fields) - 1, 0)
    if header is not None and index < len(header):
        return header[index]
    return None


def diagnose_csv(path: Path) -> InputError | None:
    """Why DuckDB could not read a CSV file, with its row: a broken gzip stream, bytes that are
    not UTF-8, a line over ``MAX_LINE_BYTES``, or a row whose number of fields differs from
    the header's. None when none of these is found.

    Only called after a read failed: it scans the file in Python.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    header: list[str] | None = None
    try:
        with opener(path, "rb") as handle:
            for number, line in enumerate(handle):
                if len(line) > MAX_LINE_BYTES:
                    return InputError(
                        path,
                        number,
                        None,
                        f"line of {len(line):,} bytes, longer than the {MAX_LINE_BYTES:,}-byte"
                        " limit",
                    )
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return InputError(
                        path,
                        number,
                        _column_at(header, line, exc.start),
                        f"byte {line[exc.start]:#04x} is not UTF-8 (Latin-1 or another encoding?"
                        " save the file as UTF-8)",
                    )
                if header is None:
                    header = next(csv.reader([text.lstrip("\ufeff")]), [])
                    other = [d for d in (";", "\t", "|") if len(header) == 1 and d in header[0]]
                    if other:
                        return InputError(
                            path, 0, None, f"the file is not comma-separated ({other[0]!r} in"
                            " the header)"
                        )
        with opener(path, "rt", encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            width = len(next(reader, []))
            for number, fields in enumerate(reader, start=1):
                if fields and len(fields) != width:
                    return InputError(
                        path,
                        number,
                        None,
                        f"{len(fields)} fields where the header has {width}",
                    )
    except (OSError, EOFError, zlib.error) as exc:
        return InputError(path, None, None, f"truncated or corrupt gzip file ({exc})")
    except csv.Error as exc:
        return InputError(path, None, None, f"malformed CSV ({exc})")
    return None


#: Where a rule's message shows the offending value.
VALUE = "<value>"


@dataclass(frozen=True)
class _Check:
    """One input rule as SQL: ``violations`` are (condition, message) pairs tried in order on
    the offending row. A column rule's message shows the value in place of ``VALUE``; a row
    rule's message is followed by the values of its ``columns``."""

    column: str
    violations: tuple[tuple[str, str], ...]
    columns: tuple[str, ...] = ()


def _column_checks(column: str, dtype: str, rule: Rule) -> _Check:
    col = _quote(column)
    violations = []
    if rule.required:
        violations.append((f"{col} is null", "missing value"))
    if rule.finite and dtype in FLOAT_TYPES:
        violations.append((f"not isfinite({col})", VALUE + " is not a finite number"))
    if rule.minimum is not None:
        violations.append(
            (f"{col} < {rule.minimum!r}", VALUE + " is below the minimum " + shown(rule.minimum))
        )
    if rule.maximum is not None:
        violations.append(
            (f"{col} > {rule.maximum!r}", VALUE + " is above the maximum " + shown(rule.maximum))
        )
    if rule.allowed:
        values = ", ".join(_sql_value(v) for v in rule.allowed)
        listed = ", ".join(shown(v) for v in rule.allowed)
        violations.append((f"{col} not in ({values})", VALUE + " is not one of " + listed))
    if rule.pattern is not None:
        violations.append(
            (
                f"not regexp_full_match(cast({col} as varchar), {_literal(rule.pattern)})",
                VALUE + " does not match the pattern " + rule.pattern,
            )
        )
    return _Check(column, tuple(violations))


def check_rules(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: Source,
    path: Path,
    types: dict[str, str],
) -> None:
    """Check the typed rows of ``table`` (with a ``_row`` column) against the source's input
    rules; raise `InputError` for the first offending row (then the first rule it breaks)."""
    checks = []
    for column, dtype in types.items():
        rule = source.rules.get(column)
        if rule is None and column not in source.columns:
            rule = source.rules.get("*")
        if rule is not None:
            checks.append(_column_checks(column, dtype, rule))
    for row_rule in source.row_rules:
        checks.append(
            _Check(
                ", ".join(row_rule.columns),
                ((f"not coalesce({row_rule.condition}, true)", row_rule.problem),),
                row_rule.columns,
            )
        )
    checks = [c for c in checks if c.violations]
    if not checks:
        return
    firsts = ", ".join(
        "min(_row) filter (where " + " or ".join(f"({v})" for v, _ in c.violations) + ")"
        for c in checks
    )
    rows = con.execute(f"select {firsts} from {table}").fetchone() or ()
    failing = [(row, i) for i, row in enumerate(rows) if row is not None]
    if not failing:
        return
    row, index = min(failing)
    check = checks[index]
    conditions = ", ".join(f"coalesce({v}, false)" for v, _ in check.violations)
    columns = check.columns or (check.column,)
    values = ", ".join(_quote(c) for c in columns)
    found = con.execute(
        f"select [{conditions}], {values} from {table} where _row = ?", [row]
    ).fetchone()
    assert found is not None
    broken, *found_values = found
    message = next(m for (_, m), hit in zip(check.violations, broken, strict=True) if hit)
    if check.columns:
        pairs = ", ".join(f"{c} {shown(v)}" for c, v in zip(columns, found_values, strict=True))
        problem = f"{message} ({pairs})"
    else:
        problem = message.replace(VALUE, shown(found_values[0]))
    raise InputError(path, row, check.column, problem)


def _read_error(path: Path, exc: duckdb.Error) -> InputError:
    found = diagnose_csv(path)
    if found is not None:
        return found
    return InputError(path, None, None, f"cannot be read as CSV ({_first_error_line(exc)})")


def _missing_column(path: Path, column: str, present: list[str]) -> InputError:
    header = ", ".join(present)
    hint = ""
    if len(present) == 1 and any(d in present[0] for d in (";", "\t", "|")):
        hint = "; the file is not comma-separated"
    return InputError(
        path, 0, column, f"required column missing (found: {clip(header, 120)}){hint}"
    )


def load_source(con: duckdb.DuckDBPyConnection, source: Source, data_dir: Path) -> int:
    """Check one raw file and load it as ``src_<name>``; return the number of rows loaded.

    Raises
    ------
    InputError
        File missing, empty or unreadable (see the module docstring), required column missing,
        a value that does not parse as its declared type, a code that does not match its
        pattern, a duplicate key or repeated row, or a breach of an input rule.
    """
    path = data_dir / source.path
    if not path.is_file():
        raise InputError(path, None, None, "file not found")
    if path.stat().st_size == 0:
        raise InputError(path, None, None, "file is empty")
    raw = f"raw_{source.name}"
    try:
        con.execute(
            f"create or replace temp table {raw} as select * from read_csv(?, all_varchar = true,"
            " header = true, delim = ',', quote = '\"', escape = '\"', nullstr = ['', 'NA'],"
            f" sample_size = -1, max_line_size = {MAX_LINE_BYTES})",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise _read_error(path, exc) from exc
    present = [r[0] for r in con.execute(f"select name from pragma_table_info('{raw}')").fetchall()]
    n_all = con.execute(f"select count(*) from {raw}").fetchone()[0]  # type: ignore[index]
    if n_all == 0 and present == ["column0"]:
        raise InputError(path, None, None, "file is empty (no header row)")
    required = [c for c in source.columns if c != "*"]
    for column in required:
        if column not in present:
            raise _missing_column(path, column, present)
    types = {c: source.columns.get(c, source.columns.get("*", "VARCHAR")) for c in present}

    in_scope = f"(select * from (select rowid + 1 as _row, * from {raw}) as t where {source.row_filter}) as s"
    n_rows = con.execute(f"select count(*) from {in_scope}").fetchone()[0]  # type: ignore[index]
    if n_rows == 0:
        problem = "no data rows in scope" + (" (the file has a header only)" if n_all == 0 else "")
        raise InputError(path, None, None, problem)

    typed = [(c, t) for c, t in types.items() if t != "VARCHAR"]
    if typed:
        # One scan for all typed columns: the first unparsable row of each column. Integer
        # columns take whole numbers only (DuckDB would round '1.5' to 2).
        def unparsable(c: str, t: str) -> str:
            text = f"trim({_quote(c)})"
            bad = f"try_cast({text} as {t}) is null"
            if t in INTEGER_TYPES:
                bad += f" or try_cast({text} as DOUBLE) is distinct from try_cast({text} as {t})"
            return f"{_quote(c)} is not null and ({bad})"

        firsts = ", ".join(f"min(_row) filter (where {unparsable(c, t)})" for c, t in typed)
        rows = con.execute(f"select {firsts} from {in_scope}").fetchone() or ()
        failures = [(row, c, t) for row, (c, t) in zip(rows, typed, strict=True) if row is not None]
        if failures:
            row, column, dtype = min(failures)
            value = con.execute(
                f"select {_quote(column)} from {in_scope} where _row = ?", [row]
            ).fetchone()[0]  # type: ignore[index]
            raise InputError(path, row, column, f"cannot read {shown(value)} as {dtype}")

    for column, pattern in source.codes.items():
        col = _quote(column)
        missing = "false" if column in source.optional_codes else f"{col} is null"
        bad = con.execute(
            f"select _row, {col} from {in_scope} where {missing}"
            f" or not regexp_full_match({col}, {_literal(pattern)}) order by _row limit 1"
        ).fetchone()
        if bad:
            what = "missing" if bad[1] is None else f"unknown code {shown(bad[1])}"
            raise InputError(path, bad[0], column, f"{what} (expected pattern {pattern})")

    if source.key or not source.repeated_rows:
        columns = source.key or tuple(present)
        key = ", ".join(_quote(c) for c in columns)
        dup = con.execute(
            f"select _row, _first, {key} from (select *, count(*) over (partition by {key}) as _n,"
            f" row_number() over (partition by {key} order by _row) as _k,"
            f" min(_row) over (partition by {key}) as _first from {in_scope}"
            ") as d where _n > 1 and _k = 2 order by _row limit 1"
        ).fetchone()
        if dup and source.key:
            value = ", ".join(str(v) for v in dup[2:])
            raise InputError(
                path,
                dup[0],
                ", ".join(source.key),
                f"duplicate key ({clip(value)}) seen in row {dup[1]}",
            )
        if dup:
            raise InputError(
                path, dup[0], None, f"repeats row {dup[1]} exactly (the file has no key)"
            )

    select = ", ".join(
        f"{_quote(c)}" if t == "VARCHAR" else f"cast(trim({_quote(c)}) as {t}) as {_quote(c)}"
        for c, t in types.items()
    )
    table = f"src_{source.name}"
    con.execute(
        f"create or replace temp table {table} as select _row, {select} from {in_scope}"
        " order by _row"
    )
    con.execute(f"drop table {raw}")
    check_rules(con, table, source, path, types)
    con.execute(f"alter table {table} drop column _row")
    return int(n_rows)
