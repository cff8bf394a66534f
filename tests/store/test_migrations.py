"""Stores written by earlier versions are migrated when opened (store.migrations): claim rows moved to claims chunks,
and revisions given the version of their content hash. tests/store/test_stores_of_earlier_versions.py opens a real one."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset
from econ_ties.model.canonical import CSV_HASH_VERSION, HASH_VERSION
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.store.codec import claim_rows, event_rows, source_rows
from econ_ties.store.revisions import Store
from econ_ties.store.tables import LEGACY_CLAIMS, REVISIONS
from tests.store.conftest import added, changed, chunk_count, chunks_of, value_of


def _old_layout_store(url: str, revisions: list[tuple[Dataset, str]]) -> None:
    """A store as the row-per-claim layout wrote it: the claims table, no chunk tables; one revision per dataset, its
    content hash of version 1 (the layout is older than hash versions)."""
    from sqlalchemy import create_engine, insert

    from econ_ties.store.engine import create_store_engine
    from econ_ties.store.tables import AUDIT, EVENTS, SOURCES, Base

    engine = create_store_engine(url) if url.startswith("sqlite") else create_engine(url)
    Base.metadata.create_all(engine, tables=[REVISIONS, SOURCES, EVENTS, AUDIT])
    LEGACY_CLAIMS.create(engine)
    with engine.begin() as connection:
        for number, (dataset, kind) in enumerate(revisions, start=1):
            counts = {"claim_count": len(dataset.claims), "source_count": len(dataset.sources), "event_count": len(dataset.events)}
            connection.execute(
                insert(REVISIONS),
                {"number": number, "parent": number - 1 or None, "kind": kind, "author": "old", "created_at": pd.Timestamp.now(tz="UTC").to_pydatetime()}
                | {"note": "", "content_hash": dataset.content_hash_of_version(1), "file_name": "", "report_summary": "", "changes": "{}"}
                | counts,
            )
            claims = claim_rows(dataset.claims).assign(revision=number)
            if len(claims):
                connection.execute(insert(LEGACY_CLAIMS), claims.to_dict("records"))
            for table, rows in ((SOURCES, source_rows(dataset.sources)), (EVENTS, event_rows(dataset.events))):
                connection.execute(insert(table), rows.assign(revision=number).to_dict("records"))
    engine.dispose()


def test_a_store_of_claim_rows_is_migrated_to_chunks_when_opened(store_url: str, curated: Dataset) -> None:
    # A store of claim rows was written before claims had an English translation (quote_en).
    curated = Dataset(curated.claims.assign(quote_en=""), dict(curated.sources), list(curated.events))
    first, second = curated, added(changed(curated, "S3", 3.0), "NEW-6")
    empty = Dataset(curated.claims.iloc[:0], dict(curated.sources), list(curated.events))
    _old_layout_store(store_url, [(first, "seed"), (second, "publish"), (empty, "publish"), (first, "rollback")])
    store = Store(store_url)
    try:
        with store.engine.connect() as connection:
            assert not connection.dialect.has_table(connection, "claims"), "the row table is dropped after the move"
        for number, expected in ((1, first), (2, second), (3, empty), (4, first)):
            back = store.dataset(number)[1]
            stated = [*CLAIM_COLUMNS, "row"]  # the rest is derived from these (and `changed` above sets no derived column)
            pd.testing.assert_frame_equal(back.claims[stated], expected.claims[stated])
            assert back.content_hash_of_version(1) == expected.content_hash_of_version(1) == store.revision(number).content_hash
            assert back.content_hash == expected.content_hash and store.revision(number).hash_version == 1
        assert chunks_of(store, 4) == chunks_of(store, 1) and chunk_count(store) == 2, "identical chunks are stored once"
        assert all(result.ok for result in store.check())
        [entry] = [e for e in store.audit_log() if e["action"] == "migrate"]
        assert entry["detail"] == f"{2 * len(first.claims) + len(second.claims):,} claims of 4 revisions moved from the claims table to claims chunks"
        store.publish(changed(first, "S2", 6.4), parent=4, author="a")  # and the store goes on as any other
        assert value_of(store.dataset()[1], "S2") == 6.4
        assert Store(store_url).revisions()[0].number == 5, "a second open finds nothing to migrate"
    finally:
        store.close()
        with store.engine.begin() as connection:
            LEGACY_CLAIMS.drop(connection, checkfirst=True)


def test_a_migrated_revision_that_was_damaged_before_keeps_its_rows_and_is_named(store_url: str, curated: Dataset) -> None:
    _old_layout_store(store_url, [(curated, "seed"), (changed(curated, "S3", 3.0), "publish")])
    from sqlalchemy import create_engine

    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE claims SET value = '9.9' WHERE revision = 2 AND claim_id = 'S3'"))
    engine.dispose()
    store = Store(store_url)
    try:
        assert value_of(store.dataset(2)[1], "S3") == 9.9, "the rows are moved as they were"
        [entry] = [e for e in store.audit_log() if e["action"] == "migrate"]
        assert "revision 2 did not match their recorded content hash" in entry["detail"]
        results = {r.number: r for r in store.check()}
        assert results[1].ok and not results[2].ok and "content hash" in results[2].message
    finally:
        store.close()
        with store.engine.begin() as connection:
            LEGACY_CLAIMS.drop(connection, checkfirst=True)


def test_a_store_without_hash_versions_gets_the_column_with_version_1(store_url: str, curated: Dataset) -> None:
    # Revision 1 as a store written before hash versions held it, then the store is opened.
    store = Store(store_url)
    store.seed(curated, author="a", note="curated")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE revisions SET content_hash = :h"), {"h": curated.content_hash_of_version(CSV_HASH_VERSION)})
        connection.execute(text("ALTER TABLE revisions DROP COLUMN hash_version"))
        connection.execute(text("DELETE FROM applied_migrations WHERE name = 'revisions-hash-version'"))
    store.close()
    store = Store(store_url)
    try:
        assert store.revision(1).hash_version == CSV_HASH_VERSION
        assert [c.ok for c in store.check()] == [True]
        assert store.publish(curated, parent=1, author="b").revision.hash_version == HASH_VERSION
        assert [e["detail"] for e in store.audit_log() if e["action"] == "migrate"] == [
            "revisions record the version of their content hash; 1 earlier revision has version 1"
        ]
    finally:
        store.close()


TRANSLATIONS = {"sources": ("title_az", "title_ru"), "events": ("title_az", "title_ru", "description_az", "description_ru")}


def test_every_added_column_of_a_row_table_has_the_one_step_that_adds_it() -> None:
    from econ_ties.model.columns import ADDED_COLUMNS
    from econ_ties.store.migrations import COLUMNS_ADDED_BY, MIGRATION_STEPS

    assert set(COLUMNS_ADDED_BY) <= {m.name for m in MIGRATION_STEPS}
    for kind in ("sources", "events"):
        by_steps = [c for columns in COLUMNS_ADDED_BY.values() for c in columns[kind]]
        assert sorted(by_steps) == sorted(ADDED_COLUMNS[kind]), kind


def test_a_store_without_the_translation_columns_gets_them_empty_and_its_revisions_stay_intact(store_url: str, curated: Dataset) -> None:
    # A store written after events got their kind but before data text had translations: the translation columns are
    # not in its row tables, and the step "added-columns-quote-en-kind" is recorded, so only the new step can add them.
    untranslated = Dataset(
        curated.claims,
        {k: s.model_copy(update=dict.fromkeys(TRANSLATIONS["sources"], "")) for k, s in curated.sources.items()},
        [e.model_copy(update=dict.fromkeys(TRANSLATIONS["events"], "")) for e in curated.events],
    )
    store = Store(store_url)
    store.seed(untranslated, author="a", note="curated")
    recorded = store.revision(1).content_hash
    with store.engine.begin() as connection:
        for kind, columns in TRANSLATIONS.items():
            for column in columns:
                connection.execute(text(f"ALTER TABLE {kind} DROP COLUMN {column}"))
        connection.execute(text("DELETE FROM applied_migrations WHERE name = 'added-columns-translations'"))
    store.close()
    store = Store(store_url)
    try:
        assert [c.ok for c in store.check()] == [True]
        back = store.dataset(1)[1]
        assert back.content_hash == recorded == untranslated.content_hash
        assert {e.title_ru for e in back.events} == {""} and {s.title_az for s in back.sources.values()} == {""}
        assert [e["detail"] for e in store.audit_log() if e["action"] == "migrate"] == [
            "added the columns sources.title_az, sources.title_ru, events.title_az, events.title_ru, events.description_az, "
            "events.description_ru, empty in earlier revisions"
        ]
        outcome = store.publish(curated, parent=1, author="b")
        assert outcome.revision.describe_changes() == f"{len(curated.sources)} sources changed; {len(curated.events)} events changed"
        assert store.dataset(2)[1].content_hash == curated.content_hash
    finally:
        store.close()


#: Source columns added one named step at a time: the step, its columns, the field whose translations they hold, and a
#: few of the texts the curated data writes in Russian in them.
SOURCE_STEPS = [
    ("added-columns-speaker-roles", "speaker_role", {"заместитель министра экономики Азербайджана"}),
    ("added-columns-speakers", "speaker", {"Ильхам Алиев", "Ниязи Сафаров"}),
    ("added-columns-publishers", "publisher", {"ТАСС", "Trend (русская служба)"}),
]


@pytest.mark.parametrize(("step", "field", "russian"), SOURCE_STEPS, ids=[step for step, _f, _r in SOURCE_STEPS])
def test_a_store_without_a_source_translation_step_gets_its_columns_empty_and_its_revisions_stay_intact(
    store_url: str, curated: Dataset, step: str, field: str, russian: set[str]
) -> None:
    # A store written before this step (every earlier one applied): it alone adds its two columns, empty.
    columns = (f"{field}_az", f"{field}_ru")
    unwritten = Dataset(curated.claims, {k: s.model_copy(update=dict.fromkeys(columns, "")) for k, s in curated.sources.items()}, curated.events)
    store = Store(store_url)
    store.seed(unwritten, author="a", note="curated")
    recorded = store.revision(1).content_hash
    with store.engine.begin() as connection:
        for column in columns:
            connection.execute(text(f"ALTER TABLE sources DROP COLUMN {column}"))
        connection.execute(text("DELETE FROM applied_migrations WHERE name = :step"), {"step": step})
    store.close()
    store = Store(store_url)
    try:
        assert [c.ok for c in store.check()] == [True]
        back = store.dataset(1)[1]
        assert back.content_hash == recorded == unwritten.content_hash
        assert {getattr(s, columns[1]) for s in back.sources.values()} == {""}
        assert [e["detail"] for e in store.audit_log() if e["action"] == "migrate"] == [
            f"added the columns sources.{columns[0]}, sources.{columns[1]}, empty in earlier revisions"
        ]
        filled = sum(1 for s in curated.sources.values() if getattr(s, field))
        assert store.publish(curated, parent=1, author="b").revision.describe_changes() == f"{filled} sources changed"
        assert store.dataset(2)[1].content_hash == curated.content_hash
        assert {getattr(s, columns[1]) for s in store.dataset(2)[1].sources.values()} >= russian
    finally:
        store.close()
