"""Benchmark: the full national warehouse build, per stage.

Prints seconds per stage and each stage as a ratio of a baseline measured in the same run: the
time DuckDB takes just to read every shipped source file once (the I/O floor of any build).
Target (issue 2): full build from shipped data <= 60 s on a 2-core machine.

    python benchmarks/build_national.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl import build as etl_build  # noqa: E402
from etl.sources import SOURCES  # noqa: E402

TARGET_SECONDS = 60.0


def read_all_sources(data_dir: Path) -> float:
    """Seconds to read every source CSV once with DuckDB (count rows): the baseline."""
    con = duckdb.connect()
    t0 = time.perf_counter()
    for source in SOURCES:
        con.execute(
            "select count(*) from read_csv(?, all_varchar = true)", [str(data_dir / source.path)]
        ).fetchone()
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, default=etl_build.DEFAULT_DATA_DIR)
    args = parser.parse_args()
    baseline = read_all_sources(args.data)
    print(f"baseline: read every source file once: {baseline:.2f} s")
    worst_total = 0.0
    for run in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            report = etl_build.build(Path(tmp) / "warehouse.duckdb", args.data, log=lambda _: None)
        print(f"run {run + 1}: warehouse {report.size_bytes / 1e6:.1f} MB")
        print(f"  {'stage':<14} {'seconds':>8} {'x baseline':>11}")
        for stage, seconds in report.stage_seconds.items():
            print(f"  {stage:<14} {seconds:8.2f} {seconds / baseline:11.1f}")
        worst_total = max(worst_total, report.stage_seconds["total"])
    verdict = "meets" if worst_total <= TARGET_SECONDS else "MISSES"
    print(f"slowest full build {worst_total:.1f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
