"""Raw JSON Schema fragments made ready for the generated validator (`templates/validator.py.jinja`).

The generated package checks the keywords that no Python type expresses with a small JSON Schema
(draft 2020-12) interpreter. It reads plain data that `prepare` makes from the spec's raw schemas,
so that it needs nothing but the standard library and never meets anything it would have to
guess about:
- only the keywords it evaluates are kept (annotations, OpenAPI's own keywords, `x-*`
  extensions, `$defs` and every keyword unknown to 2020-12 are dropped: they assert nothing);
- every `pattern` and `patternProperties` key is an ECMA-262 pattern translated for Python's `re`
  (`ecma_regex`);
- every `$ref` is the normalized pointer (`#/components/schemas/A~1B`, percent-decoded, RFC 6901
  escapes written the one way) of its target, a key of the table that `closure` builds;
- OpenAPI 3.0's `nullable: true` adds "null" to `type`, and its boolean `exclusiveMinimum` /
  `exclusiveMaximum` become 2020-12's numeric ones;
- every keyword's value has the shape 2020-12 requires (`Unsupported` otherwise), so the
  validator never fails on the schema itself.

What cannot be checked exactly is refused with `Unsupported(pointer, reason)`: references to
other documents or to anchors, `$id` (it would change what `#/...` refers to), `$dynamicRef`,
patterns that Python cannot express, and schemas nested too deep to be written as a Python
literal.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

from . import ecma_regex

# The keywords the validator evaluates, by the shape of their value.
ONE_SCHEMA = frozenset(
    "additionalProperties propertyNames items contains not if then else unevaluatedItems"
    " unevaluatedProperties".split()
)
SCHEMA_MAP = frozenset({"properties", "patternProperties", "dependentSchemas"})
SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
COUNTS = frozenset(
    "maxLength minLength maxItems minItems maxContains minContains maxProperties"
    " minProperties".split()
)
NUMBERS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
DATA = frozenset({"enum", "const"})
TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
REFUSED = {
    "$id": "`$id` changes the base of references (not supported)",
    "$dynamicRef": "`$dynamicRef` is not supported",
}
# A prepared schema is written into the generated module as a Python literal, and Python's parser
# refuses more than 200 nested brackets: the table itself and a long string's parentheses add 3.
MAX_NESTING = 150


class Unsupported(ValueError):
    """A schema the validator cannot check exactly; `pointer` says where, `reason` why."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer}: {reason}")
        self.pointer = pointer
        self.reason = reason


def prepare(schema: Any, pointer: str) -> Any:
    """A copy of the raw schema (a dict or a bool) found at `pointer` (`#/...`), made ready for
    the validator as the module docstring says. Raises `Unsupported`."""
    return _schema(schema, pointer, 0)


def closure(roots: dict[str, Any], lookup: Callable[[str], Any]) -> dict[str, Any]:
    """`{pointer: prepared schema}` for every `$ref` that the prepared `roots` reach, directly or
    through other targets, sorted by pointer. `lookup(pointer)` is the raw schema at that pointer
    of the document (KeyError when there is none)."""
    out: dict[str, Any] = {}
    todo = [ref for root in roots.values() for ref in refs(root)]
    while todo:
        pointer = todo.pop()
        if pointer in out:
            continue
        try:
            raw = lookup(pointer)
        except KeyError:
            raise Unsupported(pointer, "the target of a `$ref` does not exist") from None
        out[pointer] = target = prepare(raw, pointer)
        todo.extend(refs(target))
    return dict(sorted(out.items()))


def refs(schema: Any) -> Iterator[str]:
    """The `$ref`s of a prepared schema and of its subschemas (not of its targets)."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        yield schema["$ref"]
    for key, value in schema.items():
        if key in ONE_SCHEMA:
            yield from refs(value)
        elif key in SCHEMA_MAP:
            for sub in value.values():
                yield from refs(sub)
        elif key in SCHEMA_LIST:
            for sub in value:
                yield from refs(sub)


def normalize_ref(ref: str, pointer: str) -> str:
    """The target of a local `$ref` as `#` and an RFC 6901 pointer with its tokens escaped the one
    way (`~0`, `~1`), percent-decoded. `pointer` (where the `$ref` is) is for errors only."""
    if not ref.startswith("#"):
        raise Unsupported(pointer, f"`$ref` {ref!r} refers to another document (not supported)")
    try:
        fragment = unquote(ref[1:], errors="strict")
    except UnicodeDecodeError:
        raise Unsupported(pointer, f"`$ref` {ref!r} is not percent-encoded UTF-8") from None
    if fragment and not fragment.startswith("/"):
        raise Unsupported(pointer, f"`$ref` {ref!r} refers to an anchor (not supported)")
    tokens = fragment.split("/")[1:]
    if any("~" in t.replace("~0", "").replace("~1", "") for t in tokens):
        raise Unsupported(pointer, f"`$ref` {ref!r} is not a valid JSON pointer")
    return "#" + "".join("/" + escape(t.replace("~1", "/").replace("~0", "~")) for t in tokens)


def escape(token: str) -> str:
    """One JSON pointer token, escaped (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _schema(node: Any, pointer: str, depth: int) -> Any:
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise Unsupported(pointer, f"a schema must be an object or a boolean, not {node!r}")
    if depth > MAX_NESTING:
        raise Unsupported(pointer, f"schemas nested deeper than {MAX_NESTING} levels")
    for keyword, reason in REFUSED.items():
        if keyword in node:
            raise Unsupported(f"{pointer}/{escape(keyword)}", reason)
    out: dict[str, Any] = {}
    for key, value in node.items():
        here = f"{pointer}/{escape(key)}"
        if key in ONE_SCHEMA:
            out[key] = _schema(value, here, depth + 1)
        elif key in SCHEMA_MAP:
            out[key] = _schema_map(key, value, here, depth)
        elif key in SCHEMA_LIST:
            if not isinstance(value, list) or (not value and key != "prefixItems"):
                raise Unsupported(here, f"`{key}` must be a non-empty array of schemas")
            out[key] = [_schema(v, f"{here}/{i}", depth + 2) for i, v in enumerate(value)]
        elif key in DATA:
            if key == "enum" and not isinstance(value, list):
                raise Unsupported(here, f"`enum` must be an array, not {value!r}")
            _check_data(value, here, depth + 1)
            out[key] = copy.deepcopy(value)
        elif key in COUNTS or key in NUMBERS or key in _OTHERS:
            out[key] = _check(key, value, here)
    if node.get("nullable") is True and "type" in out:
        kinds = [out["type"]] if isinstance(out["type"], str) else out["type"]
        out["type"] = kinds if "null" in kinds else [*kinds, "null"]
    for bound in ("Minimum", "Maximum"):  # OpenAPI 3.0: `exclusiveMaximum: true` + `maximum`
        flag = out.get("exclusive" + bound)
        if isinstance(flag, bool):
            del out["exclusive" + bound]
            if flag and bound.lower() in out:
                out["exclusive" + bound] = out.pop(bound.lower())
    return out


def _schema_map(key: str, value: Any, pointer: str, depth: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unsupported(pointer, f"`{key}` must be an object of schemas")
    out = {}
    for name, sub in value.items():
        if not isinstance(name, str):
            raise Unsupported(pointer, f"`{key}` has a name that is not a string: {name!r}")
        if key == "patternProperties":
            name = _pattern(name, f"{pointer}/{escape(name)}")
        out[name] = _schema(sub, f"{pointer}/{escape(name)}", depth + 2)
    return out


def _pattern(pattern: str, pointer: str) -> str:
    try:
        return ecma_regex.translate(pattern)
    except ecma_regex.Untranslatable as exc:
        raise Unsupported(pointer, str(exc)) from None


def _check(key: str, value: Any, pointer: str) -> Any:
    """The value of a keyword that holds neither schemas nor data, checked and normalized."""
    number = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    number = number and not isinstance(value, bool)
    if key in COUNTS:
        if not number or value < 0 or value != int(value):
            raise Unsupported(pointer, f"`{key}` must be a non-negative integer, not {value!r}")
        return int(value)
    if key in NUMBERS:
        if key.startswith("exclusive") and isinstance(value, bool):
            return value  # OpenAPI 3.0's form, rewritten by the caller
        if not number:
            raise Unsupported(pointer, f"`{key}` must be a number, not {value!r}")
        if key == "multipleOf" and value <= 0:
            raise Unsupported(pointer, f"`multipleOf` must be greater than 0, not {value!r}")
        return value
    if key == "type":
        kinds = [value] if isinstance(value, str) else value
        if not isinstance(kinds, list) or not kinds:
            raise Unsupported(pointer, f"`type` must be a type or a list of types, not {value!r}")
        if not all(isinstance(k, str) and k in TYPES for k in kinds):
            raise Unsupported(pointer, f"`type` has an unknown type: {value!r}")
        return value if isinstance(value, str) else list(dict.fromkeys(kinds))
    if key == "pattern":
        if not isinstance(value, str):
            raise Unsupported(pointer, f"`pattern` must be a string, not {value!r}")
        return _pattern(value, pointer)
    if key == "uniqueItems":
        if not isinstance(value, bool):
            raise Unsupported(pointer, f"`uniqueItems` must be a boolean, not {value!r}")
        return value
    if key == "$ref":
        if not isinstance(value, str):
            raise Unsupported(pointer, f"`$ref` must be a string, not {value!r}")
        return normalize_ref(value, pointer)
    if key == "required":
        return _names(value, pointer, key)
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise Unsupported(pointer, "`dependentRequired` must be an object of arrays of names")
    return {name: _names(v, f"{pointer}/{escape(name)}", key) for name, v in value.items()}


_OTHERS = frozenset({"type", "pattern", "uniqueItems", "$ref", "required", "dependentRequired"})


def _names(value: Any, pointer: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Unsupported(pointer, f"`{key}` must be an array of names, not {value!r}")
    return list(dict.fromkeys(value))  # 2020-12 wants them unique; a repeat changes nothing


def _check_data(value: Any, pointer: str, depth: int) -> None:
    """Refuse an `enum` or `const` that is not JSON data (YAML has NaN, sets, bytes, keys that
    are numbers) or is nested too deep to be written as a Python literal."""
    if depth > MAX_NESTING:
        raise Unsupported(pointer, f"data nested deeper than {MAX_NESTING} levels")
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            _check_data(item, pointer, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise Unsupported(pointer, f"{value!r} is not a JSON number")
    elif value is not None and not isinstance(value, (bool, int, float, str)):
        raise Unsupported(pointer, f"{value!r} is not JSON data")
