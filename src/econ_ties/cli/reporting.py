"""Exit codes and report printing shared by every `econ-ties` subcommand.

One set of exit codes for the whole command line: 0 done (warnings allowed), 1 refused or the data has errors (a file
with bad rows, a stale publish, a damaged revision), 2 the input or the store could not be read or used at all.
A command that prints a report takes `--lang` (`add_language_option`): its messages and the command's own sentences are
then written in that language; the problem codes, and the English default, stay as they are.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path

from econ_ties.language import DEFAULT, LANGUAGES, _, using
from econ_ties.model.problems import ValidationReport


class ExitCode(IntEnum):
    OK = 0
    #: the data has errors, or the request was refused (stale publish, damaged revision, unknown revision)
    REFUSED = 1
    #: the input or the store could not be read or used at all
    UNREADABLE = 2


#: problem codes that mean the file could not be read at all, rather than that some of its rows are wrong
UNREADABLE_CODES = frozenset({"unreadable-file", "empty-file", "encoding-error", "unknown-format", "too-large"})


def exit_code(report: ValidationReport) -> int:
    if any(p.code in UNREADABLE_CODES for p in report.errors):
        return ExitCode.UNREADABLE
    return ExitCode.OK if report.ok else ExitCode.REFUSED


def print_report(report: ValidationReport, *, limit: int | None, report_path: Path | None) -> None:
    print(report.render(limit=limit))
    if report_path is not None:
        report_path.write_text(report.to_csv(), encoding="utf-8")
        print(_("Full report written to {path}").format(path=report_path))


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT,
        help="the language of the report's messages and of the command's sentences (the problem codes stay as they are; default en)",
    )


def in_chosen_language(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """`run` with everything it writes in the language of `--lang`."""

    def wrapped(args: argparse.Namespace) -> int:
        with using(args.lang):
            return run(args)

    return wrapped
