"""The warm renderer: concurrent exports each get their own file, and a missing Chromium is one sentence on how to
install it."""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from econ_ties.export.provenance import DatasetStamp
from econ_ties.export.renderer import INSTALL_CHROMIUM, ChromiumMissing, WarmChromium, chromium_problem
from econ_ties.export.snapshot import render_snapshot
from tests.export.support import render_export


def test_concurrent_exports_each_get_their_own_image(chart: go.Figure, stamp: DatasetStamp) -> None:
    """Two sessions exporting at once: the lock keeps kaleido's shared reply queue from handing one the other's file."""
    results: dict[str, bytes] = {}

    def export(fmt: str) -> None:
        results[fmt] = render_export(chart, fmt, stamp).data

    threads = [threading.Thread(target=export, args=(fmt,)) for fmt in ("png", "svg", "pdf")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results["png"].startswith(b"\x89PNG")
    assert results["svg"].lstrip().startswith(b"<svg")
    assert results["pdf"].startswith(b"%PDF-")


def test_missing_chromium_is_one_sentence_on_how_to_install_it(monkeypatch: pytest.MonkeyPatch, chart: go.Figure, stamp: DatasetStamp) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert chromium_problem() == INSTALL_CHROMIUM
    with pytest.raises(ChromiumMissing) as failure:
        render_snapshot(chart, format="png", stamp=stamp, renderer=WarmChromium())
    assert "apt-get install -y chromium" in str(failure.value)
    assert str(failure.value).count(". ") == 0  # one sentence
