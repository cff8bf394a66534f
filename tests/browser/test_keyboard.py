"""Every action by keyboard alone (WCAG 2.2 AA, issue 17 item 9): Playwright drives Debian's Chromium against a real
Streamlit server, pressing Tab, Enter and Space only.

- The copy buttons of the Cite, Link and Embed texts in a chart's download panel are reached with Tab, are visible
  when focused, and Enter copies the text.
- After a download (Enter on the SVG button) the focus stays on the button, not on the page body.
- A chart's claim box opens from its list of points (Tab, arrows, Enter), as a click on a bar opens it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.support import wait_for_chart

pytestmark = pytest.mark.browser
PANEL = "Download, cite or embed this chart"
COPY = 'button[aria-label="Copy to clipboard"]'
FOCUSED = """() => { const e = document.activeElement; return { tag: e.tagName, label: e.getAttribute('aria-label') || '',
  text: (e.innerText || '').trim(), visible: e.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
  copyText: e.closest('[class*="-snapshot-copy-texts"]') !== null && e.matches('button[aria-label="Copy to clipboard"]') }; }"""


@pytest.fixture
def keyboard_page(browser, server: str) -> Iterator:
    """A desktop page that may read and write the clipboard (to check what a copy button copied)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def _open_panel(page, server: str):
    page.goto(f"{server}/investment")
    wait_for_chart(page)
    panel = page.locator('[data-testid="stExpander"]').filter(has_text=PANEL).first
    summary = panel.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    panel.locator('[data-testid="stDownloadButton"] button').filter(has_text="PDF").first.wait_for(state="visible")
    panel.locator(COPY).first.wait_for(state="attached")
    return panel


def test_the_copy_buttons_of_cite_link_and_embed_are_reached_by_tab_visible_and_copy_on_enter(keyboard_page, server: str) -> None:
    page = keyboard_page
    panel = _open_panel(page, server)
    codes = panel.locator('[data-testid="stCode"]')
    assert codes.count() == 3
    texts = [codes.nth(i).locator("code").first.inner_text().strip() for i in range(3)]
    panel.locator('[data-testid="stDownloadButton"] button').filter(has_text="PDF").first.focus()
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["copyText"]:
            assert focused["visible"], f"copy button {len(reached) + 1} has the focus but cannot be seen"
            page.keyboard.press("Enter")
            copied = page.wait_for_function("() => navigator.clipboard.readText()").json_value()
            reached.append(copied.strip())
            page.evaluate("() => navigator.clipboard.writeText('')")
        if len(reached) == 3:
            break
    assert reached == texts, f"the keyboard reached {len(reached)} of the 3 copy buttons"
    # The buttons shown and the focus keeper's frame add nothing axe-core finds fault with.
    from axe_playwright_python.sync_playwright import Axe

    found = [
        (v["id"], [(n["target"], n.get("failureSummary", "")[:300]) for n in v["nodes"]])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert found == []
    assert "Sources: " in reached[0] and "Safarov" in reached[0]  # the chart's citation, naming every source
    assert reached[1].startswith(server) and reached[2].startswith("<iframe")


def test_focus_stays_on_the_download_button_after_a_download_by_keyboard(keyboard_page, server: str) -> None:
    page = keyboard_page
    panel = _open_panel(page, server)
    svg = panel.locator('[data-testid="stDownloadButton"] button').filter(has_text="SVG").first
    svg.focus()
    with page.expect_download(timeout=120_000) as waiting:
        page.keyboard.press("Enter")
    assert waiting.value.suggested_filename.endswith(".svg")
    page.wait_for_function(
        """() => { const e = document.activeElement; return e.tagName === 'BUTTON' && !e.disabled && (e.innerText || '').includes('SVG'); }""",
        timeout=10_000,
    )
    # And the keyboard goes on from there: Tab moves to the next download button, not to the top of the page.
    page.keyboard.press("Tab")
    assert "PDF" in page.evaluate(FOCUSED)["text"]


def test_a_charts_claim_box_opens_from_the_keyboard(keyboard_page, server: str) -> None:
    """Tab from the view's last control reaches the chart's list of points; arrows and Enter pick a bar, whose quote
    and source show under the chart as a click on the bar would show them."""
    page = keyboard_page
    page.goto(f"{server}/partners?reporter=AZE&indicator=trade_turnover&period=2021&show=value")
    wait_for_chart(page)
    points = page.get_by_role("combobox", name="Show where a figure in this chart comes from")
    page.get_by_role("combobox", name="display").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if points.evaluate("e => e === document.activeElement"):
            break
    assert points.evaluate("e => e === document.activeElement"), "Tab never reached the chart's list of points"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    box = page.get_by_text("Reported by the", exact=False).first
    box.wait_for(state="visible", timeout=30_000)
    chosen = points.input_value()
    # The option reads "Trade turnover, Azerbaijan–China, 2021: $1.78B (Trend)"; the box says the same figure and pair.
    what, rest = chosen.split(": ", 1)
    value = rest.split(" (", 1)[0]  # the figure, before who stated it (a publisher's name may hold brackets too)
    pair = what.split(", ")[1]
    heading = page.locator('[data-testid="stMarkdownContainer"] strong').filter(has_text=pair).first.inner_text()
    assert value in heading and pair in heading, (chosen, heading)
