"""The Upload page's report shows every problem's message whole (issue 17, item 6): a table cell cuts a long sentence
off, so the messages of the problems shown are also listed in full, wrapped, under the table."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR

HEADER, *ROWS = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()


def upload_page(data: bytes, file_name: str) -> None:
    from econ_ties.app.upload import show_upload

    show_upload(data, file_name)


def test_every_message_of_the_report_is_shown_whole() -> None:
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.checks.uploads import validate_upload_bytes
    from econ_ties.model.inert_text import escape_markdown

    s1, s3 = (next(line for line in ROWS if line.startswith(f"{claim_id},")) for claim_id in ("S1", "S3"))
    lines = [HEADER, s1.replace(",1.2,", ",twelve,"), s3.replace(",todayaz-225588,", ",a-source-nobody-has-heard-of,"), ""]
    data = "\n".join(lines).encode()
    messages = [p.message for p in validate_upload_bytes(data, "bad.csv", load_dataset(DATA_DIR)[0].sources).report.problems]
    assert len(messages) >= 2 and max(map(len, messages)) > 60, messages  # longer than a table cell shows
    app = AppTest.from_function(upload_page, default_timeout=60, args=(data, "bad.csv")).run()
    assert not app.exception, app.exception
    whole = next(e for e in app.expander if "in full" in e.label)
    shown = " ".join(m.value for m in whole.markdown)
    for message in messages:
        assert escape_markdown(message) in shown, (message, shown)
    assert "**Line 2** · `value` · error `type-error`: " in shown  # the format's column and code, as code
