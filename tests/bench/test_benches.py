"""Every benchmark under bench/ still starts: its imports resolve and its options parse (a benchmark nobody can run
measures nothing). Running them is for `bench/RESULTS.md`, not for the test suite: they take minutes each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["validate", "store", "page_load", "snapshot"])
def test_benchmark_starts_and_describes_itself(name: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
