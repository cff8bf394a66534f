"""The views' memo: keyed by a token no other dataset gets (never by `id()`), bounded, least recently used out first."""

from __future__ import annotations

import weakref

from econ_ties.caches import CACHES
from econ_ties.checks.dataset import Dataset
from econ_ties.present.views.frames import claims_with_sources
from econ_ties.present.views.memo import MEMO, dataset_token, size_of


def _copy(dataset: Dataset, rows: int | None = None) -> Dataset:
    claims = dataset.claims if rows is None else dataset.claims.head(rows)
    return Dataset(claims.copy(), dict(dataset.sources), list(dataset.events))


def test_a_reused_id_never_serves_another_dataset_s_memo(dataset: Dataset) -> None:
    sources, events = dict(dataset.sources), list(dataset.events)
    full, three = dataset.claims.copy(), dataset.claims.head(3).copy()  # kept alive: only the Dataset object is freed
    first = Dataset(full, sources, events)
    assert len(claims_with_sources(first)) == len(dataset.claims)
    address, token, alive = id(first), dataset_token(first), weakref.ref(first)
    del first
    assert alive() is None
    # The freed address goes to a later object of its size: make datasets (kept, so each takes a new free slot) until
    # one lands on it.
    made = [Dataset(three, sources, events)]
    while id(made[-1]) != address and len(made) < 10_000:
        made.append(Dataset(three, sources, events))
    other = made[-1]
    assert id(other) == address  # the case this test is about did happen
    assert dataset_token(other) != token
    assert len(claims_with_sources(other)) == 3  # its own claims, not the freed dataset's memoised frame


def test_a_dataset_keeps_its_token_and_its_memo(dataset: Dataset) -> None:
    copy = _copy(dataset)
    assert dataset_token(copy) == dataset_token(copy) != dataset_token(dataset)
    assert claims_with_sources(copy) is claims_with_sources(copy)  # the second call is served from the memo


def test_the_memo_evicts_the_least_recently_used_entry_alone(dataset: Dataset, monkeypatch) -> None:
    monkeypatch.setattr(MEMO, "max_entries", 3)
    MEMO.clear()
    datasets = [_copy(dataset) for _ in range(4)]
    for each in datasets[:3]:
        claims_with_sources(each)
    claims_with_sources(datasets[0])  # used again: the second is now the least recently used
    claims_with_sources(datasets[3])
    kept = [(dataset_token(each), "en", "claims") in MEMO for each in datasets]
    assert kept == [True, False, True, True]


def test_the_memo_is_bounded_in_bytes_by_the_frames_it_holds(dataset: Dataset) -> None:
    MEMO.clear()
    frame = claims_with_sources(_copy(dataset))
    assert size_of(frame) >= frame.memory_usage(deep=False).sum() > 0
    info = MEMO.info()
    assert info.bytes == size_of(frame) and info.max_bytes is not None and info.bytes < info.max_bytes


def test_the_views_caches_are_named_and_bounded() -> None:
    assert CACHES["views"] is MEMO
    assert CACHES["headline-list"].max_entries == 4


def test_what_is_derived_is_kept_per_language_unless_it_holds_no_text(dataset: Dataset) -> None:
    from econ_ties.language import using
    from econ_ties.present.views.memo import memoised
    from econ_ties.present.views.overview import data_currency

    copy = _copy(dataset)
    english, english_claims = data_currency(copy), claims_with_sources(copy)
    with using("ru"):
        russian, russian_claims = data_currency(copy), claims_with_sources(copy)
    assert english.startswith("Newest figure:") and russian.startswith("Последний показатель:")
    assert data_currency(copy) == english and claims_with_sources(copy) is english_claims  # each language its own entry
    # A source's attribution ends with the date it was stated, written in the page's language.
    assert english_claims["attribution"].str.contains(" Feb 2022").any() and russian_claims["attribution"].str.contains(" февр. 2022").any()
    calls: list[str] = []
    for lang in ("en", "az", "en"):
        with using(lang):
            memoised(copy, "some text", lambda lang=lang: calls.append(lang) or lang)
            memoised(copy, "a frame without words", lambda lang=lang: calls.append("frame in " + lang), every_language=True)
    assert calls == ["en", "frame in en", "az"]
