"""Page-load benchmark: the dashboard against a bare Streamlit page drawing one plotly chart of the same size.

Starts two Streamlit servers on 127.0.0.1 (the dashboard, and bench/bare_plotly_page.py), drives Debian's Chromium with
Playwright, and measures in the same run, alternating between the two:
  * first chart: from navigation to the first plotly chart drawn (a fresh browser context each time);
  * control change: from picking a new value in a select box to the chart showing the new data.
The dashboard page is Partners (/partners), its control "Display" (values ↔ shares). Measurements run in pairs (one on
each page, in alternating order) after warm-ups; each measure's ratio is the median of the pairs' ratios (dashboard /
bare), which holds up better than a ratio of medians on a shared, loaded machine. Prints both ratios and, as the last
line, the worse one: `ratio=X.XX`. Usage: python bench/page_load.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import CHART, CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit  # noqa: E402  (one way to start the server and browser)

PAGES = {
    "dashboard": (ROOT / "dashboard.py", "/partners", "Display", ("Shares of total", "Values")),
    "bare": (ROOT / "bench" / "bare_plotly_page.py", "/", "Display", ("Shares of total", "Values")),
}
DRAWN = f"() => {{ const c = document.querySelector('{CHART}'); return c && c.data && c.querySelector('.main-svg .trace'); }}"


def first_chart(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(DRAWN, polling=16)
    elapsed = time.perf_counter() - start
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
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    servers = {}
    try:
        for name, (script, *_rest) in PAGES.items():
            port = free_port()
            servers[name] = (start_streamlit(script, port), f"http://127.0.0.1:{port}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            loads: dict[str, list[float]] = {name: [] for name in PAGES}
            for name, (_, path, *_rest) in PAGES.items():
                first_chart(browser, servers[name][1] + path)  # warm-up: imports, caches
            for i in range(args.runs):
                # Pairs in alternating order, so the machine's load (shared, two cores) hits both pages alike.
                for name in sorted(PAGES, reverse=bool(i % 2)):
                    loads[name].append(first_chart(browser, servers[name][1] + PAGES[name][1]))
            controlled = {name: ControlledPage(browser, servers[name][1] + path, label, options) for name, (_, path, label, options) in PAGES.items()}
            changes: dict[str, list[float]] = {name: [] for name in PAGES}
            for name in PAGES:
                controlled[name].change()  # warm-up: the first change builds the other figure once
                controlled[name].change()
            for i in range(args.runs):
                for name in sorted(PAGES, reverse=bool(i % 2)):
                    changes[name].append(controlled[name].change())
            for page in controlled.values():
                page.close()
            browser.close()
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)

    ratios = {}
    for measure, data in (("first chart", loads), ("control change", changes)):
        pairs = sorted(ours / bare for ours, bare in zip(data["dashboard"], data["bare"], strict=True))
        ours, bare = statistics.median(data["dashboard"]), statistics.median(data["bare"])
        ratios[measure] = statistics.median(pairs)
        print(
            f"{measure:15s} dashboard {ours * 1000:6.0f} ms  bare {bare * 1000:6.0f} ms (medians)  "
            f"paired ratio min/median/max {pairs[0]:.2f}/{ratios[measure]:.2f}/{pairs[-1]:.2f}  ({len(pairs)} pairs)"
        )
    print(f"ratio={max(ratios.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
