"""The `econ-ties` subcommands for published revisions: publish, history, rollback, store check, hash-password.

The command line runs on the server with the store's own credentials, so it needs no analyst sign-in; the author it
records is the `--author` given (for rollback, the login name unless told). Exit codes as elsewhere: 0 done, 1 refused
or the data has errors (a stale publish, a damaged revision), 2 the input or the store could not be read at all.
Text that comes from the store or a file (authors, notes, file names, messages that quote them) is printed through
`terminal_text`: a line break or an escape sequence in it is shown, never run, so it cannot forge a line or clear the
screen.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from econ_ties.cli.reporting import ExitCode, add_language_option, exit_code, in_chosen_language, print_report
from econ_ties.language import _
from econ_ties.model.formatting import counted
from econ_ties.model.inert_text import terminal_text


def _store(args: argparse.Namespace) -> Any:
    from econ_ties.services.published import published_store

    return published_store(args.database)


def _guarded(run: Any) -> Any:
    """Expected failures (a refused publish, an unknown revision, an unreachable database) as one line, not a traceback."""

    def wrapped(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from econ_ties.store.revisions import NotAStore, StoreError

        try:
            return int(run(args))
        except NotAStore as failure:
            print(f"error: {terminal_text(failure)}", file=sys.stderr)
            return ExitCode.UNREADABLE
        except StoreError as failure:
            print(f"error: {terminal_text(failure)}", file=sys.stderr)
            return ExitCode.REFUSED
        except SQLAlchemyError as failure:
            print(f"error: the store could not be used: {terminal_text(str(failure).splitlines()[0])}", file=sys.stderr)
            return ExitCode.UNREADABLE

    return wrapped


def _cmd_publish(args: argparse.Namespace) -> int:
    from econ_ties.checks.uploads import validate_upload_files
    from econ_ties.services import publishing
    from econ_ties.services.published import published_dataset

    store = _store(args)
    parent = args.parent if args.parent is not None else store.latest_number()
    result = validate_upload_files(args.file, published_dataset(parent, url=store.url).sources)
    file_name = ", ".join(path.name for path in args.file)  # a claims file with the sources and events files it cites
    refusal = publishing.refusal(result, valid_rows_only=args.valid_rows_only)
    if refusal is not None:
        if not result.report.ok:
            print_report(result.report, limit=args.limit, report_path=None)
            whole_file = any(p.code in publishing.FILE_PROBLEMS or p.row is None for p in result.report.errors)
            if whole_file or args.valid_rows_only:
                refused = _("Not published: {file} has errors. Fix them and publish again.")
            else:
                refused = _("Not published: {file} has errors. Fix them and publish again (or publish its valid rows only with --valid-rows-only).")
            print(refused.format(file=terminal_text(file_name)), file=sys.stderr)
            return exit_code(result.report)
        print(_("Not published: {file} holds no claims.").format(file=terminal_text(file_name)), file=sys.stderr)
        return ExitCode.REFUSED
    draft = publishing.draft(result, parent=parent, replace_all=args.replace_all, url=store.url, file_name=file_name)
    if len(draft.left_out):
        print_report(result.report, limit=args.limit, report_path=None)
        print(terminal_text(publishing.left_out_summary(draft.left_out)))
    try:
        outcome = publishing.publish(draft, author=args.author, note=args.note, file_name=file_name, url=store.url, valid_rows_only=args.valid_rows_only)
    except publishing.NothingToPublish as unchanged:
        print(_("Not published: {file}: {reason}").format(file=terminal_text(file_name), reason=terminal_text(unchanged)), file=sys.stderr)
        return ExitCode.REFUSED
    revision = outcome.revision
    changes = terminal_text(revision.describe_changes())
    if outcome.merged_onto:
        published = _("Published revision {number} (merged onto revision {onto}, published since revision {parent}): {changes}. Content hash {hash}.")
    else:
        published = _("Published revision {number}: {changes}. Content hash {hash}.")
    print(published.format(number=revision.number, onto=outcome.merged_onto, parent=parent, changes=changes, hash=revision.content_hash))
    return ExitCode.OK


def _cmd_history(args: argparse.Namespace) -> int:
    from econ_ties.services import publishing

    store = _store(args)
    revisions = store.revisions()[: args.limit]
    for r in revisions:
        origin = " " + _("from {file}").format(file=terminal_text(r.file_name)) if r.file_name else ""
        print(
            f"r{r.number}  {r.created_at:%Y-%m-%d %H:%M} UTC  {terminal_text(publishing.revision_author(r))}  [{terminal_text(publishing.revision_kind(r))}]{origin}  {r.content_hash[:12]}"
        )
        print(f"      {terminal_text(r.describe_changes())}")
        if r.note:
            print("      " + _("note: {note}").format(note=terminal_text(publishing.revision_note(r, url=store.url))))
    return ExitCode.OK


def _cmd_rollback(args: argparse.Namespace) -> int:
    from econ_ties.services import publishing

    revision = publishing.rollback(args.revision, author=args.author or getpass.getuser(), note=args.note or "", url=_store(args).url)
    print(
        _("Published revision {number}, equal to revision {earlier}: {changes}.").format(
            number=revision.number, earlier=args.revision, changes=terminal_text(revision.describe_changes())
        )
    )
    return ExitCode.OK


def _cmd_store_check(args: argparse.Namespace) -> int:
    results = _store(args).check()
    for result in results:
        print(f"r{result.number}  {'ok    ' if result.ok else 'DAMAGED'}  {terminal_text(result.message)}")
    damaged = [r.number for r in results if not r.ok]
    print(f"{counted(len(results), 'revision')} checked; " + (f"damaged: {', '.join(map(str, damaged))}" if damaged else "all intact"))
    return ExitCode.REFUSED if damaged else ExitCode.OK


def _cmd_hash_password(args: argparse.Namespace) -> int:
    from econ_ties.services.auth import ENV_VARIABLE, hash_password

    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the two passwords differ", file=sys.stderr)
            return ExitCode.REFUSED
    if not password:
        print("error: the password is empty", file=sys.stderr)
        return ExitCode.REFUSED
    hashed = hash_password(password)
    print(hashed)
    name = args.name or "NAME"
    print(f'# .streamlit/secrets.toml:  [analysts]  {name} = "{hashed}"', file=sys.stderr)
    print(f"# or the environment:      {ENV_VARIABLE}='{name}:{hashed}'", file=sys.stderr)
    return ExitCode.OK


def add_store_commands(commands: Any) -> None:
    def with_database(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument(
            "--database", metavar="URL", help="the store's SQLAlchemy URL (default: ECON_TIES_DATABASE_URL, else the SQLite file in the data folder)"
        )
        return parser

    publish = with_database(commands.add_parser("publish", help="validate a claims CSV and publish it as a new revision"))
    publish.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="a claims CSV, or a claims CSV with the sources and events CSVs it cites (uploaded claims replace published ones with the same id "
        "and add the rest)",
    )
    publish.add_argument("--author", required=True, help="who publishes (recorded with the revision and in the audit log)")
    publish.add_argument("--note", required=True, help="why: recorded with the revision")
    publish.add_argument("--parent", type=int, help="the revision the file was prepared against (default: the latest)")
    publish.add_argument("--replace-all", action="store_true", help="make the file's claims the whole claim set (claims it leaves out are removed)")
    publish.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="publish the valid rows of a file whose rows have errors; the rows left out are named in the note and kept with the revision",
    )
    publish.add_argument("--limit", type=int, default=200, help="print at most this many problems (default 200)")
    add_language_option(publish)
    publish.set_defaults(run=_guarded(in_chosen_language(_cmd_publish)))

    history = with_database(commands.add_parser("history", help="list the published revisions, newest first, with what each changed"))
    history.add_argument("--limit", type=int, default=50, help="show at most this many revisions (default 50)")
    add_language_option(history)
    history.set_defaults(run=_guarded(in_chosen_language(_cmd_history)))

    rollback = with_database(commands.add_parser("rollback", help="publish a new revision equal to an earlier one"))
    rollback.add_argument("revision", type=int, help="the revision to restore")
    rollback.add_argument("--author", help="who rolls back (default: your login name)")
    rollback.add_argument("--note", help="why (default: 'Roll back to revision N')")
    add_language_option(rollback)
    rollback.set_defaults(run=_guarded(in_chosen_language(_cmd_rollback)))

    store = commands.add_parser("store", help="maintain the published store")
    store_commands = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    check = with_database(store_commands.add_parser("check", help="recompute every revision's content hash; exit 0 when all are intact"))
    check.set_defaults(run=_guarded(_cmd_store_check))

    hashing = commands.add_parser("hash-password", help="make an argon2 hash of an analyst password for the secrets or the environment")
    hashing.add_argument("--name", help="the analyst name to show in the example configuration line")
    hashing.add_argument("--stdin", action="store_true", help="read the password from the first line of standard input (for scripts)")
    hashing.set_defaults(run=_cmd_hash_password)
