"""Every figure carries its provenance (the meta contract), says in its hover box what it draws, and names the claim
behind each mark for a click."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from econ_ties.checks.dataset import Dataset
from econ_ties.present.charts import provenance
from econ_ties.present.views import VIEWS


def test_every_figure_carries_the_meta_contract(dataset: Dataset, every_figure: list[tuple[str, go.Figure]]) -> None:
    seen = 0
    for name, fig in every_figure:
        meta = fig.layout.meta
        assert set(provenance.META_KEYS) <= set(meta), name
        assert meta["title"] and meta["subtitle"] and meta["alt_text"].endswith("."), name
        assert meta["source_line"].startswith(("Source:", "Sources:")), name
        assert isinstance(meta["notes"], list) and isinstance(meta["claim_ids"], list), name
        known = set(dataset.sources)
        assert set(meta["source_ids"]) <= known, name
        assert all(url.startswith("http") for url in meta["source_urls"]), name
        seen += 1
    assert seen >= 8


def test_hover_text_is_escaped_and_complete(dataset: Dataset) -> None:
    row = dataset.with_sources().set_index("claim_id", drop=False).loc["S4-az-ru"].to_dict()
    row["speaker"] = "<script>alert(1)</script>"
    text = provenance.hover_text(row, "AZ → RU")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "over $1.2B" in text and "as of Feb 2022" in text and "Azernews" in text


def test_figures_serialise_to_json(dataset: Dataset, every_figure: list[tuple[str, go.Figure]]) -> None:
    for _, fig in every_figure:
        assert json.loads(fig.to_json())["layout"]["meta"]["title"]


def test_every_drawn_claim_names_itself_for_a_click(dataset: Dataset, every_figure: list[tuple[str, go.Figure]]) -> None:
    # A click on a bar or dot reports the trace's customdata: each point must carry the id of the claim it draws
    # (the hover text of the same point names it), and every claim drawn as a mark must be clickable.
    majority = set(dataset.claims.loc[dataset.claims["qualifier"] == "majority", "claim_id"])
    figures = list(every_figure) + [("partners-share", f) for f in VIEWS["partners"].figures(dataset, {"show": "share"})]
    figures += [("partners-rank", f) for f in VIEWS["partners"].figures(dataset, {"show": "rank"})]
    checked = 0
    for name, fig in figures:
        drawn = set(fig.layout.meta["claim_ids"])
        clickable: set[str] = set()
        for trace in fig.data:
            if trace.hoverinfo == "skip" or any(str(item).startswith(provenance.EVENT_PREFIX) for item in trace.customdata):
                continue
            ids = list(trace.customdata)
            assert len(ids) == len(trace.x), (name, trace.name)
            for claim_id, hover in zip(ids, trace.hovertext, strict=True):
                assert f"Claim {claim_id}" in hover, (name, claim_id)
            clickable |= set(ids)
            checked += len(ids)
        # Shares are of a stated total that is named in a note, not drawn as a bar of its own.
        assert clickable <= drawn and len(drawn - majority - clickable) == (1 if name == "partners-share" else 0), (name, drawn - clickable)
    assert checked >= 30
