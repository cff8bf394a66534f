"""The preview of an upload against the published claims: added, changed (old → new) and removed claims, and the
warning for a figure more than 10% away from a published one about the same thing."""

from __future__ import annotations

import pytest

from econ_ties.checks.dataset import load_dataset
from econ_ties.checks.preview import preview_diff
from econ_ties.checks.uploads import validate_upload_bytes
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def published():
    dataset, _ = load_dataset(DATA_DIR)
    return dataset


def _upload(published, lines: list[str]):
    result = validate_upload_bytes("\n".join(lines).encode(), "upload.csv", published.sources)
    return result.claims


def _figures() -> list[str]:
    return (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()


NEW_ROW = 'new-1,trade_turnover,AZE,RUS,reporter/partner,total,2021,flow,3.9,USD,billion,exact,AZE,todayaz-225588,"Turnover was $3.9 billion.",,false,'


def test_the_published_data_uploaded_again_changes_nothing(published):
    diff = preview_diff(_upload(published, _figures()), published.claims, replace_all=True)
    assert (len(diff.added), len(diff.changed), len(diff.removed)) == (0, 0, 0)
    assert diff.unchanged == len(published.claims)
    assert diff.warnings == []  # published conflicts (R5 vs R5c) are not the upload's doing


def test_added_changed_removed(published):
    lines = _figures()
    edited = [lines[0]] + [
        line.replace(",6.3,USD,billion,exact,", ",7.3,USD,billion,about,", 1) if line.startswith("S2,") else line
        for line in lines[1:]
        if not line.startswith("S1-nonoil,")
    ]
    claims = _upload(published, [*edited, NEW_ROW])
    diff = preview_diff(claims, published.claims, replace_all=True, file="upload.csv")
    assert diff.added["claim_id"].tolist() == ["new-1"]
    assert diff.removed["claim_id"].tolist() == ["S1-nonoil"]
    changes = {(r["claim_id"], r["column"]): (r["old"], r["new"]) for r in diff.changed.to_dict("records")}
    assert changes == {("S2", "value"): ("6.3", "7.3"), ("S2", "qualifier"): ("exact", "about")}
    assert diff.summary() == f"1 added, 1 changed, 1 removed, {len(published.claims) - 2} unchanged"
    # Without replace_all nothing is removed: the upload only adds and replaces.
    assert preview_diff(claims, published.claims).removed.empty


def test_differs_from_published_is_a_warning_with_the_row(published):
    lines = _figures()
    claims = _upload(published, [lines[0], NEW_ROW, NEW_ROW.replace("new-1", "new-2").replace(",3.9,", ",3.0,")])
    diff = preview_diff(claims, published.claims, file="upload.csv")
    assert [(w.code, w.row, w.severity.value) for w in diff.warnings] == [("differs-from-published", 2, "warning")]
    assert "$3.9B differs by 34% from the published $2.9B" in diff.warnings[0].message  # 2.9B stated for 2021; 3.0B is within 10%
