"""Page-load benchmark: the dashboard against a bare Streamlit page drawing one plotly chart of the same size.

Starts two Streamlit servers on 127.0.0.1 (the dashboard, and bench/bare_plotly_page.py), drives Debian's Chromium with
Playwright, and measures in the same run, alternating between the two:
  * first chart: from navigation to the first plotly chart drawn (a fresh browser context each time);
  * control change: from picking a new value in a select box to the chart showing the new data.
The dashboard page is Partners (/partners), its control "Display" (values ↔ shares). Each measure is the median of
--runs repetitions after one warm-up. Prints both ratios (dashboard / bare) and, as the last line, the worse one:
`ratio=X.XX`. Usage: python bench/page_load.py [--runs 9]
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


def control_changes(browser, url: str, label: str, options: tuple[str, str], runs: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_function(DRAWN, polling=16)
    times = []
    for i in range(runs + 1):
        before = page.evaluate(f"() => JSON.stringify(document.querySelector('{CHART}').data)")
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        box.locator('[role="combobox"], input').first.click()
        option = page.get_by_role("option", name=options[i % 2], exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        page.wait_for_function(
            f"(before) => {{ const c = document.querySelector('{CHART}'); return c && c.data && JSON.stringify(c.data) !== before; }}", arg=before, polling=16
        )
        elapsed = time.perf_counter() - start
        if i > 0:  # the first change is a warm-up
            times.append(elapsed)
        time.sleep(0.2)
    context.close()
    return times


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
            for _ in range(args.runs):
                for name, (_, path, *_rest) in PAGES.items():
                    loads[name].append(first_chart(browser, servers[name][1] + path))
            changes: dict[str, list[float]] = {name: [] for name in PAGES}
            for _ in range(3):  # alternate the two pages in blocks so machine load hits both alike
                for name, (_, path, label, options) in PAGES.items():
                    changes[name] += control_changes(browser, servers[name][1] + path, label, options, max(1, args.runs // 3))
            browser.close()
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=20)

    ratios = {}
    for measure, data in (("first chart", loads), ("control change", changes)):
        ours, bare = statistics.median(data["dashboard"]), statistics.median(data["bare"])
        ratios[measure] = ours / bare
        print(f"{measure:15s} dashboard {ours * 1000:7.0f} ms   bare {bare * 1000:7.0f} ms   ratio {ours / bare:.2f}   (median of {len(data['dashboard'])})")
    print(f"ratio={max(ratios.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
