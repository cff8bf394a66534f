"""The analyst sign-in page and the signed-in state other pages ask about.

Viewing needs no sign-in. The session keeps the `AnalystSession` that `auth.sign_in` issued; `current_analyst` checks
it again on every call (`auth.require_analyst`), so only a real, unexpired sign-in of an analyst still configured, with
the password it signed in with, counts. Credentials come from `st.secrets["analysts"]` (name = argon2 hash) and the
environment, read again at each check (`analysts`); see `econ_ties.services.auth`.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from econ_ties.language import _
from econ_ties.model.inert_text import escape_markdown
from econ_ties.services.auth import AnalystSession, NotSignedIn, SignInRefused, load_credentials, require_analyst, sign_in
from econ_ties.services.published import published_store

SESSION_KEY = "econ_ties.analyst"
#: the file chosen on the Upload page, as (file name, bytes): kept in the session so that signing in does not lose it
KEPT_UPLOAD = "econ_ties.upload.kept"


def _configured_analysts() -> Mapping[str, str]:
    try:
        return dict(st.secrets.get("analysts", {}))
    except Exception:  # no secrets file at all is the normal case for a viewer-only deployment
        return {}


def analysts() -> dict[str, str]:
    """This server's analysts now: its secrets and its environment (a removed analyst or a new hash shows at once)."""
    return load_credentials(_configured_analysts())[0]


def current_analyst() -> AnalystSession | None:
    session = st.session_state.get(SESSION_KEY)
    try:
        require_analyst(session)
    except NotSignedIn:
        return None
    return session  # type: ignore[return-value]


def signin_page() -> None:
    st.title(_("Analyst sign-in"))
    st.caption(_("Viewing needs no sign-in. Analysts sign in to publish uploads and to roll back revisions."))
    held = st.session_state.get(SESSION_KEY)
    if held is not None:
        try:
            require_analyst(held)
        except NotSignedIn as ended:  # expired, or the analyst was removed or given a new password since
            st.warning(escape_markdown(str(ended)))
            del st.session_state[SESSION_KEY]
    analyst = current_analyst()
    if analyst is not None:
        st.success(_("Signed in as {analyst}.").format(analyst=escape_markdown(analyst.username)))
        if KEPT_UPLOAD in st.session_state:
            file_name = ", ".join(name for _, name in st.session_state[KEPT_UPLOAD])  # (bytes, name) of each chosen file
            st.info(
                _("Your upload of {file} is kept: open Upload in the sidebar to publish it.").format(file=escape_markdown(file_name)),
                icon=":material/upload_file:",
            )
        if st.button(_("Sign out"), key="signin.sign_out"):
            del st.session_state[SESSION_KEY]
            st.rerun()
        return
    credentials, problems = load_credentials(_configured_analysts())
    for problem in problems:
        st.warning(escape_markdown(problem))
    if not credentials:
        st.info(_("No analyst accounts are configured on this server (see `econ-ties hash-password`)."))
    with st.form("signin.form"):
        name = st.text_input(_("Analyst name"), key="signin.name")
        password = st.text_input(_("Password"), type="password", key="signin.password")
        submitted = st.form_submit_button(_("Sign in"))
    if submitted:
        try:
            st.session_state[SESSION_KEY] = sign_in(name, password, credentials=analysts, store=published_store())
        except SignInRefused as refusal:
            st.error(escape_markdown(refusal))
        else:
            st.rerun()
