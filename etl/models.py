"""SQL models: where they live, which are temporary, their dependency order and running them;
the seeds and SQL macros they read.

A model is ``etl/sql/<phase>/<name>.sql``, run as ``create table <name> as <query>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb

from core import methods
from etl.errors import BuildError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
SQL_DIR = PACKAGE_DIR / "sql"
SEEDS_DIR = PACKAGE_DIR / "seeds"
SQL_PHASES = ("staging", "intermediate", "marts")
FINAL_PHASE = "final"

#: Models that only feed the build are temporary (in-memory) tables, so they never reach the
#: warehouse file (DuckDB does not shrink a file when a table is dropped). The rule is by folder
#: and prefix, not by list: every model of ``sql/intermediate/``, and every SSNAP staging model
#: (``stg_ssnap__*``: raw unit and LSOA small counts; the published tables are
#: ``lsoa_measures`` and ``stroke_units``, which suppress counts of 1-4). Raw sources
#: (``src_*``, `etl.load`) and the quality flags (``int_quality_flags_lad21``) are temporary too.
TEMPORARY_PHASES = ("intermediate",)
TEMPORARY_PREFIXES = ("stg_ssnap__",)


def is_temporary(phase: str, name: str) -> bool:
    """True when the model ``sql/<phase>/<name>.sql`` is built as a temporary table."""
    return phase in TEMPORARY_PHASES or name.startswith(TEMPORARY_PREFIXES)


def model_order(paths: Iterable[Path]) -> list[Path]:
    """Order SQL models so each runs after the models it reads (names found in its text)."""
    models = {p.stem: p for p in paths}
    deps = {}
    for name, path in models.items():
        text = re.sub(r"--[^\n]*", "", path.read_text())
        deps[name] = {
            other for other in models if other != name and re.search(rf"\b{other}\b", text)
        }
    ordered: list[Path] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            msg = f"SQL models form a cycle through {name}"
            raise BuildError(msg)
        visiting.add(name)
        for dep in sorted(deps[name]):
            visit(dep)
        visiting.discard(name)
        done.add(name)
        ordered.append(models[name])

    for name in sorted(models):
        visit(name)
    return ordered


def run_models(con: duckdb.DuckDBPyConnection, *phases: str) -> list[str]:
    """Run every ``sql/<phase>/*.sql`` model of ``phases`` as ``create table <file stem> as
    <query>``, in dependency order across the phases together (`model_order`); a model of the
    intermediate folder (or another temporary one, :func:`is_temporary`) as a temp table."""
    paths = [p for phase in phases for p in (SQL_DIR / phase).glob("*.sql")]
    names = []
    for path in model_order(paths):
        try:
            kind = "temp table" if is_temporary(path.parent.name, path.stem) else "table"
            con.execute(f"create or replace {kind} {path.stem} as\n{path.read_text()}")
        except duckdb.Error as exc:
            msg = f"model {path.relative_to(REPO_DIR)} failed: {exc}"
            raise BuildError(msg) from exc
        names.append(path.stem)
    return names


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """SQL macros the models share (temporary: not stored in the warehouse).

    ``is_small_count(n)``: a count of 1 to ``DISCLOSURE_MIN_COUNT - 1`` people or events
    (`core.methods.DISCLOSURE_MIN_COUNT`), which must not be published; NULL for NULL.
    ``below_min_count(n)``: below that threshold, zero included (what the pages blank).
    ``wilson_lower(x, n)``, ``wilson_upper(x, n)``: Wilson score 95% limits of x / n as
    fractions (`core.methods.proportion`); NULL unless n > 0.
    """
    con.execute(
        "create or replace temp macro is_small_count(n) as"
        f" n > 0 and n < {int(methods.DISCLOSURE_MIN_COUNT)}"
    )
    con.execute(
        "create or replace temp macro below_min_count(n) as"
        f" n < {int(methods.DISCLOSURE_MIN_COUNT)}"
    )
    # Wilson score limits as fractions, as core.methods.proportion (its z, its end rules)
    z = repr(methods._z(0.95))
    for name, sign, end in (("wilson_lower", "-", "x = 0 then 0.0"),
                            ("wilson_upper", "+", "x = n then 1.0")):
        con.execute(
            f"create or replace temp macro {name}(x, n) as case when not (n > 0) then null"
            f" when {end} else (2 * x + {z} * {z} {sign} {z} * sqrt({z} * {z}"
            f" + 4 * x * (1 - x / n))) / 2 / (n + {z} * {z}) end"
        )


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """Load hand-maintained lookup seeds (``etl/seeds/*.csv``) as ``seed_<name>``."""
    for path in sorted(SEEDS_DIR.glob("*.csv")):
        con.execute(
            f"create or replace table seed_{path.stem} as select * from read_csv(?, header = true,"
            " all_varchar = true)",
            [str(path)],
        )
