"""The dashboard in Azerbaijani and Russian: `?lang=` chooses the language, the sidebar switch changes it (a rerun, with
the language put back into the address), the browser's language is the default, and the Overview's navigation,
sidebar and tile numbers are in that language with no message of the catalog left in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from econ_ties.app.components import POINT_LIST_LABEL
from econ_ties.language import _, using
from tests.app.every_page import other_page_script, snapshot_panel_script
from tests.app.test_history_page import published_in_part  # noqa: F401 (a fixture)
from tests.app.translation_check import page_text, untranslated_on_page

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
#: the words of each language the Overview must show: its title, the sidebar's revision line, a tile's unit
EXPECTED = {
    "ru": ["Обзор", "Партнёры", "Данные: редакция", "Последний показатель", "Язык", "млрд"],
    "az": ["İcmal", "Tərəfdaşlar", "Məlumatlar:", "Ən yeni göstərici", "Dil", "mlrd"],
}


def dashboard(query: dict[str, str] | None = None, *, locale: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    if locale is not None:
        at.context["locale"] = locale  # type: ignore[index]
    return at


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_overview_in_each_language(lang: str) -> None:
    at = dashboard({"lang": lang}).run()
    assert not at.exception
    text = page_text(at)
    assert [word for word in EXPECTED[lang] if word not in text] == []
    assert [t.value for t in at.title] == [EXPECTED[lang][0]]
    values = [m.value for m in at.metric]
    assert any(EXPECTED[lang][-1] in value for value in values), values
    assert not any("$" in value and "B" in value for value in values)  # no tile left in the English "$6.3B"
    assert untranslated_on_page(at, lang) == []
    assert at.query_params["lang"] == lang  # a copied address keeps it


def test_the_english_overview_shows_the_messages_in_english() -> None:
    at = dashboard().run()
    assert not at.exception
    assert "Overview" in [t.value for t in at.title] and "Newest figure" in page_text(at)
    assert untranslated_on_page(at, "ru") != []  # the check sees English where Russian was due
    assert "lang" not in at.query_params  # English for a browser that asks for nothing else: the address stays short


def test_the_switch_changes_the_language_and_the_address() -> None:
    at = dashboard().run()
    switch = at.sidebar.selectbox[0]
    assert switch.options == ["English", "Azərbaycanca", "Русский"]
    at = switch.select("ru").run()
    assert not at.exception
    assert at.query_params["lang"] == "ru" and [t.value for t in at.title] == ["Обзор"]
    assert at.sidebar.selectbox[0].value == "ru"


def test_switching_the_language_is_a_rerun_that_reads_no_data_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16, item 8: the dataset is cached by revision, not by language; only text is drawn again."""
    at = dashboard().run()
    assert not at.exception and [t.value for t in at.title] == ["Overview"]
    from econ_ties.app.data import KEPT_LANGUAGE
    from econ_ties.store.revisions import Store  # every dataset the pages show is read from the published store

    reads: list[int | None] = []
    original = Store.dataset
    monkeypatch.setattr(Store, "dataset", lambda self, number=None: reads.append(number) or original(self, number))
    for lang, title in [("ru", "Обзор"), ("az", "İcmal"), ("en", "Overview")]:
        at = at.selectbox(key=KEPT_LANGUAGE).select(lang).run()
        assert not at.exception and [t.value for t in at.title] == [title]
    assert reads == []


def test_the_browser_language_is_the_default_and_the_address_wins() -> None:
    at = dashboard(locale="az-AZ").run()
    assert [t.value for t in at.title] == ["İcmal"]
    at = dashboard({"lang": "ru"}, locale="az-AZ").run()
    assert [t.value for t in at.title] == ["Обзор"]
    at = dashboard({"lang": "en"}, locale="az-AZ").run()
    assert [t.value for t in at.title] == ["Overview"]
    assert at.query_params["lang"] == "en"  # kept: without it this browser would get Azerbaijani
    at = dashboard(locale="fr-FR").run()
    assert [t.value for t in at.title] == ["Overview"]


def test_an_unknown_language_in_the_address_shows_english_and_is_dropped() -> None:
    at = dashboard({"lang": "xx"}).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Overview"] and "lang" not in at.query_params


def _view_page(name: str, lang: str) -> None:
    from econ_ties.app.pages import PAGE_FUNCTIONS
    from econ_ties.language import using

    with using(lang):  # what dashboard.main does around the page
        PAGE_FUNCTIONS[name]()


#: words of each language that the page's own text shows (its captions, buttons, the claim box under a chart)
PAGE_WORDS = {
    ("data", "ru"): ["Скачать все данные (CSV)", "Скачать эти строки (CSV)", "заявлений"],
    ("data", "az"): ["Bütün məlumatları yüklə (CSV)", "Bu sətirləri yüklə (CSV)", "açıqlamadan"],
    ("partners", "ru"): ["Описание диаграммы:", "Показать, откуда показатель на этой диаграмме", "По данным стороны:", "Нажмите на другой столбец"],
    ("partners", "az"): ["Diaqramın təsviri:", "Bu diaqramdakı göstəricinin mənbəyini göstər", "Məlumat verən tərəf:", "başqa sütuna"],
}


@pytest.mark.parametrize(("name", "lang"), sorted(PAGE_WORDS))
def test_a_view_page_and_its_claim_box_in_each_language(name: str, lang: str) -> None:
    at = AppTest.from_function(_view_page, args=(name, lang), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang  # the chart fragment settles its language from the address
    at.run()
    assert not at.exception
    # AppTest formats the widgets' options again in the test's thread when it reruns: in the page's language.
    with using(lang):
        points = [box for box in at.selectbox if box.label == _(POINT_LIST_LABEL)]
        if name != "data":  # open the claim box under the first chart by the keyboard's list of its points
            at = points[0].select_index(0).run()
    assert not at.exception
    text = page_text(at)
    assert [word for word in PAGE_WORDS[name, lang] if word not in text] == []
    assert untranslated_on_page(at, lang) == []


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_overview_tiles_and_headings_in_each_language(lang: str) -> None:
    at = dashboard({"lang": lang}).run()
    text = page_text(at)
    words = {"ru": ["Кратко", "по данным стороны:"], "az": ["Qısaca", "məlumat verən tərəf:"]}[lang]
    assert [word for word in words if word not in text] == []
    assert "reported by the" not in text and "In short" not in text


@pytest.mark.usefixtures("published_in_part")
@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_history_page_in_each_language(lang: str) -> None:
    at = AppTest.from_function(other_page_script, args=("history", lang), default_timeout=TIMEOUT)
    with using(lang):  # AppTest formats the revision list's options again in the test's thread
        at.run()
    assert not at.exception, at.exception
    words = {
        "ru": ["История", "Все опубликованные редакции", "Скачать 1 невключённую строку (CSV)", "заявления изменены: S3"],
        "az": ["Tarixçə", "Dərc edilmiş bütün redaksiyalar", "Kənarda qalan 1 sətri yüklə (CSV)", "açıqlamalar dəyişdirilib: S3"],
    }[lang]
    assert [word for word in words if word not in page_text(at)] == []
    columns = {"ru": ["редакция", "открыть", "что изменилось"], "az": ["redaksiya", "bax", "nə dəyişdi"]}[lang]
    assert list(at.dataframe[0].value.columns[:3]) == columns
    assert untranslated_on_page(at, lang) == []


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_sign_in_page_in_each_language(lang: str) -> None:
    at = AppTest.from_function(other_page_script, args=("sign-in", lang), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    words = {"ru": ["Вход для аналитика", "Для просмотра вход не нужен", "Имя аналитика", "Пароль", "Войти"], "az": ["Parol", "Daxil ol", "Analitikin adı"]}
    assert [word for word in words[lang] if word not in page_text(at)] == []
    assert untranslated_on_page(at, lang) == []


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_the_snapshot_panel_in_each_language(lang: str) -> None:
    at = AppTest.from_function(snapshot_panel_script, args=(lang,), default_timeout=TIMEOUT)
    at.session_state["chart-0-snapshot"] = True  # open, as a click on its label does
    with using(lang):
        at.run()
    assert not at.exception, at.exception
    words = {
        "ru": ["Скачать, процитировать или встроить эту диаграмму", "Размер изображения", "**Ссылка на это представление**", "**Встраивание**"],
        "az": ["Bu diaqramı yüklə, istinad et və ya yerləşdir", "Şəklin ölçüsü", "**Bu görünüşə keçid**", "**Yerləşdirmə**"],
    }[lang]
    assert [word for word in words if word not in page_text(at)] == []
    assert untranslated_on_page(at, lang) == []


def _upload(data: bytes, lang: str) -> None:
    from econ_ties.app.upload import show_upload
    from econ_ties.language import using

    with using(lang):
        show_upload(data, "mixed.csv")


@pytest.mark.parametrize("lang", ["ru", "az"])
def test_an_uploads_report_preview_and_publish_step_in_each_language(lang: str) -> None:
    from tests.app.test_history_page import HEADER, _row

    mixed = "\n".join([HEADER, _row("S3").replace(",2.9,", ",3.0,"), _row("S1").replace(",1.2,", ",twelve,"), ""]).encode()
    at = AppTest.from_function(_upload, args=(mixed, lang), default_timeout=120)
    with using(lang):  # AppTest formats the widgets' options again in the test's thread
        at.run()
    assert not at.exception, at.exception
    words = {
        "ru": [
            "Отчёт",
            "1 ошибка и 0 предупреждений",
            "Коды",
            "1 сообщение полностью",
            "Строка 3",
            "Что изменится",
            "Изменено (1)",
            "Публиковать могут только",
        ],
        "az": [
            "Hesabat",
            "1 xəta və 0 xəbərdarlıq",
            "Kodlar",
            "1 mesajın tam mətni",
            "Sətir 3",
            "Nə dəyişərdi",
            "Dəyişən (1)",
            "Yalnız daxil olmuş analitiklər",
        ],
    }[lang]
    assert [word for word in words if word not in page_text(at)] == []
    assert list(at.dataframe[1].value.columns[:2]) == {"ru": ["серьёзность", "код"], "az": ["ciddilik", "kod"]}[lang]
    assert untranslated_on_page(at, lang) == []
