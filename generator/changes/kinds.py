"""The kinds of model change, and what each breaks.

**Readers** are code that parses API answers with models generated from the old spec: strict
parsing rejects what the old model does not admit (a new enum value, a null, a looser bound).
**Writers** are code that builds models and sends `to_dict()`: it breaks where the new spec
asks for more (a new required property, a removed value, a tighter bound) or where a name it
uses goes away."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# kind -> (breaks readers, breaks writers, why). Kinds are listed from the most to the least
# severe: when one field changes in several ways, the first is the change's `kind`, the others
# its `also_kinds`. `property_added` breaks readers only of a closed class (see `verdict`), and
# `property_removed` breaks readers only when the property was required.
KINDS: dict[str, tuple[bool, bool, str]] = {
    "schema_removed": (True, True, "the schema is gone: code that imports its class breaks"),
    "schema_renamed": (True, True, "the same schema has a new name: imports of the old name break"),
    "type_changed": (
        True,
        True,
        "the type changed: old values may be refused and new ones unreadable",
    ),
    "discriminator_changed": (
        True,
        True,
        "the union tells its members apart by another property or tags",
    ),
    "property_removed": (False, True, "the property is gone: code that sets or reads it breaks"),
    "property_added_required": (False, True, "writers must now send a new property"),
    "required_added": (False, True, "writers must now always send the property"),
    "required_removed": (
        True,
        False,
        "answers may now omit it, which models of the old spec refuse",
    ),
    "nullable_added": (
        True,
        False,
        "answers may now carry null, which models of the old spec refuse",
    ),
    "nullable_removed": (False, True, "null is no longer accepted in what writers send"),
    "type_widened": (
        True,
        False,
        "more values are valid: models of the old spec refuse the new ones",
    ),
    "type_narrowed": (
        False,
        True,
        "fewer values are valid: writers may send one no longer accepted",
    ),
    "enum_values_added": (True, False, "new values: models of the old spec refuse them"),
    "enum_values_removed": (False, True, "values writers may send are no longer accepted"),
    "union_members_added": (True, False, "new kinds of value: models of the old spec refuse them"),
    "union_members_removed": (
        False,
        True,
        "kinds of value writers may send are no longer accepted",
    ),
    "constraint_loosened": (
        True,
        False,
        "a looser bound: models of the old spec refuse the new values",
    ),
    "constraint_tightened": (
        False,
        True,
        "a tighter bound: writers may send values no longer accepted",
    ),
    "default_changed": (False, True, "omitting the property now means another value"),
    "default_removed": (False, True, "omitting the property no longer means a documented value"),
    "property_added": (False, False, "a new optional property"),
    "default_added": (False, False, "omitting the property now has a documented value"),
    "open_enum_values_added": (
        False,
        False,
        "new known values of an open enum (any string is accepted)",
    ),
    "open_enum_values_removed": (
        False,
        False,
        "fewer known values of an open enum (any string is accepted)",
    ),
    "deprecated_added": (False, False, "deprecated: plan to stop using it"),
    "deprecated_removed": (False, False, "no longer deprecated"),
    "schema_added": (False, False, "a new schema"),
}
ORDER = {kind: i for i, kind in enumerate(KINDS)}

# Each kind and its reverse: the report of NEW -> OLD has the reverse of each change.
REVERSE = {
    "schema_added": "schema_removed",
    "property_added": "property_removed",
    "required_added": "required_removed",
    "nullable_added": "nullable_removed",
    "type_widened": "type_narrowed",
    "enum_values_added": "enum_values_removed",
    "open_enum_values_added": "open_enum_values_removed",
    "union_members_added": "union_members_removed",
    "constraint_loosened": "constraint_tightened",
    "default_added": "default_removed",
    "deprecated_added": "deprecated_removed",
}
REVERSE.update({v: k for k, v in list(REVERSE.items())})
REVERSE.update(
    {k: k for k in ("schema_renamed", "type_changed", "discriminator_changed", "default_changed")}
)
# One way only: a required property added is, reversed, a (required) property removed.
REVERSE["property_added_required"] = "property_removed"


@dataclass
class Change:
    """One change of one class, alias or field (several kinds of one field are one change)."""

    kind: str
    class_name: str
    module: str
    pointer: str  # the schema that owns the property (the component or an inline schema in it)
    prop: str | None  # the JSON property name; None for a change of the schema itself
    field_name: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    values: list[Any] = field(default_factory=list)
    also_kinds: list[str] = field(default_factory=list)
    readers: bool = False
    writers: bool = False
    why: str = ""
    used_in: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.pointer}#{self.prop or ''}"


def verdict(kind: str, *, closed: bool = False, was_required: bool = False) -> tuple[bool, bool]:
    """(breaks readers, breaks writers) of one kind of change."""
    readers, writers, _ = KINDS[kind]
    if kind in ("property_added", "property_added_required") and closed:
        readers = True  # a class that refuses unknown properties refuses the new one
    if kind == "property_removed" and was_required:
        readers = True  # the old model requires what answers no longer carry
    return readers, writers


def why(kind: str, *, closed: bool = False, was_required: bool = False) -> str:
    text = KINDS[kind][2]
    if kind in ("property_added", "property_added_required") and closed:
        text += "; the old class refuses unknown properties, so its readers break"
    if kind == "property_removed" and was_required:
        text += "; it was required, so models of the old spec refuse answers without it"
    return text[0].upper() + text[1:] + "."
