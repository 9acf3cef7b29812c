"""The API users meet in an editor and at the prompt, on the committed package: `validate()` of
an object built in code (the same errors, with the same paths, as `from_dict` of its JSON, on the
shared invalid payloads turned into objects), `to_dict(validate=True)`, `parse_<alias>_json`,
`repr` of the set fields, `help()` showing each field, and mypy narrowing `if s.speed:`."""

from __future__ import annotations

import dataclasses
import json
import pydoc
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest
from openai_models import (
    UNSET,
    Prompt,
    RealtimeFunctionTool,
    RealtimeSession,
    RealtimeTurnDetectionSemanticVad,
    RealtimeTurnDetectionServerVad,
    SpecDeviationWarning,
    UnknownVariant,
    ValidationError,
    parse_realtime_turn_detection,
    parse_realtime_turn_detection_json,
)

from tests.conftest import GENERATED, PAYLOADS

INVALID = sorted((PAYLOADS / "invalid").glob("*.json"))
VALID = sorted((PAYLOADS / "valid").glob("*.json"))
# JSON property -> attribute of RealtimeSession.
ATTRIBUTES = dict(
    zip(RealtimeSession._NAMES, [f.name for f in dataclasses.fields(RealtimeSession)], strict=False)
)


def problems(error: ValidationError) -> list[tuple[str, str, str]]:
    return [(e.path, e.expected, e.found) for e in error.errors]


def from_dict_problems(payload: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict(payload)
    return problems(info.value)


def as_built_in_code(payload: dict[str, Any]) -> RealtimeSession:
    """The object a user would build for `payload`: each property as a keyword argument, as the
    typed value the model holds where one can be made (a nested instance, a list of them),
    else the raw value (what a type checker would have flagged); unknown keys in
    `extra_fields`."""
    kwargs: dict[str, Any] = {}
    extra = {}
    for key, value in payload.items():
        if key not in ATTRIBUTES:
            extra[key] = value
            continue
        attr = ATTRIBUTES[key]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SpecDeviationWarning)
                kwargs[attr] = getattr(RealtimeSession.from_dict({key: value}, strict=False), attr)
        except ValidationError:
            kwargs[attr] = value
    return RealtimeSession(**kwargs, extra_fields=extra)


# -- validate() ------------------------------------------------------------------------------------


def test_building_checks_nothing_and_validate_reports_what_from_dict_would() -> None:
    s = RealtimeSession(speed=5, voice=123)  # type: ignore[arg-type]
    assert s.to_dict() == {"voice": 123, "speed": 5}  # building and writing are free
    with pytest.raises(ValidationError) as info:
        s.validate()
    assert problems(info.value) == from_dict_problems({"voice": 123, "speed": 5})
    assert [e.path for e in info.value.errors] == ["voice", "speed"]
    with pytest.raises(ValidationError) as again:
        s.to_dict(validate=True)
    assert problems(again.value) == problems(info.value)
    assert RealtimeSession(speed=1.1).to_dict(validate=True) == {"speed": 1.1}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_validate_equals_from_dict_on_the_invalid_payloads_as_objects(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    expected = from_dict_problems(payload)
    obj = as_built_in_code(payload)
    with pytest.raises(ValidationError) as info:
        obj.validate()
    assert problems(info.value) == expected
    # One call: the same error, never what writing a malformed object would raise (04's
    # `tools` is a dict where a list of instances belongs: `to_dict()` alone fails on it).
    with pytest.raises(ValidationError) as written:
        obj.to_dict(validate=True)
    assert problems(written.value) == expected


def test_the_objects_hold_nested_instances_where_the_error_lies() -> None:
    """Not only raw values: the bad value sits inside a typed instance in these payloads."""
    bad_eagerness = json.loads(
        (PAYLOADS / "invalid" / "14_semantic_vad_bad_eagerness.json").read_text()
    )
    obj = as_built_in_code(bad_eagerness)
    assert type(obj.turn_detection) is RealtimeTurnDetectionSemanticVad
    mcp = as_built_in_code(json.loads((PAYLOADS / "invalid" / "17_tool_type_mcp.json").read_text()))
    assert isinstance(mcp.tools, list) and type(mcp.tools[0]) is RealtimeFunctionTool


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_validate_accepts_the_valid_payloads_as_objects(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    parsed = RealtimeSession.from_dict(payload)
    parsed.validate()
    built = as_built_in_code(payload)
    built.validate()
    assert built == parsed and built.to_dict(validate=True) == payload


def test_nested_instances_unknown_variants_and_extra_fields_are_checked_in_place() -> None:
    s = RealtimeSession(
        turn_detection=RealtimeTurnDetectionServerVad(type="server_vad", threshold="high"),  # type: ignore[arg-type]
        prompt=Prompt(id=7),  # type: ignore[arg-type]
        tools=[RealtimeFunctionTool(name="f"), {"type": "function", "name": 1}],  # type: ignore[list-item]
        extra_fields={"x": {1, 2}},  # type: ignore[dict-item]
    )
    with pytest.raises(ValidationError) as info:
        s.validate()
    assert [e.path for e in info.value.errors] == [
        "turn_detection.threshold",
        "tools[1].name",
        "prompt.id",
        "x",
    ]
    assert info.value.errors[-1].found == "a set (not a JSON type)"
    # An UnknownVariant (kept by tolerant parsing) is an error when strict, a warning when not.
    u = RealtimeSession(turn_detection=UnknownVariant("vad", {"type": "vad"}))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="turn_detection.type"):
        u.validate()
    with pytest.warns(SpecDeviationWarning, match="unknown_member"):
        u.validate(strict=False)


def test_an_extra_fields_that_is_not_a_dict_is_reported_where_it_lies() -> None:
    tool = RealtimeFunctionTool()
    tool.extra_fields = None  # type: ignore[assignment]
    with pytest.raises(ValidationError) as info:
        RealtimeSession(tools=[tool]).validate()
    assert problems(info.value) == [
        ("tools[0].extra_fields", "a dict (unknown properties)", "null")
    ]


def test_validate_changes_nothing_and_a_cycle_is_reported_not_followed_forever() -> None:
    s = RealtimeSession(tools=[RealtimeFunctionTool(name="f", parameters={"a": [1]})])
    before = repr(s)
    s.validate()
    assert repr(s) == before
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(ValidationError, match="nested at most 256 deep"):
        RealtimeSession(extra_fields=loop).validate()


# -- parse_<alias>_json ----------------------------------------------------------------------------


def test_a_union_parses_json_text_and_bytes() -> None:
    text = '{"type": "semantic_vad", "eagerness": "high"}'
    expected = parse_realtime_turn_detection(json.loads(text))
    assert parse_realtime_turn_detection_json(text) == expected
    assert parse_realtime_turn_detection_json(text.encode()) == expected
    assert type(expected) is RealtimeTurnDetectionSemanticVad
    with pytest.raises(ValidationError, match="a JSON document"):
        parse_realtime_turn_detection_json("{")
    with pytest.raises(ValidationError, match="eagerness"):
        parse_realtime_turn_detection_json('{"type": "semantic_vad", "eagerness": "max"}')
    with pytest.warns(SpecDeviationWarning):
        tolerant = parse_realtime_turn_detection_json(
            '{"type": "semantic_vad", "eagerness": "max"}', strict=False
        )
    assert tolerant.eagerness == "max"  # type: ignore[union-attr]


# -- repr ------------------------------------------------------------------------------------------


def test_repr_shows_only_the_fields_that_are_set() -> None:
    assert repr(RealtimeSession(speed=1.1)) == "RealtimeSession(speed=1.1)"
    assert repr(RealtimeSession()) == "RealtimeSession()"
    assert repr(RealtimeSession(tracing=None)) == "RealtimeSession(tracing=None)"  # null is set
    nested = RealtimeSession.from_dict(
        {"turn_detection": {"type": "server_vad"}, "speed": 1, "zz": [1]}
    )
    assert repr(nested) == (
        "RealtimeSession(turn_detection=RealtimeTurnDetectionServerVad(type='server_vad'), "
        "speed=1, extra_fields={'zz': [1]})"
    )
    loop = RealtimeSession()
    loop.extra_fields = {"me": loop}  # type: ignore[dict-item]
    assert repr(loop) == "RealtimeSession(extra_fields={'me': ...})"
    assert nested.speed is not UNSET and eval(repr(RealtimeSession(speed=1.1))) == RealtimeSession(
        speed=1.1
    )


# -- help() and mypy -------------------------------------------------------------------------------


def test_help_shows_every_field_with_its_first_sentence() -> None:
    text = pydoc.plain(pydoc.render_doc(RealtimeSession))
    assert "Attributes:" in text
    assert "speed: The speed of the model's spoken response." in text
    assert (
        "turn_detection: Configuration for turn detection, ether Server VAD or Semantic VAD."
        in text
    )
    # `prompt` has no description: the first sentence of the schema it refers to.
    assert "prompt: Reference to a prompt template and its variables." in text
    assert "extra_fields: Properties the spec does not declare, kept as received." in text
    for f in dataclasses.fields(RealtimeSession):
        assert f"    {f.name}: " in RealtimeSession.__doc__, f.name  # type: ignore[operator]


def test_mypy_narrows_a_truthy_optional_field(tmp_path: Path) -> None:
    """`Unset.__bool__` is typed `Literal[False]`: `if s.speed:` leaves `float` (0.0 aside, which
    is falsy too)."""
    script = tmp_path / "use.py"
    script.write_text(
        textwrap.dedent(
            """
            from openai_models import RealtimeSession

            def f(s: RealtimeSession) -> float:
                if s.speed:
                    reveal_type(s.speed)
                    return s.speed * 2
                reveal_type(s.speed)
                return 0.0
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "c"),
         str(script)],
        capture_output=True, text=True, check=False, timeout=300,
        env={"MYPYPATH": str(GENERATED), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    revealed = [
        line.split("Revealed type is ")[1]
        for line in result.stdout.splitlines()
        if "Revealed" in line
    ]
    assert revealed == ['"float"', '"float | openai_models._runtime.Unset"'], result.stdout
    assert "error" not in result.stdout.replace("note:", ""), result.stdout
