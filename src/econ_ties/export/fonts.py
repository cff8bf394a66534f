"""The snapshot's font: one named family that has every letter of English, Azerbaijani and Russian.

Chromium draws a snapshot's text with whatever font fontconfig gives it for the family in the figure. A family that is
not installed falls back silently to another font, which may lack ə or the Cyrillic letters and draw missing-glyph
boxes instead. So the layout names `SNAPSHOT_FONT` explicitly (`export.layout`), and before the first render
`font_problem()` asks fontconfig (`fc-list`) for the family's regular and bold faces and checks that each has every
letter of `ALPHABETS`: a machine without the font gets one sentence naming the Debian package, not a drawing with boxes.
Characters outside our three alphabets (a Hebrew source title in an upload, say) are left to Chromium's fallback.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from econ_ties.language import _

#: The family every snapshot is drawn in (title, chart, source line, footer): Debian's fonts-dejavu-core.
SNAPSHOT_FONT = "DejaVu Sans"
FONT_PACKAGE = "fonts-dejavu-core"

#: The letters of the languages a snapshot is drawn in, and the signs its numbers and money use in them.
ALPHABETS = {
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "az": "AaBbCcÇçDdEeƏəFfGgĞğHhXxIıİiJjKkQqLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZz",
    "ru": "АаБбВвГгДдЕеЁёЖжЗзИиЙйКкЛлМмНнОоПпРрСсТтУуФфХхЦцЧчШшЩщЪъЫыЬьЭэЮюЯя",
    "signs": "0123456789 .,:;!?%$€№()[]«»“”„\"'’–—-+−×·…/&",
}

#: The faces a snapshot uses: regular text, and the bold of its title (fontconfig's weights 80 and 200).
_FACES = {"regular": 80, "bold": 200}


@dataclass(frozen=True)
class Face:
    """One face of a family as fontconfig lists it: its file and the code points it has."""

    file: str
    weight: int
    ranges: tuple[tuple[int, int], ...]

    def has(self, char: str) -> bool:
        code = ord(char)
        return any(low <= code <= high for low, high in self.ranges)


def _ranges(charset: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's charset ("20-7e a0-17f 259") as inclusive ranges of code points."""
    out = []
    for part in charset.split():
        low, _sep, high = part.partition("-")
        out.append((int(low, 16), int(high or low, 16)))
    return tuple(out)


def family_faces(family: str) -> list[Face] | None:
    """The upright faces of normal width fontconfig has for exactly this family, or None when fontconfig's `fc-list` is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run(
        [fc_list, "-f", "%{family}\t%{weight}\t%{slant}\t%{width}\t%{file}\t%{charset}\n", f":family={family}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout
    faces = []
    for line in listed.splitlines():
        families, weight, slant, width, file, charset = (line.split("\t") + [""] * 6)[:6]
        # fc-list matches any of a font's family names (a face of "DejaVu Sans Condensed" lists "DejaVu Sans" too):
        # keep the upright faces of normal width, the ones a plain request for the family gets.
        if family in families.split(",") and slant.strip() in ("", "0") and width.strip() in ("", "100") and weight.strip().isdigit():
            faces.append(Face(file, int(weight), _ranges(charset)))
    return faces


def missing_letters(face: Face, text: str) -> list[str]:
    """The characters of `text` (spaces aside) that the face has no glyph for, each once, in order."""
    return [char for char in dict.fromkeys(text) if not char.isspace() and not face.has(char)]


@functools.lru_cache(maxsize=8)
def _checked(family: str) -> tuple[str, str, tuple[str, ...]]:
    """What fontconfig says of `family`, once per process: ("no fc-list" | "not installed" | "lacks letters" | "", the
    face's file, the letters it lacks). The sentence is written at each call, in the reader's language."""
    faces = family_faces(family)
    if faces is None:
        return "no fc-list", "", ()
    for weight in _FACES.values():
        # The face fontconfig would pick for this weight: the nearest one it has.
        face = min(faces, key=lambda f: abs(f.weight - weight), default=None)
        if face is None:
            return "not installed", "", ()
        missing = missing_letters(face, "".join(ALPHABETS.values()))
        if missing:
            return "lacks letters", face.file, tuple(missing)
    return "", "", ()


def font_problem(family: str = SNAPSHOT_FONT) -> str | None:
    """One sentence saying why snapshots cannot be drawn in `family` here, or None when its faces have every letter."""
    install = f"apt-get install -y fontconfig {FONT_PACKAGE}"
    problem, file, missing = _checked(family)
    if problem == "no fc-list":
        return _("Image export checks its font with fontconfig's fc-list, which is not installed here: install it with `{command}` (as root).").format(
            command=install
        )
    if problem == "not installed":
        return _("Image export draws its text in the font {family}, which is not installed here: install it with `{command}` (as root).").format(
            family=family, command=install
        )
    if problem == "lacks letters":
        return _("The font {family} ({file}) has no letters {letters}, so a snapshot would draw boxes: install `{package}`.").format(
            family=family, file=file, letters=" ".join(missing[:12]) + (" …" if len(missing) > 12 else ""), package=FONT_PACKAGE
        )
    return None
