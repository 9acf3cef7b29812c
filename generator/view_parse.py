"""How a value is parsed, by type: leaves (view_leaves), arrays and maps, free-form JSON,
references, nullables and unions (view_unions). Every node carries the `stem` its temporaries
are named after: the field or alias it serves and the path below it (`tools__item`), so that a
change to one property never renames the temporaries of another."""

from __future__ import annotations

from . import ir, view_unions
from .view_leaves import leaf, size_checks
from .view_nodes import Parse
from .view_types import TypeViews


def parse(tv: TypeViews, t: ir.TypeExpr, stem: str, checked: bool = False) -> Parse:
    """The parse of a value of type `t` (`checked`: a union already tested its JSON kind)."""
    found = leaf(tv, t, checked)
    if found is not None:
        return found
    annotation = tv.annotation(t)
    match t:
        case ir.JsonAny():
            return Parse("json", annotation, stem)
        case ir.FreeObject():
            return Parse(
                "json_object", annotation, stem, checks=size_checks(t.constraints, "properties")
            )
        case ir.NullOnly():
            return Parse("null", annotation, stem)
        case ir.ArrayType():
            item = parse(tv, t.items, f"{stem}__item")
            checks = size_checks(t.constraints, "items")
            return Parse("list", annotation, stem, checks=checks, item=item)
        case ir.MapType():
            item = parse(tv, t.values, f"{stem}__value")
            checks = size_checks(t.constraints, "properties")
            return Parse("dict", annotation, stem, checks=checks, item=item)
        case ir.RefType():
            if tv.refs[t.target].is_class:
                return Parse("class", annotation, stem, name=tv.use(t.target))
            return Parse("alias", annotation, stem, name=tv.use(t.target, "parse"))
        case ir.NullableType():
            return Parse("nullable", annotation, stem, item=parse(tv, t.inner, stem))
        case ir.UnionType():
            return view_unions.union(tv, t, stem, parse)
        case ir.Asserted():
            inner = parse(tv, t.inner, stem, checked)
            return Parse("asserted", annotation, stem, name=t.assertion.key, item=inner)
        case ir.Primitive() | ir.LiteralType() | ir.OpenEnum():
            raise AssertionError("a leaf")  # handled by `leaf` above
        case _:
            ir.assert_never(t)
