"""A naive single-file Dash + Plotly choropleth of the same warehouse: the baseline of
``benchmarks/browser_maps.py``.

Run (from the repository root)::

    python benchmarks/naive_app.py            # http://127.0.0.1:8050
    ATLAS_WAREHOUSE=/path/warehouse.duckdb HOST=127.0.0.1 PORT=8051 python benchmarks/naive_app.py

What a first attempt at the atlas map looks like, written straight from the Dash and Plotly
tutorials: an indicator dropdown and a geography dropdown (the atlas's element ids,
``atlas-indicator``, ``atlas-geography``, map in ``atlas-map``, so the same browser driver
measures both apps) and one callback that, on every change, opens the warehouse read-only with
duckdb, reads the indicator's values and the geography's GeoJSON text, parses it, and returns a
whole new ``px.choropleth_map`` figure with the GeoJSON embedded (every polygon, on every
change; no ``dash.Patch``, no geometry served once by URL, no caching). The period is the
indicator's latest, the atlas's default; the colour scale is continuous. It imports nothing
from the dashboard, so it does not move when the dashboard does.

Served by waitress (as ``python app.py`` serves the atlas) with ``THREADS`` threads (default
8) on ``HOST``:``PORT`` (default 127.0.0.1:8050); ``GET /healthz`` answers 200.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dash
import duckdb
import flask
import plotly.express as px
from dash import Input, Output, dcc, html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDICATOR = "stroke_admissions_rate"  # the atlas's default indicator
DEFAULT_GEOGRAPHY = "utla23"  # the atlas's default map (counties and unitary authorities)
GEOGRAPHIES = {
    "utla23": "Counties and unitary authorities",
    "ltla24": "Local authority districts",
    "icb23": "Integrated care boards",
    "sicbl23": "Sub-ICB locations",
    "region": "Regions",
    "lsoa21": "LSOAs (2021)",
}

# the atlas's ids (dashboard/ids.py), written out: this app imports nothing from dashboard/
INDICATOR_ID = "atlas-indicator"
GEOGRAPHY_ID = "atlas-geography"
MAP_ID = "atlas-map"


def warehouse_path() -> Path:
    return Path(os.environ.get("ATLAS_WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path or warehouse_path()), read_only=True)


def indicator_options(path: Path | None = None) -> list[dict]:
    with connect(path) as con:
        rows = con.execute("select indicator_id, name from indicators order by name").fetchall()
    return [{"label": name, "value": ind} for ind, name in rows]


def map_figure(indicator_id: str, geography: str, path: Path | None = None):
    """The whole choropleth for an indicator (latest period) and a geography, GeoJSON inside."""
    with connect(path) as con:
        name, periods = con.execute(
            "select name, periods from indicators where indicator_id = ?", [indicator_id]
        ).fetchone() or (indicator_id, [""])
        period = periods[-1]
        values = con.execute(
            """
            select a.area_code, any_value(a.area_name) as area_name, avg(v.value) as value
            from areas a
            left join indicator_values v
              on v.area_code = a.area_code and v.indicator_id = ? and v.period = ?
             and coalesce(v.category_type, '') = ''
            where a.geography = ?
            group by a.area_code order by a.area_code
            """,
            [indicator_id, period, geography],
        ).df()
        row = con.execute(
            "select geojson from boundary_geojson where geography = ?", [geography]
        ).fetchone()
    geojson = json.loads(row[0]) if row else {"type": "FeatureCollection", "features": []}
    fig = px.choropleth_map(
        values, geojson=geojson, locations="area_code", color="value",
        hover_name="area_name", color_continuous_scale="Viridis", map_style="white-bg",
        center={"lat": 52.75, "lon": -1.6}, zoom=5.2, opacity=0.9,
        labels={"value": f"{name}<br>{period}"},
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=620)
    return fig


def layout(path: Path | None = None) -> html.Div:
    return html.Div([
        html.H1("Health needs atlas (naive baseline)"),
        dcc.Dropdown(id=INDICATOR_ID, options=indicator_options(path), value=DEFAULT_INDICATOR,
                     clearable=False),
        dcc.Dropdown(id=GEOGRAPHY_ID,
                     options=[{"label": v, "value": k} for k, v in GEOGRAPHIES.items()],
                     value=DEFAULT_GEOGRAPHY, clearable=False),
        dcc.Graph(id=MAP_ID),
    ])


def create_app(path: Path | None = None) -> dash.Dash:
    app = dash.Dash(__name__, title="Naive atlas", serve_locally=True)
    app.layout = layout(path)

    @app.callback(Output(MAP_ID, "figure"), Input(INDICATOR_ID, "value"),
                  Input(GEOGRAPHY_ID, "value"))
    def update_map(indicator_id, geography):
        return map_figure(indicator_id, geography, path)

    app.server.add_url_rule("/healthz", "healthz", lambda: flask.jsonify(status="ok"))
    return app


def main() -> None:
    from waitress import serve

    app = create_app()
    serve(app.server, host=os.environ.get("HOST", "127.0.0.1"),
          port=int(os.environ.get("PORT", "8050")), threads=int(os.environ.get("THREADS", "8")))


if __name__ == "__main__":
    main()
