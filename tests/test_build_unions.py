"""Build stage, unions (`generator/build/unions.py`): `anyOf` and `oneOf` flattened and
de-duplicated, null members, and the discriminator, declared or inferred."""

from __future__ import annotations

from typing import Any

from generator import ir
from tests._build import (
    INT,
    STR,
    alias_type,
    component_hint,
    defs,
    error,
    field,
    field_types,
    inline_hint,
    model,
    ptr,
    ref,
    the,
)

T = ptr("T")


def _object(tag: str, prop: str = "type", **more: Any) -> dict[str, Any]:
    """An object with a required constant property."""
    return {
        "type": "object",
        "required": [prop],
        "properties": {prop: {"type": "string", "enum": [tag]}, **more},
    }


def test_anyof_and_oneof_keep_their_kind() -> None:
    assert alias_type({"T": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}) == (
        ir.UnionType((STR, INT), "anyOf")
    )
    assert alias_type({"T": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}) == (
        ir.UnionType((STR, INT), "oneOf")
    )


def test_several_types_are_an_anyof() -> None:
    assert alias_type({"T": {"type": ["string", "integer"]}}) == ir.UnionType((STR, INT), "anyOf")
    # A component that also admits null is the type without it, marked nullable.
    nullable = the({"T": {"type": ["string", "integer", "null"]}}, "T")
    assert nullable == ir.AliasDef(
        T, component_hint("T"), ir.UnionType((STR, INT), "anyOf"), nullable=True
    )


def test_a_null_member_makes_the_union_nullable() -> None:
    schemas = {
        "S": {
            "properties": {
                "a": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
            }
        }
    }
    cls = defs(schemas)[ptr("S")]
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields[0].type == ir.NullableType(ir.UnionType((STR, INT), "anyOf"))


def test_a_union_that_admits_null_through_a_member_is_not_wrapped_again() -> None:
    """A free-form member already admits null: a null member adds nothing (the builder used to
    wrap the union in a redundant `NullableType`)."""
    schema = {"oneOf": [{"type": "string"}, {}, {"type": "null"}]}
    assert field_types({"S": {"properties": {"a": schema}}}) == {
        "a": ir.UnionType((STR, ir.JsonAny()), "oneOf")
    }


def test_one_member_left_is_the_member_and_only_null_is_null() -> None:
    schemas = {
        "S": {
            "properties": {
                "a": {"oneOf": [{"type": "string"}, {"type": "null"}]},
                "b": {"anyOf": [{"type": "null"}]},
                "c": {"anyOf": [{"type": "string"}, {"type": "string"}]},
            }
        }
    }
    cls = defs(schemas)[ptr("S")]
    assert isinstance(cls, ir.ClassDef)
    assert [f.type for f in cls.fields] == [ir.NullableType(STR), ir.NullOnly(), STR]


def test_a_nested_union_is_flattened_and_duplicates_dropped() -> None:
    schemas = {
        "T": {
            "anyOf": [
                {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
                {"type": "integer"},
                {"type": "boolean"},
            ]
        }
    }
    assert alias_type(schemas) == ir.UnionType((STR, INT, ir.Primitive("boolean")), "anyOf")


def test_a_discriminated_union_inside_another_stays_a_member() -> None:
    schemas = {
        "A": _object("a"),
        "B": _object("b"),
        "Inner": {
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
        },
        "T": {"anyOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "string"}]},
    }
    assert alias_type(schemas, "Inner") == ir.UnionType(
        (ref("A"), ref("B")),
        "oneOf",
        ir.Discriminator("type", (("a", 0), ("b", 1)), explicit=False),
    )
    assert alias_type(schemas) == ir.UnionType((ref("Inner"), STR), "anyOf")


def test_inferred_discriminator_prefers_type_and_needs_distinct_tags() -> None:
    schemas = {
        "T": {
            "oneOf": [
                _object("x", "kind", type={"type": "string", "enum": ["one"]}),
                {
                    "type": "object",
                    "required": ["kind", "type"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["x"]},  # the same kind: no use
                        "type": {"type": "string", "enum": ["two"]},
                    },
                },
            ]
        }
    }
    schemas["T"]["oneOf"][0]["required"] = ["kind", "type"]
    union = alias_type(schemas)
    assert isinstance(union, ir.UnionType)
    assert union.members == (ref("T", "oneOf", 0), ref("T", "oneOf", 1))
    assert union.discriminator == ir.Discriminator("type", (("one", 0), ("two", 1)), explicit=False)


def test_no_discriminator_is_inferred_when_a_member_lacks_the_tag() -> None:
    schemas = {"T": {"anyOf": [_object("a"), {"type": "object", "properties": {"x": {}}}]}}
    union = alias_type(schemas)
    assert isinstance(union, ir.UnionType)
    assert union.discriminator is None


def test_union_members_are_named_by_their_tags() -> None:
    schemas = {"T": {"oneOf": [_object("first"), _object("second")]}}
    by_pointer = defs(schemas)
    member = ptr("T", "oneOf", 0)
    assert by_pointer[member] == ir.ClassDef(
        pointer=member,
        hint=inline_hint("T", tag="first"),
        fields=(field(member, "type", ir.LiteralType(("first",), is_const=True), True),),
    )


def test_declared_discriminator_with_a_mapping() -> None:
    schemas = {
        "Cat": _object("cat", "pet"),
        "Dog": {"type": "object", "properties": {"pet": {"type": "string"}}},
        "T": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {
                "propertyName": "pet",
                "mapping": {"doggo": "#/components/schemas/Dog"},
            },
        },
    }
    assert alias_type(schemas) == ir.UnionType(
        (ref("Cat"), ref("Dog")),
        "oneOf",
        ir.Discriminator("pet", (("doggo", 1), ("cat", 0)), explicit=True),
    )


def test_declared_discriminator_without_mapping_falls_back_to_component_names() -> None:
    schemas = {
        "Cat": {"type": "object", "properties": {"pet": {"type": "string"}}},
        "Dog": {"type": "object", "properties": {"pet": {"type": "string"}}},
        "T": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "pet"},
        },
    }
    union = alias_type(schemas)
    assert isinstance(union, ir.UnionType)
    assert union.discriminator == ir.Discriminator("pet", (("Cat", 0), ("Dog", 1)), explicit=True)


def test_a_declared_discriminator_that_does_not_tell_members_apart_is_dropped_and_noted() -> None:
    schemas = {
        "T": {
            "oneOf": [_object("same", "pet"), _object("same", "pet")],
            "discriminator": {"propertyName": "pet"},
        }
    }
    built = model(schemas)
    union = built.by_pointer()[ptr("T")]
    assert isinstance(union, ir.AliasDef) and isinstance(union.type, ir.UnionType)
    assert union.type.discriminator is None
    assert built.notes == (f"{ptr('T')}: declared discriminator 'pet' does not tell members apart",)


def test_constraint_only_anyof_beside_properties_is_not_a_union() -> None:
    schemas = {
        "S": {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
        }
    }
    cls = defs(schemas)[ptr("S")]
    assert isinstance(cls, ir.ClassDef)
    assert [f.json_name for f in cls.fields] == ["a", "b"]


def test_a_union_that_is_not_a_list_is_an_error() -> None:
    err = error({"T": {"oneOf": {"type": "string"}}})
    assert err.location is not None and err.location.pointer == T
    assert err.message == "'oneOf' must be a non-empty list"


# -- members that take any value ------------------------------------------------------------------


def test_an_anyof_with_a_member_that_takes_any_value_is_any_json() -> None:
    for anything in ({}, True, {"description": "Anything."}):
        schemas = {"T": {"anyOf": [{"type": "integer"}, anything]}}
        built = model(schemas)
        assert built.by_pointer()[T] == ir.AliasDef(T, component_hint("T"), ir.JsonAny())
        assert built.notes == ()


def test_a_oneof_with_a_member_that_takes_any_value_keeps_both() -> None:
    """`oneOf: [true, string]` takes every value but a string (which matches twice): the
    members stay, so that the parser counts the matches exactly (nothing to report)."""
    built = model({"T": {"oneOf": [True, {"type": "string"}]}})
    assert built.by_pointer()[T] == ir.AliasDef(
        T, component_hint("T"), ir.UnionType((ir.JsonAny(), STR), "oneOf")
    )
    assert built.notes == ()


def test_a_member_that_takes_any_value_is_not_a_null_member() -> None:
    """`anyOf: [X, {}]` used to be read as `[X, null]`: X, nullable."""
    the_alias = the({"T": {"anyOf": [{"type": "integer"}, {}]}}, "T")
    assert isinstance(the_alias, ir.AliasDef) and not the_alias.nullable


def test_an_any_member_of_a_nested_oneof_does_not_make_the_anyof_any_json() -> None:
    inner = {"oneOf": [{}, {"type": "string"}]}
    assert alias_type({"T": {"anyOf": [{"type": "integer"}, inner]}}) == ir.UnionType(
        (INT, ir.JsonAny(), STR), "anyOf"
    )


# -- null members of a component ------------------------------------------------------------------


def test_a_component_union_with_a_null_member_admits_null_where_referred_to() -> None:
    """`anyOf: [X, string, null]` (ModelIdsCompaction): the null used to be lost."""
    schemas = {
        "X": {"type": "string", "enum": ["a"]},
        "T": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "string"}, {"type": "null"}]},
        "N": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/T"}]},
        "S": {
            "properties": {
                "t": {"$ref": "#/components/schemas/T"},
                "n": {"$ref": "#/components/schemas/N"},
            }
        },
    }
    t = the(schemas, "T")
    assert isinstance(t, ir.AliasDef) and t.nullable
    assert t.type == ir.UnionType((ref("X"), STR), "anyOf")
    # N admits null through its member T.
    assert field_types(schemas) == {
        "t": ir.NullableType(ref("T")),
        "n": ir.NullableType(ref("N")),
    }
