"""Text from data or from a user, made inert for the two places it is shown: Streamlit markdown and a terminal line.

Quotes, titles, speakers, notes, file names, analyst names and error messages that carry them are data: they must be
shown exactly as written and never act. In markdown (every `st.markdown`, `st.caption`, `help=` tooltip, message box,
button and expander label) that means no link, image, HTML tag, emphasis, colour directive, math or heading made from
them: `escape_markdown` is the one rule the app uses. On a terminal it means no line break, carriage return or escape
sequence: `terminal_text` shows each control character as its escape (`\\n`, `\\x1b`), so a note cannot clear the
screen or forge another line of `econ-ties history`. Both are pure functions of text, so any stage may use them.
"""

from __future__ import annotations

import re
import unicodedata

# Every ASCII punctuation mark that starts or ends a markdown construct in CommonMark, GFM or Streamlit's extensions:
# links and images ([ ] ( ) !), HTML and autolinks (< > &), emphasis and strikethrough (* _ ~), code (`), headings (#),
# lists and quotes (+ > |), math ($), colour and icon directives (:red[...], :material/x:), e-mail addresses (@),
# entities (&), and the backslash itself. CommonMark lets a backslash escape any of them.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:@&=])")
# At the start of a line only: a list item ("- x", "1. x") or a thematic break ("---").
_LINE_START = re.compile(r"^(\s*)(-|\d+(?=[.)]))")
# GFM turns "https://…", "www.…" and "name@host.tld" into links after the markdown is parsed, on the text itself (with
# the escapes already undone), whenever the address follows a space or punctuation. A word joiner (U+2060, invisible)
# just before it, or before the "@", is neither, so the address stays text.
_AUTOLINK_START = re.compile(r"(?i)(?=https?:/|www\.)|(?=@)")
_WORD_JOINER = "\u2060"
# Line and paragraph breaks: in markdown a break inside a value would start a new block (a heading, a list, a quote).
_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_control(character: str) -> bool:
    # Cc: C0/C1 controls (ESC, BEL, backspace, ...); Cf: format characters such as the bidirectional overrides that
    # make "txt.exe" read as "exe.txt"; Zl/Zp: line and paragraph separators.
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") and character not in "\u200d"


def visible_controls(text: str) -> str:
    """`text` with each control or format character written as its escape (`\\n`, `\\x1b`, `\\u202e`)."""
    return "".join(_visible(ch) if _is_control(ch) else ch for ch in text)


def _visible(character: str) -> str:
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: object) -> str:
    """Text for one terminal line: control characters and escape sequences are shown (as `\\n`, `\\x1b`), never run."""
    return visible_controls(str(text))


def escape_markdown(text: object) -> str:
    """Text shown through Streamlit markdown exactly as written: one line, no links, images, HTML, emphasis, colour,
    math or headings made from it. Line breaks become spaces; other control characters are shown as escapes."""
    one_line = visible_controls(_BREAKS.sub(" ", str(text)).replace("\t", " "))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK_START.sub(_WORD_JOINER, one_line))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) == "-" else f"{m.group(1)}{m.group(2)}\\", escaped)
