"""Gaps page server time and payload per geography, against a baseline in the same run.

Baseline: the atlas's full map for one indicator at the same geography (one indicator read,
classified and serialised). Measured: the gaps page's whole callback (8 indicators read,
standardised, combined, classified, priority list, access SII by decile, serialised).
Run: ``python benchmarks/gap_page.py``. Aim: under 1 s of server time at every geography,
including all 33,755 LSOAs, on a 2-core machine (the atlas map's own time is the yardstick).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import plotly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.data import indicators  # noqa: E402
from dashboard.pages.atlas.callbacks import map_view  # noqa: E402
from dashboard.pages.gaps.callbacks import gaps_outputs  # noqa: E402
from dashboard.pages.gaps.state import GapsState  # noqa: E402


def timed(fn) -> tuple[int, float]:
    """(bytes, seconds) of a call whose result is serialised as Dash would."""
    started = time.perf_counter()
    out = fn()
    payload = json.dumps(out, cls=plotly.utils.PlotlyJSONEncoder)
    return len(payload.encode()), time.perf_counter() - started


def best(fn, n: int = 3) -> tuple[int, float]:
    return min((timed(fn) for _ in range(n)), key=lambda r: r[1])


def main() -> None:
    """Print baseline and gaps-page figures per geography (warm caches, best of 3)."""
    print(f"{'geography':10} {'atlas map':>16} {'gaps page':>16} {'ratio':>6}")
    for geography in ("utla23", "ltla24", "lsoa21"):
        view = GapsState.resolve({"theme": "stroke", "geography": geography})
        period = indicators.indicator("stroke_admissions_rate")["periods"][-1]
        base = best(lambda g=geography, p=period: map_view(
            "stroke_admissions_rate", g, p, "quantiles", None, None)[0])
        gaps = best(lambda v=view: gaps_outputs(v))
        print(f"{geography:10} {base[1] * 1000:7.0f} ms {base[0] / 1e6:5.2f} MB "
              f"{gaps[1] * 1000:7.0f} ms {gaps[0] / 1e6:5.2f} MB {gaps[1] / base[1]:6.1f}x")


if __name__ == "__main__":
    main()
