"""The Upload page under anonymous load: what it keeps of uploads is bounded, and a visitor who is not signed in may
check files only up to ECON_TIES_VIEWER_MAX_UPLOAD_MB."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from econ_ties.caches import CACHES, size_of
from econ_ties.checks.dataset import Dataset
from econ_ties.io.memory import release_freed_memory
from econ_ties.present.views.memo import MEMO, dataset_token, memoised

MB = 1024 * 1024
CLAIMS_HEADER = (
    "claim_id,indicator,country,counterpart,roles,sector,period,measure,value,currency,scale,qualifier,reporting_side,source_id,quote,uncertain,notes\n"
)


def claims_file(number: int, rows: int) -> bytes:
    """A file in our claims format, different from every other `number`'s: turnover claims citing a curated source."""
    lines = [CLAIMS_HEADER]
    for i in range(rows):
        lines.append(
            f"U{number}-{i},trade_turnover,AZE,RUS,reporter/partner,total,{1990 + i % 30},flow,{(i * 7 + number) % 1000}.5,USD,million,exact,AZE,"
            f'todayaz-225588,"Upload {number}, line {i}: the turnover was what it was, in words long enough to weigh",false,note {number}-{i}\n'
        )
    return "".join(lines).encode()


def upload_page(data: bytes, file_name: str) -> None:
    from econ_ties.app.upload import show_upload

    show_upload(data, file_name)


def resident_bytes() -> int:
    """This process's resident memory now (VmRSS), after handing freed memory back (`econ_ties.io.memory`)."""
    gc.collect()
    release_freed_memory()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def run_upload(data: bytes, file_name: str, session: object | None = None) -> AppTest:
    app = AppTest.from_function(upload_page, default_timeout=300, args=(data, file_name))
    if session is not None:
        from econ_ties.app.signin import SESSION_KEY

        app.session_state[SESSION_KEY] = session
    app.run()
    assert not app.exception
    return app


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="resident memory is read from Linux's /proc")
def test_ten_distinct_uploads_hold_memory_growth_to_what_the_caches_keep() -> None:
    """Ten different files of 3.6 MB each (15,000 claims), each checked, previewed and charted through the page, as a
    stream of anonymous uploads would be. The caches keep at most four checked uploads and four drafts, and the views'
    memo drops what it derived from a dropped preview: the process may grow by what that holds (about 190 MB for these
    files, measured), never by an amount that keeps rising with each upload. Before the bounds it grew by 375 MB and
    about 35 MB more with each upload."""
    run_upload(claims_file(999, 200), "warm-up.csv")  # imports, the published dataset, its memo: not the uploads' cost
    start = resident_bytes()
    growth = []
    for number in range(10):
        app = run_upload(claims_file(number, 15_000), f"upload-{number}.csv")
        assert [s.value for s in app.header][:2] == ["Report", "What would change"]
        del app
        growth.append(resident_bytes() - start)
    # The stated bound: four checked uploads (about 14 MB each here) and four drafts (about 28 MB each) with the memo of
    # their preview datasets, and allocator slack: 250 MB in all for ten files of 36 MB together.
    assert growth[-1] < 250 * MB, [round(g / MB) for g in growth]
    # Once the caches are full, another upload replaces one: the last five uploads add (almost) nothing.
    assert growth[-1] - growth[4] < 40 * MB, [round(g / MB) for g in growth]
    checked, drafts = CACHES["upload.checked"].info(), CACHES["upload.drafts"].info()
    assert checked.max_bytes is not None and 0 < checked.bytes <= checked.max_bytes
    assert drafts.max_bytes is not None and 0 < drafts.bytes <= drafts.max_bytes


def test_the_upload_caches_are_bounded_in_bytes_and_measure_what_they_hold() -> None:
    from econ_ties.app import upload

    run_upload(claims_file(77, 2_000), "measured.csv")
    checked = CACHES["upload.checked"]
    assert checked.max_bytes == upload.UPLOAD_CHECKED_MAX_BYTES
    assert CACHES["upload.drafts"].max_bytes == upload.UPLOAD_DRAFTS_MAX_BYTES
    result = next(value for key, (value, _) in checked._entries.items() if "measured.csv" in key)
    # At least its claims frame's buffers, and the report's problems, not a shallow object header.
    assert size_of(result) > result.claims.memory_usage(deep=True).sum() > 100_000


def test_the_views_memo_drops_what_it_derived_from_a_freed_dataset() -> None:
    import pandas as pd

    from tests.conftest import DATA_DIR

    frame = pd.read_csv(DATA_DIR / "figures.csv")
    dataset = Dataset(frame, {})
    token = dataset_token(dataset)
    memoised(dataset, "a frame derived from an upload", lambda: pd.DataFrame({"x": range(100_000)}))
    assert any(key[0] == token for key in MEMO._entries)
    alive = weakref.ref(dataset)
    del dataset
    gc.collect()
    assert alive() is None, "no memo entry may keep its dataset alive"
    memoised(Dataset(frame, {}), "anything", lambda: 1)  # the next use of the memo drops the freed dataset's entries
    assert not any(key[0] == token for key in MEMO._entries)


def test_a_viewer_is_refused_a_file_over_the_viewer_limit_and_an_analyst_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from econ_ties.services.auth import hash_password, sign_in
    from econ_ties.services.published import published_store

    monkeypatch.setenv("ECON_TIES_VIEWER_MAX_UPLOAD_MB", "1")
    data = claims_file(55, 6_000)  # about 1.2 MB
    assert 1 * MB < len(data) < 2 * MB

    viewer = run_upload(data, "big.csv")
    [refusal] = [e.value for e in viewer.error]
    assert refusal.startswith("This file is 1.2 MB; without signing in, files up to 1 MB are checked.")
    assert "[Sign in as an analyst](sign-in) to check files up to 200 MB." in refusal
    assert not viewer.header, "nothing of the file is checked or shown"

    hashed = hash_password("correct horse")
    monkeypatch.setenv("ECON_TIES_ANALYSTS", f"alice:{hashed}")
    session = sign_in("alice", "correct horse", credentials={"alice": hashed}, store=published_store())
    analyst = run_upload(data, "big.csv", session)
    assert not analyst.error or all("without signing in" not in e.value for e in analyst.error)
    assert [s.value for s in analyst.header][:2] == ["Report", "What would change"]


def test_the_viewer_limit_is_a_positive_number_and_never_above_the_analysts(monkeypatch: pytest.MonkeyPatch) -> None:
    from econ_ties.settings import SettingError, viewer_max_upload_bytes

    assert viewer_max_upload_bytes() == 20 * MB
    monkeypatch.setenv("ECON_TIES_VIEWER_MAX_UPLOAD_MB", "0.5")
    assert viewer_max_upload_bytes() == MB // 2
    monkeypatch.setenv("ECON_TIES_MAX_UPLOAD_MB", "0.25")
    assert viewer_max_upload_bytes() == MB // 4
    monkeypatch.setenv("ECON_TIES_VIEWER_MAX_UPLOAD_MB", "lots")
    with pytest.raises(SettingError, match="ECON_TIES_VIEWER_MAX_UPLOAD_MB='lots'"):
        viewer_max_upload_bytes()
