"""What every figure says about itself: the provenance in `fig.layout.meta`, the hover box of a claim, and the claim
ids a click on a bar or dot names.

`figure_meta` builds the contract every chart meets (keys in `META_KEYS`): title, subtitle (what is measured), source
line, notes (bounds, conflicts), claim and source ids, source URLs and a one-sentence text alternative, so the pages,
the snapshot export and the tests read the same facts. The small text helpers the charts share live here too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from econ_ties.language import N_, _, n_
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim
from econ_ties.model.schema import INDICATOR_LABELS, SECTOR_LABELS, Indicator, speaker_with_role

QUALIFIER_TEXT = {
    "exact": N_("as stated"),
    "about": N_("approximate (“about”)"),
    "at_least": N_("lower bound (“over”): the true figure is higher"),
    "at_most": N_("upper bound (“under”): the true figure is lower"),
    "majority": N_("“the majority”: no figure stated"),
}


def qualifier_text(qualifier: Any) -> str:
    """What a claim's qualifier says about its figure, in the reader's language (the code itself when it is none we know)."""
    code = cell_text(qualifier)
    return _(QUALIFIER_TEXT[code]) if code in QUALIFIER_TEXT else code


META_KEYS = ("title", "subtitle", "source_line", "notes", "claim_ids", "source_ids", "source_urls", "alt_text")


def indicator_name(indicator: str) -> str:
    """An indicator as a reader calls it ("Trade turnover"), in the reader's language; an unknown code as it is."""
    return _(INDICATOR_LABELS[Indicator(indicator)]) if indicator in Indicator._value2member_map_ else indicator


def sector_name(sector: str) -> str:
    """A sector as a reader calls it ("Non-oil"), in the reader's language; a product code as it is."""
    return _(SECTOR_LABELS[sector]) if sector in SECTOR_LABELS else sector


def cell_text(value: Any) -> str:
    """A cell as text: empty for a missing value (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def source_line(rows: pd.DataFrame, *, limit: int = 4) -> str:
    """ "Sources: Deputy Economy Minister … Niyazi Safarov, via Azernews, 21 Feb 2022; …" — who said it, where, when."""
    if rows.empty or "attribution" not in rows:
        return _("Source: no claims in this view")
    attributions = list(dict.fromkeys(cell_text(a) for a in rows["attribution"] if cell_text(a)))
    shown = attributions[:limit]
    more = len(attributions) - len(shown)
    listed = "; ".join(shown) + (_("; and {count} more").format(count=more) if more > 0 else "")
    return n_("Source: {sources}", "Sources: {sources}", len(attributions)).format(sources=listed)


def figure_meta(title: str, subtitle: str, rows: pd.DataFrame, notes: Iterable[str], alt_text: str, *, extra_sources: Sequence[Any] = ()) -> dict[str, Any]:
    """The provenance every figure carries in `fig.layout.meta` (see the contracts: keys in META_KEYS)."""
    source_ids = list(dict.fromkeys([*(cell_text(s) for s in rows.get("source_id", [])), *(cell_text(s) for s in extra_sources)]))
    urls = list(dict.fromkeys(cell_text(u) for u in rows.get("url", []) if cell_text(u)))
    return {
        "title": title,
        "subtitle": subtitle,
        "source_line": source_line(rows),
        "notes": list(dict.fromkeys(notes)),
        "claim_ids": [str(c) for c in rows.get("claim_id", [])],
        "source_ids": [s for s in source_ids if s],
        "source_urls": urls,
        "alt_text": alt_text,
    }


def records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts: much cheaper than iterrows on Arrow-backed string columns."""
    # to_numpy(dtype=object) converts an Arrow-backed column in one go; tolist() walks it one Arrow scalar at a time.
    columns = [rows[c].to_numpy(dtype=object).tolist() for c in rows.columns]
    return [dict(zip(rows.columns, values, strict=True)) for values in zip(*columns, strict=True)]


def escaped(value: Any) -> str:
    """A cell as text safe inside plotly's HTML-like labels."""
    return html.escape(cell_text(value), quote=False)


def hover_text(row: pd.Series, label: str = "") -> str:
    """Value, qualifier, period, speaker and source of one claim, for a hover box (HTML-escaped)."""
    speaker = speaker_with_role(cell_text(row.get("speaker")), cell_text(row.get("speaker_role"))) or _("not named")
    published = cell_text(row.get("date_published")) or _("date not stated")
    lines = [
        f"<b>{escaped(label)}</b>" if label else "",
        f"<b>{escaped(format_claim(row))}</b> — {escaped(qualifier_text(row['qualifier']))}",
        _("Period: {period}").format(period=escaped(row["period_label"])),
        _("Reported by: {country} side").format(country=escaped(country_name(cell_text(row["reporting_side"])))),
        _("Speaker: {speaker}").format(speaker=escaped(speaker)),
        _("Source: {publisher}, {day}").format(publisher=escaped(row.get("publisher")), day=escaped(published)),
        (_("Claim {claim} · uncertain") if bool(row.get("uncertain")) else _("Claim {claim}")).format(claim=escaped(row["claim_id"])),
    ]
    return "<br>".join(line for line in lines if line)


#: An event's marker names it in `customdata` as "event:<id>" (claim ids cannot hold a colon).
EVENT_PREFIX = "event:"


def claim_ids(rows: pd.DataFrame) -> list[str]:
    """The claim id of each drawn row, as a trace's `customdata`: a click on a bar or dot names the claim behind it
    (the dashboard shows that claim's quote and source under the chart)."""
    return [str(i) for i in rows["claim_id"]]


def direction_label(country: str, counterpart: str) -> str:
    """ "Russia → Azerbaijan": who invests (or exports) in whom, in the one way every page writes it."""
    return f"{country_name(country)} → {country_name(counterpart)}"


def who_said(row: pd.Series) -> str:
    """The speaker of a claim, else its publisher, else its source id: how two disagreeing bars are told apart."""
    return cell_text(row.get("speaker")) or cell_text(row.get("publisher")) or cell_text(row["source_id"])
