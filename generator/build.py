"""Stage 2b: turn the raw schemas of the component graph into the typed IR (`ir.py`).

Every schema node becomes a type expression; objects with properties become `ClassDef`s, and
component schemas that are not classes become `AliasDef`s. Named definitions are keyed by the
JSON pointer that defines them, so a schema reached twice (or recursively) is built once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from . import ir
from .errors import GeneratorError
from .load import SpecDocument
from .resolve import COMPONENT_PREFIX, Resolver, component_of, component_pointer, escape, unescape

_STRUCTURAL = ("$ref", "type", "properties", "items", "enum", "const", "anyOf", "oneOf", "allOf")
_OBJECT_HINTS = ("properties", "additionalProperties", "required")
_KINDS = ("string", "integer", "number", "boolean", "array", "object", "null")


class Builder:
    """Builds the IR for a set of components. One instance per generation run."""

    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self.resolver = Resolver(spec)
        self.defs: dict[str, ir.NamedDef] = {}
        self._building: set[str] = set()
        self._nullable: dict[str, bool] = {}
        self._merged: dict[str, dict[str, Any]] = {}  # classes made by `_distribute`
        self.notes: list[str] = []

    # -- entry point ---------------------------------------------------------------------------

    def build(self, roots: list[str], everything: bool = False) -> ir.Model:
        if everything:
            self.resolver.check_roots(roots)
            names = sorted(self.spec.schemas)
            self.spec.preload(names)  # a helper parses ahead (unless the pipeline started one)
        else:
            names = self.resolver.closure(roots)
        try:
            for name in names:
                self.component(name)
        finally:
            self.spec.end_preload()
        components = sorted({d.hint.component for d in self.defs.values()})
        return ir.Model(
            defs=tuple(self.defs.values()),
            roots=tuple(roots),
            components=tuple(components),
            notes=tuple(sorted(set(self.notes))),
        )

    # -- components ----------------------------------------------------------------------------

    def component(self, name: str) -> None:
        pointer = component_pointer(name)
        if pointer in self.defs or pointer in self._building:
            return
        node = self.spec.schemas[name]
        self._expect_schema(node, pointer)
        core, core_pointer, nullable, description = self._unwrap(node, pointer)
        hint = ir.NameHint(component=name, owner=None, path=())
        self._building.add(pointer)
        try:
            if self._is_class(core):
                self._class(core, core_pointer, hint, key=pointer, description=description)
                cls = self.defs[pointer]
                assert isinstance(cls, ir.ClassDef)
                self.defs[pointer] = replace(
                    cls, nullable=nullable, deprecated=_flag(node, "deprecated") or cls.deprecated
                )
            else:
                expr = _strip_null(self.type_of(core, core_pointer))
                self.defs[pointer] = ir.AliasDef(
                    pointer=pointer,
                    hint=hint,
                    type=expr,
                    description=description,
                    deprecated=_flag(node, "deprecated"),
                    nullable=nullable or self.component_nullable(name),
                    default=_default(node),
                    example=_example(node),
                )
        finally:
            self._building.discard(pointer)

    def component_nullable(self, name: str) -> bool:
        """Whether a component admits null, so that every reference to it is `| None`."""
        if name in self._nullable:
            return self._nullable[name]
        self._nullable[name] = False  # a cycle of references adds no null
        node = self.spec.schemas[name]
        result = False
        if isinstance(node, dict):
            core, _, nullable, _ = self._unwrap(node, component_pointer(name))
            result = nullable
            ref = core.get("$ref") if isinstance(core, dict) else None
            if not result and isinstance(ref, str) and len(core) <= 3:
                target = component_of(ref)
                if target is not None and ref == component_pointer(target):
                    self.resolver.lookup(ref, component_pointer(name))
                    result = self.component_nullable(target)
        self._nullable[name] = result
        return result

    def _unwrap(self, node: Any, pointer: str) -> tuple[Any, str, bool, str | None]:
        """Peel `anyOf/oneOf: [X, null]` and lone `allOf: [X]` off a schema: (X, its pointer,
        whether null is allowed, the first description met)."""
        nullable = False
        description = _text(node, "description")
        while isinstance(node, dict):
            nullable = nullable or _own_nullable(node)
            step = _single_branch(node, pointer)
            if step is None:
                break
            child, child_pointer, added_null = step
            if not isinstance(child, dict) or "$ref" in child:
                break
            nullable = nullable or added_null
            node, pointer = child, child_pointer
            description = description or _text(node, "description")
        return node, pointer, nullable, description

    # -- type expressions ----------------------------------------------------------------------

    def type_of(self, node: Any, pointer: str) -> ir.TypeExpr:
        if node is True or node == {}:
            return ir.JsonAny()
        if node is False:
            self.notes.append(f"{pointer}: schema `false` (never valid) typed as any JSON value")
            return ir.JsonAny()
        self._expect_schema(node, pointer)
        expr = self._core(node, pointer)
        return _nullable(expr) if _own_nullable(node) else expr

    def _core(self, node: dict[str, Any], pointer: str) -> ir.TypeExpr:
        if "$ref" in node:
            return self._ref(node, pointer)
        if "allOf" in node and not _constraint_only_list(node["allOf"]):
            return self._all_of(node, pointer)
        for key in ("oneOf", "anyOf"):
            if key in node and not _constraint_only_list(node[key]):
                return self._union(node, key, pointer)
        if "const" in node:
            value = node["const"]
            return ir.NullOnly() if value is None else ir.LiteralType((value,), is_const=True)
        if "enum" in node:
            return self._enum(node, pointer)
        kinds = _types(node, pointer, self)
        if len(kinds) > 1:
            members = tuple(self._typed(node, pointer, kind) for kind in kinds)
            return ir.UnionType(members, "anyOf")
        if kinds:
            return self._typed(node, pointer, kinds[0])
        if any(key in node for key in _OBJECT_HINTS):
            return self._typed(node, pointer, "object")
        if "items" in node:
            return self._typed(node, pointer, "array")
        if _types_listed_null(node):
            return ir.NullOnly()
        return ir.JsonAny()

    def _typed(self, node: dict[str, Any], pointer: str, kind: str) -> ir.TypeExpr:
        if kind in ("string", "integer", "number", "boolean"):
            fmt = node.get("format")
            primitive: ir.PrimitiveKind = kind  # type: ignore[assignment]
            return ir.Primitive(
                primitive, fmt if isinstance(fmt, str) else None, self._limits(node, pointer)
            )
        if kind == "array":
            items = node.get("items")
            item_type = ir.JsonAny() if items is None else self.type_of(items, f"{pointer}/items")
            return ir.ArrayType(item_type, self._limits(node, pointer))
        if kind == "null":
            return ir.NullOnly()
        # object
        if self._is_class(node):
            return self._class(node, pointer, self._hint(pointer, node))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            values = self.type_of(extra, f"{pointer}/additionalProperties")
            return ir.MapType(values, self._limits(node, pointer))
        return ir.FreeObject(self._limits(node, pointer))

    def _enum(self, node: dict[str, Any], pointer: str) -> ir.TypeExpr:
        values = node["enum"]
        if not isinstance(values, list) or not values:
            raise GeneratorError("'enum' must be a non-empty list", self.resolver.location(pointer))
        for value in values:
            if isinstance(value, (dict, list)):
                self.notes.append(f"{pointer}: enum of objects or arrays typed as any JSON value")
                return ir.JsonAny()
        kept = tuple(_dedupe(v for v in values if v is not None))
        if not kept:
            return ir.NullOnly()
        const = len(kept) == 1
        return ir.LiteralType(kept, is_const=const)

    def _ref(self, node: dict[str, Any], pointer: str) -> ir.TypeExpr:
        ref = node["$ref"]
        if not isinstance(ref, str):
            raise GeneratorError("'$ref' must be a string", self.resolver.location(pointer))
        target = self.resolver.lookup(ref, pointer)
        name = component_of(ref)
        if name is not None and ref == component_pointer(name):
            self.component(name)
            expr: ir.TypeExpr = ir.RefType(ref)
            return _nullable(expr) if self.component_nullable(name) else expr
        # A reference into the middle of a document: build that schema where it stands.
        if ref in self._building:
            return ir.RefType(ref)
        self._building.add(ref)
        try:
            return self.type_of(target, ref)
        finally:
            self._building.discard(ref)

    def _all_of(self, node: dict[str, Any], pointer: str) -> ir.TypeExpr:
        parts = node["allOf"]
        if not isinstance(parts, list) or not parts:
            raise GeneratorError(
                "'allOf' must be a non-empty list", self.resolver.location(pointer)
            )
        real = [(i, p) for i, p in enumerate(parts) if not _meta_only(p)]
        nullable = any(isinstance(p, dict) and _own_nullable(p) for p in parts)
        own_structure = any(key in node for key in ("properties", "additionalProperties"))
        if len(real) == 1 and not own_structure:
            index, part = real[0]
            self._check_self_inclusion(part, pointer, f"{pointer}/allOf/{index}")
            expr = self.type_of(part, f"{pointer}/allOf/{index}")
            return _nullable(expr) if nullable else expr
        if self._is_class(node):
            expr = self._class(node, pointer, self._hint(pointer, node))
            return _nullable(expr) if nullable else expr
        distributed = self._distribute(real, pointer)
        if distributed is not None:
            return _nullable(distributed) if nullable else distributed
        # allOf of non-object parts (e.g. string constraints): the first typed part wins.
        self.notes.append(f"{pointer}: allOf of non-object schemas typed by its first part")
        index, part = real[0] if real else (0, parts[0])
        return self.type_of(part, f"{pointer}/allOf/{index}")

    def _distribute(self, real: list[tuple[int, Any]], pointer: str) -> ir.TypeExpr | None:
        """`allOf: [anyOf/oneOf of objects, object parts...]`: a union whose every member has
        the other parts merged in, each member a class of its own (the intersection distributes
        over the union). None when the parts are not of that shape."""
        unions = [
            (i, p)
            for i, p in real
            if isinstance(p, dict) and "$ref" not in p and ("anyOf" in p or "oneOf" in p)
        ]
        others = [(i, p) for i, p in real if unions and i != unions[0][0]]
        if len(unions) != 1 or not others or not all(self._is_object_part(p) for _, p in others):
            return None
        index, union = unions[0]
        kind = "oneOf" if "oneOf" in union else "anyOf"
        members = union[kind]
        if not isinstance(members, list):
            return None
        shared: dict[str, tuple[Any, str]] = {}
        shared_required: list[str] = []
        for i, part in others:
            props, required, _ = self._parts_of(part, f"{pointer}/allOf/{i}", pointer)
            _merge(shared, props)
            shared_required += [r for r in required if r not in shared_required]
        exprs: list[ir.TypeExpr] = []
        nullable = False
        component = component_of(pointer) or "Schema"
        for j, member in enumerate(members):
            member_pointer = f"{pointer}/allOf/{index}/{kind}/{j}"
            if _is_null_schema(member):
                nullable = True
                continue
            if not self._is_object_part(member):
                return None
            props, required, additional = self._parts_of(member, member_pointer, pointer)
            _merge(props, shared)
            required = required + [r for r in shared_required if r not in required]
            ref = member.get("$ref") if isinstance(member, dict) else None
            target = component_of(ref) if isinstance(ref, str) else None
            title = target or _text(member, "title") or _own_tag(member)
            hint = ir.NameHint(
                component=component,
                owner=component_pointer(component),
                path=self._hint(pointer, {}).path,
                full_path=self._hint(pointer, {}).full_path,
                title=title,
            )
            source = self.resolver.lookup(ref, member_pointer) if isinstance(ref, str) else member
            exprs.append(
                self._class_from(props, required, additional, member_pointer, hint, source)
            )
            self._merged[member_pointer] = {
                "properties": {k: v for k, (v, _) in props.items()},
                "required": required,
            }
        if len(exprs) < 2:
            return None
        disc = self._discriminator(union.get("discriminator"), exprs, pointer)
        expr: ir.TypeExpr = ir.UnionType(tuple(exprs), kind, disc)  # type: ignore[arg-type]
        return _nullable(expr) if nullable else expr

    def _parts_of(
        self, part: Any, pointer: str, owner: str
    ) -> tuple[dict[str, tuple[Any, str]], list[str], Any]:
        """`_object_parts` of an allOf part, following a `$ref` to where it points."""
        ref = part.get("$ref") if isinstance(part, dict) else None
        if isinstance(ref, str):
            if ref == owner:
                raise GeneratorError(
                    "allOf includes the schema itself", self.resolver.location(pointer)
                )
            target = self.resolver.lookup(ref, pointer)
            core, core_pointer, _, _ = self._unwrap(target, ref)
            return self._object_parts(core, core_pointer, frozenset({ref, owner}))
        return self._object_parts(part, pointer, frozenset({owner}))

    def _check_self_inclusion(self, part: Any, pointer: str, where: str) -> None:
        if isinstance(part, dict) and part.get("$ref") == pointer:
            raise GeneratorError("allOf includes the schema itself", self.resolver.location(where))

    def _union(self, node: dict[str, Any], key: str, pointer: str) -> ir.TypeExpr:
        raw = node[key]
        if not isinstance(raw, list) or not raw:
            raise GeneratorError(
                f"'{key}' must be a non-empty list", self.resolver.location(pointer)
            )
        members: list[tuple[Any, str]] = []
        nullable = False
        for index, member in enumerate(raw):
            if _is_null_schema(member):
                nullable = True
            else:
                members.append((member, f"{pointer}/{key}/{index}"))
        expr: ir.TypeExpr
        open_enum = _open_enum(members)
        if not members:
            expr = ir.NullOnly()
        elif open_enum is not None:
            expr = open_enum
        elif len(members) == 1:
            expr = self.type_of(*members[0])
        else:
            exprs: list[ir.TypeExpr] = []
            for member, member_pointer in members:
                exprs.extend(self._flatten(self.type_of(member, member_pointer)))
            if any(isinstance(e, ir.NullableType) or isinstance(e, ir.NullOnly) for e in exprs):
                nullable = True
            flat = _dedupe(_strip_null(e) for e in exprs if not isinstance(e, ir.NullOnly))
            if len(flat) == 1:
                expr = flat[0]
            else:
                kind = "oneOf" if key == "oneOf" else "anyOf"
                disc = self._discriminator(node.get("discriminator"), flat, pointer)
                expr = ir.UnionType(tuple(flat), kind, disc)  # type: ignore[arg-type]
        return _nullable(expr) if nullable else expr

    def _flatten(self, expr: ir.TypeExpr) -> list[ir.TypeExpr]:
        inner = expr.inner if isinstance(expr, ir.NullableType) else expr
        if isinstance(inner, ir.UnionType) and inner.discriminator is None:
            out = list(inner.members)
            return out + [ir.NullOnly()] if isinstance(expr, ir.NullableType) else out
        return [expr]

    # -- discriminators ------------------------------------------------------------------------

    def _discriminator(
        self, declared: Any, members: list[ir.TypeExpr], pointer: str
    ) -> ir.Discriminator | None:
        objects: list[tuple[int, dict[str, Any]]] = []
        for i, m in enumerate(members):
            schema = self._object_schema(m)
            if schema is not None:
                objects.append((i, schema))
        if isinstance(declared, dict) and isinstance(declared.get("propertyName"), str):
            prop = declared["propertyName"]
            mapping: list[tuple[str, int]] = []
            explicit: dict[Any, Any] = declared.get("mapping") or {}
            if not isinstance(explicit, dict):
                explicit = {}
            for tag, ref in explicit.items():
                for i, m in enumerate(members):
                    if isinstance(m, ir.RefType) and m.target == ref:
                        mapping.append((str(tag), i))
            mapped = {i for _, i in mapping}
            for i, schema in objects:
                if i in mapped:
                    continue
                tags = _tag_values(schema, prop)
                member = members[i]
                if not tags and isinstance(member, ir.RefType):
                    tags = [unescape(member.target.rsplit("/", 1)[-1])]
                mapping.extend((t, i) for t in tags)
            covered = {i for _, i in mapping} >= {i for i, _ in objects}
            if covered and len({t for t, _ in mapping}) > 1:
                return ir.Discriminator(prop, tuple(mapping), explicit=True)
            self.notes.append(
                f"{pointer}: declared discriminator {prop!r} does not tell members apart"
            )
            return None
        if len(objects) < 2:
            return None
        candidates = [p for p in _required_consts(objects[0][1])]
        candidates.sort(key=lambda p: p != "type")
        for prop in candidates:
            mapping = []
            ok = True
            for i, schema in objects:
                tags = _tag_values(schema, prop) if prop in _required(schema) else []
                if not tags:
                    ok = False
                    break
                mapping.extend((t, i) for t in tags)
            if ok and _distinct(mapping):
                return ir.Discriminator(prop, tuple(mapping), explicit=False)
        return None

    def _object_schema(self, expr: ir.TypeExpr) -> dict[str, Any] | None:
        """The merged raw object schema behind a class member of a union, if it is one."""
        if not isinstance(expr, ir.RefType):
            return None
        if expr.target in self._merged:
            return self._merged[expr.target]
        node = self.resolver.lookup(expr.target, expr.target)
        if (
            expr.target.startswith(COMPONENT_PREFIX)
            and "/" not in expr.target[len(COMPONENT_PREFIX) :]
        ):
            node, _, _, _ = self._unwrap(node, expr.target)
        if not isinstance(node, dict) or not self._is_class(node):
            return None
        props, required, _ = self._object_parts(node, expr.target, frozenset())
        return {"properties": {k: v for k, (v, _) in props.items()}, "required": required}

    # -- classes -------------------------------------------------------------------------------

    def _is_class(self, node: Any) -> bool:
        if not isinstance(node, dict) or "$ref" in node:
            return False
        props = node.get("properties")
        if isinstance(props, dict) and props:
            return True
        if node.get("additionalProperties") is False and node.get("type") == "object":
            return True
        parts = node.get("allOf")
        if isinstance(parts, list):
            real = [p for p in parts if not _meta_only(p)]
            if len(real) > 1 or (real and "properties" in node):
                return all(self._is_object_part(p) for p in real)
        return False

    def _is_object_part(self, part: Any) -> bool:
        if isinstance(part, dict) and isinstance(part.get("$ref"), str):
            try:
                target = self.resolver.lookup(part["$ref"], part["$ref"])
            except GeneratorError:
                return False
            if isinstance(target, dict) and isinstance(target.get("allOf"), list):
                return True
            return self._is_class(target) or (
                isinstance(target, dict) and target.get("type") == "object"
            )
        return self._is_class(part) or (isinstance(part, dict) and part.get("type") == "object")

    def _class(
        self,
        node: dict[str, Any],
        pointer: str,
        hint: ir.NameHint,
        key: str | None = None,
        description: str | None = None,
    ) -> ir.TypeExpr:
        key = key or pointer
        if key in self.defs:
            return ir.RefType(key)
        props, required, additional = self._object_parts(node, pointer, frozenset({pointer}))
        return self._class_from(props, required, additional, key, hint, node, description)

    def _class_from(
        self,
        props: dict[str, tuple[Any, str]],
        required: list[str],
        additional: Any,
        key: str,
        hint: ir.NameHint,
        node: Any,
        description: str | None = None,
    ) -> ir.TypeExpr:
        if key in self.defs:
            return ir.RefType(key)
        fields = []
        for name, (schema, prop_pointer) in props.items():
            fields.append(self._field(name, schema, prop_pointer, name in required))
        self.defs[key] = ir.ClassDef(
            pointer=key,
            hint=hint,
            fields=tuple(fields),
            description=description or _text(node, "description"),
            deprecated=_flag(node, "deprecated"),
            additional=additional,
            example=_example(node),
        )
        return ir.RefType(key)

    def _object_parts(
        self, node: dict[str, Any], pointer: str, seen: frozenset[str]
    ) -> tuple[dict[str, tuple[Any, str]], list[str], Any]:
        """Properties (name -> (schema, pointer)), required names and the additional-properties
        policy of an object, with `allOf` parts merged in order."""
        props: dict[str, tuple[Any, str]] = {}
        required: list[str] = []
        additional = "keep"
        parts = node.get("allOf")
        if isinstance(parts, list):
            for index, part in enumerate(parts):
                part_pointer = f"{pointer}/allOf/{index}"
                if not isinstance(part, dict) or _meta_only(part):
                    continue
                ref = part.get("$ref")
                if isinstance(ref, str):
                    if ref in seen:
                        raise GeneratorError(
                            "allOf includes the schema itself", self.resolver.location(part_pointer)
                        )
                    target = self.resolver.lookup(ref, part_pointer)
                    if isinstance(target, dict):
                        core, core_pointer, _, _ = self._unwrap(target, ref)
                        sub = self._object_parts(core, core_pointer, seen | {ref})
                    else:
                        continue
                else:
                    sub = self._object_parts(part, part_pointer, seen)
                _merge(props, sub[0])
                required.extend(r for r in sub[1] if r not in required)
                if sub[2] == "forbid":
                    additional = "forbid"
        own = node.get("properties")
        if own is not None and not isinstance(own, dict):
            raise GeneratorError("'properties' must be a mapping", self.resolver.location(pointer))
        _merge(
            props,
            {k: (v, f"{pointer}/properties/{escape(str(k))}") for k, v in (own or {}).items()},
        )
        own_required = node.get("required", [])
        if not isinstance(own_required, list):
            raise GeneratorError("'required' must be a list", self.resolver.location(pointer))
        required.extend(str(r) for r in own_required if r not in required)
        if node.get("additionalProperties") is False and not isinstance(parts, list):
            additional = "forbid"
        return props, required, additional

    def _field(self, name: str, schema: Any, pointer: str, required: bool) -> ir.Field:
        self._expect_schema(schema, pointer)
        expr = self.type_of(schema, pointer)
        default = _default(schema) or _branch_default(schema)
        null_by_default = False
        if default is not None and default.value is None and not _admits_null(expr):
            expr = _nullable(expr)
            null_by_default = True
        description = _describe(schema)
        return ir.Field(
            json_name=str(name),
            type=expr,
            required=required,
            description=description,
            default=default,
            deprecated=_flag(schema, "deprecated"),
            read_only=_flag(schema, "readOnly"),
            write_only=_flag(schema, "writeOnly"),
            null_by_default=null_by_default,
            example=_example(schema),
            branch_docs=self._branch_docs(schema, pointer, description),
            pointer=pointer,
        )

    def _branch_docs(
        self, schema: Any, pointer: str, described: str | None
    ) -> tuple[tuple[ir.TypeExpr, str], ...]:
        """Descriptions inside a field's `anyOf`/`oneOf` branches (through `[X, null]` and lone
        `allOf` wrappers), each with its branch's type; the field's own description is left out."""
        found: list[tuple[ir.TypeExpr, str]] = []
        node, node_pointer = schema, pointer
        for _ in range(8):
            if not isinstance(node, dict):
                break
            step = _single_branch(node, node_pointer)
            if step is not None:
                node, node_pointer = step[0], step[1]
                text = _text(node, "description")
                if text and text != described:
                    found.append((self.type_of(node, node_pointer), text))
                continue
            for key in ("anyOf", "oneOf"):
                branches = node.get(key)
                for index, branch in enumerate(branches if isinstance(branches, list) else []):
                    text = _text(branch, "description")
                    if text and text != described and not _is_null_schema(branch):
                        found.append((self.type_of(branch, f"{node_pointer}/{key}/{index}"), text))
            break
        return tuple(found)

    # -- helpers -------------------------------------------------------------------------------

    def _hint(self, pointer: str, node: dict[str, Any]) -> ir.NameHint:
        component = component_of(pointer) or "Schema"
        words: list[str] = []  # property words: the short name
        full: list[str] = []  # and the titles or tags of union members passed: the long name
        base = component_pointer(component)
        tokens = (
            [unescape(t) for t in pointer[len(base) :].split("/")[1:]]
            if pointer.startswith(base)
            else []
        )
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token in ("properties", "patternProperties") and i + 1 < len(tokens):
                words.append(tokens[i + 1])
                full.append(tokens[i + 1])
                i += 2
                continue
            if token == "items":
                words.append("item")
                full.append("item")
            elif token == "additionalProperties":
                words.append("value")
                full.append("value")
            elif token in ("anyOf", "oneOf") and i + 2 < len(tokens):
                # A union member on the way down is part of the full path: its title or tag.
                member = self.resolver.lookup(
                    "/".join([base, *map(escape, tokens[: i + 2])]), pointer
                )
                word = _text(member, "title") or (
                    _own_tag(member) if isinstance(member, dict) else None
                )
                if word:
                    full.append(word)
                i += 1
            i += 1
        return ir.NameHint(
            component=component,
            owner=base,
            path=tuple(words),
            full_path=tuple(full),
            title=_text(node, "title"),
            tag=_own_tag(node) if _is_union_member(pointer) else None,
        )

    def _limits(self, node: dict[str, Any], pointer: str) -> ir.Constraints:
        if node.keys().isdisjoint(_CONSTRAINT_KEYS):
            return ir.NO_CONSTRAINTS
        values: dict[str, Any] = {}
        numeric = {
            "minimum": "minimum",
            "maximum": "maximum",
            "multipleOf": "multiple_of",
        }
        counts = {
            "minLength": "min_length",
            "maxLength": "max_length",
            "minItems": "min_items",
            "maxItems": "max_items",
            "minProperties": "min_properties",
            "maxProperties": "max_properties",
        }
        for key, attr in numeric.items():
            if key in node:
                values[attr] = self._number(node[key], pointer, key)
        for key, attr in counts.items():
            if key in node:
                value = node[key]
                if type(value) is not int or value < 0:
                    raise GeneratorError(
                        f"'{key}' must be a non-negative integer, found {value!r}",
                        self.resolver.location(pointer),
                    )
                values[attr] = value
        for key, attr, plain in (
            ("exclusiveMinimum", "exclusive_minimum", "minimum"),
            ("exclusiveMaximum", "exclusive_maximum", "maximum"),
        ):
            if key not in node:
                continue
            value = node[key]
            if value is True and plain in values:  # OpenAPI 3.0: a boolean beside the bound
                values[attr] = values.pop(plain)
            elif value is not False and value is not True:
                values[attr] = self._number(value, pointer, key)
        if node.get("uniqueItems") is True:
            values["unique_items"] = True
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
                values["pattern"] = pattern
            except re.error as exc:
                self.notes.append(f"{pointer}: pattern not valid in Python ({exc}); not checked")
        return ir.Constraints(**values) if values else ir.NO_CONSTRAINTS

    def _number(self, value: Any, pointer: str, key: str) -> int | float:
        if type(value) not in (int, float):
            raise GeneratorError(
                f"'{key}' must be a number, found {value!r}", self.resolver.location(pointer)
            )
        return value  # type: ignore[no-any-return]

    def _expect_schema(self, node: Any, pointer: str) -> None:
        if not isinstance(node, dict) and not isinstance(node, bool):
            kind = "list" if isinstance(node, list) else type(node).__name__
            raise GeneratorError(
                f"expected a schema object, found a {kind}", self.resolver.location(pointer)
            )


# ---------------------------------------------------------------------------------------------
# Pure helpers over raw schema nodes and IR values.
# ---------------------------------------------------------------------------------------------


def _text(node: Any, key: str) -> str | None:
    value = node.get(key) if isinstance(node, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _flag(node: Any, key: str) -> bool:
    return isinstance(node, dict) and node.get(key) is True


def _default(node: Any) -> ir.Default | None:
    return ir.Default(node["default"]) if isinstance(node, dict) and "default" in node else None


def _example(node: Any) -> ir.Default | None:
    if not isinstance(node, dict):
        return None
    if "example" in node:
        return ir.Default(node["example"])
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        return ir.Default(examples[0])
    return None


def _own_nullable(node: dict[str, Any]) -> bool:
    if node.get("nullable") is True:
        return True
    kinds = node.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        return True
    enum = node.get("enum")
    if isinstance(enum, list) and None in enum and len(enum) > 1:
        return True
    return False


def _types_listed_null(node: dict[str, Any]) -> bool:
    return node.get("type") == "null" or node.get("type") == ["null"]


def _types(node: dict[str, Any], pointer: str, builder: Builder) -> list[str]:
    kinds = node.get("type")
    if kinds is None:
        return []
    listed = kinds if isinstance(kinds, list) else [kinds]
    listed = [_known_kind(kind, pointer, builder) for kind in listed]
    out = [k for k in listed if k != "null"]
    if not out and "null" in listed:
        return ["null"]
    return out


_KIND_SYNONYMS = {"float": "number", "double": "number", "int": "integer", "bool": "boolean"}


def _known_kind(kind: Any, pointer: str, builder: Builder) -> str:
    """A JSON Schema type; a common misspelling (`float`) is read as meant, and reported."""
    if kind in _KINDS:
        return str(kind)
    if kind in _KIND_SYNONYMS:
        builder.notes.append(
            f"{pointer}: type {kind!r} is not JSON Schema; read as {_KIND_SYNONYMS[kind]!r}"
        )
        return _KIND_SYNONYMS[kind]
    raise GeneratorError(f"unknown type {kind!r}", builder.resolver.location(pointer))


def _is_null_schema(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("type") == "null" or node.get("type") == ["null"]:
        return True
    if node.get("enum") == [None] or ("const" in node and node["const"] is None):
        return True
    return False


def _meta_only(node: Any) -> bool:
    """A part that only documents (description, title, default, nullable, ...)."""
    return isinstance(node, dict) and not any(key in node for key in _STRUCTURAL + _OBJECT_HINTS)


def _constraint_only_list(parts: Any) -> bool:
    """`anyOf: [{required: [a]}, {required: [b]}]` beside properties: constraints, not types."""
    return (
        isinstance(parts, list)
        and bool(parts)
        and all(
            isinstance(p, dict)
            and not any(
                key in p
                for key in (
                    "$ref",
                    "type",
                    "properties",
                    "items",
                    "enum",
                    "const",
                    "anyOf",
                    "oneOf",
                    "allOf",
                )
            )
            and any(key in p for key in ("required", "not", "minProperties"))
            for p in parts
        )
    )


_CONSTRAINT_KEYS = frozenset(
    {
        "minimum",
        "maximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "uniqueItems",
        "pattern",
    }
)

_WRAPPER_KEYS = frozenset(
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


def _single_branch(node: dict[str, Any], pointer: str) -> tuple[Any, str, bool] | None:
    """The one non-null branch of a `[X, null]` union or a lone `allOf: [X]`, if that is all
    the node is."""
    for key in ("anyOf", "oneOf", "allOf"):
        branches = node.get(key)
        if not isinstance(branches, list) or any(k != key and k not in _WRAPPER_KEYS for k in node):
            continue
        real = [
            (i, b) for i, b in enumerate(branches) if not _is_null_schema(b) and not _meta_only(b)
        ]
        nulls = len(branches) - len(real)
        if len(real) == 1 and (key == "allOf" or nulls > 0):
            index, branch = real[0]
            return branch, f"{pointer}/{key}/{index}", key != "allOf" and nulls > 0
    return None


def _describe(node: Any) -> str | None:
    """A field's description: its own, else that of its single non-null branch."""
    seen = 0
    while isinstance(node, dict) and seen < 8:
        own = _text(node, "description")
        if own:
            return own
        step = _single_branch(node, "")
        if step is None:
            return None
        node = step[0]
        seen += 1
    return None


def _branch_default(node: Any) -> ir.Default | None:
    step = _single_branch(node, "") if isinstance(node, dict) else None
    return _default(step[0]) if step else None


def _nullable(expr: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(expr, (ir.NullableType, ir.NullOnly, ir.JsonAny)):
        return expr
    return ir.NullableType(expr)


def _strip_null(expr: ir.TypeExpr) -> ir.TypeExpr:
    return expr.inner if isinstance(expr, ir.NullableType) else expr


def _admits_null(expr: ir.TypeExpr) -> bool:
    return isinstance(expr, (ir.NullableType, ir.NullOnly, ir.JsonAny))


def _dedupe(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if not any(item == seen and type(item) is type(seen) for seen in out):
            out.append(item)
    return out


def _merge(props: dict[str, tuple[Any, str]], more: dict[str, tuple[Any, str]]) -> None:
    for name, (schema, pointer) in more.items():
        if name in props and _meta_only(schema):
            # A later part that only re-documents a property keeps the earlier type.
            base, base_pointer = props[name]
            if isinstance(base, dict) and isinstance(schema, dict):
                props[name] = ({**base, **schema}, base_pointer)
            continue
        props[name] = (schema, pointer)


def _open_enum(members: list[tuple[Any, str]]) -> ir.OpenEnum | None:
    """`anyOf: [{type: string}, {type: string, enum: [...]}]`: known values plus any string."""
    if len(members) < 2:
        return None
    plain = 0
    values: list[str] = []
    for member, _ in members:
        if not isinstance(member, dict) or member.get("type") != "string":
            return None
        enum = member.get("enum")
        if enum is None and "const" not in member:
            plain += 1
        else:
            items = enum if isinstance(enum, list) else [member.get("const")]
            if not all(isinstance(v, str) for v in items):
                return None
            values.extend(str(v) for v in items if v not in values)
    return ir.OpenEnum(tuple(values)) if plain == 1 and values else None


def _required(schema: dict[str, Any]) -> list[str]:
    required = schema.get("required")
    return required if isinstance(required, list) else []


def _tag_values(schema: dict[str, Any], prop: str) -> list[str]:
    props = schema.get("properties")
    node = props.get(prop) if isinstance(props, dict) else None
    if not isinstance(node, dict):
        return []
    if isinstance(node.get("const"), str):
        return [node["const"]]
    enum = node.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        return list(enum)
    return []


def _required_consts(schema: dict[str, Any]) -> list[str]:
    return [p for p in _required(schema) if _tag_values(schema, p)]


def _own_tag(node: dict[str, Any]) -> str | None:
    consts = [p for p in _required_consts(node)]
    consts.sort(key=lambda p: p != "type")
    for prop in consts:
        values = _tag_values(node, prop)
        if len(values) == 1:
            return values[0]
    return None


def _is_union_member(pointer: str) -> bool:
    tokens = pointer.rsplit("/", 2)
    return len(tokens) == 3 and tokens[1] in ("anyOf", "oneOf") and tokens[2].isdigit()


def _distinct(mapping: list[tuple[str, int]]) -> bool:
    tags = [t for t, _ in mapping]
    return bool(tags) and len(tags) == len(set(tags))
