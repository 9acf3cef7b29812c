"""Lines of generated code by kind, per module: parse (`_parse`, `_parse_<alias>`), serialize
(`to_dict`, `dump_<alias>`) and the rest (declarations, docstrings, imports).

    .venv/bin/python bench/code_size.py DIR [DIR ...]     # a generated package each

Prints, for each package: modules, all lines, parse + serialize lines, the rest, and the
parse + serialize lines of the largest modules.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def measure(module: Path) -> tuple[int, int]:
    """(all lines, lines of parse and serialize functions) of one module."""
    text = module.read_text(encoding="utf-8")
    code = 0
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and (
            node.name in ("_parse", "to_dict", "_fill", "_put")
            or node.name.startswith(("_parse_", "dump_"))
        ):
            body = node.body[1:] if ast.get_docstring(node) else node.body
            if body and node.end_lineno is not None:
                code += node.end_lineno - body[0].lineno + 1
    return text.count("\n"), code


def main(folders: list[str]) -> None:
    for folder in folders:
        sizes = {
            p.name: measure(p) for p in sorted(Path(folder).glob("*.py")) if p.name != "_runtime.py"
        }
        total = sum(a for a, _ in sizes.values())
        code = sum(c for _, c in sizes.values())
        print(
            f"{folder}: {len(sizes)} modules, {total} lines; parse + serialize {code} "
            f"({code / max(total, 1):.0%}); the rest {total - code}; "
            f"mean parse + serialize per module {code / max(len(sizes), 1):.1f}"
        )
        for name, (_, lines) in sorted(sizes.items(), key=lambda e: -e[1][1])[:5]:
            print(f"    {name}: {lines}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["generated/openai_models"])
