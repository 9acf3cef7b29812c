"""The typed boundary of the build stage (`generator/build/schema.py`): a `Schema` reads a raw
node through typed accessors; a structural keyword of the wrong shape is an error naming the
node's pointer, an annotation of the wrong shape is ignored."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.build.keywords import DeclaredDiscriminator
from generator.build.schema import ObjectParts, Schema, Source
from generator.errors import GeneratorError
from tests._build import error, ptr

P = "#/components/schemas/X"


def node(raw: Any) -> Schema:
    return Schema(raw, P, Source("spec.yaml"))


def raises(read: Any, message: str) -> None:
    with pytest.raises(GeneratorError) as info:
        read()
    assert info.value.message == message
    assert str(info.value.location) == f"spec.yaml at {P}"


# -- structural keywords -----------------------------------------------------------------------


def test_types_in_the_order_written() -> None:
    assert node({"type": "string"}).types == ("string",)
    assert node({"type": ["null", "integer"]}).types == ("null", "integer")
    assert node({}).types == ()
    assert node({"type": None}).types == ()


def test_a_misspelled_type_is_read_as_meant_and_noted() -> None:
    x = node({"type": ["float", "null"]})
    assert x.types == ("number", "null")
    assert x.source.notes == [f"{P}: type 'float' is not JSON Schema; read as 'number'"]


@pytest.mark.parametrize("kind", ["strnig", 3, {"type": "string"}, ["string"]])
def test_an_unknown_type_is_an_error(kind: Any) -> None:
    raises(lambda: node({"type": [kind]}).types, f"unknown type {kind!r}")


def test_properties_are_schemas_at_their_pointers() -> None:
    x = node({"properties": {"a": {"type": "string"}, "b/c": True, 7: {}}})
    props = x.properties
    assert props is not None
    assert {name: (s.raw, s.pointer) for name, s in props.items()} == {
        "a": ({"type": "string"}, P + "/properties/a"),
        "b/c": (True, P + "/properties/b~1c"),
        "7": ({}, P + "/properties/7"),
    }
    assert x.properties is props  # read once
    assert node({}).properties is None


def test_properties_that_are_not_a_mapping_are_an_error() -> None:
    raises(lambda: node({"properties": ["a"]}).properties, "'properties' must be a mapping")


def test_required() -> None:
    assert node({"required": ["a", "b"]}).required == ("a", "b")
    assert node({}).required == ()
    raises(lambda: node({"required": "a"}).required, "'required' must be a list")
    raises(
        lambda: node({"required": [{"a": 1}]}).required,
        "'required' must be a list of property names, found {'a': 1}",
    )


def test_ref() -> None:
    assert node({"$ref": "#/a"}).ref == "#/a"
    assert node({}).ref is None
    raises(lambda: node({"$ref": 3}).ref, "'$ref' must be a string")


def test_items_and_additional_properties() -> None:
    items = node({"items": {"type": "string"}}).items
    assert items is not None and items.pointer == P + "/items"
    assert node({"items": None}).items is None
    extra = node({"additionalProperties": {"type": "integer"}}).additional
    assert isinstance(extra, Schema) and extra.pointer == P + "/additionalProperties"
    assert node({"additionalProperties": False}).additional is False
    assert node({}).additional is None
    raises(
        lambda: node({"additionalProperties": "no"}).additional,
        "'additionalProperties' must be a schema or a boolean",
    )


@pytest.mark.parametrize("key", ["anyOf", "oneOf", "allOf"])
def test_branches(key: str) -> None:
    branches = node({key: [{"type": "string"}, True]}).branches(key)
    assert branches is not None
    assert [(b.raw, b.pointer) for b in branches] == [
        ({"type": "string"}, f"{P}/{key}/0"),
        (True, f"{P}/{key}/1"),
    ]
    assert node({}).branches(key) is None
    wrong: list[Any] = [[], {"type": "string"}, "x"]
    for bad in wrong:
        raises(lambda bad=bad: node({key: bad}).branches(key), f"'{key}' must be a non-empty list")


def test_enum_and_const() -> None:
    assert node({"enum": ["a", None]}).enum == ("a", None)
    assert node({}).enum is None
    assert node({"enum": []}).enum == ()  # valid JSON Schema: no value is valid
    assert node({"const": 0}).const == 0
    assert node({"const": None}).has("const") and node({"const": None}).const is None


def test_discriminator() -> None:
    declared = {"propertyName": "type", "mapping": {"a": "#/A", 1: "#/B"}}
    assert node({"discriminator": declared}).discriminator == DeclaredDiscriminator(
        "type", (("a", "#/A"), ("1", "#/B"))
    )
    assert node({"discriminator": {"propertyName": "t"}}).discriminator == (
        DeclaredDiscriminator("t", ())
    )
    assert node({}).discriminator is None
    name = "'discriminator' must be a mapping with a string 'propertyName'"
    raises(lambda: node({"discriminator": "type"}).discriminator, name)
    raises(lambda: node({"discriminator": {"mapping": {}}}).discriminator, name)
    raises(
        lambda: node({"discriminator": {"propertyName": "t", "mapping": {"a": 1}}}).discriminator,
        "'discriminator.mapping' must map tags to '$ref' strings",
    )


def test_constraints() -> None:
    assert node({"type": "string"}).constraints() is ir.NO_CONSTRAINTS
    assert node(
        {
            "minimum": 0,
            "exclusiveMaximum": 1.5,
            "maxLength": 3,
            "pattern": "^a",
            "uniqueItems": True,
        }
    ).constraints() == ir.Constraints(
        minimum=0,
        exclusive_maximum=1.5,
        max_length=3,
        pattern="^a",
        regex="^a",
        unique_items=True,
    )


def test_openapi_30_boolean_exclusives_become_bounds() -> None:
    x = node({"minimum": 0, "exclusiveMinimum": True, "maximum": 9, "exclusiveMaximum": False})
    assert x.constraints() == ir.Constraints(exclusive_minimum=0, maximum=9)


def test_a_pattern_python_cannot_compile_is_noted_and_left_unchecked() -> None:
    x = node({"pattern": "[a-"})
    assert x.constraints() is ir.NO_CONSTRAINTS
    assert len(x.source.notes) == 1
    assert x.source.notes[0].startswith(f"{P}: pattern '[a-' not checked: ")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"minimum": "0"}, "'minimum' must be a number, found '0'"),
        ({"exclusiveMinimum": None}, "'exclusiveMinimum' must be a number, found None"),
        ({"maxLength": -1}, "'maxLength' must be a non-negative integer, found -1"),
        ({"minItems": 1.0}, "'minItems' must be a non-negative integer, found 1.0"),
        ({"uniqueItems": "yes"}, "'uniqueItems' must be a boolean, found 'yes'"),
        ({"pattern": 5}, "'pattern' must be a string, found 5"),
    ],
)
def test_constraints_of_the_wrong_shape_are_errors(raw: dict[str, Any], message: str) -> None:
    raises(node(raw).constraints, message)


# -- annotations: a wrong shape is ignored --------------------------------------------------------


def test_annotations() -> None:
    x = node({"description": "D.", "title": "T", "format": "uri", "deprecated": True})
    assert (x.description, x.title, x.format, x.flag("deprecated")) == ("D.", "T", "uri", True)
    wrong = node({"description": 3, "title": "  ", "format": ["uri"], "deprecated": "yes"})
    assert (wrong.description, wrong.title, wrong.format, wrong.flag("deprecated")) == (
        None,
        None,
        None,
        False,
    )


def test_default_and_example() -> None:
    assert node({"default": None}).default == ir.Default(None)
    assert node({}).default is None
    assert node({"example": 1, "examples": [2]}).example == ir.Default(1)
    assert node({"examples": [2, 3]}).example == ir.Default(2)
    assert node({"examples": {"a": 1}}).example is None


# -- what the keywords together say ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "own_nullable"),
    [
        ({"type": "string", "nullable": True}, True),
        ({"type": ["string", "null"]}, True),
        ({"enum": ["a", None]}, True),
        ({"enum": [None]}, False),  # null only: `is_null`
        ({"type": "null"}, False),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, False),  # the union's null
        ({"type": "string", "nullable": "yes"}, False),
    ],
)
def test_own_nullable(raw: dict[str, Any], own_nullable: bool) -> None:
    assert node(raw).own_nullable is own_nullable


@pytest.mark.parametrize(
    ("raw", "is_null"),
    [
        ({"type": "null"}, True),
        ({"type": ["null"]}, True),
        ({"enum": [None]}, True),
        ({"const": None}, True),
        ({"type": ["string", "null"]}, False),
        (True, False),
        ({}, False),
    ],
)
def test_is_null(raw: Any, is_null: bool) -> None:
    assert node(raw).is_null is is_null


def test_meta_only_and_constraint_only() -> None:
    assert node({"description": "d", "nullable": True}).is_meta_only
    assert not node({"description": "d", "required": ["a"]}).is_meta_only
    assert not node(True).is_meta_only
    assert node({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}).constraint_only("anyOf")
    assert not node({"anyOf": [{"required": ["a"]}, {"type": "string"}]}).constraint_only("anyOf")
    assert not node({"anyOf": "x"}).constraint_only("anyOf")


def test_single_branch() -> None:
    step = node({"anyOf": [{"type": "null"}, {"type": "string"}], "description": "d"})
    found = step.single_branch()
    assert found is not None and (found[0].pointer, found[1]) == (P + "/anyOf/1", True)
    lone = node({"allOf": [{"$ref": "#/A"}, {"description": "words"}]}).single_branch()
    assert lone is not None and (lone[0].pointer, lone[1]) == (P + "/allOf/0", False)
    assert node({"anyOf": [{"type": "string"}]}).single_branch() is None  # no null dropped
    assert node({"anyOf": [{"type": "null"}, {}], "properties": {}}).single_branch() is None


def test_tags_and_own_tag() -> None:
    assert node({"const": "a"}).tags == ("a",)
    assert node({"enum": ["a", "b"]}).tags == ("a", "b")
    assert node({"enum": ["a", 1]}).tags == ()
    tagged = node(
        {
            "required": ["kind", "type"],
            "properties": {"kind": {"const": "k"}, "type": {"enum": ["t"]}},
        }
    )
    assert tagged.own_tag == "t"  # `type` first
    assert node({"properties": {"type": {"const": "t"}}}).own_tag is None  # not required
    parts = ObjectParts({"type": node({"enum": ["a", "b"]}), "x": node({})}, ["x", "type"])
    assert parts.tags("type") == ("a", "b") and parts.tags("nope") == ()
    assert parts.required_consts() == ["type"]


# -- any node can be wrapped ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [True, False, "string", ["a"], 3, None])
def test_a_node_that_is_not_a_mapping_reads_as_absent(raw: Any) -> None:
    x = node(raw)
    assert not x.is_mapping and not x.has("type")
    assert (x.types, x.ref, x.properties, x.required, x.enum) == ((), None, None, (), None)
    assert (x.description, x.default, x.own_nullable, x.is_null) == (None, None, False, False)


def test_expect() -> None:
    assert node({}).expect().is_empty and node(True).expect().is_true and node(False).is_false
    raises(node(["a"]).expect, "expected a schema object, found a list")
    raises(node("a").expect, "expected a schema object, found a str")
    raises(node(None).expect, "expected a schema object, found a NoneType")


# -- through the builder: the first wrong keyword met names its place ----------------------------


@pytest.mark.parametrize(
    ("schema", "where", "message"),
    [
        ({"type": "object", "properties": "a"}, "", "'properties' must be a mapping"),
        ({"properties": {"a": {}}, "required": "a"}, "", "'required' must be a list"),
        ({"type": {"a": 1}}, "", "unknown type {'a': 1}"),
        ({"type": "string", "enum": {}}, "", "'enum' must be a list"),
        ({"type": "string", "pattern": 5}, "", "'pattern' must be a string, found 5"),
        ({"anyOf": "x"}, "", "'anyOf' must be a non-empty list"),
        ({"$ref": 3}, "", "'$ref' must be a string"),
        ({"items": [{}]}, "/items", "expected a schema object, found a list"),
        (
            {"oneOf": [{"type": "string"}, {"type": "integer"}], "discriminator": "t"},
            "",
            "'discriminator' must be a mapping with a string 'propertyName'",
        ),
    ],
)
def test_the_builder_reports_a_wrong_shape_at_its_pointer(
    schema: dict[str, Any], where: str, message: str
) -> None:
    err = error({"T": schema})
    assert (err.location.pointer if err.location else None, err.message) == (
        ptr("T") + where,
        message,
    )
