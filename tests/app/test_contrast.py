"""Every text colour of the dashboard has WCAG 2.2 AA contrast (4.5:1) against what it is drawn on: the theme's text
and links in .streamlit/config.toml, also where Streamlit fades them (captions, the sidebar's revision line), and the
charts' text, ticks and notes. The browser suite checks the drawn pages with axe-core (tests/browser/test_accessibility.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from econ_ties.present.charts import style

ROOT = Path(__file__).resolve().parents[2]
AA = 4.5
WHITE = "#ffffff"
#: Streamlit's light-theme background of the sidebar and of widgets (`theme.secondaryBackgroundColor`'s default).
SIDEBAR = "#f8f8f7"
#: The opacity Streamlit gives captions and the links in them (`theme.opacities.secondary`; no theme key sets it).
CAPTION_OPACITY = 0.6


def _rgb(colour: str) -> tuple[int, int, int]:
    named = {"white": WHITE, "black": "#000000"}
    digits = named.get(colour.lower(), colour).lstrip("#")
    assert len(digits) == 6, f"not a #rrggbb colour: {colour}"
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def faded(colour: str, opacity: float, background: str) -> str:
    """What the eye sees of `colour` drawn at `opacity` over `background`."""
    mixed = (round(opacity * f + (1 - opacity) * b) for f, b in zip(_rgb(colour), _rgb(background), strict=True))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def test_the_contrast_formula_matches_what_axe_measured() -> None:
    # The figures axe-core reported for Streamlit's defaults (issue 17), so the formula here is the one axe uses.
    assert faded("#2f2d2b", CAPTION_OPACITY, WHITE) == "#828180"
    assert int(contrast("#828180", WHITE) * 100) / 100 == 3.88  # axe cuts to two decimals
    assert faded("#244fb4", CAPTION_OPACITY, WHITE) == "#7c95d2"
    assert int(contrast("#7c95d2", WHITE) * 100) / 100 == 2.96
    assert int(contrast("#767676", WHITE) * 100) / 100 == 4.54


def _theme() -> dict[str, str]:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return config.get("theme", {})


@pytest.mark.parametrize("key", ["textColor", "linkColor"])
@pytest.mark.parametrize("background", [WHITE, SIDEBAR])
def test_theme_text_and_links_are_readable_also_faded_in_captions(key: str, background: str) -> None:
    theme = _theme()
    assert theme.get("base") == "light", "the colours below are chosen for the light theme's backgrounds"
    colour = theme.get(key)
    assert colour, f"[theme] {key} is not set: Streamlit's default fades to below 4.5:1 in a caption"
    assert contrast(colour, background) >= AA
    assert contrast(faded(colour, CAPTION_OPACITY, background), background) >= AA, f"{key} {colour} in a caption on {background}"


def test_chart_text_ticks_and_notes_are_readable_on_the_paper() -> None:
    paper = style.TEMPLATE.layout.paper_bgcolor
    assert style.TEMPLATE.layout.plot_bgcolor == paper
    fig = style.house_layout(style.new_figure(), {"title": "t", "subtitle": "s"})
    colours = {
        "layout font": fig.layout.font.color,
        "template font": style.TEMPLATE.layout.font.color,
        "x ticks": style.TEMPLATE.layout.xaxis.tickfont.color,
        "y ticks": style.TEMPLATE.layout.yaxis.tickfont.color,
    }
    colours |= {f"{sector} note": colour for sector, colour in style.SECTOR_TEXT_COLOURS.items()}
    too_faint = {name: (colour, round(contrast(colour, paper), 2)) for name, colour in colours.items() if colour is None or contrast(colour, paper) < AA}
    assert not too_faint
    assert set(style.SECTOR_TEXT_COLOURS) == set(style.SECTOR_COLOURS), "every sector's notes have a readable colour"


def test_every_text_drawn_in_the_views_charts_is_readable() -> None:
    # Each view's figures at its defaults on the curated data: annotations (notes such as "the majority non-oil"),
    # titles and the text on bars; a colour left unset is the house font's.
    from econ_ties.checks.dataset import load_dataset
    from econ_ties.present.views import VIEWS

    dataset = load_dataset(ROOT / "data")[0]
    too_faint = []
    for name, spec in VIEWS.items():
        params, _ = spec.resolve(dataset, {})
        for fig in spec.figures(dataset, params):
            house = fig.layout.font.color or style.TEMPLATE.layout.font.color or "#444444"  # plotly's own default
            paper = fig.layout.paper_bgcolor or style.TEMPLATE.layout.paper_bgcolor
            colours = [a.font.color for a in fig.layout.annotations] + [fig.layout.title.font.color]
            colours += [t.textfont.color for t in fig.data if getattr(t, "text", None) is not None and hasattr(t, "textfont")]
            for colour in colours:
                for one in [colour] if colour is None or isinstance(colour, str) else list(colour):
                    drawn = one or house
                    if contrast(drawn, paper) < AA:
                        too_faint.append((name, drawn, round(contrast(drawn, paper), 2)))
    assert not too_faint
