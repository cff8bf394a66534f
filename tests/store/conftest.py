"""What the store tests share: the curated dataset, datasets changed from it, and a look at the stored chunks."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.store.revisions import Store
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def changed(dataset: Dataset, claim_id: str, value: float) -> Dataset:
    claims = dataset.claims.copy()
    claims.loc[claims["claim_id"] == claim_id, "value"] = value
    return Dataset(claims, dict(dataset.sources), list(dataset.events))


def added(dataset: Dataset, claim_id: str, like: str = "S3") -> Dataset:
    row = dataset.claims[dataset.claims["claim_id"] == like].assign(claim_id=claim_id)
    return Dataset(pd.concat([dataset.claims, row], ignore_index=True), dict(dataset.sources), list(dataset.events))


def value_of(dataset: Dataset, claim_id: str) -> float:
    return float(dataset.claims.loc[dataset.claims["claim_id"] == claim_id, "value"].iloc[0])


def chunks_of(store: Store, number: int) -> list[str]:
    """The hashes of a revision's claims chunks, in order."""
    with store.engine.connect() as connection:
        query = text("SELECT chunk FROM revision_chunks WHERE revision = :n ORDER BY position")
        return list(connection.execute(query, {"n": number}).scalars())


def chunk_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM claim_chunks")).scalar() or 0)


def chunk_bytes(store: Store, digest: str) -> bytes:
    with store.engine.connect() as connection:
        return bytes(connection.execute(text("SELECT data FROM claim_chunks WHERE hash = :h"), {"h": digest}).scalar_one())


def set_chunk_bytes(store: Store, digest: str, data: bytes) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE claim_chunks SET data = :d WHERE hash = :h"), {"d": data, "h": digest})
