"""The bundled events: each has a kind and a source listed in sources.csv, and together they run from the
establishment of diplomatic relations (1992) to 2026, including the crisis of 2024–2025 and what followed."""

from __future__ import annotations

import csv

from econ_ties import bundled
from econ_ties.checks.dataset import load_dataset
from econ_ties.model.schema import EventKind


def _rows(name: str) -> list[dict[str, str]]:
    with (bundled.curated_data_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_bundled_event_has_a_kind_and_a_listed_source():
    events, sources = _rows("events.csv"), {row["source_id"] for row in _rows("sources.csv")}
    assert len(events) >= 25
    assert [row["event_id"] for row in events if row.get("kind") not in {kind.value for kind in EventKind}] == []
    assert [row["event_id"] for row in events if row["source_id"] not in sources] == []


def test_bundled_events_run_from_1992_to_2026_with_full_dates():
    dataset = load_dataset(bundled.curated_data_dir())[0]
    years = sorted(e.date.year for e in dataset.events)
    assert years[0] == 1992 and years[-1] == 2026
    assert all(e.event_id.startswith(f"ev-{e.date.isoformat()}-") for e in dataset.events)


def test_the_crisis_and_the_regional_milestones_are_there():
    ids = {row["event_id"] for row in _rows("events.csv")}
    for wanted in (
        "ev-1992-04-04-diplomatic-relations",
        "ev-1997-07-03-friendship-treaty",
        "ev-2022-02-22-allied-declaration",
        "ev-2024-12-25-azal-8243",
        "ev-2025-06-27-yekaterinburg-raids",
        "ev-2025-06-30-sputnik-raid",
        "ev-2025-08-08-washington-peace",
        "ev-2025-10-09-dushanbe",
    ):
        assert wanted in ids, wanted
