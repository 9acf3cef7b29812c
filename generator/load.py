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
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import workers
from .errors import GeneratorError, Location

if TYPE_CHECKING:
    from .overlay import AppliedOverlay

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

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_SCALARS = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
)


def _resolve(self: Any, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
    """`Resolver.resolve` for a loader with neither path nor wildcard resolvers, without its
    general bookkeeping (the C parser calls it for every node of the spec)."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return str(tag)
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


if not _JsonCompatibleLoader.yaml_path_resolvers and None not in (
    _JsonCompatibleLoader.yaml_implicit_resolvers
):
    _JsonCompatibleLoader.resolve = _resolve


class _Unusual(Exception):
    """A node the fast construction leaves to PyYAML's constructor (tags, merge keys, ...)."""


def _construct(node: yaml.Node, constructor: Any) -> Any:
    """The value of a composed node: plain JSON data built directly (PyYAML's constructor
    spends most of a load on its bookkeeping); anything else raises `_Unusual`."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag in _PLAIN_SCALARS:
            return constructor.construct_object(node)
        raise _Unusual
    if kind is yaml.MappingNode and node.tag == _MAP:
        out = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise _Unusual
            try:
                out[_construct(key, constructor)] = _construct(value, constructor)
            except TypeError:  # an unhashable key
                raise _Unusual from None
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_construct(item, constructor) for item in node.value]
    raise _Unusual


def _load_yaml(text: str) -> Any:
    """`yaml.load(text, Loader=_JsonCompatibleLoader)`, with the same result and errors, in
    about half the time for plain JSON-like documents."""
    loader = _JsonCompatibleLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(node, loader)
        except (_Unusual, RecursionError):
            return loader.construct_document(node)
    finally:
        loader.dispose()


_SCHEMA_REF = re.compile(r"#/components/schemas/([A-Za-z0-9_.\-]+)")
_KEY_LINE = re.compile(r"^( *)([A-Za-z0-9_$.\-]+|\"[^\"\n]*\"|'[^'\n]*'):(?:[ \t]|$)", re.M)


class _NotIndexable(Exception):
    """The document's layout is not one the index understands: parse it whole."""


class SpecDocument:
    """A loaded spec: where it came from, the sha256 of its bytes, and its data. `overlays`
    are the overlays applied to that data (see `overlaid`); the path, text and sha256 stay
    those of the spec file."""

    def __init__(
        self,
        path: str,
        text: str,
        sha256: str,
        data: Any = None,
        overlays: tuple[AppliedOverlay, ...] = (),
    ) -> None:
        self.path = path
        self.text = text
        self.sha256 = sha256
        self.overlays = overlays
        self._data = data
        self._top: dict[str, tuple[int, int]] | None = None
        self._entries: dict[str, tuple[int, int]] = {}
        self._parsed: dict[str, Any] = {}
        self._preloading: workers.Sharing[Any] | None = None
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

    def overlaid(self, data: Any, overlays: tuple[AppliedOverlay, ...]) -> SpecDocument:
        """This spec with `data`, its whole document after `overlays` were applied to it, in
        place of the data of its text; checked again to be an OpenAPI 3.x document."""
        spec = SpecDocument(self.path, self.text, self.sha256, data=data, overlays=overlays)
        try:
            _check_openapi(spec)
        except GeneratorError as exc:
            raise GeneratorError(f"{exc.message} (after the overlays)", exc.location) from None
        return spec

    # -- the index ------------------------------------------------------------------------------

    def _index(self) -> None:
        if not self.path.endswith((".yaml", ".yml")):
            raise _NotIndexable
        text = self.text
        top = _children(text, 0, len(text), 0)
        if "components" not in top:
            raise _NotIndexable
        start, end = top["components"]
        start = _next_line(text, start)
        components = _children(text, start, end, _child_indent(text, start, end))
        if "schemas" not in components:
            raise _NotIndexable
        start, end = components["schemas"]
        start = _next_line(text, start)
        self._entries = _children(text, start, end, _child_indent(text, start, end))
        self._top = top

    def _piece(self, start: int, end: int, key: str) -> Any:
        """Parse text[start:end], holding one `key: value` entry; parse the whole document
        instead when that piece does not parse alone."""
        try:
            parsed = _load_yaml(self.text[start:end])
        except yaml.YAMLError:
            parsed = None
        if not isinstance(parsed, dict) or len(parsed) != 1 or key not in parsed:
            self._data = _parse(self.text, self.path)  # raises the proper error if invalid
            return self.top(key)
        return parsed[key]

    def preload(self, names: list[str]) -> None:
        """Have a forked helper (where the platform has `fork`) parse these schema entries ahead
        of their use, while this process goes on: with imports, then with building. Entries are
        parsed in the order a build reads them (each name in turn, followed depth first by the
        schemas its text refers to that are not read yet), so the helper's results are nearly always
        there when asked for; one that is not is parsed here. Nothing waits for the helper, and
        any trouble in it just leaves its work to this process. A no-op while one runs."""
        if self._preloading is not None or self._data is not None:
            return
        todo = [n for n in self._reading_order(names) if n not in self._parsed]
        self._preloading = workers.Sharing(todo, self._piece_only, parallel=len(todo) >= 200)

    def end_preload(self) -> None:
        """Stop the helper of `preload` (its work is done, or no longer needed)."""
        sharing, self._preloading = self._preloading, None
        if sharing is not None:
            sharing.cancel()

    def _reading_order(self, names: list[str]) -> list[str]:
        """`names`, each followed (depth first) by the entries its text refers to that are not
        in the order yet: the order in which a build of `names` reads them."""
        refers: dict[str, list[str]] = {}
        order: list[str] = []
        seen: set[str] = set()
        for root in names:
            if root in seen or root not in self._entries:
                continue
            seen.add(root)
            order.append(root)
            stack = [iter(self._refers_to(root, refers))]
            while stack:
                for target in stack[-1]:
                    if target not in seen and target in self._entries:
                        seen.add(target)
                        order.append(target)
                        stack.append(iter(self._refers_to(target, refers)))
                        break
                else:
                    stack.pop()
        return order

    def _refers_to(self, name: str, cache: dict[str, list[str]]) -> list[str]:
        found = cache.get(name)
        if found is None:
            found = cache[name] = _SCHEMA_REF.findall(self.text, *self._entries[name])
        return found

    def _piece_only(self, name: str) -> Any:
        """Parse one entry without falling back (the helper of `preload` may not)."""
        start, end = self._entries[name]
        parsed = _load_yaml(self.text[start:end])
        if not isinstance(parsed, dict) or len(parsed) != 1 or name not in parsed:
            raise ValueError(name)
        return parsed[name]

    def _schema(self, name: str) -> Any:
        if self._data is not None:
            return self._data["components"]["schemas"][name]
        if name not in self._parsed and self._preloading is not None:
            self._parsed.update(self._preloading.delivered())
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


def _child_indent(text: str, start: int, end: int) -> int:
    """The indentation of the first content line in text[start:end]."""
    for line, content in _lines_at(_CONTENT_LINE, text, start, end):
        if text[content] != "#":
            if text[content] in "\t-{[":
                raise _NotIndexable
            return content - line
    raise _NotIndexable


def _next_line(text: str, offset: int) -> int:
    """The offset of the line after the one holding `offset` (or the end of the text)."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


_CONTENT_LINE = re.compile(r"\n *(?=[^ \n])")
_SHALLOW_LINES: dict[int, re.Pattern[str]] = {}
_BLOCK_ONLY = ("\t", "-", "{", "[", "---", "...", "%", "&", "*", "?")


def _lines_at(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[tuple[int, int]]:
    """(line start, content start) of the lines in text[start:end] that `pattern` (a newline,
    then the indentation) finds; `start` is the start of a line. Searching for a newline is
    several times faster than for `^` in multiline mode."""
    if start == 0:
        first = re.compile(pattern.pattern[2:]).match(text, 0, end)
        if first is not None:
            yield 0, first.end()
        start = 1
    for found in pattern.finditer(text, start - 1, end):
        yield found.start() + 1, found.end()


def _children(text: str, start: int, end: int, indent: int) -> dict[str, tuple[int, int]]:
    """The keys of a block mapping at `indent` within text[start:end] (which starts a line),
    each with the range of the text that holds its entry. Only the lines indented `indent` or
    less are visited (by a regex); the lines between them are the entries' content."""
    shallow = _SHALLOW_LINES.get(indent)
    if shallow is None:
        shallow = _SHALLOW_LINES[indent] = re.compile(rf"\n {{0,{indent}}}(?=[^ \n])")
    found: dict[str, tuple[int, int]] = {}
    current: str | None = None
    begin = start
    for line, content in _lines_at(shallow, text, start, end):
        if text[content] == "#":
            continue
        if current is None and _has_content(text, start, line):
            raise _NotIndexable  # deeper lines before the first key
        if content - line < indent or text.startswith(_BLOCK_ONLY, content):
            raise _NotIndexable
        match = _KEY_LINE.match(text, line, end)
        if match is None:
            raise _NotIndexable
        if current is not None:
            found[current] = (begin, line)
        key = match.group(2)
        if key[0] in "\"'" and "\\" in key:
            raise _NotIndexable
        current = key[1:-1] if key[0] in "\"'" else key
        begin = line
    if current is None and _has_content(text, start, end):
        raise _NotIndexable
    if current is not None:
        found[current] = (begin, end)
    return found


def _has_content(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a line that is neither blank nor a comment."""
    return any(text[content] != "#" for _, content in _lines_at(_CONTENT_LINE, text, start, end))


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


def parse_text(text: str, name: str) -> Any:
    """A YAML or JSON document (JSON when `name` ends in `.json`), parsed as a spec is: errors
    are GeneratorErrors naming `name` and the line."""
    return _parse(text, name)


def _parse(text: str, name: str) -> Any:
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = Location(name, exc.lineno, exc.colno)
            raise GeneratorError(f"invalid JSON: {exc.msg}", where) from None
    try:
        return _load_yaml(text)
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
