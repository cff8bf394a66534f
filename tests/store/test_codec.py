"""How a dataset is stored (store.codec): claims as canonical text in content-addressed Parquet chunks, with row hashes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.model.columns import ADDED_COLUMNS
from econ_ties.services.published import published_store
from econ_ties.store.codec import claim_rows, claim_table
from econ_ties.store.revisions import Store
from tests.store.conftest import added, changed, chunk_count, chunks_of, value_of


def test_claims_held_as_categoricals_are_stored_as_the_same_text(curated: Dataset) -> None:
    coded = curated.claims.copy()
    for column in ("indicator", "country", "sector", "notes"):
        coded[column] = coded[column].astype("category")
    assert claim_table(coded).equals(claim_table(curated.claims))


def test_stored_row_hashes_are_pandas_row_hashes_of_the_stored_text(curated: Dataset) -> None:
    # Row hashes of older revisions were computed with hash_pandas_object; merges compare them with new ones.
    rows = claim_rows(changed(curated, "S3", 3.0).claims)
    assert rows["row_hash"].nunique() == len(rows)
    # A claim whose added columns (`ADDED_COLUMNS`, e.g. quote_en) are empty hashes as it did before they existed;
    # a translated claim hashes with its translation.
    plain = (rows["quote_en"] == "").to_numpy()
    assert plain.any() and (~plain).any()
    legacy = rows.iloc[:, 2:].drop(columns=list(ADDED_COLUMNS["claims"]))
    expected = np.where(
        plain,
        pd.util.hash_pandas_object(legacy, index=False).to_numpy().view(np.int64),
        pd.util.hash_pandas_object(rows.iloc[:, 2:], index=False).to_numpy().view(np.int64),
    )
    assert np.array_equal(rows["row_hash"].to_numpy(), expected)


def test_a_revision_of_many_chunks_reads_back_in_order_and_an_unchanged_chunk_is_stored_once(
    store_url: str, curated: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = -(-len(curated.claims) // 5)  # five chunks, the last one the shortest
    monkeypatch.setattr("econ_ties.store.codec.CHUNK_ROWS", size)
    store = Store(store_url)
    store.seed(curated, author="a", note="curated")
    assert len(chunks_of(store, 1)) == 5 and chunk_count(store) == 5
    pd.testing.assert_frame_equal(store.dataset(1)[1].claims, curated.claims)
    last = curated.claims["claim_id"].iloc[-1]
    store.publish(changed(curated, last, 1.0), parent=1, author="a")
    assert chunks_of(store, 2)[:4] == chunks_of(store, 1)[:4] and chunks_of(store, 2)[4] != chunks_of(store, 1)[4]
    assert chunk_count(store) == 6, "only the chunk holding the changed claim is new"
    back = store.dataset(2)[1]
    assert value_of(back, last) == 1.0
    assert back.content_hash == changed(curated, last, 1.0).content_hash == store.revision(2).content_hash
    assert all(result.ok for result in store.check())
    store.close()


def test_a_rollback_writes_no_claims(store_url: str, curated: Dataset) -> None:
    store = published_store(store_url)
    store.publish(added(changed(curated, "S3", 3.0), "NEW-5"), parent=1, author="a")
    before = chunk_count(store)
    store.rollback(1, author="b")
    assert chunk_count(store) == before
    assert chunks_of(store, 3) == chunks_of(store, 1)
    store.publish(curated, parent=3, author="c", note="the same data again")
    assert chunk_count(store) == before, "identical chunks are stored once"
    assert all(result.ok for result in store.check())
