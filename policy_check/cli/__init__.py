"""The `policy-check` command. Each sub-command lives in its own module."""

from __future__ import annotations

import click

from .. import __version__
from .batch import batch
from .casework import casework, verify
from .check import check
from .evaluate import evaluate_command
from .explain import explain
from .policy import policy
from .rules import rules
from .serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-check")
def main() -> None:
    """Check social media posts against a council's Employee Social Media Policy."""


for command in (check, batch, casework, verify, explain, policy, rules, evaluate_command, serve):
    main.add_command(command)
