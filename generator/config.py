"""Generator settings: defaults from `pyproject.toml`, overridden by command-line options."""

from __future__ import annotations

import keyword
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import spec_cache
from .errors import GeneratorError, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Settings", "load_settings", "tomllib"]

SECTION = "openai-dataclass-generator"


@dataclass(frozen=True)
class Settings:
    spec: Path
    roots: tuple[str, ...]
    out: Path
    package: str
    everything: bool = False
    # Overlay 1.0 documents applied to the spec, in this order, before it is read (`overlay`).
    overlays: tuple[Path, ...] = ()
    # A folder of templates that take precedence over the built-in ones, file by file.
    templates: Path | None = None
    # The folder of the parsed-spec cache (`spec_cache`), or None for no cache.
    cache: Path | None = None
    # The pin file (`spec_pin`): `_meta.json` names its commit when the spec has its sha256.
    # Read only if it exists.
    pin: Path | None = None


def load_settings(pyproject: Path, overrides: dict[str, Any]) -> Settings:
    """Settings from `[tool.openai-dataclass-generator]` of `pyproject` (when it exists),
    with relative paths taken from its folder, and then `overrides` (None means not given).
    `overrides["overlays"]`, when given, replaces the configured list (an empty one: none);
    `overrides["cache"] = False` turns the cache off (as `cache = false` in the file does)."""
    table: dict[str, Any] = {}
    base = pyproject.parent
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise GeneratorError(f"invalid TOML: {exc}", Location(str(pyproject))) from None
        table = data.get("tool", {}).get(SECTION, {})
    merged = {
        "spec": table.get("spec", "spec/openapi.yaml"),
        "roots": table.get("roots", []),
        "out": table.get("out", "generated"),
        "package": table.get("package", "openai_models"),
        "all": table.get("all", False),
    }
    overlays = table.get("overlays", [])
    if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
        raise GeneratorError(
            "'overlays' must be a list of overlay file paths", Location(str(pyproject))
        )
    overlay_paths = [base / o for o in overlays]
    cache = table.get("cache", True)
    if not isinstance(cache, bool):
        raise GeneratorError("'cache' must be true or false", Location(str(pyproject)))
    given = overrides.get("overlays")
    if given is not None:  # from the command line: relative to the working directory
        overlay_paths = [Path(o) for o in given]
    templates = table.get("templates")
    if templates is not None and not isinstance(templates, str):
        raise GeneratorError("'templates' must be a folder path", Location(str(pyproject)))
    template_dir = base / templates if templates is not None else None
    if overrides.get("templates") is not None:  # from the command line
        template_dir = Path(overrides["templates"])
    if template_dir is not None and not template_dir.is_dir():
        raise GeneratorError("templates folder not found", Location(str(template_dir)))
    pin = table.get("pin", "spec/pin.toml")
    if not isinstance(pin, str):
        raise GeneratorError("'pin' must be a file path", Location(str(pyproject)))
    for key, value in overrides.items():
        if key in ("overlays", "templates", "cache"):
            continue
        if value is not None and value != []:
            merged[key] = value
    if overrides.get("spec") is None:
        merged["spec"] = base / merged["spec"]
    if overrides.get("out") is None:
        merged["out"] = base / merged["out"]
    roots = merged["roots"]
    if isinstance(roots, str) or not all(isinstance(r, str) for r in roots):
        raise GeneratorError("'roots' must be a list of schema names", Location(str(pyproject)))
    package = str(merged["package"])
    if not package.isidentifier() or keyword.iskeyword(package):
        raise GeneratorError(
            f"package name {package!r} is not a Python identifier"
            + (" (it is a keyword)" if keyword.iskeyword(package) else "")
        )
    if not roots and not merged["all"]:
        raise GeneratorError("no root schema given: use --root NAME (or --all), or set 'roots'")
    return Settings(
        Path(merged["spec"]),
        tuple(roots),
        Path(merged["out"]),
        package,
        bool(merged["all"]),
        tuple(overlay_paths),
        template_dir,
        spec_cache.default_dir() if cache and overrides.get("cache") is not False else None,
        base / pin,
    )
