"""Country codes come from the maintained ISO list; publisher spellings resolve to ISO3."""

from __future__ import annotations

import pytest

from econ_ties.model.countries import country_name, is_country, is_known_code, to_iso3


@pytest.mark.parametrize(
    ("text", "code"),
    [("AZE", "AZE"), ("az", "AZE"), ("Russian Federation", "RUS"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("World", "WLD"),
     ("Azerbaijan, Republic of", "AZE"), ("Iran, Islamic Rep.", "IRN"), ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_to_iso3(text, code):
    assert to_iso3(text) == code


def test_aggregates_are_known_but_not_countries():
    assert is_known_code("WLD") and not is_country("WLD")
    assert is_country("AZE") and not is_known_code("XXX")


def test_display_names():
    assert country_name("RUS") == "Russia"
    assert country_name("AZE") == "Azerbaijan"
    assert country_name("WLD") == "World"
