"""Stage 3: give every named definition, module and field a Python name.

Names come from the schema's place, never from the order schemas are met:

- a component keeps its name when it is an identifier, or else becomes its words in PascalCase
  (`Foo-Bar` -> `FooBar`); when that gives two components one name, the converted ones spell
  their punctuation out (`Foo_hyphen_minus_Bar`, `Foo_full_stop_Bar`);
- no class or alias takes a name the package uses itself (`PACKAGE_NAMES`): such a component
  gets `Schema` appended (`ValidationError` -> `ValidationErrorSchema`);
- an inline schema is named after its component plus its title, or plus the property path
  that leads to it (and its discriminator value, for a union member);
- when two inline definitions would get the same name, *all* of them take their full
  path-derived name instead (so the rule does not depend on which was seen first);
- an alias's functions are `parse_<snake>`, `parse_<snake>_json` and `dump_<snake>`; aliases
  whose snake names coincide (`FooBar`, `foo_bar`), or collide with a definition, take the
  exact spelling;
- a module is the component's snake name; one named like something the package exports gets a
  trailing underscore (importing it would replace that name as an attribute of the package),
  and components that share one take their exact spelling (`foo_bar_llllll`, `foobar_ulllul`);
- a property whose name the class body uses itself (`CLASS_BODY_NAMES`) gets a trailing
  underscore.

Every such case is reported (a `note:` of the run).
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import ir, python_names
from .words import WORD as _WORD
from .words import pascal_case as pascal_case
from .words import snake_case as snake_case

# Every name a generated module or `__init__` binds or reads besides the definitions: the
# imports, the runtime's exports, `__init__`'s globals, and the builtins the code calls. No class
# or alias takes one, no module either (tests/test_golden.py holds the output to this list).
PACKAGE_NAMES = frozenset(
    """
    annotations dataclasses importlib json resources Any Final Literal TypeAlias TYPE_CHECKING
    _rt _op _MODULES _EXPORTS _SOURCE_OMITS SOURCE ABSENT UNSET Unset JsonValue UnknownVariant
    FileUpload
    ErrorDetail SpecDeviationWarning ValidationError ServerSentEvent iter_sse iter_events
    AttributeError bool bytearray bytes classmethod dict enumerate float frozenset getattr
    globals int isinstance len list object sorted staticmethod str tuple type
    """.split()
)
# Every name a class body reads or binds besides its fields: decorators, defaults, annotations
# (`dataclasses.field`, `UNSET`, `str | Unset`, `ctx: _rt.Context`) and members. A property
# named so gets a trailing underscore (tests/test_golden.py holds the output to this list).
CLASS_BODY_NAMES = frozenset(
    """
    dataclasses classmethod staticmethod frozenset str int float bool list dict Any
    Literal Unset UNSET JsonValue UnknownVariant FileUpload _rt extra_fields _KEYS _NAMES _parse
    _fill _put to_dict to_json from_dict from_json validate
    """.split()
)
# Module names the package itself uses.
RESERVED_MODULES = frozenset({"_runtime", "_validator", "_operations", "__init__"})


@dataclass
class Names:
    """Every Python name of one generation run."""

    of: dict[str, str] = field(default_factory=dict)  # definition pointer -> class/alias name
    module: dict[str, str] = field(default_factory=dict)  # component -> module name
    fields: dict[tuple[str, str], str] = field(default_factory=dict)  # (pointer, json key) -> attr
    stem: dict[str, str] = field(default_factory=dict)  # alias pointer -> `parse_<stem>`
    base: dict[str, str] = field(default_factory=dict)  # operation component -> its name
    const: dict[str, str] = field(default_factory=dict)  # operation pointer -> its descriptor
    reports: list[str] = field(default_factory=list)

    def module_of(self, d: ir.NamedDef) -> str:
        return self.module[d.hint.component]

    def snake(self, pointer: str) -> str:
        """The stem of an alias's functions (`parse_<stem>`, `dump_<stem>`)."""
        return self.stem.get(pointer) or snake_case(self.of[pointer])


def _identifier(text: str) -> str:
    """A class name for a component: kept as is when it already is a valid identifier (in
    NFKC form, as Python reads identifiers: `ﬁ` is the name `fi`)."""
    normal = unicodedata.normalize("NFKC", text)
    if normal.isidentifier() and not keyword.iskeyword(normal):
        return normal
    name = pascal_case(text) or "Schema"
    if name[0].isdigit():
        name = "N" + name
    return name + "_" if keyword.iskeyword(name) else name


def _spelled(text: str) -> str:
    """The exact spelling, punctuation spelled out: `Foo-Bar` -> `Foo_hyphen_minus_Bar`,
    `Foo.Bar` -> `Foo_full_stop_Bar` (case, digits and underscores kept)."""
    parts = []
    for run in re.findall(r"\w+|\W", text, re.ASCII):
        if re.fullmatch(r"\w+", run, re.ASCII):
            parts.append(run)
        else:
            spoken = unicodedata.name(run, f"u{ord(run):04x}").lower()
            parts.append("_" + re.sub(r"[^a-z0-9]+", "_", spoken) + "_")
    name = re.sub(r"_{3,}", "__", "".join(parts)).strip("_") or "Schema"
    name = "N" + name if name[0].isdigit() else name
    return name + "_" if keyword.iskeyword(name) else name


def _exact(text: str) -> str:
    """A lower-case name that keeps the words and the places of the capitals: `Foo-Bar` ->
    `foo_hyphen_minus_bar_ulul`, `FooBar` -> `foobar_ulllul`, `foo_bar` -> `foo_bar_llllll`."""
    return "_".join(_WORD.findall(_spelled(text))).lower() + "_" + _case_signature(text)


def assign(model: ir.Model) -> Names:
    from . import naming_ops

    names = Names(base=naming_ops.bases(model))
    _name_definitions(model, names)
    _name_functions(model, names)
    _name_modules(model, names)
    naming_ops.consts(model, names)
    # A field named like a class or alias would shadow it in the annotations of its class body.
    defined = frozenset(names.of.values())
    for d in model.defs:
        match d:
            case ir.ClassDef():
                _name_fields(d, names, defined)
            case ir.AliasDef():
                pass  # no fields
            case _:
                ir.assert_never(d)
    return names


def _reserved(name: str) -> bool:
    """Whether a class or alias may not take this name: the package's own, a builtin, a local
    of the generated functions (`python_names`), or a dunder."""
    return (
        name in PACKAGE_NAMES
        or name in python_names.BUILTINS
        or name in python_names.AMBIGUOUS
        or python_names.local(name)
        or (name.startswith("__") and name.endswith("__"))
    )


def _name_modules(model: ir.Model, names: Names) -> None:
    """After the definitions: a module may not be named like anything the package exports."""
    exported = set(names.of.values()) | {
        f"{verb}_{stem}" for stem in names.stem.values() for verb in ("parse", "dump")
    }
    taken = set(RESERVED_MODULES | PACKAGE_NAMES) | exported
    by_module: dict[str, list[str]] = defaultdict(list)
    for component in (c for c in model.components if c not in names.base):
        by_module[_bounded(snake_case(component))].append(component)
    for module, components in sorted(by_module.items()):
        if len(components) == 1:
            names.module[components[0]] = final = _unique(module, taken)
            taken.add(final)
            if final != module:
                names.reports.append(
                    f"module of {components[0]!r} named {final!r}: {module!r} is a name the "
                    "package exports or uses"
                )
            continue
        # Components that differ only in case or punctuation: keep each one's exact spelling.
        for component in sorted(components):
            names.module[component] = final = _unique(_bounded(_exact(component)), taken)
            taken.add(final)
        names.reports.append(
            f"module name {module!r} shared by {', '.join(sorted(components))}: "
            f"named {', '.join(names.module[c] for c in sorted(components))}"
        )
    for component, base in sorted(names.base.items(), key=lambda c: (c[1], c[0])):
        names.module[component] = final = _unique(snake_case(base) + "_operation", taken)
        taken.add(final)


MODULE_LENGTH = 200


def _bounded(module: str) -> str:
    """A module name short enough for any file system (a file name has at most 255 bytes): a
    longer one keeps its first words and ends with a digest of the whole name (stable, and
    distinct for distinct names)."""
    if len(module) <= MODULE_LENGTH:
        return module
    digest = hashlib.sha256(module.encode()).hexdigest()[:12]
    return module[: MODULE_LENGTH - 13].rstrip("_") + "_" + digest


def _case_signature(text: str) -> str:
    """A readable mark of where the capitals are: `FooBAR` -> `ulluuu`."""
    return "".join("u" if c.isupper() else "l" for c in text if c.isalpha())


def _name_components(model: ir.Model, names: Names, taken: set[str]) -> None:
    """Components that are identifiers claim their names first, then the others in the order
    of their names: the result does not depend on the order of the spec."""
    components = sorted((d.hint.component, d.pointer) for d in model.defs if d.hint.owner is None)
    wanted = {component: _identifier(component) for component, _ in components}
    kept = {component for component, name in wanted.items() if name == component}
    counts = Counter(wanted.values())
    for component, pointer in sorted(components, key=lambda c: (c[0] not in kept, c)):
        name = wanted[component]
        why = ""
        if component not in kept and (counts[name] > 1 or name in kept):
            why, name = f"{name!r} would be shared by several components", _spelled(component)
        if name.startswith("__"):  # `__x` in a class body is read as `_Class__x`
            stripped = name.lstrip("_")
            why = f"{name!r} would be mangled in the class bodies that use it"
            name = stripped if stripped.isidentifier() else "Schema" + stripped
        if _reserved(name):
            why = f"{name!r} is a name the package uses"
            name = "Schema" + name if _reserved(name + "Schema") else name + "Schema"
        final = _free(name, taken)
        names.of[pointer] = final
        taken.add(final)
        if why:
            names.reports.append(f"component {component!r} named {final!r}: {why}")


def _name_definitions(model: ir.Model, names: Names) -> None:
    taken: set[str] = set()
    _name_components(model, names, taken)
    taken |= PACKAGE_NAMES
    inline = [
        d for d in model.defs if d.hint.owner is not None and d.hint.component not in names.base
    ]
    _name_inline(inline, names, taken)
    # An operation's definitions come last: they never take a name from a schema's.
    _name_inline([d for d in model.defs if d.hint.component in names.base], names, taken)


def _name_inline(inline: list[ir.NamedDef], names: Names, taken: set[str]) -> None:
    short: dict[str, list[ir.NamedDef]] = defaultdict(list)
    for d in inline:
        short[_short_name(d, names)].append(d)
    for candidate, group in sorted(short.items()):
        if len(group) == 1 and candidate not in taken and not _reserved(candidate):
            names.of[group[0].pointer] = candidate
            taken.add(candidate)
            continue
        long: dict[str, list[ir.NamedDef]] = defaultdict(list)
        for d in group:
            long[_long_name(d, names)].append(d)
        for name, same in sorted(long.items()):
            if len(same) > 1 or name in taken or _reserved(name):
                finals = [name + _structural_suffix(d) for d in same]
                if len(set(finals)) < len(finals):
                    # Different paths that spell the same words (`audio.input`, `audio_input`):
                    # each is named after every step of its pointer instead.
                    finals = [_pointer_name(d, names) for d in same]
                for d, final in zip(same, finals, strict=True):
                    final = _free(final, taken)
                    names.of[d.pointer] = final
                    taken.add(final)
            else:
                names.of[same[0].pointer] = name
                taken.add(name)
        names.reports.append(
            f"name {candidate!r} would be shared by {len(group)} schemas: named "
            + ", ".join(sorted(names.of[d.pointer] for d in group))
            if len(group) > 1
            else f"name {candidate!r} is taken: named {names.of[group[0].pointer]!r}"
        )


def _name_functions(model: ir.Model, names: Names) -> None:
    """The stems of the aliases' functions: `snake_case` of the name, unless two aliases share
    it or a function would be named like a definition; then the exact spelling."""
    aliases = sorted(
        (names.of[d.pointer], d.pointer) for d in model.defs if isinstance(d, ir.AliasDef)
    )
    stems = Counter(snake_case(name) for name, _ in aliases)
    defined = set(names.of.values())
    taken: set[str] = set()
    for name, pointer in aliases:
        stem = snake_case(name)
        if stems[stem] > 1 or functions(stem) & defined:
            stem = _exact(name)
            names.reports.append(f"functions of {name!r} named parse_{stem}, dump_{stem}")
        while functions(stem) & (defined | taken):
            stem += "_"
        names.stem[pointer] = stem
        taken |= functions(stem)


def functions(stem: str) -> set[str]:
    """The names of the functions of an alias whose stem is `stem`."""
    return {f"parse_{stem}", f"parse_{stem}_json", f"dump_{stem}", f"_parse_{stem}"}


def _owner_name(d: ir.NamedDef, names: Names) -> str:
    assert d.hint.owner is not None
    found = names.of.get(d.hint.owner) or names.base.get(d.hint.component)
    return found or _identifier(d.hint.component)


def _short_name(d: ir.NamedDef, names: Names) -> str:
    owner = _owner_name(d, names)
    if d.hint.title:
        title = pascal_case(d.hint.title)
        return title if title.startswith(owner) else owner + title
    words = list(d.hint.path)
    if d.hint.tag:
        words.append(d.hint.tag)
    return owner + "".join(pascal_case(w) for w in words) if words else owner + "Value"


def _long_name(d: ir.NamedDef, names: Names) -> str:
    owner = _owner_name(d, names)
    words = list(d.hint.full_path or d.hint.path)
    if d.hint.title:
        words.append(d.hint.title)
    elif d.hint.tag:
        words.append(d.hint.tag)
    return owner + "".join(pascal_case(w) for w in words)


def _structural_suffix(d: ir.NamedDef) -> str:
    """The combinator steps of the pointer (`anyOf/1` -> `AnyOf1`): a path, not a counter."""
    tail = d.pointer.split("/")
    steps = []
    for i, token in enumerate(tail[:-1]):
        if token in ("anyOf", "oneOf", "allOf") and tail[i + 1].isdigit():
            steps.append(token[0].upper() + token[1:] + tail[i + 1])
    return "".join(steps) or "Schema"


def _pointer_name(d: ir.NamedDef, names: Names) -> str:
    """The owner's name and every token of the pointer below it (`.../audio/properties/input`
    -> `SessionPropertiesAudioPropertiesInput`): distinct places give distinct names."""
    owner = d.hint.owner or ""
    tail = d.pointer[len(owner) :] if d.pointer.startswith(owner + "/") else ""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in tail.split("/")[1:]]
    return _owner_name(d, names) + "".join(pascal_case(t) for t in tokens)


def _free(name: str, taken: set[str]) -> str:
    """`name`, or a variant neither taken nor reserved: a name that only a prefix makes one of
    the generated functions' temporaries (`items_...`, from an owner `items_x`) takes `Schema`
    in front."""
    if _reserved(name):
        name = "Schema" + name
    return _unique(name, taken)


def _unique(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    return name


def _name_fields(d: ir.ClassDef, names: Names, defined: frozenset[str] = frozenset()) -> None:
    used: set[str] = set()
    wanted = {f.json_name: _field_identifier(f.json_name) for f in d.fields}
    wanted = {k: name + "_" if name in defined else name for k, name in wanted.items()}
    # Keys that already are their own identifier claim it first, then the rest by JSON key.
    order = sorted(wanted, key=lambda k: (wanted[k] != k, k))
    for key in order:
        name = wanted[key]
        while name in used:
            name += "_"
        used.add(name)
        names.fields[(d.pointer, key)] = name
        if name != key and name != wanted[key]:
            names.reports.append(f"{d.pointer}: property {key!r} is attribute {name!r}")


def _field_identifier(key: str) -> str:
    """The attribute of a property, in the NFKC form Python gives identifiers (so that two
    names that Python would read as one, `ﬁ` and `fi`, are compared as one): characters no
    identifier may hold (`-`, `²` after `x`) become `_`."""
    if key.isascii():
        name = re.sub(r"\W", "_", key)
    else:
        name = "".join(
            c if ("a" + c).isidentifier() else "_" for c in unicodedata.normalize("NFKC", key)
        )
        name = unicodedata.normalize("NFKC", name)
        if not ("a" + name).isidentifier():  # normalising again made a non-identifier
            name = "_".join(_WORD.findall(_spelled(key)))
    if not name.isidentifier():  # empty, or a digit or a mark first
        name = "field_" + name
    if name.startswith("__"):
        name = "field" + name
    if keyword.iskeyword(name) or name in CLASS_BODY_NAMES or name in python_names.AMBIGUOUS:
        name += "_"
    return name
