"""The columns of our three data files (figures.csv, sources.csv, events.csv), in the order we write them.

These lists are part of the claim model: publishers' adapters (`econ_ties.io.publishers`) write claims in these
columns, the checks read them, the store keeps them and the exports write them. `CODED_CLAIM_COLUMNS` names the claim
columns that hold few distinct texts; an upload in our own format reads them as Arrow dictionaries.
"""

from __future__ import annotations

CLAIM_COLUMNS = (
    "claim_id", "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "value", "currency",
    "scale", "qualifier", "reporting_side", "source_id", "quote", "uncertain", "notes",
)  # fmt: skip
SOURCE_COLUMNS = (
    "source_id", "publisher", "title", "url", "date_published", "author", "speaker", "speaker_role", "language", "notes",
)  # fmt: skip
EVENT_COLUMNS = ("event_id", "date", "title", "description", "parties", "source_id")

#: Columns of the claims format that hold few distinct texts; an upload reads them as Arrow dictionaries.
CODED_CLAIM_COLUMNS = (
    "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "currency", "scale", "qualifier",
    "reporting_side", "source_id", "uncertain",
)  # fmt: skip
