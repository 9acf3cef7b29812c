"""Build stage, reference cycles with no object or array in between
(`generator/build/cycles.py`): flattened into the members of their aliases, or refused when
there is no member but the cycle itself; guarded cycles are left alone."""

from __future__ import annotations

from typing import Any

from generator import ir
from tests._build import INT, STR, alias_type, error, field_types, model, ptr, ref

BOOL = ir.Primitive("boolean")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_cycle_of_unions_is_flattened_into_their_other_members() -> None:
    schemas = {
        "A": {"oneOf": [{"type": "integer"}, _ref("B")]},
        "B": {"oneOf": [{"type": "string"}, _ref("A")]},
        "S": {"properties": {"a": _ref("A")}},
    }
    built = model(schemas)
    assert alias_type(schemas, "A") == ir.UnionType((INT, STR), "oneOf")
    assert alias_type(schemas, "B") == ir.UnionType((STR, INT), "oneOf")
    assert field_types(schemas) == {"a": ref("A")}  # references to them stay
    assert built.notes == tuple(
        f"{ptr(n)}: reference cycle without an object or array between (A, B) flattened to "
        "the members of its aliases"
        for n in ("A", "B")
    )


def test_a_union_that_names_itself_is_its_other_members() -> None:
    assert alias_type({"T": {"anyOf": [_ref("T"), {"type": "string"}]}}) == STR
    two = {"T": {"anyOf": [_ref("T"), {"type": "string"}, {"type": "integer"}]}}
    assert alias_type(two) == ir.UnionType((STR, INT), "anyOf")


def test_an_anyof_on_the_way_makes_the_flat_union_an_anyof() -> None:
    schemas = {
        "A": {"oneOf": [{"type": "integer"}, _ref("B")]},
        "B": {"anyOf": [{"type": "string"}, _ref("A")]},
    }
    assert alias_type(schemas, "A") == ir.UnionType((INT, STR), "anyOf")


def test_null_on_the_way_makes_every_alias_of_the_cycle_nullable() -> None:
    schemas = {
        "Maybe": {"anyOf": [_ref("Flag"), {"type": "null"}]},
        "Flag": {"oneOf": [{"type": "boolean"}, _ref("Maybe")]},
        "S": {"properties": {"flag": _ref("Flag"), "maybe": _ref("Maybe")}},
    }
    by_pointer = model(schemas).by_pointer()
    for name in ("Flag", "Maybe"):
        d = by_pointer[ptr(name)]
        assert isinstance(d, ir.AliasDef) and d.type == BOOL and d.nullable, d
    assert field_types(schemas) == {
        "flag": ir.NullableType(ref("Flag")),
        "maybe": ir.NullableType(ref("Maybe")),
    }


def test_members_that_are_not_in_the_cycle_are_kept_as_they_are() -> None:
    """A class, an array of the cycle (guarded) and a discriminated union stay members."""
    tagged = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"const": "x"}},
    }
    schemas: dict[str, Any] = {
        "X": tagged,
        "A": {"anyOf": [_ref("X"), {"type": "array", "items": _ref("B")}, _ref("B")]},
        "B": {"anyOf": [{"type": "integer"}, _ref("A")]},
    }
    assert alias_type(schemas, "A") == ir.UnionType(
        (ref("X"), ir.ArrayType(ref("B")), INT), "anyOf"
    )


def test_cycles_guarded_by_an_array_or_an_object_are_left_alone() -> None:
    schemas = {
        "Tree": {"anyOf": [{"type": "integer"}, {"type": "array", "items": _ref("Tree")}]},
        "Node": {"type": "object", "properties": {"next": _ref("Next")}},
        "Next": {"anyOf": [_ref("Node"), {"type": "string"}]},
    }
    built = model(schemas)
    assert alias_type(schemas, "Tree") == ir.UnionType((INT, ir.ArrayType(ref("Tree"))), "anyOf")
    assert alias_type(schemas, "Next") == ir.UnionType((ref("Node"), STR), "anyOf")
    assert built.notes == ()


def test_a_cycle_with_no_other_member_is_refused() -> None:
    for schemas in (
        {"A": _ref("B"), "B": _ref("A")},
        {"A": {"allOf": [_ref("B")]}, "B": {"anyOf": [_ref("A"), {"type": "null"}]}},
        {"A": {"oneOf": [_ref("A"), _ref("B")]}, "B": _ref("A")},
    ):
        err = error(schemas)
        assert err.message == (
            "reference cycle A, B has no value of its own: every member refers back into the cycle"
        )
        assert err.location is not None and err.location.pointer == ptr("A")
