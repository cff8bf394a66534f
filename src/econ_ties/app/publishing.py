"""The "Publish" step under an upload's report and preview: one call for the Upload page, shown only to analysts.

`publish_step(result, file_name=...)` draws nothing a viewer can use: without a valid sign-in it says how to sign in;
with one it asks for a note and publishes through `published.publish_upload`, which checks the sign-in again on the
server side. A stale parent is merged or refused by the store, and the refusal is shown as it is worded there.
"""

from __future__ import annotations

import streamlit as st

from econ_ties.app.history import chosen_revision
from econ_ties.app.signin import current_analyst
from econ_ties.model.formatting import counted
from econ_ties.services.auth import NotSignedIn
from econ_ties.services.published import publish_upload
from econ_ties.store.revisions import PublishOutcome, StoreError


def publish_step(result: object, *, file_name: str, parent: int | None = None, key: str = "publish") -> PublishOutcome | None:
    """Publish an `uploads.UploadResult` as a new revision made from `parent` (default: the revision on screen)."""
    st.subheader("Publish")
    analyst = current_analyst()
    if analyst is None:
        st.info("Only signed-in analysts can publish. Use the Analyst sign-in page, then come back to this upload.")
        return None
    report = result.report  # type: ignore[attr-defined]
    if not report.ok:
        st.warning(f"This upload has {counted(len(report.errors), 'error')}. Fix them and upload again before publishing.")
        return None
    parent = parent if parent is not None else chosen_revision()
    note = st.text_input("What changed, and why (kept with the revision)", key=f"{key}.note")
    replace_all = st.checkbox("The upload is the whole claim set: remove published claims it leaves out", key=f"{key}.replace_all")
    if not st.button(f"Publish as a new revision (changes from revision {parent})", key=f"{key}.button", type="primary", disabled=not note.strip()):
        return None
    try:
        outcome = publish_upload(result, analyst=analyst, parent=parent, note=note, file_name=file_name, replace_all=replace_all)
    except (NotSignedIn, StoreError) as refusal:
        st.error(str(refusal))
        return None
    revision = outcome.revision
    merged = f" Your changes were merged onto revision {outcome.merged_onto}, published since you started." if outcome.merged_onto else ""
    st.success(f"Published revision {revision.number} as {analyst.username}: {revision.describe_changes()}.{merged}")
    return outcome
