"""Benchmark: validating a 1 000 000-row claims upload against a bare `pandas.read_csv(engine="pyarrow")` of the file.

`python bench/validate.py` writes a claims CSV (our own format) with about 0.1% bad rows — cell errors (negative value,
unknown country, year out of range, text in the value column, empty cells, unknown category) and cross-row errors
(duplicate ids, unknown sources, parts that do not add up to their total, turnover that is not exports + imports) —
then times, in alternating rounds in this one process, the bare read, our reader alone (the parse validation starts
with) and the full upload validation
(`econ_ties.checks.uploads.validate_upload_file`, what `econ-ties validate FILE` runs: reading the file from its path as the
bare read does, every row rule, every cross-row rule, the typed claims frame). It
checks that every bad row is in the report with its line, measures peak memory of each in a fresh child process (RSS
growth over the interpreter with its imports), and prints the ratios; the last line is `ratio=X.XX` (median validation
time over median bare-read time). Options: --rows N, --rounds N, --keep (leave the CSV in the temp folder).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CLAIM_HEADER = [
    "claim_id",
    "indicator",
    "country",
    "counterpart",
    "roles",
    "sector",
    "period",
    "measure",
    "value",
    "currency",
    "scale",
    "qualifier",
    "reporting_side",
    "source_id",
    "quote",
    "uncertain",
    "notes",
]
PAIRS = [("AZE", "RUS"), ("RUS", "AZE"), ("AZE", "TUR"), ("TUR", "AZE"), ("AZE", "ITA"), ("AZE", "CHN"), ("CHN", "AZE"), ("AZE", "ISR"), ("AZE", "KAZ")]
MONTHS = [f"{y}-{m:02d}" for y in range(1900, 2101) for m in range(1, 13)]


def published_source_ids() -> list[str]:
    from econ_ties.checks.dataset import load_dataset

    dataset, _ = load_dataset(ROOT / "data")
    return sorted(dataset.sources)


def generate(path: Path, rows: int, source_ids: list[str], seed: int = 7) -> dict[int, str]:
    """Write the claims CSV; return {line number: kind of problem} for every row made bad on purpose."""
    rng = np.random.default_rng(seed)
    rows -= rows % 3
    i = np.arange(rows)
    group = i // 3
    part = i % 3  # 0 = the total (or turnover), 1 and 2 = its two parts
    trade = group % 2 == 1
    n_src, n_months = len(source_ids), len(MONTHS)
    source = np.array(source_ids, dtype=object)[group % n_src]
    month = np.array(MONTHS, dtype=object)[(group // n_src) % n_months]
    pair = (group // (n_src * n_months)) % len(PAIRS)
    country = np.array([p[0] for p in PAIRS], dtype=object)[pair]
    counterpart = np.array([p[1] for p in PAIRS], dtype=object)[pair]
    # Parts as whole numbers of tenths; the total is their exact sum.
    a = rng.integers(1, 9000, size=len(group) // 3 + 1)[group]
    b = rng.integers(1, 9000, size=len(group) // 3 + 1)[group]
    tenths = np.where(part == 0, a + b, np.where(part == 1, a, b))
    value = np.char.add(np.char.add((tenths // 10).astype(str), "."), (tenths % 10).astype(str)).astype(object)
    indicator = np.where(trade, np.array(["trade_turnover", "exports", "imports"], dtype=object)[part], "investment_stock")
    sector = np.where(trade, "total", np.array(["total", "oil", "non_oil"], dtype=object)[part])
    roles = np.where(trade, "reporter/partner", "investor/host")
    measure = np.where(trade, "flow", "stock")
    period = np.where(trade, month, np.char.add("as of ", month.astype(str)).astype(object))
    columns = {
        "claim_id": np.char.add("c", i.astype(str)).astype(object),
        "indicator": indicator,
        "country": country,
        "counterpart": counterpart,
        "roles": roles,
        "sector": sector,
        "period": period,
        "measure": measure,
        "value": value,
        "currency": np.full(rows, "USD", dtype=object),
        "scale": np.full(rows, "million", dtype=object),
        "qualifier": np.full(rows, "exact", dtype=object),
        "reporting_side": country.copy(),
        "source_id": source,
        "quote": np.full(rows, "Stated in the ministry release.", dtype=object),
        "uncertain": np.full(rows, "false", dtype=object),
        "notes": np.full(rows, "", dtype=object),
    }
    # About 0.1% bad rows, one problem each, spread over the whole file.
    bad_rows = np.sort(rng.choice(np.arange(3, rows, 3), size=max(1, rows // 1000), replace=False))
    kinds = ["negative", "unknown-country", "year", "text-value", "empty-quote", "indicator", "duplicate-id", "unknown-source", "parts", "bad-period"]
    injected: dict[int, str] = {}
    for n, r in enumerate(bad_rows):
        kind = kinds[n % len(kinds)]
        if kind == "negative":
            columns["value"][r] = "-" + columns["value"][r]
        elif kind == "unknown-country":
            columns["counterpart"][r] = "XYZ"
        elif kind == "year":
            columns["period"][r] = "2150" if trade[r] else "as of 2150-01"
        elif kind == "text-value":
            columns["value"][r] = "n/a"
        elif kind == "empty-quote":
            columns["quote"][r] = ""
        elif kind == "indicator":
            columns["indicator"][r] = "investments"
        elif kind == "duplicate-id":
            columns["claim_id"][r] = columns["claim_id"][r - 1]  # a part row of the previous group: never made bad itself
        elif kind == "unknown-source":
            columns["source_id"][r] = "no-such-source"
        elif kind == "parts":
            columns["value"][r] = f"{(a[r] + b[r]) / 10 + 100:.1f}"  # the total no longer equals its parts
        elif kind == "bad-period":
            columns["period"][r] = "sometime"
        injected[int(r) + 2] = kind
    table = pa.table({c: pa.array(columns[c], pa.string()) for c in CLAIM_HEADER})
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))
    return injected


def bare_read(path: Path) -> int:
    import pandas as pd

    return len(pd.read_csv(path, engine="pyarrow"))


def reader_alone(path: Path) -> int:
    """Only the parse that validation starts with (our reader, coded columns as uploads in our format are read): the
    part of the validation's time that no checking can remove."""
    from econ_ties.checks.uploads import _native_coded_columns
    from econ_ties.io.reading import read_text_table

    return read_text_table(path, path.name, strict_utf8=False, coded_columns=_native_coded_columns).num_rows


def full_validation(path: Path, source_ids: list[str]):
    from econ_ties.checks.uploads import validate_upload_file
    from econ_ties.model.schema import Source

    sources = {s: Source(source_id=s, publisher="p", title="t") for s in source_ids}
    return validate_upload_file(path, sources)


def _status_bytes(field: str) -> int:
    """A memory figure of this process from /proc/self/status (VmRSS now, VmHWM peak), in bytes.

    Not getrusage: on Linux its ru_maxrss survives execve, so a child started by a big parent reports the parent's peak.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def child(kind: str, path: Path, source_ids: list[str]) -> None:
    """Run one job in this fresh process and print the peak RSS growth over the state after imports."""
    import pandas  # noqa: F401

    import econ_ties.checks.uploads  # noqa: F401

    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset the peak (VmHWM) to the current RSS
    before = _status_bytes("VmRSS")
    if kind == "bare":
        bare_read(path)
    else:
        full_validation(path, source_ids)
    print(json.dumps({"growth": _status_bytes("VmHWM") - before}))


def peak_growth(kind: str, path: Path, source_ids: list[str]) -> int:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), "--sources", ",".join(source_ids)], capture_output=True, text=True, check=True)
    return int(json.loads(out.stdout.strip().splitlines()[-1])["growth"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--sources", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.sources.split(","))
        return

    source_ids = published_source_ids()
    folder = Path(tempfile.mkdtemp(prefix="econ-ties-bench-"))
    path = folder / "claims-1m.csv"
    started = time.perf_counter()
    injected = generate(path, args.rows, source_ids)
    size = path.stat().st_size
    print(f"generated {path} ({size / 1e6:.1f} MB, {args.rows:,} rows, {len(injected)} bad rows) in {time.perf_counter() - started:.1f}s")

    times: dict[str, list[float]] = {"bare": [], "read": [], "validate": []}
    cpu: dict[str, list[float]] = {name: [] for name in times}  # CPU seconds of the whole process (every thread)
    result = None
    for round_number in range(args.rounds):
        jobs = [("bare", lambda: bare_read(path)), ("read", lambda: reader_alone(path)), ("validate", lambda: full_validation(path, source_ids))]
        if round_number % 2:
            jobs.reverse()
        for name, job in jobs:
            t0, c0 = time.perf_counter(), time.process_time()
            out = job()
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
            if name == "validate":
                result = out
        print(
            f"round {round_number + 1}: bare read {times['bare'][-1]:.2f}s, our reader alone {times['read'][-1]:.2f}s, validation {times['validate'][-1]:.2f}s"
        )
    bare_times, check_times, bare_cpu, check_cpu = times["bare"], times["validate"], cpu["bare"], cpu["validate"]

    assert result is not None
    reported = {}
    for problem in result.report.errors:
        reported.setdefault(problem.row, []).append(problem.code)
    missed = {line: kind for line, kind in injected.items() if line not in reported}
    unexpected = sorted(set(reported) - set(injected))
    print(f"report: {result.report.summary()}")
    print(f"bad rows reported with a reason: {len(injected) - len(missed)}/{len(injected)}; problems on rows not made bad: {len(unexpected)}")
    if missed:
        print(f"MISSED: {sorted(missed.items())[:10]}")
    print(f"valid claims in the typed frame: {len(result.claims):,}")

    # What `econ-ties validate FILE` does besides: the published data read and the preview's differs-from-published
    # warnings (every uploaded claim compared with the published ones for the same thing). Once, for scale.
    from econ_ties.checks.uploads import validate_upload

    t0 = time.perf_counter()
    whole = validate_upload(path, ROOT / "data")
    print(f"econ-ties validate FILE's work (published data, validation, preview warnings): {time.perf_counter() - t0:.2f}s; {whole.report.summary()}")

    bare_mem = peak_growth("bare", path, source_ids)
    check_mem = peak_growth("validate", path, source_ids)
    print(f"peak memory growth: bare read {bare_mem / size:.2f}× file, validation {check_mem / size:.2f}× file ({check_mem / 1e6:.0f} MB)")
    bare, check = statistics.median(bare_times), statistics.median(check_times)
    reading = statistics.median(times["read"])
    print(f"median of {args.rounds}: bare read {bare:.3f}s, our reader alone {reading:.3f}s ({reading / bare:.2f}×), validation {check:.3f}s")
    cpu_bare, cpu_check = statistics.median(bare_cpu), statistics.median(check_cpu)
    cpu_read = statistics.median(cpu["read"])
    print(
        f"CPU time (all threads), median: bare read {cpu_bare:.3f}s, our reader alone {cpu_read:.3f}s, validation {cpu_check:.3f}s ({cpu_check / cpu_bare:.2f}×)"
    )
    if not args.keep:
        path.unlink()
        folder.rmdir()
    print(f"ratio={check / bare:.2f}")


if __name__ == "__main__":
    main()
