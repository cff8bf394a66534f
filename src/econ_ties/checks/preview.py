"""What an upload would change in the published data, shown before anything is published.

`preview_diff` compares uploaded claims with the published ones by claim id: claims added, claims changed (each
changed column with its old and new text), and — when the upload replaces the whole claim set — claims removed.
`differs_from_published` adds the warnings a reviewer needs most: an uploaded figure more than 10% away from a
published figure for the same thing (indicator, pair, sector, period), whoever stated it. Both work column-wise, so a
large upload costs a merge, not a loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from econ_ties.checks.rules.keys import SUBJECT_KEY
from econ_ties.language import N_, _
from econ_ties.model import canonical
from econ_ties.model.columns import CLAIM_COLUMNS
from econ_ties.model.columnwise import text_isin
from econ_ties.model.formatting import format_claim
from econ_ties.model.problems import Problem, Severity, Written, said

#: A figure further than this from a published one for the same thing is flagged (a warning, not an error).
DIFFERS_THRESHOLD = 0.10
CHANGE_COLUMNS = ["claim_id", "row", "column", "old", "new"]
_COMPARED = [c for c in CLAIM_COLUMNS if c != "claim_id"]


@dataclass
class PreviewDiff:
    added: pd.DataFrame
    changed: pd.DataFrame  # one row per changed cell: claim_id, row (line in the upload), column, old, new
    removed: pd.DataFrame
    unchanged: int
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        changed = self.changed["claim_id"].nunique() if len(self.changed) else 0
        return _("{added} added, {changed} changed, {removed} removed, {unchanged} unchanged").format(
            added=len(self.added), changed=changed, removed=len(self.removed), unchanged=self.unchanged
        )


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims as comparable text: their canonical text (the value with its stated digits, the flag as true/false)."""
    return canonical.claim_texts(frame, CLAIM_COLUMNS)


def preview_diff(uploaded: pd.DataFrame, published: pd.DataFrame, *, replace_all: bool = False, file: str = "") -> PreviewDiff:
    """Added, changed and removed claims if `uploaded` were published over `published` (matched by claim id).

    The differs-from-published warnings look only at added and changed claims: published conflicts stay as they are.
    """
    # Membership through Arrow's hash set (`econ_ties.model.columnwise`): pandas' isin takes seconds for a million ids.
    in_old = text_isin(uploaded["claim_id"], published["claim_id"])
    # A published id is uploaded again when it is one of the uploaded ids found among the published: a lookup among
    # those few instead of hashing every uploaded id.
    in_new = text_isin(published["claim_id"], uploaded["claim_id"][in_old])
    added = uploaded[~in_old].reset_index(drop=True)
    removed = published[~in_new].reset_index(drop=True) if replace_all else published.iloc[0:0]
    both_new = uploaded[in_old].drop_duplicates("claim_id")
    both_old = published[in_new].drop_duplicates("claim_id")
    merged = _text(both_new).merge(_text(both_old), on="claim_id", suffixes=("_new", "_old"))
    merged["row"] = both_new.set_index("claim_id").loc[merged["claim_id"], "row"].to_numpy() if len(merged) else []
    changes = []
    for column in _COMPARED:
        differs = merged[f"{column}_new"] != merged[f"{column}_old"]
        if differs.any():
            part = merged.loc[differs, ["claim_id", "row", f"{column}_old", f"{column}_new"]]
            part.columns = ["claim_id", "row", "old", "new"]
            changes.append(part.assign(column=column)[CHANGE_COLUMNS])
    changed = pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(columns=CHANGE_COLUMNS)
    unchanged = len(merged) - (changed["claim_id"].nunique() if len(changed) else 0)
    fresh = ~in_old | text_isin(uploaded["claim_id"], changed["claim_id"])  # added or changed
    warnings = differs_from_published(uploaded, published, file=file, rows=fresh)
    return PreviewDiff(added, changed.sort_values(["row", "column"], kind="stable").reset_index(drop=True), removed, unchanged, warnings)


def differs_from_published(
    uploaded: pd.DataFrame, published: pd.DataFrame, threshold: float = DIFFERS_THRESHOLD, file: str = "", rows: np.ndarray | None = None
) -> list[Problem]:
    """Warnings for uploaded figures more than `threshold` away from a published figure about the same thing.

    `rows` limits the uploaded claims looked at (a mask). Only uploaded rows whose every subject column holds a text
    some published figure holds can match one, so those few are picked (column by column, in Arrow) before the merge."""
    keep = [*SUBJECT_KEY, "claim_id", "row", "amount", "value", "qualifier", "measure", "currency", "decimals", "multiplier"]
    old = published.loc[
        published["amount"].notna(), [*SUBJECT_KEY, "claim_id", "amount", "value", "qualifier", "measure", "currency", "decimals", "multiplier"]
    ]
    if old.empty or uploaded.empty:
        return []
    candidates = uploaded["amount"].notna().to_numpy().copy()
    if rows is not None:
        candidates &= rows
    for column in SUBJECT_KEY:
        if not candidates.any():
            return []
        candidates &= text_isin(uploaded[column], old[column])
    new = uploaded.loc[candidates, [c for c in keep if c in uploaded]]
    if new.empty:
        return []
    pairs = new.merge(old, on=SUBJECT_KEY, suffixes=("", "_pub"))
    base = pairs["amount_pub"].abs().to_numpy(dtype=float)
    gap = np.abs(pairs["amount"].to_numpy(dtype=float) - pairs["amount_pub"].to_numpy(dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(base > 0, gap / base, np.where(gap > 0, np.inf, 0.0))
    flagged = pairs[relative > threshold].assign(_relative=relative[relative > threshold])
    # One warning per uploaded claim: against the published figure furthest away.
    flagged = flagged.sort_values("_relative", ascending=False, kind="stable").drop_duplicates("claim_id")
    problems = []
    for record in flagged.sort_values("row", kind="stable").to_dict("records"):
        published_row = {k[:-4]: v for k, v in record.items() if k.endswith("_pub")}
        percent = said(N_("more than 1000%")) if not np.isfinite(record["_relative"]) or record["_relative"] > 10 else f"{record['_relative'] * 100:.0f}%"
        problems.append(
            Problem(
                "differs-from-published",
                said(
                    N_("{amount} differs by {percent} from the published {published} for the same thing (claim '{claim}')"),
                    amount=Written(format_claim, (record,)),
                    percent=percent,
                    published=Written(format_claim, (published_row,)),
                    claim=record["claim_id_pub"],
                ),
                file,
                int(record["row"]),
                "value",
                str(record["value"]),
                Severity.WARNING,
            )
        )
    return problems
