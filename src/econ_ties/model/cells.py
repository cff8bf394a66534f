"""How one cell's text becomes a typed value of the claim model, with the message a user reads when it cannot.

CSV cells arrive as text. Each parser here turns one cell into a value (a country code, an id, a flag, an enum member,
a decimal that keeps its stated precision, a period, a date) or raises a `PydanticCustomError` (made by `refused`) whose type is a stable
problem code (`missing-cell`, `type-error`, `constraint-error`, `unknown-country`) and whose message names the value
and the reason. `econ_ties.model.schema` declares its fields with the annotated types defined here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from econ_ties.language import N_
from econ_ties.model.countries import is_known_code
from econ_ties.model.periods import Period, parse_period

#: The context key under which a refusal keeps its message's template (`refused`).
TEMPLATE = "template"


def refused(code: str, template: str, values: dict[str, str] | None = None) -> PydanticCustomError:
    """pydantic's error for a value we refuse, with the problem `code` and the message `template` (marked with `N_`); the
    template travels in the error's context too, so that the report can say the message in the reader's language."""
    return PydanticCustomError(code, template, {**(values or {}), TEMPLATE: template})


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

TRUE_TEXT = {"true", "yes", "1", "y"}
FALSE_TEXT = {"false", "no", "0", "n", ""}


def _blank_to_none(value: Any) -> Any:
    """CSV cells arrive as text; an empty cell (or pandas' NaN for one) means "not stated"."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _country_code(value: Any) -> str:
    text = str(value).strip().upper()
    if not is_known_code(text):
        raise refused(
            "unknown-country",
            N_("'{value}' is not an ISO 3166-1 alpha-3 country code (for example AZE, RUS) or WLD for the world"),
            {"value": str(value)},
        )
    return text


CountryCode = Annotated[str, BeforeValidator(_country_code)]


def _identifier(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if not ID_PATTERN.match(text):
        raise refused(
            "constraint-error",
            N_("'{value}' is not a usable id: use 1–64 letters, digits, dots, dashes or underscores"),
            {"value": text},
        )
    return text


Identifier = Annotated[str, BeforeValidator(_identifier)]


def _required_text(value: Any) -> str:
    value = _blank_to_none(value)
    if value is None:
        raise refused("missing-cell", N_("this cell is empty but must be filled in"), {})
    return str(value).strip()


RequiredText = Annotated[str, BeforeValidator(_required_text)]


def _optional_text(value: Any) -> str:
    value = _blank_to_none(value)
    return "" if value is None else str(value).strip()


OptionalText = Annotated[str, BeforeValidator(_optional_text)]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(_blank_to_none(value) or "").strip().casefold()
    if text in TRUE_TEXT:
        return True
    if text in FALSE_TEXT:
        return False
    raise refused("type-error", N_("'{value}' is not true or false"), {"value": str(value)})


Flag = Annotated[bool, BeforeValidator(_flag)]


def enum_parser(enum: type[StrEnum], *, required: bool = True) -> BeforeValidator:
    """A validator that turns text into `enum`, with a message that lists the allowed values."""
    allowed = ", ".join(m.value for m in enum)

    def parse(value: Any) -> Any:
        value = _blank_to_none(value)
        if value is None:
            if required:
                raise refused("missing-cell", N_("this cell is empty; use one of: {allowed}"), {"allowed": allowed})
            return None
        try:
            return enum(str(value).strip())
        except ValueError:
            raise refused("constraint-error", N_("'{value}' is not allowed here; use one of: {allowed}"), {"value": str(value), "allowed": allowed}) from None

    return BeforeValidator(parse)


def parse_decimal(value: Any) -> Decimal | None:
    """Parse a stated number as text so its precision survives ("5.0" keeps one decimal)."""
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise refused("type-error", N_("'{value}' is not a number (write it like 6.3 or 802.2)"), {"value": text}) from None
    if not number.is_finite():
        raise refused("type-error", N_("'{value}' is not a finite number"), {"value": text})
    return number


def period_cell(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    value = _blank_to_none(value)
    if value is None:
        raise refused("missing-cell", N_("this cell is empty; every claim is about a period"), {})
    try:
        return parse_period(str(value))
    except ValueError as exc:
        raise refused("type-error", "{reason}", {"reason": str(exc)}) from None  # the period parser's own words


def date_cell(value: Any) -> dt.date | None:
    value = _blank_to_none(value)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise refused("type-error", N_("'{value}' is not a date written YYYY-MM-DD"), {"value": str(value)}) from None


OptionalDate = Annotated[dt.date | None, BeforeValidator(date_cell)]
