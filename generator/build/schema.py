"""The boundary between the raw spec and the builder: a typed view of one schema node.

The spec is parsed YAML or JSON: dicts, lists and scalars of any shape. A `Schema` wraps one node
with its JSON pointer, and its accessors return typed values (`types` a tuple of JSON kinds,
`properties` a mapping of names to `Schema`s, `required` a tuple of names, ...), so the builder
never tests raw dicts itself. A structural keyword of the wrong shape (`'required' must be a
list`) is a `GeneratorError` naming the node's pointer, raised where it is first read;
annotations of the wrong shape (`description`, `title`, `format`, flags such as `deprecated`)
are ignored, as JSON Schema ignores unknown annotations. Any node can be wrapped (an `anyOf`
member may be a string in a broken spec): accessors of a node that is not a mapping read as
absent, and `expect()` is the check that it is a schema at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import ir
from ..errors import GeneratorError
from ..resolve import escape, origin
from .keywords import (
    CONSTRAINT_KEYS,
    KIND_SYNONYMS,
    KINDS,
    OBJECT_HINTS,
    STRUCTURAL,
    WRAPPER_KEYS,
    DeclaredDiscriminator,
    constraint_only,
    read_constraints,
    read_discriminator,
)

_SHAPING = STRUCTURAL | OBJECT_HINTS
_ONE_KIND: dict[str, tuple[ir.JsonKind, ...]] = {kind: (kind,) for kind in KINDS}


@dataclass
class Source:
    """Where the schemas come from: the spec file (named by errors), where the schemas bundled
    from other files came from (`SpecDocument.origins`), and the run's notes."""

    file: str
    notes: list[str] = field(default_factory=list)
    origins: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def error(self, message: str, pointer: str) -> GeneratorError:
        return GeneratorError(message, origin(self.file, pointer, self.origins))


@dataclass
class ObjectParts:
    """What an object schema declares, its `allOf` parts merged in: each property's schema,
    the required names, and whether other properties are kept or forbidden."""

    properties: dict[str, Schema]
    required: list[str]
    additional: Literal["keep", "forbid"] = "keep"

    def tags(self, prop: str) -> tuple[str, ...]:
        """The constant values of a property (see `Schema.tags`)."""
        schema = self.properties.get(prop)
        return schema.tags if schema is not None else ()

    def required_consts(self) -> list[str]:
        """The required properties with constant values: candidate discriminators."""
        return [p for p in self.required if self.tags(p)]


class Schema:
    """One raw schema node and its JSON pointer, read through typed accessors."""

    __slots__ = ("raw", "pointer", "source", "is_mapping", "_map", "_props", "_single")

    def __init__(self, raw: Any, pointer: str, source: Source) -> None:
        self.raw = raw
        self.pointer = pointer
        self.source = source
        self.is_mapping = isinstance(raw, dict)  # a JSON object (else a boolean, or broken)
        self._map: dict[Any, Any] = raw if self.is_mapping else {}
        self._props: dict[str, Schema] | None = None  # `properties`, once read
        self._single: tuple[tuple[Schema, bool] | None] | None = None  # `single_branch()`, once

    def __repr__(self) -> str:
        return f"Schema({self.raw!r}, {self.pointer!r})"

    def error(self, message: str) -> GeneratorError:
        return self.source.error(message, self.pointer)

    def note(self, message: str) -> None:
        """Report something typed less precisely than the spec says."""
        self.source.notes.append(f"{self.pointer}: {message}")

    def overlaid_by(self, other: Schema) -> Schema:
        """This node with the keywords of another laid over it (both mappings), at this place."""
        return Schema({**self._map, **other._map}, self.pointer, self.source)

    # -- what the node is ----------------------------------------------------------------------

    @property
    def is_true(self) -> bool:
        return self.raw is True

    @property
    def is_false(self) -> bool:
        return self.raw is False

    @property
    def is_empty(self) -> bool:
        """`{}`: any value."""
        return isinstance(self.raw, dict) and not self.raw

    def expect(self) -> Schema:
        """This node, checked to be a schema (a mapping or a boolean)."""
        if not isinstance(self.raw, (dict, bool)):
            kind = "list" if isinstance(self.raw, list) else type(self.raw).__name__
            raise self.error(f"expected a schema object, found a {kind}")
        return self

    def has(self, keyword: str) -> bool:
        return keyword in self._map

    def has_any(self, keywords: frozenset[str]) -> bool:
        return not self._map.keys().isdisjoint(keywords)

    @property
    def keywords(self) -> Collection[Any]:
        return self._map.keys()

    # -- structural keywords (a wrong shape is an error) ----------------------------------------

    @property
    def ref(self) -> str | None:
        """`$ref`, None without one."""
        if "$ref" not in self._map:
            return None
        ref = self._map["$ref"]
        if not isinstance(ref, str):
            raise self.error("'$ref' must be a string")
        return ref

    @property
    def types(self) -> tuple[ir.JsonKind, ...]:
        """`type` as a tuple of JSON kinds, in the order written (`null` included); a common
        misspelling (`float`) is read as meant, and reported."""
        kinds = self._map.get("type")
        if kinds is None:
            return ()
        if isinstance(kinds, str) and kinds in _ONE_KIND:
            return _ONE_KIND[kinds]
        return tuple(self._kind(kind) for kind in (kinds if isinstance(kinds, list) else [kinds]))

    def _kind(self, kind: Any) -> ir.JsonKind:
        if isinstance(kind, str):
            if kind in KINDS:
                return kind
            if kind in KIND_SYNONYMS:
                meant = KIND_SYNONYMS[kind]
                self.note(f"type {kind!r} is not JSON Schema; read as {meant!r}")
                return meant
        raise self.error(f"unknown type {kind!r}")

    @property
    def properties(self) -> dict[str, Schema] | None:
        """`properties`: each property's name and schema, None without any."""
        props = self._map.get("properties")
        if props is None:
            return None
        if self._props is None:  # read once per node
            if not isinstance(props, dict):
                raise self.error("'properties' must be a mapping")
            base = f"{self.pointer}/properties/"
            self._props = {
                str(name): Schema(value, base + escape(str(name)), self.source)
                for name, value in props.items()
            }
        return self._props

    @property
    def required(self) -> tuple[str, ...]:
        names = self._map.get("required", [])
        if not isinstance(names, list):
            raise self.error("'required' must be a list")
        for name in names:
            if isinstance(name, (dict, list)):
                raise self.error(f"'required' must be a list of property names, found {name!r}")
        return tuple(str(name) for name in names)

    @property
    def items(self) -> Schema | None:
        """`items`, None when absent or null."""
        items = self._map.get("items")
        return None if items is None else Schema(items, f"{self.pointer}/items", self.source)

    @property
    def additional(self) -> bool | Schema | None:
        """`additionalProperties`: a boolean, a schema, or None when absent or null."""
        value = self._map.get("additionalProperties")
        if value is None or isinstance(value, bool):
            return value
        if not isinstance(value, dict):
            raise self.error("'additionalProperties' must be a schema or a boolean")
        return Schema(value, f"{self.pointer}/additionalProperties", self.source)

    def branches(self, key: str) -> tuple[Schema, ...] | None:
        """The members of `anyOf`, `oneOf` or `allOf`, None when absent."""
        if key not in self._map:
            return None
        members = self._map[key]
        if not isinstance(members, list) or not members:
            raise self.error(f"'{key}' must be a non-empty list")
        base = f"{self.pointer}/{key}/"
        return tuple(Schema(m, base + str(i), self.source) for i, m in enumerate(members))

    @property
    def enum(self) -> tuple[Any, ...] | None:
        if "enum" not in self._map:
            return None
        values = self._map["enum"]
        if not isinstance(values, list):
            raise self.error("'enum' must be a list")
        return tuple(values)

    @property
    def const(self) -> Any:
        """The value of `const` (check `has('const')` first: the value may be null)."""
        return self._map.get("const")

    @property
    def discriminator(self) -> DeclaredDiscriminator | None:
        """`discriminator`: the property that tells members apart, and the tags it maps."""
        declared = self._map.get("discriminator")
        return None if declared is None else read_discriminator(declared, self.error)

    def constraints(self) -> ir.Constraints:
        """The validation keywords (`minimum`, `maxLength`, `pattern`, ...), normalised."""
        if self._map.keys().isdisjoint(CONSTRAINT_KEYS):
            return ir.NO_CONSTRAINTS
        return read_constraints(self._map, self.error, self.note)

    # -- annotations (a wrong shape is ignored) --------------------------------------------------

    @property
    def description(self) -> str | None:
        return self._text("description")

    @property
    def title(self) -> str | None:
        return self._text("title")

    @property
    def format(self) -> str | None:
        value = self._map.get("format")
        return value if isinstance(value, str) else None

    def _text(self, key: str) -> str | None:
        value = self._map.get(key)
        return value if isinstance(value, str) and value.strip() else None

    def flag(self, keyword: str) -> bool:
        """A boolean annotation (`deprecated`, `readOnly`, `writeOnly`, `nullable`): on only when
        it is `true`."""
        return self._map.get(keyword) is True

    @property
    def default(self) -> ir.Default | None:
        return ir.Default(self._map["default"]) if "default" in self._map else None

    @property
    def example(self) -> ir.Default | None:
        """`example`, else the first of `examples`."""
        if "example" in self._map:
            return ir.Default(self._map["example"])
        examples = self._map.get("examples")
        if isinstance(examples, list) and examples:
            return ir.Default(examples[0])
        return None

    # -- what the keywords together say --------------------------------------------------------

    @property
    def own_nullable(self) -> bool:
        """Null allowed by this node itself: `nullable: true` (3.0), `null` among its types or
        null among several enum values (3.1)."""
        if self.flag("nullable"):
            return True
        if isinstance(self._map.get("type"), list) and "null" in self.types:
            return True
        if "enum" not in self._map:
            return False
        enum = self.enum
        return enum is not None and None in enum and len(enum) > 1

    @property
    def is_null(self) -> bool:
        """Only null: `type: null`, `enum: [null]` or `const: null`."""
        if not self.is_mapping:
            return False
        if self.types == ("null",):
            return True
        return self.enum == (None,) or (self.has("const") and self.const is None)

    @property
    def is_meta_only(self) -> bool:
        """A mapping that only documents (description, title, default, nullable, ...)."""
        return self.is_mapping and self._map.keys().isdisjoint(_SHAPING)

    @property
    def adds_nothing(self) -> bool:
        """An `allOf` part that constrains nothing: `true`, `{}` or only documentation. (As a
        member of `anyOf` or `oneOf` such a schema is any JSON value, not nothing.)"""
        return self.raw is True or self.is_meta_only

    def constraint_only(self, key: str) -> bool:
        """`anyOf: [{required: [a]}, {required: [b]}]` beside properties: constraints on the
        object, not types."""
        return constraint_only(self._map.get(key))

    def single_branch(self) -> tuple[Schema, bool] | None:
        """The one real branch of a `[X, null]` union or of a lone `allOf: [X]`, when that is all
        the node is (beside documentation), and whether a null branch was dropped."""
        if self._single is None:
            self._single = (self._single_branch(),)
        return self._single[0]

    def _single_branch(self) -> tuple[Schema, bool] | None:
        for key in ("anyOf", "oneOf", "allOf"):
            if key not in self._map or self._map.keys() - WRAPPER_KEYS - {key}:
                continue
            branches = self.branches(key) or ()
            if key == "allOf":
                real = [b for b in branches if not b.is_null and not b.adds_nothing]
                if len(real) == 1:
                    return real[0], False
                continue
            # A member that documents only (`{}`, `true`) is any JSON value: a real member.
            real = [b for b in branches if not b.is_null]
            if len(real) == 1 and len(branches) > 1:
                return real[0], True
        return None

    @property
    def tags(self) -> tuple[str, ...]:
        """The string constants of a property that can tell objects apart: its `const`, or all
        its `enum` values when they are strings."""
        if isinstance(self.const, str):
            return (self.const,)
        enum = self._map.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            return tuple(enum)
        return ()

    @property
    def own_tag(self) -> str | None:
        """The one constant value of a required property of this object (`type` first): the
        tag that names it among the members of a union."""
        props = self.properties or {}
        consts = [p for p in self.required if p in props and props[p].tags]
        consts.sort(key=lambda p: p != "type")
        for prop in consts:
            values = props[prop].tags
            if len(values) == 1:
                return values[0]
        return None
