"""The download panel under every chart: PNG (social or print size), SVG and PDF, a citation, the permalink and an embed.

`render(fig, view=..., params=..., key=...)` is called by `components.show_chart`. The files are made only when the
user clicks a button: Streamlit runs the download callable on its own thread, apart from script reruns, so drawing the
page costs no export and an export (a few hundred milliseconds in the warm Chromium of `econ_ties.snapshot`) holds up
no other user's rerun. Without Chromium the panel shows one sentence on how to install it instead of the buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import plotly.graph_objects as go
import streamlit as st

from econ_ties import snapshot
from econ_ties.dataset import Dataset
from econ_ties.views import DEFAULT_VIEW, VIEWS

DEFAULT_BASE_URL = "http://127.0.0.1:8501"
_STAMPS: dict[int, tuple[Dataset, snapshot.DatasetStamp]] = {}


def _dataset() -> Dataset:
    from econ_ties.app.data import published_dataset

    rev = st.query_params.get("rev")
    return published_dataset(int(rev)) if rev and rev.isdigit() else published_dataset()


def _stamp(dataset: Dataset) -> snapshot.DatasetStamp:
    """The dataset's content hash, computed once per dataset object (hashing takes a fraction of a second)."""
    entry = _STAMPS.get(id(dataset))
    if entry is None or entry[0] is not dataset:
        rev = st.query_params.get("rev") if st.runtime.exists() else None
        entry = (dataset, snapshot.DatasetStamp.of(dataset, int(rev) if rev and rev.isdigit() else None))
        if len(_STAMPS) > 8:
            _STAMPS.clear()
        _STAMPS[id(dataset)] = entry
    return entry[1]


def base_url() -> str:
    """The app's address as the user's browser sees it (scheme, host, port and any path prefix), without the page."""
    url = st.context.url
    if not url:
        return DEFAULT_BASE_URL
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    page = path.rsplit("/", 1)[-1]
    if page in VIEWS:
        path = path[: -len(page)].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


@st.cache_resource(show_spinner=False, max_entries=512)
def _citation(claim_ids: tuple[str, ...], title: str, subtitle: str, dataset_id: int, _dataset: Dataset) -> str:
    return snapshot.citation(_dataset, claim_ids, title=title, subtitle=subtitle)


def _export(fig: go.Figure, fmt: str, size: str, view: str, link: str, dataset: Dataset) -> Callable[[], bytes]:
    def make() -> bytes:
        return snapshot.render_snapshot(fig, format=fmt, size=size, stamp=_stamp(dataset), view=view, permalink=link).data

    return make


def render(fig: go.Figure, *, view: str, params: Mapping[str, Any], key: str, dataset: Dataset | None = None) -> None:
    """Download buttons, citation, permalink and embed snippet for one chart."""
    dataset = dataset if dataset is not None else _dataset()
    meta = snapshot.FigureProvenance.of(fig)
    link = snapshot.permalink("" if view == DEFAULT_VIEW else view, params, base_url=base_url())
    with st.expander("Download, cite or embed this chart", icon=":material/download:"):
        problem = snapshot.chromium_problem()
        if problem:
            st.info(problem, icon=":material/image_not_supported:")
        else:
            size = st.radio(
                "Image size",
                list(snapshot.SIZES),
                format_func=lambda name: snapshot.SIZES[name].label,
                horizontal=True,
                key=f"{key}-snapshot-size",
                help="PNGs are drawn at twice these pixels; SVG and PDF are vector files at this size.",
            )
            today = dt.date.today()
            columns = st.columns(len(snapshot.FORMATS))
            for column, fmt in zip(columns, snapshot.FORMATS, strict=True):
                with column:
                    st.download_button(
                        f"{fmt.upper()}",
                        data=_export(fig, fmt, size, view, link, dataset),
                        file_name=snapshot.file_name_for(view, snapshot.SIZES[size], fmt, today),
                        mime=snapshot.MIME_TYPES[fmt],
                        key=f"{key}-snapshot-{fmt}",
                        icon=":material/download:",
                        on_click="ignore",
                        width="stretch",
                    )
            st.caption("Each file shows the title, source line, dataset hash and date, and carries the claim ids and source links inside it.")
        sentence = _citation(tuple(meta.claim_ids), meta.title, meta.subtitle, id(dataset), dataset)
        if sentence:
            st.markdown("**Cite**")
            st.code(sentence, language=None, wrap_lines=True)
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        st.markdown("**Embed**")
        st.code(snapshot.embed_snippet(link, title=meta.title or "econ-ties chart"), language="html", wrap_lines=True)
