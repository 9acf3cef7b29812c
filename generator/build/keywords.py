"""The vocabulary of JSON Schema keywords the builder reads, and the reading of the keywords
whose values are structured: the validation keywords (`minimum`, `maxLength`, `pattern`, ...)
into `ir.Constraints`, and `discriminator`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import ecma_regex, ir
from ..errors import GeneratorError

# Keywords that say what a schema is (a part without any of them only documents).
STRUCTURAL = frozenset(
    {"$ref", "type", "properties", "items", "enum", "const", "anyOf", "oneOf", "allOf"}
)
# Keywords that make a schema without `type` an object.
OBJECT_HINTS = frozenset({"properties", "additionalProperties", "required"})
KINDS: tuple[ir.JsonKind, ...] = (
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "null",
)
# Common misspellings of a JSON kind, read as meant (and reported).
KIND_SYNONYMS: dict[str, ir.JsonKind] = {
    "float": "number",
    "double": "number",
    "int": "integer",
    "bool": "boolean",
}
# Keywords beside `anyOf`/`oneOf`/`allOf` that leave a node a mere wrapper of its branches.
WRAPPER_KEYS = frozenset(
    {
        "description",
        "title",
        "default",
        "nullable",
        "example",
        "examples",
        "deprecated",
        "x-oaiExpandable",
        "x-oaiTypeLabel",
        "x-stainless-const",
        "readOnly",
        "writeOnly",
        "discriminator",
    }
)
_NUMBERS = {"minimum": "minimum", "maximum": "maximum", "multipleOf": "multiple_of"}
_COUNTS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "minItems": "min_items",
    "maxItems": "max_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}
_EXCLUSIVE = (
    ("exclusiveMinimum", "exclusive_minimum", "minimum"),
    ("exclusiveMaximum", "exclusive_maximum", "maximum"),
)
CONSTRAINT_KEYS = frozenset(
    {*_NUMBERS, *_COUNTS, "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "pattern"}
)


def read_constraints(
    node: Mapping[Any, Any],
    error: Callable[[str], GeneratorError],
    note: Callable[[str], None],
) -> ir.Constraints:
    """The validation keywords of a schema, normalised (OpenAPI 3.0's boolean exclusives become
    bounds). A bound of the wrong type is an error; a pattern (ECMA-262) is translated for
    Python's `re`, and one that `re` cannot express is reported through `note`, unchecked."""
    values: dict[str, Any] = {}
    for key, attr in _NUMBERS.items():
        if key in node:
            values[attr] = _number(node, key, error)
    for key, attr in _COUNTS.items():
        if key in node:
            value = node[key]
            if type(value) is not int or value < 0:
                raise error(f"'{key}' must be a non-negative integer, found {value!r}")
            values[attr] = value
    for key, attr, plain in _EXCLUSIVE:
        value = node.get(key, False)
        if value is True and plain in values:  # OpenAPI 3.0: a boolean beside the bound
            values[attr] = values.pop(plain)
        elif not isinstance(value, bool):
            values[attr] = _number(node, key, error)
    unique = node.get("uniqueItems", False)
    if not isinstance(unique, bool):
        raise error(f"'uniqueItems' must be a boolean, found {unique!r}")
    if unique:
        values["unique_items"] = True
    if "pattern" in node:
        pattern = node["pattern"]
        if not isinstance(pattern, str):
            raise error(f"'pattern' must be a string, found {pattern!r}")
        try:
            values["regex"] = ecma_regex.translate(pattern)
            values["pattern"] = pattern
        except ecma_regex.Untranslatable as exc:
            note(f"pattern {pattern!r} not checked: {exc}")
    return ir.Constraints(**values) if values else ir.NO_CONSTRAINTS


def _number(
    node: Mapping[Any, Any], key: str, error: Callable[[str], GeneratorError]
) -> int | float:
    value = node[key]
    if type(value) is not int and type(value) is not float:
        raise error(f"'{key}' must be a number, found {value!r}")
    if key == "multipleOf" and value <= 0:  # JSON Schema: "strictly greater than 0"
        raise error(f"'multipleOf' must be greater than 0, found {value!r}")
    return value


@dataclass(frozen=True)
class DeclaredDiscriminator:
    """`discriminator:` as written: the property, and the tags mapped to references."""

    property: str
    mapping: tuple[tuple[str, str], ...]


def read_discriminator(
    declared: Any, error: Callable[[str], GeneratorError]
) -> DeclaredDiscriminator:
    if not isinstance(declared, dict) or not isinstance(declared.get("propertyName"), str):
        raise error("'discriminator' must be a mapping with a string 'propertyName'")
    mapping = declared.get("mapping") or {}
    if not isinstance(mapping, dict) or not all(isinstance(r, str) for r in mapping.values()):
        raise error("'discriminator.mapping' must map tags to '$ref' strings")
    pairs = tuple((str(tag), str(ref)) for tag, ref in mapping.items())
    return DeclaredDiscriminator(declared["propertyName"], pairs)


def constraint_only(parts: Any) -> bool:
    """A list of schemas that only constrain (`required`, `not`, `minProperties`) and say no
    type: `anyOf: [{required: [a]}, {required: [b]}]` beside properties."""
    return (
        isinstance(parts, list)
        and bool(parts)
        and all(
            isinstance(p, dict)
            and p.keys().isdisjoint(STRUCTURAL)
            and any(k in p for k in ("required", "not", "minProperties"))
            for p in parts
        )
    )
