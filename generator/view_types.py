"""Types as the templates see them: annotations (`Type`), JSON kinds, labels for messages and
docs, and serialization (`Dump`). One `TypeViews` per generated module records the names the
module must import (from other modules, `typing` and the runtime)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import ir
from .view_nodes import Dump, Type

KIND_ORDER: tuple[ir.JsonKind, ...] = (
    "null",
    "boolean",
    "integer",
    "number",
    "string",
    "array",
    "object",
)
KIND_WORD = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}
PLAIN = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class Reference:
    """What a module needs to know of a named definition it refers to."""

    name: str
    module: str
    is_class: bool
    alias_type: ir.TypeExpr | None = None  # for an alias
    snake: str = ""
    summary: str | None = None  # the first sentence of its description


@dataclass
class TypeViews:
    """Type views for one module; records what the module imports."""

    module: str
    refs: dict[str, Reference]
    imports: set[tuple[str, str]] = field(default_factory=set)
    spelled: set[str] = field(default_factory=set)  # names of `typing` and `_runtime` used

    def use(self, pointer: str, what: str = "name") -> str:
        """The local name of a definition (or of its parse or dump function), imported if it
        lives in another module."""
        ref = self.refs[pointer]
        name = {"name": ref.name, "parse": f"_parse_{ref.snake}", "dump": f"dump_{ref.snake}"}[what]
        if ref.module != self.module:
            self.imports.add((ref.module, name))
        return name

    # -- annotations -----------------------------------------------------------------------------

    def annotation(self, t: ir.TypeExpr) -> Type:
        match t:
            case ir.Primitive():
                if is_file(t):
                    self.spelled.add("FileUpload")
                    return Type("file")
                return Type(PLAIN[t.kind])
            case ir.JsonAny():
                self.spelled.add("JsonValue")
                return Type("json")
            case ir.FreeObject():
                self.spelled.add("JsonValue")
                return Type("json_object")
            case ir.NullOnly():
                return Type("none")
            case ir.LiteralType():
                # `Literal[...]` cannot hold floats (PEP 586): float values make it `| float`.
                exact = tuple(v for v in t.values if not isinstance(v, float))
                if exact:
                    self.spelled.add("Literal")
                return Type("literal", values=exact, float_too=len(exact) < len(t.values))
            case ir.OpenEnum():
                self.spelled.add("Literal")
                return Type("open_enum", values=t.values)
            case ir.ArrayType():
                return Type("list", items=self.annotation(t.items))
            case ir.MapType():
                return Type("dict", items=self.annotation(t.values))
            case ir.RefType():
                return Type("ref", name=self.use(t.target))
            case ir.NullableType():
                return Type("nullable", items=self.annotation(t.inner))
            case ir.Asserted():
                return self.annotation(t.inner)
            case ir.UnionType():
                unknown = self.may_be_unknown(t)
                if unknown:
                    self.spelled.add("UnknownVariant")
                members = tuple(self.annotation(m) for m in t.members)
                return Type("union", members=members, unknown=unknown)
            case _:
                ir.assert_never(t)

    def may_be_unknown(self, t: ir.UnionType) -> bool:
        """Whether tolerant parsing can meet an object that no member takes (an unknown tag, or
        no member matching): when several members are objects, none of them any object."""
        objects = [m for m in t.members if "object" in self.kinds(m)]
        return len(objects) > 1 and not any(self._any_object(m) for m in objects)

    def _any_object(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a member takes every object (free-form JSON, or an alias of it)."""
        if isinstance(t, (ir.JsonAny, ir.FreeObject)):
            return True
        if isinstance(t, ir.RefType) and t.target not in seen:
            alias = self.refs[t.target].alias_type
            return alias is not None and self._any_object(alias, seen | {t.target})
        return False

    # -- JSON kinds and labels -------------------------------------------------------------------

    def kinds(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> set[str]:
        match t:
            case ir.Primitive():
                if is_file(t):
                    return {"string", "file"}  # "file": a FileUpload, which no JSON kind holds
                return {"integer", "number"} if t.kind == "number" else {t.kind}
            case ir.JsonAny():
                return set(KIND_ORDER)
            case ir.FreeObject() | ir.MapType():
                return {"object"}
            case ir.NullOnly():
                return {"null"}
            case ir.LiteralType():
                return {kind_of(v) for v in t.values}
            case ir.OpenEnum():
                return {"string"}
            case ir.ArrayType():
                return {"array"}
            case ir.NullableType():
                return self.kinds(t.inner, seen) | {"null"}
            case ir.Asserted():
                return self.kinds(t.inner, seen)
            case ir.UnionType():
                return set().union(*(self.kinds(m, seen) for m in t.members))
            case ir.RefType():
                ref = self.refs[t.target]
                if ref.is_class:
                    return {"object"}
                if t.target in seen or ref.alias_type is None:
                    return set(KIND_ORDER)
                return self.kinds(ref.alias_type, seen | {t.target})
            case _:
                ir.assert_never(t)

    def label(self, t: ir.TypeExpr) -> str:
        """A short human name of a type, for documentation and error messages."""
        match t:
            case ir.RefType():
                return self.refs[t.target].name
            case ir.LiteralType():
                return " or ".join(json.dumps(v) for v in t.values)
            case ir.Primitive():
                return "a string or a FileUpload" if is_file(t) else KIND_WORD[t.kind]
            case ir.OpenEnum():
                return "a string"
            case ir.ArrayType():
                return "an array"
            case ir.MapType() | ir.FreeObject():
                return "an object"
            case ir.NullOnly():
                return "null"
            case ir.NullableType():
                return f"{self.label(t.inner)} or null"
            case ir.Asserted():
                return self.label(t.inner)
            case ir.UnionType():
                return " or ".join(self.label(m) for m in t.members)
            case ir.JsonAny():
                return "any JSON value"
            case _:
                ir.assert_never(t)

    # -- serialization ---------------------------------------------------------------------------

    def dump(self, t: ir.TypeExpr) -> Dump:
        """How a value of type `t` becomes JSON. A None is written as null whatever the type:
        tolerant parsing keeps nulls the spec does not allow."""
        inner = self._dump(t.inner if isinstance(t, ir.NullableType) else t)
        if inner.kind in ("as_is", "any", "model_or_as_is"):  # these take a null as it is
            return inner
        return Dump(inner.kind, inner.name, inner.item, null_safe=True)

    def _dump(self, t: ir.TypeExpr) -> Dump:
        match t:
            case ir.Primitive() | ir.LiteralType() | ir.OpenEnum() | ir.NullOnly():
                return Dump("as_is")
            case ir.JsonAny() | ir.FreeObject():
                return Dump("as_is")  # kept, not copied: README, "Free-form JSON"
            case ir.RefType():
                ref = self.refs[t.target]
                if ref.is_class:
                    return Dump("model")
                if ref.alias_type is not None and self.dumps_as_is(ref.alias_type):
                    return Dump("as_is")
                if ref.alias_type is not None and (kind := self.union_dump(ref.alias_type)):
                    return Dump(kind)
                return Dump("alias", name=self.use(t.target, "dump"))
            case ir.NullableType():
                return self.dump(t)
            case ir.Asserted():
                return self._dump(t.inner)
            case ir.ArrayType():
                return Dump("list", item=self.dump(t.items))
            case ir.MapType():
                return Dump("dict", item=self.dump(t.values))
            case ir.UnionType():
                if self.dumps_as_is(t):
                    return Dump("as_is")
                return Dump(self.union_dump(t) or "any")
            case _:
                ir.assert_never(t)

    def union_dump(self, t: ir.TypeExpr) -> str | None:
        """How a union whose members are classes, or classes and values that are their own JSON
        form, is written without the runtime's generic `dump`: "model" (classes only: an
        `UnknownVariant` kept by tolerant parsing has `to_dict` too), "model_or_as_is" (the
        value's `to_dict()` when it has one); None for any other type (no import recorded)."""
        if isinstance(t, ir.NullableType | ir.Asserted):
            return self.union_dump(t.inner)
        if not isinstance(t, ir.UnionType):
            return None
        classes = as_is = 0
        for m in t.members:
            inner = m.inner if isinstance(m, ir.NullableType | ir.Asserted) else m
            if isinstance(inner, ir.RefType) and self.refs[inner.target].is_class:
                classes += 1
            elif self.dumps_as_is(m):
                as_is += 1
            else:
                return None
        if not classes:
            return None
        return "model_or_as_is" if as_is else "model"

    def dumps_as_is(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a value of this type is its own JSON form (no import is recorded)."""
        match t:
            case ir.Primitive() | ir.LiteralType() | ir.OpenEnum() | ir.NullOnly():
                return True
            case ir.JsonAny() | ir.FreeObject():
                return True  # the model's own objects, not copies: README, "Free-form JSON"
            case ir.NullableType() | ir.Asserted():
                return self.dumps_as_is(t.inner, seen)
            case ir.UnionType():
                return all(self.dumps_as_is(m, seen) for m in t.members)
            case ir.RefType():
                ref = self.refs[t.target]
                if ref.is_class or ref.alias_type is None or t.target in seen:
                    return False
                return self.dumps_as_is(ref.alias_type, seen | {t.target})
            case ir.ArrayType() | ir.MapType():
                return False
            case _:
                ir.assert_never(t)


def is_file(t: ir.Primitive) -> bool:
    """A string of `format: binary`: in a `multipart/form-data` body, the content of a file. Its
    field takes a `FileUpload` besides a string (the string keywords check the string only)."""
    return t.kind == "string" and t.format == "binary"


def kind_of(value: ir.JsonScalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
