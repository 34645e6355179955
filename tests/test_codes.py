"""The severity policy: every code the source makes is in cuebook/codes.py with the severity it
is made with, every code there is made somewhere, and docs/content-format.md shows that table."""

from __future__ import annotations

import ast
import re

from cuebook.codes import SEVERITY
from cuebook.diagnostics import Severity
from tests.conftest import ROOT

PACKAGE = ROOT / "cuebook"
_CODE = re.compile(r"^[a-z]+\.[a-z][a-z0-9-]*$")


def _calls() -> list[tuple[str, str, ast.expr, str | None]]:
    """(file:line, call name, code argument, severity named by the call) of every diagnostic
    made in the package: ``diags.error/warning/report(where, message, code)`` and
    ``Diagnostic(where, Severity.X, message, code)``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else ""
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("error", "warning", "report") and len(node.args) == 3:
                found.append((where, name, node.args[2], None if name == "report" else name))
            elif name.endswith("Diagnostic") and len(node.args) >= 4:
                severity = node.args[1]
                named = severity.attr.lower() if isinstance(severity, ast.Attribute) else None
                found.append((where, name, node.args[3], named))
    return found


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE.match(node.value):
        return node.value
    return None


def test_every_diagnostic_made_in_the_source_has_its_policy_severity() -> None:
    wrong = []
    literal = 0
    for where, _name, argument, severity in _calls():
        code = _literal(argument)
        if code is None:
            continue  # built from a variable: covered by the next test
        literal += 1
        if code not in SEVERITY:
            wrong.append(f"{where}: {code} is not in cuebook/codes.py")
        elif severity is not None and SEVERITY[code].value != severity:
            wrong.append(f"{where}: {code} made as {severity}, the policy says "
                         f"{SEVERITY[code].value}")
    assert literal > 60, "the scan no longer finds the diagnostics"
    assert wrong == []


def test_every_code_in_the_policy_is_made_somewhere() -> None:
    """A literal in the source (a call's argument, or a (code, message) a helper returns), or
    one whose suffix an f-string makes (``f"{code}.unreadable"``,
    ``f"{section}.invalid-option"``)."""
    literals: set[str] = set()
    suffixes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and len(node.values) == 2:
                tail = node.values[1]
                if isinstance(tail, ast.Constant) and str(tail.value).startswith("."):
                    suffixes.add(str(tail.value))
    unmade = [code for code in SEVERITY
              if code not in literals and "." + code.split(".", 1)[1] not in suffixes]
    assert unmade == []


def _documented() -> dict[str, str]:
    doc = (ROOT / "docs" / "content-format.md").read_text("utf-8")
    table = doc[doc.index("| code | severity | meaning |"):]
    table = table[: table.index("\n\n")]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1]
    return rows


def test_the_documented_table_is_the_policy() -> None:
    documented = _documented()
    # The importer's codes have their own table in docs/import.md (tests/test_import.py).
    policy = {code: "error" if s is Severity.ERROR else "warning (error with `--strict`)"
              for code, s in SEVERITY.items() if not code.startswith("import.")}
    assert documented == policy
