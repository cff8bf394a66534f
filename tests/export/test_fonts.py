"""The snapshot's font has every letter a snapshot shows in Azerbaijani and Russian, and the PNG is drawn in it.

Coverage is checked on the font file fontconfig resolves for `SNAPSHOT_FONT`, with FreeType (Pillow), independently of
`export.fonts`' own reading of fontconfig's charsets: a character the face has no glyph for is drawn as the face's
missing-glyph box, the same drawing as a private-use code point. The text is everything the laid-out snapshots of every
view hold in az and ru (title, subtitle, notes, source line, footer, axis titles, tick and bar labels, legend, hover
text) and every country name in both languages, so a new word or country is checked without naming it here. Then one
kaleido render of those characters shows none of them drawn as the missing-glyph box or as nothing, and the width
of a line of them matches the font file's own measure (another family would be narrower or wider). An az or ru PDF
gives back its title, subtitle, labels and footer as text with the letters intact, embeds only the snapshot font and
records its language.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from econ_ties.checks.dataset import Dataset
from econ_ties.export import fonts
from econ_ties.export.fonts import SNAPSHOT_FONT, family_faces, font_problem
from econ_ties.export.layout import SIZES, export_figure
from econ_ties.export.provenance import DatasetStamp, SnapshotError
from econ_ties.export.renderer import CHROMIUM, WarmChromium, chromium_problem
from econ_ties.export.snapshot import render_snapshot
from econ_ties.language import _, using
from econ_ties.model.countries import country_name, known_codes
from econ_ties.present.views import VIEWS
from tests.export.support import EXPORTED, open_pdf
from tests.present.test_languages import CASES

#: A private-use code point: no font of ours has it, so every renderer draws it as the missing-glyph box (.notdef).
MISSING = "\ue000"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def snapshot_text(dataset: Dataset, stamp: DatasetStamp, lang: str) -> str:
    """Every string the laid-out snapshots of every view hold in `lang`, and every country's name in it."""
    texts: list[str] = []
    with using(lang):
        for name, params in CASES:
            view = VIEWS[name]
            for fig in view.figures(dataset, view.resolve(dataset, params)[0]):
                laid_out = []
                for size in SIZES.values():
                    try:
                        laid_out.append(export_figure(fig, size=size, stamp=stamp, exported_on=EXPORTED))
                    except SnapshotError:  # a size too small for the chart is refused (the timeline without overlay, social)
                        continue
                assert laid_out, (name, params)
                texts += [text for spec in laid_out for text in _strings(spec)]
        texts += [country_name(code) for code in sorted(known_codes())]
    return "\n".join(texts)


def regular_face_file(family: str) -> str:
    faces = family_faces(family)
    assert faces, f"fontconfig has no face of {family}"
    return min(faces, key=lambda face: abs(face.weight - 80)).file


def letters_without_glyph(font_file: str, text: str) -> list[str]:
    """The characters of `text` the font file draws as its missing-glyph box (FreeType, through Pillow)."""
    font = ImageFont.truetype(font_file, 32)

    def drawn(char: str) -> bytes:
        image = Image.new("L", (64, 64))
        ImageDraw.Draw(image).text((8, 8), char, font=font, fill=255)
        return image.tobytes()

    box = drawn(MISSING)
    return [char for char in dict.fromkeys(text) if not char.isspace() and char != MISSING and drawn(char) == box]


@pytest.fixture(scope="module")
def shown(dataset: Dataset, stamp: DatasetStamp) -> dict[str, str]:
    return {lang: snapshot_text(dataset, stamp, lang) for lang in ("az", "ru")}


def test_the_snapshot_font_has_every_letter_a_snapshot_shows_in_azerbaijani_and_russian(shown: dict[str, str]) -> None:
    font_file = regular_face_file(SNAPSHOT_FONT)
    for lang, text in shown.items():
        assert set({"az": "əğış", "ru": "жщыя"}[lang]) <= set(text.lower())  # the text is in the language
        assert letters_without_glyph(font_file, text) == [], lang
    assert font_problem() is None


def test_a_font_without_cyrillic_or_azerbaijani_letters_would_be_caught(shown: dict[str, str]) -> None:
    # DejaVu Math TeX Gyre (in fonts-dejavu-core as well) has Latin and Greek but neither ə nor Cyrillic.
    math_file = regular_face_file("DejaVu Math TeX Gyre")
    assert {"ə", "Ə", "ж", "Р"} <= set(letters_without_glyph(math_file, shown["az"] + shown["ru"]))
    problem = font_problem("DejaVu Math TeX Gyre")
    assert problem and "ə" in problem and "Д" in problem and fonts.FONT_PACKAGE in problem
    # Liberation Sans, a common default sans-serif, has Cyrillic but not ə: the reason for naming the family.
    assert "ə" in (font_problem("Liberation Sans") or "")


def test_a_family_that_is_not_installed_is_one_sentence_naming_the_package() -> None:
    problem = font_problem("No Such Family Sans")
    assert problem is not None and "No Such Family Sans" in problem and f"apt-get install -y fontconfig {fonts.FONT_PACKAGE}" in problem


def test_the_sentence_is_in_the_reader_s_language_each_time() -> None:
    english = font_problem("No Such Family Sans")
    with using("ru"):
        russian = font_problem("No Such Family Sans")
    assert english != russian and russian is not None and "установ" in russian and "No Such Family Sans" in russian


def test_the_export_refuses_to_start_without_the_font_rather_than_draw_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("econ_ties.export.renderer.font_problem", lambda: font_problem("No Such Family Sans"))
    with pytest.raises(SnapshotError, match="No Such Family Sans"):
        WarmChromium().start()
    assert "No Such Family Sans" in (chromium_problem() or "")


def test_every_text_of_a_snapshot_names_the_snapshot_font(dataset: Dataset, stamp: DatasetStamp) -> None:
    view = VIEWS["partners"]
    with using("az"):
        fig = view.figures(dataset, view.resolve(dataset, {})[0])[0]
        svg = CHROMIUM.render(export_figure(fig, size=SIZES["social"], stamp=stamp, exported_on=EXPORTED), format="svg", width=1200, height=675, scale=1)
    families = {part.split(";")[0].strip().strip("'\"") for part in svg.decode().split("font-family:")[1:]}
    assert families == {SNAPSHOT_FONT}


_COLUMNS, _CELL, _SIZE = 24, 64, 40


def _cells(chars: list[str]) -> tuple[np.ndarray, int]:
    """One kaleido PNG with each character centred in its own cell, in the snapshot's font; and the number of rows."""
    rows = -(-len(chars) // _COLUMNS)
    width, height = _COLUMNS * _CELL, rows * _CELL
    annotations = [
        {
            "text": char,
            "x": (i % _COLUMNS + 0.5) * _CELL,
            "y": height - (i // _COLUMNS + 0.5) * _CELL,
            "xref": "x",
            "yref": "y",
            "showarrow": False,
            "xanchor": "center",
            "yanchor": "middle",
        }
        for i, char in enumerate(chars)
    ]
    spec = {
        "data": [],
        "layout": {
            "font": {"family": SNAPSHOT_FONT, "size": _SIZE, "color": "#000"},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": {"range": [0, width], "visible": False},
            "yaxis": {"range": [0, height], "visible": False},
            "plot_bgcolor": "#fff",
            "paper_bgcolor": "#fff",
            "annotations": annotations,
        },
    }
    png = CHROMIUM.render(spec, format="png", width=width, height=height, scale=1)
    return np.asarray(Image.open(io.BytesIO(png)).convert("L")), rows


def test_the_png_draws_every_letter_and_no_missing_glyph_box(shown: dict[str, str]) -> None:
    chars = sorted({char for text in shown.values() for char in text if not char.isspace()})
    cells, _rows = _cells([MISSING, "\u00a0", *chars])

    def cell(i: int) -> np.ndarray:
        row, column = divmod(i, _COLUMNS)
        return cells[row * _CELL : (row + 1) * _CELL, column * _CELL : (column + 1) * _CELL]

    box, blank = cell(0), cell(1)
    assert (box < 128).any() and not (blank < 128).any()  # the box is drawn, the blank is not: the comparison can tell
    boxed = [char for i, char in enumerate(chars, start=2) if np.array_equal(cell(i), box)]
    empty = [char for i, char in enumerate(chars, start=2) if np.array_equal(cell(i), blank)]
    assert (boxed, empty) == ([], [])


def test_the_png_is_drawn_in_the_font_file_fontconfig_resolves() -> None:
    line = "Azərbaycan ğış İÖÜÇ Россия жщыэюя"
    width, height, size = 1400, 120, 48
    spec = {
        "data": [],
        "layout": {
            "font": {"family": SNAPSHOT_FONT, "size": size, "color": "#000"},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "paper_bgcolor": "#fff",
            "plot_bgcolor": "#fff",
            "annotations": [{"text": line, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False}],
        },
    }
    ink = np.asarray(Image.open(io.BytesIO(CHROMIUM.render(spec, format="png", width=width, height=height, scale=1))).convert("L")) < 128
    columns = np.flatnonzero(ink.any(axis=0))
    drawn = columns[-1] - columns[0] + 1

    def measured(family: str) -> float:
        left, _top, right, _bottom = ImageFont.truetype(regular_face_file(family), size).getbbox(line)
        return right - left

    other = "Liberation Sans" if SNAPSHOT_FONT != "Liberation Sans" else "DejaVu Sans"  # another common sans-serif
    assert abs(measured(other) - measured(SNAPSHOT_FONT)) / measured(SNAPSHOT_FONT) > 0.05  # the measure tells fonts apart
    assert abs(drawn - measured(SNAPSHOT_FONT)) / measured(SNAPSHOT_FONT) < 0.02


def test_a_machine_without_fontconfig_is_told_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("econ_ties.export.fonts.shutil.which", lambda name: None)
    fonts._checked.cache_clear()
    try:
        problem = font_problem()
    finally:
        fonts._checked.cache_clear()
    assert problem is not None and "fc-list" in problem and f"apt-get install -y fontconfig {fonts.FONT_PACKAGE}" in problem


def _words(text: str) -> str:
    return " ".join(text.split())  # wrapped lines and CLDR's no-break spaces read as single spaces


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_a_pdf_snapshot_s_text_extracts_with_its_letters_intact_and_records_its_language(dataset: Dataset, stamp: DatasetStamp, lang: str) -> None:
    view = VIEWS["partners"]
    with using(lang):
        fig = view.figures(dataset, view.resolve(dataset, {})[0])[0]
        snapshot = render_snapshot(fig, format="pdf", stamp=stamp, view="partners", exported_on=EXPORTED)
        footer = _("econ-ties · {dataset} · exported {date}").format(dataset=stamp.label, date=EXPORTED.isoformat())
    reader = open_pdf(snapshot.data)
    text = _words(reader.pages[0].extract_text())
    meta = fig.layout.meta
    shown = [meta["title"], meta["subtitle"], *(str(name) for name in fig.data[0].y), footer]
    assert [item for item in shown if _words(item) not in text] == []
    assert set({"az": "əğış", "ru": "жщыя"}[lang]) <= set(text.lower())
    fonts_embedded = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts_embedded <= {SNAPSHOT_FONT.replace(" ", ""), SNAPSHOT_FONT.replace(" ", "") + "-Bold"}, fonts_embedded
    assert reader.metadata["/EconTiesLanguage"] == lang and reader.trailer["/Root"]["/Lang"] == lang and reader.xmp_metadata.dc_language == [lang]
