"""The error a failed build raises (bad raw input raises ``etl.load.InputError`` instead)."""


class BuildError(RuntimeError):
    """The build failed; the message says which stage and why."""
