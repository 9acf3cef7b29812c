"""The operations of the IR: what a selected `paths` operation takes and returns, as frozen
data that names the definitions (`ir.NamedDef`, by pointer) of its parameters, request bodies,
responses and event streams. Built by `build/operations.py`, named by `naming`, rendered as the
operation's module and its `Operation` descriptor (`templates/operation.jinja`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Location: TypeAlias = Literal["path", "query", "header", "cookie"]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Parameter:
    """One parameter, as the spec writes it: `name` is the wire name, `key` the JSON name of its
    field in the parameters class (the name, or `<in>.<name>` for a second parameter of that
    name in another location); `style` and `explode` as OpenAPI defaults them."""

    key: str
    name: str
    location: Location
    required: bool
    style: str
    explode: bool


@dataclass(frozen=True)
class Body:
    """A request body of one media type: `pointer` names its definition (a class, or an alias
    of what the schema is); `part_types`: of a `multipart/form-data` body, the content type the
    spec's `encoding` gives a property's part, (property, content type) in order."""

    media_type: str
    pointer: str
    required: bool
    part_types: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Response:
    """The responses of one status code (`200`, `4XX`, `default`): `json`, the definition of
    its JSON body (a union alias where the spec lists several), `events`, the definition of one
    event of its `text/event-stream`; `media_types`, every media type the spec lists."""

    status: str
    media_types: tuple[str, ...]
    description: str | None = None
    json: str | None = None
    events: str | None = None


@dataclass(frozen=True)
class Operation:
    """One operation. `component` is the key its definitions are grouped under
    (`NameHint.component`): its pointer, which no component name can be."""

    operation_id: str
    method: str  # upper case: `POST`
    path: str
    pointer: str
    summary: str | None
    deprecated: bool
    parameters: tuple[Parameter, ...]
    params: str | None  # the pointer of the parameters class (None: no parameter)
    bodies: tuple[Body, ...]
    responses: tuple[Response, ...]

    @property
    def component(self) -> str:
        return self.pointer

    @property
    def label(self) -> str:
        """`POST /responses`: how `--path` and messages name it."""
        return f"{self.method} {self.path}"
