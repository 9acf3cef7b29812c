"""Every dispatch over the IR is exhaustive: a `match` ending in `ir.assert_never`, so that a
node type nobody handles is a `mypy --strict` error. Checked on a tiny file, and by adding a
node type to a copy of the generator: mypy must then fail at every place that has to handle it
(in the modules that have been converted; `emit.py` and `render.py` are to follow)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The modules whose every dispatch over the IR is an exhaustive match.
CONVERTED = (
    "generator/ir.py",
    "generator/build/",
    "generator/docs.py",
    "generator/naming.py",
    "generator/provenance.py",
    "generator/resolve.py",
)


def _mypy(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml")]
        + ["--cache-dir", str(cwd / ".mypy_cache"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


DISPATCH = """
from generator import ir

def name(t: ir.TypeExpr) -> str:
    match t:
        case ir.Primitive() | ir.JsonAny() | ir.FreeObject() | ir.NullOnly():
            return "leaf"
        case ir.LiteralType() | ir.OpenEnum() | ir.ArrayType() | ir.MapType():
            return "other"
        case ir.NullableType() | ir.UnionType() | ir.Asserted(){more}:
            return "composite"
        case _:
            ir.assert_never(t)
"""


@pytest.mark.parametrize("version", ["3.10", "3.11"])  # the fallback, then typing's own
def test_mypy_rejects_a_match_that_forgets_a_node_type(version: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator")
    (tmp_path / "complete.py").write_text(DISPATCH.format(more=" | ir.RefType()"))
    (tmp_path / "forgets.py").write_text(DISPATCH.format(more=""))
    result = _mypy(tmp_path, "--python-version", version, "complete.py", "forgets.py")
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith('forgets.py:13: error: Argument 1 to "assert_never"')
    assert '"RefType"' in errors[0]


# A node type nobody handles yet, added to each union of the IR in turn.
NEW = {
    "TypeExpr": ("NewNode", "@dataclass(frozen=True)\nclass NewNode:\n    pass\n\n\n"),
    "NamedDef": (
        "NewDef",
        "@dataclass(frozen=True)\nclass NewDef:\n    pointer: str\n    hint: NameHint\n\n\n",
    ),
}
# Where it must be handled: (module, function).
MUST_HANDLE = {
    "TypeExpr": {
        ("generator/ir.py", "children"),
        ("generator/ir.py", "_admits_null"),
        ("generator/build/unions.py", "_splice"),
        ("generator/build/assertions.py", "kinds_of"),
        ("generator/build/cycles.py", "_walk"),
        ("generator/build/cycles.py", "_unguarded"),
        ("generator/docs.py", "type_facts"),
    },
    "NamedDef": {
        ("generator/ir.py", "types_of"),
        ("generator/ir.py", "_def_admits_null"),
        ("generator/naming.py", "assign"),
        ("generator/provenance.py", "annotate"),
        ("generator/build/assertions.py", "kinds_of"),
    },
}


def _with_new_member(text: str, alias: str) -> str:
    """ir.py with a new class defined right before the alias, and added to it."""
    name, definition = NEW[alias]
    start = text.index(f"\n{alias}: TypeAlias = ") + 1
    end = text.index("\n\n", start)  # the alias ends at the first blank line
    union = text[start:end]
    union = union[:-1] + f"    | {name}\n)" if union.endswith(")") else union + f" | {name}"
    return text[:start] + definition + union + text[end:]


def _function_at(path: Path, line: int) -> str:
    """The innermost function of a module that holds a line."""
    holding = [
        (fn.lineno, fn.name)
        for fn in ast.walk(ast.parse(path.read_text()))
        if isinstance(fn, ast.FunctionDef) and fn.lineno <= line <= (fn.end_lineno or 0)
    ]
    return max(holding)[1]


@pytest.mark.parametrize("alias", sorted(NEW))
def test_a_new_node_type_is_an_error_wherever_it_must_be_handled(
    alias: str, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator")
    ir_py = tmp_path / "generator" / "ir.py"
    ir_py.write_text(_with_new_member(ir_py.read_text(), alias))
    result = _mypy(tmp_path, "generator")
    assert result.returncode == 1, result.stdout
    found = set()
    for match in re.finditer(r"^(generator/[\w/]+\.py):(\d+): error:", result.stdout, re.M):
        module, line = match.groups()
        if module.startswith(CONVERTED):
            found.add((module, _function_at(tmp_path / module, int(line))))
    assert found == MUST_HANDLE[alias], textwrap.indent(result.stdout, "  ")
