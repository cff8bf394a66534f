"""The "Publish" step under an upload's report and preview: one call for the Upload page, shown only to analysts.

`publish_step(draft, file_name=...)` draws nothing a viewer can use: without a valid sign-in it says how to sign in;
with one it asks for a note and publishes the very draft the page previewed (`services.publishing.publish`), after
checking the sign-in again (`auth.require_analyst`) at the click. One click makes one revision: the page then runs
again (so the sidebar names the new revision) and says "Published as revision N" in place of the button; an upload
that would change nothing gets no button, only the reason. A stale parent is merged or refused by the store, and
the refusal is shown as it is worded there.
"""

from __future__ import annotations

import streamlit as st

from econ_ties.app.signin import current_analyst
from econ_ties.language import _, n_
from econ_ties.model.formatting import format_number
from econ_ties.model.inert_text import escape_markdown
from econ_ties.services.auth import NotSignedIn, require_analyst
from econ_ties.services.publishing import Draft, left_out_reasons, left_out_summary, nothing_changes, publish, refusal, valid_claims
from econ_ties.store.revisions import PublishOutcome, StoreError


def published_key(key: str = "publish") -> str:
    """Where the session records the upload last published by the step `key`: ((file's sha256, file name), what was said)."""
    return f"{key}.done"


def publish_step(draft: Draft, *, file_name: str, key: str = "publish", upload_id: str = "") -> PublishOutcome | None:
    """Publish `draft` (an upload drafted onto the revision on screen) as a new revision, for a signed-in analyst.

    `upload_id` (the file's sha256 on the Upload page) names the upload: once it is published, the step says "Published
    as revision N" in place of the button for as long as that upload is on the page.
    """
    st.subheader(_("Publish"))
    analyst = current_analyst()
    if analyst is None:
        st.info(
            _("Only signed-in analysts can publish. Sign in on the {page} page, then come back to {upload}: the file and its report are kept.").format(
                page=_("Analyst sign-in"), upload=_("Upload")
            )
        )
        return None
    done = st.session_state.get(published_key(key))
    if done is not None and done[0] == (upload_id, file_name):
        st.success(done[1], icon=":material/check_circle:")
        return None
    why = refusal(draft.upload)
    valid_rows_only = False
    if why is not None:
        if refusal(draft.upload, valid_rows_only=True) is not None:  # refused as a whole, or no valid row at all
            st.warning(f"{escape_markdown(why)} " + _("Upload the file again once it is fixed."))
            return None
        # The analyst may publish the valid rows now and the rest later, but only by saying so, knowing what is left out.
        valid, left_out = len(valid_claims(draft.upload)), int(draft.left_out["row"].nunique())
        claims = n_("{count} valid claim", "{count} valid claims", valid).format(count=format_number(valid))
        rows = n_("{count} row with errors", "{count} rows with errors", left_out).format(count=format_number(left_out))
        st.warning(
            _("The rows with errors cannot be published. You may publish the {claims} of the other rows now.").format(claims=claims), icon=":material/rule:"
        )
        choice = _("Publish the {claims} and leave out {rows} ({reasons})").format(claims=claims, rows=rows, reasons=left_out_reasons(draft.left_out))
        valid_rows_only = st.checkbox(choice, key=f"{key}.valid-rows-only")
        if not valid_rows_only:
            return None
    unchanged = nothing_changes(draft)
    if unchanged is not None:
        st.warning(escape_markdown(unchanged), icon=":material/published_with_changes:")
        return None
    mode = (
        _("The upload becomes the whole claim set: published claims it leaves out are removed")
        if draft.replace_all
        else _("Uploaded claims replace published ones with the same id and add the rest")
    )
    st.caption(_("{mode}, as previewed above ({changes}).").format(mode=mode, changes=draft.diff.summary()))
    note = st.text_input(_("What changed, and why (kept with the revision)"), key=f"{key}.note")
    label = _("Publish as a new revision (changes from revision {number})").format(number=draft.parent)
    if not st.button(label, key=f"{key}.button", type="primary", disabled=not note.strip()):
        return None
    try:
        author = require_analyst(analyst)  # again at the click: a sign-in may have expired since the page was drawn
        outcome = publish(draft, author=author, note=note, file_name=file_name, valid_rows_only=valid_rows_only)
    except (NotSignedIn, StoreError) as failure:
        st.error(escape_markdown(failure))
        return None
    revision = outcome.revision
    merged = (
        " " + _("Your changes were merged onto revision {number}, published since you started.").format(number=outcome.merged_onto)
        if outcome.merged_onto
        else ""
    )
    kept = " " + _("{left_out} (kept with the revision on the History page).").format(left_out=left_out_summary(draft.left_out)) if valid_rows_only else ""
    said = _("Published as revision {number} by {author}: {changes}.").format(
        number=revision.number, author=escape_markdown(author), changes=escape_markdown(revision.describe_changes())
    )
    said += f"{merged}{kept}"
    # Kept for the reruns that follow, which draw this message in place of the button; the rerun now draws the
    # sidebar's revision line (drawn before this page) with the new revision.
    st.session_state[published_key(key)] = ((upload_id, file_name), said)
    st.rerun()
    return outcome  # not reached: st.rerun ends this run
