"""The dataset: claims, their sources and the dated events, loaded and checked as one.

`load_dataset(folder)` reads `figures.csv`, `sources.csv` and `events.csv`, validates every row and every cross-row
rule, and returns the valid part as a `Dataset` together with one `ValidationReport`. Rows with errors are left out of
the dataset and listed in the report; nothing stops at the first problem. The dataset keeps claims as a typed frame (so
a million rows stay cheap) and hands out pydantic `Claim` models on request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from econ_ties.csv_safety import frame_to_csv_parts
from econ_ties.problems import Problem, Severity, ValidationReport
from econ_ties.reading import TextTable, UnreadableFile, read_csv_file, read_text_table
from econ_ties.rules import KeyCodes, check_claims, find_conflicts, first_occurrences, known_sources
from econ_ties.schema import Claim, Event, Source
from econ_ties.validation import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    EVENTS,
    FIGURES,
    SOURCE_COLUMNS,
    SOURCES,
    TableSpec,
    check_header,
    claim_suspects,
    empty_claims_frame,
    valid_claims_frame,
    validate_rows,
)

DATA_FILES = (FIGURES.file, SOURCES.file, EVENTS.file)


@dataclass
class Dataset:
    claims: pd.DataFrame
    sources: dict[str, Source]
    events: list[Event] = field(default_factory=list)

    # -- access ----------------------------------------------------------------------------------------------------

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id as a pydantic model (KeyError when there is none)."""
        rows = self.claims[self.claims["claim_id"] == claim_id]
        if rows.empty:
            raise KeyError(claim_id)
        return Claim.model_validate({c: _cell(rows.iloc[0][c]) for c in CLAIM_COLUMNS})

    def iter_claims(self) -> Iterator[Claim]:
        for record in self.claims[list(CLAIM_COLUMNS)].to_dict("records"):
            yield Claim.model_validate({k: _cell(v) for k, v in record.items()})

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def with_sources(self, claims: pd.DataFrame | None = None) -> pd.DataFrame:
        """Claims joined with their source's publisher, title, URL, date and speaker — what every view shows."""
        claims = self.claims if claims is None else claims
        table = pd.DataFrame(
            [
                {
                    "source_id": s.source_id,
                    "publisher": s.publisher,
                    "source_title": s.title,
                    "url": s.url,
                    "date_published": s.date_published.isoformat() if s.date_published else "",
                    "speaker": s.speaker,
                    "speaker_role": s.speaker_role,
                    "attribution": s.attribution,
                }
                for s in self.sources.values()
            ],
            columns=["source_id", "publisher", "source_title", "url", "date_published", "speaker", "speaker_role", "attribution"],
        )
        return claims.merge(table, on="source_id", how="left")

    def conflicts(self) -> pd.DataFrame:
        return find_conflicts(self.claims)

    # -- identity --------------------------------------------------------------------------------------------------

    def to_csv_texts(self) -> dict[str, str]:
        """The three files in canonical form (fixed columns and order); what the content hash covers."""
        return {name: data.decode("utf-8") for name, data in self.to_csv_bytes().items()}

    def to_csv_bytes(self) -> dict[str, bytes]:
        """`to_csv_texts` as UTF-8 bytes (rows sorted by id in Arrow, no million-row text copies)."""
        return {name: b"".join(parts) for name, parts in self._csv_parts().items()}

    def _csv_parts(self) -> dict[str, list[bytes | memoryview]]:
        """`to_csv_bytes`, each file in pieces (`frame_to_csv_parts`) so the hash reads the rows without a copy."""
        claims = self.claims[list(CLAIM_COLUMNS)].assign(uncertain=self.claims["uncertain"].map({True: "true", False: "false"}))
        sources = pd.DataFrame([s.model_dump(mode="json") for s in self.sources.values()], columns=list(SOURCE_COLUMNS))
        events = pd.DataFrame([{**e.model_dump(mode="json"), "parties": ";".join(e.parties)} for e in self.events], columns=list(EVENT_COLUMNS))
        return {
            FIGURES.file: frame_to_csv_parts(claims, sort_by="claim_id"),
            SOURCES.file: frame_to_csv_parts(sources, sort_by="source_id"),
            EVENTS.file: frame_to_csv_parts(events, sort_by="event_id"),
        }

    @property
    def content_hash(self) -> str:
        """sha256 over the canonical files (`to_csv_bytes`): equal data, equal hash, whatever the row order in the CSVs."""
        digest = hashlib.sha256()
        for name, parts in sorted(self._csv_parts().items()):
            digest.update(name.encode())
            digest.update(b"\0")
            for part in parts:
                digest.update(part)
        return digest.hexdigest()


def _cell(value: object) -> object:
    """pandas gives NaN for missing text; the models want None."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return value


def _read(path: Path, report: ValidationReport) -> TextTable | None:
    try:
        table = read_csv_file(path)
    except UnreadableFile as failure:
        report.add(failure.problem)
        return None
    report.extend(table.problems)
    return table


def _checked(table: TextTable | None, spec: TableSpec, report: ValidationReport) -> tuple[TextTable, np.ndarray] | None:
    if table is None:
        return None
    header = check_header(table, spec)
    report.extend(header)
    if any(p.severity is Severity.ERROR for p in header):
        return None
    suspects = claim_suspects(table.table) if spec is FIGURES else None
    valid, problems = validate_rows(table, spec, suspects)
    report.extend(problems)
    return table, valid


def _models(checked: tuple[TextTable, np.ndarray] | None, spec: TableSpec) -> list:
    if checked is None:
        return []
    table, valid = checked
    columns = [c for c in spec.columns if c in table.columns]
    rows = table.table.select(columns).filter(pa.array(valid)).to_pylist()
    return [spec.model.model_validate(row) for row in rows]


def validate_claims_table(table: TextTable, sources: dict[str, Source], report: ValidationReport) -> pd.DataFrame:
    """Validate a claims table (curated or uploaded) against known sources; the valid rows as a typed frame."""
    header = check_header(table, FIGURES)
    report.extend(header)
    if any(p.severity is Severity.ERROR for p in header):
        return empty_claims_frame()
    text = table
    column_codes: dict[str, np.ndarray] = {}
    suspects = claim_suspects(table.table, column_codes)
    valid, problems = validate_rows(text, FIGURES, suspects)
    report.extend(problems)
    changed: set[str] = set()
    # The typed frame holds everything the rules need: the text table is consumed (emptied) while the frame is built,
    # so that a large upload never holds its text twice.
    frame = valid_claims_frame(text, valid, suspects, changed, consume=True)
    # The pre-filter coded the columns with few distinct texts; the rules reuse those codes for the rows that passed.
    codes = KeyCodes(frame, {c: v if valid.all() else v[valid] for c, v in column_codes.items() if c not in changed})
    del column_codes
    for problem in check_claims(frame, sources, codes):
        report.add(Problem(**{**problem.__dict__, "file": text.file}))
    # Claims that cannot be shown with a source, or whose id is taken, are left out like any invalid row; rows that
    # break a rule across rows (parts that do not add up) stay in and the report's errors keep them from being published.
    keep = known_sources(frame, sources, codes) & first_occurrences(codes.column("claim_id"))
    del codes  # the integer codes of a million rows are as large as some text columns: free them before the copy
    if keep.all():
        return frame
    columns = _frame_columns(frame)
    del frame  # each column is freed as soon as its kept rows are copied
    return _rows_kept(columns, keep)


def _frame_columns(frame: pd.DataFrame) -> dict[str, pa.ChunkedArray | np.ndarray]:
    """The frame's columns: Arrow-backed text as Arrow arrays (no copy), the rest as numpy arrays."""
    columns: dict[str, pa.ChunkedArray | np.ndarray] = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            columns[name] = column.array.__arrow_array__()
        else:
            columns[name] = column.to_numpy()
    return columns


def _rows_kept(columns: dict[str, pa.ChunkedArray | np.ndarray], keep: np.ndarray) -> pd.DataFrame:
    """The kept rows of `columns` as a frame with a fresh index, filtering Arrow-backed text in Arrow (pandas takes
    such columns row by row). Columns are taken out of `columns` one by one, so each original is freed once copied."""
    mask = pa.array(keep)
    data: dict[str, object] = {}
    for name in list(columns):
        column = columns.pop(name)
        data[name] = column.filter(mask).to_pandas() if isinstance(column, pa.ChunkedArray) else column[keep]
        del column
    return pd.DataFrame(data, index=pd.RangeIndex(int(keep.sum())), copy=False)


def load_dataset(folder: Path) -> tuple[Dataset, ValidationReport]:
    """Read and check the three files in `folder`. The dataset holds the rows that passed; the report holds the rest."""
    report = ValidationReport()
    folder = Path(folder)
    if not folder.is_dir():
        report.add(Problem("unreadable-file", f"{folder} is not a folder holding {', '.join(DATA_FILES)}", str(folder)))
        return Dataset(empty_claims_frame(), {}, []), report

    sources_checked = _checked(_read(folder / SOURCES.file, report), SOURCES, report)
    sources: dict[str, Source] = {}
    for source in _models(sources_checked, SOURCES):
        if source.source_id in sources:
            report.add(Problem("duplicate-row", f"the source id '{source.source_id}' is used twice", SOURCES.file, None, "source_id", source.source_id))
        sources[source.source_id] = source

    figures = _read(folder / FIGURES.file, report)
    claims = validate_claims_table(figures, sources, report) if figures is not None else empty_claims_frame()

    events_checked = _checked(_read(folder / EVENTS.file, report), EVENTS, report)
    events: list[Event] = []
    if events_checked is not None:
        table, valid = events_checked
        for event, line in zip(_models(events_checked, EVENTS), table.line_numbers[valid], strict=True):
            if event.source_id not in sources:
                report.add(
                    Problem("unknown-source", f"no source with id '{event.source_id}' in sources.csv", EVENTS.file, int(line), "source_id", event.source_id)
                )
            else:
                events.append(event)

    if sources_checked is not None:
        table, valid = sources_checked
        used = set(claims["source_id"]) | {e.source_id for e in events}
        for source, line in zip(_models(sources_checked, SOURCES), table.line_numbers[valid], strict=True):
            if not source.url:
                report.add(
                    Problem(
                        "missing-url",
                        f"source '{source.source_id}' has no web address; readers cannot check it",
                        SOURCES.file,
                        int(line),
                        "url",
                        "",
                        Severity.WARNING,
                    )
                )
            if source.source_id not in used:
                report.add(
                    Problem(
                        "unused-source",
                        f"source '{source.source_id}' is not used by any claim or event",
                        SOURCES.file,
                        int(line),
                        "source_id",
                        source.source_id,
                        Severity.WARNING,
                    )
                )
    return Dataset(claims, sources, sorted(events, key=lambda e: e.date)), report


def claims_from_bytes(data: bytes, file: str, sources: dict[str, Source], *, strict_utf8: bool = False) -> tuple[pd.DataFrame, ValidationReport]:
    """Validate an uploaded claims file in our own format against the published sources."""
    report = ValidationReport()
    try:
        table = read_text_table(data, file, strict_utf8=strict_utf8)
    except UnreadableFile as failure:
        report.add(failure.problem)
        return empty_claims_frame(), report
    report.extend(table.problems)
    return validate_claims_table(table, sources, report), report
