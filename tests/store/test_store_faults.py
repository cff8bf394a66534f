"""The store under faults, on SQLite and PostgreSQL: publishing processes killed with SIGKILL at random points leave no
partial revision, and two processes publishing from stale parents lose nothing."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import text

from econ_ties.checks.dataset import Dataset
from econ_ties.services.published import published_dataset, published_store
from econ_ties.store.revisions import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _publish_until_killed(url: str, dataset: Dataset, begun: Any, done: Any) -> None:
    """Runs in a forked process: publish revision after revision until SIGKILL arrives at some random point."""
    store = Store(url)  # its own engine and connections, nothing shared with the parent
    for round_number in itertools.count():
        dataset.claims.loc[round_number % len(dataset.claims), "value"] = float(round_number)
        begun.value += 1
        store.publish(dataset, parent=store.latest_number(), author="killed", note=f"round {round_number}")
        done.value += 1


STALE_PUBLISHER = """
import random, sys, time
import pandas as pd
from econ_ties.checks.dataset import Dataset
from econ_ties.checks.dataset import Dataset
from econ_ties.services.published import published_store

url, worker, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = published_store(url)
merged = 0
for i in range(rounds):
    parent = store.latest_number()
    _, data = store.dataset(parent)
    template = data.claims[data.claims["claim_id"] == "S3"]
    claims = data.claims[data.claims["claim_id"] != f"{worker}-counter"]
    new = pd.concat([template.assign(claim_id=f"{worker}-{i}"), template.assign(claim_id=f"{worker}-counter", value=float(i))])
    time.sleep(random.random() * 0.03)  # let the other process publish in between: this publish's parent goes stale
    outcome = store.publish(Dataset(pd.concat([claims, new], ignore_index=True), data.sources, data.events), parent=parent, author=worker)
    merged += outcome.merged_onto is not None
print(f"merged {merged}", flush=True)
"""


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _orphans(store: Store) -> int:
    """Rows of no revision, and claims chunks no revision uses: what a half-written publish would leave."""
    with store.engine.connect() as connection:
        rows = sum(
            connection.execute(text(f"SELECT COUNT(*) FROM {table} WHERE revision NOT IN (SELECT number FROM revisions)")).scalar() or 0
            for table in ("revision_chunks", "sources", "events")
        )
        unused = connection.execute(text("SELECT COUNT(*) FROM claim_chunks WHERE hash NOT IN (SELECT chunk FROM revision_chunks)")).scalar() or 0
        return rows + unused


def test_a_publisher_killed_at_random_points_leaves_no_partial_revision(store_url: str) -> None:
    store = published_store(store_url)
    _, base = store.dataset(1)
    claims = pd.concat([base.claims] * 30, ignore_index=True)
    claims["claim_id"] = [f"K{i}" for i in range(len(claims))]
    dataset = Dataset(claims, base.sources, base.events)
    # Forked, not spawned: the publisher starts at once instead of spending seconds importing on a loaded machine.
    context = multiprocessing.get_context("fork")
    rng = random.Random(20)
    interrupted, checked = 0, 0
    seen: dict[int, str] = {r.number: r.content_hash for r in store.revisions()}  # every revision's hash as first read
    for _ in range(20):
        # No lock: a child killed while holding a Value's lock would leave the parent waiting for it for ever.
        begun, done = context.Value("i", 0, lock=False), context.Value("i", 0, lock=False)
        child = context.Process(target=_publish_until_killed, args=(store_url, dataset, begun, done), daemon=True)
        child.start()
        deadline = time.monotonic() + 120
        while begun.value == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 1.0))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join()
        interrupted += begun.value > done.value
        fresh = Store(store_url)  # a new view of the store: nothing cached
        try:
            results = fresh.check(after=checked)  # earlier revisions were checked after earlier kills
            assert all(r.ok for r in results), [r.message for r in results if not r.ok]
            assert _orphans(fresh) == 0
            revisions = fresh.revisions()
            assert [r.number for r in revisions] == list(range(fresh.latest_number() or 0, 0, -1))
            # A kill never takes a revision away, nor changes one: the count never shrinks, earlier hashes stay.
            assert len(revisions) >= len(seen)
            now = {r.number: r.content_hash for r in revisions}
            assert {number: now.get(number) for number in seen} == seen
            seen.update(now)
            checked = fresh.latest_number() or 0
        finally:
            fresh.close()
    assert interrupted >= 5, f"only {interrupted} of 20 kills landed inside a publish"
    check = subprocess.run(
        [sys.executable, "-m", "econ_ties.cli", "store", "check", "--database", store_url], capture_output=True, text=True, env=_environment()
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "all intact" in check.stdout


def test_two_processes_publishing_from_stale_parents_lose_nothing(store_url: str) -> None:
    store = published_store(store_url)
    rounds = 100
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", STALE_PUBLISHER, store_url, name, str(rounds)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment()
        )
        for name in ("W0", "W1")
    ]
    outputs = [w.communicate(timeout=900) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err[-2000:] for _, err in outputs]
    merged = sum(int(out.split()[-1]) for out, _ in outputs)
    assert merged > 0, "no publish started from a stale parent; the test proved nothing"
    revisions = store.revisions()
    assert len(revisions) == 1 + 2 * rounds
    latest = published_dataset(url=store_url)
    ids = set(latest.claims["claim_id"])
    for worker in ("W0", "W1"):
        assert {f"{worker}-{i}" for i in range(rounds)} <= ids, "every publish's claim is in the latest revision"
        assert latest.claim(f"{worker}-counter").value == rounds - 1
    assert all(r.ok for r in store.check())
