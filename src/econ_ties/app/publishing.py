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
from econ_ties.model.formatting import counted
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
    st.subheader("Publish")
    analyst = current_analyst()
    if analyst is None:
        st.info("Only signed-in analysts can publish. Sign in on the Analyst sign-in page, then come back to Upload: the file and its report are kept.")
        return None
    done = st.session_state.get(published_key(key))
    if done is not None and done[0] == (upload_id, file_name):
        st.success(done[1], icon=":material/check_circle:")
        return None
    why = refusal(draft.upload)
    valid_rows_only = False
    if why is not None:
        if refusal(draft.upload, valid_rows_only=True) is not None:  # refused as a whole, or no valid row at all
            st.warning(f"{escape_markdown(why)} Upload the file again once it is fixed.")
            return None
        # The analyst may publish the valid rows now and the rest later, but only by saying so, knowing what is left out.
        claims = counted(len(valid_claims(draft.upload)), "valid claim")
        rows = counted(draft.left_out["row"].nunique(), "row")
        st.warning(f"The rows with errors cannot be published. You may publish the {claims} of the other rows now.", icon=":material/rule:")
        choice = f"Publish the {claims} and leave out {rows} with errors ({left_out_reasons(draft.left_out)})"
        valid_rows_only = st.checkbox(choice, key=f"{key}.valid-rows-only")
        if not valid_rows_only:
            return None
    unchanged = nothing_changes(draft)
    if unchanged is not None:
        st.warning(escape_markdown(unchanged), icon=":material/published_with_changes:")
        return None
    mode = (
        "The upload becomes the whole claim set: published claims it leaves out are removed"
        if draft.replace_all
        else "Uploaded claims replace published ones with the same id and add the rest"
    )
    st.caption(f"{mode}, as previewed above ({draft.diff.summary()}).")
    note = st.text_input("What changed, and why (kept with the revision)", key=f"{key}.note")
    if not st.button(f"Publish as a new revision (changes from revision {draft.parent})", key=f"{key}.button", type="primary", disabled=not note.strip()):
        return None
    try:
        author = require_analyst(analyst)  # again at the click: a sign-in may have expired since the page was drawn
        outcome = publish(draft, author=author, note=note, file_name=file_name, valid_rows_only=valid_rows_only)
    except (NotSignedIn, StoreError) as failure:
        st.error(escape_markdown(failure))
        return None
    revision = outcome.revision
    merged = f" Your changes were merged onto revision {outcome.merged_onto}, published since you started." if outcome.merged_onto else ""
    left_out = f" {left_out_summary(draft.left_out)} (kept with the revision on the History page)." if valid_rows_only else ""
    said = f"Published as revision {revision.number} by {escape_markdown(author)}: {escape_markdown(revision.describe_changes())}.{merged}{left_out}"
    # Kept for the reruns that follow, which draw this message in place of the button; the rerun now draws the
    # sidebar's revision line (drawn before this page) with the new revision.
    st.session_state[published_key(key)] = ((upload_id, file_name), said)
    st.rerun()
    return outcome  # not reached: st.rerun ends this run
