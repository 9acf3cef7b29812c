"""Unions: a dispatch on the JSON kind first, then on the discriminator (a tag), then by trying
the members that are left (anyOf: the first that matches; oneOf: exactly one; tolerant
parsing then tries them tolerantly, see `Trials` in the runtime)."""

from __future__ import annotations

import json
from collections.abc import Callable

from . import ir
from .view_nodes import Branch, Parse, TagGroup
from .view_types import KIND_ORDER, TypeViews

ParseOf = Callable[[TypeViews, ir.TypeExpr, str, bool], Parse]


def union(tv: TypeViews, t: ir.UnionType, stem: str, parse: ParseOf) -> Parse:
    by_kind: dict[str, list[int]] = {}
    for json_kind in (*KIND_ORDER, "file"):  # "file": a FileUpload (`format: binary`)
        members = [i for i, m in enumerate(t.members) if json_kind in tv.kinds(m)]
        if members:
            by_kind[json_kind] = members
    grouped: list[tuple[list[str], list[int]]] = []
    for found_kind, members in by_kind.items():
        for kinds, same in grouped:
            if same == members:
                kinds.append(found_kind)
                break
        else:
            grouped.append(([found_kind], members))
    branches = tuple(
        Branch(tuple(kinds), _branch_of(tv, t, members, kinds, stem, parse, len(grouped)))
        for kinds, members in grouped
    )
    expected = "one of: " + ", ".join(tv.label(m) for m in t.members)
    return Parse("union", tv.annotation(t), stem, branches=branches, expected=expected)


def _branch_of(
    tv: TypeViews,
    t: ir.UnionType,
    members: list[int],
    kinds: list[str],
    stem: str,
    parse: ParseOf,
    branches: int,
) -> Parse:
    """A branch's parse. When other branches could declare the same temporaries (a list and a
    map both hold `r_<stem>`; trials in two branches both hold `m_<stem>__0`), the branch's
    are named after its first kind too (`result__array`)."""
    found = _branch(tv, t, members, kinds, stem, parse)
    if branches > 1 and found.kind in ("list", "dict", "trials", "tags"):
        return _branch(tv, t, members, kinds, f"{stem}__{kinds[0]}", parse)
    return found


def _branch(
    tv: TypeViews, t: ir.UnionType, members: list[int], kinds: list[str], stem: str, parse: ParseOf
) -> Parse:
    if len(members) == 1:
        member = t.members[members[0]]
        # The kind test already done covers the member's own only if it admits no other kind.
        return parse(tv, member, stem, tv.kinds(member) <= set(kinds))
    disc = t.discriminator
    if "object" in kinds and disc is not None and set(members) <= {i for _, i in disc.mapping}:
        return _tags(tv, t, disc, members, stem, parse)
    return _trials(tv, t, members, stem, parse)


def _tags(
    tv: TypeViews,
    t: ir.UnionType,
    disc: ir.Discriminator,
    members: list[int],
    stem: str,
    parse: ParseOf,
) -> Parse:
    tags = [(value, i) for value, i in disc.mapping if i in members]
    expected = "one of " + ", ".join(json.dumps(v) for v in dict.fromkeys(v for v, _ in tags))
    # Tag value -> the members that carry it; a tag shared by several members (the spec allows
    # it) is resolved by trying those members.
    owners_of: dict[tuple[int, ...], list[str]] = {}
    for value in dict.fromkeys(v for v, _ in tags):
        owners = tuple(i for v, i in tags if v == value)
        owners_of.setdefault(owners, []).append(value)
    groups = []
    for owners, values in owners_of.items():
        if len(owners) == 1:
            groups.append(
                TagGroup(tuple(values), member=parse(tv, t.members[owners[0]], stem, False))
            )
        else:
            groups.append(TagGroup(tuple(values), trials=_trials(tv, t, list(owners), stem, parse)))
    return Parse(
        "tags", tv.annotation(t), stem, groups=tuple(groups), tag=disc.property, expected=expected
    )


def _trials(tv: TypeViews, t: ir.UnionType, members: list[int], stem: str, parse: ParseOf) -> Parse:
    expected = "one of: " + ", ".join(tv.label(t.members[i]) for i in members)
    tried = tuple(parse(tv, t.members[i], f"{stem}__{i}", False) for i in members)
    return Parse(
        "trials", tv.annotation(t), stem, members=tried, one_of=t.kind == "oneOf", expected=expected
    )
