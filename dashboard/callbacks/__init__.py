"""Callbacks, one module per page; importing this package registers them all."""

from dashboard.callbacks import (
    gaps,  # noqa: F401
    investment,  # noqa: F401
    stroke,  # noqa: F401
)
