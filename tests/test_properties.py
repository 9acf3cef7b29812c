"""Property tests against the spec itself: the RealtimeSession schema is resolved from
spec/openapi.yaml into one self-contained JSON Schema; instances generated from it (with
hypothesis-jsonschema) parse and round-trip exactly, and mutated instances are rejected by our
strict parser exactly when `jsonschema` rejects them, apart from the documented deviations
below."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator, validators
from openai_models import RealtimeSession, ValidationError

from generator.config import load_settings
from generator.load import load_spec
from generator.overlay import apply_overlays
from generator.resolve import Resolver
from tests._json_compare import assert_same_json
from tests.conftest import PAYLOADS, ROOT, SPEC

# --- the resolved schema -------------------------------------------------------------------

ROOT_SCHEMA = "RealtimeSession"
# Keywords whose value is a map of name -> subschema, a subschema, or a list of subschemas.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_ONE = (
    "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
    "unevaluatedProperties", "unevaluatedItems",
)  # fmt: skip
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
# OpenAPI-only keywords (and annotations that validate nothing), dropped.
_DROPPED = ("discriminator", "example", "examples", "xml", "externalDocs", "deprecated")


@cache
def resolved_schema() -> tuple[dict[str, Any], frozenset[str]]:
    """The RealtimeSession schema with every $ref inlined, and the components it used; from the
    spec with the project's overlays applied (the errata), as the committed package is."""
    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    settings = load_settings(ROOT / "pyproject.toml", {"roots": ["RealtimeSession"]})
    apply_overlays(spec, settings.overlays)
    components = spec["components"]["schemas"]
    used = {ROOT_SCHEMA}

    def convert(node: dict[str, Any], stack: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key.startswith("x-") or key in _DROPPED:
                continue
            if key == "$ref":
                name = value.removeprefix("#/components/schemas/")
                assert name not in stack, f"recursive schema: {stack} -> {name}"
                used.add(name)
                for k, v in convert(components[name], (*stack, name)).items():
                    assert k not in out, f"$ref beside {k!r} in {stack}"
                    out[k] = v
            elif key in _SCHEMA_MAPS:
                out[key] = {name: convert(sub, stack) for name, sub in value.items()}
            elif key in _SCHEMA_ONE and isinstance(value, dict):
                out[key] = convert(value, stack)
            elif key in _SCHEMA_LISTS:
                out[key] = [convert(sub, stack) for sub in value]
            else:
                out[key] = copy.deepcopy(value)
        return out

    schema = convert(components[ROOT_SCHEMA], (ROOT_SCHEMA,))
    return schema, frozenset(used)


def spec_schema() -> dict[str, Any]:
    return resolved_schema()[0]


# --- the documented deviations of our parser from the spec's JSON Schema --------------------
# (a) `input_audio_noise_reduction` is `type: object` with `default: null`; the generator reads
#     the null default as "can be set to null" (as the description says), so null is accepted.
# (b) An integer field takes only a JSON integer: 5.0 is rejected, though jsonschema counts
#     a float with an integral value as an integer.
# (c) `modalities` has `items` but no `type`; the generator reads `items` as `type: array`, so
#     a non-array is rejected, though jsonschema accepts any non-array there. (Not in the
#     brief's list of leniencies: reported to the lead for a decision.)
# The oracle below is jsonschema on the spec schema with exactly these three changes.


@cache
def parser_schema() -> dict[str, Any]:
    schema = copy.deepcopy(spec_schema())
    props = schema["properties"]
    noise = props["input_audio_noise_reduction"]
    assert noise["type"] == "object" and noise["default"] is None  # (a) still applies
    noise["type"] = ["object", "null"]
    modalities = props["modalities"]
    assert "type" not in modalities and "items" in modalities  # (c) still applies
    modalities["type"] = "array"
    return schema


_JSON_INTEGER_ONLY = Draft202012Validator.TYPE_CHECKER.redefine(  # (b)
    "integer", lambda _checker, instance: type(instance) is int
)
ParserOracle = validators.extend(Draft202012Validator, type_checker=_JSON_INTEGER_ONLY)


@cache
def spec_validator() -> Draft202012Validator:
    return Draft202012Validator(spec_schema())


@cache
def oracle() -> Draft202012Validator:
    return ParserOracle(parser_schema())


def expected_accept(instance: Any) -> bool:
    accept = bool(oracle().is_valid(instance))
    if accept != spec_validator().is_valid(instance):
        event("documented deviation from the spec schema")
    return accept


def parses(instance: Any) -> tuple[bool, list[str]]:
    try:
        RealtimeSession.from_dict(instance)
    except ValidationError as exc:
        return False, [e.path for e in exc.errors]
    return True, []


def check_round_trip(instance: Any) -> None:
    session = RealtimeSession.from_dict(instance)
    assert_same_json(session.to_dict(), instance)
    assert_same_json(json.loads(session.to_json()), instance)
    assert RealtimeSession.from_dict(instance, strict=False) == session


# --- generation strategies ------------------------------------------------------------------


def _closed(node: Any) -> Any:
    """A copy where objects with declared properties allow no others: instances of it are
    instances of the spec schema whose every location is one the schema describes."""
    if isinstance(node, list):
        return [_closed(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {name: _closed(sub) for name, sub in value.items()}
        else:
            out[key] = _closed(value)
    if "properties" in node and "additionalProperties" not in node:
        out["additionalProperties"] = False
    return out


def per_property(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose properties are each drawn (or left out) with `from_schema` of that
    property's schema: every nested field turns up often, at a fraction of the cost of
    hypothesis-jsonschema's own object strategy on the whole schema."""
    return st.fixed_dictionaries(
        {}, optional={name: from_schema(sub) for name, sub in schema["properties"].items()}
    )


@cache
def spec_instances() -> st.SearchStrategy[Any]:
    """Instances of the spec schema as it is (unknown keys included)."""
    schema = spec_schema()
    return st.one_of(from_schema(schema), per_property(schema))


@cache
def described_instances() -> st.SearchStrategy[dict[str, Any]]:
    """Instances of the schema our parser implements in which every place is one the schema
    describes: the starting points of mutations."""
    return per_property(_closed(parser_schema()))


PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the schema itself ----------------------------------------------------------------------


def test_resolved_schema_is_self_contained() -> None:
    schema, used = resolved_schema()
    Draft202012Validator.check_schema(schema)
    text = json.dumps(schema)
    assert '"$ref"' not in text
    assert '"x-' not in text and '"discriminator"' not in text
    # what the generator's own closure takes (tests/test_generator.py checks that one)
    assert used == set(Resolver(load_spec(SPEC)).closure([ROOT_SCHEMA])), sorted(used)
    assert {"RealtimeTurnDetection", "Prompt", "InputFileContent", "VoiceIdsShared"} <= used
    # A property called "description" is data, not an annotation: it must survive.
    assert "description" in schema["properties"]["tools"]["items"]["properties"]
    Draft202012Validator.check_schema(parser_schema())


@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_oracle_agrees_with_the_shared_payloads(kind: str) -> None:
    for path in sorted((PAYLOADS / kind).glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        assert spec_validator().is_valid(payload) == (kind == "valid"), path.name
        assert oracle().is_valid(payload) == (kind == "valid"), path.name
        assert parses(payload)[0] == (kind == "valid"), path.name


# --- generated instances --------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(instance=spec_instances())
def test_spec_instances_parse_and_round_trip(instance: Any) -> None:
    if expected_accept(instance):
        check_round_trip(instance)
    else:
        # Only deviation (c) can make an instance of the spec schema invalid for us.
        assert not isinstance(instance.get("modalities"), list)
        assert parses(instance) == (False, ["modalities"])


# --- mutations ------------------------------------------------------------------------------

Path = tuple[str | int, ...]

# Replacement values: every JSON type, the bounds and just past them, integral floats, the
# enum/const/tag values of the schema (so that some mutations stay valid), unknown strings.
REPLACEMENTS: list[Any] = [
    None, True, False, 0, 1, -1, 5, 4999, 5000, 30000, 30001, 2**40,
    0.0, 0.1, 0.24, 0.25, 1.5, 1.51, 3.0, 5.0, 5000.0, -2.5, 1e300,
    "", "zz-unknown", "auto", "inf", "function", "server_vad", "semantic_vad", "text", "audio",
    "pcm16", "near_field", "realtime.session", "input_text", "input_image", "input_file",
    "explicit", "low", "item.input_audio_transcription.logprobs",
    [], [1], ["text"], [{}], [None], {}, {"type": "server_vad"}, {"id": "p"}, {"type": "input_text"},
]  # fmt: skip


def locations(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if type(value) is dict:
        for key, sub in value.items():
            yield from locations(sub, (*path, key))
    elif type(value) is list:
        for index, sub in enumerate(value):
            yield from locations(sub, (*path, index))


def format_path(path: Path) -> str:
    """The path as the generated code writes it (see _runtime.at and _runtime.item)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out = f"{out}.{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


def get_parent(instance: Any, path: Path) -> Any:
    for part in path[:-1]:
        instance = instance[part]
    return instance


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Any, str, Path]:
    """A generated instance with one change; returns it, the kind of change and its place."""
    instance = copy.deepcopy(draw(described_instances()))
    places = [p for p, _ in locations(instance)]
    objects = [p for p, v in locations(instance) if type(v) is dict]
    ints = [p for p, v in locations(instance) if type(v) is int and p]
    strings = [p for p, v in locations(instance) if type(v) is str]
    kinds = ["replace", "replace", "add_key"]
    kinds += ["drop_key"] if any(get_parent(instance, (*o, "")) for o in objects) else []
    kinds += ["integral_float"] if ints else []
    kinds += ["unknown_string"] if strings else []
    kind = draw(st.sampled_from(kinds))
    if kind == "drop_key":
        where = draw(st.sampled_from([o for o in objects if get_parent(instance, (*o, ""))]))
        target = get_parent(instance, (*where, ""))
        key = draw(st.sampled_from(sorted(target)))
        del target[key]
        return instance, kind, (*where, key)
    if kind == "add_key":
        where = draw(st.sampled_from(objects))
        key = draw(st.sampled_from(["x_new", "type", "id", "text", "detail", "mode", "z"]))
        get_parent(instance, (*where, ""))[key] = draw(st.sampled_from(REPLACEMENTS))
        return instance, kind, (*where, key)
    if kind == "integral_float":
        where = draw(st.sampled_from(ints))
        value: Any = float(get_parent(instance, where)[where[-1]])
    elif kind == "unknown_string":
        where = draw(st.sampled_from(strings))
        value = "zz-" + draw(st.sampled_from(["unknown", "", "auto", "function"]))
    else:
        where = draw(st.sampled_from(places))
        value = copy.deepcopy(draw(st.sampled_from(REPLACEMENTS)))
    if not where:
        return value, kind, where
    get_parent(instance, where)[where[-1]] = value
    return instance, kind, where


def related(error_path: str, where: Path) -> bool:
    """Whether an error path names the changed place, one of its ancestors (a union or an
    object that fails as a whole) or something inside it; for a changed tag (`type`), anything
    in the tagged object (another member then misses its required properties)."""
    anchor = where[:-1] if where and where[-1] == "type" else where
    ancestors = {format_path(where[:i]) for i in range(len(where) + 1)}
    inside = format_path(anchor)
    return (
        error_path in ancestors
        or not inside
        or error_path == inside
        or error_path.startswith((inside + ".", inside + "["))
    )


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated())
def test_mutations_are_rejected_exactly_when_the_schema_rejects(
    case: tuple[Any, str, Path],
) -> None:
    instance, kind, where = case
    note(f"{kind} at {format_path(where)!r}: {instance!r}")
    expected = expected_accept(instance)
    accepted, paths = parses(instance)
    event(f"{kind}: {'accepted' if expected else 'rejected'}")
    if expected:
        assert accepted, f"we reject what the schema accepts: {paths}"
        check_round_trip(instance)
    else:
        schema_errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in oracle().iter_errors(instance)
        ]
        assert not accepted, f"we accept what the schema rejects: {schema_errors}"
        assert any(related(p, where) for p in paths), (paths, format_path(where))


# The same check on hand-picked mutations of one full instance, so that every nested
# required property, bound, enum and union is exercised on every run.
FULL: dict[str, Any] = {
    "id": "sess_1",
    "object": "realtime.session",
    "modalities": ["text", "audio"],
    "model": "gpt-realtime",
    "voice": "ash",
    "input_audio_format": "pcm16",
    "input_audio_transcription": {"model": "whisper-1", "languages": ["en"]},
    "turn_detection": {"type": "server_vad", "idle_timeout_ms": 6000, "prefix_padding_ms": 300},
    "input_audio_noise_reduction": {"type": "far_field"},
    "speed": 1.0,
    "tracing": {"workflow_name": "w", "metadata": {"a": 1}},
    "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
    "temperature": 0.8,
    "max_response_output_tokens": 4096,
    "expires_at": 1742188264,
    "prompt": {
        "id": "pmpt_1",
        "version": None,
        "variables": {
            "s": "text",
            "t": {
                "type": "input_text",
                "text": "hi",
                "prompt_cache_breakpoint": {"mode": "explicit"},
            },
            "i": {"type": "input_image", "detail": "high", "image_url": None, "file_id": "f"},
            "f": {"type": "input_file", "detail": "low", "file_id": None, "filename": "a.pdf"},
        },
    },
    "include": ["item.input_audio_transcription.logprobs"],
}
_DROP = object()
HAND_MUTATIONS: list[tuple[Path, Any]] = [
    (("turn_detection", "type"), _DROP),
    (("turn_detection", "type"), "semantic_vad"),  # then idle_timeout_ms etc. are unknown keys
    (("turn_detection", "idle_timeout_ms"), 4999),
    (("turn_detection", "idle_timeout_ms"), 30001),
    (("turn_detection", "idle_timeout_ms"), 30000),
    (("turn_detection", "idle_timeout_ms"), None),
    (("turn_detection", "idle_timeout_ms"), 6000.0),
    (("turn_detection", "prefix_padding_ms"), 300.0),
    (("turn_detection",), {"type": "semantic_vad", "eagerness": "auto"}),
    (("turn_detection",), {"type": "semantic_vad", "eagerness": "fast"}),
    (("prompt", "id"), _DROP),
    (("prompt", "id"), None),
    (("prompt", "version"), 2),
    (("prompt", "variables"), None),
    (("prompt", "variables", "s"), None),
    (("prompt", "variables", "s"), 1),
    (("prompt", "variables", "t", "text"), _DROP),
    (("prompt", "variables", "t", "type"), _DROP),
    (("prompt", "variables", "t", "type"), "input_file"),  # valid: an input_file needs only type
    (("prompt", "variables", "t", "type"), "input_image"),  # invalid: detail is missing
    (("prompt", "variables", "t", "prompt_cache_breakpoint", "mode"), _DROP),
    (("prompt", "variables", "t", "prompt_cache_breakpoint", "mode"), "implicit"),
    (("prompt", "variables", "i", "detail"), _DROP),
    (("prompt", "variables", "i", "detail"), "original"),
    (("prompt", "variables", "i", "image_url"), 1),
    (("prompt", "variables", "f", "detail"), "original"),
    (("prompt", "variables", "f", "type"), _DROP),
    (("prompt",), None),
    (("input_audio_transcription", "languages"), []),
    (("input_audio_transcription", "languages", 0), 1),
    (("input_audio_transcription", "model"), "whisper-9"),
    (("input_audio_transcription",), None),
    (("input_audio_noise_reduction", "type"), "mid_field"),
    (("input_audio_noise_reduction",), None),  # deviation (a)
    (("speed",), 0.25),
    (("speed",), 1.5),
    (("speed",), 1.500001),
    (("speed",), 0.2499),
    (("speed",), 1),
    (("speed",), "1.0"),
    (("temperature",), 100),
    (("tracing",), "auto"),
    (("tracing",), "off"),
    (("tracing",), None),
    (("tracing", "metadata"), []),
    (("tracing", "group_id"), 1),
    (("tools",), None),
    (("tools", 0), "function"),
    (("tools", 0, "type"), _DROP),
    (("tools", 0, "parameters"), "{}"),
    (("max_response_output_tokens",), "inf"),
    (("max_response_output_tokens",), 4096.0),  # deviation (b)
    (("max_response_output_tokens",), -1),
    (("expires_at",), 1742188264.0),  # deviation (b)
    (("modalities",), "text"),  # deviation (c)
    (("modalities",), None),  # deviation (c)
    (("modalities",), []),
    (("modalities", 1), "AUDIO"),
    (("include",), None),
    (("include", 0), "item.input_audio_transcription"),
    (("voice",), "someone-new"),
    (("voice",), None),
    (("model",), 4),
    (("object",), None),
    (("id",), None),
]  # fmt: skip


def test_full_instance_is_valid() -> None:
    assert spec_validator().is_valid(FULL)
    check_round_trip(FULL)


@pytest.mark.parametrize(
    ("where", "value"), HAND_MUTATIONS, ids=[f"{format_path(w)}={v!r}" for w, v in HAND_MUTATIONS]
)
def test_hand_mutations_are_rejected_exactly_when_the_schema_rejects(
    where: Path, value: Any
) -> None:
    instance = copy.deepcopy(FULL)
    parent = get_parent(instance, where)
    if value is _DROP:
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    expected = oracle().is_valid(instance)
    accepted, paths = parses(instance)
    assert accepted == expected, paths
    if expected:
        check_round_trip(instance)
    else:
        assert any(related(p, where) for p in paths), (paths, format_path(where))


# --- the deviations, one by one: each must stay exactly as documented ------------------------


def test_deviation_a_null_noise_reduction_is_accepted() -> None:
    instance = {"input_audio_noise_reduction": None}
    assert not spec_validator().is_valid(instance)
    check_round_trip(instance)


@pytest.mark.parametrize(
    "instance",
    [
        {"expires_at": 5.0},
        {"max_response_output_tokens": 4096.0},
        {"turn_detection": {"type": "server_vad", "prefix_padding_ms": 300.0}},
        {"turn_detection": {"type": "server_vad", "silence_duration_ms": 500.0}},
        {"turn_detection": {"type": "server_vad", "idle_timeout_ms": 6000.0}},
    ],
)
def test_deviation_b_integral_floats_are_not_integers(instance: dict[str, Any]) -> None:
    assert spec_validator().is_valid(instance)
    accepted, paths = parses(instance)
    assert not accepted and len(paths) == 1
    assert paths[0].split(".")[0] in instance


@pytest.mark.parametrize("value", ["text", None, 1, {"0": "text"}, True])
def test_deviation_c_modalities_must_be_an_array(value: Any) -> None:
    instance = {"modalities": value}
    assert spec_validator().is_valid(instance)
    assert parses(instance) == (False, ["modalities"])
