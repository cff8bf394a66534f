"""The warm renderer: concurrent exports each get their own file, and a missing Chromium is one sentence on how to
install it."""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from econ_ties.export.provenance import DatasetStamp, SnapshotError
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


def test_a_first_render_asked_before_the_page_is_ready_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under load, kaleido's first page can get the render before its own scripts load ("kaleido_scopes is not
    defined"): the warm-up tries again, and only a renderer that keeps failing is reported as not starting. The
    renderer's calls are replaced (the real Chromium is used everywhere else in these tests)."""
    calls: list[int] = []

    def flaky(spec: object, format: str, width: int, height: int, scale: float) -> bytes:
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")
        return b"png"

    import kaleido

    monkeypatch.setattr(kaleido, "start_sync_server", lambda **options: None)  # the shared server stays as it is
    warm = WarmChromium()
    monkeypatch.setattr(warm, "_render", flaky)
    warm.start()
    assert warm.ready and len(calls) == 3

    never = WarmChromium()
    monkeypatch.setattr(never, "_render", lambda *args: (_ for _ in ()).throw(RuntimeError("ReferenceError: kaleido_scopes is not defined")))
    with pytest.raises(SnapshotError, match="kaleido_scopes is not defined"):
        never.start()
    assert not never.ready
