"""What changed between two revisions, and the merge of a publish that started from an older revision.

Changes are told from ids and row hashes alone (Parquet reads those two columns without decoding the quotes). A
publish that started from an older revision is merged onto the newest when the claims, sources and events it changed
were not changed there too; overlapping changes are refused with `StalePublish`, never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy.engine import Connection

from econ_ties.store import rows as stored
from econ_ties.store.codec import conformed, dataset_from_rows, dataset_rows, rows_content_hash
from econ_ties.store.errors import StalePublish
from econ_ties.store.tables import ID_COLUMN, KINDS

#: How many ids of each kind a revision's change summary lists (the counts are always complete).
CHANGE_EXAMPLES = 20


def _ids(rows: Any, kind: str) -> np.ndarray:
    """The ids of stored rows of one kind (an Arrow table for claims, a frame otherwise) as Python strings."""
    column = rows[ID_COLUMN[kind]]
    if isinstance(column, pa.ChunkedArray | pa.Array):
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    return np.asarray(column.to_numpy(), dtype=object)


def _hash_by_id(ids: Any, hashes: Any) -> pd.Series:
    # An object index, not pandas' str: lookups of a million ids in a str index go through Python one by one.
    return pd.Series(np.asarray(hashes, dtype=np.int64), index=pd.Index(np.asarray(ids, dtype=object), dtype=object))


def keys(rows: Mapping[str, Any]) -> dict[str, pd.Series]:
    """Per kind: row hash by id — enough to tell what changed between two revisions without reading whole rows."""
    return {kind: _hash_by_id(_ids(rows[kind], kind), np.asarray(rows[kind]["row_hash"], dtype=np.int64)) for kind in KINDS}


def stored_keys(connection: Connection, number: int) -> dict[str, pd.Series]:
    """`keys` of a stored revision."""
    rows: dict[str, Any] = {kind: stored.fetch(connection, kind, number, (ID_COLUMN[kind], "row_hash")) for kind in ("sources", "events")}
    # Parquet reads the two columns alone: the quotes and notes are not even decompressed.
    rows["claims"] = stored.claims(connection, number, (ID_COLUMN["claims"], "row_hash"))
    return keys(rows)


def used_twice(rows: pd.DataFrame, kind: str) -> np.ndarray:
    """The ids of rows (sources or events) whose id an earlier row already has."""
    ids = rows[ID_COLUMN[kind]]
    return ids[ids.duplicated()].to_numpy()


def diff(old: pd.Series, new: pd.Series) -> dict[str, list[str]]:
    """Ids added, changed (another row hash) and removed from `old` to `new`, in the order of their rows.

    Hash lookups only, no sorting: a million-claim revision is compared in well under a second.
    """
    in_old = new.index.isin(old.index)
    # An old id is in `new` when it is one of the new ids found in `old`: hashing those few instead of a million.
    in_new = old.index.isin(new.index[in_old])
    both = new[in_old]
    changed = both.index[both.to_numpy() != old.reindex(both.index).to_numpy()] if len(both) else both.index
    return {"added": new.index[~in_old].tolist(), "changed": changed.tolist(), "removed": old.index[~in_new].tolist()}


def change_summary(old: dict[str, pd.Series] | None, new: dict[str, pd.Series]) -> dict[str, dict[str, Any]]:
    """Per kind, the counts and the first `CHANGE_EXAMPLES` ids added, changed and removed from `old` to `new`."""
    summary: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        found = diff(old[kind] if old else pd.Series(dtype=np.int64), new[kind])
        summary[kind] = {f"{what}_count": len(ids) for what, ids in found.items()} | {what: ids[:CHANGE_EXAMPLES] for what, ids in found.items()}
    return summary


def any_change(summary: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether a `change_summary` adds, changes or removes anything at all."""
    return any(change.get(f"{what}_count", 0) for change in summary.values() for what in ("added", "changed", "removed"))


def merged(connection: Connection, ours: dict[str, Any], *, parent: int, latest: int, latest_by: str, refuse: bool) -> tuple[dict[str, Any], str]:
    """Our rows (a publish made from revision `parent`) merged onto revision `latest`, and their content hash.

    `StalePublish` when both changed the same claims, sources or events in different ways, or when `refuse`;
    `latest_by` says who published `latest` and when, for its message.
    """
    base, theirs = stored_keys(connection, parent), stored_keys(connection, latest)
    our_keys = keys(ours)
    overlap: dict[str, list[str]] = {}
    our_changes: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        mine, newer = diff(base[kind], our_keys[kind]), diff(base[kind], theirs[kind])
        our_changes[kind] = mine
        touched_mine = set(mine["added"]) | set(mine["changed"]) | set(mine["removed"])
        touched_newer = set(newer["added"]) | set(newer["changed"]) | set(newer["removed"])
        # The same change made on both sides is no conflict.
        clash = sorted(i for i in touched_mine & touched_newer if our_keys[kind].get(i) != theirs[kind].get(i))
        if clash:
            overlap[kind] = clash
    if overlap or refuse:
        listed = "; ".join(f"{kind} {', '.join(ids[:10])}" + (f" and {len(ids) - 10} more" if len(ids) > 10 else "") for kind, ids in overlap.items())
        reason = f"it changes the same {listed}" if overlap else "merging was not allowed"
        raise StalePublish(
            f"Not published: you started from revision {parent}, but revision {latest} was published since by {latest_by} "
            f"and {reason}. Review your changes against revision {latest} and publish again.",
            parent=parent,
            latest=latest,
            overlap=overlap,
        )
    result = stored.revision_rows(connection, latest)
    for kind in KINDS:
        change, id_column = our_changes[kind], ID_COLUMN[kind]
        # What the newer revision already holds as we would write it stays where it is (never twice).
        theirs_already = {i for i in set(change["added"]) | set(change["changed"]) if theirs[kind].get(i) == our_keys[kind].get(i)}
        replaced = (set(change["changed"]) | set(change["removed"])) - theirs_already
        new = (set(change["added"]) | set(change["changed"])) - theirs_already
        if kind == "claims":
            theirs_claims, our_claims = result[kind], ours[kind]
            keep = theirs_claims.filter(pc.invert(pc.is_in(theirs_claims[id_column], value_set=pa.array(sorted(replaced), pa.string()))))
            ours_new = our_claims.filter(pc.is_in(our_claims[id_column], value_set=pa.array(sorted(new), pa.string())))
            result[kind] = pa.concat_tables([keep, conformed(ours_new)])
            continue
        keep = result[kind][~result[kind][id_column].isin(replaced)]
        ours_new = ours[kind][ours[kind][id_column].isin(new)]
        combined = pd.concat([keep, ours_new[keep.columns]], ignore_index=True)
        if "position" in combined:
            combined["position"] = np.arange(len(combined), dtype=np.int64)
        result[kind] = combined
    # Through the dataset and back: the merged claims are typed and stored as any publish's are.
    rows = dataset_rows(dataset_from_rows(result))
    return rows, rows_content_hash(rows)
