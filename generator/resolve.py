"""Stage 2a: follow `$ref`s and find the component graph reachable from the requested roots."""

from __future__ import annotations

import difflib
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from .errors import GeneratorError, Location
from .load import SpecDocument

COMPONENT_PREFIX = "#/components/schemas/"


def escape(token: str) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def component_pointer(name: str) -> str:
    return COMPONENT_PREFIX + escape(name)


def component_of(pointer: str) -> str | None:
    """The component schema a pointer lies in (`#/components/schemas/X/...` -> `X`)."""
    if not pointer.startswith(COMPONENT_PREFIX):
        return None
    return unescape(pointer[len(COMPONENT_PREFIX) :].split("/", 1)[0])


def origin(
    file: str, pointer: str, origins: Mapping[str, tuple[str, str]], line: int | None = None
) -> Location:
    """Where a place of the spec is: in a schema bundled from another file (`bundle`), that
    file and the pointer there; else the spec file, at `line` when known."""
    name = component_of(pointer)
    if name is not None and name in origins:
        other, base = origins[name]
        return Location(other, pointer=base + pointer[len(component_pointer(name)) :])
    return Location(file, line, pointer=pointer)


class Resolver:
    """Looks up local JSON pointers in one spec document, with errors that name the place."""

    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self._cache: dict[str, Any] = {}

    def location(self, pointer: str, needle: str | None = None) -> Location:
        line = self.spec.line_of(needle) if needle else None
        return origin(self.spec.path, pointer, self.spec.origins, line)

    def lookup(self, ref: str, where: str) -> Any:
        """The node a `$ref` string points at; `where` is the pointer of the referring schema."""
        if ref in self._cache:
            return self._cache[ref]
        if not ref.startswith("#"):
            raise GeneratorError(
                f"external $ref {ref!r} is not supported (only '#/...' references)",
                self.location(where, ref),
            )
        tokens = ref[1:].split("/")[1:]
        node: Any
        name = component_of(ref)
        if name is not None and name in self.spec.schemas:
            # Schemas are read from the spec's index, without parsing the whole document.
            node, tokens = self.spec.schemas[name], tokens[3:]
        else:
            node = self.spec.data
        for raw in tokens:
            token = unescape(urllib.parse.unquote(raw))  # a URI fragment: percent-encoded
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise GeneratorError(
                    f"dangling $ref {ref!r}: nothing at that pointer", self.location(where, ref)
                )
        self._cache[ref] = node
        return node

    def check_roots(self, roots: list[str]) -> None:
        schemas = self.spec.schemas
        for root in roots:
            if root not in schemas:
                close = difflib.get_close_matches(root, list(schemas), n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise GeneratorError(
                    f"unknown root schema {root!r}{hint}",
                    Location(self.spec.path, pointer=component_pointer(root)),
                )

    def closure(self, roots: list[str]) -> list[str]:
        """Every component schema reachable from the roots over `$ref`, in first-seen order."""
        self.check_roots(roots)
        seen: dict[str, None] = {}
        stack = list(reversed(roots))
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen[name] = None
            pointer = component_pointer(name)
            found = []
            for ref, where in _refs(self.spec.schemas[name], pointer):
                self.lookup(ref, where)  # raises on a dangling reference
                target = component_of(ref)
                if target is not None and target not in seen:
                    found.append(target)
            stack.extend(reversed(found))
        return list(seen)


_VALUE_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})


def _refs(node: Any, pointer: str, names: bool = False) -> Iterator[tuple[str, str]]:
    """Every `$ref` below a node, with the pointer of the schema that holds it.

    `names` is true for a mapping of property names to schemas, whose keys are not keywords.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not names:
            yield ref, pointer
        for key, value in node.items():
            if not names and key in _VALUE_KEYWORDS:
                continue
            if isinstance(value, (dict, list)):
                child_names = not names and key in _NAME_MAPS
                yield from _refs(value, f"{pointer}/{escape(str(key))}", child_names)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from _refs(value, f"{pointer}/{index}")
