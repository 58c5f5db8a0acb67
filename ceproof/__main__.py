"""``python -m ceproof``."""

from .cli import run

run()
