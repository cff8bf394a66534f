"""The `econ-ties snapshot VIEW [--param value ...] --format png|svg|pdf --out FILE` subcommand.

It writes the same file the dashboard's download buttons give, without a browser window: the data is the latest
published revision of the store (`econ_ties.services.published`, the path the dashboard reads), or `--rev N` for an earlier one,
or a folder of CSVs given with `--data`; the image's footer and the file's provenance name the revision and the content
hash. The view comes from the one registry (`views.VIEWS`), its parameters become `--name value` options, and
`econ-ties snapshot --help` lists every view with a chart and its parameters (defaults and allowed values for the data
drawn from). The views and plotly are imported only when this subcommand runs, so other commands start as fast as
before. An unknown revision, a value the view does not know, a view without a chart or a missing Chromium is a
one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from econ_ties.cli.reporting import ExitCode
from econ_ties.language import DEFAULT, LANGUAGES, using
from econ_ties.model.formatting import counted

if TYPE_CHECKING:
    from econ_ties.checks.dataset import Dataset
    from econ_ties.export.provenance import DatasetStamp
    from econ_ties.present.views import ViewSpec

DEFAULT_BASE_URL = "http://127.0.0.1:8501"
USAGE = (
    "econ-ties snapshot VIEW [--param value ...] --format png|svg|pdf --out FILE [--size social|print] [--lang en|az|ru] [--chart N] [--rev N | --data FOLDER]"
)
MAX_CHOICES_SHOWN = 12


def _common_options(parser: argparse.ArgumentParser, *, defaults: argparse.Namespace | None = None) -> None:
    def default(name: str, fallback: Any) -> Any:
        return getattr(defaults, name, fallback) if defaults is not None else fallback

    parser.add_argument("--format", choices=("png", "svg", "pdf"), default=default("format", None), help="file format (default: from the --out suffix)")
    parser.add_argument("--out", type=Path, default=default("out", None), help="the file to write (default: a descriptive name in the current folder)")
    parser.add_argument("--size", choices=("social", "print"), default=default("size", "social"), help="social 1200×675 or print 1800×1200 (PNG at 2× pixels)")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default("lang", DEFAULT),
        help="the language of the image's text, its numbers and dates, its metadata and the citation (default en)",
    )
    parser.add_argument("--chart", type=int, default=default("chart", 1), help="which of the view's charts, counting from 1 (default 1)")
    parser.add_argument("--rev", type=int, default=default("rev", None), metavar="N", help="the published revision to draw from (default: the latest)")
    parser.add_argument(
        "--database",
        metavar="URL",
        default=default("database", None),
        help="the store's SQLAlchemy URL (default: ECON_TIES_DATABASE_URL, else the SQLite file in the data folder)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FOLDER",
        default=default("data", None),
        help="draw from a folder of CSVs instead of the published store (no revision number)",
    )
    parser.add_argument(
        "--base-url", default=default("base_url", DEFAULT_BASE_URL), help=f"the dashboard's public address, for the permalink (default {DEFAULT_BASE_URL})"
    )


def _load_folder(folder: Path) -> Dataset | None:
    from econ_ties.checks.dataset import load_dataset

    dataset, report = load_dataset(folder)
    if not folder.is_dir() or (not len(dataset.claims) and report.errors):
        print(f"econ-ties snapshot: cannot read the data in {folder}: {report.errors[0].message if report.errors else 'no claims'}", file=sys.stderr)
        return None
    if report.errors:
        print(
            f"econ-ties snapshot: {counted(len(report.errors), 'row')} in {folder} {'has' if len(report.errors) == 1 else 'have'} errors and are left out (run `econ-ties validate {folder}`)",
            file=sys.stderr,
        )
    return dataset


def _load(options: argparse.Namespace) -> tuple[Dataset, DatasetStamp] | None:
    """The data to draw and its stamp: a folder given with --data, else revision --rev (or the latest) of the store.

    Problems (both --rev and --data, an unknown revision, an unreachable store, an unreadable folder) are one line on
    stderr and None.
    """
    from econ_ties.export.provenance import DatasetStamp

    folder: Path | None = getattr(options, "data", None)
    rev: int | None = getattr(options, "rev", None)
    if folder is not None:
        if rev is not None:
            print("econ-ties snapshot: --rev picks a published revision and --data a folder; give one of them, not both.", file=sys.stderr)
            return None
        dataset = _load_folder(folder)
        return None if dataset is None else (dataset, DatasetStamp.of(dataset))
    from sqlalchemy.exc import SQLAlchemyError

    from econ_ties.services import published
    from econ_ties.store.revisions import StoreError, UnknownRevision

    url = getattr(options, "database", None)
    try:
        revision = published.published_revision(rev, url=url)
        dataset = published.published_dataset(revision.number, url=url)
    except UnknownRevision:
        latest = published.latest_revision_number(url)
        print(
            f"econ-ties snapshot: there is no revision {rev} in the published store; the latest is revision {latest} (`econ-ties history` lists them all).",
            file=sys.stderr,
        )
        return None
    except StoreError as failure:
        print(f"econ-ties snapshot: {failure}", file=sys.stderr)
        return None
    except SQLAlchemyError as failure:
        print(f"econ-ties snapshot: the published store could not be read: {str(failure).splitlines()[0]}", file=sys.stderr)
        return None
    return dataset, DatasetStamp(revision.content_hash, revision.number)


def _data_label(options: argparse.Namespace, stamp: DatasetStamp | None) -> str:
    if getattr(options, "data", None) is not None:
        return f"the data in {options.data}"
    return f"published revision {stamp.revision}" if stamp is not None else "the published data"


def _param_line(name: str, spec: Any, dataset: Dataset | None, chosen: dict[str, str]) -> str:
    text = f"  --{name} VALUE   {spec.help}"
    if spec.free_text:
        return text + " (free text)"
    details = [f"default {spec.default!s}" if spec.default != "" else "no default"]
    if dataset is not None:
        try:
            options = spec.choices(dataset, chosen)
        except Exception:  # a choices function that needs other data: show the default only
            options = []
        if options:
            shown = ", ".join(str(o) for o in options[:MAX_CHOICES_SHOWN]) + (", …" if len(options) > MAX_CHOICES_SHOWN else "")
            details.append(f"one of: {shown}")
    return f"{text} ({'; '.join(details)})"


def views_help(dataset: Dataset | None) -> str:
    """The list of views with a chart and their parameters, as `econ-ties snapshot --help` prints it."""
    from econ_ties.present.views import VIEWS

    lines = ["views and their parameters:"]
    for name, view in VIEWS.items():
        if dataset is not None and not _has_chart(view, dataset):
            continue
        lines.append(f"{name} — {view.title}: {view.description}")
        defaults = {param: spec.default for param, spec in view.params.items()}
        lines.extend(_param_line(param, spec, dataset, defaults) for param, spec in view.params.items())
        if not view.params:
            lines.append("  (no parameters)")
    lines.append("")
    lines.append("example: econ-ties snapshot partners --reporter AZE --period 2021 --format png --out partners.png")
    return "\n".join(lines)


def _has_chart(view: ViewSpec, dataset: Dataset) -> bool:
    params, _ = view.resolve(dataset, {})
    return bool(view.figures(dataset, params))


class _ViewsHelp(argparse.Action):
    """`--help` that also lists the views: built only when asked for, since it loads the views and the data."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        parser.print_help()
        print()
        loaded = _load(namespace)
        print(views_help(loaded[0] if loaded else None))
        parser.exit()


def add_snapshot_command(commands: Any) -> None:
    """Register `snapshot` on the `econ-ties` subcommand parsers (called from `cli.build_parser`)."""
    snapshot = commands.add_parser(
        "snapshot",
        help="write a chart of a dashboard view as PNG, SVG or PDF with title, source line and provenance",
        usage=USAGE,
        description="Write a chart of a dashboard view as a PNG, SVG or PDF file, with its title, source line, dataset revision, hash "
        "and date on the image and the claim ids and source addresses inside the file. Draws from the latest published revision "
        "(--rev N for an earlier one, --data FOLDER for a folder of CSVs). Prints a citation sentence and the view's permalink.",
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    snapshot.add_argument("-h", "--help", action=_ViewsHelp, help="show this help, the views and their parameters, and exit")
    _common_options(snapshot)
    snapshot.add_argument("view", metavar="VIEW", help="the view to draw (listed below)")
    snapshot.add_argument("view_args", nargs=argparse.REMAINDER, metavar="--param value", help="the view's parameters, and any of the options above")
    snapshot.set_defaults(run=run_snapshot)


def _view_parser(view: ViewSpec, defaults: argparse.Namespace, *, with_choices: bool) -> argparse.ArgumentParser:
    epilog = None
    if with_choices:  # only for --help: listing the allowed values needs the data
        loaded = _load(defaults)
        chosen = {param: spec.default for param, spec in view.params.items()}
        lines = [_param_line(p, s, loaded[0] if loaded else None, chosen) for p, s in view.params.items()]
        epilog = f"parameters for {_data_label(defaults, loaded[1] if loaded else None)}:\n" + "\n".join(lines)
    parser = argparse.ArgumentParser(
        prog=f"econ-ties snapshot {view.name}",
        description=f"{view.title}: {view.description}",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common_options(parser, defaults=defaults)
    for name, spec in view.params.items():
        parser.add_argument(f"--{name}", default=None, metavar="VALUE", help=f"{spec.help} (default {spec.default or 'none'})")
    return parser


def run_snapshot(args: argparse.Namespace) -> int:
    from econ_ties.present.views import VIEWS

    view = VIEWS.get(args.view)
    if view is None:
        print(f"econ-ties snapshot: there is no view '{args.view}'; use one of: {', '.join(VIEWS)} (see `econ-ties snapshot --help`)", file=sys.stderr)
        return ExitCode.UNREADABLE
    wants_help = any(a in ("-h", "--help") for a in args.view_args)
    options = _view_parser(view, args, with_choices=wants_help).parse_args(args.view_args)
    # Every text on the image, in its metadata and in the citation is in --lang (the terminal's messages stay English).
    with using(options.lang):
        return _draw(view, options)


def _draw(view: ViewSpec, options: argparse.Namespace) -> int:
    """Load the data, draw the chart of `view` with `options` and write the file; problems are one line and exit code 2."""
    from econ_ties.export.citation import citation, permalink
    from econ_ties.export.provenance import SnapshotError
    from econ_ties.export.renderer import CHROMIUM
    from econ_ties.export.snapshot import FORMATS, render_snapshot
    from econ_ties.present.views import DEFAULT_VIEW

    loaded = _load(options)
    if loaded is None:
        return ExitCode.UNREADABLE
    dataset, stamp = loaded
    raw = {name: getattr(options, name) for name in view.params if getattr(options, name) is not None}
    params, notices = view.resolve(dataset, raw)
    if notices:
        for notice in notices:
            print(f"econ-ties snapshot: {notice.replace('`', '').split('; showing')[0]}.", file=sys.stderr)
        print(f"econ-ties snapshot: nothing written; see `econ-ties snapshot {view.name} --help` for the allowed values.", file=sys.stderr)
        return ExitCode.UNREADABLE
    figures = view.figures(dataset, params)
    if not figures:
        print(
            f"econ-ties snapshot: the {view.name} view has no chart to draw (it is a table); choose a view listed in `econ-ties snapshot --help`.",
            file=sys.stderr,
        )
        return ExitCode.UNREADABLE
    if not 1 <= options.chart <= len(figures):
        print(f"econ-ties snapshot: the {view.name} view has {counted(len(figures), 'chart')}; --chart must be 1 to {len(figures)}.", file=sys.stderr)
        return ExitCode.UNREADABLE
    fig = figures[options.chart - 1]
    out: Path | None = options.out
    fmt = options.format or (out.suffix.lstrip(".").lower() if out is not None and out.suffix else "png")
    if fmt not in FORMATS:
        print(f"econ-ties snapshot: cannot tell the format from '{out}'; add --format png, svg or pdf.", file=sys.stderr)
        return ExitCode.UNREADABLE
    # A revision asked for by number stays in the link (the dashboard reads ?rev=N); otherwise the link follows the latest.
    pinned = {**params, "rev": str(options.rev)} if options.rev is not None else params
    link = permalink("" if view.name == DEFAULT_VIEW else view.name, pinned, base_url=options.base_url)
    was_warm = CHROMIUM.ready
    try:
        result = render_snapshot(
            fig,
            format=fmt,
            size=options.size,
            stamp=stamp,
            view=view.name if len(figures) == 1 else f"{view.name}-{options.chart}",
            permalink=link,
        )
    except SnapshotError as failure:
        print(f"econ-ties snapshot: {failure}", file=sys.stderr)
        return ExitCode.UNREADABLE
    finally:
        if not was_warm:  # started for this command: close it cleanly before the process exits
            CHROMIUM.stop()
    target = out if out is not None else Path(result.file_name)
    try:
        target.write_bytes(result.data)
    except OSError as failure:
        print(f"econ-ties snapshot: cannot write {target}: {failure.strerror or failure}", file=sys.stderr)
        return ExitCode.UNREADABLE
    width, height = result.size.pixels if fmt == "png" else (result.size.width, result.size.height)
    unit = "px" if fmt != "pdf" else "CSS px page"
    print(f"Wrote {target} ({fmt.upper()}, {width}×{height} {unit}): {result.provenance.title}")
    print(f"Data: {_data_label(options, stamp)}, content hash sha256:{stamp.content_hash}")
    meta = result.provenance
    sentence = citation(dataset, meta.claim_ids, title=meta.title, subtitle=meta.subtitle)
    if sentence:
        print(f"Citation: {sentence}")
    print(f"Permalink: {link}")
    return ExitCode.OK
