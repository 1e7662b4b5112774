"""Build the warehouse: sources -> catalogue -> geometry -> staging -> quality gates ->
intermediate and marts -> statistics -> final -> inequality.

The build writes a new DuckDB file beside the target (``.build-<pid>.duckdb``), runs the data
tests on it, and only then renames it over the target (an atomic ``os.replace``). Any failure
removes the temporary file and leaves the previous warehouse byte-identical.

The SQL models are found, ordered and run by ``etl.models``; the stages written in Python
(catalogue, geometry, quality gates, statistics, inequality) are in ``etl.stages``. Their public
names are re-exported here.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb

from etl import checks, geo
from etl.errors import BuildError as BuildError
from etl.load import InputError, load_source
from etl.models import FINAL_PHASE as FINAL_PHASE
from etl.models import PACKAGE_DIR as PACKAGE_DIR
from etl.models import REPO_DIR as REPO_DIR
from etl.models import SEEDS_DIR as SEEDS_DIR
from etl.models import SQL_DIR as SQL_DIR
from etl.models import SQL_PHASES as SQL_PHASES
from etl.models import TEMPORARY_PHASES as TEMPORARY_PHASES
from etl.models import TEMPORARY_PREFIXES as TEMPORARY_PREFIXES
from etl.models import define_macros as define_macros
from etl.models import is_temporary as is_temporary
from etl.models import load_seeds as load_seeds
from etl.models import model_order as model_order
from etl.models import run_models as run_models
from etl.sources import SOURCES
from etl.stages import LSOA_CATEGORIES_SQL as LSOA_CATEGORIES_SQL
from etl.stages import NESTING_SQL as NESTING_SQL
from etl.stages import QUALITY_ISSUES_SQL as QUALITY_ISSUES_SQL
from etl.stages import build_geometry as build_geometry
from etl.stages import build_inequality as build_inequality
from etl.stages import build_quality_flags as build_quality_flags
from etl.stages import build_statistics as build_statistics
from etl.stages import write_catalogue as write_catalogue

DEFAULT_DATA_DIR = REPO_DIR / "data"
DEFAULT_DB = DEFAULT_DATA_DIR / "warehouse.duckdb"


@dataclass
class BuildReport:
    """What a build did: per-stage seconds, row counts of the final tables, issues found."""

    db_path: Path
    stage_seconds: dict[str, float] = field(default_factory=dict)
    table_rows: dict[str, int] = field(default_factory=dict)
    issue_summary: list[tuple[str, str, int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    size_bytes: int = 0


#: Shipped under ``data/sources`` for reference (documented in ``data/README.md``) but not read
#: by the build, so not inputs: the LAD21 -> UTLA21 lookup (UTLA23 comes from the LSOA lookup)
#: and MHCLG's ICB summaries (ICB IMD is recomputed from LSOAs).
REFERENCE_ONLY_FILES = (
    "sources/lookups/lad21_utla21_england.csv",
    "sources/deprivation/imd2025_icb24_summaries_england.csv",
)


def input_files(data_dir: Path) -> list[Path]:
    """The registry of every file the build reads, in a stable order.

    * the shipped sources (``etl.sources.SOURCES``) and boundary layers
      (``etl.geo.BOUNDARY_LAYERS``) under ``data_dir``;
    * the SQL models (``etl/sql/**/*.sql``) and seeds (``etl/seeds/*.csv``);
    * the ETL code (``etl/**/*.py``: loaders, catalogue, methods, checks).

    A file the build reads that is not listed here would not trigger a rebuild when it changes:
    ``tests/test_etl_build.py`` checks that every shipped source file is listed.
    """
    files = [data_dir / s.path for s in SOURCES]
    files += [data_dir / "sources" / "boundaries" / layer.filename for layer in geo.BOUNDARY_LAYERS]
    files += sorted(SQL_DIR.rglob("*.sql")) + sorted(SEEDS_DIR.glob("*.csv"))
    files += sorted(PACKAGE_DIR.rglob("*.py"))
    return files


def input_fingerprint(data_dir: Path) -> str:
    """SHA-256 over the relative name and the content of every input file (missing files count).

    Content, not modification times: a fresh clone, a copy or a ``touch`` does not change it;
    any edit to a source, boundary, seed, model or ETL module does.
    """
    digest = hashlib.sha256()
    for path in input_files(data_dir):
        try:
            name = path.relative_to(data_dir).as_posix()
        except ValueError:
            name = path.relative_to(REPO_DIR).as_posix()
        digest.update(f"{name}\0".encode())
        if path.exists():
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        else:
            digest.update(b"<missing>")
    return digest.hexdigest()


def stored_fingerprint(db_path: Path) -> str | None:
    """The ``input_fingerprint`` a warehouse was built from, or None when unreadable."""
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select any_value(input_fingerprint) from build_info").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return None if row is None or row[0] is None else str(row[0])


def needs_build(db_path: Path = DEFAULT_DB, data_dir: Path = DEFAULT_DATA_DIR) -> bool:
    """True when the warehouse is missing, unreadable, or was built from other inputs
    (its stored ``input_fingerprint`` differs from :func:`input_fingerprint` now)."""
    if not Path(db_path).exists():
        return True
    return stored_fingerprint(Path(db_path)) != input_fingerprint(Path(data_dir))


_LITTER = re.compile(r"^\.build-(\d+)-.+\.duckdb(\.wal)?$")


def _process_alive(pid: int) -> bool:
    """True when process ``pid`` exists. On Windows ``os.kill`` would terminate the process, so
    this answers False there and relies on Windows refusing to remove a file a build holds open."""
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_litter(directory: Path) -> list[Path]:
    """Remove ``.build-<pid>-*.duckdb`` (and ``.wal``) files left by builds that were killed.

    Only files of that pattern, and only when process ``<pid>`` no longer runs (another build in
    progress keeps its file). On Windows a file still open by a running build cannot be removed
    and is skipped. Returns the removed paths.
    """
    removed = []
    for path in sorted(Path(directory).glob(".build-*")):
        match = _LITTER.match(path.name)
        if not match or int(match.group(1)) == os.getpid() or _process_alive(int(match.group(1))):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def build(
    db_path: Path = DEFAULT_DB,
    data_dir: Path = DEFAULT_DATA_DIR,
    *,
    log: Callable[[str], None] = print,
) -> BuildReport:
    """Build the warehouse at ``db_path`` from ``data_dir``; return what was done.

    Raises
    ------
    etl.load.InputError
        A raw file (or boundary file) is missing, malformed or breaks an input rule (the
        message names file, row or feature, and column).
    BuildError
        A model, the statistics (the message names indicator, area and period) or a data test
        failed. In every case the previous warehouse is untouched.
    """
    db_path = Path(db_path).resolve()
    data_dir = Path(data_dir).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = db_path.parent / f".build-{os.getpid()}-{db_path.name}"
    for litter in remove_litter(db_path.parent):
        log(f"removed {litter.name}, left by a build that was killed")
    for leftover in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    report = BuildReport(db_path=db_path)
    started = time.perf_counter()
    # The inputs as they are when the build starts: an edit during the build triggers another.
    fingerprint = input_fingerprint(data_dir)

    def stage(name: str, work: Callable[[], object]) -> None:
        t0 = time.perf_counter()
        log(f"[{name}] ...")
        try:
            work()
        except (InputError, BuildError):
            raise
        except (ValueError, duckdb.Error) as exc:
            # data the input rules let through and a later stage refused: name the stage
            msg = f"stage {name!r} failed: {exc}"
            raise BuildError(msg) from exc
        report.stage_seconds[name] = time.perf_counter() - t0
        log(f"[{name}] done in {report.stage_seconds[name]:.2f} s")

    con = duckdb.connect(str(tmp_path))
    try:
        con.execute("set preserve_insertion_order = true")

        def load_all() -> None:
            for source in SOURCES:
                n = load_source(con, source, data_dir)
                log(f"  {source.name}: {n:,} rows")
            load_seeds(con)
            define_macros(con)

        stage("load sources", load_all)
        stage("catalogue", lambda: write_catalogue(con))
        stage("geometry", lambda: build_geometry(con, data_dir))
        stage("staging", partial(run_models, con, "staging"))

        def gates() -> None:
            n = build_quality_flags(con)
            log(f"  {n} district values flagged by the quality gates")

        stage("quality gates", gates)
        # one dependency-ordered pass: intermediate models read the areas and area_lookup marts,
        # and marts (stroke_units, area_stroke_units, build_issues) read intermediate models
        stage("intermediate and marts", partial(run_models, con, "intermediate", "marts"))
        stage("statistics", lambda: build_statistics(con, log))

        def inequalities() -> None:
            n = build_inequality(con)
            log(f"  {n:,} decile SIIs (indicator x area x period)")

        stage(FINAL_PHASE, lambda: run_models(con, FINAL_PHASE))
        stage("inequality", inequalities)

        def test() -> None:
            failures, warnings = checks.run_checks(con)
            report.warnings = warnings
            for warning in warnings:
                log(f"  warning: {warning}")
            if failures:
                msg = "data tests failed:\n  " + "\n  ".join(failures)
                raise BuildError(msg)
            log(f"  {len(checks.CHECKS)} data tests passed")

        stage("data tests", test)

        report.table_rows = {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]  # type: ignore[index]
            for name in checks.CONTRACT_TABLES
        }
        report.issue_summary = [
            (r[0], r[1], r[2], r[3])
            for r in con.execute(
                "select source, reason, count(*) as n_codes, sum(n_rows) as n_rows from build_issues"
                " group by all order by source, n_codes desc"
            ).fetchall()
        ]
        con.execute(
            "create or replace table build_info as select * from (values "
            + ", ".join(f"('{k}', {v:.3f})" for k, v in report.stage_seconds.items())
            + ") as t(stage, seconds)"
        )
        con.execute("alter table build_info add column input_fingerprint varchar")
        con.execute("alter table build_info add column built_at timestamptz")
        con.execute(
            "update build_info set input_fingerprint = ?, built_at = ?",
            [fingerprint, datetime.now(UTC)],
        )
        con.execute("checkpoint")
        con.close()
        os.replace(tmp_path, db_path)
    except BaseException:
        con.close()
        tmp_path.unlink(missing_ok=True)
        tmp_path.with_name(tmp_path.name + ".wal").unlink(missing_ok=True)
        raise

    report.size_bytes = db_path.stat().st_size
    total = time.perf_counter() - started
    report.stage_seconds["total"] = total
    log(f"warehouse written: {db_path} ({report.size_bytes / 1e6:.1f} MB) in {total:.1f} s")
    for name, n in report.table_rows.items():
        log(f"  {name}: {n:,} rows")
    log("build issues (rows that did not join or areas left without data):")
    for source, reason, n_codes, n_rows in report.issue_summary:
        log(f"  {source}: {reason} [{n_codes} codes, {n_rows} rows]")
    return report


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m etl build``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="build the warehouse from the shipped data")
    build_cmd.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file to write")
    build_cmd.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data directory")
    args = parser.parse_args(argv)
    try:
        build(args.db, args.data)
    except (InputError, BuildError) as exc:
        # the error alone on stderr (one line for bad input); the reassurance with the log
        print(f"build failed: {exc}", file=sys.stderr)
        print(f"the previous warehouse (if any) is unchanged: {Path(args.db).resolve()}")
        return 1
    return 0
