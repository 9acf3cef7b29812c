"""Unions: `anyOf` and `oneOf`, flattened and de-duplicated, with their discriminator.

- Null members make the union nullable; a union without a discriminator inside another is
  spliced into it; a single member left is the member itself.
- `anyOf: [string, string enum]` is an open enum (`enums.py`).
- The discriminator is the declared one (`discriminator: {propertyName, mapping}`), or one
  inferred when every object member has a required property with constant values that tell the
  members apart (`type` first). A tag shared by several members is resolved by trying them.
"""

from __future__ import annotations

from typing import Literal

from .. import ir
from ..resolve import COMPONENT_PREFIX, unescape
from .core import BuilderCore, dedupe
from .enums import open_enum
from .keywords import DeclaredDiscriminator
from .schema import ObjectParts, Schema


class Unions(BuilderCore):
    def union(self, s: Schema, key: str) -> ir.TypeExpr:
        members: list[Schema] = []
        nullable = False
        for member in s.branches(key) or ():
            if member.is_null:
                nullable = True
            else:
                members.append(member)
        expr: ir.TypeExpr
        known = open_enum(members)
        if not members:
            expr = ir.NullOnly()
        elif known is not None:
            expr = known
        elif len(members) == 1:
            expr = self.type_of(members[0])
        else:
            exprs: list[ir.TypeExpr] = []
            anything = False  # a member is any JSON value (`{}`, `true`)
            only_null = 0  # members that are null only (a reference to `enum: [null]`, say)
            for member in members:
                built = self.type_of(member)
                anything = anything or built == ir.JsonAny()
                spliced, null = _splice(built)
                exprs += spliced
                nullable = nullable or null
                only_null += not spliced
            flat = dedupe(exprs)
            # Nothing spliced in or merged, and null taken by one member at most.
            exact = len(flat) + only_null == len(members) and not (
                only_null and any(ir.admits_null(m) for m in flat)
            )
            if key == "oneOf" and not exact:
                # "Exactly one" of the members as written is not "exactly one" of the flat
                # list: the validator checks the `oneOf`; the type takes any member.
                self.defer(s, "oneOf")
            kind: Literal["anyOf", "oneOf"] = "oneOf" if key == "oneOf" and exact else "anyOf"
            if anything and key == "anyOf":
                expr = ir.JsonAny()  # a member takes every value: so does the union
            elif len(flat) == 1:
                expr = flat[0]
            else:
                # (a `oneOf` with an any-JSON member stays a union: exactly one must match)
                disc = self.discriminator(s.discriminator, flat, s.pointer)
                expr = ir.UnionType(tuple(flat), kind, disc)
        return ir.nullable(expr) if nullable else expr

    def discriminator(
        self, declared: DeclaredDiscriminator | None, members: list[ir.TypeExpr], pointer: str
    ) -> ir.Discriminator | None:
        objects: list[tuple[int, ObjectParts]] = []
        for i, m in enumerate(members):
            parts = self._object_parts_of(m)
            if parts is not None:
                objects.append((i, parts))
        if declared is not None:
            return self._declared(declared, members, objects, pointer)
        if len(objects) < 2:
            return None
        candidates = objects[0][1].required_consts()
        candidates.sort(key=lambda p: p != "type")
        for prop in candidates:
            mapping: list[tuple[str, int]] = []
            for i, parts in objects:
                tags = parts.tags(prop) if prop in parts.required else ()
                if not tags:
                    break
                mapping.extend((t, i) for t in tags)
            else:
                if _distinct(mapping):
                    return ir.Discriminator(prop, tuple(mapping), explicit=False)
        return None

    def _declared(
        self,
        declared: DeclaredDiscriminator,
        members: list[ir.TypeExpr],
        objects: list[tuple[int, ObjectParts]],
        pointer: str,
    ) -> ir.Discriminator | None:
        """The declared discriminator: the tags its mapping names, then each other object
        member's constant values of the property, else the name of the component it refers to."""
        prop = declared.property
        mapping: list[tuple[str, int]] = []
        for tag, ref in declared.mapping:
            for i, m in enumerate(members):
                if isinstance(m, ir.RefType) and m.target == ref:
                    mapping.append((tag, i))
        mapped = {i for _, i in mapping}
        for i, parts in objects:
            if i in mapped:
                continue
            tags = list(parts.tags(prop))
            member = members[i]
            if not tags and isinstance(member, ir.RefType):
                tags = [unescape(member.target.rsplit("/", 1)[-1])]
            mapping.extend((t, i) for t in tags)
        covered = {i for _, i in mapping} >= {i for i, _ in objects}
        if covered and len({t for t, _ in mapping}) > 1:
            return ir.Discriminator(prop, tuple(mapping), explicit=True)
        self.notes.append(f"{pointer}: declared discriminator {prop!r} does not tell members apart")
        return None

    def _object_parts_of(self, expr: ir.TypeExpr) -> ObjectParts | None:
        """The merged object schema behind a class member of a union, if it is one."""
        if not isinstance(expr, ir.RefType):
            return None
        if expr.target in self._merged:
            return self._merged[expr.target]
        node = self.lookup(expr.target, expr.target)
        if (
            expr.target.startswith(COMPONENT_PREFIX)
            and "/" not in expr.target[len(COMPONENT_PREFIX) :]
        ):
            node, _, _ = self.unwrap(node)
        if not self.is_class(node):
            return None
        return self.object_parts(node, frozenset())


def _splice(expr: ir.TypeExpr) -> tuple[tuple[ir.TypeExpr, ...], bool]:
    """The members a union member adds to its union, and whether it adds null: a union without
    a discriminator adds its own members; a discriminated one stays a member of its own."""
    inner = ir.strip_null(expr)
    null = inner is not expr
    match inner:
        case ir.NullOnly():
            return (), True
        case ir.UnionType(discriminator=None, members=members):
            return members, null
        case (
            ir.UnionType()
            | ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.ArrayType()
            | ir.MapType()
            | ir.RefType()
            | ir.NullableType()
            | ir.Asserted()  # checked as a whole: it stays one member
        ):
            return (inner,), null
        case _:
            ir.assert_never(inner)


def _distinct(mapping: list[tuple[str, int]]) -> bool:
    tags = [t for t, _ in mapping]
    return bool(tags) and len(tags) == len(set(tags))
