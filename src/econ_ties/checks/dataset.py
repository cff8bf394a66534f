"""The dataset: claims, their sources and the dated events, loaded and checked as one.

`load_dataset(folder)` reads `figures.csv`, `sources.csv` and `events.csv`, validates every row and every cross-row
rule, and returns the valid part as a `Dataset` together with one `ValidationReport`. Rows with errors are left out of
the dataset and listed in the report; nothing stops at the first problem. The dataset keeps claims as a typed frame (so
a million rows stay cheap) and hands out pydantic `Claim` models on request.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from econ_ties.checks.cells import claim_suspects
from econ_ties.checks.claims_frame import categories_decoded, empty_claims_frame, period_labels, valid_claims_frame
from econ_ties.checks.repeated_texts import codes_by_first_appearance, repeated_texts
from econ_ties.checks.rows import EVENTS, FIGURES, SOURCES, TableSpec, check_header, validate_rows
from econ_ties.checks.rules import check_claims
from econ_ties.checks.rules.conflicts import find_conflicts
from econ_ties.checks.rules.keys import BASE_KEY, SAME_STATEMENT_KEY, STATEMENT_KEY, TRADE_KEY, KeyCodes, first_occurrences, rule_keys
from econ_ties.checks.rules.sources import known_sources
from econ_ties.checks.text_columns import dictionary_parts, is_coded
from econ_ties.io.memory import release_freed_memory
from econ_ties.io.reading import TextTable, UnreadableFile, read_csv_file
from econ_ties.language import N_, current
from econ_ties.model import canonical
from econ_ties.model.columns import ADDED_COLUMNS, CLAIM_COLUMNS, EVENT_COLUMNS, LEGACY_CLAIM_COLUMNS, SOURCE_COLUMNS
from econ_ties.model.problems import Problem, Severity, ValidationReport, said
from econ_ties.model.schema import Claim, Event, Source
from econ_ties.model.translated import text_in

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

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def with_sources(self, claims: pd.DataFrame | None = None) -> pd.DataFrame:
        """Claims joined with their source's publisher, title, URL, date and speaker, and each period's label — what
        every view shows. The period labels, the publishers, the speakers and their roles are in the current language."""
        claims = self.claims if claims is None else claims
        lang = current()
        table = pd.DataFrame(
            [
                {
                    "source_id": s.source_id,
                    "publisher": text_in(s, "publisher", lang)[0],
                    "source_title": text_in(s, "title", lang)[0],
                    "url": s.url,
                    "date_published": s.date_published.isoformat() if s.date_published else "",
                    "speaker": text_in(s, "speaker", lang)[0],
                    "speaker_role": text_in(s, "speaker_role", lang)[0],
                    "attribution": s.attribution,
                }
                for s in self.sources.values()
            ],
            columns=["source_id", "publisher", "source_title", "url", "date_published", "speaker", "speaker_role", "attribution"],
        )
        joined = claims.merge(table, on="source_id", how="left")
        joined["period_label"] = period_labels(joined["period"]).to_numpy()
        return joined

    def conflicts(self) -> pd.DataFrame:
        return find_conflicts(self.claims)

    # -- identity --------------------------------------------------------------------------------------------------

    def canonical_tables(self) -> dict[str, pa.Table]:
        """The claims, sources and events as canonical text (`econ_ties.model.canonical`): what a revision stores and
        what the content hash covers."""
        claims = canonical.coded_claim_fields(self.claims, CLAIM_COLUMNS)
        return {
            "claims": pa.table({c: field.as_arrow() for c, field in zip(CLAIM_COLUMNS, claims, strict=True)}),
            "sources": _text_table(canonical.record_texts(source_records(self.sources), SOURCE_COLUMNS)),
            "events": _text_table(canonical.record_texts(event_records(self.events), EVENT_COLUMNS)),
        }

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical text (`canonical.content_hash`): equal data, equal hash, whatever the row order, and
        whatever a CSV writer does to a cell for spreadsheets."""
        return canonical.content_hash(self.canonical_tables(), ids=CANONICAL_IDS, added=ADDED_COLUMNS)

    def content_hash_of_version(self, version: int) -> str:
        """The content hash as a revision written with hash `version` recorded it (`canonical.HASH_VERSIONS`)."""
        if version == canonical.HASH_VERSION:
            return self.content_hash
        if version == canonical.CSV_HASH_VERSION:
            # Version 1 revisions were written before the added columns (`ADDED_COLUMNS`) existed.
            claims = self.claims[list(LEGACY_CLAIM_COLUMNS)].assign(uncertain=self.claims["uncertain"].map({True: "true", False: "false"}))
            sources = pd.DataFrame(source_records(self.sources), columns=[c for c in SOURCE_COLUMNS if c not in ADDED_COLUMNS["sources"]])
            events = pd.DataFrame(event_records(self.events), columns=[c for c in EVENT_COLUMNS if c not in ADDED_COLUMNS["events"]])
            return canonical.csv_content_hash({FIGURES.file: (claims, "claim_id"), SOURCES.file: (sources, "source_id"), EVENTS.file: (events, "event_id")})
        raise ValueError(f"unknown content hash version {version}; this econ-ties knows {', '.join(map(str, canonical.HASH_VERSIONS))}")


#: The id column of each canonical table.
CANONICAL_IDS = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}


def source_records(sources: dict[str, Source]) -> list[dict[str, Any]]:
    """Sources as pydantic dumps them to JSON (dates as ISO text)."""
    return [s.model_dump(mode="json") for s in sources.values()]


def event_records(events: list[Event]) -> list[dict[str, Any]]:
    """Events as pydantic dumps them to JSON, their parties joined by ";" as in events.csv."""
    return [{**e.model_dump(mode="json"), "parties": ";".join(e.parties)} for e in events]


def _text_table(texts: pd.DataFrame) -> pa.Table:
    return pa.table({c: pa.array(texts[c].to_numpy(dtype=object), pa.large_string()) for c in texts.columns})


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


def _header_usable(table: TextTable, spec: TableSpec, report: ValidationReport) -> bool:
    """Report the header's problems; False when a required column is missing (the rows cannot be checked)."""
    header = check_header(table, spec)
    report.extend(header)
    return not any(p.severity is Severity.ERROR for p in header)


def _checked(table: TextTable | None, spec: TableSpec, report: ValidationReport) -> tuple[TextTable, np.ndarray] | None:
    """A small table (sources, events) checked row by row with pydantic."""
    if table is None or not _header_usable(table, spec, report):
        return None
    valid, problems = validate_rows(table, spec)
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
    if not _header_usable(table, FIGURES, report):
        return empty_claims_frame()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="row-keys") as pool:
        # Beside the row checks, on the other core: which claim ids repeat, and the cross-row rules' keys from the
        # integer codes of an upload's coded columns (numpy and Arrow work that mostly runs without the GIL).
        background = pool.submit(_row_keys, table.table)
        suspects = claim_suspects(table.table)
        valid, problems = validate_rows(table, FIGURES, suspects)
        report.extend(problems)
        release_freed_memory()  # the row checks' buffers, before the typed frame is built (see econ_ties.io.memory)
        changed: set[str] = set()
        # The text table is consumed (emptied) while the typed frame is built, so a large upload never holds its text
        # twice. Coded columns stay categoricals until the end: the rules read their codes instead of hashing text.
        frame = valid_claims_frame(table, valid, suspects, changed, consume=True, decode=False)
        (repeated_rows, repeated_labels), all_keys = background.result()
    every = bool(valid.all())
    known = {}
    if "claim_id" not in changed:
        position = np.cumsum(valid) - 1  # row → its row among the valid ones
        kept = valid[repeated_rows]
        known["claim_id"] = codes_by_first_appearance(len(frame), position[repeated_rows[kept]], repeated_labels[kept])
    # Keys made from the text as read hold for the valid rows unless normalising rewrote one of their columns.
    keys = {names: codes if every else codes[valid] for names, codes in all_keys.items() if not changed & set(names)}
    del all_keys
    codes = KeyCodes(frame, known, keys)
    for problem in check_claims(frame, sources, codes):
        report.add(Problem(**{**problem.__dict__, "file": table.file}))
    release_freed_memory()
    # Claims that cannot be shown with a source, or whose id is taken, are left out like any invalid row; rows that
    # break a rule across rows (parts that do not add up) stay in and the report's errors keep them from being published.
    keep = known_sources(frame, sources, codes) & first_occurrences(codes.column("claim_id"))
    del codes  # the integer codes of a million rows are as large as some text columns: free them before the copy
    columns = {name: frame[name] for name in frame.columns}
    del frame  # each column is freed as soon as its kept rows are copied
    release_freed_memory()
    return _rows_kept(columns, keep)


def _row_keys(table: pa.Table) -> tuple[tuple[np.ndarray, np.ndarray], dict[tuple[str, ...], np.ndarray]]:
    """Rows whose claim id repeats (with labels), and the rules' keys for every row when the key columns are coded."""
    repeated = repeated_texts(table.column("claim_id"))
    key_columns = {*BASE_KEY, *SAME_STATEMENT_KEY, *STATEMENT_KEY, *TRADE_KEY}
    if not all(name in table.column_names and is_coded(table.column(name)) for name in key_columns):
        return repeated, {}
    return repeated, rule_keys({name: dictionary_parts(table.column(name))[1] for name in key_columns}, table.num_rows)


def _rows_kept(columns: dict[str, pd.Series], keep: np.ndarray) -> pd.DataFrame:
    """The kept rows of `columns` as a frame with a fresh index: categoricals decoded to `str`, Arrow-backed text
    filtered in Arrow (pandas takes such columns row by row), on two threads (Arrow's take and filter run without the
    GIL). Each original column is released once its kept rows are copied."""
    every = bool(keep.all())
    mask = pa.array(keep)

    def kept(column: pd.Series) -> object:
        if isinstance(column.dtype, pd.CategoricalDtype):
            return categories_decoded(column, None if every else keep)
        if every:
            return column.reset_index(drop=True)
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            return column.array.__arrow_array__().filter(mask).to_pandas()
        return column.to_numpy()[keep]

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kept-rows") as pool:
        jobs = {name: pool.submit(kept, columns.pop(name)) for name in list(columns)}
        data = {name: job.result() for name, job in jobs.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(int(keep.sum())), copy=False)


def load_dataset(folder: Path) -> tuple[Dataset, ValidationReport]:
    """Read and check the three files in `folder`. The dataset holds the rows that passed; the report holds the rest."""
    report = ValidationReport()
    folder = Path(folder)
    if not folder.is_dir():
        report.add(Problem("unreadable-file", said(N_("{folder} is not a folder holding {files}"), folder=folder, files=", ".join(DATA_FILES)), str(folder)))
        return Dataset(empty_claims_frame(), {}, []), report

    sources_checked = _checked(_read(folder / SOURCES.file, report), SOURCES, report)
    sources: dict[str, Source] = {}
    for source in _models(sources_checked, SOURCES):
        if source.source_id in sources:
            report.add(
                Problem(
                    "duplicate-row",
                    said(N_("the source id '{source}' is used twice"), source=source.source_id),
                    SOURCES.file,
                    None,
                    "source_id",
                    source.source_id,
                )
            )
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
                    Problem(
                        "unknown-source",
                        said(N_("no source with id '{source}' in sources.csv"), source=event.source_id),
                        EVENTS.file,
                        int(line),
                        "source_id",
                        event.source_id,
                    )
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
                        said(N_("source '{source}' has no web address; readers cannot check it"), source=source.source_id),
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
                        said(N_("source '{source}' is not used by any claim or event"), source=source.source_id),
                        SOURCES.file,
                        int(line),
                        "source_id",
                        source.source_id,
                        Severity.WARNING,
                    )
                )
    return Dataset(claims, sources, sorted(events, key=lambda e: e.date)), report
