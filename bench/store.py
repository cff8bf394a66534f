"""Benchmark of the published store: a million-claim publish and read-back against a bare insert and select.

1. Publish 1 000 000 claims as a new revision (content hash, row hashes, change summary, the claims encoded as Parquet
   chunks, one transaction) and read the latest revision back as a Dataset, against a bare bulk insert of the same rows
   into a plain table and a `SELECT *` of them through the same driver (sqlite3 `executemany`, psycopg `COPY`): what a
   store of one row per claim costs at the least. Target ≤ 1.5×.
2. The dashboard at the page: a warm rerun of every page (AppTest: Overview, Partners, Investment, Over time,
   Timeline, Data & sources) on a store whose latest revision holds 1 000 000 claims, against the same page on the
   curated ~360, their reruns taking turns; a page's ratio is the median of the pairs' ratios, `page_ratio` the worst
   page's. Target ≤ 2×. Each page's first open is printed too.

Usage: `python bench/store.py [--claims N] [--url URL] [--distinct]` (default: SQLite files in a temporary folder;
pass a `postgresql+psycopg://…` URL to measure PostgreSQL; `--distinct` publishes claims that are all different
statements, generated as `bench/validate.py` does, instead of the curated ones repeated). Prints the timings and, last, `ratio=X.XX page_ratio=Y.YY`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from econ_ties.checks.dataset import Dataset, load_dataset  # noqa: E402
from econ_ties.settings import sqlite_url  # noqa: E402
from econ_ties.store.codec import claim_rows  # noqa: E402
from econ_ties.store.revisions import Store  # noqa: E402
from econ_ties.store.tables import LEGACY_CLAIMS, STORED_CLAIM_COLUMNS, Base  # noqa: E402


def million_claims(curated: Dataset, count: int) -> Dataset:
    """`count` claims: the curated ones repeated with fresh ids (every row valid, as a validated upload would be)."""
    index = np.arange(count) % len(curated.claims)
    claims = curated.claims.iloc[index].reset_index(drop=True)
    claims["claim_id"] = pd.array(np.char.add("B", np.arange(count).astype(str)).astype(object), dtype="str")
    claims["row"] = np.arange(count, dtype=np.int64) + 2
    return Dataset(claims, dict(curated.sources), list(curated.events))


def distinct_claims(curated: Dataset, count: int, folder: Path) -> Dataset:
    """About `count` valid claims that are all different statements, as a large real upload would be: the claims file
    `bench/validate.py` generates (parts and totals, exports, imports and turnover, monthly periods, every published
    source) without the rows it makes bad, validated and applied over the curated data. Thousands of statements and
    disagreements per country pair, so the dashboard's charts and tables meet their limits."""
    sys.path.insert(0, str(ROOT / "bench"))
    from validate import generate

    from econ_ties.checks.uploads import validate_upload_file
    from econ_ties.services.publishing import upload_applied

    raw, clean = folder / "generated.csv", folder / "valid.csv"
    bad_lines = generate(raw, count, sorted(curated.sources))
    with raw.open("rb") as source, clean.open("wb") as target:
        target.writelines(line for number, line in enumerate(source, start=1) if number not in bad_lines)
    raw.unlink()
    result = validate_upload_file(clean, curated.sources)
    clean.unlink()
    assert result.report.ok, result.report.summary()
    return upload_applied(curated, result.claims)


def bare_insert_and_select(url: str, rows: list[tuple], columns: list[str]) -> float:
    """Insert `rows` into a plain table and select them all back, through the driver alone; seconds."""
    names = ", ".join(columns)
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///")).with_name("bare.sqlite")
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(f"CREATE TABLE bare ({', '.join(c + (' INTEGER' if c in ('revision', 'line', 'row_hash') else ' TEXT') for c in columns)})")
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO bare ({names}) VALUES ({', '.join('?' for _ in columns)})", rows)
        connection.execute("COMMIT")
        fetched = connection.execute(f"SELECT {names} FROM bare").fetchall()
        elapsed = time.perf_counter() - start
        connection.close()
    else:
        import psycopg

        connection = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        connection.execute("DROP TABLE IF EXISTS bare")
        connection.execute(f"CREATE TABLE bare ({', '.join(c + (' BIGINT' if c in ('revision', 'line', 'row_hash') else ' TEXT') for c in columns)})")
        connection.commit()
        start = time.perf_counter()
        with connection.cursor() as cursor, cursor.copy(f"COPY bare ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        connection.commit()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {names} FROM bare")
            fetched = cursor.fetchall()
        elapsed = time.perf_counter() - start
        connection.execute("DROP TABLE bare")
        connection.commit()
        connection.close()
    assert len(fetched) == len(rows)
    return elapsed


def empty_store(url: str) -> Store:
    if not url.startswith("sqlite"):
        engine = create_engine(url)
        LEGACY_CLAIMS.drop(engine, checkfirst=True)  # left by a store of the row-per-claim layout
        Base.metadata.drop_all(engine)
        engine.dispose()
    return Store(url)


PAGES = ("overview", "partners", "investment", "over-time", "timeline", "data")


def page_seconds(urls: dict[str, tuple[str, dict[str, str]]], reruns: int, page: str) -> dict[str, tuple[float, list[float]]]:
    """For each store (name → URL and any query, e.g. `rev`): the first open of one dashboard page (a fresh session; the revision may already be
    read into the process's cache by an earlier page) and the times of its warm reruns. The reruns of the stores take
    turns, in alternating order, so a change in the machine's load hits both alike (before, all of one store's pages ran
    first: a loaded minute then showed as a ratio)."""
    from streamlit.testing.v1 import AppTest

    apps, out = {}, {}
    for name, (url, query) in urls.items():
        os.environ["ECON_TIES_DATABASE_URL"] = url  # read on every run: each session below reads its own store
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        app.query_params.update({"page": page, **query})
        start = time.perf_counter()
        app.run()
        out[name] = (time.perf_counter() - start, [])
        assert not app.exception, app.exception
        apps[name] = app
    for i in range(reruns):
        for name in sorted(urls, reverse=bool(i % 2)):
            os.environ["ECON_TIES_DATABASE_URL"] = urls[name][0]
            start = time.perf_counter()
            apps[name].run()
            out[name][1].append(time.perf_counter() - start)
            assert not apps[name].exception, apps[name].exception
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--url", help="a PostgreSQL URL to measure instead of SQLite (its tables are dropped)")
    parser.add_argument("--reruns", type=int, default=9, help="warm reruns of each page on each store (default 9)")
    parser.add_argument(
        "--distinct", action="store_true", help="claims that are all different statements (a generated upload) instead of the curated ones repeated"
    )
    args = parser.parse_args()
    # Under the repository's ignored .econ-ties/ rather than /tmp, which other processes on a shared machine clean.
    (ROOT / ".econ-ties").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-store-", dir=ROOT / ".econ-ties"))
    url = args.url or sqlite_url(folder / "store.sqlite")
    curated = load_dataset(ROOT / "data")[0]
    big = distinct_claims(curated, args.claims, folder) if args.distinct else million_claims(curated, args.claims)
    print(f"store: {url.split('@')[-1]}; {len(big.claims):,} claims" + (" (distinct statements)" if args.distinct else " (the curated ones repeated)"))

    store = empty_store(url)
    store.seed(curated, author="bench", note="curated")
    start = time.perf_counter()
    revision = store.publish(big, parent=1, author="bench", note="a million claims").revision
    published = time.perf_counter() - start
    _, back = store.dataset()
    ours = time.perf_counter() - start
    assert len(back.claims) == len(big.claims) and revision.content_hash == back.content_hash
    print(f"publish {published:.2f} s + read back {ours - published:.2f} s = {ours:.2f} s")

    stored = claim_rows(big.claims)
    columns = list(STORED_CLAIM_COLUMNS)
    rows = list(zip([revision.number] * len(stored), *(stored[c].tolist() for c in columns[1:]), strict=True))
    bare = bare_insert_and_select(url, rows, columns)
    del rows, stored
    print(f"bare insert + select of the same rows: {bare:.2f} s")
    ratio = ours / bare

    if args.url:  # one PostgreSQL database: the curated revision 1 of the same store, asked for with ?rev=1
        small: tuple[str, dict[str, str]] = (url, {"rev": "1"})
    else:
        small = (sqlite_url(folder / "curated.sqlite"), {})
        Store(small[0]).seed(curated, author="bench", note="curated")
    page_ratios = {}
    for page in PAGES:
        timed = page_seconds({"big": (url, {}), "small": small}, args.reruns, page)
        (big_first, big_reruns), (small_first, small_reruns) = timed["big"], timed["small"]
        pairs = sorted(big / small for big, small in zip(big_reruns, small_reruns, strict=True))
        page_ratios[page] = statistics.median(pairs)
        print(
            f"dashboard {page}: first open {big_first:.2f} s with {len(big.claims):,} claims ({small_first:.2f} s with {len(curated.claims)}); "
            f"warm rerun {statistics.median(big_reruns) * 1000:.0f} ms / {statistics.median(small_reruns) * 1000:.0f} ms (medians), "
            f"paired ratio min/median/max {pairs[0]:.2f}/{page_ratios[page]:.2f}/{pairs[-1]:.2f}"
        )
    shutil.rmtree(folder, ignore_errors=True)
    worst = max(page_ratios, key=lambda page: page_ratios[page])
    print(f"worst warm rerun: {worst}")
    print(f"ratio={ratio:.2f} page_ratio={page_ratios[worst]:.2f}")


if __name__ == "__main__":
    main()
