"""Enums and constants: `enum`, `const`, open enums, and `x-stainless-const`.

- A closed `enum` is a `LiteralType` of its values; one value is a constant (so is an
  `x-stainless-const: true` enum, which always has one). Null among the values makes the type
  nullable (`Schema.own_nullable`); an enum of objects or arrays is any JSON value, reported.
- `const: X` is a constant; `const: null` is null only; a constant object or array is any JSON
  value, reported (as an enum of them).
- `anyOf: [{type: string}, {type: string, enum: [...]}]` is an `OpenEnum`: the known values plus
  any other string.
"""

from __future__ import annotations

from .. import ir
from .core import BuilderCore, dedupe
from .schema import Schema


class Enums(BuilderCore):
    def enum(self, s: Schema) -> ir.TypeExpr:
        values = s.enum or ()
        if not values:  # `enum: []`: no value is valid; the validator says so (`assertions`)
            return ir.JsonAny()
        if any(isinstance(value, (dict, list)) for value in values):
            return ir.JsonAny()  # the validator checks the values (`assertions`)
        kept = tuple(dedupe(v for v in values if v is not None))
        if not kept:
            return ir.NullOnly()
        return ir.LiteralType(kept, is_const=len(kept) == 1)

    def const(self, s: Schema) -> ir.TypeExpr:
        value = s.const
        if isinstance(value, (dict, list)):
            return ir.JsonAny()  # the validator checks the value (`assertions`)
        return ir.NullOnly() if value is None else ir.LiteralType((value,), is_const=True)


def open_enum(members: list[Schema]) -> ir.OpenEnum | None:
    """`anyOf: [{type: string}, {type: string, enum: [...]}]`: known values plus any string
    (exactly one plain string member; the others list string values)."""
    if len(members) < 2:
        return None
    plain = 0
    values: list[str] = []
    for member in members:
        if not member.is_mapping or member.types != ("string",):
            return None
        enum = member.enum
        if enum is None and not member.has("const"):
            plain += 1
            continue
        listed = enum if enum is not None else (member.const,)
        if not all(isinstance(v, str) for v in listed):
            return None
        values.extend(v for v in listed if v not in values)
    return ir.OpenEnum(tuple(values)) if plain == 1 and values else None
