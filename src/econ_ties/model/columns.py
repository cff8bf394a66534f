"""The columns of our three data files (figures.csv, sources.csv, events.csv), in the order we write them.

These lists are part of the claim model: publishers' adapters (`econ_ties.io.publishers`) write claims in these
columns, the checks read them, the store keeps them and the exports write them. `CODED_CLAIM_COLUMNS` names the claim
columns that hold few distinct texts; an upload in our own format reads them as Arrow dictionaries.
"""

from __future__ import annotations

CLAIM_COLUMNS = (
    "claim_id", "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "value", "currency",
    "scale", "qualifier", "reporting_side", "source_id", "quote", "quote_en", "uncertain", "notes",
)  # fmt: skip
SOURCE_COLUMNS = (
    "source_id", "publisher", "title", "url", "date_published", "author", "speaker", "speaker_role", "language", "notes",
    "title_az", "title_ru", "speaker_role_az", "speaker_role_ru", "speaker_az", "speaker_ru", "publisher_az", "publisher_ru",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "date", "title", "description", "parties", "kind", "source_id",
    "title_az", "title_ru", "description_az", "description_ru",
)  # fmt: skip
#: The languages data text is written in besides English: a translated field `<field>` has a column `<field>_<lang>`
#: for each (`model.translated`).
TRANSLATED_LANGUAGES = ("az", "ru")
#: The fields of each data file that have translations (each as `<field>_az` and `<field>_ru`).
TRANSLATED_FIELDS = {"sources": ("title", "speaker_role", "speaker", "publisher"), "events": ("title", "description"), "headlines": ("label",)}
#: The translation columns of each data file, optional everywhere (a missing translation reads as English).
TRANSLATION_COLUMNS = {kind: tuple(f"{f}_{lang}" for f in fields for lang in TRANSLATED_LANGUAGES) for kind, fields in TRANSLATED_FIELDS.items()}

#: Columns added after content hash version 2 was defined. A file or a stored revision may lack them, and the canonical
#: form leaves a row's added cell out of its row hash while it is empty, and a table's added column out of the content
#: hash while every cell of it is empty: the data of earlier revisions keep the hashes they were recorded with, and
#: nothing reads as changed merely because econ-ties learned a column.
ADDED_COLUMNS = {
    "claims": ("quote_en",),
    "sources": ("title_az", "title_ru", "speaker_role_az", "speaker_role_ru", "speaker_az", "speaker_ru", "publisher_az", "publisher_ru"),
    "events": ("kind", "title_az", "title_ru", "description_az", "description_ru"),
}
#: The claim columns of stores written before the added columns (the legacy claims table).
LEGACY_CLAIM_COLUMNS = tuple(c for c in CLAIM_COLUMNS if c not in ADDED_COLUMNS["claims"])

#: Columns of the claims format that hold few distinct texts; an upload reads them as Arrow dictionaries.
CODED_CLAIM_COLUMNS = (
    "indicator", "country", "counterpart", "roles", "sector", "period", "measure", "currency", "scale", "qualifier",
    "reporting_side", "source_id", "uncertain",
)  # fmt: skip
