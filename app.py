"""Health needs atlas: build the warehouse if missing or stale, then serve the Dash app.

``python app.py`` serves through waitress, a production WSGI server that runs on Windows and
Linux, with ``THREADS`` worker threads (default 8) on ``HOST``:``PORT`` (default
127.0.0.1:8050). ``python app.py --debug`` uses Flask's development server with Dash's
debugger instead (one developer, never a room). Set ``ATLAS_WAREHOUSE`` to read another
warehouse file.

Behind a reverse proxy with several processes (Linux), build first, then point the WSGI server
at ``server``::

    python -m etl build && gunicorn -w 4 --threads 4 -b 127.0.0.1:8050 'app:server'

``/healthz`` answers 200 with the served warehouse's build time and input fingerprint.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import dash
import flask

HERE = Path(__file__).resolve().parent

_app: dash.Dash | None = None
# Dash's default page template with the document's language (British English) on <html>, so
# that screen readers pronounce it as English.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def create_app() -> dash.Dash:
    """The Dash app: every page package of ``dashboard.pages`` registers its layout and
    callbacks (``dashboard.pages.register_all``; no folder scan, so each module is imported
    once, by its package name)."""
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(HERE / "dashboard" / "assets"),
        title="Health needs atlas",
        serve_locally=True,
        index_string=INDEX_STRING,
    )
    from dashboard import errors, geometry, pages, shell

    pages.register_all()

    errors.register(app)  # callback errors -> log + no_update; malformed callback requests -> 400
    geometry.register(app.server)
    app.server.before_request(_switch_to_rebuilt_warehouse)
    app.server.add_url_rule("/healthz", "healthz", healthz)
    app.layout = shell.layout
    return app


def _switch_to_rebuilt_warehouse() -> None:
    """Before each request: read a rebuilt warehouse if the build swapped one in."""
    from dashboard.data import warehouse

    warehouse.refresh()  # returns a flag; a before_request hook must return None


def healthz() -> tuple[flask.Response, int]:
    """Flask view: 200 with the warehouse's build time, input fingerprint and version token (the
    one in geometry URLs), 503 when the warehouse cannot be read."""
    from dashboard.data import warehouse

    try:
        info = warehouse.build_info()
    except Exception as exc:  # noqa: BLE001  (any failure to read is "unhealthy")
        return flask.jsonify(status="error", error=type(exc).__name__), 503
    return flask.jsonify(status="ok", warehouse=warehouse.warehouse_path().name,
                         version=warehouse.warehouse_version(), **info), 200


def __getattr__(name: str):
    """``app.server`` (the Flask server, for gunicorn or waitress-serve) made on first use."""
    global _app
    if name == "server":
        if _app is None:
            _app = create_app()
        return _app.server
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build the warehouse if needed, then serve.")
    parser.add_argument(
        "--debug", action="store_true",
        help="Flask's development server with Dash's debugger (not for shared use)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Build the warehouse if needed, then serve (waitress, or Flask's with ``--debug``)."""
    from etl import build as etl_build

    args = parse_args(argv)
    warehouse = Path(os.environ.get("ATLAS_WAREHOUSE", etl_build.DEFAULT_DB))
    if warehouse == etl_build.DEFAULT_DB and etl_build.needs_build():
        print("Building the warehouse (about 40 s on 2 cores)...", flush=True)
        etl_build.build()
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8050"))
    app = create_app()
    if args.debug:
        app.run(host=host, port=port, debug=True)
        return
    from waitress import serve

    threads = int(os.environ.get("THREADS", "8"))
    print(f"Serving the atlas on http://{host}:{port} (waitress, {threads} threads)", flush=True)
    serve(app.server, host=host, port=port, threads=threads, ident="health-needs-atlas",
          channel_timeout=120)


if __name__ == "__main__":
    main(sys.argv[1:])
