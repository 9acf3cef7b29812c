"""Exact comparison of JSON data: equal values *and* equal JSON types at every depth, so that
`1` vs `1.0`, `True` vs `1` and `0` vs `False` count as differences (plain `==` misses them)."""

from __future__ import annotations

import json
from typing import Any


def json_type_diff(a: Any, b: Any, path: str = "$") -> str | None:
    """Where `a` and `b` differ in value or in Python/JSON type, or None if they are identical."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r} vs {type(b).__name__} {b!r}"
    if type(a) is dict:
        if a.keys() != b.keys():
            return f"{path}: keys {sorted(a)} vs {sorted(b)}"
        for key in a:
            diff = json_type_diff(a[key], b[key], f"{path}.{key}")
            if diff:
                return diff
        return None
    if type(a) is list:
        if len(a) != len(b):
            return f"{path}: length {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            diff = json_type_diff(x, y, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if a != b and a is not b:  # `a is b` keeps a shared NaN object equal to itself
        return f"{path}: {a!r} vs {b!r}"
    return None


def assert_same_json(actual: Any, expected: Any) -> None:
    """`actual` is exactly `expected`: ==, the same JSON text (keys sorted: to_dict writes the
    declared properties in schema order, then the unknown ones) and the same types everywhere."""
    assert actual == expected
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)
    diff = json_type_diff(actual, expected)
    assert diff is None, diff
