"""The shared core of the IR builder: the component loop, `$ref`s, the named definitions, name
hints, notes, and the dispatch of a schema to its construct family.

`BuilderCore.type_of` reads a schema's keywords in order of precedence (`$ref`, `allOf`,
`oneOf`/`anyOf`, `const`, `enum`, `type`) and hands it to the family that builds it. Each family
is a mixin in a module of its own; the methods they provide each other are declared here,
abstract, so that this class is the index of who builds what.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from .. import ir
from ..load import SpecDocument
from ..resolve import Resolver, component_of, component_pointer, escape, unescape
from .keywords import OBJECT_HINTS, DeclaredDiscriminator
from .schema import ObjectParts, Schema, Source

T = TypeVar("T")

# The most schemas built inside one another: nested (`properties: {a: {properties: ...}}`) or
# through references (`A1: $ref A2`, `A2: $ref A3`...). Deeper is refused, naming the pointer:
# each level takes Python stack in every stage (the OpenAI spec nests 9 deep).
MAX_NESTING = 250


class BuilderCore(ABC):
    """State of one generation run, and the routines every construct family uses."""

    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self.resolver = Resolver(spec)
        self.source = Source(spec.path, origins=spec.origins)
        self.notes = self.source.notes  # constructs typed less precisely than the spec says
        self.defs: dict[str, ir.NamedDef] = {}  # pointer -> class or alias, in the order made
        self._building: set[str] = set()  # pointers being built (a reference back is a cycle)
        self._depth = 0  # schemas being typed inside one another (`type_of`)
        self._nullable: dict[str, bool] = {}  # component name -> admits null
        self._merged: dict[str, ObjectParts] = {}  # classes made by distributing an allOf
        # Keywords a construct family typed less exactly than usual, by schema pointer: they
        # are checked whole by the generated package's validator (`assertions.py`).
        self.deferred: dict[str, set[str]] = {}
        # Where an operation's schemas start (pointer -> the hint of that place): `place`.
        self.places: dict[str, ir.NameHint] = {}

    # -- entry point ---------------------------------------------------------------------------

    def build(self, roots: list[str], everything: bool = False) -> ir.Model:
        if everything:
            self.resolver.check_roots(roots)
            names = sorted(self.spec.schemas)  # none: a package of the runtime alone
        else:
            names = self.resolver.closure(roots)
        for name in names:
            self.component(name)
        components = sorted({d.hint.component for d in self.defs.values()})
        model = ir.Model(
            defs=tuple(self.defs.values()),
            roots=tuple(roots),
            components=tuple(components),
            notes=(),
        )
        schemas = self.referenced_schemas(model.assertions())
        return replace(model, notes=tuple(sorted(set(self.notes))), schemas=schemas)

    # -- components ----------------------------------------------------------------------------

    def component(self, name: str) -> None:
        """Build a component schema: a class, or an alias of whatever else it is."""
        pointer = component_pointer(name)
        if pointer in self.defs or pointer in self._building:
            return
        node = Schema(self.spec.schemas[name], pointer, self.source).expect()
        hint = ir.NameHint(component=name, owner=None, path=())
        self.define(node, pointer, hint, lambda: self.component_nullable(name))

    def component_nullable(self, name: str) -> bool:
        """Whether a component admits null, so that every reference to it is `| None`."""
        if name in self._nullable:
            return self._nullable[name]
        self._nullable[name] = False  # a cycle of references adds no null
        node = Schema(self.spec.schemas[name], component_pointer(name), self.source)
        result = False
        if node.is_mapping:
            core, result, _ = self.unwrap(node)
            ref = core.ref
            if not result and ref is not None and len(core.keywords) <= 3:
                target = component_of(ref)
                if target is not None and ref == component_pointer(target):
                    self.resolver.lookup(ref, component_pointer(name))
                    result = self.component_nullable(target)
        self._nullable[name] = result
        return result

    def lookup(self, ref: str, where: str) -> Schema:
        """The schema a `$ref` points at; `where` is the pointer of the referring schema."""
        return Schema(self.resolver.lookup(ref, where), ref, self.source)

    # -- type expressions ----------------------------------------------------------------------

    def type_of(self, schema: Schema) -> ir.TypeExpr:
        """The type expression of any schema node (building the classes it defines)."""
        if schema.is_true or schema.is_empty:
            return ir.JsonAny()
        if schema.is_false:  # never valid: the validator rejects every value
            return self.asserted(schema, ir.JsonAny())
        if self._depth >= MAX_NESTING:
            raise schema.error(
                f"schemas nest more than {MAX_NESTING} levels deep here (nested schemas and "
                "$refs followed, counted together)"
            )
        self._depth += 1
        try:
            expr = self._dispatch(schema.expect())
        finally:
            self._depth -= 1
        expr = ir.nullable(expr) if schema.own_nullable else expr
        return self.asserted(schema, expr)

    def _dispatch(self, s: Schema) -> ir.TypeExpr:
        keywords = s.keywords
        if "$ref" in keywords:
            return self.ref(s)
        if "allOf" in keywords and not s.constraint_only("allOf"):
            return self.all_of(s)  # composition.py
        for key in ("oneOf", "anyOf"):
            if key in keywords and not s.constraint_only(key):
                return self.union(s, key)  # unions.py
        if "const" in keywords:
            return self.const(s)  # enums.py
        if "enum" in keywords:
            return self.enum(s)  # enums.py
        kinds = s.types
        if len(kinds) > 1:  # null among them is the node's own nullability (`type_of`)
            kinds = tuple(k for k in kinds if k != "null") or ("null",)
        if len(kinds) > 1:  # `type: [string, integer]`
            return ir.UnionType(tuple(self._typed(s, kind) for kind in kinds), "anyOf")
        if kinds:
            return self._typed(s, kinds[0])
        if s.has_any(OBJECT_HINTS):
            return self._typed(s, "object")
        if "items" in keywords:
            return self._typed(s, "array")
        return ir.JsonAny()

    def _typed(self, s: Schema, kind: ir.JsonKind) -> ir.TypeExpr:
        match kind:
            case "string" | "integer" | "number" | "boolean":
                return ir.Primitive(kind, s.format, s.constraints())
            case "array":
                return self.array(s)  # arrays_maps.py
            case "null":
                return ir.NullOnly()
            case "object":
                if self.is_class(s):
                    return self.class_(s, self.hint(s))  # objects.py
                return self.map_or_free(s)  # arrays_maps.py
            case _:
                ir.assert_never(kind)

    def ref(self, s: Schema) -> ir.TypeExpr:
        """`$ref` (its siblings other than nullability are read by whoever holds the schema):
        a component is built under its own name and referred to; a pointer into the middle of
        a document is built where it stands."""
        ref = s.ref
        assert ref is not None
        target = self.lookup(ref, s.pointer)
        name = component_of(ref)
        if name is not None and ref == component_pointer(name):
            self.component(name)
            built = self.defs.get(ref)
            if isinstance(built, ir.AliasDef) and built.type == ir.NullOnly():
                return ir.NullOnly()  # `None` itself: a call that returns only None is no value
            expr: ir.TypeExpr = ir.RefType(ref)
            return ir.nullable(expr) if self.component_nullable(name) else expr
        if ref in self._building:
            return ir.RefType(ref)
        self._building.add(ref)
        try:
            return self.type_of(target)
        finally:
            self._building.discard(ref)

    # -- names ---------------------------------------------------------------------------------

    def hint(self, s: Schema) -> ir.NameHint:
        """What the naming stage names an inline definition after: its place, title and tag."""
        place = self.place(s.pointer)
        tag = s.own_tag if _is_union_member(s.pointer) else None
        return replace(place, title=s.title, tag=tag)

    def place(self, pointer: str) -> ir.NameHint:
        """The name hint of a place: its component, and the words of the path down to it (below
        an operation's body, parameter or response: `places`, from `operations.py`)."""
        for base, hint in self.places.items():
            if pointer == base or pointer.startswith(base + "/"):
                return place_of(pointer, self.lookup, base, hint)
        return place_of(pointer, self.lookup)

    # -- what the construct families provide each other -----------------------------------------

    @abstractmethod
    def wrapper_consumed(self, wrapper: Schema) -> frozenset[str]:
        """assertions.py: what a `[X, null]` or `allOf: [X]` wrapper's X says all of."""

    @abstractmethod
    def defer(self, s: Schema, keyword: str) -> None:
        """assertions.py: a keyword of `s` typed less exactly than usual, checked whole."""

    @abstractmethod
    def asserted(self, s: Schema, expr: ir.TypeExpr) -> ir.TypeExpr:
        """assertions.py: `expr` with the keywords of `s` it does not express attached."""

    @abstractmethod
    def assert_class(self, wrapper: Schema, core: Schema, pointer: str) -> None:
        """assertions.py: the keywords of a component class its fields do not express."""

    @abstractmethod
    def assertion(
        self,
        s: Schema,
        expr: ir.TypeExpr,
        consumed: frozenset[str],
        kinds: set[str] | None = None,
    ) -> ir.Assertion | None:
        """assertions.py: the keywords of `s` other than `consumed`, as an assertion."""

    @abstractmethod
    def referenced_schemas(self, assertions: list[ir.Assertion]) -> tuple[tuple[str, str], ...]:
        """assertions.py: the schemas the assertions' `$ref`s reach, prepared for the validator."""

    @abstractmethod
    def unwrap(self, s: Schema) -> tuple[Schema, bool, str | None]:
        """composition.py: the schema inside `[X, null]` and lone-`allOf` wrappers."""

    @abstractmethod
    def all_of(self, s: Schema) -> ir.TypeExpr:
        """composition.py: `allOf`."""

    @abstractmethod
    def union(self, s: Schema, key: str) -> ir.TypeExpr:
        """unions.py: `anyOf` or `oneOf`."""

    @abstractmethod
    def discriminator(
        self, declared: DeclaredDiscriminator | None, members: list[ir.TypeExpr], pointer: str
    ) -> ir.Discriminator | None:
        """unions.py: the declared discriminator of a union, or one inferred from constants."""

    @abstractmethod
    def const(self, s: Schema) -> ir.TypeExpr:
        """enums.py: `const`."""

    @abstractmethod
    def enum(self, s: Schema) -> ir.TypeExpr:
        """enums.py: `enum`."""

    @abstractmethod
    def array(self, s: Schema) -> ir.TypeExpr:
        """arrays_maps.py: `type: array` and `items`."""

    @abstractmethod
    def map_or_free(self, s: Schema) -> ir.TypeExpr:
        """arrays_maps.py: an object that is not a class: a map or a free-form object."""

    @abstractmethod
    def define(
        self, node: Schema, pointer: str, hint: ir.NameHint, nullable: Callable[[], bool]
    ) -> None:
        """objects.py: `node` defined under `pointer`: a class, or an alias of anything else."""

    @abstractmethod
    def is_class(self, s: Schema) -> bool:
        """objects.py: whether an object schema becomes a class."""

    @abstractmethod
    def is_object_part(self, s: Schema) -> bool:
        """objects.py: whether an `allOf` part (or a reference to one) is an object."""

    @abstractmethod
    def class_(
        self, s: Schema, hint: ir.NameHint, key: str | None = None, description: str | None = None
    ) -> ir.TypeExpr:
        """objects.py: the class an object schema defines, as a reference to it."""

    @abstractmethod
    def class_base(self, pointer: str | None) -> str | None:
        """objects.py: `pointer` when it is a component class (a base to reuse), else None."""

    @abstractmethod
    def class_from(
        self,
        parts: ObjectParts,
        key: str,
        hint: ir.NameHint,
        node: Schema,
        description: str | None = None,
        bases: tuple[str, ...] = (),
    ) -> ir.TypeExpr:
        """objects.py: a class from properties gathered elsewhere (an `allOf` distributed);
        `bases`: the components whose fields come first (ClassDef.bases)."""

    @abstractmethod
    def object_parts(self, s: Schema, seen: frozenset[str]) -> ObjectParts:
        """objects.py: properties, required names and policy, `allOf` parts merged in."""

    @abstractmethod
    def object_core(
        self, s: Schema, seen: frozenset[str]
    ) -> tuple[Schema, frozenset[str], str | None]:
        """objects.py: the schema behind an `allOf` part, its `$ref`s and wrappers followed."""


def dedupe(items: Iterable[T]) -> list[T]:
    """The items without repeats (`1` and `True` are different values here), in order."""
    out: list[T] = []
    for item in items:
        if not any(item == seen and type(item) is type(seen) for seen in out):
            out.append(item)
    return out


def _is_union_member(pointer: str) -> bool:
    tokens = pointer.rsplit("/", 2)
    return len(tokens) == 3 and tokens[1] in ("anyOf", "oneOf") and tokens[2].isdigit()


def place_of(
    pointer: str,
    lookup: Callable[[str, str], Schema],
    base: str | None = None,
    at: ir.NameHint | None = None,
) -> ir.NameHint:
    """The name hint of a place: its component and the words of the path down to it (below
    `base`, an operation's schema, those of its hint `at` first)."""
    component = at.component if at is not None else component_of(pointer) or "Schema"
    words: list[str] = list(at.path) if at else []  # property words: the short name
    full: list[str] = list(at.path) if at else []  # and the titles or tags of union members
    owner = at.owner if at is not None else None
    base = base or component_pointer(component)
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
            member = lookup("/".join([base, *map(escape, tokens[: i + 2])]), pointer)
            word = member.title or member.own_tag
            if word:
                full.append(word)
            i += 1
        i += 1
    return ir.NameHint(
        component=component, owner=owner or base, path=tuple(words), full_path=tuple(full)
    )
