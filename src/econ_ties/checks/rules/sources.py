"""Rule: every claim's source exists (is in sources.csv, or is the uploaded publisher file's own source)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from econ_ties.checks.rows import FIGURES
from econ_ties.checks.rules.keys import KeyCodes, first_rows_of
from econ_ties.language import N_
from econ_ties.model.problems import Problem, said


def known_sources(frame: pd.DataFrame, source_ids: Iterable[str], codes: KeyCodes | None = None) -> np.ndarray:
    """True where the row's source id is one of `source_ids` (looked up once per distinct id)."""
    known = set(source_ids)
    if codes is None:
        return frame["source_id"].isin(known).to_numpy()
    ids = codes.column("source_id")
    if len(ids) == 0:
        return np.zeros(0, dtype=bool)
    first = first_rows_of(ids, int(ids.max()) + 1)
    present = first < len(ids)
    per_code = np.zeros(len(first), dtype=bool)
    per_code[present] = [t in known for t in frame["source_id"].take(first[present]).tolist()]
    return per_code[ids]


def unknown_source_problems(frame: pd.DataFrame, source_ids: Iterable[str], codes: KeyCodes | None = None) -> list[Problem]:
    missing = np.flatnonzero(~known_sources(frame, source_ids, codes))  # the few rows, not a copy of the frame
    return [
        Problem("unknown-source", said(N_("no source with id '{source}' in sources.csv"), source=source_id), FIGURES.file, int(line), "source_id", source_id)
        for source_id, line in zip(frame["source_id"].take(missing), frame["row"].take(missing), strict=True)
    ]
