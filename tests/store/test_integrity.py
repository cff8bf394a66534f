"""`store check` (store.integrity): intact revisions pass; tampered, damaged and missing claims chunks are named."""

from __future__ import annotations

import sqlite3

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset
from econ_ties.cli.main import main
from econ_ties.services.published import published_dataset, published_store
from econ_ties.store.errors import DamagedRevision
from econ_ties.store.revisions import Store
from tests.store.conftest import changed, chunk_bytes, chunks_of, set_chunk_bytes


def test_store_check_passes_when_intact_and_names_a_tampered_revision(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    assert all(result.ok for result in store.check())
    assert main(["store", "check", "--database", store_url]) == 0
    # Someone rewrites revision 2's claims with a well-formed chunk holding another value for S3.
    [digest] = chunks_of(store, 2)
    tampered = pq.read_table(pa.BufferReader(chunk_bytes(store, digest))).to_pandas()
    tampered.loc[tampered["claim_id"] == "S3", "value"] = "9.9"
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(tampered, preserve_index=False), sink)
    set_chunk_bytes(store, digest, sink.getvalue().to_pybytes())
    results = {r.number: r for r in store.check()}
    assert results[1].ok and not results[2].ok
    assert "content hash" in results[2].message and "damaged" in results[2].message
    assert main(["store", "check", "--database", store_url]) == 1


def test_hostile_text_survives_the_round_trip_and_the_hash(store_url: str, curated: Dataset) -> None:
    claims = curated.claims.copy()
    hostile = ['=HYPERLINK("http://x")', "-1\n2", 'say "no", twice\r\nplease', "\u202eevil", "<script>alert(1)</script>", "٣"]
    claims.loc[: len(hostile) - 1, "quote"] = hostile
    claims.loc[: len(hostile) - 1, "notes"] = list(reversed(hostile))
    dataset = Dataset(claims, dict(curated.sources), list(curated.events))
    store = published_store(store_url)
    revision = store.publish(dataset, parent=1, author="a").revision
    back = published_dataset(url=store_url)
    assert list(back.claims["quote"][: len(hostile)]) == hostile
    assert back.content_hash == revision.content_hash == dataset.content_hash
    assert all(result.ok for result in store.check())


def test_store_check_names_a_chunk_whose_bytes_were_damaged(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    [digest] = chunks_of(store, 2)
    data = bytearray(chunk_bytes(store, digest))
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # a run of zeros in the middle of the file
    set_chunk_bytes(store, digest, bytes(data))
    results = {r.number: r for r in store.check()}
    assert results[1].ok and not results[2].ok
    assert f"claims chunk 0 ({digest[:12]}…) is damaged: its bytes no longer match their hash" in results[2].message
    with pytest.raises(DamagedRevision, match="is damaged"):
        store.dataset(2)
    assert main(["store", "check", "--database", store_url]) == 1


def test_store_check_names_a_missing_chunk(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(changed(curated, "S3", 3.0), parent=1, author="a")
    [digest] = chunks_of(store, 2)
    # Deleted behind the store's back, with foreign keys switched off (the store's own connections keep them on).
    if store.backend == "sqlite":
        with sqlite3.connect(str(store.engine.url.database)) as connection:
            connection.execute("DELETE FROM claim_chunks WHERE hash = ?", (digest,))
    else:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.execute(text("DELETE FROM claim_chunks WHERE hash = :h"), {"h": digest})
    results = {r.number: r for r in Store(store_url).check()}
    assert results[1].ok and not results[2].ok
    assert results[2].message == f"claims chunk 0 ({digest[:12]}…) is missing"
    with pytest.raises(DamagedRevision, match="is missing"):
        Store(store_url).dataset(2)
