"""The snapshot entry: every format opens at the requested size with its file name and MIME type, and an unknown
format or size is a clear error. These tests render through kaleido and Debian's Chromium (installed by
scripts/test.sh); one warm Chromium serves them."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest
from PIL import Image

from econ_ties.export.layout import SIZES
from econ_ties.export.provenance import DatasetStamp, SnapshotError
from econ_ties.export.snapshot import render_snapshot
from tests.export.support import open_pdf, render_export


@pytest.mark.parametrize("size", ["social", "print"])
def test_png_opens_at_twice_the_layout_size(chart: go.Figure, stamp: DatasetStamp, size: str) -> None:
    result = render_export(chart, "png", stamp, size)
    image = Image.open(io.BytesIO(result.data))
    image.verify()  # a corrupt chunk (bad CRC from the inserted text) fails here
    assert image.format == "PNG"
    assert image.size == (SIZES[size].width * 2, SIZES[size].height * 2)
    assert result.file_name == f"econ-ties-overview-{size}-2024-03-05.png"
    assert result.mime == "image/png"


@pytest.mark.parametrize("size", ["social", "print"])
def test_pdf_opens_as_one_page_of_the_requested_size(chart: go.Figure, stamp: DatasetStamp, size: str) -> None:
    result = render_export(chart, "pdf", stamp, size)
    assert result.data.rstrip().endswith(b"%%EOF")
    reader = open_pdf(result.data)
    assert len(reader.pages) == 1
    # Chromium prints a CSS pixel as 0.75 pt.
    assert float(reader.pages[0].mediabox.width) == pytest.approx(SIZES[size].width * 0.75, abs=1)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(SIZES[size].height * 0.75, abs=1)
    assert result.file_name == "econ-ties-overview-2024-03-05.pdf"
    assert result.mime == "application/pdf"


def test_unknown_format_or_size_is_a_clear_error(chart: go.Figure, stamp: DatasetStamp) -> None:
    with pytest.raises(SnapshotError, match="not an export format"):
        render_snapshot(chart, format="gif", stamp=stamp)
    with pytest.raises(SnapshotError, match="not an image size"):
        render_snapshot(chart, format="png", size="poster", stamp=stamp)
