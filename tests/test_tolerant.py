"""Tolerant parsing (`strict=False`) of the committed RealtimeSession package: what the API sends
but the spec does not allow is kept, written back exactly and reported as a warning; the type
of a union makes users handle an unknown member (checked with mypy --strict). The construct by
construct cases are the golden case `tolerant` (tests/test_golden.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest
from openai_models import (
    UNSET,
    RealtimeSession,
    RealtimeTurnDetectionServerVad,
    SpecDeviationWarning,
    UnknownVariant,
    ValidationError,
)

from tests._json_compare import assert_same_json
from tests.conftest import GENERATED, PAYLOADS, ROOT


def tolerant(data: Any) -> tuple[RealtimeSession, list[tuple[str, str, str, str]]]:
    """Parse with strict=False; return the session and its warnings; check the round trip."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session = RealtimeSession.from_dict(data, strict=False)
    assert_same_json(session.to_dict(), data)
    found = []
    for w in caught:
        assert isinstance(w.message, SpecDeviationWarning), w
        m = w.message
        found.append((m.kind, m.path, m.expected, m.found))
    return session, found


@pytest.mark.parametrize(
    ("data", "deviations"),
    [
        ({"speed": None}, [("null", "speed", "a number", "null")]),
        ({"tools": None}, [("null", "tools", "an array", "null")]),
        ({"tools": [None]}, [("null", "tools[0]", "an object", "null")]),
        (
            {"prompt": {"version": "1"}},
            [("missing", "prompt.id", "a value (the property is required)", "nothing")],
        ),
        (
            {"input_audio_format": "opus"},
            [("value", "input_audio_format", 'one of "pcm16", "g711_ulaw", "g711_alaw"', '"opus"')],
        ),
        ({"object": "realtime.conversation"}, [("value", "object", '"realtime.session"', '"r')]),
        ({"speed": 3}, [("constraint", "speed", "a number <= 1.5", "3")]),
        (
            {"turn_detection": {"type": "push_to_talk"}},
            [("unknown_member", "turn_detection.type", "one of", '"push_to_talk"')],
        ),
    ],
)
def test_each_deviation_is_kept_reported_and_written_back(
    data: dict[str, Any], deviations: list[tuple[str, str, str, str]]
) -> None:
    with pytest.raises(ValidationError):
        RealtimeSession.from_dict(data)  # strict: each is a problem
    session, found = tolerant(data)
    assert len(found) == len(deviations), found
    for (kind, path, expected, what), want in zip(found, deviations, strict=True):
        assert (kind, path) == want[:2]
        assert expected.startswith(want[2]) and what.startswith(want[3]), (expected, what)
    assert session.to_dict() == data


def test_values_outside_the_annotation_are_exactly_these() -> None:
    """A null in a field whose type has no None, and UNSET in a required field: the two
    deviations that put a value outside the field's annotation."""
    session, _ = tolerant({"speed": None, "prompt": {"version": "1"}})
    assert session.speed is None
    assert session.prompt is not None and not isinstance(session.prompt, type(UNSET))
    assert session.prompt.id is UNSET  # annotated `str`
    assert session.prompt.to_dict() == {"version": "1"}


def test_valid_payloads_parse_the_same_and_warn_of_nothing() -> None:
    files = sorted((PAYLOADS / "valid").glob("*.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            strict = RealtimeSession.from_json(text)
            lenient = RealtimeSession.from_json(text, strict=False)
        assert strict == lenient, path.name


def test_wrong_structure_is_rejected_in_both_modes_with_every_problem() -> None:
    data = {"speed": "fast", "tools": [{"type": "function", "name": 5}], "modalities": 3}
    for strict in (True, False):
        with pytest.raises(ValidationError) as info:
            RealtimeSession.from_dict(data, strict=strict)
        paths = sorted(e.path for e in info.value.errors)
        assert paths == ["modalities", "speed", "tools[0].name"]


def test_the_warning_points_at_the_callers_line() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        RealtimeSession.from_dict({"speed": None}, strict=False)
        RealtimeSession.from_json('{"speed": null}', strict=False)
    assert [Path(w.filename).name for w in caught] == ["test_tolerant.py"] * 2


HANDLES_UNKNOWN = """
from openai_models import RealtimeSession, RealtimeTurnDetectionServerVad, UnknownVariant

def threshold(payload: dict[str, object]) -> float | None:
    session = RealtimeSession.from_dict(payload, strict=False)
    td = session.turn_detection
    if isinstance(td, RealtimeTurnDetectionServerVad):
        return td.threshold if isinstance(td.threshold, float) else None
    if isinstance(td, UnknownVariant):
        print("a turn detection these models do not know:", td.tag, td.data)
    return None
"""

IGNORES_UNKNOWN = """
from openai_models import RealtimeSession, RealtimeTurnDetectionSemanticVad, Unset

def eagerness(payload: dict[str, object]) -> object:
    td = RealtimeSession.from_dict(payload, strict=False).turn_detection
    if td is None or isinstance(td, (Unset, RealtimeTurnDetectionSemanticVad)):
        return None
    return td.threshold  # an UnknownVariant has no threshold: mypy must say so
"""


@pytest.mark.parametrize(("script", "ok"), [(HANDLES_UNKNOWN, True), (IGNORES_UNKNOWN, False)])
def test_mypy_makes_users_handle_the_unknown_member(script: str, ok: bool, tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(textwrap.dedent(script), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"MYPYPATH": str(GENERATED), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    if ok:
        assert proc.returncode == 0, proc.stdout
    else:
        assert proc.returncode == 1, proc.stdout
        assert 'Item "UnknownVariant" of' in proc.stdout, proc.stdout
        assert 'has no attribute "threshold"' in proc.stdout, proc.stdout


def test_unknown_variant_is_not_a_dict_and_dumps_back() -> None:
    raw = {"type": "push_to_talk", "key": "space"}
    session, found = tolerant({"turn_detection": raw})
    assert isinstance(session.turn_detection, UnknownVariant)
    assert not isinstance(session.turn_detection, (dict, RealtimeTurnDetectionServerVad))
    assert session.turn_detection.to_dict() == raw
    assert [k for k, *_ in found] == ["unknown_member"]


def test_past_a_hundred_deviations_one_warning_counts_the_rest() -> None:
    """A response with a deviation in every item of a long array: the first `MAX_ERRORS` (100)
    are warned of one by one, in document order, and one warning of kind "unlisted" counts the
    rest; the rest are counted without being described (a shared placeholder per kind), so a
    hostile response costs little per deviation. Everything is still kept and written back."""
    from openai_models import _runtime as rt

    tools = [{"type": "function", "name": None, "description": None} for _ in range(80)]
    session, found = tolerant({"tools": tools})
    assert len(found) == rt.MAX_ERRORS + 1
    expected = [f"tools[{i // 2}].{('name', 'description')[i % 2]}" for i in range(100)]
    assert [path for _, path, _, _ in found[:100]] == expected
    assert {kind for kind, *_ in found[:100]} == {"null"}
    assert found[100] == ("unlisted", "", "at most 100 deviations warned of one by one", "60 more")
    assert session.tools is not None and session.tools[79].name is None

    ctx = rt.Context(False)
    RealtimeSession._parse({"tools": tools}, "", ctx)
    assert len(ctx.deviations) == 160
    assert all(d is rt._UNLISTED_DEVIATIONS["null"] for d in ctx.deviations[100:])
