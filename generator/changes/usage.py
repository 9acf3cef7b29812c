"""Where the spec uses its component schemas (`used_in`: context for a reader of a change report,
never a verdict), and its paths reduced to one hash per operation (edits under `paths` are out of
scope of the model report: they are only counted)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Set
from typing import Any

from ..resolve import unescape

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PREFIX = "#/components/schemas/"


def used_in(spec: Any, components: Set[str]) -> dict[str, list[str]]:
    """Component name -> where operations use it, directly or through other schemas:
    "request" (a request body or a parameter), "response", "webhook" (a webhook's body, which
    the API sends). Only the names in `components` that are used somewhere are listed."""
    if not isinstance(spec, dict):
        return {}
    schemas = (spec.get("components") or {}).get("schemas") or {}
    graph = (
        {name: set(_schema_refs(schema)) for name, schema in schemas.items()}
        if isinstance(schemas, dict)
        else {}
    )
    seeds: dict[str, set[str]] = {"request": set(), "response": set(), "webhook": set()}
    for where, operation in _operations(spec):
        if where == "webhook":
            seeds["webhook"].update(_refs_through(operation, spec))
            continue
        for key in ("requestBody", "parameters"):
            seeds["request"].update(_refs_through(operation.get(key), spec))
        seeds["response"].update(_refs_through(operation.get("responses"), spec))
    found: dict[str, list[str]] = {}
    for label, start in seeds.items():
        for name in sorted(_closure(start, graph) & set(components)):
            found.setdefault(name, []).append(label)
    return dict(sorted(found.items()))


def path_hashes(spec: Any) -> dict[str, str]:
    """`METHOD /path` (and `WEBHOOK name`) -> a short hash of the operation's JSON."""
    found: dict[str, str] = {}
    if not isinstance(spec, dict):
        return found
    for label, item in (("", spec.get("paths")), ("WEBHOOK ", spec.get("webhooks"))):
        if not isinstance(item, dict):
            continue
        for path, methods in item.items():
            if not isinstance(methods, dict):
                continue
            for method, operation in methods.items():
                text = json.dumps(operation, sort_keys=True, default=str)
                digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
                found[f"{label}{method.upper()} {path}"] = digest
    return dict(sorted(found.items()))


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for where, key in (("path", "paths"), ("webhook", "webhooks")):
        items = spec.get(key)
        if not isinstance(items, dict):
            continue
        for item in items.values():
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters")
            for method in METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    if shared and where == "path":
                        operation = {
                            **operation,
                            "parameters": [*shared, *(operation.get("parameters") or [])],
                        }
                    yield where, operation


def _refs_through(node: Any, spec: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """The component schemas `node` refers to, following `$ref`s to other components
    (`requestBodies`, `responses`, `parameters`...) on the way."""
    seen = set() if seen is None else seen
    found: set[str] = set()
    for ref in _all_refs(node):
        if ref.startswith(PREFIX):
            found.add(unescape(ref[len(PREFIX) :]))
        elif ref.startswith("#/components/") and ref not in seen:
            seen.add(ref)
            target: Any = spec
            for part in ref[2:].split("/"):
                target = target.get(unescape(part)) if isinstance(target, dict) else None
            found |= _refs_through(target, spec, seen)
    return found


def _schema_refs(schema: Any) -> Iterator[str]:
    for ref in _all_refs(schema):
        if ref.startswith(PREFIX):
            yield unescape(ref[len(PREFIX) :])


def _all_refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _closure(start: set[str], graph: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    stack = list(start)
    while stack:
        for target in graph.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen
