"""Choices several views share: the reporters of trade figures, a reporter's trade partners, a fixed list, and the
reporter parameter built on them. Choices one view alone offers live in that view's module.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_
from econ_ties.model.countries import country_name
from econ_ties.present.views.base import Choices, ParamSpec
from econ_ties.present.views.frames import claims_with_sources, codes_sorted, trade_claims


def reporters(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    trade = trade_claims(dataset)
    return codes_sorted(trade.loc[trade["counterpart"] != "WLD", "country"])


def trade_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    claims = claims_with_sources(dataset)
    reporter = (chosen or {}).get("reporter")
    if reporter is None:
        return codes_sorted(claims.loc[claims["counterpart"] != "WLD", "counterpart"])
    return codes_sorted(
        pd.concat([claims.loc[claims["country"] == reporter, "counterpart"], claims.loc[claims["counterpart"] == reporter, "country"]]).loc[
            lambda s: s != "WLD"
        ]
    )


def fixed(*values: str) -> Choices:
    def choices(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
        return list(values)

    return choices


def no_choices(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    return []


def reporter_param(default: str = "AZE", choices: Choices = reporters, label: str = N_("reporter")) -> ParamSpec:
    return ParamSpec(default, choices, N_("The country whose figures are shown"), label=label, display=country_name)
