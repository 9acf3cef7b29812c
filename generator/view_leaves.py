"""Leaves: strings, numbers, booleans, enums and constants, checked in place by one chain of
checks (`Parse(kind="leaf")`). Each check is data (`Check`); the templates write the code."""

from __future__ import annotations

import json

from . import ir
from .view_nodes import Check, Parse
from .view_types import KIND_WORD, PLAIN, TypeViews, is_file, kind_of

LEAVES = (ir.Primitive, ir.LiteralType, ir.OpenEnum, ir.NullOnly)


def leaf(tv: TypeViews, t: ir.TypeExpr, checked: bool = False) -> Parse | None:
    """The checks of a string, number, boolean, enum or constant, or None for another type.
    `checked`: a union already dispatched on the JSON kind, so the kind test is left out. A
    simple alias (an enum, a string with a pattern) is checked in place: no call."""
    found = _checks(tv, t, checked)
    if found is None:
        return None
    checks, guard = found
    return Parse(
        "leaf",
        tv.annotation(t),
        checks=tuple(checks),
        guard=None if guard is _NONE else guard,
        has_guard=guard is not _NONE,
    )


_NONE = object()  # no guard (a const's value may be None)


def _checks(tv: TypeViews, t: ir.TypeExpr, checked: bool) -> tuple[list[Check], object] | None:
    match t:
        case ir.Primitive():
            checks: list[Check] = []
            if t.kind == "number":
                # NaN and the infinities are not JSON: one test for both, `off_number` tells.
                checks.append(
                    Check("finite", "a finite number", "fail")
                    if checked
                    else Check("finite_number", "a number", "number")
                )
            elif is_file(t):  # a FileUpload passes; a string is checked as one
                rest = string_checks(t.constraints)
                if not checked:
                    rest.insert(0, Check("type", "a string or a FileUpload", "kind", "str"))
                return ([Check("file", "", "accept"), *rest] if rest else []), _NONE
            elif not checked:
                checks.append(Check("type", KIND_WORD[t.kind], "kind", PLAIN[t.kind]))
            if t.kind == "string":
                checks += string_checks(t.constraints)
            elif t.kind in ("integer", "number"):
                checks += number_checks(t.constraints)
            return checks, _NONE
        case ir.OpenEnum():
            checks = [] if checked else [Check("type", "a string", "kind", "str")]
            return checks + string_checks(t.constraints), _NONE
        case ir.LiteralType():
            return _literal(t, checked)
        case ir.RefType():
            alias = tv.refs[t.target].alias_type
            if isinstance(alias, LEAVES) and not isinstance(alias, ir.NullOnly):
                return _checks(tv, alias, checked)
            return None
        case (
            ir.NullOnly()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.ArrayType()
            | ir.MapType()
            | ir.NullableType()
            | ir.UnionType()
            | ir.Asserted()
        ):
            return None
        case _:
            ir.assert_never(t)


def number_checks(c: ir.Constraints) -> list[Check]:
    checks = []
    for test, bound, words in (
        ("minimum", c.minimum, ">="),
        ("exclusive_minimum", c.exclusive_minimum, ">"),
        ("maximum", c.maximum, "<="),
        ("exclusive_maximum", c.exclusive_maximum, "<"),
    ):
        if bound is not None:
            checks.append(Check(test, f"a number {words} {bound!r}", "off", bound))
    if c.multiple_of is not None:
        checks.append(
            Check("multiple_of", f"a multiple of {c.multiple_of!r}", "off", c.multiple_of)
        )
    return checks


def string_checks(c: ir.Constraints) -> list[Check]:
    checks = []
    if c.min_length is not None:
        expected = f"a string of at least {_count(c.min_length, 'character')}"
        checks.append(Check("min_length", expected, "off", c.min_length))
    if c.max_length is not None:
        expected = f"a string of at most {_count(c.max_length, 'character')}"
        checks.append(Check("max_length", expected, "off", c.max_length))
    if c.pattern is not None:
        checks.append(Check("pattern", f"a string matching {c.pattern!r}", "off", c.regex))
    return checks


def size_checks(c: ir.Constraints, unit: str) -> tuple[Check, ...]:
    """Bounds on the number of items of an array or properties of an object."""
    low, high = (
        (c.min_items, c.max_items) if unit == "items" else (c.min_properties, c.max_properties)
    )
    checks = []
    one = {"items": "item", "properties": "property"}[unit]
    if low is not None:
        checks.append(Check(f"min_{unit}", f"at least {_count(low, one)}", "off", low))
    if high is not None:
        checks.append(Check(f"max_{unit}", f"at most {_count(high, one)}", "off", high))
    if unit == "items" and c.unique_items:
        checks.append(Check("unique_items", "unique items", "off"))
    return tuple(checks)


def _literal(t: ir.LiteralType, checked: bool) -> tuple[list[Check], object]:
    kinds = {kind_of(v) for v in t.values}
    expected = (
        "one of " + ", ".join(json.dumps(v) for v in t.values)
        if len(t.values) > 1
        else json.dumps(t.values[0])
    )
    if len(kinds) == 1 and kinds.isdisjoint({"number", "integer"}):
        (kind,) = kinds
        kind_check = []
        if not checked:
            test = "null" if kind == "null" else "type"
            kind_check = [Check(test, KIND_WORD[kind], "kind", PLAIN.get(kind))]
        if len(t.values) == 1 and kind in ("string", "null"):  # not a number: True == 1
            # The usual case costs one comparison: the checks run only for another value.
            return [*kind_check, Check("otherwise", expected, "value")], t.values[0]
        test = "not_bool" if kind == "boolean" else "one_of"
        if test == "one_of" and len(t.values) == 1:  # `x not in (1)` would not be a tuple
            test = "not_literal"
        return [*kind_check, Check(test, expected, "value", t.values)], _NONE
    kind_word = "a number" if kinds <= {"integer", "number"} else expected
    return [
        Check("not_literal_kind", kind_word, "kind", t.values),
        Check("not_literal", expected, "value", t.values),
    ], _NONE


def _count(n: int, word: str) -> str:
    """`1 item`, `2 items` (`property`: `properties`)."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"
