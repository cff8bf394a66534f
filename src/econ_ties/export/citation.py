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

from econ_ties.language import DEFAULT, N_, _, current
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim
from econ_ties.model.periods import Period, PeriodKind
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


def _possessive(text: str) -> str:
    """English possessives of names ending in s: the catalog writes "{country}'s", a reader reads "Philippines' exports"."""
    return re.sub(r"(?<=s)'s\b", "'", text)


#: What a figure is about, with {country} (who states it, or the investor) and {counterpart}.
_SUBJECTS = {
    Indicator.INVESTMENT_STOCK: N_("{country}'s investment in {counterpart}'s economy"),
    Indicator.FDI_FLOW: N_("direct investment from {country} in {counterpart}"),
    Indicator.FDI_POSITION: N_("{country}'s direct investment position in {counterpart}"),
    Indicator.TRADE_TURNOVER: N_("trade between {country} and {counterpart}"),
    Indicator.EXPORTS: N_("{country}'s exports to {counterpart}"),
    Indicator.IMPORTS: N_("{country}'s imports from {counterpart}"),
    Indicator.TRADE_BALANCE: N_("{country}'s trade balance with {counterpart}"),
    Indicator.TRADE_SHARE: N_("{counterpart}'s share of {country}'s trade"),
    Indicator.TRADE_TURNOVER_GROWTH: N_("the change in trade between {country} and {counterpart} on a year earlier"),
    Indicator.EXPORTS_GROWTH: N_("the change in {country}'s exports to {counterpart} on a year earlier"),
    Indicator.IMPORTS_GROWTH: N_("the change in {country}'s imports from {counterpart} on a year earlier"),
}


def _subject(claim: Claim) -> str:
    country, counterpart = country_name(claim.country), country_name(claim.counterpart)
    template = _SUBJECTS.get(claim.indicator)
    if template is None:
        return _("{indicator} between {country} and {counterpart}").format(indicator=claim.indicator.value, country=country, counterpart=counterpart)
    return _possessive(_(template).format(country=country, counterpart=counterpart))


def _sector_words(sector: str) -> str:
    label = SECTOR_LABELS.get(sector, sector)
    return label if sector not in SECTOR_LABELS else label.lower()


#: A part of a total in a sentence, one message per sector so each reads whole in every language; another sector
#: takes the general form with its English name.
_PARTS = {
    "sector": {"oil": N_("{amount} in the oil sector"), "non_oil": N_("{amount} in the non-oil sector"), "": N_("{amount} in the {sector} sector")},
    "majority": {"oil": N_("the majority of it oil"), "non_oil": N_("the majority of it non-oil"), "": N_("the majority of it {sector}")},
    "first": {"oil": N_("{amount} of it in oil"), "non_oil": N_("{amount} of it in non-oil"), "": N_("{amount} of it in {sector}")},
    "next": {"oil": N_("{amount} in oil"), "non_oil": N_("{amount} in non-oil"), "": N_("{amount} in {sector}")},
}


def _part(kind: str, sector: str, amount: str = "") -> str:
    template = _PARTS[kind].get(sector, _PARTS[kind][""])
    return _(template).format(amount=amount, sector=_sector_words(sector))


def _dated(period: Period, body: str, attribution: str) -> str:
    """The sentence around `body`: "In 2021, … (who, where, when)." or "As of Feb 2022, … (…)."."""
    if period.kind is PeriodKind.AS_OF:
        return _capitalised(_("{period}, {body} ({attribution}).").format(period=period.label, body=body, attribution=attribution))
    return _capitalised(_("In {period}, {body} ({attribution}).").format(period=period.label, body=body, attribution=attribution))


def _claim_sentence(main: Claim, parts: list[Claim], attribution: str) -> str:
    period = main.period
    country, counterpart = country_name(main.country), country_name(main.counterpart)
    if main.indicator is Indicator.TRADE_PARTNER_RANK:
        rank = format_claim(_claim_row(main))
        if rank == "1st":
            body = _("{counterpart} was {country}'s largest trade partner").format(counterpart=counterpart, country=country)
        else:
            ordinal = _ORDINAL_WORDS.get(rank, rank) if current() == DEFAULT else rank
            body = _("{counterpart} was {country}'s {rank}-largest trade partner").format(counterpart=counterpart, country=country, rank=ordinal)
        body = _possessive(body)
        if period.kind is PeriodKind.AS_OF:  # "Azerbaijan was Russia's 3rd-largest trade partner as of Feb 2022"
            return _capitalised(_("{body} {period} ({attribution}).").format(body=body, period=period.label, attribution=attribution))
        return _dated(period, body, attribution)
    amount = _spelled(format_claim(_claim_row(main)))
    if main.sector != "total":
        amount = _part("sector", main.sector, amount)
    pieces = []
    for index, part in enumerate(parts):
        if part.qualifier is Qualifier.MAJORITY:
            pieces.append(_part("majority", part.sector))
        else:
            pieces.append(_part("first" if index == 0 else "next", part.sector, _spelled(format_claim(_claim_row(part)))))
    tail = (", " + _(" and ").join(pieces)) if pieces else ""
    verb = _("{subject} totaled {amount}") if main.qualifier is Qualifier.EXACT else _("{subject} was {amount}")
    return _dated(period, verb.format(subject=_subject(main), amount=amount) + tail, attribution)


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
    what = title or _("Figures")
    if subtitle:
        what = f"{what} ({subtitle})"
    ordered = list(dict.fromkeys(attributions[c.source_id] for c in claims))
    return _("{what}. Sources: {sources}.").format(what=what, sources="; ".join(ordered))


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
