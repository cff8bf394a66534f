"""Conflicts: two claims about the same thing that disagree. Data, not errors: listed so the views show them side by side.

"The same thing" reads across the mirror: the turnover between two countries is one figure whichever of them states
it, and one country's exports to the other are the other's imports from it. So Azerbaijan's statement of its turnover
with Russia (AZE, RUS) and Russia's statement of its turnover with Azerbaijan (RUS, AZE) are compared, and so are
Azerbaijani exports to Russia (exports, AZE, RUS) and Russian imports from Azerbaijan (imports, RUS, AZE). Figures in
different currencies are never compared (300 billion roubles do not disagree with $4.17 billion).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.rules.keys import SUBJECT_KEY

#: What a flow between two countries is called when the other country states it: the indicator of (counterpart,
#: country) that is the same figure. Indicators not named here (balance, share, rank, investment) have no mirror.
MIRRORED = {
    "trade_turnover": "trade_turnover",
    "exports": "imports",
    "imports": "exports",
    "trade_turnover_growth": "trade_turnover_growth",
    "exports_growth": "imports_growth",
    "imports_growth": "exports_growth",
}
#: The columns two claims must share to be about the same thing, once read across the mirror.
CONFLICT_KEY = [*SUBJECT_KEY, "currency"]


def same_subject(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The conflict key columns of `frame`, with each mirrored flow written one way round: the pair in alphabetical
    order of its codes, the indicator as the first country of the pair would call it.

    Indicator, country and counterpart come back as integer codes (a million rows are compared and swapped as
    integers, not text), with the names of the codes; `subject_text` turns the codes back into text for the rows that
    need it.
    """
    indicators, indicator_names = pd.factorize(frame["indicator"].to_numpy(dtype=object), use_na_sentinel=False)
    names = [str(i) for i in indicator_names]
    names += [m for m in dict.fromkeys(MIRRORED.get(i, i) for i in names) if m not in names]
    mirror_of = np.array([names.index(MIRRORED.get(i, i)) for i in names], dtype=np.int64)
    has_mirror = np.array([i in MIRRORED for i in names], dtype=bool)
    n = len(frame)
    both = np.concatenate([frame["country"].to_numpy(dtype=object), frame["counterpart"].to_numpy(dtype=object)])
    countries, country_names = pd.factorize(both, use_na_sentinel=False)
    alphabetical = np.argsort(np.argsort(np.array([str(c) for c in country_names], dtype=object), kind="stable"), kind="stable")
    country, counterpart = countries[:n], countries[n:]
    swap = has_mirror[indicators] & (alphabetical[country] > alphabetical[counterpart])
    key = frame[CONFLICT_KEY].copy()
    key["indicator"] = np.where(swap, mirror_of[indicators], indicators)
    key["country"] = np.where(swap, counterpart, country)
    key["counterpart"] = np.where(swap, country, counterpart)
    return key, {"indicator": np.array(names, dtype=object), "country": np.asarray(country_names, dtype=object)}


def subject_text(key: pd.DataFrame, names: dict[str, np.ndarray]) -> pd.DataFrame:
    """The key columns of `same_subject` as text again."""
    return key.assign(
        indicator=names["indicator"][key["indicator"].to_numpy()],
        country=names["country"][key["country"].to_numpy()],
        counterpart=names["country"][key["counterpart"].to_numpy()],
    )


def find_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims about the same indicator, pair, sector, period and currency that disagree — from different sides or
    sources, either side of the mirror (see the module's docstring).

    Returns one row per claim in a conflict with a `conflict` key (the same for both sides of the mirror), and
    `gap_pct`: how far the group's largest stated figure is above its smallest, in percent of the smallest. Nothing is
    averaged. Groups come in the order they first appear, each group's claims in their own order. Column-wise (group
    sizes, distinct counts, minimum and maximum per group), so a million claims cost a few group-bys, not a loop over
    hundreds of thousands of groups.
    """
    columns = [*frame.columns, "conflict", "gap_pct"]
    stated_rows = np.flatnonzero(frame["amount"].notna().to_numpy())
    if len(stated_rows) == 0:
        return pd.DataFrame(columns=columns)
    # Grouped on the key columns and the amount only; the wide frame is taken from once, at the end.
    narrow = frame[[*CONFLICT_KEY, "amount"]]
    narrow = narrow if len(stated_rows) == len(frame) else narrow.iloc[stated_rows]
    subject, names = same_subject(narrow)
    stated = subject.assign(amount=narrow["amount"])
    groups = stated.groupby(CONFLICT_KEY, sort=False, observed=True)
    amount = groups["amount"]
    in_conflict = ((amount.transform("size") >= 2) & (amount.transform("nunique") >= 2)).to_numpy()
    if not in_conflict.any():
        return pd.DataFrame(columns=columns)
    order = np.argsort(groups.ngroup().to_numpy()[in_conflict], kind="stable")  # group by group, rows in their order
    low = amount.transform("min").to_numpy(dtype=float)[in_conflict][order]
    high = amount.transform("max").to_numpy(dtype=float)[in_conflict][order]
    out = frame.iloc[stated_rows[in_conflict][order]].reset_index(drop=True)
    subject = subject_text(subject.iloc[np.flatnonzero(in_conflict)[order]], names).reset_index(drop=True)
    key = subject[CONFLICT_KEY[0]].astype(str)
    for column in CONFLICT_KEY[1:]:
        key = key + "|" + subject[column].astype(str)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(low == 0, np.nan, (high - low) / low * 100)
    return out.assign(conflict=key, gap_pct=gap)
