"""Grouping, classification and proposal of `python -m generator errata` (see `errata`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import errata_proposal, load
from .errata_locate import Locator, Place, declarations, lookup, show
from .errata_models import Deviation, Verdict
from .errors import GeneratorError, Location
from .examples import Example, Extraction
from .resolve import component_pointer

__all__ = ["Group", "History", "Outcome", "classify", "group", "propose"]

PROPOSED_KINDS = ("null", "missing")


@dataclass
class Group:
    """Deviations of one kind at one declared property, over all examples and payloads."""

    kind: str
    owner: str  # the owning class's schema pointer
    classes: list[str]  # the generated classes it was seen through
    prop: str | None  # the property (None: the object itself)
    rest: str  # the data path below the property ("" at the property itself; `[*]` an item)
    declared: tuple[str, ...]  # declaring schemas (see `Place.declared`)
    below: tuple[str | int, ...]  # `rest` as segments (of the first deviation seen)
    expected: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    seen: list[tuple[Example, str]] = field(default_factory=list)  # (example, data path)
    verdict: str = ""  # "evidence", "stale", "unconfirmed" or "listed"
    notes: list[str] = field(default_factory=list)
    proposed: bool = False

    @property
    def ids(self) -> list[str]:
        """The examples and payloads it was seen in, once each."""
        return list(dict.fromkeys(e.id for e, _ in self.seen))

    @property
    def where(self) -> str:
        """The pointer the report names: the (last, effective) declaration, else the owner."""
        return (self.declared[-1] if self.declared else self.owner).lstrip("#")


@dataclass
class Outcome:
    """Everything a run found, for the report."""

    spec: str
    version: str
    extraction: Extraction
    payloads: int
    verdicts: list[Verdict]
    groups: list[Group]
    proposal: dict[str, Any]
    overlays: tuple[str, ...] = ()  # the overlays applied to the spec first


def group(verdicts: Iterable[Verdict], locator: Locator) -> list[Group]:
    """The deviations of all verdicts, grouped by kind, declaring schema, property and the
    data path below it; nulls first, then missing properties, then the rest."""
    groups: dict[tuple[str, str, str | None, str], Group] = {}
    for verdict in verdicts:
        for dev in verdict.deviations:
            place = _place(locator, verdict, dev)
            rest = show(place.rest, any_index=True)  # one group for all items of an array
            where = place.declared[-1] if place.declared else place.owner
            key = (dev.kind, where, place.prop, rest)
            g = groups.get(key)
            if g is None:
                g = Group(dev.kind, place.owner, [], place.prop, rest, place.declared, place.rest)
                groups[key] = g
            _add(g.classes, place.class_name)
            _add(g.expected, dev.expected)
            _add(g.found, dev.found)
            g.seen.append((verdict.example, dev.path))
    order = {k: i for i, k in enumerate(("null", "missing", "value", "unknown_member"))}
    return sorted(groups.values(), key=lambda g: (order.get(g.kind, 9), g.kind, g.where, g.rest))


def _place(locator: Locator, verdict: Verdict, dev: Deviation) -> Place:
    try:
        return locator.place(
            verdict.example.schema, verdict.result, verdict.example.data, dev.path, dev.kind
        )
    except ValueError:  # a path this version cannot read: keep the deviation, at the root
        root = component_pointer(verdict.example.schema)
        return Place(root, locator.names.of[root], None, (dev.path,), ())


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


class History:
    """Older specs (the files of a folder, by name), each read when first needed."""

    def __init__(self, directory: Path, cache: Path | None = None) -> None:
        if not directory.is_dir():
            raise GeneratorError("history directory not found", Location(str(directory)))
        suffixes = (".yaml", ".yml", ".json")
        self.files = sorted(p for p in directory.iterdir() if p.suffix in suffixes)
        self._data: dict[Path, Any] = {}
        self._cache = cache  # the folder of the parsed-spec cache, or None

    def newest_first(self) -> Iterator[tuple[str, Any]]:
        for path in reversed(self.files):
            if path not in self._data:
                self._data[path] = load.load_spec(path, self._cache).data
            yield path.name, self._data[path]

    def stale(self, example: Example, owner: str, prop: str) -> str | None:
        """Why `example` is stale about `prop`, or None: the newest older spec that holds the
        same example (at the same pointer, the same JSON) and the schema `owner`, which did not
        require `prop` there yet."""
        if example.origin != "spec":
            return None
        for name, data in self.newest_first():
            if not _same(lookup(data, example.id), example.raw) or lookup(data, owner) is None:
                continue
            if not declarations(data, owner, prop, required=True):
                return f"{example.id} is the same in {name}, where {prop!r} was not yet required"
        return None


def _same(old: Any, new: Any) -> bool:
    """The same example: equal values, or JSON texts of equal values."""
    if old == new:
        return True
    if isinstance(old, str) and isinstance(new, str):
        try:
            return bool(json.loads(old) == json.loads(new))
        except ValueError:
            return False
    return False


def classify(groups: list[Group], history: History | None) -> None:
    """Set each group's verdict by the rule (`RULE`)."""
    for g in groups:
        origins = {example.origin for example, _ in g.seen}
        if g.kind == "null":
            g.verdict = "evidence"
        elif g.kind != "missing":
            g.verdict = "listed"
        elif "payload" in origins:
            g.verdict = "evidence"
        else:
            g.verdict = "unconfirmed"
            if history is not None and g.prop is not None:
                examples = list({e.id: e for e, _ in g.seen}.values())
                notes = [history.stale(e, g.owner, g.prop) for e in examples]
                g.notes.extend(n for n in notes if n is not None)
                if all(notes):
                    g.verdict = "stale"


def propose(groups: list[Group], locator: Locator) -> list[dict[str, Any]]:
    """The overlay actions for the evidence groups, each naming its evidence."""
    actions: list[dict[str, Any]] = []
    done: set[str] = set()
    for g in groups:
        if g.verdict != "evidence" or g.prop is None or g.kind not in PROPOSED_KINDS:
            continue
        why = _why(g)
        made: list[dict[str, Any]] = []
        if not g.declared:
            g.notes.append("not proposed: no schema of the spec declares the property")
        elif g.kind == "null":
            for pointer in g.declared:
                found, reason = errata_proposal.null_actions(locator.lookup, pointer, g.below, why)
                made.extend(found)
                if reason:
                    g.notes.append(f"not proposed for {pointer.lstrip('#')}: {reason}")
        else:
            made = errata_proposal.required_actions(g.declared, g.prop, why)
        for action in made:
            key = json.dumps({k: v for k, v in action.items() if k != "description"})
            if key not in done:  # the same change for two groups (two paths to one schema)
                done.add(key)
                actions.append(action)
        g.proposed = bool(made)
    return actions


def _why(g: Group) -> str:
    """The description of an action: what the API does, and the evidence by id and data path."""
    items = []
    for example, path in g.seen:
        if g.kind == "missing" and example.origin == "spec":
            continue  # not evidence of an absence (see RULE)
        what = f"{'example' if example.origin == 'spec' else 'payload'} {example.id}"
        at = path or "(root)"
        items.append(f"{what} has {at} = null" if g.kind == "null" else f"{what} lacks {at}")
    items = list(dict.fromkeys(items))
    shown = "; ".join(items[:5]) + (f"; and {len(items) - 5} more" if len(items) > 5 else "")
    label = f"{g.classes[0]}.{g.prop}{g.rest if g.rest.startswith('[') else ''}"
    if g.kind == "null":
        return f"The API sends null for {label}: {shown}."
    return f"The API omits {label}, which the spec requires: {shown}."
