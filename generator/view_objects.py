"""Classes and aliases as the templates see them: every field's annotation, docstring, parse and
dump; an alias's type, parse and dump."""

from __future__ import annotations

from collections.abc import Mapping, Set

from . import docs, ir
from .naming import Names
from .view_leaves import leaf
from .view_nodes import AliasView, ClassView, FieldView, Parse
from .view_parse import parse
from .view_types import Reference, TypeViews


def class_view(
    d: ir.ClassDef,
    names: Names,
    tv: TypeViews,
    classes: Mapping[str, ir.ClassDef],
    shared: Set[str],
) -> ClassView:
    """`classes`: every class by pointer (to check the bases); `shared`: the pointers of the
    classes whose code others reuse."""
    name = names.of[d.pointer]
    taken = _taken(d, names, classes)
    # The fields the bases parse and write are only declared here: their code (and what it
    # would import) is the bases'.
    scratch = TypeViews(tv.module, tv.refs)
    fields = tuple(
        _field(d, f, names, tv, scratch if i < taken else tv) for i, f in enumerate(d.fields)
    )
    attributes = tuple(
        (view.name, _summary(f, tv.refs)) for f, view in zip(d.fields, fields, strict=True)
    )
    doc = docs.class_doc(d, tv, name, (*attributes, (EXTRA, EXTRA_ABOUT)))
    bases = tuple(tv.use(b) for b in d.bases) if taken else ()
    return ClassView(
        name,
        doc,
        fields,
        d.additional == "forbid",
        d.pointer,
        bases=bases,
        own=fields[taken:],
        shared=d.pointer in shared,
        assertions=tuple(a.key for a in d.assertions),
        prefix=any(
            f.json_name.isidentifier() and not f.simple and passes_path(f.parse)
            for f in fields[taken:]
        ),
    )


def passes_path(p: Parse) -> bool:
    """Whether parsing `p` hands the value's path to a nested parser (built before the call)."""
    match p.kind:
        case "class" | "alias" | "json" | "json_object":  # json: its depth budget reads it
            return True
        case "nullable" | "asserted":
            return p.item is not None and passes_path(p.item)
        case "list" | "dict":  # through the runtime's parse_list / parse_map
            return p.item is not None and p.item.kind in ("class", "alias") and not p.checks
        case "union":
            return any(passes_path(b.parse) for b in p.branches)
        case "tags":
            return any(
                passes_path(x) for g in p.groups for x in (g.member, g.trials) if x is not None
            )
        case "trials":
            return any(passes_path(m) for m in p.members)
        case _:
            return False


def _taken(d: ir.ClassDef, names: Names, classes: Mapping[str, ir.ClassDef]) -> int:
    """How many of the first fields the bases provide, each base's fields in turn and exactly
    (same property, type, requiredness and attribute); 0 when they do not."""
    at = 0
    for pointer in d.bases:
        base = classes.get(pointer)
        if base is None:
            return 0
        for f in base.fields:
            if at >= len(d.fields):
                return 0
            mine = d.fields[at]
            same = (mine.json_name, mine.type, mine.required) == (f.json_name, f.type, f.required)
            if (
                not same
                or names.fields[(d.pointer, mine.json_name)]
                != names.fields[(base.pointer, f.json_name)]
            ):
                return 0
            at += 1
    return at


def _field(d: ir.ClassDef, f: ir.Field, names: Names, tv: TypeViews, code: TypeViews) -> FieldView:
    """`tv` records what the declaration uses, `code` what the parse and dump code uses."""
    attr = names.fields[(d.pointer, f.json_name)]
    nullable = isinstance(f.type, ir.NullableType)
    inner = f.type.inner if isinstance(f.type, ir.NullableType) else f.type
    simple = leaf(code, inner)
    return FieldView(
        name=attr,
        json_name=f.json_name,
        type=tv.annotation(f.type),
        optional=not f.required,
        doc=docs.field_doc(f, tv, _referenced_description(f.type, tv.refs)),
        # A simple value is assigned, then checked by one if/elif chain that records a problem
        # and goes on (the instance is dropped when anything was recorded).
        parse=simple if simple is not None else parse(code, f.type, attr),
        dump=code.dump(f.type),
        simple=simple is not None,
        nullable=nullable,
    )


EXTRA = "extra_fields"
EXTRA_ABOUT = "Properties the spec does not declare, kept as received."


def _summary(f: ir.Field, refs: dict[str, Reference]) -> str:
    """One sentence about a field for the class's `Attributes:` section: its description's
    first, or that of the schema it refers to."""
    own = docs.first_sentence(f.description)
    if own is not None:
        return own
    referenced = _referenced(f.type, refs)
    if referenced is not None and referenced.summary is not None:
        return referenced.summary
    return f"The `{f.json_name}` property."


def _referenced(t: ir.TypeExpr, refs: dict[str, Reference]) -> Reference | None:
    inner = t.inner if isinstance(t, ir.NullableType) else t
    if isinstance(inner, ir.RefType):
        return refs.get(inner.target)
    return None


def _referenced_description(t: ir.TypeExpr, refs: dict[str, Reference]) -> str | None:
    """A field with no description of its own is described by the first sentence of the schema
    it refers to, and names it."""
    ref = _referenced(t, refs)
    if ref is None:
        return None
    if ref.summary is None:
        return f"See `{ref.name}`."
    return f"{ref.summary} See `{ref.name}`."


def alias_view(d: ir.AliasDef, names: Names, tv: TypeViews) -> AliasView:
    name = names.of[d.pointer]
    return AliasView(
        name=name,
        snake=names.snake(d.pointer),
        type=tv.annotation(d.type),
        doc=docs.alias_doc(d, tv, name),
        parse=parse(tv, d.type, "result"),
        dump=tv.dump(d.type),
        references=frozenset(tv.refs[target].name for target in targets(d.type)),
    )


def targets(t: ir.TypeExpr) -> set[str]:
    """The named definitions a type refers to (by pointer)."""
    match t:
        case ir.RefType():
            return {t.target}
        case ir.NullableType() | ir.Asserted():
            return targets(t.inner)
        case ir.ArrayType():
            return targets(t.items)
        case ir.MapType():
            return targets(t.values)
        case ir.UnionType():
            return set().union(*(targets(m) for m in t.members))
        case (
            ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
        ):
            return set()
        case _:
            ir.assert_never(t)
