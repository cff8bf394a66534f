"""The Upload page shows a report's messages in the reader's language, whatever went wrong in the file (issue 16, item
2): a publisher's download with broken cells, an unknown place and skipped rows, uploaded in Russian, lists every
message in Russian, while the problem codes stay the stable English ones."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from econ_ties.language import using
from tests.app.translation_check import page_text
from tests.checks.test_report_language_corpus import WITS, _edits, _publisher, _set
from tests.conftest import DATA_DIR

BROKEN = _publisher(WITS, _edits(_set("Year", {1: "next"}), _set("Partner Name", {2: "Narnia"}), _set("Export (US$ Thousand)", {3: "12,5.1"})))


def _upload(data: bytes, lang: str) -> None:
    from econ_ties.app.upload import show_upload
    from econ_ties.language import using

    with using(lang):
        show_upload(data, "wits.csv")


def test_a_broken_publisher_files_report_is_shown_in_russian_with_english_codes() -> None:
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.checks.uploads import validate_upload_bytes
    from econ_ties.model.inert_text import escape_markdown

    report = validate_upload_bytes(BROKEN, "wits.csv", load_dataset(DATA_DIR)[0].sources).report
    assert {"type-error", "unknown-country", "skipped-row"} <= {p.code for p in report.problems}
    at = AppTest.from_function(_upload, args=(BROKEN, "ru"), default_timeout=120)
    with using("ru"):
        at.run()
        russian = [p.shown_message for p in report.sorted()]
    assert not at.exception, at.exception
    text = page_text(at)
    for problem, message in zip(report.sorted(), russian, strict=True):
        assert message != problem.message and re.search("[а-яё]", message), message
        assert escape_markdown(message) in text or message in text, (message, text)
        assert problem.message not in text  # the English sentence is not shown
    table = next(frame.value for frame in at.dataframe if "код" in frame.value.columns)
    assert set(table["код"]) == {p.code for p in report.problems}  # the codes stay as they are
