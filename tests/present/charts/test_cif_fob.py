"""IMF DOTS states a country's imports twice, valued CIF (at the importer's border, with freight and insurance) and
FOB (at the exporter's): the preview of a DOTS download draws the two as separate bars, each labelled with its
valuation, never two bars on one row with their labels on top of each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from econ_ties.checks.dataset import Dataset, load_dataset
from econ_ties.checks.uploads import validate_upload_bytes
from econ_ties.io.publishers.format import valuation_of
from econ_ties.present.views import VIEWS
from econ_ties.services.publishing import upload_applied

ROOT = Path(__file__).resolve().parents[3]
#: A genuine DOTS download (tests/fixtures/publishers/genuine/PROVENANCE.md): Canada states its imports from each G7
#: partner in February 2024 both CIF (TMG_CIF_USD) and FOB (TMG_FOB_USD).
DOTS = ROOT / "tests" / "fixtures" / "publishers" / "genuine" / "imf_dots_DOTS.csv"
PARAMS = {"reporter": "CAN", "indicator": "imports", "period": "2024-02", "show": "value"}


@pytest.fixture(scope="module")
def preview() -> Dataset:
    """The dataset the Upload page previews for the DOTS download: the curated data with the file's claims added."""
    published, _ = load_dataset(ROOT / "data")
    result = validate_upload_bytes(DOTS.read_bytes(), DOTS.name, published.sources)
    assert not result.report.errors
    dataset = upload_applied(published, result.claims)
    dataset.sources.update(result.sources)
    return dataset


def test_the_valuation_is_read_back_from_what_the_publisher_adapter_wrote() -> None:
    assert valuation_of("valuation CIF; reported by the reporter; IMF TMG_CIF_USD") == "CIF"
    assert valuation_of("valuation FOB; reported by the reporter") == "FOB"
    assert valuation_of("reported by the reporter; IMF TBG_USD") == ""
    assert valuation_of("") == ""


def test_cif_and_fob_imports_are_separate_bars_labelled_with_their_valuation(preview: Dataset) -> None:
    (fig,) = VIEWS["partners"].build(preview, PARAMS)
    (bars,) = [t for t in fig.data if t.type == "bar"]
    rows = list(bars.y)
    # Six partners, each stated CIF and FOB: twelve bars on twelve rows of the axis, none sharing a row.
    assert len(rows) == 12
    assert len(set(rows)) == 12, f"bars share a row (their labels overlap): {rows}"
    assert "United States · imports (CIF)" in rows
    assert "United States · imports (FOB)" in rows
    # Each row's label says the valuation of the very claim drawn there (its hover and click name that claim).
    for label, claim in zip(rows, bars.customdata, strict=True):
        assert label.endswith(f"({'CIF' if '-CIF-' in claim else 'FOB'})"), (label, claim)
    assert "CIF" in fig.layout.meta["alt_text"] and "FOB" in fig.layout.meta["alt_text"]


def test_two_statements_of_one_valuation_by_one_publisher_still_get_rows_of_their_own(preview: Dataset) -> None:
    """Whatever tells two claims about one partner apart, each bar has a row of its own."""
    (fig,) = VIEWS["partners"].build(preview, {**PARAMS, "indicator": "exports"})
    (bars,) = [t for t in fig.data if t.type == "bar"]
    assert len(set(bars.y)) == len(bars.y)


def test_the_two_valuations_are_explained_not_reported_as_sources_disagreeing(preview: Dataset) -> None:
    (fig,) = VIEWS["partners"].build(preview, PARAMS)
    notes = fig.layout.meta["notes"]
    assert any("CIF values imports at the importer's border" in note for note in notes)
    assert not any("sources differ" in note for note in notes), notes
