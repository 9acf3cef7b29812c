"""Reference cycles with no object or array in between: `A: oneOf [integer, $ref B]`,
`B: oneOf [string, $ref A]`. Generated as written, every parse of A would call B's parser on
the same value, and B's A's, until a `RecursionError`; JSON Schema leaves such schemas
undefined ("Schemas SHOULD NOT make use of infinite recursive nesting like this").

After the build, each alias in such a cycle is flattened: a member that refers back into the
cycle contributes the other members of the aliases on the way (A and B both become
`int | str`), and the flattening is reported. A cycle with no other member (`A: $ref B`,
`B: $ref A`) has no value to give and is refused, naming its pointers. An object (a class) or
an array or map between two references guards the recursion: the value gets smaller at each
step, so such cycles (a tree of filters, say) are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .. import ir
from ..errors import GeneratorError, Location
from ..resolve import component_of
from .core import dedupe
from .operations import Operations


@dataclass
class _Flat:
    """What walking an alias's type through the cycle found."""

    members: list[ir.TypeExpr] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # of the unions flattened
    null: bool = False


class Cycles(Operations):
    def build(
        self,
        roots: list[str],
        everything: bool = False,
        operations: Sequence[str] = (),
        all_operations: bool = False,
    ) -> ir.Model:
        model = super().build(roots, everything, operations, all_operations)
        aliases = {d.pointer: d for d in model.defs if isinstance(d, ir.AliasDef)}
        if not aliases:
            return model
        cyclic = _cyclic(aliases)
        if not cyclic:
            return model
        flat: dict[str, ir.AliasDef] = {}
        for pointer in sorted(cyclic):
            flat[pointer] = self._flatten(aliases[pointer], cyclic[pointer], aliases)
        notes = [
            f"{p}: reference cycle without an object or array between "
            f"({_names(cyclic[p])}) flattened to the members of its aliases"
            for p in flat
        ]
        return replace(
            model,
            defs=tuple(flat.get(d.pointer, d) for d in model.defs),
            notes=tuple(sorted({*model.notes, *notes})),
        )

    def _flatten(
        self, d: ir.AliasDef, cycle: frozenset[str], aliases: dict[str, ir.AliasDef]
    ) -> ir.AliasDef:
        found = _Flat()
        _walk(d.type, cycle, aliases, {d.pointer}, found)
        members = dedupe(found.members)
        if not members:
            raise GeneratorError(
                f"reference cycle {_names(cycle)} has no value of its own: every member "
                "refers back into the cycle",
                Location(self.spec.path, pointer=min(cycle)),
            )
        kind: Literal["anyOf", "oneOf"] = "oneOf" if found.kinds == {"oneOf"} else "anyOf"
        t: ir.TypeExpr
        if kind == "anyOf" and ir.JsonAny() in members:
            t = ir.JsonAny()
        elif len(members) == 1:
            t = members[0]
        else:
            disc = self.discriminator(None, members, d.pointer)
            t = ir.UnionType(tuple(members), kind, disc)
        return replace(d, type=ir.strip_null(t), nullable=d.nullable or found.null)


def _walk(
    t: ir.TypeExpr,
    cycle: frozenset[str],
    aliases: dict[str, ir.AliasDef],
    seen: set[str],
    found: _Flat,
) -> None:
    """Collect the members `t` contributes: through nullables, unions that reach back into
    the cycle, and references to the cycle's aliases (each walked once)."""
    match t:
        case ir.NullableType(inner=inner):
            found.null = True
            _walk(inner, cycle, aliases, seen, found)
        case ir.UnionType(members=members, kind=kind) if _unguarded(t, aliases) & cycle:
            found.kinds.add(kind)
            for member in members:
                _walk(member, cycle, aliases, seen, found)
        case ir.RefType(target=target) if target in cycle:
            if target not in seen:
                seen.add(target)
                found.null = found.null or aliases[target].nullable
                _walk(aliases[target].type, cycle, aliases, seen, found)
        case (
            ir.UnionType()
            | ir.RefType()
            | ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.ArrayType()
            | ir.MapType()
            | ir.Asserted()  # checked as written: a member of its own
        ):
            found.members.append(t)
        case _:
            ir.assert_never(t)


def _unguarded(t: ir.TypeExpr, aliases: dict[str, ir.AliasDef]) -> set[str]:
    """The aliases `t` refers to with no object, array or map in between."""
    match t:
        case ir.RefType(target=target):
            return {target} if target in aliases else set()
        case ir.NullableType(inner=inner) | ir.Asserted(inner=inner):
            return _unguarded(inner, aliases)
        case ir.UnionType(members=members):
            return set().union(*(_unguarded(m, aliases) for m in members))
        case (
            ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.ArrayType()
            | ir.MapType()
        ):
            return set()
        case _:
            ir.assert_never(t)


def _cyclic(aliases: dict[str, ir.AliasDef]) -> dict[str, frozenset[str]]:
    """Each alias on an unguarded reference cycle, with the aliases of its cycle (its strongly
    connected component of unguarded references)."""
    edges = {p: _unguarded(d.type, aliases) for p, d in aliases.items()}
    reach: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(edges[node])
        reach[start] = seen
    return {p: frozenset(q for q in reach[p] if p in reach[q]) for p in edges if p in reach[p]}


def _names(cycle: frozenset[str]) -> str:
    return ", ".join(component_of(p) or p for p in sorted(cycle))
