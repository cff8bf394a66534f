"""Checking an uploaded CSV before anything is published.

An upload is one CSV file, in our own claims format or exactly as a publisher's site gave it (UN Comtrade, WITS, IMF).
`validate_upload_bytes` enforces the size limit, reads the file with the one reader, recognises its format from the
header (`econ_ties.io.publishers`), maps publisher rows to claims, and validates the claims like a native upload against
the published sources plus the file's own source. It returns the valid claims, the new source(s), the rows kept apart
as regional aggregates, and one row-level report that accounts for every data line (`RowAccount`: claims, skipped
by reason, or errors, adding up to the file's lines). Hostile input (binary, archives, empty, header-only, huge headers or
cells, duplicate columns) ends as problems in the report, never as an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ValidationError

from econ_ties.checks.cells import too_long_cells
from econ_ties.checks.claims_frame import empty_claims_frame
from econ_ties.checks.dataset import load_dataset, source_records, validate_claims_table
from econ_ties.checks.rows import EVENTS, SOURCES, TableSpec, check_header, problems_from, rows_as_dicts, validate_rows
from econ_ties.checks.text_columns import decoded
from econ_ties.io.memory import release_freed_memory
from econ_ties.io.publishers import FORMATS, NO_FIGURE, detect_format, to_claims
from econ_ties.io.reading import MB, TextTable, UnreadableFile, read_text_table
from econ_ties.language import N_, _
from econ_ties.model import canonical
from econ_ties.model.columns import CLAIM_COLUMNS, CODED_CLAIM_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.csv_safety import frame_to_csv
from econ_ties.model.problems import Problem, RowAccount, Severity, ValidationReport, said
from econ_ties.model.schema import Event, Source
from econ_ties.settings import MAX_UPLOAD_MB, max_upload_bytes

NATIVE_FORMAT = N_("econ-ties claims")  # translated where shown; a publisher's format keeps its publisher's name
#: Environment variable that sets the upload size limit in megabytes (declared in `econ_ties.settings`).
MAX_UPLOAD_ENV = MAX_UPLOAD_MB.variable
_NATIVE_SIGNATURE = {"claim_id", "indicator", "country", "counterpart", "value"}
#: The single-file form of our claims format carries each claim's source in the same row: the columns of sources.csv
#: named `source_<column>` (`source_id` is already a claim column). A row whose source cells are all empty cites a
#: source described on another row of the file, or a published one.
CLAIM_SOURCE_COLUMNS = {f"source_{c}": c for c in SOURCE_COLUMNS if c != "source_id"}
#: The header of the single-file form, as "Download the valid claims" writes it.
CLAIMS_WITH_SOURCES_COLUMNS = (*CLAIM_COLUMNS, *CLAIM_SOURCE_COLUMNS)

Progress = Callable[[float, str], None]


@dataclass
class UploadResult:
    format_name: str
    claims: pd.DataFrame
    report: ValidationReport
    #: Sources the upload brings with it (a publisher file is its own source); published sources are not repeated.
    sources: dict[str, Source] = field(default_factory=dict)
    #: Publisher rows about regions and country groups, kept apart from country claims (row, column, name, code).
    aggregates: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Dated events an events file uploaded with the claims brings (published ones are not repeated).
    events: list[Event] = field(default_factory=list)


def upload_limit_bytes() -> int:
    """The upload size limit: $ECON_TIES_MAX_UPLOAD_MB megabytes, 200 MB by default (`SettingError` for a bad value)."""
    return max_upload_bytes()


def _failed(format_name: str, problem: Problem) -> UploadResult:
    return UploadResult(format_name, empty_claims_frame(), ValidationReport([problem]))


#: Errors with a header that leave the file's rows unread: each such row counts as an error.
_HEADER_REFUSALS = {"unknown-format", "missing-column", "duplicate-column", "blank-column"}


def row_account(lines: np.ndarray, claims: pd.DataFrame, report: ValidationReport, skipped: dict[int, str] | None = None) -> RowAccount:
    """What became of each data line (`lines`, as numbered in the file): a line with an error counts as an error, else a
    line with a valid claim as claims, else as skipped for its reason. A line none of these speak for was not read
    because the whole file was refused (an error), or states no figure (skipped)."""
    if len(lines) == 0:
        return RowAccount(0, 0, 0, {}, 0)
    seen = np.zeros(int(lines.max()) + 1, dtype=np.int8)  # by line: 0 nothing, 1 skipped, 2 claims, 3 error
    if skipped:
        seen[np.fromiter(skipped, dtype=np.int64, count=len(skipped))] = 1
    claim_rows = claims["row"].to_numpy(dtype=np.int64) if not claims.empty else np.zeros(0, dtype=np.int64)
    seen[claim_rows] = 2
    error_rows = np.array(sorted({p.row for p in report.errors if p.row is not None and 0 <= p.row < len(seen)}), dtype=np.int64)
    seen[error_rows] = 3
    outcome = seen[lines]
    whole_file_refused = any(p.code in _HEADER_REFUSALS for p in report.errors)
    nothing = int((outcome == 0).sum())
    reasons: dict[str, int] = {}
    for line, reason in (skipped or {}).items():
        if seen[line] == 1:
            reasons[reason] = reasons.get(reason, 0) + 1
    if nothing and not whole_file_refused:
        reasons[NO_FIGURE] = reasons.get(NO_FIGURE, 0) + nothing
    errors = int((outcome == 3).sum()) + (nothing if whole_file_refused else 0)
    return RowAccount(len(lines), int((outcome == 2).sum()), len(claims), reasons, errors)


def _native_coded_columns(names: list[str]) -> tuple[str, ...]:
    """In a file of our own format, the columns with few distinct texts are read as Arrow dictionaries."""
    return CODED_CLAIM_COLUMNS if set(names) >= _NATIVE_SIGNATURE else ()


def _too_large(size: int, limit: int) -> str:
    return said(N_("the file is {size:.1f} MB; uploads are limited to {limit:.0f} MB"), size=size / MB, limit=limit / MB)


def _not_a_file(path: Path) -> str:
    return said(N_("{path} is a folder, not a CSV file") if path.is_dir() else N_("{path} does not exist"), path=path)


def validate_upload_bytes(
    data: bytes, file_name: str, sources: dict[str, Source], *, max_bytes: int | None = None, progress: Progress | None = None
) -> UploadResult:
    """Read, recognise, map and validate one uploaded file. `progress(fraction, words)` is told how far it got."""
    limit = upload_limit_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        return _failed("", Problem("too-large", _too_large(len(data), limit), file_name))
    return _validate(data, file_name, sources, limit, progress)


def validate_upload_file(path: Path, sources: dict[str, Source], *, max_bytes: int | None = None, progress: Progress | None = None) -> UploadResult:
    """`validate_upload_bytes` for a file on disk. A plain UTF-8 file is parsed from disk in blocks and never held
    whole in memory (see `reading.read_text_table`); the result is the same as for its bytes."""
    path = Path(path)
    limit = upload_limit_bytes() if max_bytes is None else max_bytes
    if not path.is_file():
        return _failed("", Problem("unreadable-file", _not_a_file(path), path.name))
    size = path.stat().st_size
    if size > limit:
        return _failed("", Problem("too-large", _too_large(size, limit), path.name))
    return _validate(path, path.name, sources, limit, progress)


def _read(source: bytes | Path, file_name: str, limit: int) -> TextTable:
    """One uploaded file read as text (`UnreadableFile` when it cannot be)."""
    text = read_text_table(source, file_name, strict_utf8=False, coded_columns=_native_coded_columns, max_bytes=limit)
    release_freed_memory()  # the parser's scratch blocks (see econ_ties.io.memory)
    return text


def _validate(source: bytes | Path, file_name: str, sources: dict[str, Source], limit: int, progress: Progress | None) -> UploadResult:
    if progress is not None:
        progress(0.05, _("Reading the file"))
    try:
        text = _read(source, file_name, limit)
    except UnreadableFile as failure:
        return _failed("", failure.problem)
    return _validate_text(text, file_name, sources, progress)


def _validate_text(text: TextTable, file_name: str, sources: dict[str, Source], progress: Progress | None) -> UploadResult:
    def step(fraction: float, words: str) -> None:
        if progress is not None:
            progress(fraction, words)

    report = ValidationReport(list(text.problems))
    lines = text.line_numbers
    if set(text.columns) >= _NATIVE_SIGNATURE:
        step(0.4, _("Checking every row"))
        text, described = sources_in_claims_file(text, sources, report)
        claims = validate_claims_table(text, {**described, **sources}, report)
        report.row_account = row_account(lines, claims, report)
        step(1.0, _("Done"))
        return UploadResult(NATIVE_FORMAT, claims, report, {k: v for k, v in described.items() if k not in sources})

    format_name = detect_format(text.columns)
    if format_name is None:
        shown = ", ".join(text.columns[:8]) + (" …" if len(text.columns) > 8 else "")
        known = ", ".join([NATIVE_FORMAT, *FORMATS])
        report.add(Problem("unknown-format", said(N_("the header ({header}) matches none of the formats we read: {known}"), header=shown, known=known), file_name, 1))  # fmt: skip
        report.row_account = row_account(lines, empty_claims_frame(), report)
        return UploadResult("", empty_claims_frame(), report)

    step(0.2, _("Reading {format} rows as claims").format(format=format_name))
    too_long, long_problems = too_long_cells(text)
    report.extend(long_problems)
    if too_long.any():
        text = TextTable(text.file, text.columns, text.table.filter(pa.array(~too_long)), text.line_numbers[~too_long], text.encoding, text.delimiter)
    mapped = to_claims(text, format_name)
    report.extend(mapped.problems)
    if mapped.table.num_rows == 0 and not report.errors:
        # Every row was skipped (aggregates, other flows, empty cells): the warnings say why; the upload has nothing.
        message = said(N_("none of the file's {count:,} rows became a claim; the warnings say why each kind of row was skipped"), count=text.num_rows)
        report.add(Problem("no-claims", message, file_name))
    claims_text = TextTable(file_name, list(CLAIM_COLUMNS), mapped.table, mapped.line_numbers, text.encoding, text.delimiter)
    step(0.6, _("Checking every claim"))
    citable = {**sources, mapped.source.source_id: mapped.source}
    claims = validate_claims_table(claims_text, citable, report) if mapped.table.num_rows else empty_claims_frame()
    report.row_account = row_account(lines, claims, report, mapped.skipped_lines)
    aggregates = mapped.aggregates.to_pandas() if mapped.aggregates is not None else pd.DataFrame(columns=["row", "column", "name", "code", "kind"])
    step(1.0, _("Done"))
    new_sources = {} if mapped.source.source_id in sources else {mapped.source.source_id: mapped.source}
    return UploadResult(mapped.format_name, claims, report, new_sources, aggregates)


#: Where an upload of several files names each file it read by what it holds.
SOURCES_FILE, EVENTS_FILE = "sources", "events"


def file_kind(columns: list[str]) -> str:
    """What an uploaded file holds, from its header: sources (sources.csv's columns), events (events.csv's), or claims
    (our claims format or a publisher's download; which one is decided when it is checked)."""
    names = set(columns)
    if "claim_id" not in names and {"source_id", "publisher", "title"} <= names:
        return SOURCES_FILE
    if "claim_id" not in names and "event_id" in names:
        return EVENTS_FILE
    return "claims"


Upload = tuple[bytes, str] | Path


def validate_upload_files(files: list[Upload], sources: dict[str, Source], *, max_bytes: int | None = None, progress: Progress | None = None) -> UploadResult:
    """Several files uploaded at once: one claims file (ours or a publisher's) with the sources.csv and events.csv
    rows it cites. Each file is recognised by its header, whatever its name; the sources files are checked first, so
    the claims may cite them; every problem names its own file. One file is `validate_upload_bytes` (or `_file`)."""
    limit = upload_limit_bytes() if max_bytes is None else max_bytes
    if len(files) == 1:
        only = files[0]
        if isinstance(only, Path):
            return validate_upload_file(only, sources, max_bytes=limit, progress=progress)
        return validate_upload_bytes(only[0], only[1], sources, max_bytes=limit, progress=progress)
    report = ValidationReport()
    tables: dict[str, list[TextTable]] = {"claims": [], SOURCES_FILE: [], EVENTS_FILE: []}
    for upload in files:
        data, name = (upload, upload.name) if isinstance(upload, Path) else upload
        size = data.stat().st_size if isinstance(data, Path) else len(data)
        if isinstance(data, Path) and not data.is_file():
            report.add(Problem("unreadable-file", _not_a_file(data), name))
            continue
        if size > limit:
            report.add(Problem("too-large", _too_large(size, limit), name))
            continue
        try:
            text = _read(data, name, limit)
        except UnreadableFile as failure:
            report.add(failure.problem)
            continue
        tables[file_kind(text.columns)].append(text)
    brought: dict[str, Source] = {}
    for text in tables[SOURCES_FILE]:
        for source, line in _rows_of(text, SOURCES, report):
            if source.source_id in brought or source.source_id in sources:
                message = said(N_("the source id '{source}' is in another of the files") if source.source_id in brought
                               else N_("the source id '{source}' is already published (the published source is kept)"), source=source.source_id)  # fmt: skip
                severity = Severity.ERROR if source.source_id in brought else Severity.WARNING
                report.add(Problem("duplicate-row", message, text.file, line, "source_id", source.source_id, severity))
                continue
            brought[source.source_id] = source
    claims_files = tables["claims"]
    if len(claims_files) != 1:
        names = ", ".join(t.file for t in claims_files)
        if claims_files:
            message = said(N_("{count} claims files ({names}): check one at a time (remove the others), with the sources and events files it cites"),
                           count=len(claims_files), names=names)  # fmt: skip
        else:
            message = said(N_("none of the files holds claims: choose a claims file with the sources and events files it cites"))
        report.add(Problem("no-claims", message, names))
        result = UploadResult("", empty_claims_frame(), report)
    else:
        result = _validate_text(claims_files[0], claims_files[0].file, {**brought, **sources}, progress)
        result.report = ValidationReport([*report.problems, *result.report.problems], result.report.row_account)
        result.sources = {**{k: v for k, v in brought.items() if k not in sources}, **result.sources}
    citable = {**sources, **result.sources}
    for text in tables[EVENTS_FILE]:
        for event, line in _rows_of(text, EVENTS, result.report):
            if event.source_id not in citable:
                message = said(N_("no source with id '{source}' in the files or the published data"), source=event.source_id)
                result.report.add(Problem("unknown-source", message, text.file, line, "source_id", event.source_id))
            else:
                result.events.append(event)
    return result


def _rows_of(text: TextTable, spec: TableSpec, report: ValidationReport) -> list[tuple[Any, int]]:
    """The valid rows of a sources or events file as models, with their lines; the rest as problems in `report`."""
    header = check_header(text, spec)
    report.extend([*text.problems, *header])
    if any(p.severity is Severity.ERROR for p in header):
        return []
    valid, problems = validate_rows(text, spec)
    report.extend(problems)
    rows = np.flatnonzero(valid)
    columns = [c for c in spec.columns if c in text.columns]
    return [(spec.model.model_validate(row), int(text.line_numbers[i])) for row, i in zip(rows_as_dicts(text.table, columns, rows), rows, strict=True)]


def sources_in_claims_file(text: TextTable, published: dict[str, Source], report: ValidationReport) -> tuple[TextTable, dict[str, Source]]:
    """The sources a claims file describes in its `source_<column>` columns, and the file without those columns.

    Each distinct description is checked once (a million rows citing one source cost one check): a description that
    is not a valid source is reported on its first line with the `source_<column>` to blame; a source described two
    ways is an error on the line of the second; one already published with other fields is a warning (the published
    source is kept: an upload never rewrites a published source)."""
    named = [i for i, c in enumerate(text.columns) if c in CLAIM_SOURCE_COLUMNS]
    if not named:
        return text, {}
    rest = [i for i, c in enumerate(text.columns) if c not in CLAIM_SOURCE_COLUMNS]
    claims_text = replace(text, columns=[text.columns[i] for i in rest], table=text.table.select(rest))
    if "source_id" not in text.columns:
        return claims_text, {}  # the claims check reports the missing column
    fields = [CLAIM_SOURCE_COLUMNS[text.columns[i]] for i in named]
    cells = {"source_id": pc.utf8_trim_whitespace(decoded(text.table.column(text.columns.index("source_id"))))}
    cells |= {f: pc.utf8_trim_whitespace(decoded(text.table.column(i))) for f, i in zip(fields, named, strict=True)}
    table = pa.table({**cells, "line": pa.array(text.line_numbers)})
    described = pc.not_equal(table[fields[0]], "")  # a row that describes its source: any source cell filled in
    for f in fields[1:]:
        described = pc.or_(described, pc.not_equal(table[f], ""))
    distinct = table.filter(described).group_by([*cells]).aggregate([("line", "min")]).sort_by("line_min").to_pylist()
    found: dict[str, Source] = {}
    first_line: dict[str, int] = {}
    for row in distinct:
        line = int(row.pop("line_min"))
        try:
            source = Source.model_validate(row)
        except ValidationError as error:
            for problem in problems_from(error, row, text.file, line):
                column = problem.column if problem.column == "source_id" or not problem.column else f"source_{problem.column}"
                report.add(replace(problem, column=column, message=said(N_("the source of this row: {problem}"), problem=problem.message)))
            continue
        key = source.source_id
        if key in found:
            if source != found[key]:
                column = next(f for f in fields if getattr(source, f) != getattr(found[key], f))
                message = said(N_("source '{source}' is described here otherwise than on line {line} ({column}); describe each source one way"),
                               source=key, line=first_line[key], column=column)  # fmt: skip
                report.add(Problem("constraint-error", message, text.file, line, f"source_{column}", str(row.get(column, ""))))
            continue
        found[key], first_line[key] = source, line
        if key in published and published[key] != source:
            column = next(f for f in fields if getattr(source, f) != getattr(published[key], f))
            message = said(N_("source '{source}' is already published with another {column}; the published source is kept "
                              "(an upload never rewrites a published source)"), source=key, column=column)  # fmt: skip
            report.add(Problem("differs-from-published", message, text.file, line, f"source_{column}", str(row.get(column, "")), Severity.WARNING))
    return claims_text, found


def validate_upload(paths: Path | list[Path], published_dir: Path, *, max_bytes: int | None = None) -> UploadResult:
    """`validate_upload_files` against the sources of the published data folder, with the preview's warnings."""
    dataset, _report = load_dataset(published_dir)  # the published folder was checked when it was published
    given = [Path(p) for p in (paths if isinstance(paths, list) else [paths])]
    result = validate_upload_files(list[Upload](given), dataset.sources, max_bytes=max_bytes)
    if not result.claims.empty:
        from econ_ties.checks.preview import preview_diff

        result.report.extend(preview_diff(result.claims, dataset.claims, file=", ".join(p.name for p in given)).warnings)
    return result


def claims_csv(claims: pd.DataFrame) -> str:
    """Claims in our own CSV format (the columns of figures.csv), every cell neutralised for spreadsheets."""
    if claims.empty:
        return frame_to_csv(pd.DataFrame(columns=list(CLAIM_COLUMNS)))
    return frame_to_csv(canonical.claim_texts(claims, CLAIM_COLUMNS))


def claims_with_sources_csv(claims: pd.DataFrame, sources: dict[str, Source]) -> str:
    """Claims in the single-file form of our format (`CLAIMS_WITH_SOURCES_COLUMNS`), so the file needs no sources.csv
    beside it: the first row citing each source describes it, the other rows citing it leave its columns empty (a
    source's notes repeated on a million rows would make the file larger than the upload limit)."""
    texts = canonical.claim_texts(claims, CLAIM_COLUMNS) if not claims.empty else pd.DataFrame(columns=list(CLAIM_COLUMNS))
    texts = texts.reset_index(drop=True)
    cited = [sources[k] for k in dict.fromkeys(texts["source_id"]) if k in sources]
    described = canonical.record_texts(source_records({s.source_id: s for s in cited}), SOURCE_COLUMNS).set_index("source_id")
    first = ~texts["source_id"].duplicated()
    for name, column in CLAIM_SOURCE_COLUMNS.items():
        texts[name] = ""
        texts.loc[first, name] = texts.loc[first, "source_id"].map(described[column]).fillna("")
    return frame_to_csv(texts[list(CLAIMS_WITH_SOURCES_COLUMNS)])


def valid_claims_file(result: UploadResult, sources: dict[str, Source]) -> str:
    """What "Download the valid claims" gives: the upload's valid claims in the single-file form, each with its source
    (one the upload brings, or one of `sources`, the published ones), ready to be uploaded again as it is."""
    return claims_with_sources_csv(result.claims, {**sources, **result.sources})


def sources_csv(sources: dict[str, Source]) -> str:
    rows = pd.DataFrame([s.model_dump(mode="json") for s in sources.values()], columns=list(SOURCE_COLUMNS))
    return frame_to_csv(rows)


def claims_template() -> str:
    """A downloadable claims file: the header of figures.csv and two example rows (a total and a lower bound)."""
    header = ",".join(CLAIM_COLUMNS)
    rows = [
        'ex-1,trade_turnover,AZE,RUS,reporter/partner,total,2021,flow,2.9,USD,billion,exact,AZE,your-source-id,"Trade turnover amounted to $2.9 billion in 2021.",,false,',
        'ex-2,investment_stock,AZE,RUS,investor/host,total,as of 2022-02,stock,1.2,USD,billion,at_least,AZE,your-source-id,"Investments have exceeded $1.2 billion.",,false,"a lower bound"',
    ]
    return "\n".join([header, *rows]) + "\n"
