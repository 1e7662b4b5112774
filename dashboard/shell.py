"""App shell: navbar built from dash.page_registry, and the page container."""

from __future__ import annotations

import dash
from dash import html

from dashboard import ids


def layout() -> html.Div:
    """Navbar (a skip link, the atlas's one ``<h1>``, one link per registered page) above the
    page container, which is the ``<main>`` landmark."""
    links = [
        html.A(page["name"], href=page["relative_path"], className="shell-link")
        for page in dash.page_registry.values()
    ]
    return html.Div(
        [
            html.Header(
                [html.A("Skip to the page", href="#page", className="skip-link"),
                 html.H1("Health needs and inequalities atlas, England", className="shell-title"),
                 html.Nav(links)],
                id=ids.SHELL_NAVBAR,
                className="shell-navbar",
            ),
            html.Main(dash.page_container, id="page", tabIndex="-1"),
        ]
    )
