"""The Upload page: an analyst drops a CSV (our claims format or a publisher's download) and sees, before anything is
published, the row-level report (filterable, counted by code, downloadable), what would change against the published
data, and the dashboard's charts drawn with the uploaded claims. All the work is in `econ_ties.checks.uploads` and
`econ_ties.services.publishing` (one draft per file, revision and preview mode, which the publish step publishes); this
page reads widgets and draws. Every text from the file is shown as text, never as HTML or
markdown: tables render cells as plain text, and captions go through `escape_markdown`.
"""

from __future__ import annotations

import hashlib
from typing import cast

import pandas as pd
import streamlit as st

from econ_ties import bundled
from econ_ties.app.components import PLOTLY_CONFIG, clicked_claims, escape_markdown, picked_point, show_claims_behind, view_controls
from econ_ties.app.data import shown_published
from econ_ties.app.preview import show_preview
from econ_ties.app.publishing import publish_step, published_key
from econ_ties.app.signin import KEPT_UPLOAD, current_analyst
from econ_ties.caches import named_cache, size_of
from econ_ties.checks.dataset import Dataset
from econ_ties.checks.uploads import Upload, UploadResult, claims_template, upload_limit_bytes, valid_claims_file, validate_upload_files
from econ_ties.io.memory import release_freed_memory
from econ_ties.io.reading import MB
from econ_ties.language import N_, _, current, n_, using
from econ_ties.model.columnwise import text_isin
from econ_ties.model.formatting import format_number
from econ_ties.model.problems import REPORT_COLUMNS, ValidationReport
from econ_ties.present.views import VIEWS
from econ_ties.present.views.clicks import params_showing
from econ_ties.present.views.memo import forget_freed_datasets
from econ_ties.services.publishing import Draft, draft
from econ_ties.settings import database_url, viewer_max_upload_bytes
from econ_ties.store.revisions import Revision

#: The report's filter: which problems to show.
SEVERITY_CHOICES = {"all": N_("all"), "errors": N_("errors"), "warnings": N_("warnings")}
#: A problem's severity in the list of messages, in the reader's words.
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}
#: The report table's headers, in the reader's words.
REPORT_HEADERS = {
    "severity": N_("severity"),
    "code": N_("code"),
    "file": N_("file"),
    "row": N_("row"),
    "column": N_("column"),
    "value": N_("value"),
    "message": N_("message"),
}
CHART_VIEWS = ("partners", "investment", "over-time")


# The page's three caches (`econ_ties.caches`), so that a click elsewhere on the page (a report filter, another chart)
# neither validates the file again nor compares or merges a million claims again. They hold the objects themselves,
# not copies: nothing on this page changes them. "file" below is the sha256 of the uploaded bytes.
#
# The page needs no sign-in, so what these hold is bounded in bytes as well as in entries: whatever anyone uploads,
# the checked uploads hold at most UPLOAD_CHECKED_MAX_BYTES and the drafts (each with its preview dataset and diff) at
# most UPLOAD_DRAFTS_MAX_BYTES; the views' memo drops what it derived from a preview dataset once the draft is gone.
# Measured (`econ_ties.caches.size_of`): a checked upload weighs about 4 times its file, a draft about 8 times (a 3.6 MB
# file of 15,000 claims: 14 MB and 28 MB), so one analyst's largest file (ECON_TIES_MAX_UPLOAD_MB, 200 MB) fits, and
# four of a viewer's largest (ECON_TIES_VIEWER_MAX_UPLOAD_MB, 20 MB) take about 300 MB and 600 MB. An entry larger than its whole bound is not kept: its
# page validates it again on each rerun rather than hold the memory.
UPLOAD_CHECKED_MAX_BYTES = 1024 * MB
UPLOAD_DRAFTS_MAX_BYTES = 2048 * MB
_CHECKED = named_cache(
    "upload.checked",
    key="(store URL, file, file name, shown revision's number and content hash)",
    max_entries=4,
    max_bytes=UPLOAD_CHECKED_MAX_BYTES,
    size_of=size_of,
)
_DRAFTS = named_cache(
    "upload.drafts",
    key="(the checked upload's key, preview as the whole claim set)",
    max_entries=4,
    max_bytes=UPLOAD_DRAFTS_MAX_BYTES,
    size_of=size_of,
)
_FIRST_PARAMS = named_cache("upload.first-params", key="(the draft's key, view)", max_entries=16)


def uploader_words(lang: str) -> str:
    """A style sheet putting the file picker's own words in `lang`: Streamlit writes its button ("Upload") and its
    instructions ("200MB per file • CSV, TXT, TSV, XLSX") in English whatever the page's language, and its 200 MB is
    not a viewer's limit; the button gets our words, the instructions only the file types (the caption above gives the
    limits). Text of ours from the catalog, never data."""
    with using(lang):
        button = _("Choose files")
    word = button.replace("\\", "\\\\").replace('"', '\\"')
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: "{word}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "CSV, TXT, TSV, XLSX"; }}
</style>"""


def _checked(key: tuple[object, ...], files: list[tuple[bytes, str]], published: Dataset) -> UploadResult:
    def check() -> UploadResult:
        bar = st.progress(0.0, text=_("Starting"))

        def progress(fraction: float, words: str) -> None:
            bar.progress(min(fraction, 1.0), text=words)

        result = validate_upload_files(list[Upload](files), published.sources, progress=progress)
        bar.empty()
        return result

    return cast(UploadResult, _CHECKED.get_or_compute(key, check))


def _drafted(key: tuple[object, ...], result: UploadResult, revision: Revision, replace_all: bool, file_name: str) -> Draft:
    # One draft per file, revision and preview mode: the preview, the charts and the publish step all use it.
    return cast(Draft, _DRAFTS.get_or_compute(key, lambda: draft(result, parent=revision.number, replace_all=replace_all, file_name=file_name)))


def _first_params(key: tuple[object, ...], view: str, upload_draft: Draft) -> dict[str, str]:
    # Where the preview of a view starts (grouping a million uploaded claims is not a per-click job).
    return cast(dict[str, str], _FIRST_PARAMS.get_or_compute((key, view), lambda: params_showing(upload_draft.dataset, view, upload_draft.upload.claims)))


def report_frame(report: ValidationReport) -> pd.DataFrame:
    return pd.DataFrame(report.rows(), columns=REPORT_COLUMNS)


def _show_report(result: UploadResult, file_name: str) -> None:
    report = result.report
    st.header(_("Report"))
    errors, warnings = len(report.errors), len(report.warnings)
    rows = f"{report.row_account.text()}. " if report.row_account is not None else ""
    warnings_text = n_("{count} warning", "{count} warnings", warnings).format(count=format_number(warnings))
    if errors:
        errors_text = n_("{count} error", "{count} errors", errors).format(count=format_number(errors))
        st.error(
            rows
            + _("{errors} and {warnings}. Rows with errors are left out; fix them and upload again, or publish the valid rows below.").format(
                errors=errors_text, warnings=warnings_text
            )
        )
    elif warnings:
        st.warning(rows + _("No errors; {warnings} to read before publishing.").format(warnings=warnings_text))
    else:
        st.success(rows + _("No problems found."))
    if not report.problems:
        return
    # A problem with the whole file (it cannot be read, is too large, matches no format) is said in words, not only in
    # the table: it is the one thing the analyst needs to read.
    for problem in report.errors:
        if problem.row is None:
            st.error(f"{escape_markdown(problem.file)}: {escape_markdown(problem.shown_message)}", icon=":material/block:")
    counts = pd.DataFrame([{_("code"): code, _("count"): n} for code, n in report.counts_by_code().items()])
    st.dataframe(counts, hide_index=True)
    table = report_frame(report)
    left, middle, right = st.columns([1, 2, 2])
    severity = left.selectbox(_("Show"), list(SEVERITY_CHOICES), key="upload.severity", format_func=lambda choice: _(SEVERITY_CHOICES[choice]))
    codes = middle.multiselect(_("Codes"), sorted(table["code"].unique()), key="upload.codes")
    search = right.text_input(_("Find text (column, value or message)"), key="upload.search")
    shown = table
    if severity != "all":
        shown = shown[shown["severity"] == severity.rstrip("s")]
    if codes:
        shown = shown[shown["code"].isin(codes)]
    if search.strip():
        needle = search.strip().casefold()
        text = shown[["column", "value", "message"]].astype(str).apply(lambda col: col.str.casefold().str.contains(needle, regex=False))
        shown = shown[text.any(axis=1)]
    # The report's columns under the reader's words for them (the codes and the rows' values stay as they are).
    headers = {column: _(REPORT_HEADERS.get(column, column)) for column in shown.columns}
    message = headers["message"]
    st.dataframe(shown.rename(columns=headers), hide_index=True, width="stretch", column_config={message: st.column_config.TextColumn(message, width="large")})
    _show_messages_whole(shown)
    # Written when clicked, not on every rerun (a report can list a million rows).
    st.download_button(
        _("Download the full report (CSV)"), report.to_csv, file_name=f"{file_name}.report.csv", mime="text/csv", key="upload.report-csv", on_click="ignore"
    )


#: how many of the shown problems are also listed with their messages whole (the rest: filter, or download the report)
MESSAGES_LISTED = 200


def _as_code(text: str) -> str:
    # An uploaded header can hold a backtick: such a name is shown escaped instead.
    return f"`{text}`" if "`" not in text and "\n" not in text else escape_markdown(text)


def _show_messages_whole(shown: pd.DataFrame) -> None:
    # A table cell cuts a long sentence off: the messages of the problems shown are listed in full, wrapped, as well.
    listed = shown.head(MESSAGES_LISTED)
    whole = n_("The {count} message in full", "The {count} messages in full", len(shown)).format(count=format_number(len(shown)))
    with st.expander(whole, expanded=len(shown) <= 10):
        for problem in listed.itertuples(index=False):
            where = _("Line {row}").format(row=int(problem.row)) if pd.notna(problem.row) else escape_markdown(problem.file)
            # A column's name and a code are the format's words, the same in every language: shown as code.
            column = f" · {_as_code(problem.column)}" if problem.column else ""
            severity = _(SEVERITY_WORDS.get(problem.severity, problem.severity))
            st.markdown(f"**{where}**{column} · {severity} {_as_code(problem.code)}: {escape_markdown(problem.message)}")
        if len(shown) > len(listed):
            more = format_number(len(shown) - len(listed))
            st.caption(_("… and {count} more: narrow the table with the filters above, or download the full report.").format(count=more))


def _show_charts(upload_draft: Draft, key: tuple[object, ...], digest: str) -> None:
    # `digest` (the file's sha256) names the controls, so another file starts with controls of its own.
    st.header(_("Charts with the uploaded data"))
    dataset, result = upload_draft.dataset, upload_draft.upload
    view = st.selectbox(_("View"), [v for v in CHART_VIEWS if v in VIEWS], format_func=lambda v: _(VIEWS[v].title), key="upload.view")
    spec = VIEWS[view]
    # The view starts on the pair, indicator and period the file says most about, so that its own claims are drawn.
    first = _first_params(key, view, upload_draft)
    params = view_controls(spec, dataset, first=first, key_prefix=f"upload.{digest[:12]}.")
    for i, fig in enumerate(spec.build(dataset, params)):
        # Not show_chart: these charts are of unpublished data, so no snapshot or citation is offered for them.
        meta = dict(fig.layout.meta or {})
        event = st.plotly_chart(fig, key=f"upload.chart.{view}.{i}", config=PLOTLY_CONFIG, width="stretch", on_select="rerun", selection_mode="points")
        st.caption(_("Preview of unpublished data. {source_line}").format(source_line=escape_markdown(meta.get("source_line", ""))))
        clicked = list(dict.fromkeys([*picked_point(fig, dataset, key=f"upload.chart.{view}.{i}"), *clicked_claims(event)]))
        if clicked:
            picked = result.claims[text_isin(result.claims["claim_id"], clicked)]
            show_claims_behind(dataset, view, clicked, uploaded_lines=dict(zip(picked["claim_id"].astype(str), picked["row"].astype(int), strict=True)))


def upload_page() -> None:
    st.title(_("Upload"))
    st.caption(
        _(
            "Check a CSV before it is published: our claims format, or a file exactly as downloaded from UN Comtrade (Plus or legacy), "
            "World Bank WITS or the IMF (DOTS, CDIS). Files up to {viewer_limit} without signing in, up to {analyst_limit} for a signed-in analyst."
        ).format(viewer_limit=_megabytes(viewer_max_upload_bytes()), analyst_limit=_megabytes(upload_limit_bytes()))
    )
    left, right = st.columns(2)
    left.download_button(_("Download the claims template (CSV)"), claims_template(), file_name="claims-template.csv", mime="text/csv", key="upload.template")
    with right.expander(_("What every column means, and the publisher formats we read")):
        # Our own documentation page (docs/data-format.md), not text from an upload.
        page = bundled.format_page(current())  # in the reader's language, else in English
        st.markdown(page.read_text(encoding="utf-8") if page.exists() else _("See docs/data-format.md in the repository."))
    st.html(uploader_words(current()))
    uploaded = st.file_uploader(
        _("CSV or Excel file (or a claims file with the sources.csv and events.csv it cites)"),
        type=["csv", "txt", "tsv", "xlsx"],
        accept_multiple_files=True,
        key="upload.file",
        on_change=_forget_removed_file,
    )
    if uploaded:
        files = [(file.getvalue(), file.name) for file in uploaded]
        # Kept in the session: Streamlit forgets a file picker that is not drawn, so going to the sign-in page and
        # back would otherwise mean choosing the files again.
        st.session_state[KEPT_UPLOAD] = files
    elif KEPT_UPLOAD in st.session_state:
        files = st.session_state[KEPT_UPLOAD]
        names = ", ".join(f"**{escape_markdown(name)}**" for _, name in files)
        still = n_(
            "Still checking {names}, the file you chose before leaving this page.",
            "Still checking {names}, the files you chose before leaving this page.",
            len(files),
        )
        st.markdown(still.format(names=names))
        forget = n_("Forget this file", "Forget these files", len(files))
        st.button(forget, key="upload.forget", on_click=_forget_kept_file, icon=":material/close:")
    else:
        return
    first, *others = files
    show_upload(*first, companions=others)


def _forget_removed_file() -> None:
    # The analyst removed the files from the picker (new files replace the kept ones on the run that follows).
    if not st.session_state.get("upload.file"):
        _forget_kept_file()


def _forget_kept_file() -> None:
    st.session_state.pop(KEPT_UPLOAD, None)
    st.session_state.pop(published_key(), None)  # the same file chosen again later starts a publish of its own


def _megabytes(size: int) -> str:
    megabytes = round(size / MB, 1)
    return _("{size} MB").format(size=format_number(megabytes, 0 if megabytes == int(megabytes) else 1))


def refused_for_a_viewer(size: int) -> str | None:
    """Why a file of `size` bytes is not checked for this session, or None when it is.

    The page needs no sign-in, and checking a file holds several times its size in memory for a while (see the bounds
    above): a visitor who is not signed in may check files up to ECON_TIES_VIEWER_MAX_UPLOAD_MB; a signed-in analyst
    up to ECON_TIES_MAX_UPLOAD_MB (which `validate_upload_bytes` enforces for everyone).
    """
    limit = viewer_max_upload_bytes()
    if size <= limit or current_analyst() is not None:
        return None
    return _(
        "This file is {size}; without signing in, files up to {viewer_limit} are checked. [Sign in as an analyst](sign-in) to check files up to {analyst_limit}."
    ).format(size=_megabytes(size), viewer_limit=_megabytes(limit), analyst_limit=_megabytes(upload_limit_bytes()))


# A file with no data rows is not of "no known format": the top of the page says what it is, in one sentence.
NO_DATA_ROWS = {
    "empty-file": N_("{file} is empty: there is nothing to check or publish."),
    "header-only": N_("{file} has a header row but no data rows: there is nothing to check or publish."),
}


def nothing_to_check(result: UploadResult, file_name: str) -> str | None:
    """The sentence for a file that has no data rows (empty, or a header only), or None when it has some."""
    code = next((p.code for p in result.report.errors if p.code in NO_DATA_ROWS), None)
    if code is None:
        return None
    return _(NO_DATA_ROWS[code]).format(file=escape_markdown(file_name))


def _offer_valid_claims(result: UploadResult, published: Dataset, file_name: str) -> None:
    # One file that uploads again as it is: the valid claims, each row with the columns of its source.
    st.download_button(
        _("Download the valid claims in our format (CSV)"),
        lambda: valid_claims_file(result, published.sources),
        file_name=f"{file_name.rsplit('.', 1)[0]}.claims.csv",
        key="upload.claims",
        on_click="ignore",
    )
    if result.sources:
        sources = pd.DataFrame([s.model_dump(mode="json") for s in result.sources.values()])
        st.caption(_("The file brings its own source (the download above carries it in the source_ columns):"))
        st.dataframe(sources, hide_index=True)


def show_upload(data: bytes, file_name: str, companions: list[tuple[bytes, str]] | None = None) -> None:
    """Everything under the file picker for one upload: format, report, preview, charts, publish step. `companions`
    are the files chosen with it (the sources and events its claims cite)."""
    files = [(data, file_name), *(companions or [])]
    refusal = refused_for_a_viewer(sum(len(d) for d, _ in files))
    if refusal is not None:
        st.error(refusal, icon=":material/lock:")
        return
    # The revision's recorded hash, not `Dataset.content_hash` (which hashes every published claim again).
    published, revision = shown_published()
    digest = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for d, _ in files)).hexdigest() if companions else hashlib.sha256(data).hexdigest()
    upload_name = ", ".join(name for _, name in files)  # what the draft and the revision record name; downloads take the first file's
    checked_key = (database_url(), digest, upload_name, revision.number, revision.content_hash)
    fresh = checked_key not in _CHECKED
    result = _checked(checked_key, files, published)
    nothing = nothing_to_check(result, upload_name)
    if nothing is not None:
        st.error(nothing, icon=":material/draft:")
    elif result.format_name or not companions:  # several files with no one claims file among them: the error says so
        read_as = escape_markdown(_(result.format_name) if result.format_name else _("no known format"))
        st.write(_("Read as **{format}**: {count} valid claims.").format(format=read_as, count=format_number(len(result.claims))))
    if len(result.aggregates):
        with st.expander(_("{count} rows about regions and country groups, kept apart from country claims").format(count=len(result.aggregates))):
            st.dataframe(result.aggregates, hide_index=True)
    _show_report(result, file_name)
    if result.claims.empty:
        return
    _offer_valid_claims(result, published, file_name)
    st.header(_("What would change"))
    # One choice for the preview, the charts and the publish step: what is previewed is what is published.
    replace_all = st.checkbox(_("Preview as the whole claim set (published claims the file leaves out would be removed)"), key="upload.preview-replace")
    draft_key = (checked_key, replace_all)
    fresh = fresh or draft_key not in _DRAFTS
    upload_draft = _drafted(draft_key, result, revision, replace_all, upload_name)
    if fresh:
        # A new check or draft may have evicted older ones: drop what the views derived from their preview datasets
        # and hand the freed buffers back to the operating system (`econ_ties.io.memory`), so that memory does not
        # stay with the process at the high-water mark of the uploads it has seen.
        forget_freed_datasets()
        release_freed_memory()
    show_preview(upload_draft)
    _show_charts(upload_draft, draft_key, digest)
    publish_step(upload_draft, file_name=upload_name, upload_id=digest)
