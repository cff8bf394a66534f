"""Period text forms parse into spans with labels people read."""

from __future__ import annotations

from datetime import date

import pytest

from econ_ties.model.periods import PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2021", PeriodKind.YEAR, date(2021, 1, 1), date(2021, 12, 31), "2021"),
        ("2021-01/2021-11", PeriodKind.PART_YEAR, date(2021, 1, 1), date(2021, 11, 30), "Jan–Nov 2021"),
        ("2024-06", PeriodKind.PART_YEAR, date(2024, 6, 1), date(2024, 6, 30), "Jun 2024"),
        ("2021Q4", PeriodKind.PART_YEAR, date(2021, 10, 1), date(2021, 12, 31), "Q4 2021"),
        ("as of 2022-02", PeriodKind.AS_OF, None, date(2022, 2, 28), "as of Feb 2022"),
        ("As of 2022-02-21", PeriodKind.AS_OF, None, date(2022, 2, 21), "as of 21 Feb 2022"),
        ("as of 2019", PeriodKind.AS_OF, None, date(2019, 12, 31), "as of 2019"),
    ],
)
def test_period_forms(text, kind, start, end, label):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-13", "month 13"),
        ("as of 2022-02-30", "not a real date"),
        ("2021-11/2021-01", "ends before it starts"),
        ("1850", "outside 1900–2100"),
        ("Jan-Nov 2021", "is not a period"),
    ],
)
def test_bad_periods_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_period(text)


#: Every form of period in English, Azerbaijani and Russian: CLDR's abbreviated months (in Russian stand-alone, and the
#: genitive after a day), the quarters and "as of" as the statistical offices write them (docs/glossary.md).
LABELS = {
    "2021": ("2021", "2021", "2021"),
    "2021-05": ("May 2021", "may 2021", "май 2021"),
    "2021-01/2021-11": ("Jan–Nov 2021", "yan–noy 2021", "янв.–нояб. 2021"),
    "2021-11/2022-03": ("Nov 2021–Mar 2022", "noy 2021–mar 2022", "нояб. 2021–март 2022"),
    "2021Q4": ("Q4 2021", "IV rüb 2021", "IV кв. 2021"),
    "2021Q1": ("Q1 2021", "I rüb 2021", "I кв. 2021"),
    "as of 2019": ("as of 2019", "2019 tarixinə", "по состоянию на 2019"),
    "as of 2022-05": ("as of May 2022", "may 2022 tarixinə", "по состоянию на май 2022"),
    "as of 2022-05-21": ("as of 21 May 2022", "21 may 2022 tarixinə", "по состоянию на 21 мая 2022"),
    "as of 2022-02-21": ("as of 21 Feb 2022", "21 fev 2022 tarixinə", "по состоянию на 21 февр. 2022"),
}


@pytest.mark.parametrize("text", list(LABELS))
@pytest.mark.parametrize(("lang", "index"), [("en", 0), ("az", 1), ("ru", 2)])
def test_a_period_label_follows_the_language(text: str, lang: str, index: int) -> None:
    from econ_ties.language import using

    period = parse_period(text)
    with using(lang):
        assert period.label == LABELS[text][index]
    assert period.label == LABELS[text][0]  # the same parsed period reads in English again outside
