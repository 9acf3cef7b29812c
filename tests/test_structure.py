"""The generator's structure stays readable in one look: no module over 400 lines, no class
over 300."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

MAX_MODULE = 400
MAX_CLASS = 300
# Being split in other branches of the same issue; remove each once it is within the limits.
NOT_YET: set[str] = set()


def test_modules_and_classes_are_small() -> None:
    too_big = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in NOT_YET:
            continue
        text = path.read_text()
        if text.count("\n") > MAX_MODULE:
            too_big.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS:
                    too_big.append(f"{name}: class {node.name}, {size} lines")
    assert not too_big


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists the packages the wheel carries: a subpackage of generator/ left out
    installs a command that fails at import (tests/test_install.py finds that too, slowly)."""
    from generator.config import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(settings["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
    }
    assert sorted(found - listed) == []
    assert listed - found == {"generator.templates", "generator.templates.macros"}
