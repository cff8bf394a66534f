"""The fast paths of upload validation against the plain way of computing the same thing.

Byte-level pattern checks against the regular expressions, fingerprint duplicate finding against exact grouping,
lookup-table renumbering against pandas, and a whole claims table read with coded (dictionary) columns against the
same table read as plain text: the report and the typed frame must be the same.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from econ_ties.checks.cells import not_a_plain_decimal, not_an_id
from econ_ties.checks.dataset import validate_claims_table
from econ_ties.checks.repeated_texts import codes_by_first_appearance, repeated_texts
from econ_ties.checks.rules.keys import dense_codes, first_of_each
from econ_ties.model.cells import ID_PATTERN
from econ_ties.model.problems import ValidationReport
from econ_ties.model.schema import Source
from tests.conftest import claims_text_table, curated_claim_rows

ALPHABET = [*list("aZ09._- \t.,é€\n"), "", "x" * 70]


def random_texts(rng: np.random.Generator, count: int) -> list[str]:
    lengths = rng.integers(0, 8, size=count)
    return ["".join(rng.choice(ALPHABET, size=n)) for n in lengths]


def chunked(texts: list[str], pieces: int = 3) -> pa.ChunkedArray:
    bounds = np.linspace(0, len(texts), pieces + 1).astype(int)
    return pa.chunked_array([pa.array(texts[a:b], pa.string()) for a, b in itertools.pairwise(bounds)])


def test_byte_checks_agree_with_the_regular_expressions():
    rng = np.random.default_rng(3)
    texts = [*random_texts(rng, 20000), "1", "12.5", "1.2.3", ".5", "5.", "05.00", "a", "a" * 64, "a" * 65, "-a", "a-"]
    values = chunked(texts)
    expected_id = np.array([re.fullmatch(ID_PATTERN.pattern.strip("^$"), t) is None for t in texts])
    expected_number = np.array([re.fullmatch(r"[0-9]+(\.[0-9]+)?", t) is None for t in texts])
    assert (not_an_id(values) == expected_id).all()
    assert (not_a_plain_decimal(values) == expected_number).all()


@pytest.mark.parametrize("long_texts", [False, True])
def test_repeated_texts_finds_exactly_the_texts_on_more_than_one_row(long_texts: bool):
    rng = np.random.default_rng(5)
    pool = [f"id-{i}" for i in range(3_000)]
    if long_texts:  # same length, first and last 8 bytes: equal fingerprints, different texts
        pool = [f"prefix--{i:06d}--suffix" for i in range(3_000)]
    texts = [pool[i] for i in rng.integers(0, len(pool), size=5_000)] + ["", "", "é" * 9]
    rows, labels = repeated_texts(chunked(texts, 4))
    counts = pd.Series(texts).value_counts()
    expected_rows = [i for i, t in enumerate(texts) if counts[t] > 1]
    assert rows.tolist() == expected_rows
    by_label: dict[int, set[str]] = {}
    for row, label in zip(rows.tolist(), labels.tolist(), strict=True):
        by_label.setdefault(label, set()).add(texts[row])
    assert all(len(group) == 1 for group in by_label.values())
    assert len(by_label) == sum(1 for c in counts if c > 1)


def test_codes_by_first_appearance_match_pandas():
    rng = np.random.default_rng(8)
    texts = [f"c{i}" for i in rng.integers(0, 400, size=1_000)]
    rows, labels = repeated_texts(chunked(texts))
    assert (codes_by_first_appearance(len(texts), rows, labels) == pd.factorize(pd.Series(texts))[0]).all()


def test_lookup_table_renumbering_matches_pandas():
    rng = np.random.default_rng(11)
    for size in (10, 5_000, 10**9):  # small tables, and a range too large for one (hashing)
        codes = rng.integers(0, size, size=20_000)
        assert (dense_codes(codes, size) == pd.factorize(codes)[0]).all()
        assert (first_of_each(codes) == ~pd.Series(codes).duplicated().to_numpy()).all()


def test_rules_on_two_threads_find_what_they_find_one_after_another(monkeypatch):
    from econ_ties.checks import rules
    from econ_ties.checks.dataset import load_dataset
    from tests.conftest import DATA_DIR

    curated = load_dataset(DATA_DIR)[0]
    rows = curated_claim_rows()
    # The curated claims again and again, each copy in a year of its own, so every copy keeps its parts and totals.
    many = [{**rows[i % len(rows)], "claim_id": f"c{i}", "period": str(1950 + i // len(rows))} for i in range(len(rows) * 30)]
    frame = validate_claims_table(claims_text_table(many), curated.sources, ValidationReport())
    total = frame.index[(frame["sector"] == "total") & (frame["qualifier"] == "exact") & (frame["indicator"] == "investment_stock")][0]
    for column in ("value", "amount", "lower", "upper", "exact_amount"):
        frame.loc[total, column] = frame.loc[total, column] * 10  # a total its parts no longer add up to
    frame.loc[5, "source_id"] = "no-such-source"
    frame = pd.concat([frame, frame.iloc[[7]]], ignore_index=True)  # a taken id
    results = []
    for threshold in (10**9, 0):  # one after another, then on two threads
        monkeypatch.setattr(rules, "PARALLEL_RULES_ROWS", threshold)
        results.append([(p.code, p.row, p.message) for p in rules.check_claims(frame, curated.sources)])
    assert results[0] == results[1]
    assert {code for code, *_ in results[0]} >= {"duplicate-row", "unknown-source", "parts-mismatch"}


def _many_claim_rows(count: int = 6_000) -> tuple[list[dict[str, str]], dict[str, Source]]:
    """Claim rows with a taken id, a row normalised on its way in, an invalid row, a broken total and an unknown source."""
    rows = [r for r in curated_claim_rows() if r["qualifier"] != "majority"]
    many = [{**rows[i % len(rows)], "claim_id": f"c{i}", "period": str(1950 + i % 60)} for i in range(count)]
    many[10] = {**many[10], "claim_id": many[3]["claim_id"]}  # a taken id
    many[20] = {**many[20], "country": " aze "}  # accepted by pydantic, written canonically
    many[30] = {**many[30], "period": "2150"}  # invalid row
    many[40] = {**many[40], "value": "999.9"}  # a total its parts no longer add up to, or a part too big
    many[50] = {**many[50], "source_id": "no-such-source"}
    sources = {r["source_id"]: Source(source_id=r["source_id"], publisher="p", title="t") for r in rows}
    return many, sources


def test_coded_and_plain_reading_give_the_same_report_and_claims():
    many, sources = _many_claim_rows()
    results = []
    for coded in (False, True):
        report = ValidationReport()
        claims = validate_claims_table(claims_text_table(many, coded=coded), sources, report)
        results.append((claims, sorted((p.code, p.row, p.column, p.message) for p in report.problems)))
    (plain, plain_problems), (coded_claims, coded_problems) = results
    assert coded_problems == plain_problems
    assert {code for code, *_ in plain_problems} >= {"duplicate-row", "type-error", "unknown-source"}
    pd.testing.assert_frame_equal(coded_claims, plain)
    assert coded_claims["country"].dtype == plain["country"].dtype == "str"


def test_the_claims_frame_is_the_same_with_its_numbers_on_a_second_thread(monkeypatch):
    from econ_ties.checks import claims_frame
    from econ_ties.model.columns import CLAIM_COLUMNS

    many, sources = _many_claim_rows()
    frames = []
    for threshold in (10**9, 0):  # numbers worked out in place, then on a second thread beside the text columns
        monkeypatch.setattr(claims_frame, "PARALLEL_FRAME_ROWS", threshold)
        for coded in (False, True):
            frames.append(validate_claims_table(claims_text_table(many, coded=coded), sources, ValidationReport()))
    pd.testing.assert_frame_equal(frames[0], frames[2])
    pd.testing.assert_frame_equal(frames[1], frames[3])
    assert list(frames[2].columns)[: len(CLAIM_COLUMNS)] == list(CLAIM_COLUMNS)
