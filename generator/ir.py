"""The typed intermediate representation: what the spec says, as frozen data.

The build stage turns raw schemas into these; the naming stage gives every named definition a
Python name; the render stage reads nothing else. Union kind, discriminator, nullability, open or
closed enums, constants, defaults and constraints are all data here, never strings of code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeAlias

if TYPE_CHECKING:
    from .ir_ops import Operation

if sys.version_info >= (3, 11):
    from typing import assert_never as assert_never  # re-exported: `ir.assert_never`
else:

    def assert_never(value: NoReturn, /) -> NoReturn:
        """`typing.assert_never` (Python 3.11+): mypy reports any call it can reach, so a
        `match` over `TypeExpr` or `NamedDef` that ends in `case _: assert_never(t)` fails
        `mypy --strict` when a node type is added and not handled."""
        raise AssertionError(f"unhandled IR node: {value!r}")


JsonScalar: TypeAlias = str | int | float | bool | None
PrimitiveKind: TypeAlias = Literal["string", "integer", "number", "boolean"]
JsonKind: TypeAlias = Literal["null", "boolean", "integer", "number", "string", "array", "object"]


@dataclass(frozen=True)
class Constraints:
    """Validation keywords of one schema, normalised (3.0 boolean exclusives become numbers)."""

    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # as the spec writes it (ECMA-262)
    regex: str | None = None  # the same as a Python `re` pattern (`ecma_regex.translate`)
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def is_empty(self) -> bool:
        return self == NO_CONSTRAINTS


NO_CONSTRAINTS = Constraints()


# ---------------------------------------------------------------------------------------------
# Type expressions: the type of a field, an array item, a map value or a union member.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Primitive:
    """A JSON string, integer, number or boolean, with its format and constraints."""

    kind: PrimitiveKind
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class JsonAny:
    """Any JSON value: a schema that says nothing about its type."""


@dataclass(frozen=True)
class FreeObject:
    """A JSON object with no declared properties (free-form)."""

    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class NullOnly:
    """Only `null`."""


@dataclass(frozen=True)
class LiteralType:
    """A closed set of values: a closed enum, a `const` or an `x-stainless-const` enum."""

    values: tuple[JsonScalar, ...]
    is_const: bool = False


@dataclass(frozen=True)
class OpenEnum:
    """Known string values plus any other string (`anyOf: [string, string enum]`)."""

    values: tuple[str, ...]
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class ArrayType:
    items: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class MapType:
    """`additionalProperties: <schema>` with no properties: `dict[str, values]`."""

    values: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class RefType:
    """A reference to a named definition (class or alias), by the JSON pointer that defines it."""

    target: str


@dataclass(frozen=True)
class NullableType:
    inner: TypeExpr


@dataclass(frozen=True)
class Discriminator:
    """The property whose constant value says which union member an object is."""

    property: str
    mapping: tuple[tuple[str, int], ...]  # (tag value, index of the member in the union)
    explicit: bool  # declared with `discriminator:` rather than inferred from constants


@dataclass(frozen=True)
class UnionType:
    members: tuple[TypeExpr, ...]
    kind: Literal["anyOf", "oneOf"]
    discriminator: Discriminator | None = None


@dataclass(frozen=True)
class Assertion:
    """Keywords of one schema that its Python type does not express (`not`, `propertyNames`,
    `contains`, a `oneOf` of members that only add `required`, ...): the generated package
    checks them when parsing, with its schema validator (`templates/validator.py.jinja`).

    `key` is the pointer of the schema; `keywords` the keywords checked there; `schema` those
    keywords as the validator reads them (JSON text: the build stage's `schema_table.prepare`
    of the keywords, with subschemas whole and `$ref`s absolute)."""

    key: str
    keywords: tuple[str, ...]
    schema: str


@dataclass(frozen=True)
class Asserted:
    """A value of type `inner` that must also satisfy `assertion` (checked before it is
    parsed as `inner`)."""

    inner: TypeExpr
    assertion: Assertion


TypeExpr: TypeAlias = (
    Primitive
    | JsonAny
    | FreeObject
    | NullOnly
    | LiteralType
    | OpenEnum
    | ArrayType
    | MapType
    | RefType
    | NullableType
    | UnionType
    | Asserted
)


# ---------------------------------------------------------------------------------------------
# Named definitions: what becomes a class or a type alias in the generated code.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameHint:
    """What the naming stage derives a name from: the schema's place and its own words."""

    component: str  # the component schema whose module holds the definition
    owner: str | None  # pointer of the enclosing named definition (None for a component)
    path: tuple[str, ...]  # property words from the owner down to here
    full_path: tuple[str, ...] = ()  # the same with the titles or tags of union members passed
    title: str | None = None
    tag: str | None = None  # the discriminator value, for a union member


@dataclass(frozen=True)
class Default:
    value: Any


@dataclass(frozen=True)
class Field:
    json_name: str
    type: TypeExpr
    required: bool
    description: str | None = None
    default: Default | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    null_by_default: bool = False  # nullable only because of `default: null` (documented leniency)
    example: Default | None = None
    # Descriptions given inside the branches of the field's union, with each branch's type.
    branch_docs: tuple[tuple[TypeExpr, str], ...] = ()
    pointer: str = ""  # the JSON pointer of the property's schema
    # Where an overlay changed the spec for this field: one sentence each (see `provenance`).
    errata: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassDef:
    pointer: str
    hint: NameHint
    fields: tuple[Field, ...]
    description: str | None = None
    deprecated: bool = False
    nullable: bool = False  # a component that also admits null: references to it are `| None`
    additional: Literal["keep", "forbid"] = "keep"
    example: Default | None = None
    # The classes (pointers) whose fields this one takes over verbatim through `allOf`, in
    # order: their fields come first here, and the generated code reuses theirs.
    bases: tuple[str, ...] = ()
    # What the class's fields do not express (`minProperties`, `propertyNames`, a `oneOf` of
    # `required` lists, ...): checked by the schema validator first.
    assertions: tuple[Assertion, ...] = ()


@dataclass(frozen=True)
class AliasDef:
    pointer: str
    hint: NameHint
    type: TypeExpr
    description: str | None = None
    deprecated: bool = False
    nullable: bool = False
    default: Default | None = None
    example: Default | None = None
    errata: tuple[str, ...] = ()  # where an overlay changed the spec (see `provenance`)


NamedDef: TypeAlias = ClassDef | AliasDef


@dataclass(frozen=True)
class Model:
    """Everything the later stages need: the named definitions in a stable order."""

    defs: tuple[NamedDef, ...]
    roots: tuple[str, ...]
    components: tuple[str, ...]  # component names, in the order their modules are written
    notes: tuple[str, ...] = field(default=())  # constructs typed less precisely than the spec says
    # The schemas that the assertions' `$ref`s reach, for the validator: (pointer, JSON text).
    schemas: tuple[tuple[str, str], ...] = field(default=())
    operations: tuple[Operation, ...] = field(default=())  # selected `paths` operations

    def assertions(self) -> list[Assertion]:
        """Every assertion of the model, once each, in definition order."""
        found: dict[str, Assertion] = {}
        for d in self.defs:
            if isinstance(d, ClassDef):
                found.update((a.key, a) for a in d.assertions)
            for t in types_of(d):
                for node in walk(t):
                    if isinstance(node, Asserted):
                        found.setdefault(node.assertion.key, node.assertion)
        return list(found.values())

    def by_pointer(self) -> dict[str, NamedDef]:
        return {d.pointer: d for d in self.defs}


# ---------------------------------------------------------------------------------------------
# Helpers every stage can use. Each dispatch over `TypeExpr` or `NamedDef` is a `match` ending in
# `assert_never`: a new node type is a `mypy --strict` error at every place that must handle it.
# ---------------------------------------------------------------------------------------------


def children(t: TypeExpr) -> tuple[TypeExpr, ...]:
    """The type expressions directly inside `t`: an array's items, a map's values, the inner
    type of a nullable, a union's members."""
    match t:
        case ArrayType(items=items):
            return (items,)
        case MapType(values=values):
            return (values,)
        case NullableType(inner=inner):
            return (inner,)
        case UnionType(members=members):
            return members
        case Asserted(inner=inner):
            return (inner,)
        case Primitive() | JsonAny() | FreeObject() | NullOnly() | LiteralType() | OpenEnum():
            return ()
        case RefType():  # the definition it refers to is not inside it
            return ()
        case _:
            assert_never(t)


def walk(t: TypeExpr) -> Iterator[TypeExpr]:
    """`t` and every type expression inside it, depth first, parents before children."""
    yield t
    for child in children(t):
        yield from walk(child)


def refs_of(t: TypeExpr) -> Iterator[str]:
    """The pointers of the definitions `t` refers to, in the order met (repeats included)."""
    for node in walk(t):
        if isinstance(node, RefType):
            yield node.target


def types_of(d: NamedDef) -> tuple[TypeExpr, ...]:
    """The type expressions of a definition: a class's field types, or an alias's type."""
    match d:
        case ClassDef(fields=fields):
            return tuple(f.type for f in fields)
        case AliasDef(type=t):
            return (t,)
        case _:
            assert_never(d)


def strip_null(t: TypeExpr) -> TypeExpr:
    """`t` without its `NullableType` wrapper, if it has one."""
    return t.inner if isinstance(t, NullableType) else t


def strip_asserted(t: TypeExpr) -> TypeExpr:
    """`t` without its `Asserted` wrappers: the Python type of the value."""
    while isinstance(t, Asserted):
        t = t.inner
    return t


def admits_null(t: TypeExpr, defs: Mapping[str, NamedDef] | None = None) -> bool:
    """Whether JSON `null` is a value of `t`.

    A reference admits null when it is wrapped in `NullableType` (the build stage wraps every
    reference to a nullable component); given the definitions, also when it refers to one
    marked nullable or to an alias whose type admits null (a free-form value, say).
    """
    return _admits_null(t, defs, frozenset())


def _admits_null(t: TypeExpr, defs: Mapping[str, NamedDef] | None, seen: frozenset[str]) -> bool:
    match t:
        case NullOnly() | NullableType() | JsonAny():
            return True
        case UnionType(members=members):
            return any(_admits_null(m, defs, seen) for m in members)
        case Asserted(inner=inner):
            return _admits_null(inner, defs, seen)
        case LiteralType(values=values):
            return None in values
        case RefType(target=target):
            if defs is None or target in seen or target not in defs:
                return False
            return _def_admits_null(defs[target], defs, seen | {target})
        case Primitive() | FreeObject() | OpenEnum() | ArrayType() | MapType():
            return False
        case _:
            assert_never(t)


def _def_admits_null(d: NamedDef, defs: Mapping[str, NamedDef], seen: frozenset[str]) -> bool:
    match d:
        case ClassDef(nullable=nullable):
            return nullable
        case AliasDef(nullable=nullable, type=t):
            return nullable or _admits_null(t, defs, seen)
        case _:
            assert_never(d)


def nullable(t: TypeExpr) -> TypeExpr:
    """`t | None`: `t` itself when it already admits null, else `NullableType(t)`."""
    return t if admits_null(t) else NullableType(t)
