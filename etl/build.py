"""Build the warehouse: sources -> catalogue -> geometry -> staging -> quality gates ->
intermediate and marts -> statistics -> final -> inequality.

The build writes a new DuckDB file beside the target (``.build-<pid>.duckdb``), runs the data
tests on it, and only then renames it over the target (an atomic ``os.replace``). Any failure
removes the temporary file and leaves the previous warehouse byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from core import methods
from etl import checks, geo, inequality, quality, statistics
from etl.indicators import CATALOGUE
from etl.load import InputError, load_source
from etl.sources import SOURCES

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = REPO_DIR / "data"
DEFAULT_DB = DEFAULT_DATA_DIR / "warehouse.duckdb"
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


class BuildError(RuntimeError):
    """The build failed; the message says which stage and why."""


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


def write_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    """Write the indicator catalogue as ``catalogue`` and its loaders as ``indicator_sources``."""
    catalogue = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "name": i.name,
                "domain": i.domain,
                "unit": i.unit,
                "multiplier": float(i.multiplier),
                "polarity": i.polarity,
                "value_type": i.value_type,
                "source": i.source,
                "licence": i.licence,
                "min_count": i.min_count,
                "description": i.description,
                "role": i.role,
                "confidence_intervals": i.confidence_intervals,
                "standard": i.standard,
                "standard_source": i.standard_source,
                # unbounded ends are stored as NULL
                "plausible_min": i.plausible_bounds[0] if np.isfinite(i.plausible_bounds[0])
                else None,
                "plausible_max": i.plausible_bounds[1] if np.isfinite(i.plausible_bounds[1])
                else None,
                "peer_z": i.peer_z,
                "change_z": i.change_z,
                "counts_give_value": i.counts_give_value,
            }
            for i in CATALOGUE
        ]
    )
    sources = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "loader": i.loader,
                "source_key": i.source_key,
                "source_filter": i.source_filter,
                "weight": i.weight,
            }
            for i in CATALOGUE
        ]
    )
    con.register("catalogue_df", catalogue)
    con.register("sources_df", sources)
    con.execute(
        "create or replace table catalogue as select * replace"
        " (cast(standard as double) as standard, cast(plausible_min as double) as plausible_min,"
        " cast(plausible_max as double) as plausible_max, cast(peer_z as double) as peer_z,"
        " cast(change_z as double) as change_z) from catalogue_df"
    )
    con.execute("create or replace table indicator_sources as select * from sources_df")
    con.unregister("catalogue_df")
    con.unregister("sources_df")


def build_geometry(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Simplified web boundaries for every geography, and each LSOA's nearest GP practice."""
    rows, collections = geo.build_all_boundaries(data_dir / "sources" / "boundaries")
    con.register("boundaries_df", rows)
    con.register("geojson_df", collections)
    con.execute("create or replace table boundaries as select * from boundaries_df")
    con.execute("create or replace table boundary_geojson as select * from geojson_df")
    con.unregister("boundaries_df")
    con.unregister("geojson_df")

    centroids = con.execute(
        "select lsoa21_code, easting_bng, northing_bng from src_lsoa21_centroids order by 1"
    ).df()
    practices = con.execute(
        "select practice_code, easting_bng, northing_bng from src_gp_practices"
        " where easting_bng is not null and northing_bng is not null order by 1"
    ).df()
    index, distance_km = geo.nearest_points_km(
        centroids[["easting_bng", "northing_bng"]].to_numpy(),
        practices[["easting_bng", "northing_bng"]].to_numpy(),
    )
    nearest = pd.DataFrame(
        {
            "lsoa21_code": centroids["lsoa21_code"],
            "nearest_practice_code": practices["practice_code"].to_numpy()[index],
            "gp_distance_km": distance_km,
        }
    )
    con.register("nearest_df", nearest)
    con.execute("create or replace table geo_lsoa21_nearest_gp as select * from nearest_df")
    con.unregister("nearest_df")


def build_quality_flags(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the quality gates (`etl.quality`) where values enter as district values only.

    Reads every ``health_index`` entry's 2021 district values from staging, applies the
    entry's plausible range and opt-in peer and change rules per indicator, and writes the
    flagged values to ``int_quality_flags_lad21`` (indicator_id, ltla21_code, period, value,
    quality_flag, quality_reason), which ``int_values_health_index`` reads. Returns the
    number of flagged values.
    """
    values = con.execute(
        "select s.indicator_id, hi.ltla21_code as area_code, hi.period, hi.value"
        " from stg_ons__health_index_lad21 as hi join indicator_sources as s"
        " on s.loader = 'health_index' and s.source_key = hi.health_index_name"
        " order by 1, 2, 3"
    ).df()
    rules = con.execute(
        "select indicator_id, plausible_min, plausible_max, peer_z, change_z from catalogue"
    ).df().set_index("indicator_id")
    parts = []
    for indicator_id, rows in values.groupby("indicator_id", sort=True):
        rule = rules.loc[indicator_id]
        flagged = quality.flag_values(
            rows[["area_code", "period", "value"]],
            plausible_range=(
                -np.inf if pd.isna(rule["plausible_min"]) else float(rule["plausible_min"]),
                np.inf if pd.isna(rule["plausible_max"]) else float(rule["plausible_max"]),
            ),
            peer_z=None if pd.isna(rule["peer_z"]) else float(rule["peer_z"]),
            change_z=None if pd.isna(rule["change_z"]) else float(rule["change_z"]),
            area_label="2021 districts",
        )
        parts.append(flagged[flagged["quality_flag"].notna()].assign(indicator_id=indicator_id))
    columns = ["indicator_id", "area_code", "period", "value", "quality_flag", "quality_reason"]
    flags = pd.concat(parts) if parts else pd.DataFrame(columns=columns)
    flags = flags[columns].rename(columns={"area_code": "ltla21_code"}).astype(
        {"indicator_id": str, "ltla21_code": str, "period": str, "value": float,
         "quality_flag": str, "quality_reason": str}
    )
    con.register("flags_df", flags)
    con.execute(
        "create or replace temp table int_quality_flags_lad21 as select * from flags_df"
        " order by indicator_id, ltla21_code, period"
    )
    con.unregister("flags_df")
    return len(flags)


#: each flagged value in ``indicator_values`` becomes one ``build_issues`` row (run after the
#: statistics stage, which applies the range rule to every other row)
QUALITY_ISSUES_SQL = """
insert into build_issues
select
    'quality_gates' as source,
    'indicator_values' as stage,
    area_code,
    'Quality flag ' || quality_flag || ': ' || indicator_id || ' ' || period
        || coalesce(' (' || nullif(category, '') || ')', '')
        || coalesce(' = ' || round(value, 2), ' (no value)') || ': ' || quality_reason
        || '. Kept with its flag; left out of means, indices, rankings, comparisons and'
        || ' investment sizing' as reason,
    cast(1 as bigint) as n_rows
from indicator_values
where quality_flag is not null
order by indicator_id, area_code, period
"""


#: exact nestings for secondary suppression: (parent, child geography, child) where every
#: child of that geography overlapping the parent lies wholly inside it (all weights 1), so the
#: parent's count is the sum of the children's. A unitary authority's row as its own child
#: (district and upper tier share one code) is left out.
NESTING_SQL = """
select parent_code, child_geography, child_code
from area_lookup
where child_code <> parent_code
qualify min(weight) over (partition by parent_code, parent_geography, child_geography) = 1
order by parent_code, child_geography, child_code
"""

#: the breakdown cell each LSOA falls in: its national IMD 2025 decile (int_values_lsoa)
LSOA_CATEGORIES_SQL = """
select lsoa21_code as area_code,
    'IMD 2025 national decile of LSOA (1 = most deprived)' as category_type,
    cast(imd_decile as varchar) as category
from int_lsoa_measures
where imd_decile is not null
order by lsoa21_code
"""


def build_statistics(con: duckdb.DuckDBPyConnection, log: Callable[[str], None] = print) -> None:
    """Values, 95% and 99.8% limits, England comparison and suppression, primary and
    secondary across breakdowns and nested geographies (`etl.statistics`)."""
    # in key order, so that results and the row a statistics error names do not depend on
    # the order DuckDB's threads produced the rows in
    raw = con.execute(
        "select * from int_indicator_values_raw order by indicator_id, area_code, period, sex,"
        " age, category_type, category"
    ).df()
    catalogue = con.execute("select * from catalogue").df()
    nesting = con.execute(NESTING_SQL).df()
    lsoa_categories = con.execute(LSOA_CATEGORIES_SQL).df()
    try:
        values = statistics.compute_indicator_values(
            raw, catalogue, nesting=nesting, lsoa_categories=lsoa_categories, log=log
        )
    except statistics.StatisticsError as exc:
        msg = f"statistics failed for {exc}"
        raise BuildError(msg) from exc
    con.register("values_df", values)
    con.execute(
        "create or replace table indicator_values as select indicator_id, area_code, period, sex,"
        " age, category_type, category, value, lower_95, upper_95, lower_998, upper_998,"
        ' "count", denominator, compared_to_england, is_suppressed, note,'
        " cast(quality_flag as varchar) as quality_flag,"
        " cast(quality_reason as varchar) as quality_reason from values_df"
        " order by indicator_id, area_code, period, sex, age, category_type, category"
    )
    con.unregister("values_df")
    con.execute(QUALITY_ISSUES_SQL)


def build_inequality(con: duckdb.DuckDBPyConnection) -> int:
    """Deprivation-decile SII and RII of every (indicator, area, period) with an LSOA-decile
    breakdown, written to ``inequality_sii`` (returns its row count); and the SII across
    area deciles of each preventive measure and page geography, ``area_gradient_sii``
    (`etl.inequality`). Runs after the final phase (it reads ``area_totals`` and
    ``indicators``)."""
    deciles = con.execute(inequality.DECILES_SQL, {"decile_type": inequality.DECILE_TYPE}).df()
    catalogue = con.execute("select indicator_id, value_type, unit from catalogue").df()
    table = inequality.decile_sii(deciles, catalogue)
    con.register("sii_df", table)
    con.execute(
        "create or replace table inequality_sii as select * from sii_df"
        " order by indicator_id, area_code, period"
    )
    con.unregister("sii_df")
    gradients = inequality.area_gradients(
        con.execute("select area_code, geography, population from areas").df(),
        con.execute(
            "select indicator_id, area_code, period, value from area_totals"
            " where quality_flag is null and not coalesce(is_suppressed, false)"
            " and value is not null"
        ).df(),
        con.execute("select indicator_id, geographies, periods from indicators").df(),
    )
    con.register("gradients_df", gradients)
    con.execute(
        "create or replace table area_gradient_sii as select * from gradients_df"
        " order by indicator_id, geography"
    )
    con.unregister("gradients_df")
    return len(table)


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
