"""A named IR as plain JSON data: what a change report compares.

One entry per generated class or alias, keyed by an identity that does not depend on where the
schema sits in a list: a component by its name, an inline definition by its generated name
(derived from its place and words, see `naming`), and an inline union member that has neither
title nor tag, and whose words another member shares (the naming stage then names them apart by
their place, `AnyOf1`), by its owner and its content. Types are canonical JSON (`type_data`) beside their
generated annotation (`py`), so that a report can judge a change and print it as users read it.
Descriptions, titles and examples are kept only as short hashes (`docs`): an edit of them is
listed apart, never as a model change.

The snapshot is also stored in the package's `_meta.json` ("models"), so that `generate` can
report what changed against the package it replaces without the old spec file."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from .. import ir
from ..layout import Plan
from ..naming import Names
from ..resolve import unescape
from ..view_types import TypeViews
from . import usage

FORMAT = 1
_UNION_INDEX = re.compile(r"/(anyOf|oneOf)/\d+")


def snapshot(model: ir.Model, names: Names, plan: Plan, spec: Any) -> dict[str, Any]:
    """The snapshot of a named model; `spec` is the document it was built from (for `used_in`
    and the paths, which are only counted). Keys whose value is the usual one (not deprecated,
    not nullable, no default...) are left out, to keep `_meta.json` small."""
    ids = _identities(model, names)
    defs: dict[str, Any] = {}
    by_pointer = model.by_pointer()
    for d in model.defs:
        tv = TypeViews("", plan.refs)
        entry: dict[str, Any] = {
            "name": names.of[d.pointer],
            "module": names.module_of(d),
            "pointer": _plain(d.pointer),
            "component": d.hint.component,
        }
        if d.hint.owner is not None:
            entry["owner"] = ids.get(d.hint.owner, _plain(d.hint.owner))
        _flag(entry, "deprecated", d.deprecated)
        _flag(entry, "nullable", d.nullable)
        title = _title(spec, entry["pointer"]) or d.hint.title
        docs = _docs(description=d.description, title=title, example=d.example)
        match d:
            case ir.ClassDef():
                entry["kind"] = "class"
                _flag(entry, "closed", d.additional == "forbid")
                if d.assertions:
                    entry["assertions"] = _assertions(d.assertions)
                entry["fields"] = {
                    f.json_name: _field(d, f, names, ids, tv, by_pointer, spec) for f in d.fields
                }
            case ir.AliasDef():
                entry["kind"] = "alias"
                entry["type"] = type_data(d.type, ids, tv)
                if d.default is not None:
                    entry["default"] = [d.default.value]
            case _:
                ir.assert_never(d)
        if d.hint.owner is None:  # what a renamed component keeps
            entry["content"] = _content_hash(entry)
        if docs:
            entry["docs"] = docs
        defs[ids[d.pointer]] = entry
    return {
        "format": FORMAT,
        "defs": dict(sorted(defs.items())),
        "usage": usage.used_in(spec, {d.hint.component for d in model.defs}),
        "paths": usage.path_hashes(spec),
    }


def _field(
    d: ir.ClassDef,
    f: ir.Field,
    names: Names,
    ids: dict[str, str],
    tv: TypeViews,
    defs: dict[str, ir.NamedDef],
    spec: Any,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "field": names.fields[(d.pointer, f.json_name)],
        "pointer": _plain(f.pointer or d.pointer),
        "type": type_data(f.type, ids, tv),
    }
    _flag(entry, "required", f.required)
    _flag(entry, "nullable", ir.admits_null(f.type, defs))
    _flag(entry, "deprecated", f.deprecated)
    if f.default is not None:
        entry["default"] = [f.default.value]
    branches = "\n".join(text for _, text in f.branch_docs) or None
    title = _title(spec, entry["pointer"])
    docs = _docs(description=f.description, title=title, example=f.example, branches=branches)
    if docs:
        entry["docs"] = docs
    return entry


def owner_of(field: dict[str, Any]) -> str:
    """The pointer of the schema that declares a field's property."""
    pointer = str(field["pointer"])
    return pointer.rsplit("/properties/", 1)[0] if "/properties/" in pointer else pointer


def _flag(entry: dict[str, Any], key: str, value: bool) -> None:
    if value:
        entry[key] = True


def type_data(t: ir.TypeExpr, ids: dict[str, str], tv: TypeViews | None = None) -> Any:
    """`t` as canonical JSON: a reference names its target's identity, a union's members carry
    the key they are matched by (`member_keys`)."""
    match t:
        case ir.Primitive():
            return {
                "t": t.kind,
                **_constraints(t.constraints),
                **({"format": t.format} if t.format else {}),
            }
        case ir.JsonAny():
            return {"t": "any"}
        case ir.FreeObject():
            return {"t": "object", **_constraints(t.constraints)}
        case ir.NullOnly():
            return {"t": "null"}
        case ir.LiteralType():
            return {"t": "const" if t.is_const else "enum", "values": list(t.values)}
        case ir.OpenEnum():
            return {"t": "open_enum", "values": list(t.values), **_constraints(t.constraints)}
        case ir.ArrayType():
            return {
                "t": "array",
                "items": type_data(t.items, ids, tv),
                **_constraints(t.constraints),
            }
        case ir.MapType():
            return {
                "t": "map",
                "values": type_data(t.values, ids, tv),
                **_constraints(t.constraints),
            }
        case ir.RefType():
            return {"t": "ref", "to": ids.get(t.target, t.target)}
        case ir.NullableType():
            return {"t": "nullable", "inner": type_data(t.inner, ids, tv)}
        case ir.UnionType():
            members = [type_data(m, ids, tv) for m in t.members]
            keys = member_keys(members)
            data: dict[str, Any] = {
                "t": "union",
                "kind": t.kind,
                "members": [[k, m] for k, m in zip(keys, members, strict=True)],
            }
            if tv is not None and tv.may_be_unknown(t):
                data["unknown"] = True
            if t.discriminator is not None:
                data["discriminator"] = {
                    "property": t.discriminator.property,
                    "mapping": {str(tag): keys[i] for tag, i in t.discriminator.mapping},
                }
            return data
        case ir.Asserted():
            return {
                "t": "asserted",
                "inner": type_data(t.inner, ids, tv),
                "keywords": list(t.assertion.keywords),
                "schema": _hash(t.assertion.schema),
            }
        case _:
            ir.assert_never(t)


def member_keys(members: list[Any]) -> list[str]:
    """What each union member is matched by across specs: the identity of the definition it
    refers to (a `$ref`'s name, an inline member's title or tag); else, for the only member of
    its kind (the one enum of `anyOf: [$ref, enum]`), that kind, so that a value added to it is
    a change of that member; else its canonical type."""
    inner = [m["inner"] if m["t"] == "nullable" else m for m in members]
    kinds = ["enum" if i["t"] == "const" else i["t"] for i in inner]
    keys: list[str] = []
    for member, i, kind in zip(members, inner, kinds, strict=True):
        if kind == "ref":
            keys.append(str(i["to"]))
        elif kinds.count(kind) == 1:
            keys.append(f"<{kind}>")
        else:
            keys.append(json.dumps(member, sort_keys=True, separators=(",", ":")))
    return keys


def _identities(model: ir.Model, names: Names) -> dict[str, str]:
    """Definition pointer -> identity. Owners come before what they hold (the IR's order is not
    relied on: an owner's identity is computed on demand)."""
    by_pointer = model.by_pointer()
    ids: dict[str, str] = {}
    # Inline definitions whose words (owner, path, title, tag) are the same: the naming stage
    # tells them apart by their place, such as `AnyOf1`.
    words = Counter(_words(d) for d in model.defs if d.hint.owner is not None)

    def identity(pointer: str) -> str:
        if pointer in ids:
            return ids[pointer]
        d = by_pointer[pointer]
        name = names.of[pointer]
        if (
            d.hint.owner is not None
            and not d.hint.title
            and d.hint.tag is None
            and words[_words(d)] > 1
            and _UNION_INDEX.search(pointer[len(d.hint.owner) :])
        ):
            # Named after its position in a union: matched by its owner and its content. (The
            # one object of `anyOf: [{...}, {type: "null"}]` is named after its path alone.)
            owner = identity(d.hint.owner) if d.hint.owner in by_pointer else d.hint.owner
            ids[pointer] = f"{owner}#{_hash(json.dumps(_shape(d), sort_keys=True, default=str))}"
        else:
            ids[pointer] = name
        return ids[pointer]

    for d in model.defs:
        identity(d.pointer)
    return ids


def _words(d: ir.NamedDef) -> tuple[object, ...]:
    return (d.hint.owner, d.hint.path, d.hint.title, d.hint.tag)


def _shape(d: ir.NamedDef) -> Any:
    """What an anonymous union member is: its fields' names and types, or its type."""
    match d:
        case ir.ClassDef():
            return [(f.json_name, f.required, repr(f.type)) for f in d.fields]
        case ir.AliasDef():
            return repr(d.type)
        case _:
            ir.assert_never(d)


def _constraints(c: ir.Constraints) -> dict[str, Any]:
    found = {k: v for k, v in vars(c).items() if k != "regex" and v is not None and v is not False}
    return {"c": found} if found else {}


def _title(spec: Any, pointer: str) -> str | None:
    """The `title` of the spec's schema at `pointer`: the IR keeps no title of a component or a
    property (it names nothing), yet an edit of one is a description-only edit to list."""
    node = spec
    for part in pointer.split("/")[1:]:
        key = unescape(part)
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    title = node.get("title") if isinstance(node, dict) else None
    return title if isinstance(title, str) else None


def _assertions(assertions: tuple[ir.Assertion, ...]) -> list[Any]:
    return [{"keywords": list(a.keywords), "schema": _hash(a.schema)} for a in assertions]


def _docs(**values: object) -> dict[str, str]:
    """Short hashes of a schema's descriptive keywords: an edit of them is listed apart."""
    found = {}
    for keyword, value in values.items():
        if value is None:
            continue
        if isinstance(value, ir.Default):
            value = value.value
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
        found[keyword] = _hash(text)
    return found


def _content_hash(entry: dict[str, Any]) -> str:
    """What stays when a schema is renamed: everything but its name, place and docs."""
    keep = {k: v for k, v in entry.items() if k not in ("name", "module", "pointer", "component")}
    if "fields" in keep:
        keep["fields"] = {
            k: {x: y for x, y in f.items() if x not in ("pointer", "docs")}
            for k, f in keep["fields"].items()
        }
    return _hash(json.dumps(keep, sort_keys=True, default=str))


def _plain(pointer: str) -> str:
    """A JSON pointer without the `#` of a URI fragment."""
    return pointer[1:] if pointer.startswith("#") else pointer


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
