"""The one rule for text that reaches Streamlit markdown: shown exactly as written, on one line, acting as nothing."""

from __future__ import annotations

import pytest

from econ_ties.model.inert_text import escape_markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](https://evil.example/phish)", "\\[x\\]\\(\u2060https\\://evil.example/phish\\)"),
        ("<img src=https://evil.example/p.png>", "\\<img src\\=\u2060https\\://evil.example/p.png\\>"),
        (":red[alarm] :material/warning:", r"\:red\[alarm\] \:material/warning\:"),
        ("$$x^2$$ `code` **b** _i_ ~~s~~", r"\$\$x^2\$\$ \`code\` \*\*b\*\* \_i\_ \~\~s\~\~"),
        # GFM links bare addresses after parsing, escapes undone; a word joiner in front keeps them text
        ("see www.evil.example or spy@evil.example", "see \u2060www.evil.example or spy\u2060\\@evil.example"),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("quote\n# heading\r\n- item", r"quote \# heading - item"),  # one line: "-" starts nothing mid-line
        ("- a list item", r"\- a list item"),
        ("1. an ordered item", r"1\. an ordered item"),
        ("bell\x07 escape\x1b[2J rtl\u202e", r"bell\\x07 escape\\x1b\[2J rtl\\u202e"),  # shown as \x07 ...
    ],
)
def test_markdown_constructs_in_data_are_escaped(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_plain_text_in_any_language_reads_as_written() -> None:
    text = "Azərbaycan — Россия: 6,3 млрд долларов, non-oil 1.3"
    assert escape_markdown(text) == "Azərbaycan — Россия\\: 6,3 млрд долларов, non-oil 1.3"
