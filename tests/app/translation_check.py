"""What a page shows a reader, as text, and which of the catalog's English messages it still shows untranslated.

For the AppTests of every page in Azerbaijani and Russian: open the page with `?lang=az`, then
`assert untranslated_on_page(at, "az") == []`. The page's text is every string of every element Streamlit drew (titles,
captions, markdown, metric labels and values, widget labels, options and help, chart specs) and the navigation's page
titles. A message counts as shown untranslated when its English text appears there as whole words while the catalog
translates it into something else; for a message with {placeholders}, its longest literal part between them is looked
for ("Newest figure: {period}, stated {day}" → "Newest figure: ").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from babel.messages.pofile import read_po
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from econ_ties import bundled, language
from econ_ties.language import using

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WIDGET_ID = "$$ID-"
#: Literal parts shorter than this are not looked for: "{amount}-dan çox"'s "-dan çox" is enough, "{a} · {b}"'s " · " is not.
MIN_PART = 4


def _strings(message: Message) -> Iterator[str]:
    for _field, value in message.ListFields():
        if isinstance(value, str | Message):
            values = [value]
        elif isinstance(value, bytes | bool | int | float):
            continue
        else:
            values = list(value)  # a repeated field (a map's items are its values)
            if values and not isinstance(values[0], str | Message) and hasattr(value, "values"):
                values = list(value.values())
        for each in values:
            if isinstance(each, str):
                if each.startswith(_WIDGET_ID):
                    continue  # a widget's id ("$$ID-…-history.revision"): its key, never shown to a reader
                yield from _json_strings(each)
            elif isinstance(each, Message):
                yield from _strings(each)


def _json_strings(text: str) -> Iterator[str]:
    """A chart's spec is JSON (its Cyrillic \\u-escaped): its string leaves, as a reader sees them; other text as is."""
    if not text.startswith(("{", "[")):
        yield text
        return
    try:
        tree = json.loads(text)
    except ValueError:
        yield text
        return
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def page_text(at: AppTest) -> str:
    """Every string the page shows (and the navigation's page titles), one per line."""
    texts: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            texts.extend(_strings(proto))
    # The navigation is not an element of the page: AppTest keeps the pages st.navigation registered.
    texts.extend(str(info.get("page_name", "")) for info in at._registered_pages.values())
    return "\n".join(texts)


@cache
def _english_messages() -> tuple[str, ...]:
    with (bundled.locale_folder() / "messages.pot").open("rb") as pot:
        return tuple(m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id)


def _looked_for(message: str) -> str:
    parts = [part for part in _PLACEHOLDER.split(message) if len(part.strip()) >= MIN_PART]
    return max(parts, key=len) if parts else ""


#: A quotation, “as stated”: data, shown in the language it was said in, never a message of ours.
_QUOTED = re.compile(r"“[^”]*”")
#: A link's query string ("reporter=AZE&partner=RUS"): parameter names are part of an address, never read as words.
_QUERY = re.compile(r"[\w.-]+=[^\s&/]*(?:&[\w.-]+=[^\s&/]*)*")
#: A web address ("…/azerbaijan-is-russia-s-strategic-partner…"): its words are a publisher's, not ours.
_ADDRESS = re.compile(r"https?://[^\s)>]+")


def untranslated_on_page(at: AppTest, lang: str) -> list[str]:
    """The catalog's English messages that the page shows as they are, where `lang` has another text for them.

    Quotations (in “…”) are left out: a quote stays in its original language; so are web addresses and query strings."""
    return untranslated_in(page_text(at), lang)


def untranslated_in(text: str, lang: str) -> list[str]:
    """The catalog's English messages that `text` (a page's, a figure's) holds as they are, where `lang` has another
    text for them; quotations and query strings left out, as on a page."""
    text = _QUERY.sub(" ", _ADDRESS.sub(" ", _QUOTED.sub(" ", text)))
    found = []
    for message in _english_messages():
        with using(lang):
            translated = language._(message)
        if translated == message:
            continue  # the same in both (a name, a symbol): nothing to find
        part = _looked_for(message)
        # Whole words only, and not a name such as the publisher "Report.az" (a dot and a letter after it).
        if part and re.search(rf"(?<!\w){re.escape(part)}(?!\w|\.\w)", text):
            found.append(message)
    return found
