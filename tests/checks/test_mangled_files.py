"""Real files mangled at random (a fixed seed, so every run checks the same cases): stray quotes, delimiters and line
breaks, cut and repeated bytes, NULs, broken UTF-8, reordered lines, truncation. Every case must end in a report of
known problem codes with line numbers inside the file — never an exception — and an upload must read the same from
memory as from disk. This found a header with a lone CR that crashed the sniffer, publisher files with a needed
column deleted that crashed their adapter, and a short file the two routes sniffed differently."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import claims_csv, validate_upload_bytes, validate_upload_file
from econ_ties.model.problems import CODES
from tests.conftest import DATA_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures" / "publishers"
SEED = 20261128
UPLOAD_CASES = 120
CURATED_CASES = 60
PIECES = [b",", b";", b"\t", b'"', b'""', b"\n", b"\r\n", b"\r", b"\x00", b"\xff", b"\xc3", b"\xef\xbb\xbf", b" ", b"=", b"-", b"1e309",
          b"NaN", b"-0", b"1,5", b"1.000,5", "—".encode(), b"9" * 400, b"2021-13", b"as of ", b"<b>x</b>"]  # fmt: skip


def mangle(rng: random.Random, data: bytes) -> bytes:
    """One to six random edits of `data`."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        at = rng.randrange(len(out) + 1)
        if kind < 0.35:
            out[at:at] = rng.choice(PIECES)
        elif kind < 0.55:
            del out[at : at + rng.randint(1, 30)]
        elif kind < 0.7 and out:
            start = rng.randrange(len(out))
            out[at:at] = out[start : start + rng.randint(1, 200)]
        elif kind < 0.8 and out:
            out[at % len(out)] = rng.randrange(256)
        elif kind < 0.9:
            del out[at:]
        else:
            lines = bytes(out).split(b"\n")
            body = lines[1:]
            rng.shuffle(body)
            out = bytearray(b"\n".join([lines[0], *body]))
    return bytes(out)


def _outcome(result) -> tuple:
    return result.format_name, sorted((p.code, p.row or 0, p.column, p.message) for p in result.report.problems), claims_csv(result.claims)


def _check_report(problems, data: bytes, file: str) -> None:
    lines = data.count(b"\n") + data.count(b"\r") + 1  # CR-only line ends count as lines, as pyarrow reads them
    for problem in problems:
        assert problem.code in CODES and problem.message, problem
        assert problem.file != file or problem.row is None or 1 <= problem.row <= lines, (problem, lines)


def _upload_cases() -> list[tuple[int, bytes]]:
    rng = random.Random(SEED)
    seeds = [path.read_bytes() for path in sorted(FIXTURES.glob("*.csv"))] + [(DATA_DIR / "figures.csv").read_bytes()[:6000]]
    return [(number, mangle(rng, rng.choice(seeds))) for number in range(UPLOAD_CASES)]


@pytest.fixture(scope="module")
def sources():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset.sources


def test_mangled_uploads_end_in_a_report_and_read_the_same_from_memory_and_from_disk(sources, tmp_path):
    path = tmp_path / "upload.csv"
    for number, data in _upload_cases():
        from_memory = validate_upload_bytes(data, path.name, sources)
        path.write_bytes(data)
        from_disk = validate_upload_file(path, sources)
        _check_report(from_memory.report.problems, data, path.name)
        assert _outcome(from_disk) == _outcome(from_memory), f"case {number}: {data[:300]!r}"


def test_mangled_curated_files_end_in_a_report(tmp_path):
    rng = random.Random(SEED + 1)
    for number in range(CURATED_CASES):
        folder = tmp_path / f"case-{number}"
        shutil.copytree(DATA_DIR, folder)
        name = rng.choice(["figures.csv", "sources.csv", "events.csv"])
        data = mangle(rng, (DATA_DIR / name).read_bytes())
        (folder / name).write_bytes(data)
        dataset, report = load_dataset(folder)
        _check_report(report.problems, data, name)
        dataset.conflicts()  # the rules over whatever survived run too
        shutil.rmtree(folder)
