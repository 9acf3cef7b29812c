"""References to other local files (`other.yaml#/components/schemas/X`, `./schemas/pet.yaml`),
bundled into the spec's own `components.schemas` when the spec is loaded.

Every `$ref` of a schema of `components.schemas` (and every `discriminator.mapping` value) that
names another file is resolved relative to the folder of the file that holds it; the schema it
points at is copied into the spec's components under a name of its own, and the reference made
local (`#/components/schemas/<name>`). The copied schemas' own references are followed the same
way: to their own file (`#/...`), to further files, or back to the spec (which then is a local
reference). Everything after the load stage sees one document.

- The unit copied is a component (`#/components/schemas/X` of the other file; a pointer deeper
  into one copies the component and points into the copy), a `$defs`/`definitions` entry, or
  else what the pointer names (a whole file for `pet.yaml`).
- Its name: the component's (or entry's) name, or for a whole file its stem in PascalCase
  (`pet.yaml` -> `Pet`). When names clash (with the spec's own components, or between files),
  every clashing copy is named after its file's path as well (`CommonError`), so the result
  does not depend on the order references are met.
- A URL (`https://...`) is refused: nothing is fetched. Files outside the spec's folder may be
  read (`../common.yaml`).
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote  # a reference is a URI: `my%20file.yaml`

from .errors import GeneratorError, Location

_VALUE_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_WORD = re.compile(r"[A-Za-z0-9]+")
# A `discriminator.mapping` value that is a reference, not a schema name.
_REFERENCE = re.compile(r"[#/]|\.(ya?ml|json)$")
# A `$ref` whose value may not start with `#` (quoted or not, JSON or YAML): only a text with
# one can refer to another file.
_MAYBE_EXTERNAL = re.compile(r"""\$ref['"]?\s*:\s*['"]?(?![#'"\s])""")

Parse = Callable[[str, str], tuple[Any, bool]]  # (text, file name) -> (data, plain JSON data)


@dataclass
class Bundle:
    """What bundling added: the other files read (path relative to the spec's folder -> the
    sha256 of their bytes), whether all of them were plain JSON data (see `yaml_data.parse`),
    and where each copied component came from (name -> (file, relative to the spec's folder;
    pointer in it))."""

    files: dict[str, str] = field(default_factory=dict)
    plain: bool = True
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _File:
    shown: str  # the path as errors name it
    data: Any
    text: str


@dataclass(frozen=True)
class _Unit:
    path: Path  # the file's resolved path
    pointer: str  # the JSON pointer (without '#') of what is copied


def bundle(data: Any, shown: str, text: str, parse: Parse) -> Bundle:
    """Copy the schemas `data`'s components refer to in other files into them (in place)."""
    if not _MAYBE_EXTERNAL.search(text):
        return Bundle()  # 3 ms for the OpenAI spec, where walking its schemas takes 40
    root = Path(shown).resolve()
    files: dict[Path, _File] = {root: _File(shown, data, text)}
    result = Bundle()
    units: dict[_Unit, None] = {}  # in the order met
    pending: list[_Unit] = []

    def target(ref: str, holder: Path, where: str) -> tuple[_Unit, str] | None:
        """The unit a reference of `holder` names and the pointer below it; None when it is a
        reference into the spec itself."""
        here = files[holder]
        part, _, fragment = ref.partition("#")
        if _URL.match(part):
            raise GeneratorError(
                f"$ref {ref!r} is a URL: only local files are read (nothing is fetched)",
                _place(here, where, ref),
            )
        path = (holder.parent / unquote(part)).resolve() if part else holder
        if path == root:
            return None
        if path not in files:
            files[path], raw, plain = _read(path, here, where, ref, parse)
            result.files[_relative(path, root)] = hashlib.sha256(raw).hexdigest()
            result.plain = result.plain and plain
        unit, below = _split(path, fragment)
        if unit not in units:
            _lookup(files[path], unit.pointer, ref, here, where)
            units[unit] = None
            pending.append(unit)
        return unit, below

    schemas = _schemas(data)
    for node, key, where in _sites(schemas, "/components/schemas"):
        if not node[key].startswith("#"):
            target(node[key], root, where)
    while pending:
        unit = pending.pop()
        node = _lookup(files[unit.path], unit.pointer, "", files[root], "")
        for site, key, where in _sites(node, unit.pointer):
            target(site[key], unit.path, where)

    names = _names(list(units), set(schemas), root)

    def rewrite(node: Any, holder: Path, base: str) -> None:
        for site, key, where in _sites(node, base):
            found = target(site[key], holder, where)
            if found is not None:
                unit, below = found
                site[key] = f"#/components/schemas/{_escape(names[unit])}{below}"
            elif holder != root:  # a reference back into the spec
                site[key] = "#" + site[key].partition("#")[2]

    rewrite(schemas, root, "/components/schemas")
    for unit in sorted(units, key=lambda u: names[u]):
        copied = copy.deepcopy(_lookup(files[unit.path], unit.pointer, "", files[root], ""))
        rewrite(copied, unit.path, unit.pointer)
        schemas[names[unit]] = copied
        result.origins[names[unit]] = (_relative(unit.path, root), "#" + unit.pointer)
    return result


def _schemas(data: Any) -> dict[str, Any]:
    components = data.get("components") if isinstance(data, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _read(path: Path, here: _File, where: str, ref: str, parse: Parse) -> tuple[_File, bytes, bool]:
    """A file a reference names, parsed; its bytes; whether its data is plain JSON data."""
    shown = os.path.normpath(Path(here.shown).parent / unquote(ref.partition("#")[0]))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise GeneratorError(
            f"$ref {ref!r}: cannot read {shown}: {reason}", _place(here, where, ref)
        ) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"not UTF-8 (byte {exc.start})", Location(shown)) from None
    data, plain = parse(text, shown)
    return _File(shown, data, text), raw, plain


def _relative(path: Path, root: Path) -> str:
    """A file's path relative to the spec's folder, with `/`."""
    return os.path.relpath(path, root.parent).replace(os.sep, "/")


def _split(path: Path, fragment: str) -> tuple[_Unit, str]:
    """The unit to copy for a pointer into a file, and the rest of the pointer below it."""
    tokens = fragment.split("/")[1:] if fragment.startswith("/") else []
    size = len(tokens)
    if tokens[:2] == ["components", "schemas"] and size >= 3:
        size = 3
    elif tokens[:1] in (["$defs"], ["definitions"]) and size >= 2:
        size = 2
    head = "".join("/" + t for t in tokens[:size])
    rest = "".join("/" + t for t in tokens[size:])
    return _Unit(path, head), rest


def _lookup(file: _File, pointer: str, ref: str, here: _File, where: str) -> Any:
    node = file.data
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise GeneratorError(
                f"dangling $ref {ref!r}: nothing at #{pointer} in {file.shown}",
                _place(here, where, ref),
            )
    return node


def _place(file: _File, pointer: str, needle: str) -> Location:
    index = file.text.find(needle) if needle else -1
    line = None if index < 0 else file.text.count("\n", 0, index) + 1
    return Location(file.shown, line, pointer="#" + pointer)


def _names(units: list[_Unit], taken: set[str], root: Path) -> dict[_Unit, str]:
    """A component name for each unit: its own, or, where that clashes, with its file's path
    in front (every clashing unit alike, so the names do not depend on the order met)."""
    wanted: dict[str, list[_Unit]] = defaultdict(list)
    for unit in units:
        wanted[_own_name(unit)].append(unit)
    names: dict[_Unit, str] = {}
    used = set(taken)
    for name, group in sorted(wanted.items()):
        if len(group) == 1 and name not in used:
            names[group[0]] = name
            used.add(name)
    for name, group in sorted(wanted.items()):
        if len(group) == 1 and group[0] in names:
            continue
        for unit in sorted(group, key=lambda u: (str(u.path), u.pointer)):
            rel = os.path.relpath(unit.path.with_suffix(""), root.parent)
            words = ["Up" if w == ".." else w for w in rel.replace(os.sep, "/").split("/")]
            long = _pascal(" ".join(words)) + ("" if not unit.pointer else name)
            while long in used:
                long += "_"
            names[unit] = long
            used.add(long)
    return names


def _own_name(unit: _Unit) -> str:
    tokens = unit.pointer.split("/")[1:]
    if tokens and tokens[-1]:
        return tokens[-1].replace("~1", "/").replace("~0", "~")
    return _pascal(unit.path.stem) or "Schema"


def _pascal(text: str) -> str:
    return "".join(w[0].upper() + w[1:] for w in _WORD.findall(text))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _sites(
    node: Any, pointer: str, names: bool = False
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """Every reference below a schema node: (the mapping holding it, its key, the pointer of
    the schema that holds it). `$ref`s, and the values of `discriminator.mapping` that name
    a file or a pointer. `names`: `node` maps property names to schemas."""
    if isinstance(node, dict):
        if not names and isinstance(node.get("$ref"), str):
            yield node, "$ref", pointer
        disc = node.get("discriminator") if not names else None
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        if isinstance(mapping, dict):
            for tag, value in mapping.items():
                if isinstance(value, str) and _REFERENCE.search(value):
                    yield mapping, tag, pointer
        for key, value in node.items():
            if not names and (key in _VALUE_KEYWORDS or key == "discriminator"):
                continue
            if isinstance(value, (dict, list)):
                inner = not names and key in _NAME_MAPS
                yield from _sites(value, f"{pointer}/{_escape(str(key))}", inner)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from _sites(value, f"{pointer}/{index}")
