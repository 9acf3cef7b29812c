"""Apply OpenAPI Overlay Specification 1.0 documents to the spec before anything reads it.

An overlay (https://spec.openapis.org/overlay/v1.0.0) is a YAML or JSON document whose ordered
`actions` each select nodes of the spec with an RFC 9535 JSONPath `target` and either merge an
`update` into them or `remove` them. Actions apply in order, each to the result of the one
before; overlays apply in the order given. What each action selected is kept (`ActionRecord`),
so later stages can say where the generated code follows an overlay rather than the spec.

Where the 1.0.0 text leaves room, these are the choices made (see docs/design.md, "Overlays"):
- a target that selects nothing is an error, never a silent no-op (the spec allows "zero or
  more" nodes, but an erratum that no longer applies must be noticed);
- an `update` merged into an object must be compatible ("The properties of the `update` object
  MUST be compatible with the target object"): object into object merges, array into array
  concatenates, a primitive (or null) replaces a primitive (or null); any other pair (an object
  over a string, say) is an error, as Overlay 1.1.0 spells out;
- `remove` also removes primitive nodes, such as a name in a `required` list. Overlay 1.0.0
  says "Primitive-valued items of an array cannot be replaced or removed individually";
  1.1.0 lifted that ("each of the target nodes MUST be removed"), and without it an erratum
  that makes a property optional would have to remove and rewrite the whole list.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import GeneratorError, Location
from .load import parse_text

if TYPE_CHECKING:  # imported where used: later stages import the records on every run
    import jsonpath_rfc9535

__all__ = ["ActionRecord", "AppliedOverlay", "apply_overlays"]


@dataclass(frozen=True)
class ActionRecord:
    """What one action of an overlay did."""

    index: int  # its place in the overlay's `actions` (0-based)
    target: str  # its JSONPath
    description: str | None
    kind: Literal["update", "remove"]
    # RFC 6901 pointers (`/components/schemas/X/properties/y`) of the nodes it selected, in the
    # document as it was when the action ran, in the order the JSONPath selected them.
    pointers: tuple[str, ...]
    # For a remove, the values removed, one per pointer (the `'user'` of `/.../required/2`).
    removed: tuple[object, ...] = ()


@dataclass(frozen=True)
class AppliedOverlay:
    """An overlay that was applied: where it came from, its `info`, and what each action did."""

    path: str  # as given by the user (the command line, or the settings file's folder + entry)
    sha256: str  # of the file's bytes
    title: str
    version: str
    actions: tuple[ActionRecord, ...]


def apply_overlays(
    document: dict[str, Any], paths: Sequence[Path | str]
) -> tuple[AppliedOverlay, ...]:
    """Apply the overlays at `paths`, in that order, to `document` (changed in place). Every
    problem is a GeneratorError naming the overlay file, and the action's index and target."""
    return tuple(_apply_overlay(document, path) for path in paths)


# -- reading and checking an overlay ---------------------------------------------------------------

_VERSION = re.compile(r"1\.0\.\d+")
_ROOT_FIELDS = ("overlay", "info", "extends", "actions")
_INFO_FIELDS = ("title", "version")
_ACTION_FIELDS = ("target", "description", "update", "remove")


@dataclass(frozen=True)
class _Action:
    index: int
    target: str
    description: str | None
    remove: bool
    update: Any
    query: jsonpath_rfc9535.JSONPathQuery


class _Problem(Exception):
    """A problem with one action, turned into a GeneratorError that names the action."""


def _apply_overlay(document: dict[str, Any], path: Path | str) -> AppliedOverlay:
    name = str(path)
    sha256, data = _read(name)
    title, version, raw_actions = _check_overlay(name, data)
    actions = [_check_action(name, index, raw) for index, raw in enumerate(raw_actions)]
    records: list[ActionRecord] = []
    for action in actions:  # each to the result of the previous one (Overlay 1.0.0, "actions")
        try:
            records.append(_apply_action(document, action))
        except _Problem as problem:
            raise _action_error(name, action.index, action.target, str(problem)) from None
    return AppliedOverlay(name, sha256, title, version, tuple(records))


def _read(name: str) -> tuple[str, Any]:
    """The sha256 of the file's bytes, and its parsed content."""
    try:
        raw = Path(name).read_bytes()
    except FileNotFoundError:
        raise GeneratorError("overlay file not found", Location(name)) from None
    except OSError as exc:
        raise GeneratorError(f"cannot read overlay file: {exc.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"overlay is not UTF-8 (byte {exc.start})", Location(name)) from None
    return hashlib.sha256(raw).hexdigest(), parse_text(text, name)


def _check_overlay(name: str, data: Any) -> tuple[str, str, list[Any]]:
    """The title, version and actions of an Overlay 1.0 document, or a GeneratorError."""

    def fail(message: str, pointer: str | None = None) -> GeneratorError:
        return GeneratorError(message, Location(name, pointer=pointer))

    if not isinstance(data, dict):
        raise fail(f"not an Overlay document: the top level is {_kind(data)}")
    version = data.get("overlay")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        found = "missing" if "overlay" not in data else repr(version)
        raise fail(
            f"not an Overlay 1.0 document: 'overlay' is {found} (expected 1.0.x)", "#/overlay"
        )
    _no_unknown_fields(data, _ROOT_FIELDS, lambda m: fail(f"not an Overlay 1.0 document: {m}"))
    info = data.get("info")
    if not isinstance(info, dict):
        raise fail(
            "not an Overlay 1.0 document: 'info' (with 'title' and 'version') is required",
            "#/info",
        )
    for key in _INFO_FIELDS:
        if not isinstance(info.get(key), str):
            problem = (
                "is required" if key not in info else f"must be a string, not {_kind(info[key])}"
            )
            raise fail(f"not an Overlay 1.0 document: 'info.{key}' {problem}", f"#/info/{key}")
    _no_unknown_fields(info, _INFO_FIELDS, lambda m: fail(f"in 'info': {m}", "#/info"))
    if "extends" in data and not isinstance(data["extends"], str):
        kind = _kind(data["extends"])
        raise fail(f"'extends' must be a URI reference string, not {kind}", "#/extends")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        problem = "is required" if "actions" not in data else "must be a non-empty list"
        raise fail(f"not an Overlay 1.0 document: 'actions' {problem}", "#/actions")
    return info["title"], info["version"], actions


def _check_action(name: str, index: int, raw: Any) -> _Action:
    if not isinstance(raw, dict):
        raise _action_error(name, index, None, f"an action must be an object, not {_kind(raw)}")
    target = raw.get("target")

    def fail(problem: str) -> GeneratorError:
        return _action_error(name, index, target if isinstance(target, str) else None, problem)

    if "target" not in raw:
        raise fail("'target' (a JSONPath) is required")
    if not isinstance(target, str):
        raise fail(f"'target' must be a JSONPath string, not {_kind(target)}")
    _no_unknown_fields(raw, _ACTION_FIELDS, fail)
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        raise fail(f"'description' must be a string, not {_kind(description)}")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise fail(f"'remove' must be true or false, not {remove!r}")
    if not remove and "update" not in raw:
        raise fail("the action has neither 'update' nor 'remove: true'")
    import jsonpath_rfc9535

    try:
        query = jsonpath_rfc9535.compile(target)
    except jsonpath_rfc9535.JSONPathError as exc:
        raise fail(f"invalid JSONPath: {_first_line(exc)}") from None
    return _Action(index, target, description, remove, raw.get("update"), query)


def _no_unknown_fields(
    data: dict[Any, Any], known: tuple[str, ...], fail: Callable[[str], GeneratorError]
) -> None:
    for key in data:
        if key not in known and not (isinstance(key, str) and key.startswith("x-")):
            allowed = ", ".join(known)
            raise fail(f"unknown field {key!r} (allowed: {allowed} and x- extensions)")


def _action_error(name: str, index: int, target: str | None, problem: str) -> GeneratorError:
    what = f"action {index}" if target is None else f"action {index} (target {target})"
    return GeneratorError(f"{what}: {problem}", Location(name, pointer=f"#/actions/{index}"))


# -- applying an action ----------------------------------------------------------------------------


def _apply_action(document: dict[str, Any], action: _Action) -> ActionRecord:
    import jsonpath_rfc9535

    try:
        nodes = action.query.find(document)
    except jsonpath_rfc9535.JSONPathError as exc:  # e.g. the recursion limit of `..`
        raise _Problem(f"cannot evaluate the target: {_first_line(exc)}") from None
    # A node selected twice (`$.a[0,0]`) is one node: update it once, remove it once.
    values: dict[tuple[str | int, ...], object] = {}
    for node in nodes:
        values.setdefault(tuple(node.location), node.value)
    if not values:
        raise _Problem("the target selects nothing")
    pointers = tuple(_pointer(location) for location in values)
    if action.remove:  # "This field [update] has no impact if the `remove` field ... is `true`."
        _remove(document, list(values))
        removed = tuple(values.values())
        return ActionRecord(
            action.index, action.target, action.description, "remove", pointers, removed
        )
    for value, pointer in zip(values.values(), pointers, strict=True):
        _update(value, action.update, pointer)
    return ActionRecord(action.index, action.target, action.description, "update", pointers)


def _remove(document: dict[str, Any], locations: list[tuple[str | int, ...]]) -> None:
    """Remove each located node from the object or array that holds it (Overlay 1.0.0,
    `remove`: "the target object or array MUST be removed from the map or array it is
    contained in"). Deepest and highest index first, so that no removal moves a node still to
    be removed: several elements of one array all go, and a node inside another one that is
    removed goes first."""
    if () in locations:
        raise _Problem("the target selects the document root, which cannot be removed")
    # Keys of one object may mix strings and integers (YAML reads `200:` as an integer).
    for location in sorted(
        locations, key=lambda loc: [(type(p) is int, p) for p in loc], reverse=True
    ):
        parent: Any = document
        for part in location[:-1]:
            parent = parent[part]
        del parent[location[-1]]


def _update(node: object, update: Any, pointer: str) -> None:
    """Merge `update` into one selected node (Overlay 1.0.0, `update`)."""
    if isinstance(node, dict):
        # "If the `target` selects an object node, the value of this field MUST be an object
        # with the properties and values to merge with the selected node."
        if not isinstance(update, dict):
            raise _Problem(
                f"the target selects an object (at #{pointer}), so 'update' must be an object, "
                f"not {_kind(update)}"
            )
        _merge(node, update, pointer)
    elif isinstance(node, list):
        # "If the `target` selects an array, the value of this field MUST be an entry to append
        # to the array." One entry, whatever it is: an array is appended as one element.
        node.append(copy.deepcopy(update))
    else:
        # "The result of the `target` JSONPath expression MUST be zero or more objects or arrays
        # (not primitive types or `null` values)."
        raise _Problem(
            f"the target selects {_kind(node)} (at #{pointer}), and Overlay 1.0 updates only "
            f"objects and arrays: select the object that holds it and update its property"
        )


def _merge(node: dict[Any, Any], update: dict[Any, Any], pointer: str) -> None:
    """ "The properties in the `update` object are recursively merged with the properties in the
    target object with the same names; new properties are added to the target object", and
    they "MUST be compatible" with the target's: objects merge, arrays concatenate (as the
    spec's traits example adds parameters), a primitive or null replaces a primitive or null
    (the spec's way to "update a primitive property value"); anything else is an error."""
    for key, new in update.items():
        here = f"{pointer}/{_escape(key)}"
        if key not in node:
            node[key] = copy.deepcopy(new)
            continue
        old = node[key]
        if isinstance(old, dict) and isinstance(new, dict):
            _merge(old, new, here)
        elif isinstance(old, list) and isinstance(new, list):
            old.extend(copy.deepcopy(new))
        elif isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
            raise _Problem(
                f"the update puts {_kind(new)} where the document has {_kind(old)} (at #{here}), "
                f"and Overlay 1.0 merges only compatible values: remove it in an earlier action"
            )
        else:
            node[key] = new


# -- small helpers ---------------------------------------------------------------------------------


def _pointer(location: tuple[str | int, ...]) -> str:
    """The RFC 6901 JSON pointer of a node's location (`""` for the document itself)."""
    return "".join(f"/{_escape(part)}" for part in location)


def _escape(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _first_line(exc: Exception) -> str:
    """An exception's message on one line (jsonpath-rfc9535 2.x adds a multi-line diagram)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
