"""In Chromium, hostile published text stays text: the Overview is served with a dataset whose quotes hold a markdown
link, a markdown image and an <img> tag to evil.example; hovering each headline's help icon shows the quote, and no
link or image to evil.example appears in the page, nor does the browser ask evil.example for anything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app.test_hostile_text import hostile_store_in_environment
from tests.browser.support import running_dashboard, wait_for_chart

pytestmark = pytest.mark.browser
EVIL_NODES = 'a[href*="evil.example"], img[src*="evil.example"], [src*="evil.example"], [href*="evil.example"]'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hostile_store_in_environment(tmp_path_factory.mktemp("hostile-browser")), running_dashboard() as url:
        yield url


def test_overview_tooltips_show_hostile_quotes_as_text(hostile_server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    asked: list[str] = []

    def guard(route) -> None:
        # Record and refuse anything that is not the dashboard itself: the page must not fetch from elsewhere.
        if route.request.url.startswith(hostile_server):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(hostile_server + "/?claim=S4-az-ru")
        wait_for_chart(page)
        icons = page.locator('[data-testid="stMetric"] [data-testid="stTooltipHoverTarget"]')
        assert icons.count() >= 5
        shown = []
        for i in range(icons.count()):
            icons.nth(i).hover()
            tooltip = page.locator('[data-testid="stTooltipContent"]').last
            tooltip.wait_for(state="visible")
            shown.append(tooltip.inner_text().replace("\u2060", ""))  # the invisible word joiner that keeps addresses text
            assert page.locator(EVIL_NODES).count() == 0, tooltip.inner_html()
        # The quote is there, as written: the link's text, the image's and the tag's markup are read, not run.
        assert all("[x](https://evil.example/phish)" in text and "<img src=https://evil.example/pixel.png>" in text for text in shown), shown
        assert page.locator(EVIL_NODES).count() == 0
        assert "forged heading" in page.locator('[data-testid="stMain"]').inner_text()  # the clicked claim's box
        assert not [url for url in asked if "evil.example" in url], asked
    finally:
        context.close()
