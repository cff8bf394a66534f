"""Shares of trade and growth rates: claims stated in percent, with no currency, shown as stated."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.model.formatting import format_claim, format_label, format_percent
from econ_ties.model.schema import Claim, Event, EventKind
from tests.conftest import DATA_DIR

BASE: dict[str, Any] = {
    "claim_id": "g1",
    "indicator": "trade_turnover_growth",
    "country": "AZE",
    "counterpart": "RUS",
    "roles": "reporter/partner",
    "sector": "total",
    "period": "2024",
    "measure": "growth",
    "value": "10",
    "currency": "",
    "scale": "unit",
    "qualifier": "at_least",
    "reporting_side": "AZE",
    "source_id": "s",
    "quote": "в 2024 году товарооборот увеличился более чем на 10%",
    "quote_en": "in 2024 turnover grew by more than 10%",
}


def test_a_growth_rate_may_fall_and_a_share_is_a_percentage() -> None:
    assert Claim.model_validate({**BASE, "value": "-7.5", "qualifier": "exact"}).value is not None
    assert Claim.model_validate(BASE).quote_en == "in 2024 turnover grew by more than 10%"
    share = {**BASE, "indicator": "trade_share", "measure": "share", "value": "25.83", "qualifier": "exact"}
    assert Claim.model_validate(share).value is not None
    with pytest.raises(ValidationError, match="over 100"):
        Claim.model_validate({**share, "value": "125"})
    with pytest.raises(ValidationError, match="a share has no currency"):
        Claim.model_validate({**share, "currency": "USD"})
    with pytest.raises(ValidationError, match="stated in units"):
        Claim.model_validate({**share, "scale": "billion"})
    with pytest.raises(ValidationError, match="negative"):
        Claim.model_validate({**BASE, "indicator": "trade_turnover", "measure": "flow", "currency": "USD", "value": "-1"})


@pytest.mark.parametrize(
    ("value", "decimals", "qualifier", "signed", "shown"),
    [(10, 0, "at_least", True, "over +10%"), (-7.5, 1, "exact", True, "−7.5%"), (25.83, 2, "exact", False, "25.83%"), (10, 0, "about", False, "about 10%")],
)
def test_percentages_read_as_stated(value: float, decimals: int, qualifier: str, signed: bool, shown: str) -> None:
    assert format_percent(value, decimals, qualifier, signed=signed) == shown


def test_a_growth_claim_in_a_file_is_checked_and_shown_with_its_sign() -> None:
    curated, _ = load_dataset(DATA_DIR)
    header = ",".join(BASE)
    row = ",".join(f'"{v}"' for v in BASE.values()).replace('"s"', '"todayaz-225588"')
    result = validate_upload_bytes(f"{header}\n{row}\n".encode(), "growth.csv", curated.sources)
    assert result.report.ok, result.report.summary()
    [claim] = result.claims.to_dict("records")
    assert format_claim(claim) == format_label(claim) == "over +10%"
    assert claim["quote_en"] == "in 2024 turnover grew by more than 10%"


def test_an_event_kind_is_one_of_five_or_missing_in_an_old_store() -> None:
    event = {"event_id": "e", "date": "2025-08-08", "title": "t", "parties": "AZE;ARM", "source_id": "s"}
    assert Event.model_validate(event).kind is None
    assert Event.model_validate({**event, "kind": " agreement "}).kind is EventKind.AGREEMENT
    with pytest.raises(ValidationError, match="use one of: diplomacy, agreement, economy, conflict, incident"):
        Event.model_validate({**event, "kind": "war"})
