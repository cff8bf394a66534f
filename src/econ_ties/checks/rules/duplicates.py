"""Rule: no claim twice. A claim id is used once, and no row states the same figure, period, side and source as another."""

from __future__ import annotations

import numpy as np
import pandas as pd

from econ_ties.checks.rows import FIGURES
from econ_ties.checks.rules.keys import SAME_STATEMENT_KEY, KeyCodes, dense_codes, first_occurrences
from econ_ties.language import N_
from econ_ties.model.problems import Problem, said


def duplicate_problems(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    problems = []
    codes = codes or KeyCodes(frame)
    rows = frame["row"].to_numpy()
    ids = codes.column("claim_id")
    id_first = first_occurrences(ids)
    first_row_of_id = rows[id_first]  # indexed by code: codes are numbered in order of first appearance
    for i in np.flatnonzero(~id_first):
        claim_id = frame["claim_id"].iat[i]
        problems.append(
            Problem(
                "duplicate-row",
                said(N_("the claim id '{claim}' is already used on line {line}"), claim=claim_id, line=first_row_of_id[ids[i]]),
                FIGURES.file,
                int(rows[i]),
                "claim_id",
                claim_id,
            )
        )
    # The same statement twice: equal in every key column and in the value. Only rows that share the key columns
    # with another row can be duplicates, so values are compared for those few rows alone.
    same_key = codes.key(SAME_STATEMENT_KEY)
    shared = np.flatnonzero(np.bincount(same_key)[same_key] > 1)
    if len(shared) == 0:
        return problems
    value = pd.factorize(frame["value"].to_numpy(dtype=float)[shared], use_na_sentinel=False)[0]
    statement = dense_codes(same_key[shared].astype(np.int64) * (int(value.max()) + 1) + value, (int(same_key.max()) + 1) * (int(value.max()) + 1))
    statement_first = first_occurrences(statement)
    first_row_of_statement = rows[shared[statement_first]]
    for j in np.flatnonzero(~statement_first & id_first[shared]):
        i = shared[j]
        statement_code = statement[j]
        problems.append(
            Problem(
                "duplicate-row",
                said(N_("this row states the same claim as line {line} (same figure, period, side and source)"), line=first_row_of_statement[statement_code]),
                FIGURES.file,
                int(rows[i]),
                "claim_id",
                frame["claim_id"].iat[i],
            )
        )
    return problems
