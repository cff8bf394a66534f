"""The Data & sources view: every claim as people read it (formatted figure, qualifier, who said it, the quote, the link,
its flags), the filters and search over it, and the table as it is downloaded."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from econ_ties.checks.dataset import Dataset
from econ_ties.language import N_, _
from econ_ties.model.columnwise import per_distinct, text_isin
from econ_ties.model.countries import country_name
from econ_ties.model.formatting import format_claim
from econ_ties.model.schema import SECTOR_LABELS, Indicator, speaker_with_role
from econ_ties.present.charts.provenance import cell_text, direction_label, qualifier_text
from econ_ties.present.views.base import ALL, ParamSpec, ViewSpec, indicator_label, sector_label
from econ_ties.present.views.choices import no_choices
from econ_ties.present.views.frames import claims_with_sources, codes_sorted, distinct
from econ_ties.present.views.memo import memoised

# The table's choices do not depend on other choices: worked out once per dataset (each looks at every claim).


def _table_indicators(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        present = set(distinct(claims_with_sources(dataset)["indicator"]))
        return [ALL, *[i.value for i in Indicator if i.value in present]]

    return list(memoised(dataset, "table-indicators", compute))


def _table_partners(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        claims = claims_with_sources(dataset)
        return [ALL, *codes_sorted(pd.concat([claims["country"], claims["counterpart"]]))]

    return list(memoised(dataset, "table-partners", compute))


def _table_sectors(dataset: Dataset, chosen: Mapping[str, str] | None = None) -> list[str]:
    def compute() -> list[str]:
        present = distinct(claims_with_sources(dataset)["sector"])
        basic = [s for s in SECTOR_LABELS if s in present]
        return [ALL, *basic, *sorted(s for s in present if s not in basic)]

    return list(memoised(dataset, "table-sectors", compute))


#: The flags a claim may carry, as the table names them.
FLAG_WORDS = {"uncertain": N_("uncertain"), "conflict": N_("conflict"), "bound": N_("bound")}
TABLE_COLUMNS = {
    "claim_id": N_("Claim"),
    "figure": N_("Figure"),
    "indicator_label": N_("Indicator"),
    "between": N_("Between"),
    "sector_label": N_("Sector"),
    "period_label": N_("Period"),
    "qualifier": N_("Qualifier"),
    "side": N_("Reported by"),
    "speaker": N_("Speaker"),
    "publisher": N_("Publisher"),
    "date_published": N_("Published"),
    "url": N_("Source link"),
    "quote": N_("Quote"),
    "quote_en": N_("Quote in English (our translation)"),
    "flags": N_("Flags"),
}


def _texts(values: np.ndarray) -> pd.arrays.ArrowStringArray:
    return pd.array(values, dtype="str")


_FIGURE_INPUTS = ["qualifier", "measure", "value", "amount", "decimals", "multiplier", "currency"]
_SEARCHED = ["claim_id", "figure", "indicator_label", "between", "period_label", "speaker", "publisher", "quote", "quote_en"]


def claims_table(dataset: Dataset) -> pd.DataFrame:
    """Every claim as people read it: formatted figure, qualifier, who said it, the quote, the link and its flags.

    Built column by column, each text formatted once per distinct input (`per_distinct`), so a million-claim revision
    costs seconds, not minutes."""

    def compute() -> pd.DataFrame:
        claims = claims_with_sources(dataset)
        conflicted = dataset.conflicts()["claim_id"]  # the ids alone: no join with the sources
        flag_inputs = pd.DataFrame(
            {
                "uncertain": claims["uncertain"].fillna(False).astype(bool).to_numpy(),
                "conflict": text_isin(claims["claim_id"], conflicted),
                "bound": claims["qualifier"].isin(["at_least", "at_most"]).to_numpy(),
            }
        )
        return pd.DataFrame(
            {
                "claim_id": claims["claim_id"],
                "figure": _texts(per_distinct(claims, _FIGURE_INPUTS, format_claim)),
                "indicator_label": _texts(per_distinct(claims, ["indicator"], lambda r: indicator_label(r["indicator"]))),
                "between": _texts(per_distinct(claims, ["country", "counterpart"], lambda r: direction_label(r["country"], r["counterpart"]))),
                "sector_label": _texts(per_distinct(claims, ["sector"], lambda r: sector_label(r["sector"]))),
                "period_label": claims["period_label"],
                "qualifier": _texts(per_distinct(claims, ["qualifier"], lambda r: qualifier_text(r["qualifier"]))),
                "side": _texts(per_distinct(claims, ["reporting_side"], lambda r: country_name(r["reporting_side"]))),
                "speaker": _texts(
                    per_distinct(claims, ["speaker_role", "speaker"], lambda r: speaker_with_role(cell_text(r["speaker"]), cell_text(r["speaker_role"])))
                ),
                "publisher": claims["publisher"],
                "date_published": claims["date_published"],
                "url": claims["url"],
                "quote": claims["quote"],
                "quote_en": claims["quote_en"],
                "flags": _texts(
                    per_distinct(flag_inputs, ["uncertain", "conflict", "bound"], lambda r: ", ".join(_(FLAG_WORDS[f]) for f in FLAG_WORDS if r[f]))
                ),
                # raw columns kept for filtering
                "indicator": claims["indicator"],
                "country": claims["country"],
                "counterpart": claims["counterpart"],
                "sector": claims["sector"],
            },
            index=claims.index,
        )

    return memoised(dataset, "table", compute)


def _search_text(dataset: Dataset) -> pd.Series:
    """What the table's search looks in: the shown columns of each row as one case-folded text (built on the first
    search, column by column)."""

    def compute() -> pd.Series:
        table = claims_table(dataset)
        text = table[_SEARCHED[0]].astype(str).fillna("")
        for column in _SEARCHED[1:]:
            text = text + " " + table[column].astype(str).fillna("")
        return text.str.casefold()

    return memoised(dataset, "search", compute)


def filter_claims_table(dataset: Dataset, params: Mapping[str, str]) -> pd.DataFrame:
    """The table rows a user's filters keep (search text matches any shown column, case-insensitive, as plain text)."""
    table = claims_table(dataset)
    masks = []
    if params.get("indicator", ALL) != ALL:
        masks.append(table["indicator"] == params["indicator"])
    if params.get("partner", ALL) != ALL:
        masks.append((table["country"] == params["partner"]) | (table["counterpart"] == params["partner"]))
    if params.get("sector", ALL) != ALL:
        masks.append(table["sector"] == params["sector"])
    query = (params.get("q") or "").casefold().strip()
    if query:
        masks.append(_search_text(dataset).str.contains(query, regex=False))
    if not masks:
        return table  # no filter: the table itself, not a copy of every row (read only, like every memoised frame)
    mask = np.logical_and.reduce([m.to_numpy(dtype=bool) for m in masks])
    return table[mask]


def table_for_download(table: pd.DataFrame) -> pd.DataFrame:
    return table[list(TABLE_COLUMNS)].rename(columns={column: _(header) for column, header in TABLE_COLUMNS.items()})


VIEW = ViewSpec(
    "data",
    N_("Data & sources"),
    {
        "q": ParamSpec("", no_choices, N_("Search claims, quotes, speakers and publishers"), label=N_("search"), free_text=True),
        "indicator": ParamSpec(
            ALL,
            _table_indicators,
            N_("Only claims about this indicator"),
            label=N_("indicator"),
            display=lambda v: _("All indicators") if v == ALL else indicator_label(v),
        ),
        "partner": ParamSpec(
            ALL,
            _table_partners,
            N_("Only claims involving this country"),
            label=N_("country"),
            display=lambda v: _("All countries") if v == ALL else country_name(v),
        ),
        "sector": ParamSpec(ALL, _table_sectors, N_("Only claims about this sector"), label=N_("sector"), display=sector_label),
    },
    lambda dataset, params: [],
    N_("Every claim with its quote, source link, qualifier and flags; download as CSV."),
    ":material/table:",
)
