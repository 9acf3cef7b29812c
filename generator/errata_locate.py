"""Where a deviation lives in the spec: the class and property it concerns, and the schemas
that declare that property (for `errata`).

The data path of a deviation (`response.output[0].status`) is walked along the parsed value:
the last model instance on the path is the owner, the key right after it the property. Where
there is no parsed value (the tolerant parse failed too) or the walk stops early, the path is
walked along the IR and the raw data instead (a union member is chosen by its tag, else by its
constant properties). The owner's schema is then searched in the raw spec, through `$ref`s,
`[X, null]` wrappers and `allOf` parts, for the schemas whose `properties` declare the property
(for "missing": whose `required` lists it).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from . import ir, naming
from .resolve import component_pointer, escape, unescape

__all__ = ["Locator", "Place", "declarations", "lookup", "parse_path", "show"]

Segment = str | int
_KEY = re.compile(r"[^.\[]+")
_INDEX = re.compile(r"\[(\d+)\]")
_DISTRIBUTED = re.compile(r"^(.*)/allOf/(\d+)/(?:anyOf|oneOf)/\d+$")
_TYPED = ("$ref", "type", "anyOf", "oneOf", "allOf", "enum", "const", "properties", "items", "not")


def parse_path(path: str) -> list[Segment]:
    """`output[0].content["a b"]` -> ["output", 0, "content", "a b"] (the generated code's
    paths: identifier keys after a dot, others JSON-quoted in brackets, indexes in brackets)."""
    out: list[Segment] = []
    i = 0
    decoder = json.JSONDecoder()
    while i < len(path):
        if path[i] == "." or i == 0 and path[i] != "[":
            i += path[i] == "."
            match = _KEY.match(path, i)
            if match is None:
                raise ValueError(f"bad path {path!r}")
            out.append(match.group())
            i = match.end()
        elif path.startswith('["', i):
            key, end = decoder.raw_decode(path, i + 1)
            if not path.startswith("]", end):
                raise ValueError(f"bad path {path!r}")
            out.append(str(key))
            i = end + 1
        else:
            index = _INDEX.match(path, i)
            if index is None:
                raise ValueError(f"bad path {path!r}")
            out.append(int(index.group(1)))
            i = index.end()
    return out


def show(segments: tuple[Segment, ...] | list[Segment], any_index: bool = False) -> str:
    """The inverse of `parse_path`; `any_index` writes every index as `[*]`."""
    text = ""
    for s in segments:
        if isinstance(s, int):
            text += "[*]" if any_index else f"[{s}]"
        elif s.isidentifier():
            text += f".{s}" if text else s
        else:
            text += f"[{json.dumps(s)}]"
    return text


@dataclass(frozen=True)
class Place:
    """The schema a deviation concerns."""

    owner: str  # pointer of the owning class (its `ClassDef.pointer`), or of the parsed schema
    class_name: str
    prop: str | None  # the JSON property right after the owner (None: the owner itself)
    rest: tuple[Segment, ...]  # the data path below the property (into its arrays or maps)
    declared: tuple[str, ...]  # property schemas declaring it (for "missing": object schemas
    # whose `required` lists it), in the order the generator merges them


class Locator:
    def __init__(self, spec: Any, model: ir.Model, names: naming.Names, package: str) -> None:
        self.spec = spec
        self.defs = model.by_pointer()
        self.names = names
        self.package = package
        self.classes = {names.of[p]: d for p, d in self.defs.items() if isinstance(d, ir.ClassDef)}

    def place(self, component: str, parsed: Any, raw: Any, path: str, kind: str) -> Place:
        """Where the deviation `kind` at data `path` of an example of `component` lives."""
        segments = parse_path(path)
        hit, complete = self._walk_object(parsed, segments) if parsed is not None else (None, False)
        if not complete:
            hit = self._walk_ir(component_pointer(component), raw, segments) or hit
        if hit is None:
            root = component_pointer(component)
            return Place(root, self.names.of[root], None, tuple(segments), ())
        owner, index = hit
        prop = segments[index]
        assert isinstance(prop, str)
        declared = self.declarations(owner.pointer, prop, required=kind == "missing")
        rest = tuple(segments[index + 1 :])
        return Place(owner.pointer, self.names.of[owner.pointer], prop, rest, tuple(declared))

    # -- walking the data path -----------------------------------------------------------------

    def _model(self, value: Any) -> ir.ClassDef | None:
        kind = type(value)
        if not kind.__module__.startswith(self.package + "."):
            return None
        return self.classes.get(kind.__name__)

    def _walk_object(
        self, value: Any, segments: list[Segment]
    ) -> tuple[tuple[ir.ClassDef, int] | None, bool]:
        """((owner, index of the property in `segments`) or None, whether the walk went to the
        end of the path, or to an object kept as `UnknownVariant`) along the parsed value."""
        hit: tuple[ir.ClassDef, int] | None = None
        for i, seg in enumerate(segments):
            cls = self._model(value)
            if cls is not None and isinstance(seg, str):
                hit = (cls, i)
                attr = self.names.fields.get((cls.pointer, seg))
                extra = getattr(value, "extra_fields", {})
                value = getattr(value, attr, None) if attr else extra.get(seg)
            elif isinstance(value, list) and isinstance(seg, int) and seg < len(value):
                value = value[seg]
            elif isinstance(value, dict) and isinstance(seg, str):
                value = value.get(seg)
            else:
                return hit, type(value).__name__ == "UnknownVariant"
        return hit, True

    def _walk_ir(
        self, root: str, raw: Any, segments: list[Segment]
    ) -> tuple[ir.ClassDef, int] | None:
        expr: ir.TypeExpr = ir.RefType(root)
        hit: tuple[ir.ClassDef, int] | None = None
        for i, seg in enumerate(segments):
            resolved = self._resolve(expr, raw)
            if resolved is None:  # an object of a union that no member takes
                break
            expr = resolved
            cls = self._class_of(expr)
            if cls is not None and isinstance(seg, str):
                hit = (cls, i)
                field = next((f for f in cls.fields if f.json_name == seg), None)
                expr = field.type if field is not None else ir.JsonAny()
            else:
                expr = _step(expr, seg)
            raw = _child(raw, seg)
        return hit

    def _class_of(self, expr: ir.TypeExpr) -> ir.ClassDef | None:
        if isinstance(expr, ir.RefType):
            d = self.defs.get(expr.target)
            return d if isinstance(d, ir.ClassDef) else None
        return None

    def _resolve(self, expr: ir.TypeExpr, value: Any) -> ir.TypeExpr | None:
        """`expr` without nullability, aliases and unions: what `value` is parsed as (None for
        an object whose tag no member of a union has)."""
        for _ in range(50):
            match expr:
                case ir.NullableType() | ir.Asserted():
                    expr = expr.inner
                case ir.RefType():
                    alias = self.defs.get(expr.target)
                    if not isinstance(alias, ir.AliasDef):
                        return expr  # a class
                    expr = alias.type
                case ir.UnionType():
                    member = self._member(expr, value)
                    if member is None:
                        return None
                    expr = member
                case (
                    ir.Primitive()
                    | ir.JsonAny()
                    | ir.FreeObject()
                    | ir.NullOnly()
                    | ir.LiteralType()
                    | ir.OpenEnum()
                    | ir.ArrayType()
                    | ir.MapType()
                ):
                    return expr
                case _:
                    ir.assert_never(expr)
        return expr

    def _member(self, union: ir.UnionType, value: Any) -> ir.TypeExpr | None:
        disc = union.discriminator
        if disc is not None and isinstance(value, dict):
            tags = [i for tag, i in disc.mapping if tag == value.get(disc.property)]
            if not tags:
                return None
            if len(tags) == 1:
                return union.members[tags[0]]
            union = dataclasses.replace(union, members=tuple(union.members[i] for i in tags))
        best = max(union.members, key=lambda m: self._fit(m, value))  # the first of the best
        return best if self._fit(best, value) > 0 else None

    def _fit(self, member: ir.TypeExpr, value: Any) -> int:
        """How well `value` fits a union member: 0 not at all, 1 by its JSON kind, 2 a class
        whose constant properties agree, 3 with all its required properties present."""
        member = member.inner if isinstance(member, ir.NullableType) else member
        cls = self._class_of(member)
        if cls is not None:
            if not isinstance(value, dict):
                return 0
            for f in cls.fields:
                if isinstance(f.type, ir.LiteralType) and f.json_name in value:
                    if value[f.json_name] not in f.type.values:
                        return 0
            return 3 if all(f.json_name in value for f in cls.fields if f.required) else 2
        if isinstance(value, list):
            return int(_container(member) == "array")
        if isinstance(value, dict):
            return int(_container(member) == "object")
        return 1

    # -- the declaring schemas in the raw spec -------------------------------------------------

    def lookup(self, pointer: str) -> Any:
        return lookup(self.spec, pointer)

    def declarations(self, pointer: str, prop: str, required: bool) -> list[str]:
        return declarations(self.spec, pointer, prop, required)


def declarations(document: Any, pointer: str, prop: str, required: bool) -> list[str]:
    """The schemas below `pointer` (a class's schema) in `document` that declare `prop`:
    property schemas with a type, or (`required`) object schemas whose `required` lists it."""
    out: list[str] = []
    _search(document, pointer, prop, required, out, set())
    distributed = _DISTRIBUTED.match(pointer)
    if not out and distributed:
        # A union member of `allOf: [union, parts...]`: the other parts are merged into it.
        base, own = distributed.group(1), int(distributed.group(2))
        parts = lookup(document, base + "/allOf")
        for k in range(len(parts) if isinstance(parts, list) else 0):
            if k != own:
                _search(document, f"{base}/allOf/{k}", prop, required, out, set())
    return out


def _search(
    document: Any, pointer: str, prop: str, required: bool, out: list[str], seen: set[str]
) -> None:
    if pointer in seen:
        return
    seen.add(pointer)
    node = lookup(document, pointer)
    if not isinstance(node, dict):
        return
    if isinstance(node.get("$ref"), str):
        _search(document, node["$ref"], prop, required, out, seen)
        return
    for key in ("anyOf", "oneOf"):
        branches = node.get(key)
        if isinstance(branches, list):
            real = [i for i, b in enumerate(branches) if not _is_null(b)]
            if len(real) == 1:  # `[X, null]`: X is the object
                _search(document, f"{pointer}/{key}/{real[0]}", prop, required, out, seen)
    parts = node.get("allOf")
    for i in range(len(parts) if isinstance(parts, list) else 0):
        _search(document, f"{pointer}/allOf/{i}", prop, required, out, seen)
    if required:
        listed = node.get("required")
        if isinstance(listed, list) and prop in listed:
            out.append(pointer)
        return
    props = node.get("properties")
    if isinstance(props, dict) and prop in props:
        schema = props[prop]
        if not isinstance(schema, dict) or any(k in schema for k in _TYPED):
            out.append(f"{pointer}/properties/{escape(prop)}")


def lookup(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (with or without a leading `#`), None if there is none."""
    node = document
    for raw in pointer.lstrip("#").split("/")[1:]:
        token = unescape(raw)
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node.get(token)
        else:
            return None
    return node


def _is_null(node: Any) -> bool:
    return isinstance(node, dict) and (
        node.get("type") in ("null", ["null"]) or node.get("enum") == [None]
    )


def _child(value: Any, seg: Segment) -> Any:
    if isinstance(seg, int):
        return value[seg] if isinstance(value, list) and seg < len(value) else None
    return value.get(seg) if isinstance(value, dict) else None


def _step(expr: ir.TypeExpr, seg: Segment) -> ir.TypeExpr:
    """The type one step (an array index or a map key) below a value of type `expr`; any JSON
    where the IR says nothing more."""
    match expr:
        case ir.ArrayType():
            return expr.items if isinstance(seg, int) else ir.JsonAny()
        case ir.MapType():
            return expr.values if isinstance(seg, str) else ir.JsonAny()
        case (
            ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.RefType()
            | ir.NullableType()
            | ir.UnionType()
        ):
            return ir.JsonAny()
        case ir.Asserted():
            return _step(expr.inner, seg)
        case _:
            ir.assert_never(expr)


def _container(t: ir.TypeExpr) -> str:
    """The kind of container a member is: "array", "object" (a map, a free-form object or a
    reference, a class as `_fit` reads it), or "other".
    """
    match t:
        case ir.ArrayType():
            return "array"
        case ir.MapType() | ir.FreeObject() | ir.RefType():
            return "object"
        case (
            ir.Primitive()
            | ir.JsonAny()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.NullableType()
            | ir.UnionType()
        ):
            return "other"
        case ir.Asserted():
            return _container(t.inner)
        case _:
            ir.assert_never(t)
