"""A canonical type (`snapshot.type_data`) written as the generated code writes its annotation
(`templates/macros/types.jinja`), for the before and after columns of a report. The snapshot
keeps types as data only; `tests/test_changes_annotation.py` checks this against the template
on every field of the pinned spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..render import literal

PLAIN = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def text(t: Any, names: Mapping[str, str], optional: bool = False) -> str:
    """The annotation of `t`; `names`: definition identity -> class or alias name; `optional`:
    a field that may be absent (`| Unset`)."""
    return _text(t, names) + (" | Unset" if optional else "")


def _text(t: Any, names: Mapping[str, str]) -> str:
    kind = t["t"]
    if kind == "string" and t.get("format") == "binary":
        return "str | FileUpload"
    if kind in PLAIN:
        return PLAIN[kind]
    if kind == "any":
        return "JsonValue"
    if kind == "object":
        return "dict[str, JsonValue]"
    if kind == "null":
        return "None"
    if kind in ("enum", "const"):
        exact = [v for v in t["values"] if not isinstance(v, float)]
        if not exact:
            return "float"
        floats = " | float" if len(exact) < len(t["values"]) else ""
        return f"Literal[{', '.join(literal(v) for v in exact)}]{floats}"
    if kind == "open_enum":
        return f"Literal[{', '.join(literal(v) for v in t['values'])}] | str"
    if kind == "array":
        return f"list[{_text(t['items'], names)}]"
    if kind == "map":
        return f"dict[str, {_text(t['values'], names)}]"
    if kind == "ref":
        return names.get(t["to"], str(t["to"]))
    if kind == "nullable":
        return f"{_text(t['inner'], names)} | None"
    if kind == "asserted":
        return _text(t["inner"], names)
    if kind == "union":
        members = " | ".join(_text(m, names) for _, m in t["members"])
        return members + (" | UnknownVariant" if t.get("unknown") else "")
    raise ValueError(f"not a canonical type: {kind!r}")
