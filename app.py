"""Health needs atlas: build the warehouse if missing or stale, then serve the Dash app.

Run ``python app.py`` (HOST and PORT env vars, default 127.0.0.1:8050). Set ``ATLAS_WAREHOUSE``
to read another warehouse file.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash

HERE = Path(__file__).resolve().parent


def create_app() -> dash.Dash:
    """The Dash app (pages register from dashboard/pages; callbacks from dashboard/callbacks)."""
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "dashboard" / "pages"),
        assets_folder=str(HERE / "dashboard" / "assets"),
        title="Health needs atlas",
        serve_locally=True,
    )
    from dashboard import (
        callbacks,  # noqa: F401  (registers every page's callbacks)
        geometry,
        shell,
    )

    geometry.register(app.server)
    app.layout = shell.layout
    return app


def main() -> None:
    """Build the warehouse if needed, then serve."""
    from etl import build as etl_build

    warehouse = Path(os.environ.get("ATLAS_WAREHOUSE", etl_build.DEFAULT_DB))
    if warehouse == etl_build.DEFAULT_DB and etl_build.needs_build():
        print("Building the warehouse (about 20 s)...")
        etl_build.build()
    app = create_app()
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")),
            debug=False)


if __name__ == "__main__":
    main()
