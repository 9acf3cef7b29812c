"""The vocabulary of JSON Schema 2020-12 as the assertions stage reads it: which keywords can
reject a value, which JSON kind each applies to, what each typed construct checks itself, and
small pure helpers over raw schemas (see `assertions.py`)."""

from __future__ import annotations

from typing import Any

from .. import ir
from .schema import Schema

# Keywords that never reject a value (or that we do not read as schema).
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
        "$comment",
        "$schema",
        "$defs",
        "definitions",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "discriminator",
        "xml",
        "externalDocs",
        "nullable",  # OpenAPI 3.0: read as part of the type (`Schema.own_nullable`)
    }
)
# The JSON kind a keyword applies to; the others apply to every value.
KIND_OF_KEYWORD: dict[str, str] = {
    **dict.fromkeys(("minLength", "maxLength", "pattern"), "string"),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "number"
    ),
    **dict.fromkeys(
        (
            "items",
            "prefixItems",
            "contains",
            "minContains",
            "maxContains",
            "minItems",
            "maxItems",
            "uniqueItems",
            "unevaluatedItems",
        ),
        "array",
    ),
    **dict.fromkeys(
        (
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
            "required",
            "dependentRequired",
            "dependentSchemas",
            "minProperties",
            "maxProperties",
            "unevaluatedProperties",
        ),
        "object",
    ),
}
# The keywords of JSON Schema 2020-12 that can reject a value (the validation and applicator
# vocabularies); any other keyword is an annotation or unknown, which JSON Schema ignores.
KNOWN = frozenset(
    {
        "type",
        "enum",
        "const",
        "$ref",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        *KIND_OF_KEYWORD,
    }
)
# Keywords of JSON Schema 2020-12 that need base URIs or dynamic scopes, which a component of
# an OpenAPI document does not have here: reported, not checked.
UNSUPPORTED = frozenset({"$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary"})
STRING = frozenset({"type", "minLength", "maxLength", "pattern"})
NUMBER = frozenset(
    {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
ARRAY = frozenset({"type", "items", "minItems", "maxItems", "uniqueItems"})
SIZES = frozenset({"type", "minProperties", "maxProperties"})
# A residual keyword needs its siblings to mean the same thing to the validator.
NEEDS = {
    "additionalProperties": ("properties", "patternProperties"),
    "items": ("prefixItems",),
    "then": ("if",),
    "else": ("if",),
    "minContains": ("contains",),
    "maxContains": ("contains",),
}


def shape(node: Any) -> Any:
    """A schema without its annotations: what it says about values."""
    if isinstance(node, dict):
        return {
            k: (v if k in ("enum", "const") else shape(v))
            for k, v in node.items()
            if k in KNOWN or (k not in ANNOTATIONS and not str(k).startswith("x-"))
        }
    if isinstance(node, list):
        return [shape(v) for v in node]
    return node


def narrows(later: tuple[Any, bool], earlier: tuple[Any, bool]) -> bool:
    """Whether a property declared again by a later `allOf` part admits no value the earlier
    declaration rejects: the same schema, at most without null."""
    return later[0] == earlier[0] and (earlier[1] or not later[1])


def no_op(keyword: str, value: Any) -> bool:
    """A keyword whose value can never reject anything (`required: []`, `properties: {}`)."""
    if keyword in ("required", "prefixItems", "dependentRequired", "dependentSchemas"):
        return bool(value == [] or value == {})
    if keyword in ("properties", "patternProperties"):
        return bool(value == {})
    if keyword in ("minLength", "minItems", "minProperties"):
        return type(value) is int and value == 0
    # `true` (or `{}`) where a schema applies to parts of the value: nothing to check.
    applies_to_parts = ("items", "additionalProperties", "propertyNames", "unevaluatedItems")
    return (value is True or value == {}) and keyword in (
        *applies_to_parts,
        "unevaluatedProperties",
    )


def type_if_implied(s: Schema, kinds: set[str]) -> set[str]:
    """`type` beside a `$ref`, a union, a const or an enum is checked when every value of the
    type built is of a declared kind."""
    declared = set(s.types)
    if "integer" in declared:
        declared.add("number")  # an integer-valued number of the type is checked by the type
    if not declared or kinds <= (declared | ({"null"} if s.own_nullable else set())):
        return {"type"}
    return set()


def kind_of_value(value: ir.JsonScalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"
