"""TEMPORARY stub (replaced by the validator branch): prepares schemas for the validator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Unsupported(ValueError):
    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer}: {reason}")
        self.pointer = pointer
        self.reason = reason


def prepare(schema: Any, pointer: str) -> Any:
    return schema


def _refs(node: Any) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out.append(v)
            elif k not in ("enum", "const", "default", "examples"):
                out += _refs(v)
    elif isinstance(node, list):
        for v in node:
            out += _refs(v)
    return out


def closure(roots: dict[str, Any], lookup: Callable[[str], Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    todo = [r for s in roots.values() for r in _refs(s)]
    while todo:
        ref = todo.pop()
        if ref in found:
            continue
        found[ref] = prepare(lookup(ref), ref)
        todo += _refs(found[ref])
    return found
