"""The pages, one package each: ``__init__`` (layout and ``register()``), ``state`` (the URL
state, a :class:`dashboard.url_state.PageState`), ``callbacks`` (thin), ``components`` and
``figures`` (pure). :func:`register_all` adds every page in :data:`PAGES` to the app."""

from __future__ import annotations

import importlib
from types import ModuleType

#: page packages, registered in this order
PAGES: tuple[str, ...] = ("atlas", "gaps", "stroke", "prevention", "investment")


def register_all() -> None:
    """Register every page and its callbacks (call after the Dash app is made)."""
    for name in PAGES:
        importlib.import_module(f"dashboard.pages.{name}").register()


def callback_modules() -> list[ModuleType]:
    """Every page's callbacks module (tests re-import them for a new app)."""
    return [importlib.import_module(f"dashboard.pages.{name}.callbacks") for name in PAGES]
