"""The settings table, checked strictly: `[tool.openai-dataclass-generator]` of a TOML file.

Every key is known and of its type; a key or a `[tool.*]` section that is not ours but looks
like ours (a misspelling) is an error with a did-you-mean, never ignored. Each problem is one
`GeneratorError` naming the file (exit 2)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from .errors import GeneratorError, Location

SECTION = "openai-dataclass-generator"

# Every key of the section and what its value must be.
PATH, PATHS, NAMES, NAME, BOOL = "a path", "a list of paths", "a list of names", "a name", "bool"
IDS, ROUTES = "a list of operationIds", "a list of 'METHOD /path'"
KEYS: dict[str, str] = {
    "spec": PATH,  # the OpenAPI document
    "roots": NAMES,  # the component schemas to generate, with all they reference
    "operations": IDS,  # operations to generate, by operationId, with all they reference
    "paths": ROUTES,  # operations to generate, by method and path (`POST /responses`)
    "all": BOOL,  # every component schema and operation (overrides the three above)
    "out": PATH,  # the folder that holds the package
    "package": NAME,  # the package's name
    "overlays": PATHS,  # Overlay 1.0 documents applied to the spec, in order
    "templates": PATH,  # a folder of templates that take precedence over the built-in ones
    "cache": BOOL,  # keep parsed specs in the user's cache folder
    "pin": PATH,  # the pin of the spec (`fetch-spec`, `update-spec`)
    "write_pyproject": BOOL,  # write a minimal pyproject.toml beside the package
    "bracket_names": BOOL,  # `name[]` and `name[key]` in query strings and forms (OpenAI's way)
}

# How close (difflib's ratio, 0-1) a `[tool.*]` section's name must be to ours to be taken
# for a misspelling of it: `openai-dataclass-gen` is 0.87, `dataclass-generator` 0.84, while
# other tools' sections stay far below (`datamodel-codegen` 0.42, `openapi-generator` 0.74).
LOOKS_LIKE_OURS = 0.8


def section(data: dict[str, Any], where: Path) -> dict[str, Any]:
    """Our section of a parsed TOML file (empty when it has none), every key checked."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise GeneratorError("'tool' must be a table", Location(str(where)))
    for name in tool:
        if name != SECTION and _looks_like_ours(name):
            raise GeneratorError(
                f"unknown section [tool.{name}] (did you mean [tool.{SECTION}]?)",
                Location(str(where)),
            )
    table = tool.get(SECTION, {})
    if not isinstance(table, dict):
        raise GeneratorError(f"'tool.{SECTION}' must be a table", Location(str(where)))
    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(KEYS)
            raise GeneratorError(
                f"unknown key '{key}' in [tool.{SECTION}]{hint}; the keys are: {known}",
                Location(str(where)),
            )
        if not _is(kind, value):
            raise GeneratorError(
                f"'{key}' must be {_wanted(kind)}, not {describe(value)}", Location(str(where))
            )
    check_routes(table.get("paths", []), Location(str(where)))
    return table


def check_routes(paths: list[str], where: Location | None = None) -> None:
    """Each of `paths` (the setting, or `--path`) must read `METHOD /path`."""
    for path in paths:
        method, _, rest = path.strip().partition(" ")
        if not method.isalpha() or not rest.strip().startswith("/"):
            raise GeneratorError(
                f"path {path!r} is not 'METHOD /path' (e.g. 'POST /responses')", where
            )


def _looks_like_ours(name: str) -> bool:
    normal = name.lower().replace("_", "-").replace(".", "-").replace(" ", "-")
    ratio = difflib.SequenceMatcher(None, normal, SECTION).ratio()
    return ratio >= LOOKS_LIKE_OURS or "openai-dataclass" in normal


def _is(kind: str, value: object) -> bool:
    if kind == BOOL:
        return isinstance(value, bool)
    if kind in (PATH, NAME):
        return isinstance(value, str) and value != ""
    return isinstance(value, list) and all(isinstance(v, str) and v != "" for v in value)


def _wanted(kind: str) -> str:
    return {
        BOOL: "true or false",
        PATH: "a path (a non-empty string)",
        NAME: "a name (a non-empty string)",
        PATHS: "a list of overlay file paths (strings)",
        NAMES: "a list of schema names (strings)",
        IDS: "a list of operationIds (strings)",
        ROUTES: "a list of 'METHOD /path' strings",
    }[kind]


def describe(value: object) -> str:
    """A TOML value as the message names it: `the string "no"`, `the integer 5`."""
    match value:
        case bool():
            return f"the boolean {str(value).lower()}"
        case str():
            return f"the string {_quoted(value)}" if value else "an empty string"
        case int():
            return f"the integer {value}"
        case float():
            return f"the number {value}"
        case list():
            wrong = next((v for v in value if not isinstance(v, str) or not v), None)
            if wrong is None:
                return "a list"
            return f"a list holding {describe(wrong)}"
        case dict():
            return "a table"
        case _:
            return f"a {type(value).__name__}"  # a date or time


def _quoted(text: str) -> str:
    short = text if len(text) <= 40 else text[:37] + "..."
    return '"' + "".join(c if c.isprintable() else repr(c)[1:-1] for c in short) + '"'
