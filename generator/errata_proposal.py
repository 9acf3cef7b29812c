"""The overlay `errata` proposes (OpenAPI Overlay 1.0): actions that make the spec admit what the
evidence shows, written so that they work whatever the property schema looks like.

- A null the schema forbids: a property schema that is only `type: X` (X one type name; no
  `$ref`, `anyOf`, `oneOf`, `allOf`, `enum` or `const`) gets `update: {type: [X, "null"]}`,
  after a `remove` of its `type` (a list merged over a string is not a compatible update).
  Any other (a list of types too, which an update would concatenate) is replaced: one
  `remove` action on it, then one `update` of its parent (`properties`, or the array or map
  schema when the null is an item or a map value) that puts back
  `{anyOf: [<old schema>, {type: "null"}]}`, with `description`, `default` and `deprecated`
  kept at the outer level, and `null` added to an `enum` that lacks it (tools that read the
  enum alone then see it too).
- A required property the API omits: `remove` of its name from each `required` list that
  holds it (`$.components.schemas.X.required[?@ == 'name']`).

Targets are JSONPath (RFC 9535): dot notation, or bracket notation throughout when a name is
not a plain identifier (`$['components']['schemas']['Foo-Bar']`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from .resolve import unescape

__all__ = ["jsonpath", "null_actions", "overlay_document", "required_actions", "to_yaml"]

Action = dict[str, Any]
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WRAPPING = ("$ref", "anyOf", "oneOf", "allOf", "enum", "const")
_OUTER = ("description", "default", "deprecated")
# Keywords that make a schema refuse null (for the generator, which types `properties` alone as
# an object, as much as for JSON Schema).
_TYPING = ("type", "enum", "const", "not", "properties", "additionalProperties", "items")


def _tokens(pointer: str) -> list[str]:
    return [unescape(t) for t in pointer.lstrip("#").split("/")[1:]]


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def jsonpath(pointer: str) -> str:
    """The JSONPath of a JSON pointer into the spec's objects (digits index a list)."""
    tokens = _tokens(pointer)
    if all(_PLAIN.match(t) or t.isdigit() for t in tokens):
        return "$" + "".join(f"[{t}]" if t.isdigit() else f".{t}" for t in tokens)
    return "$" + "".join(f"[{t}]" if t.isdigit() else f"[{_quote(t)}]" for t in tokens)


def allows_null(schema: Any) -> bool:
    """Whether a schema already admits null on its own (it needs no action)."""
    if not isinstance(schema, dict):
        return schema is True
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    if schema.get("nullable") is True or ("const" in schema and schema["const"] is None):
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list) and any(allows_null(m) for m in schema[key]):
            return True
    return not any(k in schema for k in (*_TYPING, *_WRAPPING))


def null_actions(
    lookup: Callable[[str], Any], pointer: str, rest: tuple[str | int, ...], why: str
) -> tuple[list[Action], str]:
    """The actions that let the schema at `pointer` (a property schema), or the item or map
    value `rest` leads to below it, be null; ([], why not) when there is nothing to do."""
    parent, key = pointer.rsplit("/", 1)
    target = pointer
    schema = lookup(pointer)
    for step in rest:
        sub = "items" if isinstance(step, int) else "additionalProperties"
        for _ in range(10):
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not isinstance(ref, str):
                break
            target, schema = ref, lookup(ref)
        if not isinstance(schema, dict) or not isinstance(schema.get(sub), dict):
            return [], f"the null is below {target} (at {step!r}), where there is no `{sub}` schema"
        parent, key, target = target, sub, f"{target}/{sub}"
        schema = schema[sub]
    if not isinstance(schema, dict):
        return [], f"{target} is not a schema object"
    if allows_null(schema):
        return [], f"{target} already admits null in the spec"
    kinds = schema.get("type")
    if isinstance(kinds, str) and not any(k in schema for k in _WRAPPING):
        # A list merged over a string is no compatible update (Overlay 1.1.0 spells it out, and
        # `generator.overlay` refuses it): the string goes first.
        return [
            {
                "target": jsonpath(f"{target}/type"),
                "description": f"Removed here, put back with null by the next action. {why}",
                "remove": True,
            },
            {"target": jsonpath(target), "description": why, "update": {"type": [kinds, "null"]}},
        ], ""
    inner = {k: v for k, v in schema.items() if k not in _OUTER}
    if isinstance(inner.get("enum"), list) and None not in inner["enum"]:
        inner["enum"] = [*inner["enum"], None]
    wrapped: dict[str, Any] = {}
    if "description" in schema:
        wrapped["description"] = schema["description"]
    wrapped["anyOf"] = [inner, {"type": "null"}]
    wrapped.update({k: schema[k] for k in _OUTER if k in schema and k != "description"})
    return [
        {
            "target": jsonpath(target),
            "description": f"Removed here, put back nullable by the next action. {why}",
            "remove": True,
        },
        {"target": jsonpath(parent), "description": why, "update": {key: wrapped}},
    ], ""


def required_actions(schemas: tuple[str, ...], prop: str, why: str) -> list[Action]:
    """One `remove` per `required` list (of the object schemas `schemas`) that names `prop`."""
    return [
        {
            "target": f"{jsonpath(s + '/required')}[?@ == {_quote(prop)}]",
            "description": why,
            "remove": True,
        }
        for s in schemas
    ]


def overlay_document(actions: list[Action], title: str, version: str) -> dict[str, Any]:
    return {
        "overlay": "1.0.0",
        "info": {"title": title, "version": version},
        "actions": actions,
    }


class _Dumper(yaml.SafeDumper):
    """Block style, but lists of plain values in flow style (`type: [string, 'null']`); no
    aliases for repeated values."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(x is None or isinstance(x, (str, int, float, bool)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def to_yaml(document: dict[str, Any]) -> str:
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
