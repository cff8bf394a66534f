"""What a publisher format is: one `PublisherFormat` per layout, declared by its publisher's module.

A format has a name (shown to the analyst and kept as the upload's format), the columns whose presence identifies it
(`signature`) and the other columns its adapter reads (`needed`), the adapter that maps its rows to claims, and its
`Origin`: who publishes it and where, which becomes the source record of every claim read from such a file
(`file_source`). The registry of all formats, in the order they are recognised, is `econ_ties.io.publishers.FORMATS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from econ_ties.model.schema import Source

if TYPE_CHECKING:  # for the adapter's signature only: claim_rows imports this module
    from econ_ties.io.publishers.claim_rows import ClaimRows


@dataclass(frozen=True)
class Origin:
    """A publisher: its name, a short id for the source ids of its files, and its web address."""

    publisher: str
    short: str
    url: str


@dataclass(frozen=True)
class PublisherFormat:
    """One publisher layout: how its header is recognised, how its rows become claims, and where it comes from."""

    name: str
    origin: Origin
    #: Columns whose presence identifies the layout (compared after trimming).
    signature: frozenset[str]
    #: Adds the claims of every data row to the `ClaimRows` it is given (and its problems).
    adapter: Callable[[ClaimRows], None]
    #: Columns the adapter reads besides its signature: a header that has the signature but lacks one of these (a
    #: cut-down or edited download) gets a missing-column error for each instead of a row-by-row failure.
    needed: frozenset[str] = frozenset()


SLUG = re.compile(r"[^A-Za-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    return SLUG.sub("-", text).strip("-").lower()[:limit].strip("-") or "file"


def file_source(format_name: str, origin: Origin, file_name: str) -> Source:
    """The source record of an uploaded publisher file: the publisher, and the file itself as the title."""
    return Source(
        source_id=f"upload-{origin.short}-{slug(file_name.rsplit('.', 1)[0], 48)}",
        publisher=origin.publisher,
        title=f"{format_name} download: {file_name}",
        url=origin.url,
        notes=f"Uploaded file {file_name}, read as {format_name}.",
    )
