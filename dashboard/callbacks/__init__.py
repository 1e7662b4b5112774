"""Callbacks, one module per page."""
