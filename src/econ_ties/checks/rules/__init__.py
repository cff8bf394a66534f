"""Rules that hold across rows of the claims, each in a module of its own, run together by `check_claims`.

- `duplicates`: no claim is stated twice;
- `sources`: every claim's source exists;
- `parts`: parts add up to their total within the rounding of the stated digits;
- `majority`: "the majority non-oil" agrees with any stated parts;
- `turnover`: turnover = exports + imports when all three are stated by the same source for the same period and side.

Bounds take part as intervals (`sums`): "over $1.2B" is [1.2B, ∞), never 1.2B. The rules share their grouping keys as
integer codes (`keys`). Conflicts, two claims about the same thing that disagree, are not errors: `conflicts` lists
them. To add a rule: a module with a function from the claims frame (and its `KeyCodes`) to problems, added to
`check_claims` below, with its tests in `tests/checks/rules/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from econ_ties.checks.rules.duplicates import duplicate_problems
from econ_ties.checks.rules.keys import BASE_KEY, SAME_STATEMENT_KEY, STATEMENT_KEY, SUBJECT_KEY, TRADE_KEY, KeyCodes
from econ_ties.checks.rules.majority import majority_problems
from econ_ties.checks.rules.parts import parts_problems
from econ_ties.checks.rules.sources import unknown_source_problems
from econ_ties.checks.rules.turnover import turnover_problems
from econ_ties.model.problems import Problem

#: From this many claims on, `check_claims` runs the rules on two threads.
PARALLEL_RULES_ROWS = 100_000


def check_claims(frame: pd.DataFrame, source_ids: Iterable[str], codes: KeyCodes | None = None) -> list[Problem]:
    """Every cross-row rule over valid claims, all problems together. `codes` may be shared with the caller."""
    codes = codes or KeyCodes(frame)
    codes.prefetch([*SUBJECT_KEY, "claim_id", "source_id", "reporting_side", "qualifier"])
    codes.key(BASE_KEY)
    rules: list[Callable[[], list[Problem]]] = [
        lambda: duplicate_problems(frame, codes),
        lambda: unknown_source_problems(frame, source_ids, codes),
        lambda: parts_problems(frame, codes),
        lambda: majority_problems(frame),
        lambda: turnover_problems(frame, codes),
    ]
    if len(frame) < PARALLEL_RULES_ROWS:
        return [problem for rule in rules for problem in rule()]
    # A large upload: the rules run two at a time (their numpy work mostly runs without the GIL). Everything they
    # share is computed first, so that they only read: the codes of every column they group by, every key, the rounding.
    for names in (STATEMENT_KEY, TRADE_KEY, SAME_STATEMENT_KEY):
        codes.key(names)
    codes.rounding  # noqa: B018 — computed here, read by the rules
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="rules") as pool:
        found = [pool.submit(rule) for rule in rules]
        return [problem for job in found for problem in job.result()]
