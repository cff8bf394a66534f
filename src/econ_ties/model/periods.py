"""Periods a claim can be about: a calendar year, a part of a year, or "as of" a date.

A period is written in one short text form in the CSVs (`2021`, `2021-01/2021-11`, `2021Q4`, `2021-06`,
`as of 2022-02`, `as of 2022-02-21`) and parsed here into a `Period` with a start, an end and a label for people
("Jan–Nov 2021", "as of Feb 2022"). Nothing else in the package parses period text.

The label is in the reader's language (`language.current()`): month names are CLDR's abbreviated ones from Babel (in
Russian the stand-alone form, "янв.–нояб. 2021", and the genitive after a day, "21 мая 2022"), and the patterns around
them ("as of …", a quarter) are catalog messages in the forms of Rosstat and the State Statistical Committee
(docs/glossary.md). A `Period` itself holds no words: one parsed period serves every language.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from babel.dates import get_month_names

from econ_ties.caches import named_cache
from econ_ties.language import N_, _, current
from econ_ties.model.problems import said


class PeriodKind(StrEnum):
    YEAR = "year"
    PART_YEAR = "part_year"
    AS_OF = "as_of"


#: A quarter as the statistical offices write it: "Q4" in English, "IV кв." (Rosstat), "IV rüb" (the SSC).
_QUARTERS = (N_("Q1"), N_("Q2"), N_("Q3"), N_("Q4"))


@cache
def month_names(lang: str, *, after_day: bool = False) -> tuple[str, ...]:
    """CLDR's abbreviated month names in `lang`, January first: the form that follows a day ("21 мая") with
    `after_day`, else the stand-alone form ("май 2022"). English and Azerbaijani have one form for both."""
    names = get_month_names("abbreviated", "format" if after_day else "stand-alone", locale=lang)
    return tuple(str(names[m]) for m in range(1, 13))


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_RANGE = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_AS_OF = re.compile(r"^as of (\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

PERIOD_FORMS = N_("2021, 2021-06, 2021-01/2021-11, 2021Q4, as of 2022, as of 2022-02 or as of 2022-02-21")


@dataclass(frozen=True, order=True)
class Period:
    """A span of time a claim is about. `start` is None for "as of" stocks (they accumulate up to `end`)."""

    end: date
    start: date | None
    kind: PeriodKind
    text: str

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        """How the period reads on screen, in the reader's language: "2021", "Jan–Nov 2021", "Q4 2021", "as of Feb
        2022", "as of 21 Feb 2022" (in Russian "янв.–нояб. 2021", "IV кв. 2021", "по состоянию на 21 февр. 2022")."""
        lang = current()
        if self.kind is PeriodKind.YEAR:
            return str(self.end.year)
        if self.kind is PeriodKind.AS_OF:
            m = _AS_OF.match(self.text)
            assert m is not None
            if m.group(3):
                day = _("{day} {month} {year}").format(day=self.end.day, month=month_names(lang, after_day=True)[self.end.month - 1], year=self.end.year)
            elif m.group(2):
                day = _("{month} {year}").format(month=month_names(lang)[self.end.month - 1], year=self.end.year)
            else:
                day = str(self.end.year)
            return _("as of {date}").format(date=day)
        assert self.start is not None
        q = _QUARTER.match(self.text)
        if q:
            return _("{quarter} {year}").format(quarter=_(_QUARTERS[int(q.group(2)) - 1]), year=q.group(1))
        months = month_names(lang)
        first, last = months[self.start.month - 1], months[self.end.month - 1]
        if self.start.month == self.end.month and self.start.year == self.end.year:
            return _("{month} {year}").format(month=first, year=self.end.year)
        if self.start.year == self.end.year:
            return _("{first}–{last} {year}").format(first=first, last=last, year=self.end.year)
        return _("{first} {first_year}–{last} {last_year}").format(first=first, first_year=self.start.year, last=last, last_year=self.end.year)

    def __str__(self) -> str:
        return self.text


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(year: str, month: str) -> int:
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(said(N_("month {month} is not between 01 and 12"), month=month))
    _check_year(int(year))
    return m


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2100:
        raise ValueError(said(N_("year {year} is outside 1900–2100"), year=year))


# Large enough for every distinct period of a big upload (checked once in the pre-filter, parsed again for the frame):
# a cache smaller than the distinct texts, scanned in the same order twice, would never hit.
_PARSED = named_cache("periods.parsed", key="a period's text as written", max_entries=1 << 16)


def parse_period(text: str) -> Period:
    """Parse the CSV form of a period. Raises ValueError with a sentence for people when it is not one: `exc.args[0]`
    is a `Said`, so the reason can be shown in the reader's language (`str(exc)` is the English)."""
    found = _PARSED.get(text)
    if found is None:
        found = _parse_period(text)  # a ValueError is not cached: the next call says the same again
        _PARSED.put(text, found)
    return found


def _parse_period(text: str) -> Period:
    """`parse_period` without the cache."""
    raw = " ".join(text.strip().split())
    if m := _YEAR.match(raw):
        year = int(m.group(1))
        _check_year(year)
        return Period(end=date(year, 12, 31), start=date(year, 1, 1), kind=PeriodKind.YEAR, text=raw)
    if m := _MONTH.match(raw):
        year, month = int(m.group(1)), _month(m.group(1), m.group(2))
        return Period(_month_end(year, month), date(year, month, 1), PeriodKind.PART_YEAR, raw)
    if m := _MONTH_RANGE.match(raw):
        y1, m1 = int(m.group(1)), _month(m.group(1), m.group(2))
        y2, m2 = int(m.group(3)), _month(m.group(3), m.group(4))
        start, end = date(y1, m1, 1), _month_end(y2, m2)
        if start > end:
            raise ValueError(said(N_("the range {period} ends before it starts"), period=raw))
        return Period(end, start, PeriodKind.PART_YEAR, raw)
    if m := _QUARTER.match(raw):
        year, quarter = int(m.group(1)), int(m.group(2))
        _check_year(year)
        return Period(_month_end(year, quarter * 3), date(year, quarter * 3 - 2, 1), PeriodKind.PART_YEAR, raw)
    if m := _AS_OF.match(raw.casefold()):
        year = int(m.group(1))
        _check_year(year)
        if m.group(3):
            month = _month(m.group(1), m.group(2))
            try:
                end = date(year, month, int(m.group(3)))
            except ValueError:
                raise ValueError(said(N_("{period} is not a real date"), period=raw)) from None
        elif m.group(2):
            end = _month_end(year, _month(m.group(1), m.group(2)))
        else:
            end = date(year, 12, 31)
        return Period(end, None, PeriodKind.AS_OF, raw.casefold())
    raise ValueError(said(N_("'{value}' is not a period; write it as {forms}"), value=text, forms=said(PERIOD_FORMS)))
