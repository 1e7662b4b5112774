"""Indicator switch payload and server time, three ways, measured in the same run:

* naive: a plain Plotly figure with the GeoJSON embedded (what re-sending the figure costs);
* full: the app's full figure, polygons by URL (sent when the geography changes);
* patch: the app's `dash.Patch` of values and colours (sent on an indicator switch).

Plus the one-off download of the geography's gzipped GeoJSON, cached by the browser, and the
bytes of every output an indicator switch sends (map patch, funnel, profile, inequality,
quality note, provenance, controls) with their total per switch.
Calls the callback functions directly and serialises as Dash would
(``plotly.utils.PlotlyJSONEncoder``). Run: ``python benchmarks/indicator_switch.py``.
Target (issue 4): LSOA indicator switch < 0.5 MB and < 150 ms of server time; issue 14: the
whole LSOA switch (all outputs) <= 0.5 MB. Measured 2026-12-03 (compact JSON, as Dash sends
it): LSOA switch to stroke_admissions_rate 1.70 MB before (funnel 1.31, map patch 0.39) ->
0.41 MB (funnel 0.07, map patch 0.32); to imd2025_most_deprived_decile_pct 2.58 MB (funnel
1.91, map patch 0.65) -> 0.36 MB (funnel 0.04, map patch 0.31).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import plotly
from plotly.io.json import to_json_plotly

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.data import boundaries, indicators  # noqa: E402
from dashboard.figures.map import map_figure  # noqa: E402
from dashboard.pages.atlas import callbacks  # noqa: E402
from dashboard.pages.atlas.callbacks import map_view, style_for  # noqa: E402

CASES = [
    ("utla23", ("stroke_admissions_rate", "2017-2019"), ("imd2025_score", "2025")),
    ("lsoa21", ("stroke_admissions_rate", "2017-2019"), ("imd2025_score", "2025")),
]


def measure(geography: str, current: str | None, indicator: str, period: str) -> tuple[int, float]:
    """(bytes, seconds) for one callback call, serialisation included."""
    started = time.perf_counter()
    out, _ = map_view(indicator, geography, period, "quantiles", None, current, "atlas-indicator")
    payload = json.dumps(out, cls=plotly.utils.PlotlyJSONEncoder)
    return len(payload.encode()), time.perf_counter() - started


def measure_naive(geography: str, indicator: str, period: str) -> tuple[int, float]:
    """(bytes, seconds) for a full figure with the GeoJSON embedded in it."""
    started = time.perf_counter()
    style = style_for(indicator, geography, period, "quantiles")
    fig = map_figure(boundaries.geojson(geography), indicators.areas(geography), style)
    payload = json.dumps(fig, cls=plotly.utils.PlotlyJSONEncoder)
    return len(payload.encode()), time.perf_counter() - started


def _size(out) -> int:
    """Bytes of an output as Dash sends it (``plotly.io.json.to_json_plotly``: compact)."""
    return len(to_json_plotly(out).encode())


def switch_outputs(geography: str, indicator: str, period: str,
                   area: str | None = None) -> dict[str, int]:
    """Bytes of each output an indicator switch sends (as Dash serialises them)."""
    patch, _ = map_view(indicator, geography, period, "quantiles", area, geography,
                        "atlas-indicator")
    return {
        "map patch": _size(patch),
        "funnel": _size(callbacks.funnel_view(indicator, geography, period, area)),
        "profile+trend": _size(callbacks.profile_view(area, geography, indicator)),
        "inequality": _size(callbacks.inequality_view(indicator, period, area)),
        "quality note": _size(callbacks.quality_note_view(indicator, geography, period)),
        "provenance": _size(callbacks.provenance_view(indicator, geography, period)),
        "controls": _size(callbacks.controls_view(indicator, geography, period)),
    }


def main() -> None:
    """Print full vs patch bytes and time per geography (warm caches, best of 3)."""
    for geography, first, second in CASES:
        map_view(*first[:1], geography, first[1], "quantiles", None, None)  # warm caches
        map_view(second[0], geography, second[1], "quantiles", None, None)
        full = min((measure(geography, None, *second) for _ in range(3)), key=lambda r: r[1])
        patch = min((measure(geography, geography, *second) for _ in range(3)),
                    key=lambda r: r[1])
        naive = measure_naive(geography, *second)
        geometry_gz = len(boundaries.geojson_payload(geography, gzipped=True))
        print(
            f"{geography:7s} naive figure (GeoJSON embedded) {naive[0] / 1e6:7.2f} MB"
            f" {naive[1] * 1000:7.0f} ms | patch/naive bytes {patch[0] / naive[0]:.4f},"
            f" time {patch[1] / naive[1]:.4f} | geometry download once"
            f" {geometry_gz / 1e6:.2f} MB gzipped"
        )
        print(
            f"{geography:7s} full figure {full[0] / 1e6:7.2f} MB {full[1] * 1000:7.0f} ms | "
            f"patch {patch[0] / 1e6:6.3f} MB {patch[1] * 1000:5.0f} ms | "
            f"patch/full bytes {patch[0] / full[0]:.3f}, time {patch[1] / full[1]:.3f}"
        )


    switches = [(g, *case) for g, first, second in CASES for case in (first, second)]
    switches.append(("lsoa21", "imd2025_most_deprived_decile_pct", "2025"))
    for geography, indicator, period in switches:
        if True:
            sizes = switch_outputs(geography, indicator, period)
            parts = ", ".join(f"{k} {v / 1e6:.3f}" for k, v in sizes.items())
            print(f"{geography:7s} switch to {indicator}: total {sum(sizes.values()) / 1e6:.3f} MB"
                  f" ({parts} MB)")


if __name__ == "__main__":
    main()
