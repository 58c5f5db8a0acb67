"""Errors the CLI turns into exit codes."""


class BadInput(ValueError):
    """The user asked for something we cannot do (exit code 2)."""
