"""Browser test of the three languages: `?lang=ru` in a real Chromium, a control changed (a fragment's rerun, which
starts without the page run's language) keeps the chart in Russian and the address keeps `lang`, and a browser whose
language is Azerbaijani gets Azerbaijani without asking."""

from __future__ import annotations

import pytest

from econ_ties.language import _, using
from econ_ties.present.views.partners import SHOW_LABELS
from tests.browser.support import CHART, chart_data, wait_for_chart
from tests.browser.test_browser import pick, shot

pytestmark = pytest.mark.browser


def test_a_control_changed_in_russian_keeps_the_chart_and_the_address_in_russian(server: str, page) -> None:
    page.goto(f"{server}/partners?lang=ru")
    wait_for_chart(page)
    assert page.locator("h1").first.inner_text().strip() == "Партнёры"
    assert "млрд" in chart_data(page)
    before = chart_data(page)
    # The control's label and its choices are in Russian ("Доли от общего объёма").
    with using("ru"):
        shares = _(SHOW_LABELS["share"])
        display = _("display").capitalize()
    assert display != "Display"
    pick(page, display, shares)
    page.wait_for_function(
        f"(before) => {{ const c = document.querySelector('{CHART}'); return c && c.data && JSON.stringify(c.data) !== before; }}", arg=before
    )
    page.wait_for_url("**show=share**")
    after = chart_data(page)
    # After the fragment's rerun: amounts ("(1,2 млрд $)" beside each share) and partners' names still in Russian
    assert "млрд" in after and "Россия" in after and "Russia" not in after and "lang=ru" in page.url
    shot(page, "partners-ru-share")


def test_the_browser_s_language_is_the_default(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="az-AZ")
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(server + "/")
        wait_for_chart(page)
        assert page.locator("h1").first.inner_text().strip() == "İcmal"
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert any("mlrd" in value for value in metrics), metrics
        page.wait_for_url("**lang=az**")  # put into the address: a copied link opens in Azerbaijani anywhere
        shot(page, "overview-az")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_file_pickers_own_words_are_in_the_language(server: str, page, lang: str) -> None:
    """Streamlit draws its file picker's button ("Upload") and instructions ("200MB per file • …") in English in every
    language, beyond the reach of the catalog: what a reader sees there is read from the rendered page (CSS generated
    text included), and no English word is left."""
    page.goto(f"{server}/upload?lang={lang}")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    zone.wait_for()
    seen = page.evaluate(
        """(zone) => [...zone.querySelectorAll('*')].filter((e) => e.offsetParent !== null || e.getClientRects().length)
             .flatMap((e) => [
               ...[...e.childNodes].filter((n) => n.nodeType === 3 && getComputedStyle(e).display !== 'none').map((n) => n.textContent),
               getComputedStyle(e, '::after').content, getComputedStyle(e, '::before').content])
             .filter((t) => t && t !== 'none' && t !== 'normal').map((t) => t.replace(/^"|"$/g, '')).join(' | ')""",
        zone.element_handle(),
    )
    with using(lang):
        button = _("Choose files")
    assert button in seen and "CSV, TXT, TSV, XLSX" in seen, seen
    assert "Upload" not in seen and "per file" not in seen and "200MB" not in seen, seen
