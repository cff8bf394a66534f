"""Page-load benchmark: the dashboard against a bare Streamlit page drawing one plotly chart of the same size.

Starts two Streamlit servers on 127.0.0.1 (the dashboard, and bench/bare_plotly_page.py), drives Debian's Chromium with
Playwright, and measures in the same run, alternating between the two:
  * first chart: from navigation to the first plotly chart drawn (a fresh browser context each time);
  * control change: from picking a new value in a select box to the chart showing the new data.
The dashboard page is Partners (/partners), its control "Display" (values ↔ shares). Like with like: the dashboard reads
a throwaway SQLite store seeded from data/ (never the user's store); both servers run with the same client settings
(the viewer toolbar of the repository's .streamlit/config.toml); the bare chart gets the width measured on the
dashboard's chart and draws as many traces and bars, and the run checks that both charts have the same size and marks. Measurements
run in pairs (one on each page, in alternating order) after warm-ups; each measure's ratio is the median of the pairs'
ratios (dashboard / bare), which holds up better than a ratio of medians on a shared, loaded machine. `--lang en ru`
measures the dashboard in each language (`/partners?lang=ru`, the control and its options read in that language from
the catalog) in the same rounds, each against the same bare page. Prints the load average, the ratios per language and,
as the last line, the worst one: `ratio=X.XX`. Usage: python bench/page_load.py [--runs 9] [--lang en ru]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.support import CHART, CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit  # noqa: E402  (one way to start the server and browser)

SCRIPTS = {"dashboard": ROOT / "dashboard.py", "bare": ROOT / "bench" / "bare_plotly_page.py"}
#: the measured control, in English: the dashboard's own words, which the bare page copies
CONTROL = ("Display", ("Shares of total", "Values"))


def dashboard_page(lang: str) -> tuple[str, str, tuple[str, str]]:
    """The dashboard's Partners address in `lang`, and its "Display" control and two options as the page words them."""
    from econ_ties.app.components import _shown_label  # the page's own rule for a control's label
    from econ_ties.language import using
    from econ_ties.present.views import VIEWS

    show = VIEWS["partners"].params["show"]
    with using(lang):
        return ("/partners" if lang == "en" else f"/partners?lang={lang}"), _shown_label(show.label, "show"), (show.display("share"), show.display("value"))


SHAPE = f"() => {{ const c = document.querySelector('{CHART}'); const r = c.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height), c.data.length, c.querySelectorAll('.point').length]; }}"
DRAWN = f"() => {{ const c = document.querySelector('{CHART}'); return c && c.data && c.querySelector('.main-svg .trace'); }}"


def first_chart(browser, url: str, shape: list | None = None) -> float:
    """Seconds from navigation to the first chart drawn; `shape` receives the chart's [width, height, traces, points]."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(DRAWN, polling=16)
    elapsed = time.perf_counter() - start
    if shape is not None:
        shape[:] = page.evaluate(SHAPE)
    context.close()
    return elapsed


class ControlledPage:
    """One open page whose select box the benchmark flips back and forth."""

    def __init__(self, browser, url: str, label: str, options: tuple[str, str]) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(120_000)
        self.page.goto(url)
        self.page.wait_for_function(DRAWN, polling=16)
        self.label, self.options, self.flips = label, options, 0

    def change(self) -> float:
        """Seconds from picking the other option to the chart showing different data."""
        page = self.page
        before = page.evaluate(f"() => JSON.stringify(document.querySelector('{CHART}').data)")
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=self.label).first
        box.locator('[role="combobox"], input').first.click()
        option = page.get_by_role("option", name=self.options[self.flips % 2], exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        page.wait_for_function(
            f"(before) => {{ const c = document.querySelector('{CHART}'); return c && c.data && JSON.stringify(c.data) !== before; }}", arg=before, polling=16
        )
        self.flips += 1
        elapsed = time.perf_counter() - start
        time.sleep(0.3)  # let the rerun finish before the next measurement
        return elapsed

    def close(self) -> None:
        self.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="repetitions per measure (median taken; default 9)")
    parser.add_argument("--lang", nargs="+", default=["en"], choices=["en", "az", "ru"], help="the dashboard's language(s), each measured (default en)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from econ_ties.settings import sqlite_url

    langs = list(dict.fromkeys(args.lang))
    store_folder = tempfile.TemporaryDirectory(prefix="page-load-store-")
    os.environ["ECON_TIES_DATABASE_URL"] = sqlite_url(Path(store_folder.name) / "store.sqlite")  # seeded from data/ on first load
    os.environ["STREAMLIT_CLIENT_TOOLBAR_MODE"] = "viewer"  # the dashboard's setting, for the bare page too
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    servers = {}
    try:
        for name, script in SCRIPTS.items():
            port = free_port()
            servers[name] = (start_streamlit(script, port), f"http://127.0.0.1:{port}")
        # One page per language of the dashboard (one server), and the bare page: address, control label, options.
        pages = {f"dashboard[{lang}]": dashboard_page(lang) for lang in langs}
        urls = {name: servers["dashboard"][1] + path for name, (path, _label, _options) in pages.items()}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shapes: dict[str, list] = {name: [] for name in [*pages, "bare"]}
            for name in pages:
                first_chart(browser, urls[name], shapes[name])  # warm-up: imports, caches (and the language's text)
            width, height, traces, points = shapes[next(iter(pages))]
            urls["bare"] = f"{servers['bare'][1]}/?width={width}&height={height}&traces={traces}&points={points}"
            pages["bare"] = ("/", *CONTROL)
            first_chart(browser, urls["bare"], shapes["bare"])  # warm-up
            for name, (width, height, traces, points) in shapes.items():
                print(f"{name:14s} chart {width}×{height} px, {traces} trace(s), {points} bars")
            if len({tuple(shape) for shape in shapes.values()}) != 1:
                raise SystemExit(f"the charts differ in size or data drawn: {shapes}")
            order = list(pages)
            loads: dict[str, list[float]] = {name: [] for name in pages}
            for i in range(args.runs):
                # Rounds in rotating order, so the machine's load (shared, two cores) hits every page alike.
                for name in order[i % len(order) :] + order[: i % len(order)]:
                    loads[name].append(first_chart(browser, urls[name]))
            controlled = {name: ControlledPage(browser, urls[name], label, options) for name, (_path, label, options) in pages.items()}
            changes: dict[str, list[float]] = {name: [] for name in pages}
            for name in pages:
                controlled[name].change()  # warm-up: the first change builds the other figure once
                controlled[name].change()
            for i in range(args.runs):
                for name in order[i % len(order) :] + order[: i % len(order)]:
                    changes[name].append(controlled[name].change())
            for page in controlled.values():
                page.close()
            browser.close()
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)
        store_folder.cleanup()

    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ratios = {}
    for lang in langs:
        ours_name = f"dashboard[{lang}]"
        for measure, data in (("first chart", loads), ("control change", changes)):
            pairs = sorted(ours / bare for ours, bare in zip(data[ours_name], data["bare"], strict=True))
            ours, bare = statistics.median(data[ours_name]), statistics.median(data["bare"])
            ratios[lang, measure] = statistics.median(pairs)
            print(
                f"{lang} {measure:15s} dashboard {ours * 1000:6.0f} ms  bare {bare * 1000:6.0f} ms (medians)  "
                f"paired ratio min/median/max {pairs[0]:.2f}/{ratios[lang, measure]:.2f}/{pairs[-1]:.2f}  ({len(pairs)} pairs)"
            )
    print(f"ratio={max(ratios.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
