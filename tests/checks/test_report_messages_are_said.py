"""Every message of the upload report is built so it can be shown in the reader's language: a static check of src/.

A report message is translated where it is shown only when it is a `said(N_("template"), **values)` (see
`econ_ties.model.problems`). A plain string literal or an f-string, joined or `.format`-ed text, handed to a `Problem` or
to anything that becomes one's message (a reader's failure, a publisher adapter's error, warning or skipped-row reason,
a workbook's error, a period's reason, a pydantic cell error) stays English in every language. This test reads the
source and names each such place, so a new check written the old way fails here before a reader meets it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "econ_ties"

#: Callables whose argument (position, keyword) becomes a report message.
MESSAGE_ARGUMENTS: dict[str, list[tuple[int | None, str | None]]] = {
    "Problem": [(1, "message")],
    "replace": [(None, "message")],  # dataclasses.replace(problem, message=…)
    "_fail": [(2, "message")],  # io.reading: an unreadable file's one problem
    "error": [(1, "message")],  # ClaimRows.error / warn / skip in the publisher adapters
    "warn": [(1, "message")],
    "skip": [(1, "reason"), (None, "kind")],
    "WorkbookError": [(0, None)],
}
#: Modules whose ValueError reasons reach the report as a cell's message ("{reason}").
REASON_MODULES = {"model/periods.py"}
_ONLY_PLACEHOLDERS = re.compile(r"^(\{\w+\}\W*)+$")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _plain_text(node: ast.expr) -> bool:
    """True when `node` builds text that cannot be translated: a literal, an f-string, text joined with + or %, a
    `.format(…)` or `str(…)` call; the branches of a conditional are looked at each."""
    if isinstance(node, ast.IfExp):
        return _plain_text(node.body) or _plain_text(node.orelse)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    if isinstance(node, ast.Call):
        return _name(node) in {"format", "str", "join"}
    return False


def _template_ok(node: ast.expr) -> bool:
    """A template must be marked for the catalog (`N_("…")`) or be a name holding one; a literal only of placeholders
    ("{reason}") has nothing to translate."""
    if isinstance(node, ast.IfExp):
        return _template_ok(node.body) and _template_ok(node.orelse)
    if isinstance(node, ast.Call):
        return _name(node) == "N_"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_ONLY_PLACEHOLDERS.match(node.value))
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript)


def _arguments(call: ast.Call, position: int | None, keyword: str | None) -> Iterator[ast.expr]:
    if position is not None and len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        yield call.args[position]
    for each in call.keywords:
        if keyword is not None and each.arg == keyword:
            yield each.value


def untranslatable_messages(source: str, module: str) -> list[str]:
    """Each place in `source` where a report message is built so it cannot be translated, as "module:line: why"."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        where = f"{module}:{node.lineno}"
        for position, keyword in MESSAGE_ARGUMENTS.get(name, []):
            for argument in _arguments(node, position, keyword):
                if _plain_text(argument):
                    found.append(f"{where}: {name}(…) is given plain text, not said(N_(…))")
        if name == "ValueError" and module in REASON_MODULES and node.args and _plain_text(node.args[0]):
            found.append(f"{where}: a ValueError reason that reaches the report is plain text, not said(N_(…))")
        if name in {"said", "cell_error"}:
            template = node.args[0 if name == "said" else 1] if len(node.args) > (0 if name == "said" else 1) else None
            if template is not None and not _template_ok(template):
                found.append(f"{where}: {name}(…)'s template is not marked N_(…), so the catalog never holds it")
        if name == "PydanticCustomError" and module != "model/cells.py":
            found.append(f"{where}: a PydanticCustomError built directly: use model.cells.cell_error, whose template the report translates")
    return found


def test_no_report_message_in_src_is_plain_text() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        found += untranslatable_messages(path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix())
    assert found == []


def test_the_check_finds_each_way_of_writing_a_message_as_plain_text() -> None:
    bad = """
Problem("type-error", "a plain sentence", file)
Problem("type-error", f"'{value}' is bad", file)
Problem(code="type-error", message="x" + value)
Problem("type-error", "'{}' is bad".format(value), file)
Problem("type-error", said(N_("ok")) if flag else "not ok", file)
b.error("type-error", f"'{raw}' is not a year", line, "Year", raw)
b.skip(line, "rows of this kind are skipped", kind="others")
raise _fail(file, "empty-file", "the file is empty")
raise WorkbookError(f"the sheet '{name}' is empty")
replace(problem, message=f"the source: {problem.message}")
said("an unmarked template {x}", x=1)
cell_error("type-error", "an unmarked template")
PydanticCustomError("type-error", "built directly", {})
"""
    found = untranslatable_messages(bad, "io/example.py")
    assert [int(f.split(":")[1]) for f in found] == [2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13, 14]
    good = """
Problem("type-error", said(N_("'{value}' is bad"), value=value), file)
Problem("type-error", message, file)
b.skip(line, WORLD_REPORTER, kind=EMPTY_CELLS)
cell_error("type-error", "{reason}", reason=exc.args[0])
said(NOT_A_PERIOD, value=raw)
"""
    assert untranslatable_messages(good, "io/example.py") == []
    assert untranslatable_messages('raise ValueError(f"month {m} is wrong")', "model/periods.py") != []
