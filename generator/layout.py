"""A package's layout: which definitions each module holds, what it imports (at the top, or at
the bottom to close an import cycle between mutually recursive schemas), in what order its
aliases and classes come, and what it exports."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import docs, ir
from .ir_ops import Operation
from .naming import Names
from .view_nodes import AliasView, ModuleView
from .view_objects import targets
from .view_types import Reference


@dataclass
class Plan:
    """What rendering one module needs to know of the others."""

    refs: dict[str, Reference]  # definition pointer -> its name and module
    members: dict[str, list[ir.NamedDef]]  # module -> its definitions
    cycle_of: dict[str, int]  # module -> its strongly connected component in the import graph
    classes: dict[str, ir.ClassDef]  # every class by pointer
    shared: frozenset[str]  # the classes whose code others reuse (bases of `allOf` classes)
    # The aliases whose `|` would join a string at run time: written quoted (see `_joining`).
    joining: frozenset[str] = frozenset()
    # Module -> the operation whose module it is (`--operation`: its descriptor is there).
    operations: dict[str, Operation] = dataclasses.field(default_factory=dict)


def plan(model: ir.Model, names: Names) -> Plan:
    refs = {
        d.pointer: Reference(
            name=names.of[d.pointer],
            module=names.module_of(d),
            is_class=isinstance(d, ir.ClassDef),
            alias_type=d.type if isinstance(d, ir.AliasDef) else None,
            snake=names.snake(d.pointer),
            summary=docs.first_sentence(d.description),
        )
        for d in model.defs
    }
    members: dict[str, list[ir.NamedDef]] = {}
    for d in model.defs:
        members.setdefault(names.module_of(d), []).append(d)
    graph = {
        module: {refs[target].module for d in defs for target in def_targets(d)} - {module}
        for module, defs in members.items()
    }
    classes = {d.pointer: d for d in model.defs if isinstance(d, ir.ClassDef)}
    shared = frozenset(b for d in classes.values() for b in d.bases if b in classes)
    cycle_of = _strongly_connected(graph)
    operations = {names.module[op.component]: op for op in model.operations}
    joining = _joining(model, refs, cycle_of)
    return Plan(refs, members, cycle_of, classes, shared, joining, operations)


def def_targets(d: ir.NamedDef) -> set[str]:
    """The definitions a definition's types refer to."""
    match d:
        case ir.ClassDef():
            return set().union(*(targets(f.type) for f in d.fields)) | set(d.bases)
        case ir.AliasDef():
            return targets(d.type)
        case _:
            ir.assert_never(d)


def _joining(
    model: ir.Model, refs: dict[str, Reference], cycle_of: dict[str, int]
) -> frozenset[str]:
    """The names of the aliases whose annotation, evaluated when the module is imported, would
    apply `|` to a string, which `|` refuses: to `JsonValue` (a string in `_runtime`) or to an
    alias that may be written as a string. An alias may be when it names itself, names what
    its module imports at the bottom (from a module of its import cycle) or another alias of
    its module (`order` quotes a cycle of them), or is one of these."""
    aliases = {d.pointer: d for d in model.defs if isinstance(d, ir.AliasDef)}
    text: set[str] = set()
    for pointer, d in aliases.items():
        module = refs[pointer].module
        for target in targets(d.type):
            other = refs[target].module
            if (
                target == pointer
                or (other != module and cycle_of[other] == cycle_of[module])
                or (other == module and target in aliases)
            ):
                text.add(pointer)
                break
    joining: set[str] = set()
    grown = True
    while grown:  # an alias quoted here may be joined by another one
        grown = False
        for pointer, d in aliases.items():
            if pointer not in joining and _joins(d.type, text):
                joining.add(pointer)
                text.add(pointer)
                grown = True
    return frozenset(refs[p].name for p in joining)


def _joins(t: ir.TypeExpr, text: set[str]) -> bool:
    """Whether `t`'s annotation applies `|` to `JsonValue` or to an alias in `text`."""

    def operand(m: ir.TypeExpr) -> bool:
        m = ir.strip_asserted(m)  # the annotation is the inner type's
        return m == ir.JsonAny() or (isinstance(m, ir.RefType) and m.target in text)

    match t:
        case ir.UnionType(members=members):
            return any(operand(m) or _joins(m, text) for m in members)
        case ir.NullableType(inner=inner):
            return operand(inner) or _joins(inner, text)
        case ir.Asserted(inner=inner):
            return _joins(inner, text)
        case ir.ArrayType(items=inner) | ir.MapType(values=inner):
            return _joins(inner, text)
        case (
            ir.Primitive()
            | ir.JsonAny()
            | ir.FreeObject()
            | ir.NullOnly()
            | ir.LiteralType()
            | ir.OpenEnum()
            | ir.RefType()
        ):
            return False
        case _:
            ir.assert_never(t)


def exports(layout: Plan, module: str, names: Names) -> list[str]:
    """The public names a module defines: classes, aliases, the aliases' functions and an
    operation's descriptor."""
    out = []
    for d in layout.members[module]:
        name = names.of[d.pointer]
        out.append(name)
        if isinstance(d, ir.AliasDef):
            stem = names.snake(d.pointer)
            out += [f"parse_{stem}", f"parse_{stem}_json", f"dump_{stem}"]
    if module in layout.operations:  # its descriptor
        out.append(names.const[layout.operations[module].pointer])
    return sorted(out)


def order(view: ModuleView, component: str, joining: frozenset[str] = frozenset()) -> None:
    """Classes in document order; aliases that name nothing local before them, the rest after,
    each after the aliases it names (aliases are evaluated when the module is imported).
    `joining`: aliases to quote, as their `|` would join a string (`Plan.joining`)."""
    local = {c.name for c in view.classes} | {a.name for a in view.aliases_before}
    before: list[AliasView] = []
    after: list[AliasView] = []
    for alias in sorted(view.aliases_before, key=lambda a: a.name):
        if alias.name in alias.references or alias.name in joining:
            # It names itself (an array of itself, say), or `|` would join it with a string.
            alias = dataclasses.replace(alias, quoted=True)
        (after if alias.references & local else before).append(alias)
    placed: list[AliasView] = []
    pending = list(after)
    while pending:
        ready = [a for a in pending if not (a.references & {p.name for p in pending} - {a.name})]
        if not ready:  # a cycle of aliases: quote what remains
            pending = [dataclasses.replace(a, quoted=True) for a in pending]
            ready = pending
        placed += ready
        pending = [a for a in pending if a not in ready]
    view.aliases_before, view.aliases_after = before, placed
    view.classes.sort(key=lambda c: (c.name != component, c.name))


def split_imports(
    view: ModuleView, imports: set[tuple[str, str]], cycle_of: dict[str, int]
) -> None:
    """Imports from modules that (transitively) import this one go to the bottom of the module,
    so that import cycles between mutually recursive schemas resolve; aliases that name what
    is imported there are quoted."""
    name = view.name
    grouped: dict[str, list[str]] = {}
    for module, imported in imports:
        if module != name:
            grouped.setdefault(module, []).append(imported)
    for module, imported_names in sorted(grouped.items(), key=lambda e: natural(e[0])):
        entry = (module, import_order(imported_names))
        if cycle_of[module] == cycle_of[name]:
            view.bottom_imports.append(entry)
        else:
            view.top_imports.append(entry)
    late = {n for _, names_ in view.bottom_imports for n in names_}
    view.aliases_before = [_quote_if(a, late) for a in view.aliases_before]
    view.aliases_after = [_quote_if(a, late) for a in view.aliases_after]


def _quote_if(alias: AliasView, late: set[str]) -> AliasView:
    return dataclasses.replace(alias, quoted=True) if alias.references & late else alias


def own_imports(view: ModuleView, spelled: set[str]) -> None:
    """The `typing` and `_runtime` names the module's code uses, so that the imports are exact
    and ruff has nothing to fix."""
    used = set(spelled)
    if view.classes:
        used |= {"Any", "JsonValue"}  # `_parse(cls, data: Any, ...)`, `extra_fields`
    if any(f.optional for c in view.classes for f in c.fields):
        used |= {"UNSET", "Unset"}
    if any(not f.optional for c in view.classes for f in c.own):  # `to_dict` or `_put`
        used.add("ABSENT")
    if view.aliases_before or view.aliases_after:
        used |= {"Any", "TypeAlias"}  # `X: TypeAlias = ...`, `dump_x(...) -> Any`
    if view.operation is not None:
        used.add("Final")  # `CREATE_RESPONSE: Final = _op.Operation(...)`
    view.typing_names = import_order(used & {"Any", "Final", "Literal", "TypeAlias"})
    view.runtime_names = import_order(
        used & {"ABSENT", "UNSET", "FileUpload", "JsonValue", "Unset", "UnknownVariant"}
    )


def natural(name: str) -> tuple[list[tuple[int, int | str]], str]:
    """ruff's isort order: natural (`a2` < `a10`), ignoring case, then the exact spelling."""
    chunks: list[tuple[int, int | str]] = [
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.findall(r"\d+|\D+", name)
    ]
    return chunks, name


def import_order(names: list[str] | set[str]) -> list[str]:
    """Names of one `from ... import` in ruff's isort order: constants, classes, the rest."""

    def key(name: str) -> tuple[int, tuple[list[tuple[int, int | str]], str]]:
        group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
        return group, natural(name)

    return sorted(set(names), key=key)


def _strongly_connected(graph: dict[str, set[str]]) -> dict[str, int]:
    """Tarjan's algorithm, iterative: node -> component id."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: dict[str, int] = {}
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    result[member] = index[node]
                    if member == node:
                        break
    return result


def import_depth(layout: Plan) -> tuple[int, str]:
    """How many modules deep importing one module of the package can nest imports (at most:
    the longest path through the graph of modules, each strongly connected set of modules
    counted whole), and the module that starts that path."""
    graph = {
        module: {layout.refs[t].module for d in defs for t in def_targets(d)} - {module}
        for module, defs in layout.members.items()
    }
    size: dict[int, int] = {}
    for cycle in layout.cycle_of.values():
        size[cycle] = size.get(cycle, 0) + 1
    below: dict[int, set[int]] = {c: set() for c in size}
    for module, imported in graph.items():
        below[layout.cycle_of[module]] |= {layout.cycle_of[m] for m in imported}
    for cycle, targets_ in below.items():
        targets_.discard(cycle)
    depth: dict[int, int] = {}
    for start in sorted(size):  # iterative post-order: the chain may be long
        stack = [(start, False)]
        while stack:
            cycle, done = stack.pop()
            if done:
                depth[cycle] = size[cycle] + max((depth[c] for c in below[cycle]), default=0)
            elif cycle not in depth:
                stack.append((cycle, True))
                stack.extend((c, False) for c in below[cycle] if c not in depth)
    deepest = max(depth.values(), default=0)
    first = min((m for m, c in layout.cycle_of.items() if depth[c] == deepest), default="")
    return deepest, first
