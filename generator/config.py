"""Generator settings: defaults from `pyproject.toml`, overridden by command-line options.

The settings file is `--config PATH` (which must exist), else `./pyproject.toml` when there is
one, else none (`--no-config`: none even then). Its `[tool.openai-dataclass-generator]` table
is checked strictly (`config_table`): unknown keys, misspelled sections and values of the
wrong type are errors, never ignored."""

from __future__ import annotations

import argparse
import keyword
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import config_table, spec_cache
from .config_table import SECTION
from .errors import GeneratorError, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["SECTION", "Settings", "add_arguments", "load_settings", "settings_file", "tomllib"]

DEFAULT_FILE = Path("pyproject.toml")


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
    # Write a minimal `pyproject.toml` beside the package (in `out`), so that `out` can be
    # installed as a path dependency.
    write_pyproject: bool = False
    # Operations to generate (`build/operations.py`): operationIds, and `METHOD /path`s.
    operations: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    # Name arrays and objects in query strings and forms with brackets (`name[]`,
    # `name[key]`), as the OpenAI API reads them, rather than by OpenAPI's defaults.
    bracket_names: bool = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`--config PATH` and `--no-config`, for every command that reads the settings."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="settings file, which must exist (default: ./pyproject.toml when there is one)",
    )
    group.add_argument(
        "--no-config",
        action="store_true",
        help="read no settings file, not even ./pyproject.toml",
    )


def settings_file(args: argparse.Namespace) -> Path | None:
    """The settings file of a run: `--config` (an error if it does not exist), or
    `./pyproject.toml` if there is one; None with `--no-config` or without either."""
    if getattr(args, "no_config", False):
        return None
    given: Path | None = args.config
    if given is None:
        return DEFAULT_FILE if DEFAULT_FILE.is_file() else None
    if not given.is_file():
        what = "is not a file" if given.exists() else "does not exist"
        raise GeneratorError(f"settings file {what} (given with --config)", Location(str(given)))
    return given


def load_settings(pyproject: Path | None, overrides: dict[str, Any]) -> Settings:
    """Settings from `[tool.openai-dataclass-generator]` of `pyproject` (None: no file, paths
    relative to the working directory), relative paths taken from its folder, and then
    `overrides` (None means not given). `overrides["roots"]`, `["operations"]` and `["paths"]`
    (any of them given) replace the configured roots, operations, paths and `all`;
    `overrides["all"]` (or `all = true`) generates every schema, whatever the roots.
    `overrides["overlays"]`, when given, replaces the configured list (an empty one: none);
    `overrides["cache"] = False` turns the cache off (as `cache = false` in the file does)."""
    table: dict[str, Any] = {}
    base = Path()
    if pyproject is not None:
        base = pyproject.parent
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
            where = Location(str(pyproject))
            raise GeneratorError(f"cannot read the settings: {reason}", where) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise GeneratorError(f"invalid TOML: {exc}", Location(str(pyproject))) from None
        table = config_table.section(data, pyproject)

    def given(key: str) -> Any:
        value = overrides.get(key)
        return None if value == [] else value

    spec = Path(given("spec")) if given("spec") else base / table.get("spec", "spec/openapi.yaml")
    out = Path(given("out")) if given("out") else base / table.get("out", "generated")
    package = str(given("package") or table.get("package", "openai_models"))
    selection = ("roots", "operations", "paths")
    if any(given(key) is not None for key in selection):
        # The command line's roots and operations replace the configured selection.
        roots, operations, paths = (list(given(key) or []) for key in selection)
        everything = False
    else:
        roots, operations, paths = (list(table.get(key, [])) for key in selection)
        everything = bool(table.get("all", False))
    config_table.check_routes(paths)  # from the command line (the file's: `section`)
    if given("all"):
        everything = True
    if everything:  # every schema and operation: the configured ones are not looked for
        roots, operations, paths = [], [], []
    overlay_paths = [base / o for o in table.get("overlays", [])]
    if overrides.get("overlays") is not None:  # from the command line: relative to the cwd
        overlay_paths = [Path(o) for o in overrides["overlays"]]
    template_dir = base / table["templates"] if "templates" in table else None
    if overrides.get("templates") is not None:  # from the command line
        template_dir = Path(overrides["templates"])
    if template_dir is not None and not template_dir.is_dir():
        raise GeneratorError("templates folder not found", Location(str(template_dir)))
    if not package.isidentifier() or keyword.iskeyword(package):
        raise GeneratorError(
            f"package name {package!r} is not a Python identifier"
            + (" (it is a keyword)" if keyword.iskeyword(package) else "")
        )
    if not roots and not operations and not paths and not everything:
        raise GeneratorError(
            "no root schema given: use --root NAME, --operation ID, --path 'METHOD /path' "
            "(or --all), or set 'roots'"
        )
    cache = table.get("cache", True) and overrides.get("cache") is not False
    pin = base / table.get("pin", "spec/pin.toml")
    write_pyproject = table.get("write_pyproject", False)
    if overrides.get("write_pyproject") is not None:
        write_pyproject = bool(overrides["write_pyproject"])
    bracket_names = table.get("bracket_names", False)
    if overrides.get("bracket_names") is not None:
        bracket_names = bool(overrides["bracket_names"])
    return Settings(
        spec,
        tuple(roots),
        out,
        package,
        everything,
        tuple(overlay_paths),
        template_dir,
        spec_cache.default_dir() if cache else None,
        pin,
        write_pyproject,
        tuple(operations),
        tuple(paths),
        bracket_names,
    )
