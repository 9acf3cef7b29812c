"""Objects: `properties`, `required`, `additionalProperties: false`, and the `allOf` parts of an
object merged into one class; each property becomes a field with its documentation.

An object schema is a class when it declares properties, forbids additional ones, or merges
several object parts with `allOf`; other objects are maps or free-form (`arrays_maps.py`).
A required name that no part declares is a field too, of any JSON value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import ir
from ..errors import GeneratorError
from ..resolve import component_of, component_pointer
from .core import BuilderCore
from .keywords import OBJECT_HINTS
from .schema import ObjectParts, Schema

# Keywords that make a schema something else than an object, even beside `required`.
_NOT_OBJECT = frozenset({"$ref", "anyOf", "oneOf", "allOf", "enum", "const", "items"})


class Objects(BuilderCore):
    def is_class(self, s: Schema) -> bool:
        if not s.is_mapping or s.has("$ref"):
            return False
        if s.properties:
            return True
        if s.additional is False and s.types == ("object",) and not s.has("patternProperties"):
            return True
        parts = s.branches("allOf")
        if parts is not None:
            real = [p for p in parts if not p.adds_nothing]
            if len(real) > 1 or (real and s.has_any(OBJECT_HINTS)):
                return all(self.is_object_part(p) for p in real)
        return False

    def define(
        self, node: Schema, pointer: str, hint: ir.NameHint, nullable: Callable[[], bool]
    ) -> None:
        """`node` defined under `pointer` (a component, or an operation's body or response):
        a class, or an alias of whatever else it is."""
        core, own_null, description = self.unwrap(node)
        self._building.add(pointer)
        try:
            if self.is_class(core):
                self.class_(core, hint, key=pointer, description=description)
                self.assert_class(node, core, pointer)
                cls = self.defs[pointer]
                assert isinstance(cls, ir.ClassDef)
                deprecated = node.flag("deprecated") or cls.deprecated
                self.defs[pointer] = replace(cls, nullable=own_null, deprecated=deprecated)
            else:
                expr = self.type_of(core)
                if node.pointer != core.pointer or node.raw is not core.raw:
                    wrapper = self.assertion(node, expr, self.wrapper_consumed(node))
                    expr = expr if wrapper is None else ir.Asserted(expr, wrapper)
                self.defs[pointer] = ir.AliasDef(
                    pointer=pointer,
                    hint=hint,
                    type=ir.strip_null(expr),
                    description=description,
                    deprecated=node.flag("deprecated"),
                    nullable=own_null or nullable(),
                    default=node.default,
                    example=node.example,
                )
        finally:
            self._building.discard(pointer)

    def is_object_part(self, s: Schema) -> bool:
        """Whether an `allOf` part is an object: a class, `type: object`, or keywords that only
        an object has (`properties`, `required`, `additionalProperties`) and no type, as a
        `properties` without `type` makes a class. A reference is followed, through components
        that only add null (`[X, null]`) or wrap one `allOf` part, to the object behind it."""
        if s.has("$ref"):
            try:
                s = self.object_core(s, frozenset())[0]
            except GeneratorError:
                return False
            if s.branches("allOf") is not None:
                return True
        if self.is_class(s) or s.types == ("object",):
            return True
        return not s.types and s.has_any(OBJECT_HINTS) and not s.has_any(_NOT_OBJECT)

    def object_core(
        self, s: Schema, seen: frozenset[str]
    ) -> tuple[Schema, frozenset[str], str | None]:
        """The schema an `allOf` part stands for: its `$ref`s followed through the wrappers
        that only add null or documentation (`[X, null]`, a lone `allOf: [X]`). Also the
        references followed (added to `seen`, which must not be met again: that would be an
        `allOf` including itself) and the last of them (the component, for `ClassDef.bases`)."""
        node, last = s, None
        for _ in range(64):
            core, _, _ = self.unwrap(node)
            step = core.single_branch()
            target = step[0] if step is not None and step[0].has("$ref") else core
            ref = target.ref
            if ref is None:
                return core, seen, last
            if ref in seen:
                raise target.error("allOf includes the schema itself")
            seen, last = seen | {ref}, ref
            node = self.lookup(ref, target.pointer)
            if not node.is_mapping:
                return node, seen, last
        raise s.error("too many references in a row")

    def class_(
        self, s: Schema, hint: ir.NameHint, key: str | None = None, description: str | None = None
    ) -> ir.TypeExpr:
        key = key or s.pointer
        if key in self.defs:
            return ir.RefType(key)
        parts = self.object_parts(s, frozenset({s.pointer}))
        # The components merged by `allOf` whose code the class may reuse (see ClassDef.bases):
        # through an alias of a class (`[X, null]`, say), the class.
        bases = tuple(
            base
            for p in s.branches("allOf") or ()
            if p.ref is not None
            and (base := self.class_base(self.object_core(p, frozenset({s.pointer}))[2]))
        )
        return self.class_from(parts, key, hint, s, description, bases)

    def class_base(self, pointer: str | None) -> str | None:
        """`pointer` when it names a component that is a class (whose code a class merged from
        it can reuse: `ClassDef.bases`), else None (a schema inside another, say)."""
        name = component_of(pointer) if pointer is not None else None
        if name is None or pointer != component_pointer(name):
            return None
        self.component(name)
        return pointer if isinstance(self.defs.get(pointer), ir.ClassDef) else None

    def class_from(
        self,
        parts: ObjectParts,
        key: str,
        hint: ir.NameHint,
        node: Schema,
        description: str | None = None,
        bases: tuple[str, ...] = (),
    ) -> ir.TypeExpr:
        if key in self.defs:
            return ir.RefType(key)
        properties = dict(parts.properties)
        for name in parts.required:
            if name not in properties:  # required but not declared: any JSON value, required
                properties[name] = Schema(True, f"{node.pointer}/required", node.source)
        fields = tuple(
            self.field(name, schema, name in parts.required) for name, schema in properties.items()
        )
        self.defs[key] = ir.ClassDef(
            pointer=key,
            hint=hint,
            fields=fields,
            description=description or node.description,
            deprecated=node.flag("deprecated"),
            additional=parts.additional,
            example=node.example,
            bases=bases,
        )
        return ir.RefType(key)

    def object_parts(self, s: Schema, seen: frozenset[str]) -> ObjectParts:
        """Properties, required names and the additional-properties policy of an object, with
        its `allOf` parts merged in order (a part that only documents a property adds its
        words to the property's schema)."""
        props: dict[str, Schema] = {}
        required: list[str] = []
        closed: list[tuple[Schema, set[str]]] = []  # parts that forbid other properties
        parts = s.branches("allOf")
        for part in parts or ():
            if not part.is_mapping or part.is_meta_only:
                continue
            core, chain = part, seen
            if part.ref is not None:
                core, chain, _ = self.object_core(part, seen)
                if not core.is_mapping:
                    continue
            sub = self.object_parts(core, chain)
            merge(props, sub.properties)
            required.extend(r for r in sub.required if r not in required)
            if sub.additional == "forbid":
                closed.append((part, set(sub.properties)))
        merge(props, s.properties or {})
        required.extend(r for r in s.required if r not in required)
        if s.additional is False and not s.has("patternProperties"):
            # (beside patternProperties, and where allOf parts declare other properties, the
            # validator checks it as JSON Schema says: `assertions.py`)
            closed.append((s, set(s.properties or {})))
        return ObjectParts(props, required, "forbid" if closed else "keep")

    def field(self, name: str, schema: Schema, required: bool) -> ir.Field:
        """A property as a field. `default: null` on a type without null makes it nullable:
        the spec's "can be set to null" (documented leniency)."""
        expr = self.type_of(schema.expect())
        default = schema.default or _branch_default(schema)
        null_by_default = False
        if default is not None and default.value is None and not ir.admits_null(expr):
            expr = ir.nullable(expr)
            null_by_default = True
        description = _describe(schema)
        return ir.Field(
            json_name=name,
            type=expr,
            required=required,
            description=description,
            default=default,
            deprecated=schema.flag("deprecated"),
            read_only=schema.flag("readOnly"),
            write_only=schema.flag("writeOnly"),
            null_by_default=null_by_default,
            example=schema.example,
            branch_docs=self._branch_docs(schema, description),
            pointer=schema.pointer,
        )

    def _branch_docs(
        self, schema: Schema, described: str | None
    ) -> tuple[tuple[ir.TypeExpr, str], ...]:
        """Descriptions inside a field's `anyOf`/`oneOf` branches (through `[X, null]` and lone
        `allOf` wrappers), each with its branch's type; the field's own description is left out."""
        found: list[tuple[ir.TypeExpr, str]] = []
        node = schema
        for _ in range(8):
            if not node.is_mapping:
                break
            step = node.single_branch()
            if step is not None:
                node = step[0]
                text = node.description
                if text and text != described:
                    found.append((self.type_of(node), text))
                continue
            for key in ("anyOf", "oneOf"):
                for branch in node.branches(key) or ():
                    text = branch.description
                    if text and text != described and not branch.is_null:
                        found.append((self.type_of(branch), text))
            break
        return tuple(found)


def _anything(s: Schema) -> bool:
    """A schema that takes any value: `true`, `{}`, only documentation, or an `allOf` of such
    parts (Box writes `additionalProperties: {allOf: [{}, {description: ...}]}`)."""
    if s.adds_nothing:
        return True
    parts = s.branches("allOf") if s.is_mapping else None
    return (
        parts is not None
        and Schema(
            {k: v for k, v in s.raw.items() if k != "allOf"}, s.pointer, s.source
        ).adds_nothing
        and all(_anything(p) for p in parts)
    )


def merge(props: dict[str, Schema], more: dict[str, Schema]) -> None:
    """Add the properties of a later `allOf` part; one that only re-documents a property keeps
    the earlier type, with the new words."""
    for name, schema in more.items():
        if name in props and schema.is_meta_only:
            base = props[name]
            if base.is_mapping:
                props[name] = base.overlaid_by(schema)
            continue
        props[name] = schema


def _describe(s: Schema) -> str | None:
    """A field's description: its own, else that of its single non-null branch."""
    node = s
    for _ in range(8):
        if not node.is_mapping:
            return None
        if node.description:
            return node.description
        step = node.single_branch()
        if step is None:
            return None
        node = step[0]
    return None


def _branch_default(s: Schema) -> ir.Default | None:
    step = s.single_branch()
    return step[0].default if step else None
