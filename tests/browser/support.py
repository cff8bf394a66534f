"""What the browser tests share: Debian's Chromium with the flags this machine needs, a real Streamlit server of the
dashboard on a free loopback port, and waiting for a chart to be drawn. Test modules import the fixtures from here."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_healthy(process: subprocess.Popen, port: int, *, what: str = "streamlit", output: Callable[[], str] = lambda: "") -> None:
    """Wait until the server on `port` answers /_stcore/health; raise with its output when it exits or takes 90 s."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited:\n{output()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer on /_stcore/health in 90 s:\n{output()}")


def start_streamlit(script: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=script.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_until_healthy(process, port, output=lambda: process.stderr.read().decode() if process.stderr and process.poll() is not None else "")
    except RuntimeError:
        process.terminate()
        raise
    return process


@contextmanager
def running_dashboard() -> Iterator[str]:
    """dashboard.py served on a free loopback port, with the environment as it is now; yields its address."""
    port = free_port()
    process = start_streamlit(ROOT / "dashboard.py", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_dashboard() as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh browser context's page at desktop size that accepts downloads, with a patient default timeout."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def chart_data(page, index: int = 0) -> str:
    """The data plotly drew in the index-th chart, as JSON (read from the chart's DOM node)."""
    return page.evaluate(f"(i) => JSON.stringify(document.querySelectorAll('{CHART}')[i].data)", index)


def wait_for_chart(page) -> None:
    page.locator(CHART).first.wait_for(state="visible")
    page.wait_for_function(f"() => document.querySelector('{CHART}') && document.querySelector('{CHART}').data")
