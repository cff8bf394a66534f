"""Beside the download: a citation sentence ready to paste, a permalink to the exact view, and an embed snippet.

`citation(dataset, claim_ids)` writes who said each figure, where and when, in words ("over $1.2 billion, the majority
of it non-oil"): a bound stays a bound, parts follow their total, a rank reads as "third-largest"; a chart with more
statements than a few sentences can hold gets one summary sentence naming its sources. `permalink(view, params)` puts
every parameter of the view in the address, and `embed_snippet(link, title=...)` wraps it in an iframe of Streamlit's
embed mode. Numbers come from `model.formatting.format_claim`, the one money formatter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from econ_ties.language import DEFAULT, current
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim
from econ_ties.model.schema import SECTOR_LABELS, Claim, Indicator, Qualifier

if TYPE_CHECKING:
    from econ_ties.checks.dataset import Dataset

_SPELLED_UNITS = {"K": "thousand", "M": "million", "B": "billion", "T": "trillion"}
_ORDINAL_WORDS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "6th": "sixth",
    "7th": "seventh",
    "8th": "eighth",
    "9th": "ninth",
    "10th": "tenth",
}


def _spelled(amount: str) -> str:
    """'$6.3B' as a sentence writes it: '$6.3 billion' (the number itself comes from `format_claim`)."""
    return re.sub(r"(\d)([KMBT])\b", lambda m: f"{m.group(1)} {_SPELLED_UNITS[m.group(2)]}", amount)


def _claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "qualifier": claim.qualifier.value,
        "measure": claim.measure.value,
        "value": claim.value,
        "amount": claim.amount,
        "decimals": claim.stated_decimals,
        "multiplier": claim.scale.multiplier,
        "currency": claim.currency,
    }


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _subject(claim: Claim) -> str:
    country, counterpart = country_name(claim.country), country_name(claim.counterpart)
    subjects = {
        Indicator.INVESTMENT_STOCK: f"{_possessive(country)} investment in {_possessive(counterpart)} economy",
        Indicator.FDI_FLOW: f"direct investment from {country} in {counterpart}",
        Indicator.FDI_POSITION: f"{_possessive(country)} direct investment position in {counterpart}",
        Indicator.TRADE_TURNOVER: f"trade between {country} and {counterpart}",
        Indicator.EXPORTS: f"{_possessive(country)} exports to {counterpart}",
        Indicator.IMPORTS: f"{_possessive(country)} imports from {counterpart}",
        Indicator.TRADE_BALANCE: f"{_possessive(country)} trade balance with {counterpart}",
        Indicator.TRADE_SHARE: f"{_possessive(counterpart)} share of {_possessive(country)} trade",
        Indicator.TRADE_TURNOVER_GROWTH: f"the change in trade between {country} and {counterpart} on a year earlier",
        Indicator.EXPORTS_GROWTH: f"the change in {_possessive(country)} exports to {counterpart} on a year earlier",
        Indicator.IMPORTS_GROWTH: f"the change in {_possessive(country)} imports from {counterpart} on a year earlier",
    }
    return subjects.get(claim.indicator, f"{claim.indicator.value} between {country} and {counterpart}")


def _sector_words(sector: str) -> str:
    label = SECTOR_LABELS.get(sector, sector)
    return label if sector not in SECTOR_LABELS else label.lower()


def _claim_sentence(main: Claim, parts: list[Claim], attribution: str) -> str:
    period = main.period.label
    if main.indicator is Indicator.TRADE_PARTNER_RANK:
        rank = format_claim(_claim_row(main))
        largest = f"{_ORDINAL_WORDS[rank]}-largest" if rank in _ORDINAL_WORDS else f"{rank}-largest"
        largest = largest.removeprefix("first-")
        body = f"{country_name(main.counterpart)} was {_possessive(country_name(main.country))} {largest} trade partner"
        opening = f"In {period}, " if not period.startswith("as of") else ""
        closing = f" {period}" if period.startswith("as of") else ""
        return _capitalised(f"{opening}{body}{closing} ({attribution}).")
    amount = _spelled(format_claim(_claim_row(main)))
    verb = "totaled" if main.qualifier is Qualifier.EXACT else "was"
    if main.sector != "total":
        amount = f"{amount} in the {_sector_words(main.sector)} sector"
    pieces = []
    for index, part in enumerate(parts):
        sector = _sector_words(part.sector)
        if part.qualifier is Qualifier.MAJORITY:
            pieces.append(f"the majority of it {sector}")
        else:
            part_amount = _spelled(format_claim(_claim_row(part)))
            pieces.append(f"{part_amount} of it in {sector}" if index == 0 else f"{part_amount} in {sector}")
    tail = (", " + " and ".join(pieces)) if pieces else ""
    when = f"{period[0].upper()}{period[1:]}, " if period.startswith("as of") else f"In {period}, "
    return _capitalised(f"{when}{_subject(main)} {verb} {amount}{tail} ({attribution}).")


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def citation(dataset: Dataset, claim_ids: Iterable[str], *, title: str = "", subtitle: str = "", max_sentences: int = 3) -> str:
    """A sentence (or three) ready to paste, with who said each figure, where and when.

    "As of Feb 2022, Russia's investment in Azerbaijan's economy totaled $6.3 billion, $5.0 billion of it in oil and
    $1.3 billion in non-oil (Deputy Economy Minister of Azerbaijan Niyazi Safarov, via Azernews, 17 Sep 2022)."
    Charts with more statements than that get one summary sentence naming the chart and its sources instead.
    """
    claims: list[Claim] = []
    for claim_id in dict.fromkeys(claim_ids):
        try:
            claims.append(dataset.claim(claim_id))
        except KeyError:
            continue
    if not claims:
        return ""
    groups: dict[tuple[str, ...], list[Claim]] = {}
    for claim in claims:
        key = (claim.indicator.value, claim.country, claim.counterpart, claim.period.text, claim.source_id)
        groups.setdefault(key, []).append(claim)
    attributions = {sid: dataset.source(sid).attribution if sid in dataset.sources else sid for sid in {c.source_id for c in claims}}
    if len(groups) <= max_sentences:
        sentences = []
        for members in groups.values():
            totals = [c for c in members if c.sector == "total"]
            if totals:
                sentences.append(_claim_sentence(totals[0], [c for c in members if c.sector != "total"], attributions[members[0].source_id]))
            else:
                sentences.extend(_claim_sentence(c, [], attributions[c.source_id]) for c in members)
        if len(sentences) <= max_sentences:
            return " ".join(sentences)
    what = title or "Figures"
    if subtitle:
        what = f"{what} ({subtitle})"
    ordered = list(dict.fromkeys(attributions[c.source_id] for c in claims))
    return f"{what}. Sources: {'; '.join(ordered)}."


def permalink(view: str, params: Mapping[str, Any], *, base_url: str = "", lang: str | None = None) -> str:
    """The address of the view with its parameters in the query string: `{base}/partners?reporter=AZE&period=2021`.

    Every parameter is written, defaults included, so the link keeps meaning the same view if a default changes. The
    language (`lang`, else the current one) is written as `lang=az` unless it is English, so a copied link opens in the
    language it was copied from; English is what a link without it means to a reader whose browser asks for no other.
    """
    lang = lang or current()
    pairs = [(name, str(value)) for name, value in params.items() if value not in (None, "") and name != "lang"]
    if lang != DEFAULT:
        pairs.append(("lang", lang))
    query = urlencode(pairs)
    return f"{base_url.rstrip('/')}/{quote(view)}" + (f"?{query}" if query else "")


def embed_snippet(link: str, *, title: str, height: int = 560) -> str:
    """An iframe of the view in Streamlit's embed mode (no toolbar or sidebar), with a title for screen readers."""
    separator = "&" if "?" in link else "?"
    source = f"{link}{separator}embed=true"
    return (
        f'<iframe src="{html.escape(source, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )
