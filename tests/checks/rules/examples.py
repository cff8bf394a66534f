"""Claim rows for the cross-row rule tests, and the real loader they go through (files in a temporary folder)."""

from __future__ import annotations

from pathlib import Path

from econ_ties.checks.dataset import load_dataset
from tests.conftest import write_rows

CLAIM_HEADER = [
    "claim_id", "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "value", "currency",
    "scale", "qualifier", "reporting_side", "source_id", "quote", "uncertain", "notes",
]  # fmt: skip
SOURCE_HEADER = ["source_id", "publisher", "title", "url", "date_published", "author", "speaker", "speaker_role", "language", "notes"]
EVENT_HEADER = ["event_id", "date", "title", "description", "parties", "source_id"]


def investment(claim_id: str, sector: str, value: str, qualifier: str = "exact", **extra: str) -> dict[str, str]:
    row = {
        "claim_id": claim_id, "indicator": "investment_stock", "country": "RUS", "counterpart": "AZE", "roles": "investor/host",
        "sector": sector, "period": "as of 2022-02", "measure": "stock", "value": value, "currency": "USD", "scale": "billion",
        "qualifier": qualifier, "reporting_side": "AZE", "source_id": "src", "quote": "A sentence.", "uncertain": "false", "notes": "",
    }  # fmt: skip
    row.update(extra)
    return row


def trade(claim_id: str, indicator: str, value: str, scale: str = "billion", **extra: str) -> dict[str, str]:
    row = investment(
        claim_id, "total", value, indicator=indicator, country="AZE", counterpart="RUS", roles="reporter/partner",
        period="2021-01/2021-11", measure="flow", scale=scale,
    )  # fmt: skip
    row.update(extra)
    return row


def load(tmp_path: Path, claims: list[dict[str, str]]):
    write_rows(tmp_path / "figures.csv", CLAIM_HEADER, claims)
    source = {"source_id": "src", "publisher": "Azernews", "title": "T", "url": "https://example.org/a", "date_published": "2022-02-21"}
    write_rows(tmp_path / "sources.csv", SOURCE_HEADER, [source])
    event = {"event_id": "e", "date": "2022-02-22", "title": "Declaration", "description": "", "parties": "AZE;RUS", "source_id": "src"}
    write_rows(tmp_path / "events.csv", EVENT_HEADER, [event])
    return load_dataset(tmp_path)


def codes(report) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.row, p.column) for p in report.errors]
