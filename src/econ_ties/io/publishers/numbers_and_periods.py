"""Publishers' numbers and periods written as ours: "1 234,5" → "1234.5", "2024M2" → "2024-02".

Every publisher writes numbers and periods its own way (thousands separators, decimal commas, exponents; years,
quarters, months with or without an M, a day). These two functions are the one place that reads them, for every format.
"""

from __future__ import annotations

import re

_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")


def parse_number(text: str, decimal_comma: bool = False) -> str | None:
    """A publisher's number as a plain decimal string ("1 234,5" → "1234.5", "1,234.5" → "1234.5"); None if not one."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not raw:
        return None
    if _PLAIN.match(raw):
        return raw
    if re.match(r"^-?\d+(\.\d+)?[eE][+-]?\d+$", raw):
        return format(float(raw), "f").rstrip("0").rstrip(".") or "0"
    commas, points = raw.count(","), raw.count(".")
    comma_is_decimal = decimal_comma or (commas == 1 and points == 0 and not re.match(r"^-?\d{1,3},\d{3}$", raw))
    comma_is_decimal = comma_is_decimal or bool(commas and points and raw.rfind(",") > raw.rfind("."))
    candidate = raw.replace(".", "").replace(",", ".") if comma_is_decimal else raw.replace(",", "")
    return candidate if _PLAIN.match(candidate) else None


def publisher_period(text: str) -> str | None:
    """Publisher period forms → ours: 2021 → 2021, 2021Q4/2021-Q4 → 2021Q4, 2024M2/2024-M02/202402/20240201 → 2024-02."""
    raw = text.strip()
    if m := re.fullmatch(r"(\d{4})", raw):
        return m.group(1)
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", raw):
        return f"{m.group(1)}Q{m.group(2)}"
    if m := re.fullmatch(r"(\d{4})-?M?(\d{1,2})", raw):
        month = int(m.group(2))
        return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else None
    if m := re.fullmatch(r"(\d{4})(\d{2})01", raw):
        return f"{m.group(1)}-{m.group(2)}"
    return None
