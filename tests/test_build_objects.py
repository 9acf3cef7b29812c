"""Build stage, objects (`generator/build/objects.py`): `properties`, `required`,
`additionalProperties: false`, the object parts of an `allOf` merged into one class, and what a
property's schema says about its field (documentation, flags, defaults)."""

from __future__ import annotations

import json

import pytest

from generator import ir
from tests._build import (
    INT,
    STR,
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


def test_properties_and_required_make_a_class() -> None:
    schemas = {
        "S": {
            "type": "object",
            "description": "A thing.",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
        }
    }
    assert defs(schemas) == {
        S: ir.ClassDef(
            pointer=S,
            hint=component_hint("S"),
            fields=(field(S, "id", STR, True), field(S, "n", INT)),
            description="A thing.",
        )
    }


def test_properties_without_type_object_still_make_a_class() -> None:
    assert field_types({"S": {"properties": {"a": {"type": "string"}}}}) == {"a": STR}


def test_additional_properties_false_forbids_and_makes_a_class_even_without_properties() -> None:
    cls = the({"S": {"type": "object", "additionalProperties": False}}, "S")
    assert cls == ir.ClassDef(S, component_hint("S"), (), additional="forbid")


def test_an_inline_object_is_a_class_of_its_own_named_by_its_place() -> None:
    schemas = {
        "S": {
            "type": "object",
            "properties": {
                "cfg": {
                    "type": "object",
                    "title": "Config",
                    "properties": {"on": {"type": "boolean"}},
                }
            },
        }
    }
    inner = ptr("S", "properties", "cfg")
    assert defs(schemas)[inner] == ir.ClassDef(
        pointer=inner,
        hint=inline_hint("S", "cfg", title="Config"),
        fields=(field(inner, "on", ir.Primitive("boolean")),),
    )
    assert field_types(schemas) == {"cfg": ir.RefType(inner)}


def test_a_property_name_is_escaped_in_its_pointer() -> None:
    cls = the({"S": {"properties": {"a/b~c": {"type": "string"}}}}, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields[0].json_name == "a/b~c"
    assert cls.fields[0].pointer == S + "/properties/a~1b~0c"


def test_field_documentation_flags_default_and_example() -> None:
    schemas = {
        "S": {
            "properties": {
                "a": {
                    "type": "string",
                    "description": "The a.",
                    "default": "x",
                    "example": "y",
                    "deprecated": True,
                    "readOnly": True,
                },
                "b": {"type": "string", "writeOnly": True, "examples": ["first", "second"]},
            }
        }
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (
        field(
            S,
            "a",
            STR,
            description="The a.",
            default=ir.Default("x"),
            example=ir.Default("y"),
            deprecated=True,
            read_only=True,
        ),
        field(S, "b", STR, write_only=True, example=ir.Default("first")),
    )


def test_a_field_takes_the_description_and_default_of_its_single_branch() -> None:
    schemas = {
        "S": {
            "properties": {
                "a": {
                    "anyOf": [
                        {"type": "string", "description": "Inner.", "default": "d"},
                        {"type": "null"},
                    ]
                }
            }
        }
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (
        field(S, "a", ir.NullableType(STR), description="Inner.", default=ir.Default("d")),
    )


def test_descriptions_of_union_branches_are_kept_with_their_types() -> None:
    schemas = {
        "S": {
            "properties": {
                "a": {
                    "description": "Either.",
                    "anyOf": [
                        {"type": "string", "description": "As text."},
                        {"type": "integer", "description": "Either."},  # the field's own: left out
                        {"type": "null", "description": "Nothing."},  # null: left out
                    ],
                }
            }
        }
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields[0].branch_docs == ((STR, "As text."),)


def test_default_null_makes_a_field_nullable_and_says_so() -> None:
    cls = the({"S": {"properties": {"a": {"type": "string", "default": None}}}}, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (
        field(S, "a", ir.NullableType(STR), default=ir.Default(None), null_by_default=True),
    )


def test_default_null_on_a_union_that_admits_null_changes_nothing() -> None:
    """A union with a free-form member already admits null (the builder used to add `| None`
    and say the default made it nullable)."""
    union = ir.UnionType((STR, ir.JsonAny()), "oneOf")
    schemas = {"S": {"properties": {"a": {"oneOf": [{"type": "string"}, {}], "default": None}}}}
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.fields == (field(S, "a", union, default=ir.Default(None)),)


def test_allof_object_parts_merge_in_order() -> None:
    schemas = {
        "Base": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
        },
        "S": {
            "description": "Base and more.",
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "required": ["extra"],
                    "properties": {
                        "extra": {"type": "boolean"},
                        "n": {"description": "Re-documented, still an integer."},
                    },
                },
            ],
        },
    }
    base = ptr("Base")
    assert the(schemas, "S") == ir.ClassDef(
        pointer=S,
        hint=component_hint("S"),
        fields=(
            field(base, "id", STR, True),
            field(base, "n", INT, description="Re-documented, still an integer."),
            ir.Field(
                "extra", ir.Primitive("boolean"), True, pointer=S + "/allOf/1/properties/extra"
            ),
        ),
        description="Base and more.",
        # Base's fields come first, but `n` is re-documented here: the renderer checks that
        # every field of a base is the same before it reuses the base's code.
        bases=(base,),
    )


def test_allof_part_forbidding_additional_properties_forbids_them_in_the_merge() -> None:
    schemas = {
        "Closed": {"type": "object", "additionalProperties": False, "properties": {"a": {}}},
        "S": {"allOf": [{"$ref": "#/components/schemas/Closed"}, {"properties": {"b": {}}}]},
    }
    cls = the(schemas, "S")
    assert isinstance(cls, ir.ClassDef)
    assert cls.additional == "forbid"
    assert [f.json_name for f in cls.fields] == ["a", "b"]


def test_allof_including_the_schema_itself_is_an_error() -> None:
    schemas = {
        "S": {
            "allOf": [{"$ref": "#/components/schemas/S"}, {"properties": {"a": {}}}],
        }
    }
    err = error(schemas)
    assert err.message == "allOf includes the schema itself"
    assert err.location is not None and err.location.pointer == S + "/allOf/0"


def test_a_property_that_is_not_a_schema_is_an_error_naming_it() -> None:
    err = error({"S": {"properties": {"a": ["string"]}}})
    assert err.message == "expected a schema object, found a list"
    assert err.location is not None and err.location.pointer == S + "/properties/a"


def test_references_between_classes() -> None:
    schemas = {
        "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
    }
    assert field_types(schemas, "A") == {"b": ref("B")}
    assert field_types(schemas, "B") == {"a": ref("A")}


@pytest.mark.xfail(
    strict=True, raises=RecursionError, reason="known: a class is registered only after its fields"
)
def test_an_inline_class_that_includes_its_own_component() -> None:
    schemas = {
        "Node": {
            "type": "object",
            "properties": {
                "child": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Node"},
                        {"type": "object", "properties": {"k": {"type": "string"}}},
                    ]
                }
            },
        }
    }
    child = ptr("Node", "properties", "child")
    assert field_types(schemas, "Node") == {"child": ir.RefType(child)}


def test_additional_properties_false_in_a_part_closes_the_merge_and_the_validator_checks_it() -> (
    None
):
    """JSON Schema: `additionalProperties` sees the properties of its own schema only, so
    `allOf: [{properties: {a}}, {additionalProperties: false}]` forbids `a` as well. The class
    keeps `a` and forbids the rest; the package's validator checks the `allOf` as written."""
    parts = [{"properties": {"a": {"type": "string"}}}, {"additionalProperties": False}]
    built = model({"S": {"allOf": parts}})
    checked = ir.Assertion(S, ("allOf",), json.dumps({"allOf": parts}, sort_keys=True))
    assert built.by_pointer()[S] == ir.ClassDef(
        S,
        component_hint("S"),
        (ir.Field("a", STR, False, pointer=S + "/allOf/0/properties/a"),),
        additional="forbid",
        assertions=(checked,),
    )
    assert built.notes == ()


def test_additional_properties_false_beside_allof_closes_the_merge() -> None:
    schemas = {
        "Base": {"type": "object", "properties": {"a": {}}},
        "S": {
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"b": {}},
            "additionalProperties": False,
        },
    }
    built = model(schemas)
    cls = built.by_pointer()[S]
    assert isinstance(cls, ir.ClassDef) and cls.additional == "forbid"
    assert [f.json_name for f in cls.fields] == ["a", "b"]
    # The validator checks it as JSON Schema says (forbidding `a` too): nothing to report.
    assert [a.keywords for a in cls.assertions] == [("additionalProperties",)]
    assert built.notes == ()


def test_an_additional_properties_schema_of_a_class_is_checked_by_the_validator() -> None:
    """A class keeps the properties it does not declare as any JSON value (`extra_fields`); the
    package's validator checks them against the schema."""
    schemas = {
        "Base": {"type": "object", "properties": {"a": {"type": "string"}}},
        "S": {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "additionalProperties": {"type": "string"}},
            ]
        },
        "M": {"properties": {"a": {}}, "additionalProperties": {"type": "integer"}},
        "Map": {"type": "object", "additionalProperties": {"type": "integer"}},  # a map: exact
    }
    built = model(schemas)
    cls = built.by_pointer()[S]
    assert isinstance(cls, ir.ClassDef) and cls.additional == "keep"
    assert [f.json_name for f in cls.fields] == ["a"]
    assert [a.keywords for a in cls.assertions] == [("allOf",)]
    m = built.by_pointer()[ptr("M")]
    assert isinstance(m, ir.ClassDef)
    assert [a.keywords for a in m.assertions] == [("additionalProperties",)]
    assert built.notes == ()


def test_an_additional_properties_schema_that_takes_anything_is_not_reported() -> None:
    anything = {"allOf": [{}, {"description": "A value."}], "x-box-example-key": "name"}
    built = model({"S": {"properties": {"a": {}}, "additionalProperties": anything}})
    assert built.notes == ()
