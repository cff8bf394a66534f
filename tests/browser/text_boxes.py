"""Is a chart's text legible? The one check both the dashboard's charts and the snapshots' SVGs go through.

`drawn_text(page, selector)` reads, in Chromium, the box of every text element plotly drew inside each element that
`selector` names (titles, subtitles, annotations, axis titles, tick labels, legend texts, value labels): where it is on
the screen, how large its letters are once every transform is applied, and the box of the chart it belongs to.
`legibility_problems(texts)` then names, in words, every pair of texts that overlap by more than `TOLERANCE` pixels,
every text that runs out of its chart's box, and every text smaller than `MINIMUM_FONT_PX`. An empty list is a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Two boxes may touch or share this many pixels (anti-aliasing, rounding) before they count as overlapping.
TOLERANCE = 1.0
#: The smallest text a reader can read on a phone, in CSS pixels of letter size.
MINIMUM_FONT_PX = 10.0


@dataclass(frozen=True)
class DrawnText:
    """One text element as drawn: its words, its box on the screen, its letter size, and the box of its chart."""

    chart: str
    text: str
    left: float
    top: float
    right: float
    bottom: float
    font_px: float
    frame: tuple[float, float, float, float]  # the chart's left, top, right, bottom

    def overlap(self, other: DrawnText) -> tuple[float, float]:
        """How far the two boxes reach into each other, across and down (negative when they are apart)."""
        across = min(self.right, other.right) - max(self.left, other.left)
        down = min(self.bottom, other.bottom) - max(self.top, other.top)
        return across, down

    def outside(self) -> tuple[float, str]:
        """How far the box runs out of its chart's box, at most, in pixels (0 or less when it stays inside), and where."""
        left, top, right, bottom = self.frame
        return max((left - self.left, "left"), (top - self.top, "top"), (self.right - right, "right"), (self.bottom - bottom, "bottom"))


#: Every visible, non-empty <text> in the plotly SVGs under each matched element; hover boxes and the toolbar are not
#: chart text. The letter size is the font size times the scale of the element's transform to the screen (plotly
#: shrinks bar labels with a transform to fit their bars).
COLLECT = """
(selector) => {
  const found = [];
  document.querySelectorAll(selector).forEach((chart, index) => {
    const frame = chart.getBoundingClientRect();
    const name = `${index}: ${(chart.querySelector('.gtitle') || {}).textContent || 'chart'}`;
    chart.querySelectorAll('text').forEach((el) => {
      if (el.closest('.hoverlayer, .modebar, defs, clipPath')) return;
      const words = (el.textContent || '').trim();
      if (!words) return;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return;
      for (let up = el.parentElement; up && up !== chart; up = up.parentElement) {
        const s = getComputedStyle(up);
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return;
      }
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      const m = el.getScreenCTM();
      const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
      found.push({
        chart: name, text: words, left: box.left, top: box.top, right: box.right, bottom: box.bottom,
        font_px: parseFloat(style.fontSize) * scale, frame: [frame.left, frame.top, frame.right, frame.bottom],
      });
    });
  });
  return found;
}
"""


def drawn_text(page: Any, selector: str) -> list[DrawnText]:
    """The text drawn in every chart `selector` matches on the Playwright `page`, as it is on the screen now."""
    return [DrawnText(**{**item, "frame": tuple(item["frame"])}) for item in page.evaluate(COLLECT, selector)]


def legibility_problems(texts: list[DrawnText], *, tolerance: float = TOLERANCE, minimum_px: float = MINIMUM_FONT_PX) -> list[str]:
    """Every overlap, clipped text and too-small text, one sentence each naming the chart and the words."""
    problems = []
    for index, one in enumerate(texts):
        if one.font_px < minimum_px - 0.05:
            problems.append(f"[{one.chart}] {one.text!r} is {one.font_px:.1f} px tall, under {minimum_px:.0f} px")
        beyond, side = one.outside()
        if beyond > tolerance:
            problems.append(f"[{one.chart}] {one.text!r} runs {beyond:.0f} px out of its chart at the {side}")
        for other in texts[index + 1 :]:
            if other.chart != one.chart:
                continue
            across, down = one.overlap(other)
            if across > tolerance and down > tolerance:
                problems.append(f"[{one.chart}] {one.text!r} overlaps {other.text!r} by {across:.0f}×{down:.0f} px")
    return problems
