"""Stage 3: give every named definition, module and field a Python name.

Names come from the schema's place, never from the order schemas are met:

- a component keeps its name (made a valid identifier);
- an inline schema is named after its component plus its title, or plus the property path
  that leads to it (and its discriminator value, for a union member);
- when two definitions would get the same name, *all* of them take their full path-derived
  name instead (so the rule does not depend on which was seen first); components always keep
  theirs. Each such case is reported.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import ir

# Names a generated class uses for itself: a field named so gets a trailing underscore.
RESERVED_MEMBERS = frozenset(
    {"from_dict", "from_json", "to_dict", "to_json", "extra_fields", "_parse"}
)
# Names used in annotations inside class bodies; a field must not shadow them.
ANNOTATION_NAMES = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "Any",
        "Literal",
        "Unset",
        "UNSET",
        "JsonValue",
        "None",
        "dataclasses",
        "_rt",
    }
)
# Module names the package itself uses.
RESERVED_MODULES = frozenset({"_runtime", "__init__"})

_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass
class Names:
    """Every Python name of one generation run."""

    of: dict[str, str] = field(default_factory=dict)  # definition pointer -> class/alias name
    module: dict[str, str] = field(default_factory=dict)  # component -> module name
    fields: dict[tuple[str, str], str] = field(default_factory=dict)  # (pointer, json key) -> attr
    reports: list[str] = field(default_factory=list)

    def module_of(self, d: ir.NamedDef) -> str:
        return self.module[d.hint.component]

    def snake(self, pointer: str) -> str:
        return snake_case(self.of[pointer])


def pascal_case(text: str) -> str:
    """`Server VAD` -> `ServerVad`, `input_audio_format` -> `InputAudioFormat`."""
    out = []
    for word in _WORD.findall(text):
        if word.isupper() and len(word) > 1:
            word = word.lower()
        out.append(word[0].upper() + word[1:])
    return "".join(out)


def snake_case(name: str) -> str:
    """`RealtimeSession` -> `realtime_session`, `RealtimeAPIError` -> `realtime_api_error`."""
    words: list[str] = []
    for part in _WORD.findall(name):
        words.extend(w for w in _CAMEL.split(part) if w)
    text = "_".join(w.lower() for w in words) or "schema"
    if text[0].isdigit():
        text = "n" + text
    return text + "_" if keyword.iskeyword(text) else text


def _identifier(text: str) -> str:
    """A class name for a component: kept as is when it already is a valid identifier."""
    if text.isidentifier() and not keyword.iskeyword(text):
        return text
    name = pascal_case(text) or "Schema"
    if name[0].isdigit():
        name = "N" + name
    return name + "_" if keyword.iskeyword(name) else name


def assign(model: ir.Model) -> Names:
    names = Names()
    _name_modules(model, names)
    _name_definitions(model, names)
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


def _name_modules(model: ir.Model, names: Names) -> None:
    by_module: dict[str, list[str]] = defaultdict(list)
    for component in model.components:
        by_module[snake_case(component)].append(component)
    for module, components in sorted(by_module.items()):
        if len(components) == 1 and module not in RESERVED_MODULES:
            names.module[components[0]] = module
            continue
        # Components that differ only in case or punctuation: keep each one's exact spelling.
        for component in sorted(components):
            exact = "_".join(_WORD.findall(component)).lower() + "_" + _case_signature(component)
            names.module[component] = exact
        names.reports.append(
            f"module name {module!r} shared by {', '.join(sorted(components))}: "
            f"named {', '.join(names.module[c] for c in sorted(components))}"
        )


def _case_signature(text: str) -> str:
    """A readable mark of where the capitals are: `FooBAR` -> `ulluuu`."""
    return "".join("u" if c.isupper() else "l" for c in text if c.isalpha())


def _name_definitions(model: ir.Model, names: Names) -> None:
    components = {d.pointer: d for d in model.defs if d.hint.owner is None}
    taken: set[str] = set()
    for pointer, d in sorted(components.items()):
        name = _identifier(d.hint.component)
        names.of[pointer] = name
        taken.add(name)
    inline = [d for d in model.defs if d.hint.owner is not None]
    short: dict[str, list[ir.NamedDef]] = defaultdict(list)
    for d in inline:
        short[_short_name(d, names)].append(d)
    for candidate, group in sorted(short.items()):
        if len(group) == 1 and candidate not in taken:
            names.of[group[0].pointer] = candidate
            taken.add(candidate)
            continue
        long: dict[str, list[ir.NamedDef]] = defaultdict(list)
        for d in group:
            long[_long_name(d, names)].append(d)
        for name, same in sorted(long.items()):
            if len(same) > 1 or name in taken:
                finals = [name + _structural_suffix(d) for d in same]
                if len(set(finals)) < len(finals):
                    # Different paths that spell the same words (`audio.input`, `audio_input`):
                    # each is named after every step of its pointer instead.
                    finals = [_pointer_name(d, names) for d in same]
                for d, final in zip(same, finals, strict=True):
                    final = _unique(final, taken)
                    names.of[d.pointer] = final
                    taken.add(final)
            else:
                names.of[same[0].pointer] = name
                taken.add(name)
        names.reports.append(
            f"name {candidate!r} would be shared by {len(group)} schemas: named "
            + ", ".join(sorted(names.of[d.pointer] for d in group))
        )


def _owner_name(d: ir.NamedDef, names: Names) -> str:
    assert d.hint.owner is not None
    return names.of.get(d.hint.owner) or _identifier(d.hint.component)


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
    name = re.sub(r"\W", "_", key)
    if not name or name[0].isdigit():
        name = "field_" + name
    if name.startswith("__"):
        name = "field" + name
    if keyword.iskeyword(name) or name in RESERVED_MEMBERS or name in ANNOTATION_NAMES:
        name += "_"
    return name
