"""The view data the templates receive: plain frozen dataclasses of names, values and facts,
never code. Templates (built-in or a user's override, see README "Templates") may rely on
every field documented here; a change that removes or renames one raises `VIEW_VERSION`.

A module template gets a `ModuleView` (as `m`), the package templates get `PackageView` (as
`p`); `Type`, `Parse` and `Dump` nodes describe one value's type, parsing and serialization
and nest like the type they describe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .view_ops import OperationView

VIEW_VERSION = 2
"""The version of this contract (also `view_version` in every template's context)."""


@dataclass(frozen=True)
class Type:
    """A type annotation. `kind`: "str", "int", "float", "bool" (plain), "file" (`str |
    FileUpload`: a string of `format: binary`), "json" (`JsonValue`),
    "json_object" (`dict[str, JsonValue]`), "none", "literal" (`values`; `float_too` when
    some values are floats, which `Literal` cannot hold), "open_enum" (`values` or any str),
    "list" / "dict" (`items`: the item or value type), "ref" (`name`: a class or alias),
    "nullable" (`items` or None), "union" (`members`, and `unknown` when an `UnknownVariant`
    can stand for an object no member takes)."""

    kind: str
    name: str = ""
    values: tuple[Any, ...] = ()
    float_too: bool = False
    items: Type | None = None
    members: tuple[Type, ...] = ()
    unknown: bool = False


@dataclass(frozen=True)
class Check:
    """One check of a value. `test` names the condition that makes the value bad: "type"
    (`value`: "str", "int", "bool", "float"), "finite" (NaN or an infinity), "finite_number"
    (not an int or a finite float),
    "minimum", "exclusive_minimum", "maximum", "exclusive_maximum", "multiple_of",
    "min_length", "max_length", "pattern", "min_items", "max_items", "unique_items",
    "min_properties", "max_properties" (`value`: the bound), "null" (not null), "one_of"
    (`value`: the allowed values), "not_bool" (`value`: the allowed booleans),
    "not_literal_kind" / "not_literal" (`value`: allowed values, of any JSON kinds: not of the
    kind of any / not one of them), "file" (a `FileUpload`, which the chain then takes as it
    is), "otherwise" (no condition: the last branch). `how` says what a bad value is: "accept"
    (none: the value is taken, the checks after it are skipped), "fail" (a problem in every
    mode), "kind" (a wrong JSON type: tolerant
    parsing keeps a null), "number" (as "kind", but NaN and the infinities fail), "value" (an
    enum or const value the spec does not list), "off" (a constraint); `expected` is what the
    error message says was expected."""

    test: str
    expected: str
    how: str
    value: Any = None


@dataclass(frozen=True)
class TagGroup:
    """Tag values that select the same union member(s): `member` when one, `trials` when
    several (tried in turn)."""

    values: tuple[str, ...]
    member: Parse | None = None
    trials: Parse | None = None


@dataclass(frozen=True)
class Branch:
    """One branch of a union's dispatch on the JSON kind (`kinds`, e.g. ("integer",
    "number")): `parse` takes the value (a member, a tag dispatch or member trials)."""

    kinds: tuple[str, ...]
    parse: Parse


@dataclass(frozen=True)
class Parse:
    """How one value is parsed. `kind`:
    - "leaf": `checks` in order, an if/elif chain; `guard` (a const value) when the checks run
      only for another value;
    - "json" / "json_object": any JSON value / a free-form object (`checks`: size bounds);
    - "null": only null;
    - "list" / "dict": `checks` (size bounds), `item` (the item's or value's parse);
    - "class": `name`'s `_parse`; "alias": the alias's `_parse_<snake>` function (`name`);
    - "nullable": null, or `item`;
    - "union": `branches` by JSON kind, `expected`;
    - "tags": a discriminated choice: `tag` (the property), `groups`, `expected`;
    - "trials": `members` tried in turn (`one_of`: exactly one must match), `expected`;
    - "asserted": the schema keywords of `name` (a schema pointer) that the type does not
      express are checked by the package's validator first, then the value is `item`.
    `type` is the value's annotation; `stem` names the temporaries of this value (derived from
    the field or alias it belongs to and the path below it, never from a counter)."""

    kind: str
    type: Type
    stem: str = ""
    checks: tuple[Check, ...] = ()
    guard: Any = None
    has_guard: bool = False
    item: Parse | None = None
    name: str = ""
    branches: tuple[Branch, ...] = ()
    groups: tuple[TagGroup, ...] = ()
    members: tuple[Parse, ...] = ()
    tag: str = ""
    one_of: bool = False
    expected: str = ""

    @property
    def reach(self) -> int:
        """How many levels below the value this parse's own code goes: a class, an alias and a
        free-form value check their own depth (0); an array or object adds a level."""
        if self.kind in ("list", "dict"):
            return 1 + self.item.reach if self.item is not None else 1
        if self.kind in ("nullable", "asserted"):
            return self.item.reach if self.item is not None else 0
        if self.kind == "union":
            return max((b.parse.reach for b in self.branches), default=0)
        if self.kind == "tags":
            return max(
                (p.reach for g in self.groups for p in (g.member, g.trials) if p is not None),
                default=0,
            )
        if self.kind == "trials":
            return max((m.reach for m in self.members), default=0)
        return 0


@dataclass(frozen=True)
class Dump:
    """How one value becomes JSON. `kind`: "as_is" (also free-form JSON, not copied), "model"
    (`.to_dict()`: a class, or a union of classes), "model_or_as_is" (a union of classes and
    values that are their own JSON form: `.to_dict()` when the value has it), "alias" (`name`:
    the alias's dump function), "list" / "dict" (`item`), "any" (the runtime's generic dump);
    `null_safe`: a None is written as null without the conversion (tolerant parsing keeps nulls
    the spec forbids)."""

    kind: str
    name: str = ""
    item: Dump | None = None
    null_safe: bool = False


@dataclass(frozen=True)
class FieldView:
    """A property of a class: attribute `name`, `json_name`, `type` (without `| Unset`),
    `optional` (absent allowed: `| Unset = UNSET`), `doc` (docstring text), `parse`, `dump`,
    `simple` (a leaf: assigned and checked in place), `nullable`."""

    name: str
    json_name: str
    type: Type
    optional: bool
    doc: str
    parse: Parse
    dump: Dump
    simple: bool
    nullable: bool


@dataclass(frozen=True)
class ClassView:
    """A class: `name`, `doc`, `fields` (all of them), `forbid_additional` (additionalProperties:
    false), `pointer` (the JSON pointer of its schema). Classes built by `allOf` from others
    reuse their code: `bases` names them (their `_fill` and `_put` parse and write the fields
    that come first), `own` are the fields left; `shared` says that other classes reuse this
    one's code (it has `_fill` and `_put`); `prefix`: the parse code needs the path prefix of
    the fields (`pre`)."""

    name: str
    doc: str
    fields: tuple[FieldView, ...]
    forbid_additional: bool
    pointer: str
    bases: tuple[str, ...] = ()
    own: tuple[FieldView, ...] = ()
    shared: bool = False
    prefix: bool = False  # some own field passes its path to a nested parser (`pre + "name"`)
    # Schema pointers whose keywords the package's validator checks on the object first.
    assertions: tuple[str, ...] = ()

    @property
    def reach(self) -> int:
        """How many levels below the object its parse goes (its properties are 1 below)."""
        return 1 + max((f.parse.reach for f in self.fields), default=0)

    @property
    def deep_path(self) -> int:
        """The length of path beyond which this class's parse checks the depth (`deep_path`)."""
        return deep_path(self.reach)


@dataclass(frozen=True)
class AliasView:
    """A type alias: `name`, `snake` (its functions are `parse_<snake>`, `dump_<snake>`),
    `type`, `doc`, `parse`, `dump`, `quoted` (the annotation is written as a string: it names
    something defined later)."""

    name: str
    snake: str
    type: Type
    doc: str
    parse: Parse
    dump: Dump
    quoted: bool = False
    references: frozenset[str] = frozenset()

    @property
    def reach(self) -> int:
        """How many levels below the value its parse goes."""
        return self.parse.reach

    @property
    def deep_path(self) -> int:
        """The length of path beyond which this alias's parse checks the depth (`deep_path`)."""
        return deep_path(self.reach)


MAX_DEPTH = 256  # the runtime's MAX_DEPTH (templates/runtime.py.jinja)


def deep_path(reach: int) -> int:
    """A parse that reads values `reach` levels below its own checks the document's depth when
    its path is longer than this: a path of at most `MAX_DEPTH - reach` steps can be as long
    (a step takes at least 2 characters, the first one 1), so a shorter one is not too deep."""
    return 2 * (MAX_DEPTH - reach) - 1


@dataclass
class ModuleView:
    """One generated module: `name`, `doc`, `classes`, `aliases_before` (aliases that name
    nothing defined here: before the classes), `aliases_after`, `top_imports` /
    `bottom_imports` ((module, names) pairs; bottom ones close an import cycle), the names
    imported from `typing` and from the runtime, `exports` (`__all__`), and for an operation's
    module its descriptor (`operation`)."""

    name: str
    doc: str
    classes: list[ClassView] = field(default_factory=list)
    aliases_before: list[AliasView] = field(default_factory=list)
    aliases_after: list[AliasView] = field(default_factory=list)
    top_imports: list[tuple[str, list[str]]] = field(default_factory=list)
    bottom_imports: list[tuple[str, list[str]]] = field(default_factory=list)
    typing_names: list[str] = field(default_factory=list)
    runtime_names: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)
    operation: OperationView | None = None  # an operation's module: its descriptor


@dataclass(frozen=True)
class Source:
    """What every file's header names: the generator. The spec's identity (title, version,
    sha256, commit, overlays) is in `_meta.json` only (`render.meta_data`), so that a new spec
    changes only the modules of the schemas that changed and that one file."""

    generator_version: str
