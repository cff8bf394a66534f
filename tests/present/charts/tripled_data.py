"""A data folder with about three times the curated claims, as the data issue will bring: trade between Azerbaijan
and Russia for every year 2013–2026 from both sides, 26 partners of Azerbaijan for each year 2013–2025 with their
ranks, and investment statements in both directions every half year 2022–2026. Values and qualifiers vary so labels
differ in length; the claims are made up for drawing, never for reading."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tests.conftest import DATA_DIR

#: More than the 15 a partners chart draws one by one, so its "all others" bar is drawn too.
PARTNERS = [
    "ITA",
    "TUR",
    "RUS",
    "CHN",
    "ISR",
    "DEU",
    "GRC",
    "ESP",
    "UKR",
    "FRA",
    "GEO",
    "KAZ",
    "IRN",
    "USA",
    "IND",
    "JPN",
    "KOR",
    "NLD",
    "POL",
    "CZE",
    "BLR",
    "UZB",
    "TKM",
    "ARE",
    "SAU",
    "AUT",
]
QUALIFIERS = ["exact", "about", "at_least", "exact", "at_most"]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "at_least": "over ", "at_most": "under "}
SOURCE = "trend-2921030"


def _claim(claim_id: str, indicator: str, country: str, counterpart: str, period: str, value: float, qualifier: str, side: str, scale: str) -> dict[str, str]:
    roles = "investor/host" if indicator.startswith("investment") else "reporter/partner"
    measure = "stock" if indicator == "investment_stock" else ("rank" if indicator.endswith("rank") else "flow")
    shown = f"{value:g}"
    words = f"The figure stated for {period} is {QUALIFIER_WORDS.get(qualifier, '')}{shown} {scale if measure != 'rank' else ''}".strip() + "."
    return {
        "claim_id": claim_id, "indicator": indicator, "country": country, "counterpart": counterpart, "roles": roles, "sector": "total",
        "period": period, "measure": measure, "value": shown, "currency": "" if measure == "rank" else "USD", "scale": "unit" if measure == "rank" else scale,
        "qualifier": qualifier, "reporting_side": side, "source_id": SOURCE, "quote": words, "uncertain": "false", "notes": "made up for a legibility test",
    }  # fmt: skip


def tripled_claims() -> list[dict[str, str]]:
    rows = []
    for year in range(2013, 2027):
        for side_index, side in enumerate(("AZE", "RUS")):
            exports = round(0.6 + 0.11 * (year - 2013) + 0.07 * side_index, 2)
            imports = round(1.4 + 0.17 * (year - 2013) + 0.05 * side_index, 2)
            qualifier = QUALIFIERS[(year + side_index) % len(QUALIFIERS)] if year < 2026 else "exact"
            period = str(year) if year < 2026 else "2026-01/2026-06"
            rows.append(_claim(f"X-{side}-{year}-turnover", "trade_turnover", "AZE", "RUS", period, round(exports + imports, 2), qualifier, side, "billion"))
            if side == "AZE" or year == 2022:
                continue  # the curated turnover of these years would not equal these parts (a cross-row error)
            rows.append(_claim(f"X-{side}-{year}-exports", "exports", "AZE", "RUS", period, round(exports * 1000, 1), "exact", side, "million"))
            rows.append(_claim(f"X-{side}-{year}-imports", "imports", "AZE", "RUS", period, imports, "exact", side, "billion"))
    for year in range(2013, 2026):
        for rank, partner in enumerate(PARTNERS, start=1):
            value = round(11.5 / rank + 0.3 * (year - 2013), 2)
            qualifier = QUALIFIERS[(rank + year) % len(QUALIFIERS)]
            rows.append(_claim(f"X-P-{year}-{partner}", "trade_turnover", "AZE", partner, str(year), value, qualifier, "AZE", "billion"))
            rows.append(_claim(f"X-P-{year}-{partner}-rank", "trade_partner_rank", "AZE", partner, str(year), rank, "exact", "AZE", "unit"))
    for year in range(2022, 2027):
        for month in ("03", "09"):
            step = (year - 2022) * 2 + (month == "09")
            rows.append(
                _claim(
                    f"X-I-{year}-{month}-ru",
                    "investment_stock",
                    "RUS",
                    "AZE",
                    f"as of {year}-{month}",
                    round(6.0 + 0.45 * step, 2),
                    QUALIFIERS[step % 5],
                    "AZE",
                    "billion",
                )
            )
            rows.append(
                _claim(
                    f"X-I-{year}-{month}-az",
                    "investment_stock",
                    "AZE",
                    "RUS",
                    f"as of {year}-{month}",
                    round(1.2 + 0.05 * step, 2),
                    QUALIFIERS[(step + 2) % 5],
                    "RUS",
                    "billion",
                )
            )
    return rows


def tripled_data(target: Path) -> Path:
    """The curated data folder copied to `target`, with `tripled_claims()` added to its figures.csv."""
    shutil.copytree(DATA_DIR, target)
    path = target / "figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows([*rows, *tripled_claims()])
    return target
