"""IMF Coordinated Direct Investment Survey (CDIS): direct investment positions between two economies at year-end.

Only the total positions in US dollars are read (`IIW_BP6_USD` inward, `IOW_BP6_USD` outward, or the same series
named in words); equity/debt breakdowns and other currencies are skipped. An inward position of an economy is
investment by its counterpart in it, an outward one the reverse; positions "derived" from the counterpart's reports
(mirror data) name the counterpart as the reporting side. CDIS comes in the portal's timeSeries layout, read by
`imf_timeseries`, which hands each CDIS cell to `position` below.
"""

from __future__ import annotations

from econ_ties.io.publishers.format import ClaimRows, cell_quote, claim_id
from econ_ties.language import N_
from econ_ties.model.countries import is_country
from econ_ties.model.problems import said

IMF_CDIS_TIMESERIES = "IMF CDIS (timeSeries)"

#: IMF CDIS total positions (US dollars). Other CDIS series (equity/debt, other currencies) are skipped with a warning.
CDIS_CODES = {"IIW_BP6_USD": "inward", "IOW_BP6_USD": "outward"}


def is_cdis(code: str, name: str) -> bool:
    """A CDIS total position in US dollars (equity/debt breakdowns and other currencies are not)."""
    lowered = name.lower()
    if code in CDIS_CODES:
        return True
    return "direct investment positions" in lowered and lowered.endswith("us dollars") and "equity" not in lowered and "debt" not in lowered


def position(b: ClaimRows, line: int, row: dict[str, str], *, country: str, counterpart: str, name: str, code: str, period: str, column: str,
             status: str) -> None:  # fmt: skip
    """One CDIS cell: an inward position of `country` is investment by `counterpart` in it; outward is the reverse."""
    raw = row[column]
    value = b.number(line, column, raw)
    if value is None:
        return
    inward = CDIS_CODES.get(code) == "inward" or name.lower().startswith("inward")
    derived = "derived" in name.lower()
    investor, host = (counterpart, country) if inward else (country, counterpart)
    side = counterpart if derived else country
    if not is_country(side) or not is_country(investor) or not is_country(host):
        b.skip(line, said(N_("positions with the world as a party state no bilateral figure and are skipped")), "", "", kind=said(N_("world positions")))
        return
    scale = "million" if "millions" in name.lower() else "unit"
    notes = [f"IMF CDIS {code or name}", "derived from the counterpart's reports (mirror)" if derived else "reported by the reporting economy",
             "position at year-end (stock)", f"IMF status {status}" if status else ""]  # fmt: skip
    b.add(
        line,
        claim_id=claim_id("cdis", investor, host, "in" if inward else "out", "mirror" if derived else "", period),
        indicator="fdi_position", country=investor, counterpart=host, roles="investor/host", period=f"as of {period}-12-31" if len(period) == 4 else period,
        measure="stock", value=value, scale=scale, reporting_side=side,
        quote=cell_quote(b.format_name, column, value, f"{name} ({code})"),
        notes="; ".join(n for n in notes if n),
    )  # fmt: skip
