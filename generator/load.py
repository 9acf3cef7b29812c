"""Stage 1: load the spec document (YAML or JSON) into plain JSON-compatible Python data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SpecDocument:
    """A loaded spec: its data, where it came from and the sha256 of its bytes."""

    path: str
    data: dict[str, Any]
    sha256: str
    text: str

    @property
    def openapi_version(self) -> str:
        return str(self.data.get("openapi", ""))

    @property
    def info_version(self) -> str:
        info = self.data.get("info")
        return str(info.get("version", "")) if isinstance(info, dict) else ""

    @property
    def schemas(self) -> dict[str, Any]:
        schemas: dict[str, Any] = self.data["components"]["schemas"]
        return schemas

    def line_of(self, needle: str) -> int | None:
        """The first line (1-based) whose text contains `needle`, to point a user at a place."""
        index = self.text.find(needle)
        return None if index < 0 else self.text.count("\n", 0, index) + 1


def load_spec(path: str | Path) -> SpecDocument:
    """Read and parse a spec file; every failure is a GeneratorError naming the file."""
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
    data = _parse(text, name)
    _check_openapi(data, name)
    return SpecDocument(name, data, hashlib.sha256(raw).hexdigest(), text)


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


def _check_openapi(data: Any, name: str) -> None:
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise GeneratorError(f"not an OpenAPI document: the top level is a {kind}", Location(name))
    version = data.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise GeneratorError(
            f"not an OpenAPI 3.x document: 'openapi' is {version!r}",
            Location(name, pointer="#/openapi"),
        )
    components = data.get("components")
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        raise GeneratorError(
            "the document has no 'components.schemas' mapping",
            Location(name, pointer="#/components/schemas"),
        )
