"""Composition: `allOf`, and the wrappers that only add null or documentation.

- `[X, null]` (`anyOf`/`oneOf` of one schema and null) and a lone `allOf: [X]` are X, nullable
  in the first case (`unwrap`, `Schema.single_branch`); the other spellings of null, `nullable: true`
  and `type: [..., null]`, are `Schema.own_nullable`.
- `allOf` with one real part is that part (its siblings document it, as beside a `$ref`).
- `allOf` of object parts is one class with the parts merged (`objects.py` merges them).
- `allOf` of a union and object parts distributes: each member of the union becomes a class with
  the other parts merged in (`ResponsesWebSocketStreamEvent` = each stream event + `stream_id`).
"""

from __future__ import annotations

from typing import Literal

from .. import ir
from ..resolve import component_of, component_pointer
from .core import BuilderCore
from .keywords import OBJECT_HINTS
from .objects import merge
from .schema import ObjectParts, Schema


class Composition(BuilderCore):
    def unwrap(self, s: Schema) -> tuple[Schema, bool, str | None]:
        """Peel `anyOf/oneOf: [X, null]` and lone `allOf: [X]` off a schema: (X, whether null is
        allowed, the first description met). A `$ref` is not peeled: it names a component."""
        node, nullable, description = s, False, s.description
        while node.is_mapping:
            nullable = nullable or node.own_nullable
            step = node.single_branch()
            if step is None:
                nullable = nullable or self._null_member(node)
                break
            child, added_null = step
            nullable = nullable or added_null
            if not child.is_mapping or child.has("$ref"):
                break
            node = child
            description = description or node.description
        return node, nullable, description

    def _null_member(self, s: Schema) -> bool:
        """Whether a union of several members admits null through a member: a null one, one
        that is nullable itself, or a reference to a component that admits null."""
        if s.has("$ref") or (s.has("allOf") and not s.constraint_only("allOf")):
            return False  # the union is not what the node is (see `BuilderCore._dispatch`)
        for key in ("oneOf", "anyOf"):
            if not s.has(key) or s.constraint_only(key):
                continue
            for member in s.branches(key) or ():
                if not member.is_mapping:
                    continue
                ref = member.ref
                name = component_of(ref) if ref is not None else None
                if member.is_null or member.own_nullable:
                    return True
                if ref is not None:
                    if name is not None and ref == component_pointer(name):
                        if self.component_nullable(name):
                            return True
                elif self.unwrap(member)[1]:
                    return True
            return False
        return False

    def all_of(self, s: Schema) -> ir.TypeExpr:
        parts = s.branches("allOf") or ()
        real = [p for p in parts if not p.adds_nothing]
        nullable = any(p.own_nullable for p in parts)
        if len(real) == 1 and not s.has_any(OBJECT_HINTS):
            if real[0].ref == s.pointer:
                raise real[0].error("allOf includes the schema itself")
            expr = self.type_of(real[0])
        elif self.is_class(s):
            expr = self.class_(s, self.hint(s))
        else:
            distributed = self.distribute(real, s)
            if distributed is None:
                if not real:  # `allOf: [{}, {description: ...}]`: any value, exactly
                    return ir.JsonAny()
                # allOf of non-object parts (e.g. string constraints): typed by the first
                # part; the validator checks every part (`assertions.py`).
                return self.type_of(real[0])
            expr = distributed
        return ir.nullable(expr) if nullable else expr

    def distribute(self, real: list[Schema], s: Schema) -> ir.TypeExpr | None:
        """`allOf: [anyOf/oneOf of objects, object parts...]`: a union whose every member has
        the other parts merged in, each member a class of its own (the intersection distributes
        over the union). The union may be a component the part refers to (`$ref: Pet`, Pet a
        `oneOf`): its members' classes are then made here, keyed below the part. None when the
        parts are not of that shape."""
        unions = [(p, u) for p in real if (u := self._union_part(p, s.pointer)) is not None]
        others = [p for p in real if unions and p.pointer != unions[0][0].pointer]
        if len(unions) != 1 or not others or not all(self.is_object_part(p) for p in others):
            return None
        holder, union = unions[0]
        kind: Literal["anyOf", "oneOf"] = "oneOf" if union.has("oneOf") else "anyOf"
        shared: dict[str, Schema] = {}
        shared_required: list[str] = []
        for part in others:
            parts = self.parts_of(part, s.pointer)
            merge(shared, parts.properties)
            shared_required += [r for r in parts.required if r not in shared_required]
        exprs: list[ir.TypeExpr] = []
        nullable = False
        component = component_of(s.pointer) or "Schema"
        place = self.place(s.pointer)
        for index, member in enumerate(union.branches(kind) or ()):
            key = f"{holder.pointer}/{kind}/{index}"  # the member's pointer, seen from `s`
            if member.is_null:
                nullable = True
                continue
            if not self.is_object_part(member):
                return None
            parts = self.parts_of(member, s.pointer)
            merge(parts.properties, shared)
            required = parts.required + [r for r in shared_required if r not in parts.required]
            ref = member.ref
            target = component_of(ref) if ref is not None else None
            hint = ir.NameHint(
                component=component,
                owner=component_pointer(component),
                path=place.path,
                full_path=place.full_path,
                title=target or member.title or member.own_tag,
            )
            merged = ObjectParts(parts.properties, required, parts.additional)
            source = self.lookup(ref, member.pointer) if ref is not None else member
            # The member's class (behind its reference), then `shared`.
            base = self.class_base(self.object_core(member, frozenset())[2]) if ref else None
            bases = (base,) if base is not None else ()
            exprs.append(self.class_from(merged, key, hint, source, None, bases))
            self._merged[key] = merged
        if len(exprs) < 2:
            return None
        disc = self.discriminator(union.discriminator, exprs, s.pointer)
        expr: ir.TypeExpr = ir.UnionType(tuple(exprs), kind, disc)
        return ir.nullable(expr) if nullable else expr

    def parts_of(self, part: Schema, owner: str) -> ObjectParts:
        """`object_parts` of an `allOf` part of `owner`, following a `$ref` to where it points."""
        if part.ref is None:
            return self.object_parts(part, frozenset({owner}))
        core, seen, _ = self.object_core(part, frozenset({owner}))
        return self.object_parts(core, seen)

    def _union_part(self, part: Schema, owner: str) -> Schema | None:
        """The union an `allOf` part is (inline, or the component it refers to), or None."""
        core = self.object_core(part, frozenset({owner}))[0] if part.has("$ref") else part
        for key in ("anyOf", "oneOf"):
            if core.has(key) and not core.constraint_only(key) and not core.has("allOf"):
                return core
        return None
