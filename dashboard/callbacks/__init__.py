"""Callbacks, one module per page; importing this package registers them all."""

from dashboard.callbacks import (
    atlas,  # noqa: F401
    gaps,  # noqa: F401
    stroke,  # noqa: F401
)
