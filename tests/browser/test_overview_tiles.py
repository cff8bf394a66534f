"""Browser test: every tile of the Overview is whole in every language and at every width — its label, its figure and
its captions — with nothing clipped or cut off with an ellipsis (the Azerbaijani and Russian labels are longer than
the English ones).

Playwright drives Debian's Chromium against the shared Streamlit server on 127.0.0.1, at 1300, 768 and 390 px wide,
with `?lang=en|az|ru`. Each tile's label must read as the headline's label in that language (headlines.csv), and no
element of a tile may be wider inside than its box (scrollWidth over clientWidth) or run past the window's edge.
A screenshot of every failing page goes to test-artifacts/.
"""

from __future__ import annotations

import csv

import pytest

from econ_ties import bundled
from econ_ties.language import LANGUAGES
from tests.browser.support import wait_for_chart
from tests.browser.test_browser import shot

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1300, "tablet": 768, "phone": 390}

#: Every element of every tile whose content is wider than its box, or that runs past the window's right edge: its
#: text, which part of the tile it is in, and the widths.
CLIPPED = """() => {
  const found = [];
  const right = document.documentElement.clientWidth;
  for (const tile of document.querySelectorAll('[data-testid="stMetric"]')) {
    const column = tile.closest('[data-testid="stColumn"]') || tile.parentElement;
    for (const el of [tile, ...tile.querySelectorAll('*'), ...column.querySelectorAll('[data-testid="stCaptionContainer"] *')]) {
      const box = el.getBoundingClientRect();
      if (!box.width || !el.innerText || !el.innerText.trim()) continue;
      const style = getComputedStyle(el);
      const overflowing = el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible';
      if (overflowing || box.right > right + 1) {
        found.push({text: el.innerText.trim().slice(0, 80), scroll: el.scrollWidth, client: el.clientWidth, right: box.right});
      }
    }
  }
  return found;
}"""


def _labels(lang: str) -> list[str]:
    """The headlines' labels in `lang` (the English label where a translation is missing)."""
    with bundled.headlines_file().open(encoding="utf-8") as rows:
        return [(row.get(f"label_{lang}") or row["label"]) if lang != "en" else row["label"] for row in csv.DictReader(rows)]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tile_is_whole(server: str, browser, lang: str, width: str) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{server}/?lang={lang}")
        wait_for_chart(page)
        page.wait_for_timeout(500)  # fonts settle
        labels = [text.strip() for text in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()]
        clipped = page.evaluate(CLIPPED)
        if clipped or not labels:
            shot(page, f"overview-tiles-{lang}-{width}")
        assert labels and set(labels) <= set(_labels(lang)), labels  # each label is a headline's, in this language
        assert clipped == [], clipped
    finally:
        context.close()
