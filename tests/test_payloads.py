"""The shared RealtimeSession payloads (../shared/realtime-session-payloads, read in place):
every valid one parses and round-trips exactly, every invalid one is rejected with an error
naming the field that REASONS.txt gives."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openai_models import RealtimeSession, ValidationError

from tests._json_compare import assert_same_json
from tests.conftest import PAYLOADS

VALID_DIR = PAYLOADS / "valid"
INVALID_DIR = PAYLOADS / "invalid"
VALID = sorted(p.name for p in VALID_DIR.glob("*.json"))
INVALID = sorted(p.name for p in INVALID_DIR.glob("*.json"))

# The one error path expected for each invalid payload (from REASONS.txt): the parser must
# name exactly this place, not merely raise.
EXPECTED_PATHS: dict[str, str] = {
    "01_speed_above_max.json": "speed",
    "02_input_audio_format_mp3.json": "input_audio_format",
    "03_modalities_video.json": "modalities[0]",
    "04_tools_not_list.json": "tools",
    "05_expires_at_string.json": "expires_at",
    "06_max_tokens_infinite.json": "max_response_output_tokens",
    "07_temperature_string.json": "temperature",
    "08_turn_detection_wrong_type.json": "turn_detection.type",
    "09_tracing_number.json": "tracing",
    "10_include_bogus.json": "include[0]",
    "11_object_wrong.json": "object",
    "12_speed_below_min.json": "speed",
    "14_semantic_vad_bad_eagerness.json": "turn_detection.eagerness",
    "16_max_tokens_float.json": "max_response_output_tokens",
    "17_tool_type_mcp.json": "tools[0].type",
}

# With strict=False an unknown enum/const value, an unknown union tag or a constraint
# violation is accepted (and kept); a wrong JSON structure is still an error.
LENIENT_ACCEPTS = {
    "01_speed_above_max.json",  # constraint (maximum)
    "02_input_audio_format_mp3.json",  # unknown enum value
    "03_modalities_video.json",  # unknown enum value in an array
    "06_max_tokens_infinite.json",  # unknown value of the "inf" const (still a string)
    "08_turn_detection_wrong_type.json",  # unknown union tag, kept as the raw object
    "10_include_bogus.json",  # unknown enum value in an array
    "11_object_wrong.json",  # unknown enum value
    "12_speed_below_min.json",  # constraint (minimum)
    "14_semantic_vad_bad_eagerness.json",  # unknown enum value, nested
    "17_tool_type_mcp.json",  # unknown enum value in an array item
}


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def reasons() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (INVALID_DIR / "REASONS.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, _, reason = line.partition(":")
            out[name.strip()] = reason.strip()
    return out


def test_exact_comparison_tells_json_types_apart() -> None:
    for a, b in [(1, 1.0), (True, 1), (0, False), ({"a": [1]}, {"a": [1.0]}), ([None], [0])]:
        with pytest.raises(AssertionError):
            assert_same_json(a, b)
        with pytest.raises(AssertionError):
            assert_same_json(b, a)
    assert_same_json({"a": [1, 2.5, None, {"b": True}]}, {"a": [1, 2.5, None, {"b": True}]})


def test_payload_sets_are_the_expected_ones() -> None:
    """A payload added to (or removed from) ../shared must come with its table entry."""
    assert len(VALID) >= 30
    assert set(EXPECTED_PATHS) == set(INVALID)
    assert set(reasons()) == set(INVALID)
    assert LENIENT_ACCEPTS <= set(INVALID)


@pytest.mark.parametrize("name", VALID)
def test_valid_payload_round_trips_exactly(name: str) -> None:
    payload = load(VALID_DIR / name)
    session = RealtimeSession.from_dict(payload)
    assert_same_json(session.to_dict(), payload)
    # Parsing twice gives equal objects, and parsing the output again changes nothing.
    assert RealtimeSession.from_dict(payload) == session
    assert RealtimeSession.from_dict(session.to_dict()) == session
    # Neither parsing nor serializing changed the input.
    assert_same_json(payload, load(VALID_DIR / name))


@pytest.mark.parametrize("name", VALID)
def test_valid_payload_round_trips_through_json_text(name: str) -> None:
    text = (VALID_DIR / name).read_text(encoding="utf-8")
    payload = json.loads(text)
    for source in (text, text.encode("utf-8")):
        session = RealtimeSession.from_json(source)
        assert session == RealtimeSession.from_dict(payload)
        assert_same_json(json.loads(session.to_json()), payload)
        assert_same_json(json.loads(session.to_json(indent=2, sort_keys=True)), payload)


@pytest.mark.parametrize("name", VALID)
def test_valid_payload_is_also_accepted_when_not_strict(name: str) -> None:
    payload = load(VALID_DIR / name)
    session = RealtimeSession.from_dict(payload, strict=False)
    assert session == RealtimeSession.from_dict(payload)
    assert_same_json(session.to_dict(), payload)


@pytest.mark.parametrize("name", INVALID)
def test_invalid_payload_is_rejected_at_the_named_field(name: str) -> None:
    payload = load(INVALID_DIR / name)
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict(payload)
    expected = EXPECTED_PATHS[name]
    assert [e.path for e in info.value.errors] == [expected], info.value
    # The message a user sees names the place too.
    assert str(info.value).startswith("1 validation error:")
    assert f"  {expected}: expected " in str(info.value)
    # Every named part of the path is what REASONS.txt talks about.
    reason = reasons()[name]
    for part in re.findall(r"[A-Za-z_]\w*", expected):
        assert part in reason, (part, reason)


@pytest.mark.parametrize("name", INVALID)
def test_invalid_payload_is_rejected_from_json_text(name: str) -> None:
    text = (INVALID_DIR / name).read_text(encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_json(text)
    assert [e.path for e in info.value.errors] == [EXPECTED_PATHS[name]]


@pytest.mark.parametrize("name", INVALID)
def test_invalid_payload_when_not_strict(name: str) -> None:
    payload = load(INVALID_DIR / name)
    if name in LENIENT_ACCEPTS:
        session = RealtimeSession.from_dict(payload, strict=False)
        assert_same_json(session.to_dict(), payload)
    else:
        with pytest.raises(ValidationError) as info:
            RealtimeSession.from_dict(payload, strict=False)
        assert [e.path for e in info.value.errors] == [EXPECTED_PATHS[name]]
