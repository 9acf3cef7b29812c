"""How one type changed: compare two canonical types (`snapshot.type_data`) and say in which
ways, as (kind, values) pairs.

Null is judged by the caller at the top of a field or alias (`nullable_added`/`_removed`, in
whatever spelling the spec used: the IR has one). Inside a type (an array's items, a map's
values) a null admitted or no longer admitted widens or narrows the type. `format` is an
annotation the generated code does not check: a change of it alone is no model change."""

from __future__ import annotations

from typing import Any

from ..view_types import kind_of

Found = list[tuple[str, list[Any]]]

_MIN = {
    "minimum": "minimum",
    "exclusive_minimum": "exclusiveMinimum",
    "min_length": "minLength",
    "min_items": "minItems",
    "min_properties": "minProperties",
}
_MAX = {
    "maximum": "maximum",
    "exclusive_maximum": "exclusiveMaximum",
    "max_length": "maxLength",
    "max_items": "maxItems",
    "max_properties": "maxProperties",
}
_SCALARS = ("string", "integer", "number", "boolean")


def strip_null(t: Any) -> Any:
    return t["inner"] if t["t"] == "nullable" else t


def compare(old: Any, new: Any) -> Found:
    """The ways `old` became `new`, both without their top-level null."""
    if old == new:
        return []
    to, tn = old["t"], new["t"]
    if to == "nullable" or tn == "nullable":  # null inside a type: the type widened or narrowed
        found = compare(strip_null(old), strip_null(new))
        return [*found, ("type_widened" if tn == "nullable" else "type_narrowed", ["null"])]
    if to == "asserted" or tn == "asserted":
        return _asserted(old, new)
    if to in ("enum", "const") and tn in ("enum", "const"):
        return _values(old["values"], new["values"], "enum_values")
    if to == tn == "open_enum":
        return _values(old["values"], new["values"], "open_enum_values") + constraints(old, new)
    if to == tn == "union":
        return _union(old, new)
    if to == tn and to in (*_SCALARS, "object"):
        return constraints(old, new)
    if to == tn == "array":
        return _inside(old["items"], new["items"]) + constraints(old, new)
    if to == tn == "map":
        return _inside(old["values"], new["values"]) + constraints(old, new)
    if _accepts(new, old):
        return [("type_widened", [])]
    if _accepts(old, new):
        return [("type_narrowed", [])]
    return [("type_changed", [])]


def _inside(old: Any, new: Any) -> Found:
    """Items or values: any change inside is a change of the container's type, except a
    union's discriminator, which is reported as itself (it says how items are told apart)."""
    found = compare(old, new)
    told = [(k, v) for k, v in found if k == "discriminator_changed"]
    found = [(k, v) for k, v in found if k != "discriminator_changed"]
    kinds = {k for k, _ in found}
    if not found:
        return told
    return told + _container(kinds)


def _container(kinds: set[str]) -> Found:
    if kinds <= {
        "type_widened",
        "enum_values_added",
        "union_members_added",
        "constraint_loosened",
        "open_enum_values_added",
        "open_enum_values_removed",
    }:
        return [("type_widened", [])]
    if kinds <= {
        "type_narrowed",
        "enum_values_removed",
        "union_members_removed",
        "constraint_tightened",
        "open_enum_values_added",
        "open_enum_values_removed",
    }:
        return [("type_narrowed", [])]
    return [("type_changed", [])]


def _values(old: list[Any], new: list[Any], kind: str) -> Found:
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    found: Found = []
    if added:
        found.append((f"{kind}_added", added))
    if removed:
        found.append((f"{kind}_removed", removed))
    return found


def _union(old: Any, new: Any) -> Found:
    om, nm = dict(old["members"]), dict(new["members"])
    found: Found = []
    added = [k for k in nm if k not in om]
    removed = [k for k in om if k not in nm]
    if added:
        found.append(("union_members_added", [member_label(nm[k], k) for k in added]))
    if removed:
        found.append(("union_members_removed", [member_label(om[k], k) for k in removed]))
    for key in om:  # a member changed is a change of the union: its values added or removed...
        if key in nm and om[key] != nm[key]:
            found.extend(compare(om[key], nm[key]))
    if old.get("discriminator") != new.get("discriminator"):
        od, nd = old.get("discriminator") or {}, new.get("discriminator") or {}
        if od.get("property") != nd.get("property") or any(
            nd.get("mapping", {}).get(tag) not in (None, key)
            for tag, key in od.get("mapping", {}).items()
        ):
            found.append(("discriminator_changed", [od.get("property"), nd.get("property")]))
    if old["kind"] != new["kind"]:  # anyOf <-> oneOf: one member at most, or any of them
        found.append(
            (
                "constraint_tightened" if new["kind"] == "oneOf" else "constraint_loosened",
                ["oneOf" if new["kind"] == "oneOf" else "anyOf"],
            )
        )
    return found


def member_label(member: Any, key: str) -> str:
    """A union member as a report names it: the name it refers to, else its kind."""
    inner = strip_null(member)
    if inner["t"] == "ref":
        return "an inline member" if "#" in str(inner["to"]) else str(inner["to"])
    if inner["t"] in ("enum", "const"):
        return " | ".join(repr(v) for v in inner["values"])
    return str(inner["t"])


def _asserted(old: Any, new: Any) -> Found:
    oi = old["inner"] if old["t"] == "asserted" else old
    ni = new["inner"] if new["t"] == "asserted" else new
    found = compare(oi, ni)
    ok = (old.get("keywords"), old.get("schema")) if old["t"] == "asserted" else None
    nk = (new.get("keywords"), new.get("schema")) if new["t"] == "asserted" else None
    if ok != nk:
        found.extend(assertions_changed(ok, nk, (nk or ok or ([], ""))[0]))
    return found


def assertions_changed(old: object, new: object, keywords: list[str]) -> Found:
    """Keywords checked by the schema validator: added ones tighten, removed ones loosen, and
    a change of them may do both."""
    if old is None or old in ([], ()):
        return [("constraint_tightened", list(keywords))]
    if new is None or new in ([], ()):
        return [("constraint_loosened", list(keywords))]
    return [("constraint_tightened", list(keywords)), ("constraint_loosened", list(keywords))]


def constraints(old: Any, new: Any) -> Found:
    oc, nc = old.get("c", {}), new.get("c", {})
    tight: list[str] = []
    loose: list[str] = []
    for key in sorted(set(oc) | set(nc)):
        a, b = oc.get(key), nc.get(key)
        if a == b:
            continue
        word = (
            _MIN.get(key)
            or _MAX.get(key)
            or {"multiple_of": "multipleOf", "unique_items": "uniqueItems"}.get(key, key)
        )
        text = f"{word}: {_show(a)} -> {_show(b)}"
        if key in _MIN:
            (tight if a is None or (b is not None and b > a) else loose).append(text)
        elif key in _MAX:
            (tight if a is None or (b is not None and b < a) else loose).append(text)
        elif key == "multiple_of" and a is not None and b is not None:
            if b % a == 0:
                tight.append(text)
            elif a % b == 0:
                loose.append(text)
            else:
                tight.append(text)
                loose.append(text)
        elif b is None or b is False:
            loose.append(text)
        elif a is None or a is False:
            tight.append(text)
        else:  # a pattern replaced by another: values may be refused either way
            tight.append(text)
            loose.append(text)
    found: Found = []
    if tight:
        found.append(("constraint_tightened", tight))
    if loose:
        found.append(("constraint_loosened", loose))
    return found


def _show(value: object) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


def _accepts(wide: Any, narrow: Any) -> bool:
    """Whether every value of `narrow` is a value of `wide` (a sufficient check: False when
    unsure, which makes the change a `type_changed`)."""
    if wide == narrow:
        return True
    tw, tn = wide["t"], narrow["t"]
    if tw == "any":
        return True
    if tw == "nullable":
        return narrow["t"] == "null" or _accepts(wide["inner"], strip_null(narrow))
    if tn == "nullable":
        return False
    if tw == "union":
        members = [m for _, m in wide["members"]]
        return any(_accepts(m, narrow) for m in members) or (
            tn == "union"
            and all(any(_accepts(m, n) for m in members) for _, n in narrow["members"])
        )
    if tn in ("enum", "const"):
        kinds = {kind_of(v) for v in narrow["values"]}
        if tw in ("enum", "const"):
            return all(v in wide["values"] for v in narrow["values"])
        if tw == "open_enum":
            return kinds <= {"string"}
        return (
            tw in _SCALARS
            and not wide.get("c")
            and kinds <= ({tw, "integer"} if tw == "number" else {tw})
        )
    if tw == "open_enum" and tn == "string":
        return not wide.get("c") or wide.get("c") == narrow.get("c")
    if tw == "string" and tn == "open_enum":
        return not wide.get("c")
    if tw == "number" and tn == "integer":
        return not wide.get("c") or wide.get("c") == narrow.get("c")
    if tw == "object" and not wide.get("c"):
        return tn in ("map", "object")
    return False
