"""Build stage, arrays and maps (`generator/build/arrays_maps.py`): `items`,
`additionalProperties: <schema>` as a map, free-form objects, and their size constraints."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from tests._build import INT, STR, error, field_types, ptr, ref


def _field(schema: Any) -> ir.TypeExpr:
    return field_types({"S": {"properties": {"a": schema}}})["a"]


def test_an_array_of_its_items() -> None:
    assert _field({"type": "array", "items": {"type": "string"}}) == ir.ArrayType(STR)


def test_an_array_without_items_holds_any_value() -> None:
    assert _field({"type": "array"}) == ir.ArrayType(ir.JsonAny())
    assert _field({"type": "array", "items": True}) == ir.ArrayType(ir.JsonAny())


def test_items_without_type_array_still_make_an_array() -> None:
    assert _field({"items": {"type": "integer"}}) == ir.ArrayType(INT)


def test_array_constraints() -> None:
    schema = {"type": "array", "items": {}, "minItems": 1, "maxItems": 3, "uniqueItems": True}
    assert _field(schema) == ir.ArrayType(
        ir.JsonAny(), ir.Constraints(min_items=1, max_items=3, unique_items=True)
    )


def test_nested_arrays_and_items_that_are_classes() -> None:
    schema = {
        "type": "array",
        "items": {"type": "array", "items": {"type": "object", "properties": {"x": {}}}},
    }
    inner = ptr("S", "properties", "a", "items", "items")
    assert _field(schema) == ir.ArrayType(ir.ArrayType(ir.RefType(inner)))


def test_additional_properties_schema_is_a_map() -> None:
    schema = {"type": "object", "additionalProperties": {"type": "integer"}, "maxProperties": 4}
    assert _field(schema) == ir.MapType(INT, ir.Constraints(max_properties=4))


def test_a_map_of_references_and_of_arrays() -> None:
    schemas = {
        "V": {"properties": {"v": {}}},
        "S": {
            "properties": {
                "a": {"additionalProperties": {"$ref": "#/components/schemas/V"}},
                "b": {"additionalProperties": {"type": "array", "items": {"type": "string"}}},
            }
        },
    }
    assert field_types(schemas) == {"a": ir.MapType(ref("V")), "b": ir.MapType(ir.ArrayType(STR))}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object"},
        {"type": "object", "additionalProperties": True},
        {"type": "object", "additionalProperties": {}},
        {"additionalProperties": {}},
    ],
)
def test_other_objects_are_free_form(schema: dict[str, Any]) -> None:
    assert _field(schema) == ir.FreeObject()


def test_free_form_object_constraints() -> None:
    assert _field({"type": "object", "minProperties": 1}) == ir.FreeObject(
        ir.Constraints(min_properties=1)
    )


def test_properties_beside_additional_properties_make_a_class_not_a_map() -> None:
    schema = {"properties": {"x": {}}, "additionalProperties": {"type": "string"}}
    assert _field(schema) == ir.RefType(ptr("S", "properties", "a"))


def test_additional_properties_of_the_wrong_shape_is_an_error() -> None:
    err = error({"S": {"properties": {"a": {"type": "object", "additionalProperties": "yes"}}}})
    assert err.location is not None
    assert err.location.pointer == ptr("S", "properties", "a")
    assert err.message == "'additionalProperties' must be a schema or a boolean"


def test_items_of_the_wrong_shape_is_an_error_at_the_items() -> None:
    err = error({"S": {"properties": {"a": {"type": "array", "items": [{"type": "string"}]}}}})
    assert err.location is not None
    assert err.location.pointer == ptr("S", "properties", "a", "items")
    assert err.message == "expected a schema object, found a list"
