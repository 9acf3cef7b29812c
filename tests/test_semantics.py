"""The behaviour the generated RealtimeSession package promises: absent/null/value, unknown
keys, discriminated unions, strict and lenient parsing, errors, aliases, and robustness
against any input."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openai_models import (
    UNSET,
    ErrorDetail,
    InputImageContent,
    InputTextContent,
    RealtimeFunctionTool,
    RealtimeSession,
    RealtimeSessionInputAudioNoiseReduction,
    RealtimeSessionTracingConfiguration,
    RealtimeTurnDetectionSemanticVad,
    RealtimeTurnDetectionServerVad,
    UnknownVariant,
    Unset,
    ValidationError,
    dump_realtime_turn_detection,
    dump_response_prompt_variables,
    dump_voice_ids_shared,
    parse_realtime_turn_detection,
    parse_response_prompt_variables,
    parse_voice_ids_shared,
)

from tests._json_compare import assert_same_json


def error_paths(data: Any, *, strict: bool = True) -> list[str]:
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict(data, strict=strict)
    assert info.value.errors, "a ValidationError lists at least one problem"
    assert all(isinstance(e, ErrorDetail) for e in info.value.errors)
    return [e.path for e in info.value.errors]


def round_trip(data: Any, *, strict: bool = True) -> RealtimeSession:
    session = RealtimeSession.from_dict(data, strict=strict)
    assert_same_json(session.to_dict(), data)
    assert_same_json(json.loads(session.to_json()), data)
    return session


# --- absent / null / value ----------------------------------------------------------------

NULLABLE_VALUES = {
    "turn_detection": ({"type": "server_vad", "threshold": 0.5}, RealtimeTurnDetectionServerVad),
    "tracing": ({"workflow_name": "wf", "metadata": {"k": 1}}, RealtimeSessionTracingConfiguration),
    "input_audio_noise_reduction": (
        {"type": "near_field"},
        RealtimeSessionInputAudioNoiseReduction,
    ),
}


@pytest.mark.parametrize("field", sorted(NULLABLE_VALUES))
def test_nullable_field_keeps_three_states(field: str) -> None:
    value, cls = NULLABLE_VALUES[field]
    absent = round_trip({})
    assert getattr(absent, field) is UNSET
    assert isinstance(getattr(absent, field), Unset)
    assert field not in absent.to_dict()

    null = round_trip({field: None})
    assert getattr(null, field) is None
    assert null.to_dict() == {field: None}

    present = round_trip({field: value})
    assert type(getattr(present, field)) is cls
    assert present.to_dict() == {field: value}

    assert len({repr(absent), repr(null), repr(present)}) == 3
    assert absent != null != present != absent


def test_optional_non_nullable_field_rejects_null() -> None:
    assert RealtimeSession.from_dict({}).speed is UNSET
    assert RealtimeSession.from_dict({"speed": 1.25}).speed == 1.25
    assert error_paths({"speed": None}) == ["speed"]
    # strict=False keeps the null and warns: see tests/test_tolerant.py


def test_constructor_writes_only_what_was_given() -> None:
    assert RealtimeSession().to_dict() == {}
    assert RealtimeSession(speed=1.1).to_dict() == {"speed": 1.1}
    assert RealtimeSession(tracing=None).to_dict() == {"tracing": None}
    assert RealtimeSession(tracing="auto", turn_detection=None).to_dict() == {
        "turn_detection": None,
        "tracing": "auto",
    }
    td = RealtimeTurnDetectionSemanticVad(type="semantic_vad", eagerness="high")
    assert RealtimeSession(turn_detection=td).to_dict() == {
        "turn_detection": {"type": "semantic_vad", "eagerness": "high"}
    }


def test_integers_stay_integers_and_floats_stay_floats() -> None:
    data = {
        "speed": 1,
        "temperature": 1.0,
        "turn_detection": {"type": "server_vad", "threshold": 0, "prefix_padding_ms": 300},
    }
    session = round_trip(data)
    assert type(session.speed) is int
    assert type(session.temperature) is float
    assert isinstance(session.turn_detection, RealtimeTurnDetectionServerVad)
    assert type(session.turn_detection.threshold) is int
    assert json.loads(session.to_json()) == data
    assert '"speed": 1,' in session.to_json() and '"temperature": 1.0' in session.to_json()


# --- unknown keys -------------------------------------------------------------------------


def test_unknown_keys_are_kept_top_level_and_nested() -> None:
    data: dict[str, Any] = {
        "model": "gpt-realtime",
        "client_secret": {"value": "ek_1", "expires_at": 1},
        "x_list": [1, 2.5, None, True, "s", {"a": []}],
        "turn_detection": {"type": "server_vad", "x_future": {"deep": [1.0]}},
        "tools": [{"type": "function", "name": "f", "strict": True, "x_n": 0}],
        "tracing": {"group_id": "g", "x_more": None},
    }
    session = round_trip(data)
    assert session.extra_fields == {
        "client_secret": {"value": "ek_1", "expires_at": 1},
        "x_list": [1, 2.5, None, True, "s", {"a": []}],
    }
    assert isinstance(session.turn_detection, RealtimeTurnDetectionServerVad)
    assert session.turn_detection.extra_fields == {"x_future": {"deep": [1.0]}}
    assert isinstance(session.tools, list)
    assert session.tools[0].extra_fields == {"strict": True, "x_n": 0}
    assert isinstance(session.tracing, RealtimeSessionTracingConfiguration)
    assert session.tracing.extra_fields == {"x_more": None}


def test_unknown_keys_set_in_the_constructor_are_written() -> None:
    tool = RealtimeFunctionTool(name="f", extra_fields={"strict": False})
    session = RealtimeSession(tools=[tool], extra_fields={"beta": 1})
    assert_same_json(session.to_dict(), {"tools": [{"name": "f", "strict": False}], "beta": 1})


def test_unknown_keys_must_be_json() -> None:
    assert error_paths({"x": {1, 2}}) == ["x"]
    assert error_paths({"x": {"y": float("nan")}}) == ["x.y"]
    assert error_paths({"x": [b"raw"]}) == ["x[0]"]
    assert error_paths({"x": {3: "non-string key"}}) == ["x"]
    assert error_paths({"odd key": (1,)}) == ['["odd key"]']


# --- discriminated union ------------------------------------------------------------------


def test_turn_detection_dispatches_on_type() -> None:
    server = round_trip(
        {
            "turn_detection": {
                "type": "server_vad",
                "silence_duration_ms": 500,
                "idle_timeout_ms": None,
            }
        }
    )
    assert type(server.turn_detection) is RealtimeTurnDetectionServerVad
    assert server.turn_detection.silence_duration_ms == 500
    assert server.turn_detection.idle_timeout_ms is None

    semantic = round_trip({"turn_detection": {"type": "semantic_vad", "eagerness": "low"}})
    assert type(semantic.turn_detection) is RealtimeTurnDetectionSemanticVad
    assert semantic.turn_detection.eagerness == "low"

    # A field of the other member is not validated as such: it is an unknown key here.
    semantic = round_trip({"turn_detection": {"type": "semantic_vad", "threshold": "x"}})
    assert isinstance(semantic.turn_detection, RealtimeTurnDetectionSemanticVad)
    assert semantic.turn_detection.extra_fields == {"threshold": "x"}


@pytest.mark.parametrize(
    "turn_detection",
    [
        {"threshold": 0.5},  # missing tag
        {"type": "push_to_talk"},  # unknown tag
        {"type": None},  # tag of the wrong type
        {"type": 1},
        {"type": "SERVER_VAD"},
    ],
)
def test_turn_detection_bad_tag_is_named(turn_detection: dict[str, Any]) -> None:
    assert error_paths({"turn_detection": turn_detection}) == ["turn_detection.type"]


def test_turn_detection_member_errors_are_nested() -> None:
    data = {"turn_detection": {"type": "server_vad", "idle_timeout_ms": 100, "threshold": "x"}}
    assert sorted(error_paths(data)) == [
        "turn_detection.idle_timeout_ms",
        "turn_detection.threshold",
    ]
    assert error_paths({"turn_detection": []}) == ["turn_detection"]
    assert error_paths({"turn_detection": "server_vad"}) == ["turn_detection"]


# --- strict=False -------------------------------------------------------------------------


def test_lenient_keeps_unknown_enum_values() -> None:
    data = {
        "object": "realtime.session.v2",
        "modalities": ["text", "video"],
        "input_audio_format": "opus",
        "output_audio_format": "pcm24",
        "include": ["item.new"],
        "input_audio_noise_reduction": {"type": "studio"},
        "tools": [{"type": "mcp", "name": "x"}],
        "turn_detection": {"type": "semantic_vad", "eagerness": "very_high"},
        "tracing": "manual",
        "max_response_output_tokens": "unbounded",
    }
    for key, value in data.items():
        assert error_paths({key: value}), key  # each is an error when strict
    session = round_trip(data, strict=False)
    # Lenient values lie outside the declared Literal types (hence Any for the checks).
    assert isinstance(session.turn_detection, RealtimeTurnDetectionSemanticVad)
    kept: dict[str, Any] = {
        "format": session.input_audio_format,
        "tracing": session.tracing,
        "eagerness": session.turn_detection.eagerness,
    }
    assert kept == {"format": "opus", "tracing": "manual", "eagerness": "very_high"}
    assert session.modalities == ["text", "video"]


def test_lenient_keeps_unknown_union_tag_as_unknown_variant() -> None:
    raw = {"type": "push_to_talk", "key": "space", "n": [1, 2.0]}
    session = round_trip({"turn_detection": raw}, strict=False)
    kept = session.turn_detection  # typed: the union includes UnknownVariant
    assert isinstance(kept, UnknownVariant)
    assert kept.tag == "push_to_talk"
    assert kept.data == raw
    assert kept.data is raw  # kept, not copied: the free-form contract (test_free_form.py)
    variables = {"v": {"type": "input_audio", "data": "..."}}
    session = round_trip({"prompt": {"id": "p", "variables": variables}}, strict=False)
    assert not isinstance(session.prompt, Unset) and session.prompt is not None
    assert not isinstance(session.prompt.variables, Unset) and session.prompt.variables
    member = session.prompt.variables["v"]
    assert isinstance(member, UnknownVariant)
    assert member.tag == "input_audio"
    assert member.data == variables["v"]


def test_lenient_keeps_out_of_range_numbers() -> None:
    data = {
        "speed": 3.0,
        "turn_detection": {"type": "server_vad", "idle_timeout_ms": 100},
        "input_audio_transcription": {"languages": []},
    }
    assert sorted(error_paths(data)) == [
        "input_audio_transcription.languages",
        "speed",
        "turn_detection.idle_timeout_ms",
    ]
    session = round_trip(data, strict=False)
    assert session.speed == 3.0


@pytest.mark.parametrize(
    ("data", "paths"),
    [
        ({"speed": "fast"}, ["speed"]),
        ({"tools": {"type": "function", "name": "f"}}, ["tools"]),
        ({"tools": [{"type": 1}]}, ["tools[0].type"]),
        ({"modalities": "text"}, ["modalities"]),
        (
            {"turn_detection": {"type": "server_vad", "threshold": "x"}},
            ["turn_detection.threshold"],
        ),
        ({"turn_detection": {"type": "push_to_talk", "x": {1, 2}}}, ["turn_detection.x"]),
        ({"max_response_output_tokens": 4096.5}, ["max_response_output_tokens"]),
        ({"tracing": 42}, ["tracing"]),
        ({"expires_at": "tomorrow"}, ["expires_at"]),
        ({"prompt": {"id": "p", "variables": {"v": 5}}}, ["prompt.variables.v"]),
        ({"prompt": {"id": {}}}, ["prompt.id"]),
    ],
)
def test_lenient_still_rejects_wrong_structure(data: dict[str, Any], paths: list[str]) -> None:
    assert error_paths(data, strict=False) == paths


# --- booleans are not numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"speed": True}, "speed"),
        ({"temperature": False}, "temperature"),
        ({"expires_at": True}, "expires_at"),
        ({"max_response_output_tokens": True}, "max_response_output_tokens"),
        ({"turn_detection": {"type": "server_vad", "threshold": True}}, "turn_detection.threshold"),
        (
            {"turn_detection": {"type": "server_vad", "prefix_padding_ms": False}},
            "turn_detection.prefix_padding_ms",
        ),
        (
            {"turn_detection": {"type": "server_vad", "idle_timeout_ms": True}},
            "turn_detection.idle_timeout_ms",
        ),
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_bool_is_not_a_number(data: dict[str, Any], path: str, strict: bool) -> None:
    assert error_paths(data, strict=strict) == [path]


def test_numbers_are_not_booleans() -> None:
    data = {"turn_detection": {"type": "semantic_vad", "create_response": 1}}
    assert error_paths(data) == ["turn_detection.create_response"]


# --- errors -------------------------------------------------------------------------------


def test_all_problems_are_listed_at_once() -> None:
    data = {
        "speed": 3.0,
        "tools": {},
        "turn_detection": {"type": "semantic_vad", "eagerness": "x", "create_response": "y"},
        "include": ["a", "item.input_audio_transcription.logprobs", "b"],
        "prompt": {"variables": {"v": {"type": "input_text"}}},
        "expires_at": 1.5,
    }
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict(data)
    paths = [e.path for e in info.value.errors]
    assert sorted(paths) == sorted(
        [
            "speed",
            "tools",
            "turn_detection.eagerness",
            "turn_detection.create_response",
            "include[0]",
            "include[2]",
            "prompt.id",
            "prompt.variables.v.text",
            "expires_at",
        ]
    )
    text = str(info.value)
    assert text.startswith(f"{len(paths)} validation errors:")
    assert all(f"  {p}: expected" in text for p in paths)
    speed = next(e for e in info.value.errors if e.path == "speed")
    assert "1.5" in speed.expected and "3.0" in speed.found
    assert isinstance(info.value, ValueError)


def test_not_an_object_at_the_root() -> None:
    for data in ([], "x", None, 1, [{"speed": 1}]):
        with pytest.raises(ValidationError) as info:
            RealtimeSession.from_dict(data)  # type: ignore[arg-type]
        assert [e.path for e in info.value.errors] == [""]
        assert str(info.value.errors[0]).startswith("(root): expected an object")


def test_any_mapping_is_accepted_at_the_root() -> None:
    session = RealtimeSession.from_dict(OrderedDict(speed=1.0, x=1))
    assert_same_json(session.to_dict(), {"speed": 1.0, "x": 1})


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"speed": 1.0,}',
        "{'speed': 1.0}",
        '{"speed": NaN}',
        '{"speed": Infinity}',
        '{"speed": -Infinity}',
        b"\xff\xfe\x00",
        b'{"instructions": "\xff"}',
        "[1, 2",
    ],
)
def test_malformed_json_text_is_a_validation_error(text: str | bytes) -> None:
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_json(text)
    assert [e.path for e in info.value.errors] == [""]


def test_json_text_that_is_not_an_object() -> None:
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_json("[]")
    assert [e.path for e in info.value.errors] == [""]


# --- bare aliases -------------------------------------------------------------------------


def test_parse_realtime_turn_detection() -> None:
    server = parse_realtime_turn_detection({"type": "server_vad", "threshold": 0.25})
    assert type(server) is RealtimeTurnDetectionServerVad
    assert dump_realtime_turn_detection(server) == {"type": "server_vad", "threshold": 0.25}
    semantic = parse_realtime_turn_detection({"type": "semantic_vad"})
    assert type(semantic) is RealtimeTurnDetectionSemanticVad
    with pytest.raises(ValidationError) as info:
        parse_realtime_turn_detection({"type": "x"})
    assert [e.path for e in info.value.errors] == ["type"]
    with pytest.raises(ValidationError) as info:
        parse_realtime_turn_detection({"type": "server_vad", "idle_timeout_ms": 1})
    assert [e.path for e in info.value.errors] == ["idle_timeout_ms"]
    unknown = parse_realtime_turn_detection({"type": "x"}, strict=False)
    assert unknown == UnknownVariant("x", {"type": "x"})
    assert dump_realtime_turn_detection(unknown) == {"type": "x"}


def test_parse_voice_ids_shared() -> None:
    assert parse_voice_ids_shared("ash") == "ash"
    assert parse_voice_ids_shared("a-voice-from-2030") == "a-voice-from-2030"
    assert dump_voice_ids_shared("marin") == "marin"
    for bad in (None, 1, ["ash"], True):
        with pytest.raises(ValidationError) as info:
            parse_voice_ids_shared(bad)
        assert [e.path for e in info.value.errors] == [""]


def test_parse_response_prompt_variables() -> None:
    data = {
        "name": "Ada",
        "intro": {
            "type": "input_text",
            "text": "hi",
            "prompt_cache_breakpoint": {"mode": "explicit"},
        },
        "logo": {"type": "input_image", "detail": "auto", "image_url": None},
    }
    variables = parse_response_prompt_variables(data)
    assert variables["name"] == "Ada"
    assert type(variables["intro"]) is InputTextContent
    assert variables["intro"].text == "hi"
    assert type(variables["logo"]) is InputImageContent
    assert_same_json(dump_response_prompt_variables(variables), data)

    bad = {
        "a": {"type": "input_text"},
        "b c": {"type": "input_text", "text": 1},
        "d": None,
        "e": {"type": "input_video"},
        "f": {"text": "no tag"},
        "g": {"type": "input_image", "detail": "ultra"},
    }
    with pytest.raises(ValidationError) as info:
        parse_response_prompt_variables(bad)
    assert sorted(e.path for e in info.value.errors) == sorted(
        ["a.text", '["b c"].text', "d", "e.type", "f.type", "g.detail"]
    )
    with pytest.raises(ValidationError) as info:
        parse_response_prompt_variables(["not", "a", "map"])
    assert [e.path for e in info.value.errors] == [""]


# --- robustness: any input gives a ValidationError or a value, never another exception ----


class _Opaque:
    pass


_NON_JSON = st.one_of(
    st.sets(st.integers(), max_size=3),
    st.frozensets(st.text(max_size=3), max_size=2),
    st.binary(max_size=8),
    st.builds(bytearray, st.binary(max_size=4)),
    st.builds(_Opaque),
    st.just(object()),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    st.complex_numbers(allow_nan=False, allow_infinity=False),
    st.sampled_from([Ellipsis, NotImplemented, int, len, range(3)]),
    st.builds(OrderedDict, st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
)
_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.sampled_from(
        ["server_vad", "semantic_vad", "function", "auto", "inf", "input_text", "realtime.session"]
    ),
)
_KEYS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(
        ["type", "id", "text", "detail", "variables", "threshold", "idle_timeout_ms", "metadata"]
    ),
)
_ODD_KEYS = st.one_of(st.integers(), st.none(), st.tuples(st.integers()), st.floats())
GARBAGE = st.recursive(
    st.one_of(_JSON_LEAVES, _NON_JSON),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_KEYS, children, max_size=4),
        st.dictionaries(st.one_of(_KEYS, _ODD_KEYS), children, max_size=3),
        st.tuples(children, children),
    ),
    max_leaves=12,
)
FIELDS = [name for name in RealtimeSession.__dataclass_fields__ if name != "extra_fields"]
# Places inside nested objects where garbage is substituted too.
NESTED = [
    ("turn_detection", {"type": "server_vad"}),
    ("turn_detection", {"type": "semantic_vad"}),
    ("tools", [{"type": "function"}]),
    ("tracing", {}),
    ("input_audio_transcription", {}),
    ("input_audio_noise_reduction", {}),
    ("prompt", {"id": "p"}),
]
NESTED_KEYS = [
    "type", "eagerness", "threshold", "prefix_padding_ms", "silence_duration_ms",
    "create_response", "idle_timeout_ms", "name", "description", "parameters", "workflow_name",
    "metadata", "model", "languages", "prompt", "id", "version", "variables", "x_unknown",
]  # fmt: skip


def parse_anything(data: Any, strict: bool) -> None:
    try:
        session = RealtimeSession.from_dict(data, strict=strict)
    except ValidationError as exc:
        assert exc.errors
        assert all(isinstance(e.path, str) for e in exc.errors)
        str(exc)  # the message can be built
        return
    # Accepted: then it was JSON data, and it round-trips.
    out = session.to_dict()
    assert out == dict(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=GARBAGE, strict=st.booleans())
def test_garbage_at_the_root_only_raises_validation_error(data: Any, strict: bool) -> None:
    parse_anything(data, strict)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=GARBAGE, strict=st.booleans())
def test_garbage_in_each_field_only_raises_validation_error(
    field: str, value: Any, strict: bool
) -> None:
    parse_anything({"model": "gpt-realtime", field: value}, strict)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(NESTED),
    key=st.sampled_from(NESTED_KEYS),
    value=GARBAGE,
    strict=st.booleans(),
)
def test_garbage_in_nested_objects_only_raises_validation_error(
    where: tuple[str, Any], key: str, value: Any, strict: bool
) -> None:
    field, template = where
    nested = json.loads(json.dumps(template))
    target = nested[0] if isinstance(nested, list) else nested
    target[key] = value
    parse_anything({field: nested}, strict)
    if field == "prompt":
        parse_anything(
            {"prompt": {"id": "p", "variables": {"v": {"type": "input_text", key: value}}}}, strict
        )


NON_FINITE = [
    ({"speed": float("nan")}, "speed"),
    ({"speed": float("inf")}, "speed"),
    ({"speed": -float("inf")}, "speed"),
    ({"temperature": float("nan")}, "temperature"),
    ({"temperature": float("inf")}, "temperature"),
    ({"temperature": -float("inf")}, "temperature"),
    ({"turn_detection": {"type": "server_vad", "threshold": float("nan")}}, "turn_detection.threshold"),
    ({"turn_detection": {"type": "server_vad", "threshold": float("inf")}}, "turn_detection.threshold"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "path"), NON_FINITE, ids=repr)
@pytest.mark.parametrize("strict", [True, False])
def test_non_finite_numbers_are_rejected_in_number_fields(
    data: Any, path: str, strict: bool
) -> None:
    """NaN and Infinity are not JSON: accepted, to_json() would write them and from_json
    would reject its own output. Even when not strict (it is not a constraint violation)."""
    assert error_paths(data, strict=strict) == [path]


def test_huge_integer_in_a_wrong_place_is_a_validation_error() -> None:
    # An int of more than 4300 digits cannot be printed by json.dumps/repr (ValueError).
    assert error_paths({"id": 10**5000}) == ["id"]
    assert error_paths({"tools": [10**5000]}) == ["tools[0]"]
    assert error_paths({"modalities": [[10**5000]]}) == ["modalities[0]"]
