"""Callbacks, one module per page; importing this package registers them all."""

from dashboard.callbacks import (
    atlas,  # noqa: F401
)
