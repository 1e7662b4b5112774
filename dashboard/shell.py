"""App shell: navbar built from dash.page_registry, and the page container."""

from __future__ import annotations

import dash
from dash import html

from dashboard import ids


def layout() -> html.Div:
    """Navbar (one link per registered page) above the page container."""
    links = [
        html.A(page["name"], href=page["relative_path"], className="shell-link")
        for page in dash.page_registry.values()
    ]
    return html.Div(
        [
            html.Header(
                [html.Span("Health needs and inequalities atlas, England", className="shell-title"),
                 html.Nav(links)],
                id=ids.SHELL_NAVBAR,
                className="shell-navbar",
            ),
            dash.page_container,
        ]
    )
