"""Arrays and maps: `type: array` with `items`, and objects that are not classes:
`additionalProperties: <schema>` without properties is a map (`dict[str, values]`), any other
object a free-form one (`dict[str, JsonValue]`). Their size constraints come along.

An `items` without `type: array` still makes an array; a missing `items` is any JSON value.
"""

from __future__ import annotations

from .. import ir
from .core import BuilderCore
from .schema import Schema


class ArraysMaps(BuilderCore):
    def array(self, s: Schema) -> ir.TypeExpr:
        items = s.items
        if s.has("prefixItems"):  # items by position: the validator checks them (assertions)
            items = None
        item_type = ir.JsonAny() if items is None else self.type_of(items)
        return ir.ArrayType(item_type, s.constraints())

    def map_or_free(self, s: Schema) -> ir.TypeExpr:
        values = s.additional
        if isinstance(values, Schema) and not values.is_empty:
            return ir.MapType(self.type_of(values), s.constraints())
        return ir.FreeObject(s.constraints())
