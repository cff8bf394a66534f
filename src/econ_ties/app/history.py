"""The History page (every published revision, what it changed, rollback for analysts) and the revision banner.

The page lists one line per revision (its number, a "view" link and what it changed, first), and under it the chosen
revision's note, upload report, the ids it touched (folded) and, when its publish left rows of the upload out, those
rows as a CSV download.

`show_revision_choice` reads `?rev=N` once per run: the dashboard shows that revision (the latest without it; an
unknown or malformed value falls back to the latest with a notice) and says in the sidebar which revision is on screen.
The chosen revision is kept in the session, so it survives a click on another page (which drops the query string),
until the reader chooses "Show the latest revision" in the sidebar.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from econ_ties.app.data import KEPT_REVISION, asked_revision
from econ_ties.app.signin import current_analyst
from econ_ties.language import N_, _, n_
from econ_ties.model.csv_safety import frame_to_csv
from econ_ties.model.formatting import format_date, format_number
from econ_ties.model.inert_text import escape_markdown
from econ_ties.model.problems import summary_in_language
from econ_ties.services.auth import NotSignedIn, require_analyst
from econ_ties.services.published import published_store, shown_revision
from econ_ties.services.publishing import revision_author, revision_kind, revision_note, rollback
from econ_ties.store.revisions import Revision, StoreError


def show_revision_choice() -> None:
    raw = asked_revision()
    revision, latest, notice = shown_revision(raw)  # one read transaction
    number = revision.number
    if notice:
        st.warning(escape_markdown(notice), icon=":material/history:")  # it quotes the address's own text
        st.session_state.pop(KEPT_REVISION, None)  # an unusable value is not carried to the next page
    elif raw is not None and str(raw).strip() not in ("", "latest"):
        st.session_state[KEPT_REVISION] = raw
        # Back into the address of the page navigated to, so that its links, permalinks and a reload keep it too.
        st.query_params["rev"] = raw
        st.sidebar.button(_("Show the latest revision"), key="revision.latest", on_click=_choose_latest, icon=":material/update:")
    where = _("latest") if number == latest else _("an earlier revision; the latest is {latest}").format(latest=latest)
    st.sidebar.caption(
        _("Data: revision {number} ({where}), published {day} by {author} · hash {hash}").format(
            number=revision.number,
            where=where,
            day=format_date(revision.created_at.date()),
            author=escape_markdown(revision_author(revision)),
            hash=revision.content_hash[:12],
        )
    )
    if number != latest:
        st.info(
            _("You are looking at revision {number}, not the latest ({latest}). Choose “{button}” in the sidebar to see the latest.").format(
                number=number, latest=latest, button=_("Show the latest revision")
            ),
            icon=":material/history:",
        )


def _choose_latest() -> None:
    # A button callback runs before the rerun: that run already finds no revision asked for.
    st.session_state.pop(KEPT_REVISION, None)
    st.query_params.pop("rev", None)


#: What a revision's changes are of, and what was done to them ("claims changed: S3"), as the page words them.
CHANGED_KINDS = {"claims": N_("claims"), "sources": N_("sources"), "events": N_("events")}
CHANGES_MADE = {"added": N_("added"), "changed": N_("changed"), "removed": N_("removed")}


#: The table's column of links to each revision (its header is also the key of its column settings).
VIEW_COLUMN = N_("view")


def _table(revisions: list[Revision]) -> pd.DataFrame:
    # The number, its "view" link and what it changed first: what a reader looks for, without scrolling sideways.
    return pd.DataFrame(
        {
            _("revision"): [r.number for r in revisions],
            _(VIEW_COLUMN): [f"/?rev={r.number}" for r in revisions],
            _("what changed"): [r.describe_changes() for r in revisions],
            _("published (UTC)"): [f"{r.created_at:%Y-%m-%d %H:%M}" for r in revisions],
            _("author"): [revision_author(r) for r in revisions],
            _("note"): [revision_note(r) for r in revisions],
            _("file"): [r.file_name for r in revisions],
            _("claims"): [r.claim_count for r in revisions],
            _("kind"): [revision_kind(r) for r in revisions],
            _("content hash"): [r.content_hash[:12] for r in revisions],
        }
    )


def left_out_csv(left_out: pd.DataFrame) -> str:
    """The rows a publish left out as CSV: line in the uploaded file, problem code, column, value and reason."""
    # The header stays row,code,column,value,message in every language: a file's column names are its format.
    return frame_to_csv(left_out)


def _details(revision: Revision) -> None:
    st.markdown(_("**Revision {number}** — {changes}").format(number=revision.number, changes=escape_markdown(revision.describe_changes())))
    if revision.note:
        st.caption(_("Note: {note}").format(note=escape_markdown(revision_note(revision))))
    if revision.report_summary:
        st.caption(_("Upload report: {summary}").format(summary=escape_markdown(summary_in_language(revision.report_summary))))
    listed = [
        (kind, what, change.get(what, []), change.get(f"{what}_count", 0))
        for kind, change in revision.changes.items()
        for what in ("added", "changed", "removed")
        if change.get(f"{what}_count", 0)
    ]
    if listed and revision.parent is not None:
        # Folded: a revision can touch thousands of claims, and the summary above already counts them.
        with st.expander(_("The ids of what revision {number} added, changed and removed").format(number=revision.number)):
            for kind, what, ids, count in listed:
                more = " " + _("and {count} more").format(count=format_number(count - len(ids))) if count > len(ids) else ""
                st.caption(
                    _("{kind} {what}: {ids}").format(kind=_(CHANGED_KINDS.get(kind, kind)), what=_(CHANGES_MADE[what]), ids=escape_markdown(", ".join(ids)))
                    + more
                )
    left_out = published_store().left_out_rows(revision.number)
    if len(left_out):
        rows = left_out["row"].nunique()
        st.download_button(
            n_("Download the {count} row left out (CSV)", "Download the {count} rows left out (CSV)", rows).format(count=format_number(rows)),
            left_out_csv(left_out),
            file_name=f"revision-{revision.number}-left-out.csv",
            mime="text/csv",
            key=f"history.left-out.{revision.number}",
            icon=":material/download:",
        )


def history_page() -> None:
    st.title(_("History"))
    st.caption(_("Every published revision, newest first. Nothing is overwritten: a rollback publishes a new revision equal to an old one."))
    revisions = published_store().revisions()
    latest = revisions[0].number
    st.dataframe(
        _table(revisions),
        hide_index=True,
        column_config={_(VIEW_COLUMN): st.column_config.LinkColumn(_(VIEW_COLUMN), display_text=_(VIEW_COLUMN))},
        key="history.table",
    )
    number = st.selectbox(_("Revision"), [r.number for r in revisions], key="history.revision", format_func=lambda n: _("revision {number}").format(number=n))
    chosen = next(r for r in revisions if r.number == number)
    _details(chosen)
    analyst = current_analyst()
    if analyst is None:
        st.caption(_("Analysts sign in to roll back."))
        return
    if number == latest:
        return
    note = st.text_input(_("Why roll back?"), key="history.note")
    if st.button(_("Roll back to revision {number}").format(number=number), key="history.rollback", type="primary"):
        try:
            # The sign-in is checked again at the click: it may have expired since the page was drawn.
            revision = rollback(number, author=require_analyst(analyst), note=note)
        except (NotSignedIn, StoreError) as refusal:
            st.error(escape_markdown(refusal))
        else:
            st.success(_("Published revision {number}, equal to revision {old}.").format(number=revision.number, old=number))
