"""Names of operations (`--operation`, `--path`, `--all`): each operation's definitions are named
after its operation id in PascalCase (`create-realtime-session` -> `CreateRealtimeSession`:
`CreateRealtimeSessionBody`, `...Params`, `...Response200`, `...Event200`), its module is that
name in snake case with `_operation` (`create_realtime_session_operation`), and its descriptor
(`_operations.Operation`) the snake name in capitals (`CREATE_REALTIME_SESSION`). Nothing is
numbered: status codes are the spec's own words. Operation definitions are named after every
schema's (`naming._name_definitions`), so selecting operations never renames a schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from .words import pascal_case, snake_case

if TYPE_CHECKING:
    from .naming import Names


def base_name(operation_id: str) -> str:
    """The name an operation's definitions start with."""
    base = pascal_case(operation_id) or "Operation"
    return "Op" + base if base[0].isdigit() else base


def bases(model: ir.Model) -> dict[str, str]:
    """Operation component (its pointer) -> the name its definitions start with."""
    return {op.component: base_name(op.operation_id) for op in model.operations}


def consts(model: ir.Model, names: Names) -> None:
    """The descriptors' names: never one a definition, a function or the package takes."""
    from .naming import PACKAGE_NAMES, _reserved, functions

    taken = set(names.of.values()) | set(PACKAGE_NAMES)
    taken |= {f for stem in names.stem.values() for f in functions(stem)}
    for op in sorted(model.operations, key=lambda o: (names.base[o.component], o.pointer)):
        wanted = snake_case(names.base[op.component]).upper()
        name = wanted
        while name in taken or _reserved(name):
            name += "_"
        taken.add(name)
        names.const[op.pointer] = name
        if name != wanted:
            names.reports.append(
                f"operation {op.operation_id!r}: descriptor named {name!r}, {wanted!r} is taken"
            )
