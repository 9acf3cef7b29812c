"""Stage 1: load the spec document (YAML or JSON) into plain JSON-compatible Python data.

The whole document is parsed once: JSON by `json`, YAML by `yaml_data` (PyYAML, dates kept as
strings, anchors redefinable as in YAML 1.2). The schemas of other local files that its
schemas refer to are bundled into its components (`bundle`). With a cache folder
(`spec_cache`), a YAML spec parsed before is read from its cached JSON instead, found by the
sha256 of its bytes (and checked against those of the other files).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import bundle, json_data, spec_cache
from .errors import GeneratorError, Location

if TYPE_CHECKING:
    from .overlay import AppliedOverlay


class SpecDocument:
    """A loaded spec: where it came from, its text, the sha256 of its bytes, and its data (the
    whole document). `overlays` are the overlays applied to that data (see `overlaid`); the
    path, text and sha256 stay those of the spec file."""

    def __init__(
        self,
        path: str,
        text: str,
        sha256: str,
        data: Any,
        overlays: tuple[AppliedOverlay, ...] = (),
        files: Mapping[str, str] | None = None,
        origins: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.sha256 = sha256
        self.data = data
        self.overlays = overlays
        # The other files the schemas refer to (path relative to the spec's folder -> sha256),
        # and where each schema bundled from them came from (`bundle.Bundle`).
        self.files: Mapping[str, str] = files or {}
        self.origins: Mapping[str, tuple[str, str]] = origins or {}

    def top(self, key: str) -> Any:
        """The value of a top-level key (None when it is absent)."""
        return self.data.get(key) if isinstance(self.data, dict) else None

    @property
    def schemas(self) -> Mapping[str, Any]:
        """`components.schemas` (a mapping, empty when the document has none: a document with
        only `paths` is valid OpenAPI)."""
        schemas: Mapping[str, Any] = (self.data.get("components") or {}).get("schemas") or {}
        return schemas

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
        spec = SpecDocument(
            self.path, self.text, self.sha256, data, overlays, self.files, self.origins
        )
        try:
            _check_openapi(spec)
        except GeneratorError as exc:
            raise GeneratorError(f"{exc.message} (after the overlays)", exc.location) from None
        return spec


def load_spec(path: str | Path, cache: Path | None = None) -> SpecDocument:
    """Read a spec file and check that it is an OpenAPI 3.x document; every failure is a
    GeneratorError naming the file. A YAML spec is read from, or else parsed into, the cache
    folder `cache` (`spec_cache`), when one is given."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise GeneratorError("spec file not found", Location(name)) from None
    except OSError as exc:
        raise GeneratorError(f"cannot read spec file: {exc.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed, and dropped
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"spec is not UTF-8 (byte {exc.start})", Location(name)) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    cache = None if _is_json(name) else cache  # `json` reads as fast as the cache would
    folder = Path(path).resolve().parent
    entry = None if cache is None else spec_cache.read(cache, sha256, folder)
    if entry is None:
        data, plain = _parse(text, name)
        _check_openapi(SpecDocument(name, text, sha256, data))
        bundled = bundle.bundle(data, name, text, _parse)  # the schemas of other files it names
        entry = spec_cache.Entry(data, bundled.files, bundled.origins)
        if plain and bundled.plain and cache is not None:
            spec_cache.write(cache, sha256, entry)
    # Where each bundled schema came from, as errors name the file: beside the spec.
    origins = {
        key: (os.path.normpath(os.path.join(os.path.dirname(name), file)), pointer)
        for key, (file, pointer) in entry.origins.items()
    }
    spec = SpecDocument(name, text, sha256, entry.data, (), entry.files, origins)
    _check_openapi(spec)
    return spec


def parse_text(text: str, name: str) -> Any:
    """A YAML or JSON document (JSON when `name` ends in `.json`), parsed as a spec is: errors
    are GeneratorErrors naming `name` and the line."""
    return _parse(text, name)[0]


def _is_json(name: str) -> bool:
    return name.endswith(".json")


def _parse(text: str, name: str) -> tuple[Any, bool]:
    """The data, and whether it is plain JSON data (see `yaml_data.parse`)."""
    if _is_json(name):
        return _parse_json(text, name), True
    import yaml  # here: a spec read from the cache needs neither PyYAML nor `yaml_data`

    from . import yaml_data

    try:
        data, plain = yaml_data.parse(text)
        if not plain:  # PyYAML's constructor made it: a tag, a merge key...
            _check_json(data, name)
        return data, plain
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = exc.problem or exc.context or "syntax error"
        raise GeneratorError(f"invalid YAML: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise GeneratorError(f"invalid YAML: {exc}", Location(name)) from None


# A `\\uXXXX` escape of half a surrogate pair: a JSON text that has one is checked for a half
# without its other half (`"\\ud800"`), which no UTF-8 file can hold.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _parse_json(text: str, name: str) -> Any:
    def constant(word: str) -> Any:  # NaN, Infinity, -Infinity: Python's `json` takes them
        raise json_data.NotJson(f"{word} is not a JSON number (JSON has no NaN or infinity)")

    def number(word: str) -> int | float:
        return json_data.exact(word, float(word))

    try:
        data = json.loads(text, parse_constant=constant, parse_float=number)
    except json.JSONDecodeError as exc:
        where = Location(name, exc.lineno, exc.colno)
        raise GeneratorError(f"invalid JSON: {exc.msg}", where) from None
    except ValueError as exc:  # `NotJson`, or an integer beyond Python's 4,300 digits
        raise GeneratorError(f"invalid JSON: {str(exc).split(';')[0]}", Location(name)) from None
    except RecursionError:
        raise GeneratorError(
            "invalid JSON: nested more deeply than Python's parser allows", Location(name)
        ) from None
    if _SURROGATE_ESCAPE.search(text) is not None:
        _check_json(data, name)
    return data


def _check_json(data: Any, name: str) -> None:
    """Refuse data that JSON cannot carry (see `json_data.first_non_json`), naming the pointer."""
    found = json_data.first_non_json(data)
    if found is not None:
        pointer, problem = found
        raise GeneratorError(f"not JSON data: {problem}", Location(name, pointer=pointer))


def _check_openapi(spec: SpecDocument) -> None:
    name = spec.path
    if not isinstance(spec.data, dict):
        kind = type(spec.data).__name__
        raise GeneratorError(f"not an OpenAPI document: the top level is a {kind}", Location(name))
    version = spec.top("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise GeneratorError(
            f"not an OpenAPI 3.x document: 'openapi' is {version!r}",
            Location(name, pointer="#/openapi"),
        )
    components = spec.top("components")
    if components is not None and not isinstance(components, dict):
        raise GeneratorError(
            "'components' must be a mapping", Location(name, pointer="#/components")
        )
    schemas = components.get("schemas") if components is not None else None
    if schemas is not None and not isinstance(schemas, dict):
        raise GeneratorError(
            "'components.schemas' must be a mapping",
            Location(name, pointer="#/components/schemas"),
        )
