"""Where an overlay changed the spec: the fields and aliases an overlay action touched get one
sentence each in their docstring ("May be null: errata, see x.overlay.yaml action 3."),
so that generated code says which of its facts come from errata rather than from the spec.

An action touches a field when it selected the property's schema or something inside it, or
removed the property's name from a `required` list of the object that declares it (or of the
class itself, or of one of its `allOf` parts)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from . import ir
from .overlay import ActionRecord, AppliedOverlay


def annotate(model: ir.Model, overlays: Sequence[AppliedOverlay]) -> ir.Model:
    """The model with `errata` notes on every field and alias an overlay action touched."""
    actions = [(o, a) for o in overlays for a in o.actions]
    if not actions:
        return model
    by_pointer = model.by_pointer()
    defs: list[ir.NamedDef] = []
    for d in model.defs:
        match d:
            case ir.ClassDef():
                owner = _plain(d.pointer)
                fields = tuple(_field(f, owner, actions, by_pointer) for f in d.fields)
                defs.append(d if fields == d.fields else dataclasses.replace(d, fields=fields))
            case ir.AliasDef():
                notes = tuple(
                    f"Changed: errata, see {Path(o.path).name} action {a.index}."
                    for o, a in actions
                    if any(_within(p, _plain(d.pointer)) for p in a.pointers)
                )
                defs.append(dataclasses.replace(d, errata=notes) if notes else d)
            case _:
                ir.assert_never(d)
    return dataclasses.replace(model, defs=tuple(defs))


def _field(
    f: ir.Field,
    owner: str,
    actions: list[tuple[AppliedOverlay, ActionRecord]],
    defs: dict[str, ir.NamedDef],
) -> ir.Field:
    prop = _plain(f.pointer)
    declaring = prop.rsplit("/properties/", 1)[0] if "/properties/" in prop else owner
    may_be_null = ir.admits_null(f.type, defs)
    found: dict[tuple[str, str], list[int]] = {}  # (what, overlay file) -> action indexes
    for overlay, action in actions:
        what = None
        if prop and any(_within(p, prop) for p in action.pointers):
            what = "May be null" if may_be_null else "Changed"
        elif action.kind == "remove" and f.json_name in action.removed:
            lists = {p.rsplit("/required/", 1)[0] for p in action.pointers if "/required/" in p}
            if any(o in (declaring, owner) or o.startswith(owner + "/allOf/") for o in lists):
                what = "Optional"
        if what is not None:
            # The file's name, not its path: the output must not depend on where the run started.
            found.setdefault((what, Path(overlay.path).name), []).append(action.index)
    notes = tuple(
        f"{what}: errata, see {name} action{'s' if len(idx) > 1 else ''} "
        + ", ".join(map(str, idx))
        + "."
        for (what, name), idx in found.items()
    )
    return dataclasses.replace(f, errata=notes) if notes else f


def _plain(pointer: str) -> str:
    """A JSON pointer without the `#` of a URI fragment."""
    return pointer[1:] if pointer.startswith("#") else pointer


def _within(pointer: str, root: str) -> bool:
    return pointer == root or pointer.startswith(root + "/")
