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
