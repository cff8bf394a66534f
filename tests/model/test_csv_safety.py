"""Spreadsheet-safe CSV: the fast column-wise writer writes byte for byte what the row-by-row writer writes, and
what the writer gave before it was made fast, formula cells neutralised and cells quoted as csv.writer quotes them."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.model.csv_safety import frame_to_csv, write_rows
from tests.conftest import DATA_DIR

#: Cells a spreadsheet would run as formulas, cells to quote, and text that is neither.
HOSTILE = ['=HYPERLINK("http://x")', "-1\n2", 'say "no", twice\r\nplease', "\u202eevil", "", "+44", "@sum", "\tx", "-12.5", 'a "b" c', "٣,٤"]


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load_dataset(DATA_DIR)[0]


def test_the_fast_writer_writes_what_the_row_by_row_writer_writes(curated: Dataset) -> None:
    frame = curated.claims.copy()
    frame.loc[:5, "quote"] = ["=1+1", "-12.5", "-1\n", 'a "b", c', "", None]
    cleaned = frame.astype(object).where(frame.notna(), None)
    assert frame_to_csv(frame) == write_rows(list(frame.columns), cleaned.itertuples(index=False, name=None))


def small_frame() -> pd.DataFrame:
    """Every kind of hostile cell, a missing one, numbers, ids out of order."""
    count = len(HOSTILE)
    frame = pd.DataFrame(
        {
            "id": pd.array([f"k{(7 * i) % count}" for i in range(count)], dtype="str"),
            "text": pd.array(HOSTILE, dtype="str"),
            "number": [1.5, np.nan, -2.0, 3.25, 0.0, 1e21, -0.5, 7.0, np.nan, 2.0, 10.0],
            "last": pd.array(list(reversed(HOSTILE)), dtype="str"),
        }
    )
    frame.loc[3, "text"] = None
    return frame


def repeated_frame() -> pd.DataFrame:
    """Large enough (12 000 rows) for the columns whose values repeat to be written once per distinct value."""
    rows = 12_000
    frame = pd.DataFrame(
        {
            "id": pd.array([f"r{(7919 * i) % rows}" for i in range(rows)], dtype="str"),
            "text": pd.array([HOSTILE[i % len(HOSTILE)] for i in range(rows)], dtype="str"),
            "number": [[1.5, np.nan, -2.0, 1e21][i % 4] for i in range(rows)],
            "last": pd.array([HOSTILE[(i * 5) % len(HOSTILE)] for i in range(rows)], dtype="str"),
        }
    )
    frame.loc[::97, "text"] = None
    return frame


# sha256 of the bytes the writer gave before it was made fast (row-wise regex checks, a second join for the newlines,
# one `bytes` copy), sorted by "id" and of the "last" column alone. Content hashes of version 1 were hashes of such
# bytes; tests/model/test_canonical.py holds the frozen copy of that writer in `econ_ties.model.canonical` to them too.
SMALL_SHA256 = ("d54ed975326d97d5e59466194bbc264d80898a20f80e5f104bbdc7097fd58dcb", "0ec82de21d63186800a2c0b7014dabbab45bb7a64245e3441b0e9e296c9e2f39")
REPEATED_SHA256 = ("348bf280397fc928f7636f9f4cdea23b3fc885f6c21b8c87207c74d5c3a765fb", "5264d79930a73c867cc91ef2cbb424f0db1dbc8a8f3474ad9cc2534e4d2c6ffb")


def test_csv_bytes_are_those_the_earlier_writer_gave() -> None:
    assert_written_as_before(small_frame(), *SMALL_SHA256)


def test_columns_of_repeated_values_are_written_as_the_earlier_writer_wrote_them() -> None:
    assert_written_as_before(repeated_frame(), *REPEATED_SHA256)


def assert_written_as_before(frame: pd.DataFrame, sorted_sha256: str, last_column_sha256: str) -> None:
    """The fast writer gives the bytes the earlier writer gave (pinned hashes) and the row-by-row writer gives."""
    ordered = frame.sort_values("id", kind="stable")
    assert hashlib.sha256(frame_to_csv(ordered).encode()).hexdigest() == sorted_sha256
    assert hashlib.sha256(frame_to_csv(frame[["last"]]).encode()).hexdigest() == last_column_sha256
    cleaned = ordered.astype(object)
    assert frame_to_csv(ordered) == write_rows(list(frame.columns), cleaned.where(cleaned.notna(), None).itertuples(index=False, name=None))
