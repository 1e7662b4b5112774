"""Benchmark: the probabilistic sensitivity analysis of one investment scenario.

Prints, for each intervention in the catalogue, the median time of
``planning.psa.run_psa`` (10,000 seeded draws of every uncertain input, and the one-way tornado)
and, as its baseline measured in the same run, the median time of the deterministic
``planning.scenario.evaluate`` of the same scenario; the ratio says what the uncertainty
analysis adds to a page response. Target: the PSA stays under 100 ms a scenario, so the
investment page answers at the speed of a click.

    python benchmarks/psa.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planning import psa  # noqa: E402
from planning.interventions import CATALOGUE  # noqa: E402
from planning.scenario import Scenario, evaluate  # noqa: E402

TARGET_MS = 100.0


def _median_ms(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    psa.run_psa(Scenario(CATALOGUE[0], 1_000_000, 10_000, 50.0, 55.0))  # imports, warm-up
    print(f"{'intervention':<28}{'evaluate ms':>12}{'PSA ms':>10}{'ratio':>8}")
    worst = 0.0
    for iv in CATALOGUE:
        # a Lancashire-sized case: 1.2 million residents, 5 points more coverage
        scenario = Scenario(iv, 1_200_000, 1_900, 8.5, 13.5, horizon_years=10)
        base = _median_ms(lambda s=scenario: evaluate(s), args.repeat)
        full = _median_ms(lambda s=scenario: psa.run_psa(s), args.repeat)
        worst = max(worst, full)
        print(f"{iv.intervention_id:<28}{base:>12.2f}{full:>10.1f}{full / base:>8.0f}x")
    verdict = "meets" if worst <= TARGET_MS else "MISSES"
    print(f"slowest PSA {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
