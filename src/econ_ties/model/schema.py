"""The claim model: what one sourced figure is, as pydantic v2 models and enums.

A `Claim` is a number that a named speaker or publisher stated on a date, about one indicator between two countries, for
a sector and a period, with a qualifier (exact, about, at least, at most, or "the majority of" with no number) and the
side that reports it. `Source` is the document it comes from; `Event` is a dated diplomatic event. These models are the
single statement of the rules for one row: the fast column checks in `validation` only pre-filter rows, and every
message a user reads for a bad row comes from validating it here. Errors carry stable codes (see `problems.CODES`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import pycountry
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from econ_ties.language import N_, _, current
from econ_ties.model.cells import (
    CountryCode,
    Flag,
    Identifier,
    OptionalDate,
    OptionalText,
    RequiredText,
    cell_error,
    date_cell,
    enum_parser,
    parse_decimal,
    period_cell,
)
from econ_ties.model.countries import is_country
from econ_ties.model.formatting import format_date
from econ_ties.model.periods import Period
from econ_ties.model.translated import text_in


class Indicator(StrEnum):
    TRADE_TURNOVER = "trade_turnover"
    EXPORTS = "exports"
    IMPORTS = "imports"
    TRADE_BALANCE = "trade_balance"
    TRADE_PARTNER_RANK = "trade_partner_rank"
    #: a partner's share of the reporter's trade, in percent
    TRADE_SHARE = "trade_share"
    #: a change on the same period a year earlier, in percent, stated without (or beside) a level
    TRADE_TURNOVER_GROWTH = "trade_turnover_growth"
    EXPORTS_GROWTH = "exports_growth"
    IMPORTS_GROWTH = "imports_growth"
    INVESTMENT_STOCK = "investment_stock"
    FDI_FLOW = "fdi_flow"
    FDI_POSITION = "fdi_position"


class Measure(StrEnum):
    STOCK = "stock"
    FLOW = "flow"
    RANK = "rank"
    #: percent of a whole (a partner's share of trade)
    SHARE = "share"
    #: percent change on a year earlier
    GROWTH = "growth"


#: Measures stated as a rank or a percentage: no currency, and the value is not an amount of money.
UNITLESS_MEASURES = frozenset({Measure.RANK, Measure.SHARE, Measure.GROWTH})
#: Indicators whose value may be below zero.
SIGNED_INDICATORS = frozenset({"trade_balance", "trade_turnover_growth", "exports_growth", "imports_growth"})


class Roles(StrEnum):
    """What `country` and `counterpart` are to each other."""

    REPORTER_PARTNER = "reporter/partner"
    INVESTOR_HOST = "investor/host"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    #: "the majority of it": the part is more than half of its total; no number is stated.
    MAJORITY = "majority"


class Scale(StrEnum):
    UNIT = "unit"
    THOUSAND = "thousand"
    MILLION = "million"
    BILLION = "billion"

    @property
    def multiplier(self) -> int:
        return _MULTIPLIERS[self]


_MULTIPLIERS = {Scale.UNIT: 1, Scale.THOUSAND: 10**3, Scale.MILLION: 10**6, Scale.BILLION: 10**9}

INDICATOR_MEASURE: dict[Indicator, Measure] = {
    Indicator.TRADE_TURNOVER: Measure.FLOW,
    Indicator.EXPORTS: Measure.FLOW,
    Indicator.IMPORTS: Measure.FLOW,
    Indicator.TRADE_BALANCE: Measure.FLOW,
    Indicator.TRADE_PARTNER_RANK: Measure.RANK,
    Indicator.TRADE_SHARE: Measure.SHARE,
    Indicator.TRADE_TURNOVER_GROWTH: Measure.GROWTH,
    Indicator.EXPORTS_GROWTH: Measure.GROWTH,
    Indicator.IMPORTS_GROWTH: Measure.GROWTH,
    Indicator.INVESTMENT_STOCK: Measure.STOCK,
    Indicator.FDI_FLOW: Measure.FLOW,
    Indicator.FDI_POSITION: Measure.STOCK,
}
INDICATOR_ROLES: dict[Indicator, Roles] = {
    i: (Roles.INVESTOR_HOST if i in {Indicator.INVESTMENT_STOCK, Indicator.FDI_FLOW, Indicator.FDI_POSITION} else Roles.REPORTER_PARTNER) for i in Indicator
}
INDICATOR_LABELS: dict[Indicator, str] = {
    Indicator.TRADE_TURNOVER: N_("Trade turnover"),
    Indicator.EXPORTS: N_("Exports"),
    Indicator.IMPORTS: N_("Imports"),
    Indicator.TRADE_BALANCE: N_("Trade balance"),
    Indicator.TRADE_PARTNER_RANK: N_("Rank among trade partners"),
    Indicator.TRADE_SHARE: N_("Share of trade"),
    Indicator.TRADE_TURNOVER_GROWTH: N_("Trade turnover growth"),
    Indicator.EXPORTS_GROWTH: N_("Exports growth"),
    Indicator.IMPORTS_GROWTH: N_("Imports growth"),
    Indicator.INVESTMENT_STOCK: N_("Cumulative investment (stock)"),
    Indicator.FDI_FLOW: N_("Direct investment flow"),
    Indicator.FDI_POSITION: N_("Direct investment position (stock)"),
}

#: Sectors every claim may use; product codes are written `<classification>:<code>`, e.g. `HS:2709`, `SITC:33`.
SECTOR_PATTERN = re.compile(r"^(total|oil|non_oil|(HS|H[0-6]|SITC|S[1-4]|BEC|EB10):[0-9A-Z.]{1,12})$")
SECTOR_LABELS = {"total": N_("Total"), "oil": N_("Oil"), "non_oil": N_("Non-oil")}


class Source(BaseModel):
    """One source document: an article, a statistical release or a data download."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_id: Identifier
    publisher: RequiredText
    title: RequiredText
    url: OptionalText = ""
    date_published: OptionalDate = None
    author: OptionalText = ""
    speaker: OptionalText = ""
    speaker_role: OptionalText = ""
    language: OptionalText = "en"
    notes: OptionalText = ""
    #: the title in Azerbaijani and in Russian ("" where there is no translation yet: English is shown, marked as such)
    title_az: OptionalText = ""
    title_ru: OptionalText = ""
    #: the speaker's role in Azerbaijani and in Russian, as the ministries and agencies write their titles ("" where not
    #: translated yet: English is shown).
    speaker_role_az: OptionalText = ""
    speaker_role_ru: OptionalText = ""
    #: the speaker as the language's press writes a person's name (Cyrillic in Russian, Azerbaijani Latin) or an
    #: institution's official name in that language ("" where not written yet: English is shown)
    speaker_az: OptionalText = ""
    speaker_ru: OptionalText = ""
    #: the publisher in Azerbaijani and in Russian: the outlet's name as the outlet writes it (a Latin name stays Latin
    #: unless the outlet uses a name of its own in that language, "ТАСС"), its annotation translated ("Trend (русская
    #: служба)"); "" where not written yet: English is shown
    publisher_az: OptionalText = ""
    publisher_ru: OptionalText = ""

    @field_validator("url")
    @classmethod
    def _url_is_web_address(cls, url: str) -> str:
        if url and not re.match(r"^https?://[^\s<>\"']+$", url):
            raise cell_error("constraint-error", N_("'{value}' is not a web address starting with http:// or https://"), value=url)
        return url

    @property
    def attribution(self) -> str:
        """ "Deputy Economy Minister Niyazi Safarov, via Azernews, 21 Feb 2022" — who said it, where, when, in the
        current language (the role and the speaker from `speaker_role_<lang>` and `speaker_<lang>`, English where they are
        not written in it)."""
        lang = current()
        who = speaker_with_role(text_in(self, "speaker", lang)[0], text_in(self, "speaker_role", lang)[0])
        publisher = text_in(self, "publisher", lang)[0]
        when = format_date(self.date_published) if self.date_published else _("date not stated")
        if who:
            return _("{who}, via {publisher}, {date}").format(who=who, publisher=publisher, date=when)
        return f"{publisher}, {when}"


def speaker_with_role(speaker: str, role: str) -> str:
    """The speaker with their role, as the current language joins them: "Deputy Economy Minister Niyazi Safarov" in
    English, "Ниязи Сафаров (заместитель министра экономики Азербайджана)" in Russian; either alone when the other is
    empty. The one place every view (attribution, hover box, table) joins a role and a speaker."""
    speaker, role = speaker.strip(), role.strip()
    if not (speaker and role):
        return speaker or role
    # Translators: a speaker's role (a title such as "Deputy Economy Minister", or "data" for a statistics agency)
    # joined with the speaker. English puts the title before the name; a long role in front of a name reads badly in
    # Azerbaijani and Russian, where the role follows in parentheses: "{speaker} ({role})".
    return _("{role} {speaker}").format(role=role, speaker=speaker)


class Claim(BaseModel):
    """One stated figure. Bounds stay bounds: an "over $1.2B" claim has no exact value (see `exact_amount`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    claim_id: Identifier
    indicator: Annotated[Indicator, enum_parser(Indicator)]
    country: CountryCode
    counterpart: CountryCode
    roles: Annotated[Roles, enum_parser(Roles)]
    sector: RequiredText
    period: Annotated[Period, BeforeValidator(period_cell)]
    measure: Annotated[Measure, enum_parser(Measure)]
    value: Annotated[Decimal | None, BeforeValidator(parse_decimal)] = None
    currency: OptionalText = ""
    scale: Annotated[Scale, enum_parser(Scale)]
    qualifier: Annotated[Qualifier, enum_parser(Qualifier)]
    reporting_side: CountryCode
    source_id: Identifier
    quote: RequiredText
    #: an English translation of a quote that is not in English (ours, marked as a translation wherever shown)
    quote_en: OptionalText = ""
    uncertain: Flag = False
    notes: OptionalText = ""

    @field_validator("sector")
    @classmethod
    def _sector_form(cls, sector: str) -> str:
        if not SECTOR_PATTERN.match(sector):
            raise cell_error("constraint-error", N_("'{value}' is not a sector; use total, oil, non_oil or a product code such as HS:2709"), value=sector)
        return sector

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, currency: str) -> str:
        currency = currency.upper()
        if currency and pycountry.currencies.get(alpha_3=currency) is None:
            raise cell_error("constraint-error", N_("'{value}' is not an ISO 4217 currency code such as USD"), value=currency)
        return currency

    @field_validator("reporting_side")
    @classmethod
    def _side_is_country(cls, side: str) -> str:
        if not is_country(side):
            raise cell_error("constraint-error", N_("the reporting side must be a country, not the aggregate '{value}'"), value=side)
        return side

    @model_validator(mode="after")
    def _row_rules(self) -> Claim:
        # Row-level errors name the column to blame through the "column" context key (see validation.problems_from).
        def fail(code: str, column: str, template: str, **values: str) -> PydanticCustomError:
            return cell_error(code, template, column=column, **values)

        if self.country == self.counterpart:
            raise fail("constraint-error", "counterpart", N_("country and counterpart are both {value}; a claim is between two parties"), value=self.country)
        expected_measure = INDICATOR_MEASURE[self.indicator]
        if self.measure is not expected_measure:
            raise fail(
                "constraint-error",
                "measure",
                N_("{indicator} is a {expected}, not a {value}"),
                indicator=self.indicator.value,
                expected=expected_measure.value,
                value=self.measure.value,
            )
        expected_roles = INDICATOR_ROLES[self.indicator]
        if self.roles is not expected_roles:
            raise fail(
                "constraint-error",
                "roles",
                N_("{indicator} is stated between {expected}, not {value}"),
                indicator=self.indicator.value,
                expected=expected_roles.value,
                value=self.roles.value,
            )
        if self.qualifier is Qualifier.MAJORITY:
            if self.value is not None:
                raise fail("constraint-error", "value", N_("a 'majority' claim states no number; leave value empty (found {value})"), value=str(self.value))
            if self.sector == "total":
                raise fail("constraint-error", "sector", N_("a 'majority' claim is about a part (oil or non_oil), not the total"))
        elif self.value is None:
            raise fail("missing-cell", "value", N_("value is empty; only a 'majority' claim may leave it empty"))
        elif self.value < 0 and self.indicator not in SIGNED_INDICATORS:
            raise fail("constraint-error", "value", N_("{value} is negative; only a trade balance or a growth rate can be below zero"), value=str(self.value))
        elif self.measure is Measure.SHARE and self.value > 100:
            raise fail("constraint-error", "value", N_("{value} is over 100; a share is a percentage of a whole"), value=str(self.value))
        if self.measure in UNITLESS_MEASURES:
            if self.currency:
                raise fail("constraint-error", "currency", N_("a {measure} has no currency (found {value})"), measure=self.measure.value, value=self.currency)
            if self.scale is not Scale.UNIT:
                raise fail("constraint-error", "scale", N_("a {measure} is stated in units, not {value}s"), measure=self.measure.value, value=self.scale.value)
        elif not self.currency:
            raise fail("missing-cell", "currency", N_("currency is empty; money figures need one, such as USD"))
        return self

    # -- what the number means ------------------------------------------------------------------------------------

    @property
    def is_bound(self) -> bool:
        return self.qualifier in (Qualifier.AT_LEAST, Qualifier.AT_MOST)

    @property
    def stated_decimals(self) -> int:
        """Digits after the decimal point as stated: 6.3 → 1, 5 → 0."""
        if self.value is None:
            return 0
        exponent = self.value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0

    @property
    def amount(self) -> float | None:
        """The stated number in currency units (6.3 billion → 6.3e9), whatever its qualifier."""
        return None if self.value is None else float(self.value * self.scale.multiplier)

    @property
    def exact_amount(self) -> float | None:
        """The amount only when it was stated as a value (exact or about); None for bounds and 'majority'."""
        return None if self.is_bound else self.amount

    @property
    def lower(self) -> float | None:
        return self.amount if self.qualifier is not Qualifier.AT_MOST else None

    @property
    def upper(self) -> float | None:
        return self.amount if self.qualifier is not Qualifier.AT_LEAST else None


class EventKind(StrEnum):
    """What kind of event it is, for the timeline's filter."""

    DIPLOMACY = "diplomacy"
    AGREEMENT = "agreement"
    ECONOMY = "economy"
    CONFLICT = "conflict"
    INCIDENT = "incident"


class Event(BaseModel):
    """A dated event, for the timeline. `kind` may be missing only in events stored before it existed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: Identifier
    date: Annotated[dt.date, BeforeValidator(date_cell)]
    title: RequiredText
    description: OptionalText = ""
    parties: Annotated[tuple[str, ...], Field(min_length=1)]
    kind: Annotated[EventKind | None, enum_parser(EventKind, required=False)] = None
    source_id: Identifier
    #: title and description in Azerbaijani and in Russian ("" where there is no translation yet)
    title_az: OptionalText = ""
    title_ru: OptionalText = ""
    description_az: OptionalText = ""
    description_ru: OptionalText = ""

    @field_validator("parties", mode="before")
    @classmethod
    def _split_parties(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [part for part in re.split(r"[;,]", value) if part.strip()]
        codes = []
        for part in value or ():
            text = str(part).strip().upper()
            if not (is_country(text) or text in {"EU"}):
                raise cell_error("unknown-country", N_("'{value}' is not an ISO3 country code (or EU)"), value=str(part).strip())
            codes.append(text)
        return tuple(codes)
