"""The JSON examples a spec carries, and recorded payloads, each with an id and the component
schema it should parse as (used by `python -m generator errata`).

Spec examples (the id is the example's JSON pointer in the spec):

- `x-oaiMeta.example` of a component schema (a JSON string, or an object), and the schema's own
  `example` and `examples` values: parsed as that component;
- `x-oaiMeta.examples` of an operation (a dict, or a list of dicts with a `title`): `response`
  is parsed as the schema of the operation's first 2xx `application/json` response and
  `error_response` as that of its first error response, when that schema is a `$ref` to a
  component (an inline schema or a stream is counted, not parsed);
- `example` and `examples.*.value` of the media types of request bodies and responses.

Only JSON counts: a string that `json.loads` rejects (comments, `...`) is counted as skipped.

Recorded payloads (`--payloads DIR`, every `*.json` and `*.jsonl` file below DIR) name their
schema by the file name, `<SchemaName>[.anything].json(l)` (`Response.json`,
`RealtimeServerEvent.session-1.jsonl`), or by a wrapper object
`{"schema": "Name", "payload": ...}` (optionally with a `description`), which wins over the
file name. A `.jsonl` file holds one payload per line (each line may be a wrapper), e.g. the
events of a session through the union alias `RealtimeServerEvent`. A name is a component
schema's name or the class or alias name the generator gives it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import GeneratorError, Location
from .resolve import COMPONENT_PREFIX, component_of, escape

__all__ = ["Example", "Extraction", "read_payloads", "spec_examples"]

Origin = Literal["spec", "payload"]
_JSON = "application/json"
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_WRAPPER_KEYS = frozenset({"schema", "payload", "description"})


@dataclass(frozen=True)
class Example:
    """One JSON value to parse: where it comes from and the component it should parse as."""

    id: str  # a JSON pointer in the spec, or `file` / `file:line` of a payload
    schema: str  # the component schema's name
    data: Any
    origin: Origin = "spec"
    raw: Any = None  # the value as the spec holds it (to compare with older specs)


@dataclass
class Extraction:
    """The spec's examples: those to parse, and how many were found and why some were not."""

    examples: list[Example] = field(default_factory=list)
    found: int = 0
    json: int = 0  # JSON-parsable
    repaired: int = 0  # of those, parsable once a trailing comma was dropped
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count

    def add(self, pointer: str, value: Any, schema: str | None, why: str, text: bool) -> None:
        """Count one example value; keep it when it is JSON and has a schema to parse as.
        `text`: the value is JSON text (x-oaiMeta), else it is the JSON value itself."""
        self.found += 1
        data = value
        if text and isinstance(value, str):
            try:
                data = json.loads(value)
            except ValueError:
                # A comma before a closing bracket is the one slip worth repairing (the
                # Realtime `session.created` example has it); the repair is counted.
                try:
                    data = json.loads(_TRAILING_COMMA.sub(r"\1", value))
                except ValueError:
                    self.skipped["not JSON (comments, `...` or plain text)"] += 1
                    return
                self.repaired += 1
        self.json += 1
        if schema is None:
            self.skipped[why] += 1
            return
        self.examples.append(Example(pointer, schema, data, "spec", value))


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape(str(t)) for t in tokens)


def spec_examples(spec: dict[str, Any]) -> Extraction:
    """Every example of the spec document `spec` (plain data), in document order."""
    out = Extraction()
    components = spec.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    for name, schema in (schemas or {}).items():
        if not isinstance(schema, dict):
            continue
        base = ("components", "schemas", name)
        meta = schema.get("x-oaiMeta")
        if isinstance(meta, dict) and meta.get("example") is not None:
            out.add(pointer(*base, "x-oaiMeta", "example"), meta["example"], name, "", True)
        if "example" in schema:
            out.add(pointer(*base, "example"), schema["example"], name, "", False)
        if isinstance(schema.get("examples"), list):
            for i, value in enumerate(schema["examples"]):
                out.add(pointer(*base, "examples", i), value, name, "", False)
    paths = spec.get("paths")
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        for method, op in (item if isinstance(item, dict) else {}).items():
            if isinstance(op, dict):
                _operation(spec, out, ("paths", path, method), op)
    return out


def _operation(spec: Any, out: Extraction, base: tuple[str, ...], op: dict[str, Any]) -> None:
    responses = op.get("responses")
    if not isinstance(responses, dict):
        responses = {}
    meta = op.get("x-oaiMeta")
    listed = meta.get("examples") if isinstance(meta, dict) else None
    cases: list[tuple[tuple[str | int, ...], Any]] = []
    if isinstance(listed, dict):
        cases = [((), listed)]
    elif isinstance(listed, list):
        cases = [((i,), case) for i, case in enumerate(listed)]
    for tokens, case in cases:
        if not isinstance(case, dict):
            continue
        for key, success in (("response", True), ("error_response", False)):
            if isinstance(case.get(key), str):
                name, why = _response_schema(spec, responses, success)
                at = pointer(*base, "x-oaiMeta", "examples", *tokens, key)
                out.add(at, case[key], name, why, True)
    body = _deref(spec, op.get("requestBody"))
    if isinstance(body, dict):
        _media(spec, out, (*base, "requestBody"), body.get("content"))
    for code, response in responses.items():
        response = _deref(spec, response)
        if isinstance(response, dict):
            _media(spec, out, (*base, "responses", str(code)), response.get("content"))


def _media(spec: Any, out: Extraction, base: tuple[str, ...], content: Any) -> None:
    for media_type, media in (content if isinstance(content, dict) else {}).items():
        if not isinstance(media, dict):
            continue
        where = (*base, "content", media_type)
        name, why = _schema_name(spec, media.get("schema"), media_type)
        if "example" in media:
            out.add(pointer(*where, "example"), media["example"], name, why, False)
        examples = media.get("examples")
        for key, example in (examples if isinstance(examples, dict) else {}).items():
            example = _deref(spec, example)
            if isinstance(example, dict) and "value" in example:
                at = pointer(*where, "examples", key, "value")
                out.add(at, example["value"], name, why, False)


def _response_schema(spec: Any, responses: dict[str, Any], success: bool) -> tuple[str | None, str]:
    """The component a response example parses as, or (None, why not)."""
    by_code = {str(code): response for code, response in responses.items()}
    codes = sorted(c for c in by_code if c.startswith("2") == success)
    if not codes:
        return None, "no 2xx response" if success else "no error response"
    for code in codes:
        response = _deref(spec, by_code[code])
        content = response.get("content") if isinstance(response, dict) else None
        if isinstance(content, dict) and _JSON in content:
            media = content[_JSON]
            return _schema_name(
                spec, media.get("schema") if isinstance(media, dict) else None, _JSON
            )
        if isinstance(content, dict) and any("event-stream" in str(m) for m in content):
            return None, "a stream response"
    return None, "no application/json response"


def _schema_name(spec: Any, schema: Any, media_type: str) -> tuple[str | None, str]:
    if "json" not in media_type:
        return None, f"a {media_type} body"
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    name = component_of(ref) if isinstance(ref, str) else None
    if name is None or len(schema) > 1 and not _only_docs(schema):
        return None, "an inline schema (only `$ref`s to components are parsed)"
    return name, ""


def _only_docs(schema: dict[str, Any]) -> bool:
    return all(k in ("$ref", "description", "title", "summary") for k in schema)


def _deref(spec: Any, node: Any) -> Any:
    """Follow `$ref`s to `#/components/responses|requestBodies|examples/...`."""
    for _ in range(10):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/") or ref.startswith(COMPONENT_PREFIX):
            return node
        target: Any = spec
        for raw in ref[2:].split("/"):
            token = raw.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        node = target
    return node


# ---------------------------------------------------------------------------------------------
# Recorded payloads
# ---------------------------------------------------------------------------------------------


def read_payloads(
    directory: Path, resolve: Callable[[str], str | None], names: list[str]
) -> list[Example]:
    """Every payload of `*.json` and `*.jsonl` files below `directory` (sorted by path).
    `resolve` turns a schema name or generated name into a component name (None if unknown);
    `names` are the known names, for suggestions. Bad input raises GeneratorError."""
    if not directory.is_dir():
        raise GeneratorError("payload directory not found", Location(str(directory)))
    files = sorted(
        p for p in directory.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl")
    )
    out: list[Example] = []
    for path in files:
        label = path.relative_to(directory).as_posix()
        from_name = _name_from_file(path.name, resolve)
        for line, data in _payload_values(path):
            ident = f"{directory.resolve().name}/{label}" + (
                f":{line}" if path.suffix == ".jsonl" else ""
            )
            where = Location(str(path), line if path.suffix == ".jsonl" else None)
            schema, data = _unwrap(data, resolve, names, where)
            if schema is None:
                schema = from_name
            if schema is None:
                close = difflib.get_close_matches(path.name.split(".")[0], names, n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                raise GeneratorError(
                    f"the file name names no schema of the spec{hint}: name the file "
                    "<SchemaName>[.anything].json(l) or wrap the payload as "
                    '{"schema": "SchemaName", "payload": ...}',
                    where,
                )
            out.append(Example(ident, schema, data, "payload"))
    return out


def _name_from_file(filename: str, resolve: Callable[[str], str | None]) -> str | None:
    """The schema a file name gives: the longest dot-separated prefix that names one (names
    may contain dots)."""
    stem = filename.rsplit(".", 1)[0]
    parts = stem.split(".")
    for end in range(len(parts), 0, -1):
        found = resolve(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def _payload_values(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, value) of each payload of a file: one for `.json`, one per line for `.jsonl`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GeneratorError(f"cannot read payload file: {exc}", Location(str(path))) from None
    if path.suffix == ".json":
        yield 1, _loads(text, path, 0)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, _loads(line, path, number - 1)


def _loads(text: str, path: Path, first_line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = Location(str(path), first_line + exc.lineno, exc.colno)
        raise GeneratorError(f"invalid JSON: {exc.msg}", where) from None


def _unwrap(
    data: Any, resolve: Callable[[str], str | None], names: list[str], where: Location
) -> tuple[str | None, Any]:
    """(schema, payload) of a `{"schema": ..., "payload": ...}` wrapper; (None, data) else."""
    if not (
        isinstance(data, dict)
        and isinstance(data.get("schema"), str)
        and "payload" in data
        and set(data) <= _WRAPPER_KEYS
    ):
        return None, data
    name = data["schema"]
    found = resolve(name)
    if found is None:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise GeneratorError(f"the payload names an unknown schema {name!r}{hint}", where)
    return found, data["payload"]
