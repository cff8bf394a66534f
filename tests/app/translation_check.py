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
#: Fields of Streamlit's elements that a reader never sees: ids, keys, icons, a button's kind, a media file's address,
#: the script of an iframe and the style of an html element, a chart's config and theme.
_HIDDEN_FIELDS = frozenset(
    [
        "id",
        "form_id",
        "type",
        "icon",
        "url",
        "deferred_file_id",
        "tag",
        "language",
        "config",
        "theme",
        "page",
        "page_script_hash",
        "query_string",
        "autocomplete",
        "format",
        "srcdoc",
    ]
)
#: A chart's arrays of numbers, encoded: never text.
_ENCODED = frozenset({"bdata", "dtype", "shape"})
#: The keys of a chart's spec (and of a table's column settings) whose strings a reader sees: titles, names in the
#: legend, hover text, labels on the axes and the bars; the rest (modes, colours, fonts, encoded arrays) is not read.
_SHOWN_KEYS = frozenset(
    ["text", "hovertext", "hovertemplate", "texttemplate", "name", "title", "ticktext", "x", "y", "labels", "label", "display_text", "help"]
)
#: Literal parts shorter than this are not looked for: "{amount}-dan çox"'s "-dan çox" is enough, "{a} · {b}"'s " · " is not.
MIN_PART = 4


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in _HIDDEN_FIELDS or (field.name == "body" and type(message).__name__ == "Html"):
            continue
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
    stack: list[tuple[Any, bool]] = [(tree, False)]
    while stack:
        item, shown = stack.pop()
        if isinstance(item, str):
            if shown:
                yield item
        elif isinstance(item, dict):
            # A shown key's text and list of texts; a dict under it ({"text": …, "xref": …}) names its own shown keys.
            stack.extend((value, (shown or key in _SHOWN_KEYS) and not isinstance(value, dict)) for key, value in item.items() if key not in _ENCODED)
        elif isinstance(item, list):
            stack.extend((each, shown) for each in item)


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
    # A table's cells travel as Arrow bytes: its headers are our words (the cells are checked where they are ours).
    texts.extend(str(column) for table in at.dataframe for column in table.value.columns)
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
#: A block of code (a file's exact header line).
_FENCED = re.compile(r"```.*?```", flags=re.DOTALL)
#: Code (a column name of a file format, a problem code, a command), written `so`: part of a format, never translated.
_CODE = re.compile(r"`[^`\n]*`")
#: An HTML tag (a line break in hover text, the embed snippet's iframe): markup, not words.
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
#: A web address ("…/azerbaijan-is-russia-s-strategic-partner…"): its words are a publisher's, not ours.
_ADDRESS = re.compile(r"https?://[^\s)>]+")


def without_data_spans(text: str) -> str:
    """`text` without what is data or format rather than our words: quotations, code, web addresses, query strings."""
    text = _CODE.sub(" ", _FENCED.sub(" ", _QUOTED.sub(" ", text)))
    return _TAG.sub(" ", _QUERY.sub(" ", _ADDRESS.sub(" ", text)))


def untranslated_on_page(at: AppTest, lang: str) -> list[str]:
    """The catalog's English messages that the page shows as they are, where `lang` has another text for them.

    Quotations (in “…”) are left out: a quote stays in its original language; so are web addresses and query strings."""
    return untranslated_in(page_text(at), lang)


def untranslated_in(text: str, lang: str) -> list[str]:
    """The catalog's English messages that `text` (a page's, a figure's) holds as they are, where `lang` has another
    text for them; quotations and query strings left out, as on a page."""
    text = without_data_spans(text)
    found = []
    for message in _english_messages():
        with using(lang):
            translated = language._(message)
        if translated == message:
            continue  # the same in both (a name, a symbol): nothing to find
        part = _looked_for(message)
        # Whole words only, not a name such as the publisher "Report.az" (a dot and a letter after it), nor a word of an
        # id joined by hyphens ("newsaz-2025-06-29-cultural-events").
        if part and re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-]|\.\w)", text):
            found.append(message)
    return found
