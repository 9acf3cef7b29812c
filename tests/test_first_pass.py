"""The first pass of a parse, on the committed package: a document is first parsed on a context
shared by every parse (`_runtime._FIRST_STRICT`, `_FIRST_TOLERANT`) that records nothing, and
only a document with a problem (or, tolerant, a deviation) is parsed again on a context of its
own, which records them all. So a valid document costs no context; what every parse reports is
what one pass on a context of its own reports; nothing is ever left in the shared contexts, and
parses in many threads at once do not see each other's problems."""

from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest
from openai_models import (
    RealtimeSession,
    SpecDeviationWarning,
    ValidationError,
    parse_realtime_turn_detection,
)
from openai_models import _runtime as rt

from tests.conftest import PAYLOADS

VALID = sorted((PAYLOADS / "valid").glob("*.json"))
INVALID = sorted((PAYLOADS / "invalid").glob("*.json"))


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class Counted(rt.Context):
    made = 0

    def __init__(self, strict: bool) -> None:
        Counted.made += 1
        super().__init__(strict)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[Counted]:
    Counted.made = 0
    monkeypatch.setattr(rt, "Context", Counted)
    return Counted


def one_pass(data: Any, strict: bool) -> tuple[list[Any], list[Any]]:
    """The problems and deviations of a parse on a context of its own, in one pass."""
    ctx = rt.Context(strict)
    try:
        RealtimeSession._parse(data, "", ctx)
    except rt.Invalid:
        pass
    return ctx.errors, [(d.kind, d.path, d.expected, d.found) for d in ctx.deviations]


def assert_shared_contexts_empty() -> None:
    for ctx in (rt._FIRST_STRICT, rt._FIRST_TOLERANT):
        assert ctx.errors == [] and ctx.deviations == []


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_a_valid_document_is_parsed_once_on_the_shared_context(
    path: Path, counted: type[Counted]
) -> None:
    data = load(path)
    session = RealtimeSession.from_dict(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tolerant: a valid document has no deviation either
        assert RealtimeSession.from_dict(data, strict=False) == session
    session.validate()
    session.to_dict(validate=True)
    assert counted.made == 0
    assert_shared_contexts_empty()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_an_invalid_document_reports_what_one_pass_on_its_own_context_finds(
    path: Path, counted: type[Counted]
) -> None:
    data = load(path)
    expected, _ = one_pass(data, True)
    counted.made = 0
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict(data)
    assert info.value.errors == expected
    assert counted.made == 1  # the second pass's context, and only it
    assert_shared_contexts_empty()


@pytest.mark.parametrize(
    "data",
    [
        {"speed": None, "voice": None},
        {"prompt": {"version": "1"}, "input_audio_format": "opus"},
        {"turn_detection": {"type": "push_to_talk"}, "speed": 3},
        {"prompt": {"id": "p", "variables": {"a": {"type": "input_video"}, "b": "x"}}},
    ],
)
def test_a_tolerant_parse_reports_every_deviation_of_one_pass(data: dict[str, Any]) -> None:
    _, expected = one_pass(data, False)
    assert expected
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        session = RealtimeSession.from_dict(data, strict=False)
    found = [(w.message.kind, w.message.path, w.message.expected, w.message.found) for w in caught]
    assert all(isinstance(w.message, SpecDeviationWarning) for w in caught)
    assert found == expected
    assert session.to_dict() == data  # kept as received, an unknown member in a map included
    assert_shared_contexts_empty()


def test_a_union_alias_takes_the_same_first_pass() -> None:
    assert parse_realtime_turn_detection({"type": "semantic_vad"}).to_dict() == {
        "type": "semantic_vad"
    }
    with pytest.raises(ValidationError) as info:
        parse_realtime_turn_detection({"type": "server_vad", "threshold": "high"})
    assert [(e.path, e.expected) for e in info.value.errors] == [("threshold", "a number")]
    assert_shared_contexts_empty()


def test_the_first_pass_signal_is_no_exception_a_handler_of_exception_takes() -> None:
    """A problem met on the shared context raises `_Retry`; were it an `Exception`, a handler
    of `Exception` on the way (user code in a custom mapping, say) could swallow it and with it
    the problem."""
    assert not issubclass(rt._Retry, Exception)
    with pytest.raises(rt._Retry):
        rt._FIRST_STRICT.record("speed", "a number", "x")
    assert_shared_contexts_empty()


def test_parses_in_many_threads_at_once_report_their_own_problems() -> None:
    documents = [load(p) for p in VALID + INVALID]
    expected = [one_pass(d, True)[0] for d in documents]
    failures: list[str] = []
    start = threading.Barrier(8)

    def work(offset: int) -> None:
        start.wait()
        for round_no in range(20):
            for i in range(len(documents)):
                k = (i + offset + round_no) % len(documents)
                try:
                    RealtimeSession.from_dict(documents[k])
                    got: list[Any] = []
                except ValidationError as exc:
                    got = exc.errors
                if got != expected[k]:
                    failures.append(f"document {k}: {got} != {expected[k]}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:3]
    assert_shared_contexts_empty()
