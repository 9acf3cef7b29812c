"""View data of an operation's descriptor (`templates/operation.jinja`): plain strings and
lists, the expressions of its parse and dump functions included (`Cls.from_dict`,
`parse_<stem>`), read from the named IR (`ir_ops.Operation`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import docs, ir
from .ir_ops import Operation
from .naming import Names


@dataclass(frozen=True)
class ParameterView:
    key: str
    name: str
    location: str
    required: bool
    style: str
    explode: bool


@dataclass(frozen=True)
class BodyView:
    media_type: str
    required: bool
    parse: str
    dump: str
    part_types: list[tuple[str, str]]


@dataclass(frozen=True)
class ResponseView:
    status: str
    media_types: list[str]
    parse: str | None
    parse_event: str | None
    parse_event_json: str | None  # of one event's data as JSON text (for `iter_events`)


@dataclass
class OperationView:
    const: str
    operation_id: str
    method: str
    path: str
    doc: str
    params: str | None
    parameters: list[ParameterView] = field(default_factory=list)
    bodies: list[BodyView] = field(default_factory=list)
    responses: list[ResponseView] = field(default_factory=list)


def operation_view(op: Operation, names: Names, defs: dict[str, ir.NamedDef]) -> OperationView:
    def parse(pointer: str) -> str:
        if isinstance(defs[pointer], ir.ClassDef):
            return f"{names.of[pointer]}.from_dict"
        return f"parse_{names.snake(pointer)}"

    def parse_json(pointer: str) -> str:
        if isinstance(defs[pointer], ir.ClassDef):
            return f"{names.of[pointer]}.from_json"
        return f"parse_{names.snake(pointer)}_json"

    def dump(pointer: str) -> str:
        if isinstance(defs[pointer], ir.ClassDef):
            return f"{names.of[pointer]}.to_dict"
        return f"dump_{names.snake(pointer)}"

    return OperationView(
        const=names.const[op.pointer],
        operation_id=op.operation_id,
        method=op.method,
        path=op.path,
        doc=_doc(op, names),
        params=names.of[op.params] if op.params is not None else None,
        parameters=[
            ParameterView(p.key, p.name, p.location, p.required, p.style, p.explode)
            for p in op.parameters
        ],
        bodies=[
            BodyView(
                b.media_type, b.required, parse(b.pointer), dump(b.pointer), list(b.part_types)
            )
            for b in op.bodies
        ],
        responses=[
            ResponseView(
                r.status,
                list(r.media_types),
                parse(r.json) if r.json else None,
                parse(r.events) if r.events else None,
                parse_json(r.events) if r.events else None,
            )
            for r in op.responses
        ],
    )


def _doc(op: Operation, names: Names) -> str:
    """The descriptor's docstring: the operation's summary, and what each part is."""
    head = f"`{op.method} {op.path}` (`{op.operation_id}`)"
    lines = [head + (": deprecated." if op.deprecated else ".")]
    if op.summary:
        lines += ["", op.summary.strip()]
    parts = []
    if op.params is not None:
        parts.append(f"- parameters: `{names.of[op.params]}`")
    for b in op.bodies:
        parts.append(f"- request body ({b.media_type}): `{names.of[b.pointer]}`")
    for r in op.responses:
        kinds = []
        if r.json:
            kinds.append(f"`{names.of[r.json]}`")
        if r.events:
            kinds.append(f"events `{names.of[r.events]}`")
        other = [m for m in r.media_types if m != "text/event-stream" and "json" not in m]
        kinds += [f"`{m}` (bytes)" for m in other]
        parts.append(f"- response {r.status}: " + (", ".join(kinds) or "no body"))
    return docs.wrap("\n".join([*lines, "", *parts]).strip())
