"""Seeded mutation fuzzing of the readers: curated and publisher files cut, spliced, re-encoded and sprinkled with
delimiters, quotes, line breaks, NULs and long runs. Whatever comes in, each reader answers with problems — no
exception, only known problem codes (`model.problems.CODES`), and every problem's line inside the file. Seeded, so a
failure is reproduced by its seed; sized to run in well under a minute."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io.reading import TextTable, UnreadableFile, read_csv_file, read_text_table
from econ_ties.model.problems import CODES, Problem
from tests.conftest import DATA_DIR

PUBLISHERS = Path(__file__).parents[1] / "fixtures" / "publishers"
NATIVE = b"\n".join((DATA_DIR / "figures.csv").read_bytes().splitlines()[:25]) + b"\n"
SEEDS = {"native": NATIVE, **{path.stem: path.read_bytes() for path in sorted(PUBLISHERS.glob("*.csv"))}}
TOKENS = [b",", b";", b"\t", b'"', b'""', b"\r", b"\n", b"\r\n", b"\n\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe9", b"\xc3",
          b"=1+1", b"-", b"1e309", b"NaN", b"", b" ", b"x" * 70_000, b"y" * 140_000, b",,,,,,,,", b'"\n"', b"\xe2\x80\xae"]  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of `data`."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(8)
        if kind == 0:  # insert an interesting token
            data[at:at] = rng.choice(TOKENS)
        elif kind == 1:  # delete a stretch
            del data[at : at + rng.randint(1, 200)]
        elif kind == 2:  # duplicate a stretch
            data[at:at] = data[at : at + rng.randint(1, 400)] * rng.randint(1, 3)
        elif kind == 3 and data:  # change one byte
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif kind == 4:  # cut the file short
            del data[at:]
        elif kind == 5:  # swap two lines
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif kind == 6:  # change the line endings or the delimiter everywhere
            old, new = rng.choice([(b"\n", b"\r\n"), (b"\n", b"\r"), (b",", b";"), (b",", b"\t"), (b'"', b"")])
            data = bytearray(bytes(data).replace(old, new))
        elif kind == 7:  # re-encode as UTF-16 or Latin-1
            text = bytes(data).decode("utf-8", errors="replace")
            data = bytearray(text.encode(rng.choice(["utf-16", "utf-16-le", "latin-1"]), errors="replace"))
    return bytes(data)


def lines_in(data: bytes) -> int:
    """An upper bound on the file's lines, however its breaks are written (CR, LF, CRLF) or encoded."""
    return data.count(b"\n") + data.count(b"\r") + 1


def assert_known(problems: list[Problem], data: bytes, what: str) -> None:
    last = lines_in(data)
    for problem in problems:
        assert problem.code in CODES, (what, problem)
        assert problem.row is None or 1 <= problem.row <= last, (what, last, problem)


def mutants(count: int, seed: int, names: list[str] | None = None):
    rng = random.Random(seed)
    names = names or sorted(SEEDS)
    for i in range(count):
        name = names[i % len(names)]
        yield f"{name} seed={seed} #{i}", mutate(SEEDS[name], rng)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_reader_answers_every_mutant_with_problems(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "mutant.csv"
    for what, data in mutants(500, seed):
        path.write_bytes(data)
        for source in (data, path):
            try:
                table = read_text_table(source, "mutant.csv", strict_utf8=False) if isinstance(source, bytes) else read_csv_file(source, strict_utf8=False)
            except UnreadableFile as failure:
                assert_known([failure.problem], data, what)
                continue
            assert isinstance(table, TextTable)
            assert_known(table.problems, data, what)
            assert all(2 <= line <= lines_in(data) for line in table.line_numbers.tolist()), what


@pytest.fixture(scope="module")
def sources():
    return load_dataset(DATA_DIR)[0].sources


@pytest.mark.parametrize("seed", [11, 12])
def test_uploads_of_native_and_publisher_mutants_are_reports(seed: int, sources) -> None:
    for what, data in mutants(300, seed):
        result = validate_upload_bytes(data, "mutant.csv", sources)
        assert_known(result.report.problems, data, what)


def test_the_curated_folder_mutated_is_a_report(tmp_path: Path) -> None:
    rng = random.Random(99)
    originals = {name: (DATA_DIR / name).read_bytes() for name in ("figures.csv", "sources.csv", "events.csv", "headlines.csv")}
    for round_number in range(40):
        folder = tmp_path / f"round-{round_number}"
        shutil.copytree(DATA_DIR, folder)
        name = rng.choice(sorted(originals))
        mutated = mutate(originals[name], rng)
        (folder / name).write_bytes(mutated)
        _, report = load_dataset(folder)
        for problem in report.problems:
            data = originals.get(problem.file, mutated) if problem.file != name else mutated
            assert_known([problem], data, f"{name} round {round_number}")
