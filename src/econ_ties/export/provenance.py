"""What a snapshot is about, stated once for every export step: the figure's provenance and the data it shows.

`FigureProvenance.of(fig)` reads the `layout.meta` every chart carries (title, subtitle, source line, notes, claim ids,
source ids and addresses, alt text); `DatasetStamp` names the dataset drawn from (content hash, and the published
revision when there is one); `provenance_record` joins them with the export date and permalink into the JSON record
that the metadata writers store inside each file, with the language its text is in. `SnapshotError` is the one error an export step raises for the user
(a size too small, a renderer answer that is not an image, a missing Chromium): it lives here, at the bottom of
`export/`, so that layout, renderer and metadata can all raise it without importing one another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from econ_ties.language import _, current

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from econ_ties.checks.dataset import Dataset

SOFTWARE = "econ-ties"


class SnapshotError(RuntimeError):
    """An export that could not be made, with a message for the user (never a traceback)."""


@dataclass(frozen=True)
class FigureProvenance:
    """The `layout.meta` every chart carries (see the charts contract): what it shows and where the numbers come from."""

    title: str = ""
    subtitle: str = ""
    source_line: str = ""
    notes: tuple[str, ...] = ()
    claim_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    source_urls: tuple[str, ...] = ()
    alt_text: str = ""

    @classmethod
    def of(cls, fig: go.Figure | Mapping[str, Any]) -> FigureProvenance:
        layout = fig.get("layout", {}) if isinstance(fig, Mapping) else fig.layout.to_plotly_json()
        meta = layout.get("meta") or {}
        if not isinstance(meta, Mapping):
            meta = {}

        def text(key: str) -> str:
            value = meta.get(key)
            return "" if value is None else str(value).strip()

        def texts(key: str) -> tuple[str, ...]:
            value = meta.get(key) or ()
            if isinstance(value, str):
                value = [value]
            return tuple(str(v).strip() for v in value if v is not None and str(v).strip())

        return cls(
            title=text("title"),
            subtitle=text("subtitle"),
            source_line=text("source_line"),
            notes=texts("notes"),
            claim_ids=texts("claim_ids"),
            source_ids=texts("source_ids"),
            source_urls=texts("source_urls"),
            alt_text=text("alt_text"),
        )


@dataclass(frozen=True)
class DatasetStamp:
    """Which data a snapshot shows: the dataset's content hash and, when published through the store, its revision."""

    content_hash: str
    revision: int | None = None

    @classmethod
    def of(cls, dataset: Dataset, revision: int | None = None) -> DatasetStamp:
        return cls(dataset.content_hash, revision)

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def label(self) -> str:
        """ "dataset revision 3 (sha256 1a2b3c4d5e6f)" or "dataset sha256 1a2b3c4d5e6f"."""
        digest = f"sha256 {self.short_hash}"
        if self.revision is None:
            return _("dataset {digest}").format(digest=digest)
        return _("dataset revision {revision} ({digest})").format(revision=self.revision, digest=digest)


def provenance_record(meta: FigureProvenance, stamp: DatasetStamp, exported_on: dt.date, *, permalink: str = "") -> dict[str, Any]:
    """Everything a machine needs to trace the figure back: the JSON stored in the files."""
    return {
        "title": meta.title,
        "subtitle": meta.subtitle,
        "source_line": meta.source_line,
        "notes": list(meta.notes),
        "claim_ids": list(meta.claim_ids),
        "source_ids": list(meta.source_ids),
        "source_urls": list(meta.source_urls),
        "content_hash": f"sha256:{stamp.content_hash}",
        "revision": stamp.revision,
        "exported_on": exported_on.isoformat(),
        "permalink": permalink,
        "software": SOFTWARE,
        "language": current(),
    }
