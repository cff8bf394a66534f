"""Hostile text is inert on every page: a published dataset whose quotes, source titles, speakers, notes, event titles,
author, revision note and file name hold markdown links, images, HTML, colour directives, math, backticks and line
breaks is drawn on every page with AppTest, and no markdown the pages send (bodies, captions, tooltips, labels,
message boxes) carries a live construct made from that text."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from econ_ties.app.pages import TILES_WRAP
from econ_ties.app.snapshot_panel import COPY_BUTTONS_SHOWN
from econ_ties.app.upload import uploader_words
from econ_ties.language import LANGUAGES
from tests.conftest import DATA_DIR, read_rows, write_rows

TIMEOUT = 60
# Every construct a viewer's browser would act on: a link, an image (fetched on sight), HTML, a bare address that GFM
# turns into a link, an e-mail link, colour, math, code, emphasis, and line breaks that would start a heading or a list.
HOSTILE = (
    "[x](https://evil.example/phish) ![p](https://evil.example/img.png) <img src=https://evil.example/pixel.png> "
    "<a href='https://evil.example/a'>a</a> https://evil.example/bare www.evil.example spy@evil.example "
    ":red[red] :material/warning: $$x^2$$ $y$ `code` **strong** _em_ ~~gone~~ &lt;b&gt;\n# forged heading\n- forged item"
)


def hostile_data(folder: Path) -> Path:
    """A copy of the curated data with hostile text in every free-text column."""
    shutil.copytree(DATA_DIR, folder)
    for file, columns in {
        "figures.csv": ("quote", "quote_en", "notes"),
        "sources.csv": ("publisher", "title", "author", "speaker", "speaker_role", "notes"),
        "events.csv": ("title", "description"),
    }.items():
        header, rows = read_rows(folder / file)
        for row in rows:
            for column in columns:
                row[column] = f"{row[column]} {HOSTILE}"
        write_rows(folder / file, header, rows)
    return folder


def publish_hostile(url: str, folder: Path) -> int:
    """Seed the store at `url`, then publish the hostile data over it, with a hostile author, note and file name."""
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.services.published import published_store

    dataset, report = load_dataset(hostile_data(folder))
    assert report.ok, report.render(limit=5)
    store = published_store(url)
    revision = store.publish(dataset, parent=store.latest_number(), author=f"mallory {HOSTILE}", note=HOSTILE, file_name=f"{HOSTILE}.csv").revision
    return revision.number


@contextmanager
def hostile_store_in_environment(folder: Path) -> Iterator[str]:
    """A store whose latest revision is the hostile dataset, named by ECON_TIES_DATABASE_URL while the block runs
    (a server started inside it inherits the variable)."""
    from econ_ties.settings import sqlite_url

    url = sqlite_url(folder / "store.sqlite")
    publish_hostile(url, folder / "data")
    previous = os.environ.get("ECON_TIES_DATABASE_URL")
    os.environ["ECON_TIES_DATABASE_URL"] = url
    try:
        yield url
    finally:
        if previous is None:
            os.environ.pop("ECON_TIES_DATABASE_URL", None)
        else:
            os.environ["ECON_TIES_DATABASE_URL"] = previous


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with hostile_store_in_environment(tmp_path_factory.mktemp("hostile")) as url:
        yield url


# --- what the pages send as markdown -------------------------------------------------------------------------------

#: proto fields Streamlit renders as markdown: bodies (markdown, captions, message boxes), tooltips and labels
MARKDOWN_FIELDS = {"body", "help", "label", "caption"}
#: The pages' own style sheets (st.html of a constant): HTML by design, holding no data.
OWN_STYLES = {TILES_WRAP, COPY_BUTTONS_SHOWN} | {uploader_words(lang) for lang in LANGUAGES}
#: The pages' own link to a source's address: "[source](<https://…>)", or the source's title as its label, every
#: markdown character of it escaped ("[Envoy\\: Baku…](<https://…>)"); the label stays in the text and is checked too.
OWN_SOURCE_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(<https?://[^\s<>\\]+>\)")
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


def markdown_texts(at: AppTest) -> list[str]:
    """Every markdown text the run produced, from every element and block of the page (sidebar included)."""
    texts: list[str] = []

    def fields(message: Message) -> None:
        if type(message).__name__ == "Html" and getattr(message, "body", None) in OWN_STYLES:
            return
        for descriptor, value in message.ListFields():
            if isinstance(value, Message):
                fields(value)
            elif descriptor.type == descriptor.TYPE_MESSAGE:  # a repeated message field
                for item in value:
                    fields(item)
            elif descriptor.name in MARKDOWN_FIELDS and isinstance(value, str):
                texts.append(value)

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            fields(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts


def live_constructs(text: str) -> list[str]:
    """What in a markdown text would act in a browser, once the pages' own source links and the escaped characters
    (backslash + punctuation, shown as written) are set aside. Links, images, HTML and addresses are looked for
    anywhere; colour, math, code and emphasis as the hostile text writes them (the pages' own bold is fine)."""
    bare = ESCAPED.sub("·", OWN_SOURCE_LINK.sub(r"\1", text))
    found = []
    for name, pattern in {
        "link": r"\]\(",
        "image": r"!\[",
        "html": r"<[a-zA-Z/!?]",
        "entity": r"&[a-zA-Z#]",
        "colour or icon": r":red\[|:material/warning",
        "math": r"\$\$x|\$y\$",
        "code": r"`code`",
        "emphasis": r"\*\*strong|~~gone|\b_em_\b",
        "heading or list from data": r"\n\s*(#|- forged)",
    }.items():
        if re.search(pattern, bare):
            found.append(name)
    if autolinks(ESCAPE.sub(r"\1", OWN_SOURCE_LINK.sub(r"\1", text))):
        found.append("autolink")
    return found


ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def autolinks(text: str) -> list[str]:
    """The addresses GFM makes links of, as Streamlit's markdown does: on the parsed text (escapes undone), an
    "https://", "www." or e-mail address that starts the text or follows a space, punctuation or a symbol."""

    def opens(at: int) -> bool:
        return at == 0 or text[at - 1].isspace() or unicodedata.category(text[at - 1])[0] in "PS"

    found = [m.group() for m in re.finditer(r"(?i)(https?://|www(?=\.))\S+", text) if opens(m.start())]
    return found + [m.group() for m in re.finditer(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", text) if opens(m.start())]


def _page(name: str) -> None:
    from econ_ties.app.history import history_page, show_revision_choice
    from econ_ties.app.pages import PAGE_FUNCTIONS

    show_revision_choice()
    (PAGE_FUNCTIONS | {"history": history_page})[name]()


def _drawn_on_overview() -> str:
    """A claim the Overview's first chart draws (its box is shown under the chart when the address names it)."""
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.present.views.overview import overview_figures

    figure = overview_figures(load_dataset(DATA_DIR)[0], {})[0]
    return next(str(i) for trace in figure.data for i in (trace.customdata or ()) if str(i) and not str(i).startswith("event:"))


PAGES = {
    "overview": {"claim": _drawn_on_overview()},
    "partners": {},
    "investment": {},
    "over-time": {},
    "timeline": {"claim": "event:ev-2020-11-10-ceasefire"},
    "data": {},
    "history": {},
}


def _run(name: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_function(_page, args=(name,), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_published_text_is_inert_on_every_page(hostile_store: str, name: str) -> None:
    at = _run(name, PAGES[name])
    texts = markdown_texts(at)
    # The hostile text is on the page (escaped), so the check below looks at it rather than at nothing.
    assert any("evil" in text for text in texts), texts
    offending = {text: found for text in texts if (found := live_constructs(text))}
    assert not offending


def test_the_headline_tooltip_shows_the_quote_as_written(hostile_store: str) -> None:
    at = _run("overview", {})
    tooltips = [metric.proto.help for metric in at.metric]
    assert any("evil" in tip for tip in tooltips)
    assert not [tip for tip in tooltips if live_constructs(tip)]


def test_the_clicked_claim_and_the_event_show_their_hostile_text(hostile_store: str) -> None:
    quotes = [text for text in markdown_texts(_run("overview", PAGES["overview"])) if text.startswith("> “")]
    assert len(quotes) == 1 and "forged heading" in quotes[0] and "\n" not in quotes[0]
    events = [text for text in markdown_texts(_run("timeline", PAGES["timeline"])) if text.startswith("**10 Nov 2020: Ceasefire statement")]
    assert len(events) == 1 and "forged heading" in events[0] and "\n" not in events[0]


def test_a_hostile_upload_is_inert_on_the_upload_page(hostile_store: str, tmp_path: Path) -> None:
    header, rows = read_rows(DATA_DIR / "figures.csv")
    rows[0]["quote"] = HOSTILE
    rows[1]["value"] = HOSTILE  # a problem naming a hostile value
    write_rows(tmp_path / "claims.csv", header, rows)
    name = f"{HOSTILE}.csv"

    def script(data: bytes, file_name: str) -> None:
        from econ_ties.app.upload import show_upload

        show_upload(data, file_name)

    at = AppTest.from_function(script, args=((tmp_path / "claims.csv").read_bytes(), name), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    texts = markdown_texts(at)
    assert at.error, "the hostile value is reported"
    offending = {text: found for text in texts if (found := live_constructs(text))}
    assert not offending


def test_the_markdown_check_finds_unescaped_text() -> None:
    # The check above is only as good as this: raw hostile text is found, escaped text and our own links are not.
    from econ_ties.model.inert_text import escape_markdown

    assert set(live_constructs(HOSTILE)) >= {"link", "image", "html", "autolink", "colour or icon", "math", "code", "emphasis", "heading or list from data"}
    assert live_constructs(f"{escape_markdown(HOSTILE)} · [source](<https://today.az/x>)") == []
    # Backslashes do not stop GFM's bare-address links (they are found after the escapes are undone).
    assert live_constructs(r"\[x\]\(https\://evil.example/phish\) or spy\@evil.example") == ["autolink"]


@pytest.mark.parametrize("rev", ["[x](https://evil.example/p)", "<img src=https://evil.example/p.png>", "![i](https://evil.example/i.png)"])
def test_a_hostile_revision_in_the_address_is_quoted_back_inertly(hostile_store: str, rev: str) -> None:
    # A link someone sends (?rev=...) is the viewer's own address, but its text is still not the page's markdown.
    at = _run("partners", {"rev": rev})
    notices = [w.value for w in at.warning]
    assert any("is not a revision number" in notice for notice in notices)
    assert not [notice for notice in notices if live_constructs(notice)]
