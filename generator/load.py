"""Stage 1: load the spec document (YAML or JSON) into plain JSON-compatible Python data.

A YAML spec is indexed rather than parsed whole: the top-level keys and the entries of
`components.schemas` are found by their indentation, and each entry is parsed (with PyYAML's C
loader) when the generator first asks for it. Generating `RealtimeSession` then parses 14 small
pieces instead of the 3 MB document. Whenever the layout is not the plain block style this
relies on, or a piece does not parse on its own (an alias to an anchor elsewhere, a syntax
error), the whole document is parsed instead, so results and error messages are the same.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from .errors import GeneratorError, Location

try:  # The C loader is ~10x faster on the 3 MB OpenAI spec; fall back to pure Python.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _JsonCompatibleLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that keeps dates and timestamps as the strings JSON would carry."""


_JsonCompatibleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_KEY_LINE = re.compile(r"^( *)([A-Za-z0-9_$.\-]+|\"[^\"\n]*\"|'[^'\n]*'):(?:[ \t]|$)")


class _NotIndexable(Exception):
    """The document's layout is not one the index understands: parse it whole."""


class SpecDocument:
    """A loaded spec: where it came from, the sha256 of its bytes, and its data."""

    def __init__(self, path: str, text: str, sha256: str, data: Any = None) -> None:
        self.path = path
        self.text = text
        self.sha256 = sha256
        self._data = data
        self._top: dict[str, tuple[int, int]] | None = None
        self._entries: dict[str, tuple[int, int]] = {}
        self._lines: list[str] = []
        self._parsed: dict[str, Any] = {}
        self._schemas = _Schemas(self)
        if data is None:
            try:
                self._index()
            except _NotIndexable:
                self._data = _parse(text, path)

    # -- whole-document access ------------------------------------------------------------------

    @property
    def data(self) -> Any:
        """The whole document (parsed on first use when the spec was indexed)."""
        if self._data is None:
            self._data = _parse(self.text, self.path)
        return self._data

    def top(self, key: str) -> Any:
        """The value of one top-level key, parsing only that section where possible."""
        if self._data is not None or self._top is None:
            return self.data.get(key) if isinstance(self.data, dict) else None
        if key not in self._top:
            return None
        start, end = self._top[key]
        return self._piece(start, end, key)

    @property
    def schemas(self) -> Mapping[str, Any]:
        """`components.schemas`: a mapping whose entries are parsed when first read."""
        return self._schemas

    @property
    def openapi_version(self) -> str:
        return str(self.top("openapi") or "")

    @property
    def info(self) -> dict[str, Any]:
        info = self.top("info")
        return info if isinstance(info, dict) else {}

    @property
    def info_version(self) -> str:
        return str(self.info.get("version", ""))

    @property
    def title(self) -> str:
        return str(self.info.get("title", "an OpenAPI spec"))

    def line_of(self, needle: str) -> int | None:
        """The first line (1-based) whose text contains `needle`, to point a user at a place."""
        index = self.text.find(needle)
        return None if index < 0 else self.text.count("\n", 0, index) + 1

    # -- the index ------------------------------------------------------------------------------

    def _index(self) -> None:
        if not self.path.endswith((".yaml", ".yml")):
            raise _NotIndexable
        lines = self.text.split("\n")
        top = _children(lines, 0, len(lines), 0)
        if "components" not in top:
            raise _NotIndexable
        start, end = top["components"]
        indent = _child_indent(lines, start + 1, end)
        components = _children(lines, start + 1, end, indent)
        if "schemas" not in components:
            raise _NotIndexable
        start, end = components["schemas"]
        self._entries = _children(lines, start + 1, end, _child_indent(lines, start + 1, end))
        self._lines = lines
        self._top = top

    def _piece(self, start: int, end: int, key: str) -> Any:
        """Parse lines [start, end) holding one `key: value` entry; parse the whole document
        instead when that piece does not parse alone."""
        try:
            parsed = yaml.load("\n".join(self._lines[start:end]), Loader=_JsonCompatibleLoader)  # noqa: S506
        except yaml.YAMLError:
            parsed = None
        if not isinstance(parsed, dict) or len(parsed) != 1 or key not in parsed:
            self._data = _parse(self.text, self.path)  # raises the proper error if invalid
            return self.top(key)
        return parsed[key]

    def preload(self, names: list[str]) -> None:
        """Parse many schema entries at once, half of them in a forked process where the
        platform has `fork` (the other core would idle otherwise). Any trouble in the child
        just leaves its half to be parsed here."""
        todo = [n for n in names if n not in self._parsed and n in self._entries]
        if self._data is not None or len(todo) < 200 or not hasattr(os, "fork"):
            return
        half = todo[len(todo) // 2 :]
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                os.close(reader)
                pieces = {name: self._piece_only(name) for name in half}
                with os.fdopen(writer, "wb") as out:
                    out.write(marshal.dumps(pieces))
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        for name in todo[: len(todo) // 2]:
            self._schema(name)
        with os.fdopen(reader, "rb") as source:
            payload = source.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and self._data is None:
            try:
                received = marshal.loads(payload)
            except (EOFError, ValueError, TypeError):
                return
            self._parsed.update((k, v) for k, v in received.items())

    def _piece_only(self, name: str) -> Any:
        """Parse one entry without falling back (the child of `preload` may not)."""
        start, end = self._entries[name]
        parsed = yaml.load("\n".join(self._lines[start:end]), Loader=_JsonCompatibleLoader)  # noqa: S506
        if not isinstance(parsed, dict) or len(parsed) != 1 or name not in parsed:
            raise ValueError(name)
        return parsed[name]

    def _schema(self, name: str) -> Any:
        if self._data is not None:
            return self._data["components"]["schemas"][name]
        if name not in self._parsed:
            start, end = self._entries[name]
            value = self._piece(start, end, name)
            if self._data is not None:  # the piece fell back to the whole document
                return self._data["components"]["schemas"][name]
            self._parsed[name] = value
        return self._parsed[name]

    def _schema_names(self) -> list[str]:
        if self._data is not None:
            return list(self._data["components"]["schemas"])
        return list(self._entries)


class _Schemas(Mapping[str, Any]):
    """`components.schemas` of a document, read lazily."""

    def __init__(self, spec: SpecDocument) -> None:
        self._spec = spec

    def __getitem__(self, name: str) -> Any:
        if name not in self._keys():
            raise KeyError(name)
        return self._spec._schema(name)

    def __contains__(self, name: object) -> bool:
        return name in self._keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._spec._schema_names())

    def __len__(self) -> int:
        return len(self._spec._schema_names())

    def _keys(self) -> Mapping[str, Any]:
        spec = self._spec
        if spec._data is not None:
            schemas: dict[str, Any] = spec._data["components"]["schemas"]
            return schemas
        return spec._entries


def _child_indent(lines: list[str], start: int, end: int) -> int:
    """The indentation of the first content line in [start, end)."""
    for line in lines[start:end]:
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            if stripped.startswith(("\t", "-", "{", "[")):
                raise _NotIndexable
            return len(line) - len(stripped)
    raise _NotIndexable


def _children(lines: list[str], start: int, end: int, indent: int) -> dict[str, tuple[int, int]]:
    """The keys of a block mapping at `indent` within lines [start, end), each with the range
    of lines that holds its entry."""
    found: dict[str, tuple[int, int]] = {}
    current: str | None = None
    begin = start
    for number in range(start, end):
        line = lines[number]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if depth > indent:
            if current is None:
                raise _NotIndexable
            continue
        if depth < indent or stripped.startswith(
            ("\t", "-", "{", "[", "---", "...", "%", "&", "*", "?")
        ):
            raise _NotIndexable
        match = _KEY_LINE.match(line)
        if match is None:
            raise _NotIndexable
        if current is not None:
            found[current] = (begin, number)
        key = match.group(2)
        current = key[1:-1] if key[0] in "\"'" and "\\" not in key else key
        if key[0] in "\"'" and "\\" in key:
            raise _NotIndexable
        begin = number
    if current is not None:
        found[current] = (begin, end)
    return found


def load_spec(path: str | Path) -> SpecDocument:
    """Read a spec file and check that it is an OpenAPI 3.x document; every failure is a
    GeneratorError naming the file."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise GeneratorError("spec file not found", Location(name)) from None
    except OSError as exc:
        raise GeneratorError(f"cannot read spec file: {exc.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"spec is not UTF-8 (byte {exc.start})", Location(name)) from None
    spec = SpecDocument(name, text, hashlib.sha256(raw).hexdigest())
    _check_openapi(spec)
    return spec


def _parse(text: str, name: str) -> Any:
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = Location(name, exc.lineno, exc.colno)
            raise GeneratorError(f"invalid JSON: {exc.msg}", where) from None
    try:
        return yaml.load(text, Loader=_JsonCompatibleLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = exc.problem or exc.context or "syntax error"
        raise GeneratorError(f"invalid YAML: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise GeneratorError(f"invalid YAML: {exc}", Location(name)) from None


def _check_openapi(spec: SpecDocument) -> None:
    name = spec.path
    if spec._top is None and not isinstance(spec.data, dict):
        kind = type(spec.data).__name__
        raise GeneratorError(f"not an OpenAPI document: the top level is a {kind}", Location(name))
    version = spec.top("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise GeneratorError(
            f"not an OpenAPI 3.x document: 'openapi' is {version!r}",
            Location(name, pointer="#/openapi"),
        )
    components = spec.top("components") if spec._top is None else {"schemas": {}}
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        raise GeneratorError(
            "the document has no 'components.schemas' mapping",
            Location(name, pointer="#/components/schemas"),
        )
