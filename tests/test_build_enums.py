"""Build stage, enums and constants (`generator/build/enums.py`): `enum`, `const`, open enums
(`anyOf: [string, string enum]`) and `x-stainless-const`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator import ir
from tests._build import alias_type, component_hint, error, field_types, model, ptr, the


def _field(schema: dict[str, Any]) -> ir.TypeExpr:
    return field_types({"S": {"properties": {"a": schema}}})["a"]


def test_a_closed_enum_is_a_literal_of_its_values() -> None:
    assert alias_type({"T": {"type": "string", "enum": ["a", "b"]}}) == ir.LiteralType(("a", "b"))


def test_one_value_is_a_constant_and_so_is_x_stainless_const() -> None:
    assert _field({"type": "string", "enum": ["only"]}) == ir.LiteralType(("only",), is_const=True)
    stainless = {"type": "string", "enum": ["realtime"], "x-stainless-const": True}
    assert _field(stainless) == ir.LiteralType(("realtime",), is_const=True)


def test_values_are_kept_once_and_one_is_not_true() -> None:
    assert _field({"enum": [1, True, 1, "1"]}) == ir.LiteralType((1, True, "1"))


def test_null_among_the_values_makes_the_type_nullable() -> None:
    assert _field({"type": "string", "enum": ["a", "b", None]}) == ir.NullableType(
        ir.LiteralType(("a", "b"))
    )
    assert _field({"enum": [None]}) == ir.NullOnly()


def test_numbers_and_booleans() -> None:
    assert _field({"type": "number", "enum": [0.5, 1]}) == ir.LiteralType((0.5, 1))
    assert _field({"type": "boolean", "enum": [True]}) == ir.LiteralType((True,), is_const=True)


@pytest.mark.parametrize(
    "schema", [{"enum": [{"a": 1}, {"b": 2}]}, {"const": [1, 2]}, {"enum": []}], ids=str
)
def test_an_enum_or_const_of_objects_or_arrays_is_any_json_value_checked_by_the_validator(
    schema: dict[str, Any],
) -> None:
    built = model({"T": schema})
    (key,) = schema
    checked = ir.Assertion(ptr("T"), (key,), json.dumps(schema))
    assert built.by_pointer()[ptr("T")] == ir.AliasDef(
        ptr("T"), component_hint("T"), ir.Asserted(ir.JsonAny(), checked)
    )
    assert built.notes == ()


def test_const() -> None:
    assert _field({"const": "x"}) == ir.LiteralType(("x",), is_const=True)
    assert _field({"type": "integer", "const": 3}) == ir.LiteralType((3,), is_const=True)
    assert _field({"const": None}) == ir.NullOnly()


def test_const_wins_over_enum_which_the_validator_checks() -> None:
    const = ir.LiteralType(("x",), is_const=True)
    enum = ir.Assertion(ptr("S", "properties", "a"), ("enum",), '{"enum": ["x", "y"]}')
    assert _field({"const": "x", "enum": ["x", "y"]}) == ir.Asserted(const, enum)


def test_open_enum_is_known_values_plus_any_string() -> None:
    schema = {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["alloy", "ash"]}]}
    assert _field(schema) == ir.OpenEnum(("alloy", "ash"))


def test_open_enum_gathers_consts_and_enums_and_allows_null() -> None:
    schema = {
        "anyOf": [
            {"type": "string", "const": "a"},
            {"type": "string"},
            {"type": "string", "enum": ["b", "a"]},
            {"type": "null"},
        ]
    }
    assert _field(schema) == ir.NullableType(ir.OpenEnum(("a", "b")))


@pytest.mark.parametrize(
    "members",
    [
        [{"type": "string"}, {"type": "string"}],  # no known values
        [{"type": "string"}, {"type": "integer", "enum": [1]}],  # not all strings
        [{"type": "string"}, {"type": "string"}, {"type": "string", "enum": ["a"]}],  # two plain
    ],
)
def test_not_an_open_enum(members: list[dict[str, Any]]) -> None:
    assert not isinstance(_field({"anyOf": members}), ir.OpenEnum)


def test_an_alias_of_an_enum_keeps_its_description_and_default() -> None:
    schemas = {"T": {"type": "string", "enum": ["a", "b"], "description": "Two.", "default": "a"}}
    assert the(schemas, "T") == ir.AliasDef(
        ptr("T"),
        component_hint("T"),
        ir.LiteralType(("a", "b")),
        description="Two.",
        default=ir.Default("a"),
    )


@pytest.mark.parametrize("enum", ["a", {"a": 1}, None])
def test_an_enum_that_is_not_a_list_is_an_error(enum: Any) -> None:
    err = error({"T": {"type": "string", "enum": enum}})
    assert err.location is not None and err.location.pointer == ptr("T")
    assert err.message == "'enum' must be a list"


def test_a_reference_to_a_component_that_is_only_null_is_null() -> None:
    """The component stays an alias (`N = None`); a reference to it is `None` itself, as a call
    of a function that returns only None is no value to mypy."""
    for only_null in ({"enum": [None]}, {"const": None}, {"type": "null"}):
        schemas = {
            "N": only_null,
            "S": {
                "properties": {
                    "n": {"$ref": "#/components/schemas/N"},
                    "u": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/N"}]},
                    "l": {"type": "array", "items": {"$ref": "#/components/schemas/N"}},
                }
            },
        }
        assert alias_type(schemas, "N") == ir.NullOnly()
        assert field_types(schemas) == {
            "n": ir.NullOnly(),
            "u": ir.NullableType(ir.Primitive("integer")),
            "l": ir.ArrayType(ir.NullOnly()),
        }
