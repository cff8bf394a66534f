"""Rules that hold across rows of the claims, and the conflicts between claims that are data, not errors.

Parts add up to their total within the rounding of the stated digits (5.0 + 1.3 = 6.3 passes, 5.0 + 1.0 = 6.3 fails);
"the majority non-oil" agrees with any stated parts; turnover = exports + imports when all three are stated by the same
source for the same period and side; every claim's source exists; no claim is stated twice. Bounds take part as
intervals: "over $1.2B" is [1.2B, ∞), never 1.2B.

Conflicts — two claims about the same thing that disagree — are not errors: `find_conflicts` lists them so the views
can show them side by side with their gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from econ_ties.checks.validation import text_codes
from econ_ties.model.formatting import format_amount, format_claim
from econ_ties.model.problems import Problem

FILE = "figures.csv"
PART_SECTORS = ("oil", "non_oil")
SECTOR_WORDS = {"total": "total", "oil": "oil", "non_oil": "non-oil"}
STATEMENT_KEY = ["source_id", "indicator", "country", "counterpart", "period", "reporting_side"]
SUBJECT_KEY = ["indicator", "country", "counterpart", "sector", "period"]
#: Two rows state the same claim when these and the value are equal.
SAME_STATEMENT_KEY = [*SUBJECT_KEY, "source_id", "reporting_side", "qualifier"]
#: The key columns every cross-row rule shares: each rule's key extends this one (see `KeyCodes.key`).
BASE_KEY = ["source_id", "country", "counterpart", "period", "reporting_side"]


def rounding(frame: pd.DataFrame) -> np.ndarray:
    """Half a unit in the last stated digit, in currency units: 6.3 billion → ±0.05 billion (one power of ten per
    distinct number of decimals, not one per row)."""
    decimals = frame["decimals"].to_numpy(dtype=np.int64)
    halves = 0.5 * 10.0 ** -np.arange(int(decimals.max()) + 1 if len(decimals) else 1, dtype=float)
    return halves[decimals] * frame["multiplier"].to_numpy(dtype=float)


def _interval(rows: pd.DataFrame) -> tuple[float, float, float]:
    """Sum of the rows as [low, high] plus the summed rounding. Unknown lower ends count as 0, upper as ∞."""
    low = float(rows["lower"].fillna(0.0).sum())
    high = math.inf if rows["upper"].isna().any() else float(rows["upper"].sum())
    return low, high, float(rounding(rows).sum())


def _money(row: pd.Series) -> str:
    return format_claim(row)


class KeyCodes:
    """Integer codes for the columns of one claims frame, computed once and shared by the rules.

    Grouping a million rows by six text columns with pandas is slow; hashing each column once into integers and
    combining them is not. Codes are numbered in order of first appearance, so "is this the first row with this key"
    is a running maximum.
    """

    def __init__(self, frame: pd.DataFrame, known: dict[str, np.ndarray] | None = None, keys: dict[tuple[str, ...], np.ndarray] | None = None):
        """`known` holds codes already computed for some columns (any numbering; claim_id's must be by first appearance),
        `keys` codes already computed for some combinations (any numbering)."""
        self.frame = frame
        self._columns: dict[str, np.ndarray] = dict(known or {})
        self._keys: dict[tuple[str, ...], np.ndarray] = dict(keys or {})
        self._rounding: np.ndarray | None = None

    def prefetch(self, names: Iterable[str]) -> None:
        """Code several columns at once on two threads (the hashing runs in Arrow/pandas C code without the GIL)."""
        todo = [n for n in dict.fromkeys(names) if n not in self._columns]
        if len(self.frame) < 100_000 or len(todo) < 2:
            return
        with ThreadPoolExecutor(max_workers=2) as pool:
            for name, codes in zip(todo, pool.map(self._codes, todo), strict=True):
                self._columns[name] = codes

    def _codes(self, name: str) -> np.ndarray:
        column = self.frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # a coded column: its codes are free
            return column.cat.codes.to_numpy().astype(np.int64)
        if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
            # Arrow-backed text: Arrow's hash of the bytes (much faster than hashing Python-visible strings).
            return text_codes(column.array.__arrow_array__())
        return pd.factorize(column, use_na_sentinel=False)[0].astype(np.int64)

    @property
    def rounding(self) -> np.ndarray:
        if self._rounding is None:
            self._rounding = rounding(self.frame)
        return self._rounding

    @property
    def keys(self) -> dict[tuple[str, ...], np.ndarray]:
        return dict(self._keys)

    def column(self, name: str) -> np.ndarray:
        if name not in self._columns:
            self._columns[name] = self._codes(name)
        return self._columns[name]

    def key(self, names: Iterable[str]) -> np.ndarray:
        """Codes of the combination of `names`, numbered in order of first appearance.

        Built on the largest key already computed whose columns are among `names` (the rules share most of their key
        columns), and kept small: when the combined range would outgrow a lookup table, it is renumbered first.
        """
        names = tuple(names)
        if names not in self._keys:
            wanted = set(names)
            base = max((k for k in self._keys if set(k) <= wanted), key=len, default=())
            combined = self._keys[base].astype(np.int64) if base else np.zeros(len(self.frame), dtype=np.int64)
            radix = int(combined.max()) + 1 if len(combined) else 1
            for name in (n for n in names if n not in base):
                codes = self.column(name)
                size = int(codes.max()) + 1 if len(codes) else 1
                if radix * size > dense_table_limit(len(combined)):
                    combined = dense_codes(combined, radix).astype(np.int64)
                    radix = int(combined.max()) + 1 if len(combined) else 1
                combined = combined * size + codes
                radix *= size
            self._keys[names] = dense_codes(combined, radix)
        return self._keys[names]


def dense_table_limit(rows: int) -> int:
    """Up to this range, codes are renumbered with lookup tables (cheaper than hashing a million integers)."""
    return max(4 * rows, 1 << 16)


def dense_codes(codes: np.ndarray, size: int) -> np.ndarray:
    """The same grouping as `codes` (integers in [0, size)) numbered 0, 1, … in order of first appearance, as int32
    (there are never more codes than rows; callers widen before combining)."""
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if size > dense_table_limit(n):
        return pd.factorize(codes)[0].astype(np.int32)
    first = first_rows_of(codes, size)
    present = np.flatnonzero(first < n)
    renumber = np.empty(size, dtype=np.int32)
    renumber[present[np.argsort(first[present], kind="stable")]] = np.arange(len(present), dtype=np.int32)
    return renumber[codes]


def first_rows_of(codes: np.ndarray, size: int) -> np.ndarray:
    """For codes in [0, size): the first row holding each code (len(codes) for codes that do not occur).

    Written back to front, so that for a code on several rows the last write, the first row, stays (numpy assigns
    repeated indices in order; `tests/checks/test_rules.py` holds this against pandas)."""
    n = len(codes)
    kind = np.int32 if n < 2**31 - 1 else np.int64
    first = np.full(size, n, dtype=kind)
    first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=kind)
    return first


def first_of_each(codes: np.ndarray) -> np.ndarray:
    """True on the first row of each code (any numbering of non-negative integers)."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    size = int(codes.max()) + 1
    if size > dense_table_limit(len(codes)):
        return ~pd.Series(codes).duplicated().to_numpy()
    return first_rows_of(codes, size)[codes] == np.arange(len(codes))


def first_occurrences(codes: np.ndarray) -> np.ndarray:
    """True where a code (numbered in order of first appearance) appears for the first time."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    running = np.maximum.accumulate(codes)
    return np.concatenate(([True], codes[1:] > running[:-1]))


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
            Problem("duplicate-row", f"the claim id '{claim_id}' is already used on line {first_row_of_id[ids[i]]}", FILE, int(rows[i]), "claim_id", claim_id)
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
                f"this row states the same claim as line {first_row_of_statement[statement_code]} (same figure, period, side and source)",
                FILE,
                int(rows[i]),
                "claim_id",
                frame["claim_id"].iat[i],
            )
        )
    return problems


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
        Problem("unknown-source", f"no source with id '{source_id}' in sources.csv", FILE, int(line), "source_id", source_id)
        for source_id, line in zip(frame["source_id"].take(missing), frame["row"].take(missing), strict=True)
    ]


_MESSAGE_COLUMNS = ["indicator", "sector", "row", "value", "currency", "qualifier", "measure", "amount", "decimals", "multiplier"]


def _records(frame: pd.DataFrame, rows: np.ndarray) -> list[dict]:
    """The few rows a message needs, as dicts, taken column by column in one go (row-wise access to a large frame is slow)."""
    return pd.DataFrame({c: frame[c].take(rows).to_numpy() for c in _MESSAGE_COLUMNS}).to_dict("records")


def _with_their_parts(frame: pd.DataFrame, rows: np.ndarray, groups: np.ndarray, part_rows: np.ndarray, group: np.ndarray) -> list[tuple[dict, list[dict]]]:
    """For each failing row (a total, a turnover) in its group: its record and the records of the group's parts, in
    the order of their rows. One take for every row the messages need, then small lists."""
    needed_parts = part_rows[np.isin(group[part_rows], groups)]
    picked = _records(frame, np.concatenate([rows, needed_parts]))
    parts_by_group: dict[int, list[dict]] = {}
    for g, record in zip(group[needed_parts].tolist(), picked[len(rows) :], strict=True):
        parts_by_group.setdefault(g, []).append(record)
    return [(record, parts_by_group[g]) for record, g in zip(picked[: len(rows)], groups.tolist(), strict=True)]


def _interval_sums(frame: pd.DataFrame, rows: np.ndarray, group: np.ndarray, size: int, codes: KeyCodes) -> dict[str, np.ndarray]:
    """`_interval` for every group at once: low, high (∞ when an upper end is unknown), summed rounding and count."""
    lower = frame["lower"].to_numpy(dtype=float)[rows]
    upper = frame["upper"].to_numpy(dtype=float)[rows]
    tol = codes.rounding[rows]
    open_end = np.isnan(upper)
    high = np.bincount(group, weights=np.where(open_end, 0.0, upper), minlength=size)
    high[np.bincount(group, weights=open_end, minlength=size) > 0] = math.inf
    return {
        "low": np.bincount(group, weights=np.nan_to_num(lower, nan=0.0), minlength=size),
        "high": high,
        "tol": np.bincount(group, weights=tol, minlength=size),
        "count": np.bincount(group, minlength=size),
    }


def parts_problems(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    problems: list[Problem] = []
    codes = codes or KeyCodes(frame)
    sector = frame["sector"]
    mask = (sector.isin(("total", *PART_SECTORS)) & frame["amount"].notna()).to_numpy()
    if not mask.any():
        return problems
    group = codes.key(STATEMENT_KEY)
    size = int(group.max()) + 1
    is_total = (sector == "total").to_numpy() & mask
    is_part = mask & ~is_total
    # The first stated figure per part sector counts; totals are checked one by one against the parts' sum.
    part_rows = np.flatnonzero(is_part)
    pair = group[part_rows].astype(np.int64) * (int(codes.column("sector").max()) + 1) + codes.column("sector")[part_rows]
    part_rows = part_rows[first_of_each(pair)]
    total_rows = np.flatnonzero(is_total)
    if len(part_rows) == 0 or len(total_rows) == 0:
        return problems
    sums = _interval_sums(frame, part_rows, group[part_rows], size, codes)
    total_group = group[total_rows]
    has_parts = sums["count"][total_group] > 0
    total_rows, total_group = total_rows[has_parts], total_group[has_parts]
    lower = frame["lower"].to_numpy(dtype=float)[total_rows]
    upper = frame["upper"].to_numpy(dtype=float)[total_rows]
    t_low, t_high = np.nan_to_num(lower, nan=0.0), np.where(np.isnan(upper), math.inf, upper)
    tol = sums["tol"][total_group] + codes.rounding[total_rows]
    both = sums["count"][total_group] == len(PART_SECTORS)
    too_big = sums["low"][total_group] - tol > t_high
    too_small = both & (sums["high"][total_group] + tol < t_low)
    failing = np.flatnonzero(too_big | too_small)
    if len(failing) == 0:
        return problems
    for i, (total, parts) in zip(failing, _with_their_parts(frame, total_rows[failing], total_group[failing], part_rows, group), strict=True):
        listed = " + ".join(f"{SECTOR_WORDS[r['sector']]} {_money(r)}" for r in parts)
        lines = ", ".join(str(int(r["row"])) for r in parts)
        verb = "add up to more than" if too_big[i] else "add up to less than"
        problems.append(
            Problem(
                "parts-mismatch",
                f"the parts on {'line' if len(parts) == 1 else 'lines'} {lines} ({listed}) {verb} the total {_money(total)} "
                f"(rounding allows ±{format_amount(tol[i], total['currency'], 'exact', 3)})",
                FILE, int(total["row"]), "value", str(total["value"]),
            )
        )  # fmt: skip
    return problems


def majority_problems(frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    majority = frame[frame["qualifier"] == "majority"]
    if majority.empty:
        return problems
    # Only the statements that contain a 'majority' claim are looked at (a semi-join instead of a lookup per claim).
    keys = majority[STATEMENT_KEY].drop_duplicates()
    related = frame.merge(keys, on=STATEMENT_KEY, how="inner")
    groups = {key: group for key, group in related.groupby(STATEMENT_KEY, sort=False)}
    for _, claim in majority.iterrows():
        group = groups.get(tuple(claim[c] for c in STATEMENT_KEY))
        if group is None:
            continue
        numbers = group[group["amount"].notna()]
        total = numbers[numbers["sector"] == "total"]
        own = numbers[numbers["sector"] == claim["sector"]]
        other_sector = next(s for s in PART_SECTORS if s != claim["sector"])
        other = numbers[numbers["sector"] == other_sector]
        reason = None
        if not own.empty and not total.empty:
            o_low, o_high, o_tol = _interval(own.head(1))
            t_low, _, t_tol = _interval(total.head(1))
            if o_high + o_tol + t_tol <= t_low / 2:
                reason = f"{SECTOR_WORDS[claim['sector']]} {_money(own.iloc[0])} is not more than half of the total {_money(total.iloc[0])}"
        if reason is None and not other.empty and not total.empty:
            o_low, _, o_tol = _interval(other.head(1))
            _, t_high, t_tol = _interval(total.head(1))
            if o_low - o_tol - t_tol >= t_high / 2:
                reason = f"{SECTOR_WORDS[other_sector]} {_money(other.iloc[0])} is at least half of the total {_money(total.iloc[0])}"
        if reason is None and not own.empty and not other.empty:
            _, own_high, own_tol = _interval(own.head(1))
            other_low, _, other_tol = _interval(other.head(1))
            if own_high + own_tol + other_tol <= other_low:
                reason = f"{SECTOR_WORDS[claim['sector']]} {_money(own.iloc[0])} is not more than {SECTOR_WORDS[other_sector]} {_money(other.iloc[0])}"
        if reason:
            problems.append(
                Problem(
                    "majority-mismatch",
                    f"this row says the majority is {SECTOR_WORDS[claim['sector']]}, but {reason}",
                    FILE,
                    int(claim["row"]),
                    "qualifier",
                    "majority",
                )
            )
    return problems


TRADE_INDICATORS = ("trade_turnover", "exports", "imports")
TRADE_KEY = ["source_id", "country", "counterpart", "sector", "period", "reporting_side"]


def turnover_problems(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    problems: list[Problem] = []
    codes = codes or KeyCodes(frame)
    indicator = frame["indicator"]
    mask = (indicator.isin(TRADE_INDICATORS) & frame["amount"].notna()).to_numpy()
    if not mask.any():
        return problems
    group = codes.key(TRADE_KEY)
    size = int(group.max()) + 1
    rows = np.flatnonzero(mask)
    # The first row of each indicator per group; a group is checked when it states all three.
    indicator_codes = codes.column("indicator")
    pair = group[rows].astype(np.int64) * (int(indicator_codes.max()) + 1) + indicator_codes[rows]
    rows = rows[first_of_each(pair)]
    complete = np.bincount(group[rows], minlength=size) == len(TRADE_INDICATORS)
    rows = rows[complete[group[rows]]]
    if len(rows) == 0:
        return problems
    is_turnover = (indicator == "trade_turnover").to_numpy()[rows]
    part_rows, turnover_rows = rows[~is_turnover], rows[is_turnover]
    sums = _interval_sums(frame, part_rows, group[part_rows], size, codes)
    t_group = group[turnover_rows]
    lower = frame["lower"].to_numpy(dtype=float)[turnover_rows]
    upper = frame["upper"].to_numpy(dtype=float)[turnover_rows]
    t_low, t_high = np.nan_to_num(lower, nan=0.0), np.where(np.isnan(upper), math.inf, upper)
    tol = sums["tol"][t_group] + codes.rounding[turnover_rows]
    failing = np.flatnonzero((sums["low"][t_group] - tol > t_high) | (sums["high"][t_group] + tol < t_low))
    if len(failing) == 0:
        return problems
    for i, (turnover, parts) in zip(failing, _with_their_parts(frame, turnover_rows[failing], t_group[failing], part_rows, group), strict=True):
        listed = " + ".join(f"{r['indicator']} {_money(r)}" for r in parts)
        problems.append(
            Problem(
                "turnover-mismatch",
                f"{listed} does not match turnover {_money(turnover)} (rounding allows ±{format_amount(tol[i], turnover['currency'], 'exact', 3)})",
                FILE, int(turnover["row"]), "value", str(turnover["value"]),
            )
        )  # fmt: skip
    return problems


#: From this many claims on, `check_claims` runs the rules on two threads.
PARALLEL_RULES_ROWS = 100_000


def rule_keys(columns: dict[str, np.ndarray], rows: int) -> dict[tuple[str, ...], np.ndarray]:
    """Every rule's key from integer codes of its columns (as an upload's coded columns give them), for all `rows`."""
    codes = KeyCodes(pd.DataFrame(index=pd.RangeIndex(rows)), columns)
    for names in (BASE_KEY, STATEMENT_KEY, TRADE_KEY, SAME_STATEMENT_KEY):
        codes.key(names)
    return codes.keys


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


def find_conflicts(frame: pd.DataFrame) -> pd.DataFrame:
    """Claims about the same indicator, pair, sector and period that disagree — from different sides or sources.

    Returns one row per claim in a conflict with a `conflict` key, and `gap_pct`: how far the group's largest stated
    figure is above its smallest, in percent of the smallest. Nothing is averaged. Groups come in the order they first
    appear, each group's claims in their own order. Column-wise (group sizes, distinct counts, minimum and maximum per
    group), so a million claims cost a few group-bys, not a loop over hundreds of thousands of groups.
    """
    columns = [*frame.columns, "conflict", "gap_pct"]
    stated_rows = np.flatnonzero(frame["amount"].notna().to_numpy())
    if len(stated_rows) == 0:
        return pd.DataFrame(columns=columns)
    # Grouped on the five key columns and the amount only; the wide frame is taken from once, at the end.
    narrow = frame[[*SUBJECT_KEY, "amount"]]
    stated = narrow if len(stated_rows) == len(frame) else narrow.iloc[stated_rows]
    groups = stated.groupby(SUBJECT_KEY, sort=False, observed=True)
    amount = groups["amount"]
    in_conflict = ((amount.transform("size") >= 2) & (amount.transform("nunique") >= 2)).to_numpy()
    if not in_conflict.any():
        return pd.DataFrame(columns=columns)
    order = np.argsort(groups.ngroup().to_numpy()[in_conflict], kind="stable")  # group by group, rows in their order
    low = amount.transform("min").to_numpy(dtype=float)[in_conflict][order]
    high = amount.transform("max").to_numpy(dtype=float)[in_conflict][order]
    out = frame.iloc[stated_rows[in_conflict][order]].reset_index(drop=True)
    key = out[SUBJECT_KEY[0]].astype(str)
    for column in SUBJECT_KEY[1:]:
        key = key + "|" + out[column].astype(str)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(low == 0, np.nan, (high - low) / low * 100)
    return out.assign(conflict=key, gap_pct=gap)
