"""The Upload page's preview: what publishing a checked file would change against the published data — how many
claims it adds, changes and removes, the warnings of figures far from the published ones, and those claims in three
tables headed in the reader's words (each over a column of the claims format, whose name is the header's help)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from econ_ties.language import N_, _
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.model.formatting import format_number
from econ_ties.model.inert_text import escape_markdown
from econ_ties.services.publishing import Draft

#: The preview's table headers, in the reader's words: each over a column of the claims format, or of a change
#: (the format's own name is the header's help: a file's column names are its format, the same in every language).
PREVIEW_HEADERS = {
    "row": N_("row"),
    "claim_id": N_("claim id"),
    "indicator": N_("indicator"),
    "country": N_("country"),
    "counterpart": N_("counterpart"),
    "sector": N_("sector"),
    "period": N_("period"),
    "value": N_("value"),
    "scale": N_("scale"),
    "currency": N_("currency"),
    "qualifier": N_("qualifier"),
    "source_id": N_("source id"),
    "column": N_("column"),
    "old": N_("old"),
    "new": N_("new"),
    "change": N_("change"),
}


def show_preview(upload_draft: Draft) -> None:
    """What publishing the upload would change: the counts, the warnings of figures far from published ones, and the
    added, changed and removed claims in three tabs."""
    diff = upload_draft.diff
    st.write(diff.summary())
    for problem in diff.warnings:
        st.warning(_("Line {row}: {message}").format(row=problem.row, message=escape_markdown(problem.shown_message)), icon=":material/compare_arrows:")
    changed = diff.changed["claim_id"].nunique() if len(diff.changed) else 0
    tabs = st.tabs(
        [
            _("Added ({count})").format(count=format_number(len(diff.added))),
            _("Changed ({count})").format(count=format_number(changed)),
            _("Removed ({count})").format(count=format_number(len(diff.removed))),
        ]
    )
    shown_columns = ["claim_id", "indicator", "country", "counterpart", "sector", "period", "value", "scale", "currency", "qualifier", "source_id"]
    with tabs[0]:
        _preview_table(diff.added[[c for c in ["row", *shown_columns] if c in diff.added]].head(5000))
    with tabs[1]:
        _preview_table(diff.changed.assign(change=diff.changed["old"].astype(str) + " → " + diff.changed["new"].astype(str)))
    with tabs[2]:
        _preview_table(diff.removed[[c for c in shown_columns if c in diff.removed]])


def _preview_table(rows: pd.DataFrame) -> None:
    headers = {column: _(PREVIEW_HEADERS[column]) if column in PREVIEW_HEADERS else column for column in rows.columns}
    settings = {
        header: st.column_config.Column(header, help=_("Column `{column}` of the claims format").format(column=column))
        for column, header in headers.items()
        if column in CLAIM_COLUMNS
    }
    st.dataframe(rows.rename(columns=headers), hide_index=True, width="stretch", column_config=settings)
