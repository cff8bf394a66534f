"""The views registry and what every view shares: parameters resolve from raw (URL) values, hostile values fall back
with a notice, valid ones are kept."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import Dataset
from econ_ties.present.views import VIEWS, base

HOSTILE = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "x" * 10_000,
    "\x00\x1b[31m",
    "%00",
    "AZE\nRUS",
    '=HYPERLINK("http://evil")',
    "😀",
]


def test_registry_has_every_view() -> None:
    assert list(VIEWS) == ["overview", "partners", "investment", "over-time", "timeline", "data"]
    for name, spec in VIEWS.items():
        assert spec.name == name and spec.title


def test_defaults_are_valid_choices(dataset: Dataset) -> None:
    for spec in VIEWS.values():
        params, notices = spec.resolve(dataset, {})
        assert notices == []
        for name, value in params.items():
            param = spec.params[name]
            if param.widget == "multiselect":
                assert value == base.ALL or set(value.split(",")) <= set(param.choices(dataset, params)), (spec.name, name)
            elif not param.free_text:
                assert value in param.choices(dataset, params), (spec.name, name)


def test_valid_values_round_trip(dataset: Dataset) -> None:
    for spec in VIEWS.values():
        params, _ = spec.resolve(dataset, {})
        again, notices = spec.resolve(dataset, params)
        assert again == params and notices == []


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_fall_back_with_a_notice(dataset: Dataset, value: str) -> None:
    for spec in VIEWS.values():
        raw = dict.fromkeys(spec.params, value)
        params, notices = spec.resolve(dataset, raw)
        defaults, _ = spec.resolve(dataset, {})
        for name, param in spec.params.items():
            if param.free_text:
                assert len(params[name]) <= base.MAX_TEXT_PARAM
            else:
                assert params[name] == defaults[name]
        assert len(notices) == sum(1 for p in spec.params.values() if not p.free_text) + (
            1 if any(p.free_text for p in spec.params.values()) and not base.clean_text(value)[1] else 0
        )
        for notice in notices:
            assert "<script>" not in notice and "\n" not in notice and len(notice) < 200
    VIEWS["partners"].figures(dataset, dict.fromkeys(VIEWS["partners"].params, value))  # never raises


def test_list_values_take_the_last(dataset: Dataset) -> None:
    params, notices = VIEWS["partners"].resolve(dataset, {"period": ["2020", "2021"]})
    assert params["period"] == "2021" and notices == []
