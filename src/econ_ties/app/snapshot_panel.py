"""The download panel under every chart: PNG (social or print size), SVG and PDF, a citation, the permalink and an embed.

`render(fig, view=..., params=..., key=...)` is called by `components.show_chart`. The files are made only when the
user clicks a button: Streamlit (1.52 and later) runs the download callable on its own thread, apart from script reruns
and without the session's context, so drawing the page costs no export and an export (a few hundred milliseconds in the
warm Chromium of `econ_ties.export.renderer`) holds up no other user's rerun. Everything the callable needs — the figure, the
published revision's number and content hash for the footer and the file's provenance, the permalink — is settled
while the panel is drawn. Without Chromium the panel shows one sentence on how to install it instead of the buttons.
The panel is an expander that tracks its state (`on_change="rerun"`): closed, as every page opens, it holds nothing and
costs the page nothing; opening it reruns the page (or the chart fragment) and fills it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, cast
from urllib.parse import urlsplit

import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components

from econ_ties.app.data import per_dataset
from econ_ties.caches import named_cache
from econ_ties.checks.dataset import Dataset
from econ_ties.export.citation import citation, embed_snippet, permalink
from econ_ties.export.layout import SIZES
from econ_ties.export.provenance import DatasetStamp, FigureProvenance
from econ_ties.export.renderer import chromium_problem
from econ_ties.export.snapshot import FORMATS, MIME_TYPES, file_name_for, render_snapshot
from econ_ties.language import N_, _, current, using
from econ_ties.present.views import DEFAULT_VIEW, VIEWS
from econ_ties.store.revisions import Revision

DEFAULT_BASE_URL = "http://127.0.0.1:8501"
#: The container of the Cite, Link and Embed texts is keyed "<chart key>-snapshot-copy-texts" (its class "st-key-…").
COPY_TEXTS = "copy-texts"
#: Streamlit hides a code block's copy button (visibility: hidden) until the mouse is over the block, which keeps it out
#: of the keyboard's reach; in the panel's copy texts the button and its toolbar are always shown, with a focus ring.
COPY_BUTTONS_SHOWN = f"""<style>
[class*="-snapshot-{COPY_TEXTS}"] [data-testid="stCode"] div:has([data-testid="stElementToolbarButton"]),
[class*="-snapshot-{COPY_TEXTS}"] [data-testid="stElementToolbarButton"],
[class*="-snapshot-{COPY_TEXTS}"] [data-testid="stElementToolbarButton"] * {{ opacity: 1 !important; visibility: visible !important; }}
[class*="-snapshot-{COPY_TEXTS}"] [data-testid="stElementToolbarButton"] button:focus-visible {{ outline: 2px solid #0072B2; outline-offset: 2px; }}
</style>"""
PANEL_LABEL = N_("Download, cite or embed this chart")
# Two named caches (`econ_ties.caches`). A stamp hashes every claim of an unpublished dataset, so it is made once per
# dataset object; a citation sentence depends only on the claims cited, the chart's title and the dataset's content.
_STAMPS = named_cache("snapshot.stamps", key="the unpublished dataset object", max_entries=8)
_CITATIONS = named_cache("snapshot.citations", key="(claim ids, title, subtitle, the language, the dataset's content hash)", max_entries=512)


def published_snapshot_data() -> tuple[Dataset, DatasetStamp, bool]:
    """The revision the page shows (`?rev=N`, else the latest), its stamp, and whether the URL asked for it by number.

    The same resolution as `app.data.shown_published`, so the panel exports exactly what the page draws; the content
    hash is the one the store recorded for the revision (equal to the dataset's, without hashing it again). Pages that
    already hold the revision pass it to `render` instead, which asks the store nothing.
    """
    from econ_ties.app.data import shown_published

    dataset, revision = shown_published()
    return dataset, _revision_stamp(revision), _pinned(revision.number)


def _revision_stamp(revision: Revision) -> DatasetStamp:
    return DatasetStamp(revision.content_hash, revision.number)


def _pinned(number: int) -> bool:
    """Whether the URL asked for revision `number` by number (then the permalink keeps `rev`)."""
    asked = str(st.query_params.get("rev") or "").strip()
    return asked.isdigit() and int(asked) == number


def _stamp(dataset: Dataset) -> DatasetStamp:
    """The stamp of a dataset that did not come from the store: its content hash only, computed once per object."""
    return per_dataset(_STAMPS, "stamp", dataset, lambda: DatasetStamp.of(dataset))


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


def _citation(claim_ids: tuple[str, ...], title: str, subtitle: str, dataset: Dataset, stamp: DatasetStamp) -> str:
    key = (claim_ids, title, subtitle, current(), stamp.content_hash)  # the sentence is in the page's language
    return cast(str, _CITATIONS.get_or_compute(key, lambda: citation(dataset, claim_ids, title=title, subtitle=subtitle)))


def _export(fig: go.Figure, fmt: str, size: str, view: str, link: str, stamp: DatasetStamp) -> Callable[[], bytes]:
    """The callable behind one download button: it runs outside the script, so it touches no Streamlit state, and
    outside the page's language, so it sets the language the page had (the image's text and the file's metadata)."""
    lang = current()

    def make() -> bytes:
        with using(lang):
            return render_snapshot(fig, format=fmt, size=size, stamp=stamp, view=view, permalink=link).data

    return make


def render(fig: go.Figure, *, view: str, params: Mapping[str, Any], key: str, dataset: Dataset | None = None, revision: Revision | None = None) -> None:
    """Download buttons, citation, permalink and embed snippet for one chart, in an expander filled only when open.

    `revision` is the published revision the page drew `dataset` from (`app.data.shown_published`); the files name it.
    A `dataset` without a revision is unpublished data, stamped with its content hash only. With neither, the chart is
    taken to show the published revision the URL asks for, looked up here.
    """
    panel = st.expander(_(PANEL_LABEL), icon=":material/download:", key=f"{key}-snapshot", on_change="rerun")
    if not panel.open:
        # Closed (as every page opens): nothing inside is computed or sent. Opening it reruns the page — or only the
        # chart fragment — and fills it.
        return
    pinned = False
    if revision is not None:
        dataset = dataset if dataset is not None else _published(revision)
        stamp, pinned = _revision_stamp(revision), _pinned(revision.number)
    elif dataset is None:
        dataset, stamp, pinned = published_snapshot_data()
    else:
        stamp = _stamp(dataset)
    meta = FigureProvenance.of(fig)
    # A revision the URL asked for by number stays in the permalink; otherwise the link follows the latest revision.
    link_params = {**params, "rev": str(stamp.revision)} if pinned and stamp.revision is not None else params
    link = permalink("" if view == DEFAULT_VIEW else view, link_params, base_url=base_url())
    with panel:
        problem = chromium_problem()
        if problem:
            st.info(problem, icon=":material/image_not_supported:")
        else:
            size = st.radio(
                _("Image size"),
                list(SIZES),
                format_func=lambda name: SIZES[name].label,
                horizontal=True,
                key=f"{key}-snapshot-size",
                help=_("PNGs are drawn at twice these pixels; SVG and PDF are vector files at this size."),
            )
            today = dt.date.today()
            columns = st.columns(len(FORMATS))
            for column, fmt in zip(columns, FORMATS, strict=True):
                with column:
                    st.download_button(
                        f"{fmt.upper()}",
                        data=_export(fig, fmt, size, view, link, stamp),
                        file_name=file_name_for(view, SIZES[size], fmt, today),
                        mime=MIME_TYPES[fmt],
                        key=f"{key}-snapshot-{fmt}",
                        icon=":material/download:",
                        on_click="ignore",
                        width="stretch",
                    )
            keep_focus_on_downloads()
            shown = _("revision {number}").format(number=stamp.revision) if stamp.revision is not None else _("dataset hash")
            st.caption(
                _("Each file shows the title, source line, {revision} and date, and carries the claim ids and source links inside it.").format(revision=shown)
            )
        # The copy button of each text is always shown, so that the keyboard reaches it (Streamlit shows it on hover).
        st.html(COPY_BUTTONS_SHOWN)
        with st.container(key=f"{key}-snapshot-{COPY_TEXTS}"):
            sentence = _citation(tuple(meta.claim_ids), meta.title, meta.subtitle, dataset, stamp)
            if sentence:
                st.markdown(_("**Cite**"))
                st.code(sentence, language=None, wrap_lines=True)
            st.markdown(_("**Link to this view**"))
            st.code(link, language=None, wrap_lines=True)
            st.markdown(_("**Embed**"))
            # Plain, not highlighted as HTML: the highlighter's tag colours are below 4.5:1 on the code background.
            st.code(embed_snippet(link, title=meta.title or _("econ-ties chart")), language=None, wrap_lines=True)


#: While a button's file is made (`data` is a callable), Streamlit disables the button, and a disabled button drops the
#: keyboard's focus to the page body. This script, run once per page, gives the focus back to that button when the file
#: has come. It acts only on a download button that lost focus by being disabled, never when the reader moved on.
_KEEP_FOCUS_SCRIPT = """<script>
const page = window.parent.document;
if (!page.econTiesKeepsDownloadFocus) {
  page.econTiesKeepsDownloadFocus = true;
  page.addEventListener("focusout", (event) => {
    const button = event.target;
    if (!(button instanceof window.parent.HTMLButtonElement) || !button.closest('[data-testid="stDownloadButton"]')) return;
    if (event.relatedTarget || !button.disabled) return;
    const started = Date.now();
    const back = () => {
      if (!button.isConnected || page.activeElement !== page.body || Date.now() - started > 120000) return;
      if (button.disabled) { setTimeout(back, 50); } else { button.focus(); }
    };
    setTimeout(back, 50);
  }, true);
}
</script>"""


def keep_focus_on_downloads() -> None:
    """Keep the keyboard's focus on a download button after its file is saved (see `_KEEP_FOCUS_SCRIPT`)."""
    components.html(_KEEP_FOCUS_SCRIPT, height=0)


def _published(revision: Revision) -> Dataset:
    from econ_ties.app.data import published_dataset

    return published_dataset(revision.number)
