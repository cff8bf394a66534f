"""Benchmark: a warm snapshot PNG export of a dashboard chart, as a ratio to a bare `fig.to_image` of the same figure.

Both go through the same warm kaleido server (one Chromium, started once), at the same size (1200×675, scale 2), in the
same run, in back-to-back pairs so that load from other processes hits both alike; the median of the pairs' ratios counts (target
≤ 1.2×: title, source line, footer and provenance chunks cost little next to the render). The chart is drawn from the
published store, as the dashboard and the command draw it: a throwaway SQLite store seeded from data/ (never the
user's). Also records the wall time of a cold `econ-ties snapshot` command against that store (a new process: imports,
reading the latest revision, Chromium start, render, write) and the time pypdf takes to write a PDF's document
information and XMP packet (no Chromium in it).

    python bench/snapshot.py [--rounds 9]

The last line is `ratio=X.XX`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="timed exports of each kind (default 9)")
    rounds = parser.parse_args().rounds

    from econ_ties.export.layout import SCALE, SIZES, export_figure
    from econ_ties.export.metadata import add_pdf_metadata
    from econ_ties.export.provenance import DatasetStamp, FigureProvenance, provenance_record
    from econ_ties.export.renderer import CHROMIUM
    from econ_ties.export.snapshot import render_snapshot
    from econ_ties.present.views import VIEWS
    from econ_ties.services import published
    from econ_ties.settings import sqlite_url

    store_folder = tempfile.TemporaryDirectory()
    url = sqlite_url(Path(store_folder.name) / "store.sqlite")
    revision = published.published_revision(url=url)  # seeds revision 1 from data/
    dataset = published.published_dataset(revision.number, url=url)
    view = VIEWS["overview"]
    fig = view.figures(dataset, view.resolve(dataset, {})[0])[0]
    stamp = DatasetStamp(revision.content_hash, revision.number)
    size = SIZES["social"]

    def bare() -> bytes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # plotly warns that its kopts are ignored while a server runs
            return fig.to_image(format="png", width=size.width, height=size.height, scale=SCALE)

    def export() -> bytes:
        return render_snapshot(fig, format="png", size="social", stamp=stamp, view="overview").data

    CHROMIUM.start()  # warm: Chromium up before anything is timed
    for _ in range(2):
        bare(), export()
    timings: dict[str, list[float]] = {"bare": [], "export": []}
    ratios = []
    for index in range(rounds):
        # Each round times one of each, back to back and in alternating order; the ratio of the pair cancels the
        # drift of a machine shared with other work, and the median of the pairs' ratios discards the outliers.
        order = (("bare", bare), ("export", export)) if index % 2 == 0 else (("export", export), ("bare", bare))
        pair = {}
        for name, run in order:
            started = time.perf_counter()
            run()
            pair[name] = time.perf_counter() - started
            timings[name].append(pair[name])
        ratios.append(pair["export"] / pair["bare"])
    bare_s, export_s = statistics.median(timings["bare"]), statistics.median(timings["export"])
    pdf = CHROMIUM.render(export_figure(fig, size=size, stamp=stamp, exported_on=dt.date.today()), format="pdf", width=size.width, height=size.height, scale=1)
    record = provenance_record(FigureProvenance.of(fig), stamp, dt.date.today())
    CHROMIUM.stop()
    pdf_times = []
    for _ in range(rounds):
        started = time.perf_counter()
        add_pdf_metadata(pdf, record)
        pdf_times.append(time.perf_counter() - started)
    print(f"warm PNG 1200x675@2x, {rounds} rounds: median bare fig.to_image {bare_s * 1000:.0f} ms, median snapshot export {export_s * 1000:.0f} ms")
    print(f"paired ratios export/bare: min {min(ratios):.2f}, median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    print(f"PDF document information + XMP written with pypdf: median {statistics.median(pdf_times) * 1000:.1f} ms ({len(pdf) // 1024} KiB PDF)")

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "overview.png"
        started = time.perf_counter()
        command = [sys.executable, "-m", "econ_ties.cli", "snapshot", "overview", "--out", str(out)]
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "ECON_TIES_DATABASE_URL": url})
        cold = time.perf_counter() - started
        ok = result.returncode == 0 and out.stat().st_size > 0
    print(
        f"cold command line `econ-ties snapshot overview --out overview.png` (latest revision of the store): {cold:.1f} s wall{'' if ok else ' (FAILED: ' + result.stderr.strip() + ')'}"
    )
    store_folder.cleanup()
    print(f"ratio={statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
