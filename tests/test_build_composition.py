"""Build stage, composition (`generator/build/composition.py`): `allOf` with one real part,
`allOf` distributing over a union, `$ref` with siblings, and the spellings of null (`nullable:
true`, `type: [X, null]`, `anyOf`/`oneOf: [X, null]`) on fields and on components."""

from __future__ import annotations

import json
from typing import Any

import pytest

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

S = ptr("S")


def _field(schema: Any, **more: Any) -> ir.TypeExpr:
    return field_types({"S": {"properties": {"a": schema}}, **more})["a"]


# -- null, however it is spelled ---------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True},  # OpenAPI 3.0
        {"type": ["string", "null"]},  # 3.1
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"oneOf": [{"type": "null"}, {"type": "string"}]},
        {"anyOf": [{"type": "string"}, {"enum": [None]}]},
        {"anyOf": [{"type": "string"}, {"const": None}]},
        {"allOf": [{"type": "string"}], "nullable": True},
    ],
)
def test_spellings_of_null(schema: dict[str, Any]) -> None:
    assert _field(schema) == ir.NullableType(STR)


def test_a_component_that_is_x_or_null_is_x_marked_nullable_and_its_references_are_too() -> None:
    schemas = {
        "P": {
            "anyOf": [
                {
                    "type": "object",
                    "description": "Inner.",
                    "properties": {"id": {"type": "string"}},
                },
                {"type": "null"},
            ],
            "description": "Outer.",
        },
        "S": {"properties": {"p": {"$ref": "#/components/schemas/P"}}},
    }
    by_pointer = defs(schemas)
    assert by_pointer[ptr("P")] == ir.ClassDef(
        pointer=ptr("P"),
        hint=component_hint("P"),
        fields=(ir.Field("id", STR, False, pointer=ptr("P", "anyOf", 0, "properties", "id")),),
        description="Outer.",
        nullable=True,
    )
    assert field_types(schemas) == {"p": ir.NullableType(ref("P"))}


def test_a_nullable_alias_component_makes_its_references_nullable() -> None:
    schemas = {
        "T": {"type": ["string", "null"]},
        "U": {"$ref": "#/components/schemas/T"},  # through an alias of it
        "S": {
            "properties": {
                "t": {"$ref": "#/components/schemas/T"},
                "u": {"$ref": "#/components/schemas/U"},
            }
        },
    }
    assert the(schemas, "T") == ir.AliasDef(ptr("T"), component_hint("T"), STR, nullable=True)
    assert field_types(schemas) == {"t": ir.NullableType(ref("T")), "u": ir.NullableType(ref("U"))}


def test_a_component_that_is_a_reference_or_null_keeps_its_null() -> None:
    schemas = {
        "O": {"type": "string"},
        "T": {"anyOf": [{"$ref": "#/components/schemas/O"}, {"type": "null"}]},
        "S": {"properties": {"t": {"$ref": "#/components/schemas/T"}}},
    }
    assert field_types(schemas) == {"t": ir.NullableType(ref("T"))}


# -- $ref with siblings --------------------------------------------------------------------------


def test_ref_siblings_document_the_field_and_can_add_null() -> None:
    schemas = {
        "O": {"type": "string", "enum": ["a", "b"]},
        "S": {
            "properties": {
                "a": {
                    "$ref": "#/components/schemas/O",
                    "description": "Said here.",
                    "default": "a",
                    "nullable": True,
                }
            }
        },
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (
        field(S, "a", ir.NullableType(ref("O")), description="Said here.", default=ir.Default("a")),
    )


def test_a_ref_into_the_middle_of_a_schema_is_built_where_it_stands() -> None:
    schemas = {
        "O": {
            "properties": {"inner": {"type": "object", "properties": {"x": {"type": "integer"}}}}
        },
        "S": {"properties": {"a": {"$ref": "#/components/schemas/O/properties/inner"}}},
    }
    inner = ptr("O", "properties", "inner")
    assert field_types(schemas) == {"a": ir.RefType(inner)}
    assert defs(schemas)[inner] == ir.ClassDef(
        inner, inline_hint("O", "inner"), (field(inner, "x", INT),)
    )


def test_a_dangling_ref_names_the_referring_schema() -> None:
    err = error({"S": {"properties": {"a": {"$ref": "#/components/schemas/Nope"}}}})
    assert err.location is not None and err.location.pointer == S + "/properties/a"
    assert err.message == "dangling $ref '#/components/schemas/Nope': nothing at that pointer"


# -- allOf ---------------------------------------------------------------------------------------


def test_allof_with_one_real_part_is_that_part() -> None:
    schemas = {
        "O": {"type": "object", "properties": {"x": {}}},
        "S": {
            "properties": {
                "a": {
                    "allOf": [{"$ref": "#/components/schemas/O"}, {"description": "Only words."}],
                    "description": "The a.",
                }
            }
        },
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (field(S, "a", ref("O"), description="The a."),)


def test_allof_with_a_nullable_part_is_nullable() -> None:
    schemas = {
        "O": {"type": "integer"},
        "S": {
            "properties": {"a": {"allOf": [{"$ref": "#/components/schemas/O"}, {"nullable": True}]}}
        },
    }
    assert field_types(schemas) == {"a": ir.NullableType(ref("O"))}


def test_allof_of_non_object_parts_is_typed_by_the_first_and_checked_whole() -> None:
    parts = [{"type": "string", "maxLength": 3}, {"type": "string", "minLength": 1}]
    built = model({"T": {"allOf": parts}})
    first = ir.Primitive("string", None, ir.Constraints(max_length=3))
    checked = ir.Assertion(ptr("T"), ("allOf",), json.dumps({"allOf": parts}, sort_keys=True))
    assert built.by_pointer()[ptr("T")] == ir.AliasDef(
        ptr("T"), component_hint("T"), ir.Asserted(first, checked)
    )
    assert built.notes == ()


def test_allof_of_a_lone_self_reference_is_an_error() -> None:
    err = error({"T": {"allOf": [{"$ref": "#/components/schemas/T"}]}})
    assert err.location is not None and err.location.pointer == ptr("T", "allOf", 0)
    assert err.message == "allOf includes the schema itself"


def test_allof_distributes_over_a_union_of_objects() -> None:
    """`allOf: [oneOf: [A, B], {stream_id}]`: each member becomes a class with `stream_id`
    merged in, and the union keeps its (inferred) discriminator."""

    def event(tag: str) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string", "enum": [tag]}, tag: {"type": "string"}},
        }

    schemas = {
        "A": event("a"),
        "B": event("b"),
        "T": {
            "allOf": [
                {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
                {
                    "type": "object",
                    "required": ["stream_id"],
                    "properties": {"stream_id": {"type": "integer"}},
                },
            ]
        },
    }
    members = (ptr("T", "allOf", 0, "oneOf", 0), ptr("T", "allOf", 0, "oneOf", 1))
    assert alias_type(schemas) == ir.UnionType(
        tuple(ir.RefType(m) for m in members),
        "oneOf",
        ir.Discriminator("type", (("a", 0), ("b", 1)), explicit=False),
    )
    shared = ir.Field(
        "stream_id", INT, True, pointer=ptr("T", "allOf", 1, "properties", "stream_id")
    )
    by_pointer = defs(schemas)
    for member, tag in zip(members, "ab", strict=True):
        assert by_pointer[member] == ir.ClassDef(
            pointer=member,
            hint=inline_hint("T", title=tag.upper()),
            fields=(
                field(ptr(tag.upper()), "type", ir.LiteralType((tag,), is_const=True), True),
                field(ptr(tag.upper()), tag, STR),
                shared,
            ),
            bases=(ptr(tag.upper()),),  # the member's component: its fields come first
        )


# -- allOf over an alias -----------------------------------------------------------------------

RESOURCE = {
    "type": "object",
    "required": ["gid"],
    "properties": {"gid": {"type": "string"}},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize(
    "alias",
    [
        {"anyOf": [_ref("Resource"), {"type": "null"}]},  # a nullable wrapper (Asana, Box)
        {"allOf": [_ref("Resource")]},  # a lone allOf
        _ref("Resource"),  # a plain reference
        {"oneOf": [{"type": "null"}, {"allOf": [_ref("Resource")]}]},  # both
    ],
)
def test_allof_over_an_alias_of_an_object_merges_the_object(alias: dict[str, Any]) -> None:
    """The alias's object parts used to be dropped: the class had only the other part's
    properties, or the whole was typed by its first part."""
    for part in (
        {"properties": {"name": {"type": "string"}}},
        {"type": "object", "properties": {"name": {"type": "string"}}},
    ):
        schemas = {"Resource": RESOURCE, "Alias": alias, "T": {"allOf": [_ref("Alias"), part]}}
        built = model(schemas)
        cls = built.by_pointer()[ptr("T")]
        assert isinstance(cls, ir.ClassDef), cls
        assert [(f.json_name, f.type, f.required) for f in cls.fields] == [
            ("gid", STR, True),
            ("name", STR, False),
        ]
        assert cls.bases == (ptr("Resource"),)  # the class behind the alias: its code reused
        assert not cls.nullable and built.notes == ()


def test_an_object_with_properties_beside_an_allof_of_an_alias_merges_it() -> None:
    schemas = {
        "Resource": RESOURCE,
        "Alias": {"anyOf": [_ref("Resource"), {"type": "null"}]},
        "T": {"type": "object", "allOf": [_ref("Alias")], "properties": {"more": {}}},
    }
    cls = the(schemas, "T")
    assert isinstance(cls, ir.ClassDef)
    assert [f.json_name for f in cls.fields] == ["gid", "more"]


def test_allof_distributes_over_a_union_component() -> None:
    """`allOf: [$ref: Pet, {name}]` with Pet a `oneOf`: each member with `name` merged in, its
    class keyed below the part (Pet's own members are not changed)."""

    def pet(tag: str) -> dict[str, Any]:
        return {"type": "object", "required": ["kind"], "properties": {"kind": {"const": tag}}}

    schemas = {
        "Cat": pet("cat"),
        "Dog": pet("dog"),
        "Pet": {"oneOf": [_ref("Cat"), _ref("Dog")]},
        "T": {
            "allOf": [
                _ref("Pet"),
                {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}},
                },
            ]
        },
    }
    members = (ptr("T", "allOf", 0, "oneOf", 0), ptr("T", "allOf", 0, "oneOf", 1))
    assert alias_type(schemas) == ir.UnionType(
        tuple(ir.RefType(m) for m in members),
        "oneOf",
        ir.Discriminator("kind", (("cat", 0), ("dog", 1)), explicit=False),
    )
    by_pointer = defs(schemas)
    for member, name in zip(members, ("Cat", "Dog"), strict=True):
        cls = by_pointer[member]
        assert isinstance(cls, ir.ClassDef)
        assert [(f.json_name, f.required) for f in cls.fields] == [("kind", True), ("name", True)]
        assert cls.hint == inline_hint("T", title=name) and cls.bases == (ptr(name),)
    assert alias_type(schemas, "Pet") == ir.UnionType(
        (ref("Cat"), ref("Dog")),
        "oneOf",
        ir.Discriminator("kind", (("cat", 0), ("dog", 1)), explicit=False),
    )


def test_a_part_that_only_constrains_the_object_is_merged() -> None:
    schemas = {
        "Resource": {**RESOURCE, "properties": {"gid": {"type": "string"}, "kind": {}}},
        "T": {"allOf": [_ref("Resource"), {"required": ["kind"]}]},
        "U": {"allOf": [_ref("Resource")], "required": ["kind"]},
    }
    for name in ("T", "U"):
        cls = the(schemas, name)
        assert isinstance(cls, ir.ClassDef)
        assert [(f.json_name, f.required) for f in cls.fields] == [("gid", True), ("kind", True)]


def test_allof_of_parts_that_only_document_is_any_value_exactly() -> None:
    """`allOf: [{}, {description: ...}]` (Box's map values): any JSON value, not reported."""
    built = model({"T": {"allOf": [{}, {"description": "Any value."}, {"example": "100"}]}})
    assert built.by_pointer()[ptr("T")] == ir.AliasDef(ptr("T"), component_hint("T"), ir.JsonAny())
    assert built.notes == ()
