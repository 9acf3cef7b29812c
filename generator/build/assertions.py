"""Assertions: the keywords of a schema that its Python type does not express.

After a schema node is typed (`BuilderCore.type_of`), the keywords the typed parser does not
check exactly are its *residue*: `not`, `if`/`then`/`else`, `contains`, `patternProperties`,
`propertyNames`, `dependentRequired`, `dependentSchemas`, `prefixItems`, `unevaluated*`,
`minProperties` on a class, a `oneOf` of members that only add `required`, an `allOf` whose
parts do not merge exactly, `$ref` siblings, a `const` or `enum` of objects, `false`... The
residue becomes an `ir.Assertion` that the generated package checks with its schema validator
(`templates/validator.py.jinja`) before the typed parse; nothing is dropped.

What the typed parse checks is decided by the same rules `BuilderCore._dispatch` follows
(`consumed`); a construct family that types a keyword less exactly than usual says so with
`defer` (a `oneOf` whose members were spliced, say). Keywords that only apply to JSON kinds
the type cannot hold are no-ops and are left out (`maxLength` beside `type: integer`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .. import ir, schema_table
from .core import BuilderCore
from .schema import Schema
from .vocabulary import (
    ANNOTATIONS,
    ARRAY,
    KIND_OF_KEYWORD,
    KNOWN,
    NEEDS,
    NUMBER,
    SIZES,
    STRING,
    UNSUPPORTED,
    kind_of_value,
    narrows,
    no_op,
    shape,
    type_if_implied,
)

_MERGING = frozenset({"properties", "required", "allOf"})


class Assertions(BuilderCore):
    def asserted(self, s: Schema, expr: ir.TypeExpr) -> ir.TypeExpr:
        """`expr`, the type of `s`, with the keywords of `s` it does not express attached."""
        kinds = kinds_of(expr, self.defs)  # once: both steps read it
        assertion = self.assertion(s, expr, self.consumed(s, expr, kinds), kinds)
        if assertion is None:
            return expr
        target = ir.strip_null(expr)
        if isinstance(target, ir.RefType) and target.target == s.pointer:
            d = self.defs.get(target.target)
            if isinstance(d, ir.ClassDef):  # an inline class: its own parse checks them
                self.defs[d.pointer] = _with(d, assertion)
                return expr
        if isinstance(expr, ir.NullableType) and all(
            k in KIND_OF_KEYWORD for k in assertion.keywords
        ):
            return ir.NullableType(ir.Asserted(expr.inner, assertion))  # null is not concerned
        return ir.Asserted(expr, assertion)

    def assert_class(self, wrapper: Schema, core: Schema, pointer: str) -> None:
        """The residue of a component class (`core`, inside the component node `wrapper`)."""
        d = self.defs[pointer]
        assert isinstance(d, ir.ClassDef)
        expr = ir.RefType(pointer)
        kinds = kinds_of(expr, self.defs)
        checks = [(core, self.consumed(core, expr, kinds))]
        if wrapper.raw is not core.raw:  # `anyOf: [X, null]` or `allOf: [X]` around the class
            checks.append((wrapper, self.wrapper_consumed(wrapper)))
        for node, consumed in checks:
            found = self.assertion(node, expr, consumed, kinds)
            if found is not None:
                d = _with(d, found)
        self.defs[pointer] = d

    def wrapper_consumed(self, wrapper: Schema) -> frozenset[str]:
        """The keywords of a `[X, null]` or lone `allOf: [X]` wrapper that X and its null say
        all of: the wrapper's key, unless a branch left aside checks something."""
        out = set()
        for key in ("anyOf", "oneOf", "allOf"):
            branches = wrapper.branches(key) if wrapper.has(key) else None
            checking = [
                b
                for b in branches or ()
                if b.is_false or (b.is_mapping and not b.is_null and set(b.keywords) & KNOWN)
            ]
            if branches is not None and len(checking) <= 1:
                out.add(key)
        return frozenset(out)

    def defer(self, s: Schema, keyword: str) -> None:
        """A construct family typed `keyword` of `s` less exactly than usual: check it whole."""
        self.deferred.setdefault(s.pointer, set()).add(keyword)

    # -- what the typed parse checks ------------------------------------------------------------

    def consumed(
        self, s: Schema, expr: ir.TypeExpr, kinds: set[str] | None = None
    ) -> frozenset[str]:
        """The keywords of `s` that the typed parse of `expr` checks exactly (mirrors
        `BuilderCore._dispatch`); `kinds`: the JSON kinds of `expr`, when known."""
        if not s.is_mapping:
            return frozenset()
        keys = set(s.keywords)
        kinds = kinds_of(expr, self.defs) if kinds is None else kinds
        if "$ref" in keys:
            return frozenset({"$ref", *type_if_implied(s, kinds)})
        if "allOf" in keys and not s.constraint_only("allOf"):
            return self._all_of_consumed(s, expr, kinds)
        for key in ("oneOf", "anyOf"):
            if key in keys and not s.constraint_only(key):
                return frozenset({key, *type_if_implied(s, kinds)})
        if "const" in keys:
            if isinstance(s.const, (dict, list)):
                return frozenset()
            return frozenset({"const", *type_if_implied(s, kinds)})
        if "enum" in keys:
            values = s.enum or ()
            if not values or any(isinstance(v, (dict, list)) for v in values):
                return frozenset()
            return frozenset({"enum", *type_if_implied(s, kinds)})
        return self._typed_consumed(s, kinds)

    def _typed_consumed(self, s: Schema, kinds: set[str]) -> frozenset[str]:
        out: set[str] = set()
        declared = set(s.types)
        if not declared and s.has_any(frozenset({"properties", "additionalProperties"})):
            declared = {"object"}  # OpenAPI reading: see README "JSON Schema"
        elif not declared and s.has("items"):
            declared = {"array"}
        for kind in declared:
            if kind == "string":
                out |= STRING
            elif kind in ("integer", "number"):
                out |= NUMBER
            elif kind == "array":
                out |= ARRAY - ({"items"} if s.has("prefixItems") else set())
            elif kind == "object":
                out |= self._object_consumed(s)
            else:
                out.add("type")
        return frozenset(out)

    def _object_consumed(self, s: Schema) -> set[str]:
        if not self.is_class(s):
            additional = s.additional
            if (
                isinstance(additional, Schema)
                and not additional.is_empty
                and not s.has("patternProperties")
            ):
                return set(SIZES | {"additionalProperties"})
            return set(SIZES) | (
                {"additionalProperties"}
                if additional in (None, True)
                or (isinstance(additional, Schema) and additional.is_empty)
                else set()
            )
        out = {"type", "properties", "required"}  # a required name undeclared is a field too
        additional = s.additional
        if additional is False and not set(s.required) <= set(s.properties or {}):
            return out  # required but forbidden: the validator says it
        if not s.has("patternProperties") and (
            additional in (None, True, False)
            or (isinstance(additional, Schema) and additional.is_empty)
        ):
            out.add("additionalProperties")
        return out

    def _all_of_consumed(self, s: Schema, expr: ir.TypeExpr, kinds: set[str]) -> frozenset[str]:
        parts = s.branches("allOf") or ()
        real = [p for p in parts if not (p.is_mapping and not set(p.keywords) & KNOWN)]
        if not [p for p in real if not p.is_true]:  # parts that only document: any value
            return frozenset({"allOf", *type_if_implied(s, kinds)})
        if len(real) == 1 and not (s.has("properties") or s.has("additionalProperties")):
            # The part is typed where it stands, and checked there.
            single = [p for p in parts if not p.is_meta_only]
            if single == real:
                return frozenset({"allOf", *type_if_implied(s, kinds)})
        if self.is_class(s):
            exact = self.merges_exactly(s, frozenset({s.pointer}))
            return frozenset({"type", "properties", "required"} | ({"allOf"} if exact else set()))
        if isinstance(ir.strip_null(expr), ir.UnionType) and all(
            self.merges_exactly(p, frozenset({s.pointer})) for p in real
        ):
            return frozenset({"allOf"})
        return frozenset()

    def merges_exactly(self, s: Schema, seen: frozenset[str]) -> bool:
        """Whether the class `object_parts` makes of `s` checks what all its `allOf` parts
        say: parts that only declare properties (each property declared once, or only
        re-documented later) and required names among them."""
        declared: dict[str, Any] = {}
        return self._exact_part(s, seen, declared, top=True)

    def _exact_part(
        self, s: Schema, seen: frozenset[str], declared: dict[str, Any], top: bool
    ) -> bool:
        if not s.is_mapping:
            return s.is_true
        ref = s.ref
        if ref is not None:
            if ref in seen or {k for k in s.keywords if k in KNOWN} - {"$ref"}:
                return False
            core, _, _ = self.unwrap(self.lookup(ref, s.pointer))
            return self._exact_part(core, seen | {ref}, declared, top=False)
        allowed = {"type", "properties", "required", "allOf", "anyOf", "oneOf"}
        extra = {k for k in s.keywords if k in KNOWN} - allowed
        union = "oneOf" if s.has("oneOf") else "anyOf" if s.has("anyOf") else None
        plain = s.types in ((), ("object",))
        if union and not top and not extra and plain and not s.has_any(_MERGING):
            # A union part distributes: each member merges with the other parts on its own.
            members = s.branches(union) or ()
            return all(
                m.is_null or self._exact_part(m, seen, dict(declared), top=False) for m in members
            )
        if not top and (extra or not plain or union):
            return False  # (the node's own other keywords are its own residue)
        for part in s.branches("allOf") or ():
            only_documents = part.is_mapping and not set(part.keywords) & KNOWN
            if not only_documents and not self._exact_part(part, seen, declared, top=False):
                return False
        for name, prop in (s.properties or {}).items():
            if prop.is_meta_only and name in declared:
                continue  # only re-documented
            found = self._canonical(prop)
            if name in declared and not narrows(found, declared[name]):
                return False  # declared again differently: both apply, the class has one
            declared[name] = found
        return True

    def _canonical(self, prop: Schema) -> tuple[Any, bool]:
        """What a property's schema says, without annotations, `$ref`s to plain schemas
        followed, and `[X, null]` as (X, True)."""
        node = prop
        for _ in range(8):
            step = node.single_branch() if node.is_mapping else None
            if step is not None and step[1]:
                inner, _ = self._canonical(step[0])
                return inner, True
            ref = node.ref if node.is_mapping else None
            if ref is None or set(node.keywords) & KNOWN - {"$ref"}:
                break
            node = self.lookup(ref, node.pointer)
        return shape(node.raw), node.is_mapping and node.own_nullable

    # -- the assertion --------------------------------------------------------------------------

    def assertion(
        self,
        s: Schema,
        expr: ir.TypeExpr,
        consumed: frozenset[str],
        kinds: set[str] | None = None,
    ) -> ir.Assertion | None:
        if not s.is_mapping:
            if s.is_false:
                return self._make(s, False, ("false",))
            return None
        raw: dict[str, Any] = s.raw
        kinds = kinds_of(expr, self.defs) if kinds is None else kinds
        unsupported = sorted(k for k in raw if k in UNSUPPORTED)
        if unsupported:
            listed = ", ".join(f"`{k}`" for k in unsupported)
            s.note(f"not supported (base URIs and dynamic scopes), not checked: {listed}")
        unknown = sorted(
            k
            for k in raw
            if k not in KNOWN
            and k not in ANNOTATIONS
            and k not in UNSUPPORTED
            and not str(k).startswith("x-")
        )
        if unknown:
            listed = ", ".join(f"`{k}`" for k in unknown)
            s.note(f"not JSON Schema 2020-12 keywords, ignored as JSON Schema says: {listed}")
        residue = {
            k
            for k in raw
            if k in KNOWN
            and k not in consumed
            and KIND_OF_KEYWORD.get(k, "any") in kinds | {"any"}
            and not no_op(k, raw[k])
        }
        residue |= self.deferred.get(s.pointer, set()) & set(raw)
        if not residue:
            return None
        if residue & {"unevaluatedProperties", "unevaluatedItems"}:
            residue = {k for k in raw if k in KNOWN}
        keywords = tuple(sorted(residue))
        subset = {k: raw[k] for k in residue}
        for k in list(residue):
            for needed in NEEDS.get(k, ()):
                if needed in raw and needed not in subset:
                    # Only the names of the properties matter to `additionalProperties`.
                    subset[needed] = (
                        dict.fromkeys(raw[needed], True) if needed == "properties" else raw[needed]
                    )
        return self._make(s, subset, keywords)

    def _make(self, s: Schema, subset: Any, keywords: tuple[str, ...]) -> ir.Assertion | None:
        try:
            prepared = schema_table.prepare(subset, s.pointer)
        except schema_table.Unsupported as exc:
            s.note(f"{', '.join(keywords)} not checked: {exc.reason}")
            return None
        text = json.dumps(prepared, sort_keys=True, ensure_ascii=False)
        return ir.Assertion(s.pointer, keywords, text)

    def referenced_schemas(self, assertions: list[ir.Assertion]) -> tuple[tuple[str, str], ...]:
        roots = {a.key: json.loads(a.schema) for a in assertions}

        def lookup(pointer: str) -> Any:
            return self.resolver.lookup(pointer, pointer)

        found = schema_table.closure(roots, lookup)
        return tuple(
            (pointer, json.dumps(schema, sort_keys=True, ensure_ascii=False))
            for pointer, schema in sorted(found.items())
        )


def _with(d: ir.ClassDef, a: ir.Assertion) -> ir.ClassDef:
    if any(x.key == a.key and x.schema == a.schema for x in d.assertions):
        return d
    return replace(d, assertions=(*d.assertions, a))


def kinds_of(
    expr: ir.TypeExpr, defs: dict[str, ir.NamedDef], seen: frozenset[str] = frozenset()
) -> set[str]:
    """The JSON kinds a value of `expr` can have ("number" covers integers)."""
    match expr:
        case ir.Primitive(kind=kind):
            return {"number"} if kind in ("integer", "number") else {kind}
        case ir.JsonAny():
            return {"null", "boolean", "number", "string", "array", "object"}
        case ir.FreeObject() | ir.MapType():
            return {"object"}
        case ir.NullOnly():
            return {"null"}
        case ir.LiteralType(values=values):
            return {kind_of_value(v) for v in values}
        case ir.OpenEnum():
            return {"string"}
        case ir.ArrayType():
            return {"array"}
        case ir.NullableType(inner=inner):
            return kinds_of(inner, defs, seen) | {"null"}
        case ir.Asserted(inner=inner):
            return kinds_of(inner, defs, seen)
        case ir.UnionType(members=members):
            return set().union(*(kinds_of(m, defs, seen) for m in members))
        case ir.RefType(target=target):
            d = defs.get(target)
            if d is None or target in seen:
                return {"null", "boolean", "number", "string", "array", "object"}
            null = {"null"} if d.nullable else set()
            match d:
                case ir.ClassDef():
                    return {"object"} | null
                case ir.AliasDef(type=t):
                    return kinds_of(t, defs, seen | {target}) | null
                case _:
                    ir.assert_never(d)
        case _:
            ir.assert_never(expr)
