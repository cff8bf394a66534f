"""The language a reader sees: English, Azerbaijani or Russian, and the translation of every message into it.

The current language lives in a context variable, so each Streamlit session (its own thread) and each command sees
its own: `using("ru")` sets it for a block, `current()` reads it. `_("Overview")` and `n_("{count} row", "{count}
rows", n)` return the message in the current language, read from the gettext catalog
`locale/<lang>/LC_MESSAGES/messages.po` with Babel, once per language per process: the .po files are the catalogs
translators edit and the package reads, with no compiled .mo and no build step (`scripts/translations.sh` extracts
new messages into `locale/messages.pot` and merges them into each catalog). A message with no translation, or a fuzzy
one, reads in English.

`N_("Overview")` only marks a message for extraction and returns it unchanged: a module-level constant is defined once,
before anyone has chosen a language, so it is stored in English and translated where it is shown, with `_(constant)`.

This is a root module like settings.py: every stage may import it, and it imports only `bundled`.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from econ_ties import bundled

#: The languages, in the order the switch offers them, each named in its own language.
LANGUAGES: tuple[str, ...] = ("en", "az", "ru")
NAMES: dict[str, str] = {"en": "English", "az": "Azərbaycanca", "ru": "Русский"}
DEFAULT = "en"
#: The catalog's domain: locale/<lang>/LC_MESSAGES/messages.po.
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("econ_ties_language", default=DEFAULT)
_catalogs: dict[str, _Translations] = {}
_catalogs_lock = threading.Lock()


def current() -> str:
    """The language of this run: "en", "az" or "ru"."""
    return _current.get()


def chosen(raw: str | None) -> str | None:
    """`raw` (an address's `?lang=`, a browser's locale such as "ru-RU" or "az_Latn_AZ") as one of `LANGUAGES`, or None
    when it names none of them."""
    if not raw:
        return None
    code = raw.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Show everything inside the block in `lang` (English for a language we do not have)."""
    token = _current.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def catalog_path(lang: str) -> str:
    """Where the catalog of `lang` is (it need not exist: English has none, its messages are the msgids)."""
    return str(bundled.locale_folder() / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


def read_catalog(lang: str) -> Catalog:
    """The .po catalog of `lang` as Babel reads it (tests and the translation script read it the same way)."""
    with open(catalog_path(lang), "rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


@dataclass(frozen=True)
class _Translations:
    messages: dict[str, str | tuple[str, ...]]  # msgid → msgstr, or its forms for a counted message
    plural: Callable[[int], int]  # n → which form, by the catalog's Plural-Forms header


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


def _translations(lang: str) -> _Translations:
    """The translated, not fuzzy, messages of `lang`, read once per process."""
    found = _catalogs.get(lang)
    if found is not None:
        return found
    with _catalogs_lock:
        if lang in _catalogs:
            return _catalogs[lang]
        messages: dict[str, str | tuple[str, ...]] = {}
        plural: Callable[[int], int] = _english_plural
        if lang != DEFAULT:
            catalog = read_catalog(lang)
            plural = gettext.c2py(catalog.plural_expr)  # type: ignore[attr-defined]  # the stdlib's own reader of Plural-Forms
            for message in catalog:
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, tuple | list):
                    forms = tuple(str(form) for form in message.string or ())
                    if forms and all(forms):
                        messages[message.id[0]] = forms
                elif message.string:
                    messages[message.id] = str(message.string)
        _catalogs[lang] = table = _Translations(messages, plural)
        return table


def _(message: str) -> str:
    """`message` in the current language; the English `message` itself when its catalog has no translation."""
    lang = _current.get()
    if lang == DEFAULT:
        return message
    found = _translations(lang).messages.get(message)
    return found if isinstance(found, str) else message


def n_(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that fits `n` in the current language ("{count} row" / "{count} rows" in English;
    three forms in Russian). The caller formats the count into it: `n_("{count} row", "{count} rows", n).format(count=…)`."""
    lang = _current.get()
    if lang != DEFAULT:
        table = _translations(lang)
        found = table.messages.get(singular)
        if isinstance(found, tuple):
            return found[min(table.plural(n), len(found) - 1)]
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now: for a constant translated where it is shown."""
    return message
