"""The `econ-ties` command line: `main` parses the arguments and runs one subcommand."""

from econ_ties.cli.main import main

__all__ = ["main"]
