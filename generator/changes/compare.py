"""The changes between two snapshots (`snapshot.snapshot`) of the same API's models.

Definitions are matched by identity (a component by name, an inline definition by its
path-derived name); a component that disappears while another with the same content appears
was renamed. Every class is judged on its fields as generated, that is after `allOf` merging; a
change of a property that several classes merge is reported once, on the class of the schema
that declares it, with the others in `also_in`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import annotation, kinds, types
from .kinds import Change
from .snapshot import owner_of


@dataclass
class Result:
    old: dict[str, Any]
    new: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    description_only: list[dict[str, str]] = field(default_factory=list)
    paths_changed: int = 0


def compare(old: dict[str, Any], new: dict[str, Any]) -> Result:
    od, nd = old["defs"], new["defs"]
    found: list[Change] = []
    removed = [k for k in od if k not in nd and "owner" not in od[k]]
    added = [k for k in nd if k not in od and "owner" not in nd[k]]
    by_content: dict[str, list[str]] = {}
    for key in added:
        by_content.setdefault(nd[key]["content"], []).append(key)
    for key in removed:
        twins = by_content.get(od[key]["content"])
        if twins:
            twin = twins.pop(0)
            added.remove(twin)
            o, n = od[key], nd[twin]
            found.append(
                _schema_change("schema_renamed", n, {"type": o["name"]}, {"type": n["name"]})
            )
        else:
            found.append(_schema_change("schema_removed", od[key], {"type": od[key]["name"]}, None))
    found.extend(
        _schema_change("schema_added", nd[k], None, {"type": nd[k]["name"]}) for k in added
    )
    names = ({k: d["name"] for k, d in od.items()}, {k: d["name"] for k, d in nd.items()})
    for key in sorted(od.keys() & nd.keys()):
        found.extend(_definition(od[key], nd[key], names))
    usage = {**old.get("usage", {}), **new.get("usage", {})}
    result = Result(old, new, _merged(found, nd, od, usage))
    result.description_only = _docs(od, nd)
    op, np_ = old.get("paths", {}), new.get("paths", {})
    result.paths_changed = sum(1 for k in op.keys() | np_.keys() if op.get(k) != np_.get(k))
    return result


def _schema_change(kind: str, d: dict[str, Any], old: Any, new: Any) -> Change:
    readers, writers = kinds.verdict(kind)
    return Change(
        kind,
        d["name"],
        d["module"],
        d["pointer"],
        None,
        None,
        old,
        new,
        readers=readers,
        writers=writers,
        why=kinds.why(kind),
    )


def _definition(
    o: dict[str, Any], n: dict[str, Any], names: tuple[dict[str, str], dict[str, str]]
) -> list[Change]:
    """The changes of one class or alias: of itself (property None), then of each field.
    `names`: identity -> name in the old and in the new snapshot (for the types shown)."""
    own: list[tuple[str, list[Any]]] = []
    if o["kind"] != n["kind"]:
        own.append(("type_changed", [o["kind"], n["kind"]]))
    elif n["kind"] == "alias":
        null_o, null_n = (
            bool(o.get("nullable")) or _null(o["type"]),
            bool(n.get("nullable")) or _null(n["type"]),
        )
        if null_o != null_n:
            own.append(("nullable_added" if null_n else "nullable_removed", []))
        own.extend(types.compare(types.strip_null(o["type"]), types.strip_null(n["type"])))
        own.extend(_default(o, n))
    else:
        if o.get("nullable") != n.get("nullable"):
            own.append(("nullable_added" if n.get("nullable") else "nullable_removed", []))
        if o.get("closed") != n.get("closed"):
            kind = "constraint_tightened" if n.get("closed") else "constraint_loosened"
            own.append((kind, ["additionalProperties: false"]))
        oa, na = o.get("assertions", []), n.get("assertions", [])
        # A validator check whose keywords stay and whose schema changed with the class's own
        # properties (an `allOf` that does not merge exactly, say) is reported by the changes
        # of those properties, not a second time as a constraint.
        same_words = [a["keywords"] for a in oa] == [a["keywords"] for a in na]
        if oa != na and not (same_words and _fields_differ(o, n)):
            words = sorted({w for a in oa + na for w in a["keywords"]})
            own.extend(types.assertions_changed(oa, na, words))
    if o.get("deprecated") != n.get("deprecated"):
        own.append(("deprecated_added" if n.get("deprecated") else "deprecated_removed", []))
    changes: list[Change] = []
    if own:
        shown = [
            {"type": annotation.text(d["type"], nm) if d["kind"] == "alias" else d["name"]}
            for d, nm in ((o, names[0]), (n, names[1]))
        ]
        changes.append(_change(own, n, n["pointer"], None, None, *shown))
    if o["kind"] == n["kind"] == "class":
        closed = bool(o.get("closed"))
        of, nf = o["fields"], n["fields"]
        for name in sorted(of.keys() - nf.keys()):
            f = of[name]
            old = {"type": _field_text(f, names[0])}
            changes.append(
                _change(
                    [("property_removed", [])],
                    n,
                    owner_of(f),
                    name,
                    f["field"],
                    old,
                    None,
                    was_required=bool(f.get("required")),
                )
            )
        for name in sorted(nf.keys() - of.keys()):
            f = nf[name]
            kind = "property_added_required" if f.get("required") else "property_added"
            new = {"type": _field_text(f, names[1])}
            changes.append(
                _change([(kind, [])], n, owner_of(f), name, f["field"], None, new, closed=closed)
            )
        for name in sorted(of.keys() & nf.keys()):
            found = _field(of[name], nf[name])
            if found:
                f = nf[name]
                old, new = (
                    {"type": _field_text(of[name], names[0])},
                    {"type": _field_text(f, names[1])},
                )
                changes.append(_change(found, n, owner_of(f), name, f["field"], old, new))
    return changes


def _fields_differ(o: dict[str, Any], n: dict[str, Any]) -> bool:
    def bare(d: dict[str, Any]) -> dict[str, Any]:
        return {k: {x: y for x, y in f.items() if x != "docs"} for k, f in d["fields"].items()}

    return bare(o) != bare(n)


def _field_text(f: dict[str, Any], names: dict[str, str]) -> str:
    return annotation.text(f["type"], names, optional=not f.get("required"))


def _field(o: dict[str, Any], n: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    found: list[tuple[str, list[Any]]] = []
    if bool(o.get("required")) != bool(n.get("required")):
        found.append(("required_added" if n.get("required") else "required_removed", []))
    if bool(o.get("nullable")) != bool(n.get("nullable")):
        found.append(("nullable_added" if n.get("nullable") else "nullable_removed", []))
    found.extend(types.compare(types.strip_null(o["type"]), types.strip_null(n["type"])))
    # `default: null` on a property is a spelling of nullable: its coming or going is that change.
    nullable = bool(o.get("nullable")) != bool(n.get("nullable"))
    found.extend(d for d in _default(o, n) if not (nullable and d in _NULL_DEFAULT))
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        found.append(("deprecated_added" if n.get("deprecated") else "deprecated_removed", []))
    return found


_NULL_DEFAULT = (("default_added", [None]), ("default_removed", [None]))


def _default(o: dict[str, Any], n: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    a, b = o.get("default"), n.get("default")
    if a == b:
        return []
    if a is None:
        return [("default_added", [n["default"][0]])]
    if b is None:
        return [("default_removed", [a[0]])]
    return [("default_changed", [a[0], b[0]])]


def _null(t: Any) -> bool:
    return bool(t["t"] in ("nullable", "null", "any"))


def _change(
    found: list[tuple[str, list[Any]]],
    d: dict[str, Any],
    pointer: str,
    prop: str | None,
    field_name: str | None,
    old: Any,
    new: Any,
    *,
    closed: bool = False,
    was_required: bool = False,
) -> Change:
    """One change of several kinds: the most severe is its kind."""
    ordered = sorted({k for k, _ in found}, key=kinds.ORDER.__getitem__)
    readers = writers = False
    for kind in ordered:
        r, w = kinds.verdict(kind, closed=closed, was_required=was_required)
        readers, writers = readers or r, writers or w
    values: list[Any] = []
    for _, vs in sorted(found, key=lambda kv: kinds.ORDER[kv[0]]):
        values.extend(v for v in vs if v not in values)
    return Change(
        ordered[0],
        d["name"],
        d["module"],
        pointer,
        prop,
        field_name,
        old,
        new,
        values,
        ordered[1:],
        readers,
        writers,
        kinds.why(ordered[0], closed=closed, was_required=was_required),
    )


def _merged(
    found: list[Change], nd: dict[str, Any], od: dict[str, Any], usage: dict[str, list[str]]
) -> list[Change]:
    """One change per id: on the class whose schema declares the property, the other classes
    that merge it (`allOf`) in `also_in`."""
    grouped: dict[str, list[Change]] = {}
    for c in found:
        grouped.setdefault(c.id, []).append(c)
    components = {d["name"]: d["component"] for d in [*od.values(), *nd.values()]}
    pointers = {d["name"]: d["pointer"] for d in [*od.values(), *nd.values()]}
    merged: list[Change] = []
    for group in grouped.values():

        def home(c: Change) -> tuple[int, str]:
            p = pointers.get(c.class_name, "")
            return (0 if c.pointer == p or c.pointer.startswith(p + "/") else 1, c.class_name)

        group.sort(key=home)
        first = group[0]
        first.also_in = sorted({c.class_name for c in group[1:]} - {first.class_name})
        first.used_in = usage.get(components.get(first.class_name, ""), [])
        merged.append(first)
    merged.sort(key=lambda c: (c.class_name, c.prop or "", kinds.ORDER[c.kind]))
    return merged


def _docs(od: dict[str, Any], nd: dict[str, Any]) -> list[dict[str, str]]:
    """Description, title and example edits of the definitions and fields both snapshots have
    (the docs of a property added or removed go with that change)."""
    seen: set[tuple[str, str]] = set()

    def edits(pointer: str, a: dict[str, str], b: dict[str, str]) -> None:
        for keyword in a.keys() | b.keys():
            if a.get(keyword) != b.get(keyword):
                seen.add((pointer, "description" if keyword == "branches" else keyword))

    for key in od.keys() & nd.keys():
        o, n = od[key], nd[key]
        edits(n["pointer"], o.get("docs", {}), n.get("docs", {}))
        of, nf = o.get("fields", {}), n.get("fields", {})
        for name in of.keys() & nf.keys():
            edits(nf[name]["pointer"], of[name].get("docs", {}), nf[name].get("docs", {}))
    return [{"pointer": p, "keyword": k} for p, k in sorted(seen)]
