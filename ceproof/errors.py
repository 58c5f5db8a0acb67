"""Errors the CLI turns into exit codes."""

from __future__ import annotations

import re

PARAMETERS = ("classes", "label", "loss", "epsilon", "weight", "temperature", "gamma", "features", "lam",
              "activation", "force", "output", "format", "plot", "brief", "expr", "var", "positive", "given")
"""The argument names a message may mark as ``{name}``; other braces are left as they are."""
_PARAMETER = re.compile(r"\{(" + "|".join(PARAMETERS) + r")\}")


class BadInput(ValueError):
    """The user asked for something we cannot do (exit code 2).

    The message names arguments as ``{classes}``: in Python terms it reads ``classes`` (the keyword
    argument), and ``cli_message`` reads ``--classes`` (the option)."""

    def __init__(self, template: str):
        self.template = template
        super().__init__(_PARAMETER.sub(lambda m: m.group(1), template))

    def cli_message(self) -> str:
        return _PARAMETER.sub(lambda m: "--" + m.group(1).replace("_", "-"), self.template)
