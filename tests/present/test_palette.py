"""The chart palette stays apart for colour-blind readers (issue 17 item 9).

Every pair of colours that marks different series in one chart is simulated as a reader with protanopia or
deuteranopia sees it (Machado, Oliveira & Fernandes 2009, severity 1, applied in linear RGB) and compared in CIELAB with
CIEDE2000. A pair closer than MIN_DISTANCE fails: 10 is about where two flat colours side by side stop being told
apart at a glance (a just noticeable difference is about 1 to 2.3). Okabe–Ito keeps every pair the house uses at 12 or
more; a red/green pair such as matplotlib's tab:red and tab:green falls to about 5 under deuteranopia.
"""

from __future__ import annotations

import itertools
import math

import plotly.graph_objects as go
import pytest

from econ_ties.present.charts import style
from econ_ties.present.charts.partners import OTHERS_COLOUR

MIN_DISTANCE = 10.0
#: Machado et al. (2009), Table 1 at severity 1.0: linear RGB → linear RGB as a dichromat sees it.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}
Lab = tuple[float, float, float]


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def simulated(hex_colour: str, deficiency: str) -> tuple[float, float, float]:
    """The sRGB colour a reader with `deficiency` sees for `hex_colour`."""
    linear = [_linear(c) for c in _rgb(hex_colour)]
    r, g, b = (_encoded(sum(m * c for m, c in zip(row, linear, strict=True))) for row in MACHADO[deficiency])
    return r, g, b


def lab(srgb: tuple[float, float, float]) -> Lab:
    """sRGB (D65) → CIELAB."""
    r, g, b = (_linear(c) for c in srgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    if c1 * c2 == 0:
        dh, h_mean = 0.0, h1 + h2
    else:
        dh = h2 - h1 if abs(h2 - h1) <= 180 else (h2 - h1 - 360 if h2 - h1 > 180 else h2 - h1 + 360)
        h_mean = (h1 + h2) / 2 if abs(h1 - h2) <= 180 else ((h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2)
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))) * 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def seen_apart(first: str, second: str, deficiency: str) -> float:
    return ciede2000(lab(simulated(first, deficiency)), lab(simulated(second, deficiency)))


def _too_close(colours: list[str]) -> list[str]:
    found = []
    for first, second in itertools.combinations(dict.fromkeys(c.upper() for c in colours), 2):
        for deficiency in MACHADO:
            distance = seen_apart(first, second, deficiency)
            if distance < MIN_DISTANCE:
                found.append(f"{first} and {second} under {deficiency}: ΔE2000 {distance:.1f} < {MIN_DISTANCE}")
    return found


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu & Dalal (2005), Table 1, pairs 1, 7 and 17
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ],
)
def test_ciede2000_matches_the_published_test_data(first: Lab, second: Lab, expected: float) -> None:
    assert ciede2000(first, second) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_catches_a_red_green_pair_and_leaves_grey_grey() -> None:
    assert _too_close(["#D62728", "#2CA02C"]) == [
        f"#D62728 and #2CA02C under deuteranopia: ΔE2000 {seen_apart('#D62728', '#2CA02C', 'deuteranopia'):.1f} < 10.0"
    ]
    assert simulated("#777777", "deuteranopia") == pytest.approx(_rgb("#777777"), abs=2e-3)


@pytest.mark.parametrize(
    ("chart", "colours"),
    [
        ("investment by sector (total, oil, non-oil)", list(style.SECTOR_COLOURS.values())),
        ("over time and disagreements (a colour per reporting side or statement)", list(style.SIDE_COLOURS)),
        ("investment statements by direction", [style.OKABE_ITO["vermillion"], style.OKABE_ITO["blue"], style.OKABE_ITO["green"]]),
        ("partners (a partner's bar and 'all others')", [style.SECTOR_COLOURS["total"], OTHERS_COLOUR]),
    ],
)
def test_colours_of_different_series_in_one_chart_stay_apart_for_colour_blind_readers(chart: str, colours: list[str]) -> None:
    assert _too_close(colours) == [], chart


def test_every_drawn_figure_keeps_its_series_colours_apart(every_figure: list[tuple[str, go.Figure]]) -> None:
    """What the views really draw at their defaults: the marker colours of a figure's traces and bars."""
    for view, fig in every_figure:
        colours: list[str] = []
        for trace in fig.data:
            colour = getattr(getattr(trace, "marker", None), "color", None)
            colours += [colour] if isinstance(colour, str) else [c for c in (colour or ()) if isinstance(c, str)]
        assert _too_close([c for c in colours if c.startswith("#")]) == [], f"{view}: {fig.layout.meta['title']}"
