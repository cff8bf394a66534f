"""The History page reads as a list of what each revision did (issue 17, items 4 and 6): a summary per revision with
its "view" link in the first columns, the ids of the claims it touched folded away, and the rows an upload's publish
left out downloadable as CSV with their line numbers and reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR

HEADER, *ROWS = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()


def _row(claim_id: str) -> str:
    return next(line for line in ROWS if line.startswith(f"{claim_id},"))


@pytest.fixture
def published_in_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A store of its own whose revision 2 published a file's valid rows and left one out; returns 2."""
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.checks.uploads import validate_upload_bytes
    from econ_ties.services.publishing import draft, publish
    from econ_ties.settings import sqlite_url

    monkeypatch.setenv("ECON_TIES_DATABASE_URL", sqlite_url(tmp_path / "store.sqlite"))
    lines = [HEADER, _row("S3").replace(",2.9,", ",3.0,"), _row("S1").replace(",1.2,", ",twelve,"), ""]
    result = validate_upload_bytes("\n".join(lines).encode(), "mixed.csv", load_dataset(DATA_DIR)[0].sources)
    return publish(draft(result), author="aysel", note="turnover now", file_name="mixed.csv", valid_rows_only=True).revision.number


def _history() -> None:
    from econ_ties.app.history import history_page

    history_page()


def test_history_lists_a_summary_per_revision_with_its_view_link_first_and_the_ids_folded(published_in_part: int) -> None:
    at = AppTest.from_function(_history, default_timeout=60).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["revision", "view", "what changed"]
    assert table["what changed"].iloc[0] == "1 claim changed"
    assert table["view"].iloc[0] == f"/?rev={published_in_part}"
    # The ids are inside an expander (the page's captions include those of its expanders), not printed on the page.
    folded = next(e for e in at.expander if "ids" in e.label)
    assert [c.value for c in folded.caption] == ["claims changed: S3"]
    assert [c.value for c in at.main.caption if "S3" in c.value] == ["claims changed: S3"]


def test_the_rows_a_publish_left_out_are_downloadable_with_their_lines_and_reasons(published_in_part: int) -> None:
    from econ_ties.app.history import left_out_csv
    from econ_ties.services.published import published_store

    at = AppTest.from_function(_history, default_timeout=60).run()
    assert not at.exception, at.exception
    assert any("1 row with errors left out" in c.value for c in at.caption), [c.value for c in at.caption]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the 1 row left out (CSV)" in labels, labels
    text = left_out_csv(published_store().left_out_rows(published_in_part))
    header, line = text.splitlines()
    assert header == "row,code,column,value,message"
    assert line.startswith("3,type-error,value,twelve,")
