"""Operations as roots: what a `paths` operation takes and returns, as named definitions.

For each selected operation (`--operation ID`, `--path 'METHOD /path'`, `--all`), after the
components: one class of its parameters (path-level ones included, the operation's own
overriding them), a definition per request body media type that has a model (JSON, a
`multipart/form-data` or `application/x-www-form-urlencoded` form), and per status code the
definition of its JSON body and of one event of its `text/event-stream`. Each is keyed by a
pointer below the operation (`#/paths/~1responses/post/responses/200/...`), even where the spec
refers to a shared response or body (`$ref: '#/components/responses/X'`), so that every
operation names its own; they are named after the operation id by `naming`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from .. import ir
from ..errors import GeneratorError, Location
from ..ir_ops import METHODS, Body, Operation, Parameter, Response
from ..ir_ops import Location as In
from ..resolve import escape
from .objects import Objects
from .schema import Schema

LOCATIONS = ("path", "query", "header", "cookie")
# The OpenAPI default style of each location, and whether it explodes by default.
STYLES = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
STREAM = "text/event-stream"


def base_type(media_type: str) -> str:
    """A media type without its parameters, in lower case (`multipart/form-data`)."""
    return media_type.split(";", 1)[0].strip().lower()


def is_multipart(media_type: str) -> bool:
    return base_type(media_type) == "multipart/form-data"


def is_json(media_type: str) -> bool:
    base = base_type(media_type)
    return base == "application/json" or base.endswith("+json")


class Operations(Objects):
    def build(
        self,
        roots: list[str],
        everything: bool = False,
        operations: Sequence[str] = (),
        all_operations: bool = False,
    ) -> ir.Model:
        """The components (`BuilderCore.build`), then the selected operations: by id or by
        `METHOD /path` in `operations`, or every one (`all_operations`)."""
        chosen = self.select(operations, all_operations)  # unknown ones refused first
        model = super().build(roots, everything)
        if not chosen:
            return model
        ops = tuple(self.operation(*found) for found in chosen)
        model = replace(
            model,
            defs=tuple(self.defs.values()),
            components=tuple(sorted({d.hint.component for d in self.defs.values()})),
            operations=ops,
        )
        schemas = self.referenced_schemas(model.assertions())
        return replace(model, notes=tuple(sorted(set(self.notes))), schemas=schemas)

    # -- which operations ------------------------------------------------------------------

    def all_operations(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every operation of `paths`: (path, method, operation object), in document order."""
        paths = self.spec.top("paths")
        found: list[tuple[str, str, dict[str, Any]]] = []
        if not isinstance(paths, dict):
            return found
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    found.append((str(path), method, op))
        return found

    def select(
        self, wanted: Sequence[str], everything: bool
    ) -> list[tuple[str, str, dict[str, Any]]]:
        every = self.all_operations()
        by_id: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for entry in every:
            op_id = entry[2].get("operationId")
            if isinstance(op_id, str):
                if op_id in by_id:
                    raise self.source.error(
                        f"operationId {op_id!r} is used twice", _pointer(entry[0], entry[1])
                    )
                by_id[op_id] = entry
        if everything:
            return every
        by_label = {f"{method.upper()} {path}": (path, method, op) for path, method, op in every}
        chosen: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for name in wanted:
            method, _, path = name.strip().partition(" ")
            label = f"{method.upper()} {path.strip()}"
            found = by_id.get(name) or by_label.get(label)
            if found is None:
                known = list(by_id) if not path else list(by_label)
                close = difflib.get_close_matches(name if not path else label, known, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                what = f"path {label!r}" if path else f"operation {name!r}"
                raise GeneratorError(
                    f"unknown {what}{hint}", Location(self.spec.path, pointer="#/paths")
                )
            chosen.setdefault(_pointer(found[0], found[1]), found)
        return [chosen[p] for p in sorted(chosen)]

    # -- one operation ---------------------------------------------------------------------

    def operation(self, path: str, method: str, op: dict[str, Any]) -> Operation:
        pointer = _pointer(path, method)
        op_id = op.get("operationId")
        if op_id is not None and not isinstance(op_id, str):
            raise self.source.error("operationId must be a string", f"{pointer}/operationId")
        summary = op.get("summary") or op.get("description")
        params, parameters = self.parameters(path, method, op, pointer)
        return Operation(
            operation_id=op_id or f"{method.upper()} {path}",
            method=method.upper(),
            path=path,
            pointer=pointer,
            summary=summary if isinstance(summary, str) else None,
            deprecated=op.get("deprecated") is True,
            parameters=parameters,
            params=params,
            bodies=self.bodies(op, pointer),
            responses=self.responses(op, pointer),
        )

    def _hint(self, pointer: str, *words: str) -> ir.NameHint:
        return ir.NameHint(component=pointer, owner=pointer, path=words, full_path=words)

    def _resolved(self, node: Any, pointer: str) -> tuple[Any, str]:
        """A `$ref`'d parameter, body or response followed (a few steps): (node, its pointer)."""
        for _ in range(8):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node, pointer
            ref = node["$ref"]
            node, pointer = self.resolver.lookup(ref, pointer), ref
        raise self.source.error("too many references in a row", pointer)

    def parameters(
        self, path: str, method: str, op: dict[str, Any], pointer: str
    ) -> tuple[str | None, tuple[Parameter, ...]]:
        """The parameters class (its pointer; None when there is no parameter) and each
        parameter: the path item's, then the operation's, which replace those of the same
        name and location."""
        item_pointer = f"#/paths/{escape(path)}"
        item = cast(dict[str, Any], self.spec.top("paths"))[path]
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for where, listed in ((item_pointer, item), (pointer, op)):
            raw = listed.get("parameters", [])
            if not isinstance(raw, list):
                raise self.source.error("parameters must be a list", f"{where}/parameters")
            for index, entry in enumerate(raw):
                node, at = self._resolved(entry, f"{where}/parameters/{index}")
                name, location = _name_in(node, at, self.source)
                found[(name, location)] = (node, at)
        if not found:
            return None, ()
        key = f"{pointer}/parameters"
        fields: list[ir.Field] = []
        parameters: list[Parameter] = []
        keys: set[str] = set()
        for (name, location), (node, at) in found.items():
            field_key = name if name not in keys else f"{location}.{name}"
            keys.add(field_key)
            schema_at, raw = f"{at}/schema", node.get("schema", True)
            content = node.get("content")
            if "schema" not in node and isinstance(content, dict) and content:
                media = next(iter(content))
                schema_at = f"{at}/content/{escape(str(media))}/schema"
                raw = (content[media] or {}).get("schema", True)
            self.places[schema_at] = self._hint(pointer, "params", field_key)
            required = location == "path" or node.get("required") is True
            made = self.field(field_key, Schema(raw, schema_at, self.source), required)
            described = node.get("description")
            described = described if isinstance(described, str) else made.description
            where = f"A {location} parameter" + (f", `{name}`." if field_key != name else ".")
            fields.append(
                replace(
                    made,
                    description=f"{described.rstrip()}\n\n{where}" if described else where,
                    deprecated=made.deprecated or node.get("deprecated") is True,
                )
            )
            style = node.get("style", STYLES[location])
            explode = node.get("explode", style == "form")
            parameters.append(
                Parameter(field_key, name, cast(In, location), required, str(style), explode)
            )
        self.defs[key] = ir.ClassDef(
            pointer=key,
            hint=self._hint(pointer, "params"),
            fields=tuple(fields),
            description=f"The parameters of `{method.upper()} {path}`.",
            additional="forbid",
        )
        return key, tuple(parameters)

    def bodies(self, op: dict[str, Any], pointer: str) -> tuple[Body, ...]:
        """A definition per media type with a model (JSON or a form); media types of one schema
        share its definition (`Body`), the first one named `Body`, others after their type."""
        raw = op.get("requestBody")
        if raw is None:
            return ()
        node, at = self._resolved(raw, f"{pointer}/requestBody")
        content = node.get("content") if isinstance(node, dict) else None
        if not isinstance(content, dict):
            raise self.source.error("a request body needs a content map", at)
        required = node.get("required") is True
        bodies: list[Body] = []
        made: list[tuple[Any, str]] = []  # (schema, definition pointer)
        for media, entry in content.items():
            media = str(media)
            if not (is_json(media) or base_type(media) in FORMS):
                continue
            schema = (entry or {}).get("schema", True) if isinstance(entry, dict) else True
            same = next((key for seen, key in made if seen == schema), None)
            if same is None:
                key = f"{pointer}/requestBody/content/{escape(media)}/schema"
                words = ("body",) if not made else ("body", media.split("/")[-1])
                node_at = f"{at}/content/{escape(media)}/schema"
                self._named(schema, node_at, key, self._hint(pointer, *words), node)
                made.append((schema, key))
                same = key
            parts = self.part_types(entry, f"{at}/content/{escape(media)}")
            bodies.append(Body(media, same, required, parts if is_multipart(media) else ()))
        return tuple(bodies)

    def part_types(self, entry: Any, at: str) -> tuple[tuple[str, str], ...]:
        """The content type the `encoding` of a `multipart/form-data` body gives a property's
        part (`sdp: {contentType: application/sdp}`): the first of a list (`image/png,
        image/jpeg`). One that is not a line of text is left out with a note (it would be a
        header of the part)."""
        encoding = entry.get("encoding") if isinstance(entry, dict) else None
        found: list[tuple[str, str]] = []
        for name, spec in (encoding if isinstance(encoding, dict) else {}).items():
            value = spec.get("contentType") if isinstance(spec, dict) else None
            if value is None:
                continue
            first = value.split(",")[0].strip() if isinstance(value, str) else ""
            if first and first.isprintable():
                found.append((str(name), first))
            else:
                where = f"{at}/encoding/{escape(str(name))}/contentType"
                self.notes.append(f"{where}: not a content type; the part is sent without it")
        return tuple(found)

    def responses(self, op: dict[str, Any], pointer: str) -> tuple[Response, ...]:
        raw = op.get("responses", {})
        if not isinstance(raw, dict):
            raise self.source.error("responses must be a map", f"{pointer}/responses")
        out: list[Response] = []
        for status in sorted(raw, key=str):
            here = f"{pointer}/responses/{escape(str(status))}"
            node, at = self._resolved(raw[status], here)
            if not isinstance(node, dict):
                raise self.source.error("a response must be an object", at)
            content = node.get("content") or {}
            media_types = tuple(str(m) for m in content) if isinstance(content, dict) else ()
            json_def = events = None
            for media in media_types:
                entry = content[media]
                schema = entry.get("schema", True) if isinstance(entry, dict) else True
                node_at = f"{at}/content/{escape(media)}/schema"
                key = f"{here}/content/{escape(media)}/schema"
                if json_def is None and is_json(media):
                    hint = self._hint(pointer, "response", str(status))
                    json_def = self._named(schema, node_at, key, hint, node)
                elif events is None and base_type(media) == STREAM:
                    hint = self._hint(pointer, "event", str(status))
                    events = self._named(schema, node_at, key, hint, node)
            description = node.get("description")
            out.append(
                Response(
                    str(status),
                    media_types,
                    description if isinstance(description, str) else None,
                    json_def,
                    events,
                )
            )
        return tuple(out)

    def _named(self, raw: Any, at: str, key: str, hint: ir.NameHint, owner: Any) -> str:
        """`raw` (at `at` in the spec) defined under `key`, with the inline schemas inside it
        named below `hint`; an alias without a description of its own takes the one of the
        body or response (`owner`) it is the schema of."""
        self.places[at] = hint
        if key not in self.defs:
            self.define(Schema(raw, at, self.source).expect(), key, hint, lambda: False)
            made, described = self.defs[key], owner.get("description")
            if isinstance(made, ir.AliasDef) and not made.description and described:
                self.defs[key] = replace(made, description=str(described))
        return key


def _pointer(path: str, method: str) -> str:
    return f"#/paths/{escape(path)}/{method}"


def _name_in(node: Any, at: str, source: Any) -> tuple[str, str]:
    if not isinstance(node, dict):
        raise source.error("a parameter must be an object", at)
    name, location = node.get("name"), node.get("in")
    if not isinstance(name, str) or location not in LOCATIONS:
        raise source.error(f"a parameter needs a name and an 'in' of {', '.join(LOCATIONS)}", at)
    return name, str(location)
