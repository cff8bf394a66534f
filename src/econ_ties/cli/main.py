"""The `econ-ties` command line.

Each subcommand lives in one `_cmd_*` function registered in `build_parser`. Exit codes are the same everywhere:
0 clean (warnings allowed), 1 the data has errors, 2 the input could not be read at all. Problems print as one line
each — file:row [column] severity code: message — never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from econ_ties import bundled
from econ_ties.cli.reporting import ExitCode, add_language_option, exit_code, in_chosen_language, print_report
from econ_ties.language import _
from econ_ties.settings import SettingError, load_settings

#: the curated data that ships with the package (the top-level data/ in a checkout)
DEFAULT_DATA = bundled.curated_data_dir()
#: The options of the checkout's .streamlit/config.toml that `serve` passes as flags (the server's address and port
#: come from the command line); tests/cli/test_serve_options.py keeps the two equal.
SERVE_OPTIONS = {
    "browser.gatherUsageStats": "false", "client.toolbarMode": "viewer", "client.showErrorDetails": "none",
    "theme.base": "light", "theme.textColor": "#0a0a0a", "theme.linkColor": "#001050",
}  # fmt: skip


def _cmd_validate(args: argparse.Namespace) -> int:
    from econ_ties.checks.dataset import load_dataset

    paths: list[Path] = args.path or [DEFAULT_DATA]
    if len(paths) == 1 and paths[0].is_dir():
        target = paths[0]
        dataset, report = load_dataset(target)
        print_report(report, limit=args.limit, report_path=args.report)
        print(
            _("{claims} claims, {sources} sources, {events} events valid in {folder}").format(
                claims=len(dataset.claims), sources=len(dataset.sources), events=len(dataset.events), folder=target
            )
        )
        return exit_code(report)
    folders = [p for p in paths if p.is_dir()]
    if folders:
        message = _("{folder} is a folder; give one folder, or several files (a claims file with its sources and events)").format(folder=folders[0])
        print(f"econ-ties: {message}", file=sys.stderr)
        return ExitCode.UNREADABLE
    from econ_ties.checks.uploads import validate_upload

    result = validate_upload(paths, published_dir=args.data)
    print_report(result.report, limit=args.limit, report_path=args.report)
    if result.format_name:
        print(_("{format}: {count} valid claims").format(format=result.format_name, count=len(result.claims)))
    return exit_code(result.report)


def _cmd_serve(args: argparse.Namespace) -> int:
    load_settings()  # a setting that cannot be used stops here, with its name, rather than in the first page run
    dashboard = bundled.dashboard_script()
    command = [sys.executable, "-m", "streamlit", "run", str(dashboard), "--server.headless", "true", "--server.address", args.address]
    # The options of the checkout's .streamlit/config.toml, given here because Streamlit reads that file only from the
    # working folder (and ~/.streamlit), and an installed package has no checkout. Secrets are read from the working
    # folder's .streamlit/secrets.toml as with `streamlit run`.
    command += ["--server.port", str(args.port)]
    command += [part for option, value in SERVE_OPTIONS.items() for part in (f"--{option}", value)]
    print(f"Serving the dashboard at http://{args.address}:{args.port} (Ctrl+C stops it)", flush=True)
    # Become Streamlit (like `exec` in scripts/serve.sh), so a signal to this process reaches the server itself.
    os.execv(sys.executable, command)


def sources_beside(out: Path) -> Path:
    """Where `import --out claims.csv` writes the file's source unless told (`--sources-out`): claims.sources.csv
    beside it, so a data folder's own sources.csv is never overwritten by an import."""
    return out.with_name(out.stem + ".sources.csv")


def _cmd_import(args: argparse.Namespace) -> int:
    """Read a publisher download (or a claims file) and write its valid claims in our own format, for review."""
    from econ_ties.checks.uploads import claims_csv, sources_csv, validate_upload

    sources_path: Path = args.sources_out or sources_beside(args.out)
    if sources_path.resolve() == args.out.resolve():
        message = _("--sources-out and --out are the same file ({path}); the claims and their source need two files").format(path=args.out)
        print(f"econ-ties: {message}", file=sys.stderr)
        return ExitCode.UNREADABLE
    result = validate_upload(args.path, published_dir=args.data)
    print_report(result.report, limit=args.limit, report_path=args.report)
    if not result.format_name:
        return exit_code(result.report)
    args.out.write_text(claims_csv(result.claims), encoding="utf-8")
    print(_("{format}: {count} claims written to {path}").format(format=result.format_name, count=len(result.claims), path=args.out))
    if result.sources:
        sources_path.write_text(sources_csv(result.sources), encoding="utf-8")
        print(
            _("The file's source ({sources}) written to {path}; add it to sources.csv with the claims").format(
                sources=", ".join(result.sources), path=sources_path
            )
        )
    return exit_code(result.report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="econ-ties", description="Sourced bilateral economic figures: validate, import, publish, export.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a data folder or an upload's files and print a row-level report")
    validate.add_argument(
        "path",
        type=Path,
        nargs="*",
        help="a folder with figures.csv, sources.csv, events.csv — or a CSV file, or a claims file with the sources and events "
        "files it cites (default: the bundled data)",
    )
    validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="published data folder whose sources an uploaded file may cite")
    validate.add_argument("--report", type=Path, help="also write the full report as CSV to this file")
    validate.add_argument("--limit", type=int, default=200, help="print at most this many problems (default 200)")
    add_language_option(validate)
    validate.set_defaults(run=in_chosen_language(_cmd_validate))

    imports = commands.add_parser("import", help="turn a publisher's CSV (Comtrade, WITS, IMF) into claims in our own format")
    imports.add_argument("path", type=Path, help="the CSV file exactly as downloaded")
    imports.add_argument("--out", type=Path, required=True, help="where to write the claims (figures.csv columns)")
    imports.add_argument(
        "--sources-out", type=Path, help="where to write the file's source (sources.csv columns; default: beside --out, claims.csv → claims.sources.csv)"
    )
    imports.add_argument("--data", type=Path, default=DEFAULT_DATA, help="published data folder whose sources the claims may cite")
    imports.add_argument("--report", type=Path, help="also write the full report as CSV to this file")
    imports.add_argument("--limit", type=int, default=200, help="print at most this many problems (default 200)")
    add_language_option(imports)
    imports.set_defaults(run=in_chosen_language(_cmd_import))

    serve = commands.add_parser("serve", help="start the dashboard (Streamlit, headless, on 127.0.0.1:8501 unless told otherwise)")
    serve.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1; use 0.0.0.0 to share on a network)")
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    serve.set_defaults(run=_cmd_serve)

    from econ_ties.cli.snapshot import add_snapshot_command

    add_snapshot_command(commands)

    from econ_ties.cli.store import add_store_commands

    add_store_commands(commands)
    return parser


#: What a shell reports for a command ended by SIGPIPE (128 + 13): the exit code when the reader of our output went
#: away and the command itself had nothing worse to report.
READER_GONE = 141


class _Output(io.TextIOBase):
    """Standard output that outlives its reader: once the pipe is closed (`econ-ties store check | head -1`) further
    output is dropped, so the command runs to its end and its own exit code is not lost to a `BrokenPipeError`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._drop_the_rest()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._drop_the_rest()

    def _drop_the_rest(self) -> None:
        self.reader_gone = True
        # The stream still holds what it could not write; pointed at /dev/null, its flush at exit succeeds quietly.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def main(argv: Sequence[str] | None = None) -> int:
    output = _Output(sys.stdout)
    sys.stdout = output
    try:
        code = _run(argv)
        output.flush()
    finally:
        sys.stdout = output.stream
    if output.reader_gone:
        # The reader went away: the command's own failure stands; success is not claimed for output nobody read.
        return code if code != ExitCode.OK else READER_GONE
    return code


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except SettingError as problem:
        print(f"econ-ties: {problem}", file=sys.stderr)
        return ExitCode.UNREADABLE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
