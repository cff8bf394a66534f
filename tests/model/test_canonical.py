"""The canonical form of a claim: one text per field, the row hash, and a content hash that depends on the data alone
(not on row order, not on how CSV cells are escaped for spreadsheets), with version 1 kept as it was."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.preview import preview_diff
from econ_ties.checks.uploads import claims_csv
from econ_ties.model import canonical, csv_safety
from econ_ties.model.columns import ADDED_COLUMNS, CLAIM_COLUMNS, LEGACY_CLAIM_COLUMNS
from econ_ties.model.csv_safety import frame_to_csv
from tests.conftest import DATA_DIR
from tests.model.test_csv_safety import REPEATED_SHA256, SMALL_SHA256, repeated_frame, small_frame


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def with_claim(dataset: Dataset, claim_id: str, **fields: object) -> Dataset:
    claims = dataset.claims.copy()
    for column, value in fields.items():
        claims.loc[claims["claim_id"] == claim_id, column] = value
    return Dataset(claims, dict(dataset.sources), list(dataset.events))


# -- the text of each field -----------------------------------------------------------------------------------------


def test_a_number_keeps_the_digits_it_was_stated_with() -> None:
    texts = canonical.value_texts(np.array([5.0, 1.3, 1.3, np.nan, 2.9]), np.array([0, 2, 1, 0, 1]))
    assert list(texts) == ["5", "1.30", "1.3", "", "2.9"]
    assert canonical.value_text(1.3, 2) == "1.30" and canonical.value_text(float("nan"), 0) == ""


def test_claim_texts_are_the_text_a_csv_load_read(curated: Dataset) -> None:
    texts = canonical.claim_texts(curated.claims, CLAIM_COLUMNS)
    assert list(texts.columns) == list(CLAIM_COLUMNS)
    s1 = texts[texts["claim_id"] == "S1"].iloc[0]
    assert (s1["value"], s1["uncertain"], s1["qualifier"]) == ("1.2", "false", "at_least")
    majority = texts[texts["claim_id"] == "S1-nonoil"].iloc[0]
    assert majority["value"] == "", "a claim without a number has an empty value, never 'nan'"


def test_the_claims_csv_and_the_preview_use_the_same_text(curated: Dataset) -> None:
    stated = with_claim(curated, "S3", value=1.3, decimals=2)
    assert ",1.30," in claims_csv(stated.claims[stated.claims["claim_id"] == "S3"])
    diff = preview_diff(stated.claims[stated.claims["claim_id"] == "S3"], curated.claims)
    assert diff.changed[["column", "old", "new"]].to_dict("records") == [{"column": "value", "old": "2.9", "new": "1.30"}]


def test_coded_row_hashes_are_pandas_row_hashes_of_the_text(curated: Dataset) -> None:
    coded = canonical.coded_claim_fields(curated.claims, CLAIM_COLUMNS)
    texts = canonical.claim_texts(curated.claims, CLAIM_COLUMNS)
    assert np.array_equal(canonical.coded_row_hashes(coded), canonical.row_hashes(texts))


# -- the content hash -----------------------------------------------------------------------------------------------


def test_the_content_hash_ignores_row_order_and_sees_every_stated_digit(curated: Dataset) -> None:
    shuffled = Dataset(curated.claims.sample(frac=1, random_state=3).reset_index(drop=True), dict(curated.sources), list(curated.events))
    assert shuffled.content_hash == curated.content_hash
    assert with_claim(curated, "S3", decimals=2).content_hash != curated.content_hash, "2.90 is not what was stated as 2.9"
    assert with_claim(curated, "S3", quote="other words").content_hash != curated.content_hash


def test_cells_cannot_run_into_each_other() -> None:
    def digest(cells: list[str]) -> str:
        return canonical.content_hash({"t": pa.table({"id": ["a", "b"], "text": cells})}, ids={"t": "id"})

    assert digest(["x,y", ""]) != digest(["x", ",y"]) != digest(["x,", "y"])
    assert digest(["x", "y"]) == digest(["x", "y"])


def test_the_content_hash_does_not_depend_on_the_spreadsheet_rule(curated: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = with_claim(curated, "S3", quote="=1+1, said he", notes="@cmd")
    before = (hostile.content_hash, hostile.content_hash_of_version(1))
    written = frame_to_csv(hostile.claims[["claim_id", "quote", "notes"]])
    monkeypatch.setattr(csv_safety, "neutralise_cell", lambda text: "\u2063" + text)  # another rule for formula cells
    assert frame_to_csv(hostile.claims[["claim_id", "quote", "notes"]]) != written, "the CSV writer follows the new rule"
    assert (hostile.content_hash, hostile.content_hash_of_version(1)) == before


def test_the_content_hash_is_the_hash_of_the_canonical_tables(curated: Dataset) -> None:
    tables = curated.canonical_tables()
    assert tables["claims"].column_names == list(CLAIM_COLUMNS) and tables["claims"].num_rows == len(curated.claims)
    ids = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}
    assert curated.content_hash == canonical.content_hash(tables, ids=ids, added=ADDED_COLUMNS)


def test_an_added_column_counts_only_where_it_holds_text(curated: Dataset) -> None:
    """A revision recorded before quote_en (or an event's kind) existed keeps its hashes; a translation is new data."""
    tables = curated.canonical_tables()
    ids = {"claims": "claim_id", "sources": "source_id", "events": "event_id"}
    empty = {name: t.drop_columns([c for c in ADDED_COLUMNS[name] if c in t.column_names]) for name, t in tables.items()}
    if not any(curated.claims["quote_en"].astype(str) != ""):
        assert curated.content_hash == canonical.content_hash(empty, ids=ids)
    translated = with_claim(curated, "S3", quote_en="A translation")
    assert translated.content_hash != curated.content_hash
    texts = canonical.claim_texts(translated.claims, CLAIM_COLUMNS)
    legacy = canonical.row_hashes(texts.drop(columns=["quote_en"]))
    hashes = canonical.row_hashes_with_added(texts, ADDED_COLUMNS["claims"])
    before = canonical.claim_texts(curated.claims, CLAIM_COLUMNS)
    changed = (texts["quote_en"] != before["quote_en"]).to_numpy()
    assert changed.sum() == 1
    changed = changed | (texts["quote_en"] != "").to_numpy()  # rows translated in the data hash with their translation too
    assert (hashes[~changed] == legacy[~changed]).all() and (hashes[changed] != legacy[changed]).all()
    coded = canonical.coded_claim_fields(translated.claims, CLAIM_COLUMNS)
    assert (canonical.coded_row_hashes_with_added(coded, CLAIM_COLUMNS, ADDED_COLUMNS["claims"]) == hashes).all()


# -- version 1, frozen ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("frame", "pinned"), [(small_frame, SMALL_SHA256), (repeated_frame, REPEATED_SHA256)])
def test_the_frozen_version_1_writer_gives_the_bytes_hashed_before(frame: object, pinned: tuple[str, str]) -> None:
    made = frame()  # type: ignore[operator]
    assert hashlib.sha256(b"".join(canonical.csv_parts_v1(made, "id"))).hexdigest() == pinned[0]
    assert hashlib.sha256(b"".join(canonical.csv_parts_v1(made[["last"]]))).hexdigest() == pinned[1]


def test_version_1_is_the_hash_of_the_csv_files_as_written_for_spreadsheets(curated: Dataset) -> None:
    # The definition revisions written up to commit 78f599b recorded (today's writer still writes those bytes).
    # That day's columns: those added since (`ADDED_COLUMNS`) did not exist.
    claims = curated.claims[list(LEGACY_CLAIM_COLUMNS)].assign(uncertain=curated.claims["uncertain"].map({True: "true", False: "false"}))
    sources = pd.DataFrame([s.model_dump(mode="json", exclude=set(ADDED_COLUMNS["sources"])) for s in curated.sources.values()])
    events = pd.DataFrame([{**e.model_dump(mode="json", exclude=set(ADDED_COLUMNS["events"])), "parties": ";".join(e.parties)} for e in curated.events])
    tables = {"figures.csv": (claims, "claim_id"), "sources.csv": (sources, "source_id"), "events.csv": (events, "event_id")}
    files = {name: frame_to_csv(frame.sort_values(key, kind="stable")).encode() for name, (frame, key) in tables.items()}
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + data)
    assert curated.content_hash_of_version(1) == digest.hexdigest() != curated.content_hash
    with pytest.raises(ValueError, match="unknown content hash version 7"):
        curated.content_hash_of_version(7)
