"""Serve each geography's boundaries once, as a cacheable, gzip-compressed GeoJSON file.

The map figures reference ``/geometry/<geography>.geojson?v=<warehouse version>`` instead of
embedding the polygons, so a figure carries only values and the browser downloads each
geography's shapes once (the LSOA layer is 11.2 MB of GeoJSON, 1.9 MB gzipped) and then
reuses its cached copy. Works offline: the file comes from this server.
"""

from __future__ import annotations

import flask

from core import geographies
from dashboard.data import boundaries, warehouse

ROUTE = "/geometry/<geography>.geojson"


def geometry_url(geography: str) -> str:
    """URL of a geography's GeoJSON, versioned by the warehouse file so caches stay correct."""
    return f"/geometry/{geography}.geojson?v={warehouse.warehouse_version()}"


def serve_geometry(geography: str) -> flask.Response:
    """Flask view: the GeoJSON of one geography (404 for an unknown geography)."""
    if geography not in geographies.GEOGRAPHY_LABELS:
        flask.abort(404)
    gzipped = "gzip" in flask.request.headers.get("Accept-Encoding", "")
    body = boundaries.geojson_payload(geography, gzipped=gzipped)
    response = flask.Response(body, mimetype="application/geo+json")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Vary"] = "Accept-Encoding"
    return response


def register(server: flask.Flask) -> None:
    """Add the geometry route to the Flask server behind the Dash app."""
    server.add_url_rule(ROUTE, "geometry", serve_geometry)
