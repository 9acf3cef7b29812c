"""The runtime's server-sent event reader (`iter_sse`, `iter_events`): the WHATWG format line by
line (data continuation lines, comments, `event:`/`id:`/`retry:`, CRLF and CR, `[DONE]`), bytes
chunks split anywhere (inside a line, a CRLF pair, a UTF-8 sequence), str lines as an HTTP
client's `iter_lines()` yields them, and typed events: of the committed package's union, and of
`ResponseStreamEvent` and the chat-completion chunk over a stream built from the spec's own
event examples, as the API sends them."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from openai_models import (
    RealtimeTurnDetectionSemanticVad,
    RealtimeTurnDetectionServerVad,
    ServerSentEvent,
    ValidationError,
    iter_events,
    iter_sse,
    parse_realtime_turn_detection_json,
)

from tests.conftest import WholeSpec


def events(source: Any) -> list[tuple[str, str, str | None, int | None]]:
    return [(e.event, e.data, e.id, e.retry) for e in iter_sse(source)]


def chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


# -- the format, line by line ----------------------------------------------------------------------


def test_one_event_per_blank_line_with_its_type_and_data() -> None:
    stream = b'event: a\ndata: {"x": 1}\n\ndata: plain\n\n'
    assert events([stream]) == [("a", '{"x": 1}', None, None), ("message", "plain", None, None)]


def test_data_lines_are_joined_by_newlines_and_one_space_after_the_colon_is_dropped() -> None:
    stream = b"data: one\ndata:two\ndata:  three\ndata\ndata: \n\n"
    assert events([stream]) == [("message", "one\ntwo\n three\n\n", None, None)]


def test_comments_unknown_fields_and_events_without_data_are_not_dispatched() -> None:
    stream = b": keep-alive\n\nevent: ping\n\nfoo: bar\nretry: soon\ndata: x\n\n:\n\n"
    assert events([stream]) == [("message", "x", None, None)]


def test_the_event_type_resets_after_each_event_and_the_id_carries_over() -> None:
    stream = b"id: 7\nevent: a\ndata: 1\n\ndata: 2\n\nid\ndata: 3\n\nid: 9\x00\ndata: 4\n\n"
    assert events([stream]) == [
        ("a", "1", "7", None),
        ("message", "2", "7", None),
        ("message", "3", "", None),  # `id` alone sets the empty id
        ("message", "4", "", None),  # an id holding NUL is ignored
    ]


def test_retry_takes_digits_only_and_belongs_to_its_event() -> None:
    stream = b"retry: 1500\ndata: a\n\nretry: 1.5\ndata: b\n\n"
    assert events([stream]) == [("message", "a", None, 1500), ("message", "b", None, None)]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_every_line_ending(eol: str) -> None:
    stream = eol.join(["event: e", "data: 1", "data: 2", "", "data: 3", "", ""]).encode()
    assert events([stream]) == [("e", "1\n2", None, None), ("message", "3", None, None)]


def test_a_leading_byte_order_mark_is_dropped_and_an_unfinished_event_is_discarded() -> None:
    assert events([b"\xef\xbb", b"\xbfdata: a\n\ndata: b\n"]) == [("message", "a", None, None)]
    # A mark anywhere else is data.
    assert events([b"data: \xef\xbb\xbfa\n\n"]) == [("message", "\ufeffa", None, None)]


def test_malformed_utf8_is_replaced_not_raised() -> None:
    assert events([b"data: \xff\n\n"]) == [("message", "\ufffd", None, None)]


def test_str_items_are_lines_as_iter_lines_yields_them() -> None:
    lines = ["event: a", "data: 1", "", ": comment", "data: 2\r\n", "\n"]
    assert events(lines) == [("a", "1", None, None), ("message", "2", None, None)]
    # A str holding line breaks (a whole text) is split at them.
    assert events(["data: 1\r\n\r\ndata: 2\n\n"]) == [
        ("message", "1", None, None),
        ("message", "2", None, None),
    ]


def test_events_are_values() -> None:
    (event,) = iter_sse([b"data: x\n\n"])
    assert event == ServerSentEvent("message", "x")
    with pytest.raises(AttributeError):
        event.data = "y"  # type: ignore[misc]


# -- chunks split anywhere -------------------------------------------------------------------------

SMALL = (
    "event: response.output_text.delta\r\n"
    'data: {"type": "server_vad", "prefix_padding_ms": 300}\r\n'
    "\r\n"
    ": comment \u00e9\u20ac\U0001f389\r"
    'data: {"type": "semantic_vad",\n'
    'data:  "eagerness": "high", "x": "d\u00e9j\u00e0 \U0001f389"}\n'
    "\r\n"
    "data: [DONE]\n\n"
).encode()


def test_a_stream_split_at_every_pair_of_places_reads_the_same() -> None:
    """Every split into three chunks: inside a field name, a CRLF pair (a CR ending a chunk may
    be followed by the LF of the next) and every UTF-8 sequence of 2, 3 and 4 bytes."""
    whole = events([SMALL])
    assert [e[0] for e in whole] == ["response.output_text.delta", "message", "message"]
    assert (
        whole[1][1]
        == '{"type": "semantic_vad",\n "eagerness": "high", "x": "d\u00e9j\u00e0 \U0001f389"}'
    )
    for i in range(len(SMALL) + 1):
        for j in range(i, len(SMALL) + 1, 3):
            assert events([SMALL[:i], SMALL[i:j], SMALL[j:]]) == whole, (i, j)
    assert events(chunks(SMALL, 1)) == whole
    assert events([bytearray(SMALL)]) == whole


def test_an_event_is_yielded_as_soon_as_its_blank_line_arrives() -> None:
    """A chunk ending in CR ends its line at once (an LF starting the next chunk is then part of
    that line break): the reader never waits for the next chunk to dispatch an event."""

    def source(ending: bytes) -> Iterator[bytes]:
        yield b"data: 1" + ending
        raise AssertionError("read past the event")

    for ending in (b"\r\r", b"\n\n", b"\r\n\r\n", b"\n\r"):
        assert next(iter_sse(source(ending))) == ServerSentEvent("message", "1"), ending
    assert events([b"data: 1\r", b"\n", b"\ndata: 2\r", b"\r"]) == [
        ("message", "1", None, None),
        ("message", "2", None, None),
    ]


def test_a_long_line_in_many_chunks() -> None:
    line = "x" * 100_000
    stream = f"data: {line}\n\n".encode()
    assert events(chunks(stream, 10)) == [("message", line, None, None)]


def test_typed_events_until_done() -> None:
    parsed = list(iter_events(chunks(SMALL, 5), parse_realtime_turn_detection_json))
    assert parsed == [
        RealtimeTurnDetectionServerVad(type="server_vad", prefix_padding_ms=300),
        RealtimeTurnDetectionSemanticVad(
            type="semantic_vad", eagerness="high", extra_fields={"x": "d\u00e9j\u00e0 \U0001f389"}
        ),
    ]
    # Without the marker, `[DONE]` is data like any other: not JSON, a ValidationError, after
    # the events before it were yielded.
    seen = []
    with pytest.raises(ValidationError, match="a JSON document"):
        for event in iter_events([SMALL], parse_realtime_turn_detection_json, done=None):
            seen.append(event)
    assert len(seen) == 2


def test_an_invalid_event_raises_unless_tolerant() -> None:
    stream = b'data: {"type": "semantic_vad", "eagerness": "max"}\n\ndata: {"type": "vad"}\n\n'
    with pytest.raises(ValidationError, match="eagerness"):
        list(iter_events([stream], parse_realtime_turn_detection_json))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tolerant = list(iter_events([stream], parse_realtime_turn_detection_json, strict=False))
    assert [type(e).__name__ for e in tolerant] == [
        "RealtimeTurnDetectionSemanticVad",
        "UnknownVariant",
    ]
    assert [w.message.kind for w in caught] == ["value", "unknown_member"]  # type: ignore[union-attr]


def test_a_class_from_json_reads_a_stream_too() -> None:
    stream = b'data: {"type": "server_vad"}\n\n'
    assert list(iter_events([stream], RealtimeTurnDetectionServerVad.from_json)) == [
        RealtimeTurnDetectionServerVad(type="server_vad")
    ]


# -- streams built from the spec's own event examples (the whole-spec package) ----------------------


def _examples(spec: dict[str, Any], union: str) -> list[tuple[str, Any]]:
    """The members of a union alias that carry an `x-oaiMeta.example` that is JSON: (schema
    name, the example)."""
    schemas = spec["components"]["schemas"]
    out = []
    for member in schemas[union]["anyOf"]:
        name = member["$ref"].rsplit("/", 1)[1]
        example = (schemas[name].get("x-oaiMeta") or {}).get("example")
        if isinstance(example, str):
            try:
                example = json.loads(example)
            except ValueError:
                continue  # the spec's example is not JSON (a few are cut short)
        if isinstance(example, dict):
            out.append((name, example))
    return out


@pytest.fixture(scope="module")
def spec_data(spec_path: Any) -> dict[str, Any]:
    with open(spec_path, encoding="utf-8") as f:
        return yaml.safe_load(f)  # type: ignore[no-any-return]


@pytest.mark.whole_spec
def test_a_responses_stream_of_every_event_example_reads_as_typed_events(
    whole_spec: WholeSpec, spec_data: dict[str, Any]
) -> None:
    """As `POST /responses` with `stream: true` sends them: `event: <type>` and one `data:`
    line of compact JSON per event, CRLF or LF, read from 1-byte and 1000-byte chunks and from
    lines; tolerant, as responses are read (several spec examples deviate from their schema)."""
    import importlib

    pkg = importlib.import_module("openai_all")
    examples, wrong = [], []
    for name, data in _examples(spec_data, "ResponseStreamEvent"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", pkg.SpecDeviationWarning)
                pkg.parse_response_stream_event(data, strict=False)
            examples.append((name, data))
        except pkg.ValidationError:
            wrong.append(name)  # a wrong JSON type, which no mode accepts
    assert len(examples) >= 40 and len(wrong) <= 3, (len(examples), wrong)
    wire = "".join(
        f"event: {data['type']}\ndata: {json.dumps(data, separators=(',', ':'), ensure_ascii=False)}\n\n"
        for _, data in examples
    )
    expected_classes = [getattr(pkg, name) for name, _ in examples]
    for source in (
        chunks(wire.encode(), 1),
        chunks(wire.replace("\n", "\r\n").encode(), 1000),
        iter(wire.split("\n")),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pkg.SpecDeviationWarning)
            parsed = list(iter_events(source, pkg.parse_response_stream_event_json, strict=False))
        assert [type(e) for e in parsed] == expected_classes
        assert [e.to_dict() for e in parsed] == [data for _, data in examples]  # exact


@pytest.mark.whole_spec
def test_a_chat_completion_stream_ends_at_done(
    whole_spec: WholeSpec, spec_data: dict[str, Any]
) -> None:
    """As `POST /chat/completions` with `stream: true` sends them: `data:` lines only, then
    `data: [DONE]`; every chunk the spec's example shows, strictly valid."""
    import importlib

    pkg = importlib.import_module("openai_all")
    meta = spec_data["components"]["schemas"]["CreateChatCompletionStreamResponse"]["x-oaiMeta"]
    text = meta["example"]
    # The example shows the chunks a blank line apart, with `....` for those left out.
    sent = [json.loads(part) for part in text.split("\n\n") if part.strip().startswith("{")]
    assert len(sent) >= 2
    wire = "".join(f"data: {json.dumps(c)}\n\n" for c in sent) + "data: [DONE]\n\n"
    parse = pkg.CreateChatCompletionStreamResponse.from_json
    parsed = list(iter_events(chunks(wire.encode(), 7), parse))
    assert [p.to_dict() for p in parsed] == sent
    assert all(type(p) is pkg.CreateChatCompletionStreamResponse for p in parsed)
