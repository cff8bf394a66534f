"""The package works outside the checkout: `python -m build` gives a wheel with everything the app needs inside (the
curated data, the data-format page, the dashboard script), and once that wheel is installed (not editable) into a fresh
virtual environment, `econ-ties validate`, `serve`, `history` and `snapshot` work from an empty folder. The first
served page seeds revision 1 from the bundled data with every curated claim; a first start whose bundled data cannot
be read stops with a message and seeds nothing.

Slow (about a minute): it builds the wheel and installs it with its dependencies from the configured package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from econ_ties.checks.dataset import load_dataset
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_healthy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
WHEEL_HOLDS = (
    "econ_ties/data/figures.csv",
    "econ_ties/data/sources.csv",
    "econ_ties/data/events.csv",
    "econ_ties/data/headlines.csv",
    "econ_ties/docs/data-format.md",
    "econ_ties/docs/data-format.az.md",
    "econ_ties/docs/data-format.ru.md",
    *(f"econ_ties/model/reference/{name}.csv" for name in ("countries", "names", "areas", "imf_codes", "display_names", "provenance")),
    "econ_ties/app/dashboard.py",
    "econ_ties/cli/main.py",
    "econ_ties/locale/messages.pot",
    "econ_ties/locale/az/LC_MESSAGES/messages.po",
    "econ_ties/locale/ru/LC_MESSAGES/messages.po",
)


@dataclass
class Installed:
    venv: Path
    wheel: Path
    package: Path
    #: an empty folder to run commands from, far from the checkout
    folder: Path
    env: dict[str, str]

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        command = [str(self.venv / "bin" / "econ-ties"), *args]
        return subprocess.run(command, cwd=self.folder, env=env or self.env, capture_output=True, text=True, timeout=300, check=False)


def _clean_env(data_dir: Path) -> dict[str, str]:
    """This process's environment without what points at the checkout or at the test suite's store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECON_TIES_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "ECON_TIES_DATA_DIR": str(data_dir), "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("packaging")
    venv, dist, folder = base / "venv", base / "dist", base / "empty"
    folder.mkdir()
    env = _clean_env(base / "store-home")
    python = str(venv / "bin" / "python")

    def step(*command: str) -> None:
        done = subprocess.run(command, cwd=base, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    step(sys.executable, "-m", "venv", str(venv))
    step(python, "-m", "pip", "install", "-q", "build")
    step(python, "-m", "build", "--outdir", str(dist), str(ROOT))  # the sdist, then the wheel built from that sdist
    (wheel,) = dist.glob("econ_ties-*.whl")
    step(python, "-m", "pip", "install", "-q", str(wheel))
    located = subprocess.run([python, "-c", "import econ_ties; print(econ_ties.__file__)"], cwd=folder, env=env, capture_output=True, text=True, check=True)
    yield Installed(venv, wheel, Path(located.stdout.strip()).parent, folder, env)


def curated_claims() -> int:
    dataset, report = load_dataset(ROOT / "data")
    assert report.ok
    return len(dataset.claims)


def test_the_wheel_holds_the_data_the_format_page_and_the_dashboard(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert [name for name in WHEEL_HOLDS if name not in names] == []
    data = ROOT / "data"
    for csv_file in data.glob("*.csv"):
        assert zipfile.ZipFile(installed.wheel).read(f"econ_ties/data/{csv_file.name}") == csv_file.read_bytes()


def test_the_installed_package_reads_its_translations(installed: Installed) -> None:
    script = "from econ_ties.language import using, _\nfrom econ_ties.model.formatting import format_money\nwith using('ru'):\n    print(_('Overview'), format_money(6.3e9))"
    shown = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", script], cwd=installed.folder, env=installed.env, capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["Обзор", "6,3", "млрд", "$"]  # split() splits at the no-break spaces too


def test_the_installed_package_shows_the_format_page_in_each_language(installed: Installed) -> None:
    script = (
        "from econ_ties import bundled\nfor lang in ('en', 'az', 'ru', 'fr'):\n    print(bundled.format_page(lang).read_text(encoding='utf-8').splitlines()[0])"
    )
    shown = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", script], cwd=installed.folder, env=installed.env, capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == ["# Data format", "# Məlumatların formatı", "# Формат данных", "# Data format"]


def test_the_installed_package_is_not_the_checkout(installed: Installed) -> None:
    assert installed.package.is_relative_to(installed.venv)
    assert (installed.package / "data" / "figures.csv").is_file()


def test_validate_checks_the_bundled_data_by_default(installed: Installed) -> None:
    done = installed.run("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{curated_claims()} claims" in done.stdout
    assert str(installed.package / "data") in done.stdout


def test_serve_shows_the_bundled_data_and_its_first_run_seeds_revision_1(installed: Installed) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = installed.folder.parent / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(installed.venv / "bin" / "econ-ties"), "serve", "--port", str(port)], cwd=installed.folder, env=installed.env, stdout=output, stderr=output
        )
    try:
        wait_until_healthy(server, port, what="econ-ties serve", output=log.read_text)
        store = Path(installed.env["ECON_TIES_DATA_DIR"]) / "store.sqlite"
        assert not store.exists()  # nothing has run the page yet
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_default_timeout(60_000)
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator('[data-testid="stMetricValue"]').first.wait_for()
                metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
                # the installed wheel's bundled data: each tile the latest stated figure of its measure
                from econ_ties.checks.dataset import load_dataset
                from econ_ties.present.views.overview import headlines
                from tests.conftest import DATA_DIR

                assert sorted(metrics) == sorted(h.value for h in headlines(load_dataset(DATA_DIR)[0])[0])
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    history = installed.run("history")
    assert history.returncode == 0, history.stdout + history.stderr
    assert history.stdout.startswith("r1 ") and "\nr2 " not in history.stdout
    assert f"first revision: {curated_claims()} claims" in history.stdout


def test_snapshot_writes_an_svg_from_an_empty_folder(installed: Installed) -> None:
    done = installed.run("snapshot", "overview", "--out", "x.svg")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (installed.folder / "x.svg").read_text(encoding="utf-8").lstrip().startswith(("<svg", "<?xml"))


def test_a_first_start_without_readable_bundled_data_seeds_nothing(installed: Installed, tmp_path: Path) -> None:
    figures = installed.package / "data" / "figures.csv"
    kept = figures.read_bytes()
    figures.write_bytes(b"\x00\x01 not a csv")
    try:
        env = _clean_env(tmp_path / "store-home")
        done = installed.run("history", env=env)
    finally:
        figures.write_bytes(kept)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert str(installed.package / "data") in done.stderr and "figures.csv" in done.stderr
    assert "not seeded" in done.stderr
    again = installed.run("history", env=env)  # the bundled data is whole again: now the store is seeded
    assert f"first revision: {curated_claims()} claims" in again.stdout
