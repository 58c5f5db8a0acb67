"""``python -m ceproof``."""

from .cli import cli

cli(prog_name="ceproof")
