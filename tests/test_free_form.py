"""The free-form JSON contract (README, "Free-form JSON"): free-form values (`JsonValue`,
`dict[str, JsonValue]`) and unknown keys are checked in one pass and kept, never copied.

- `from_dict` checks them as JSON (types, finite numbers, string keys, depth) and the model
  keeps the caller's lists and dicts: no copy is made on the way in;
- `from_json` neither checks them one by one nor copies them (`json.loads` just made them,
  and its whole document is checked for depth once);
- `to_dict` builds a new dict for every object the schema describes and a new list for every
  array it describes, but a free-form value is the model's own object: the output shares it.
Whoever wants to edit one side without the other copies (`copy.deepcopy`)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from openai_models import (
    Prompt,
    RealtimeFunctionTool,
    RealtimeSession,
    UnknownVariant,
    ValidationError,
    parse_realtime_turn_detection,
)
from openai_models import _runtime as rt

PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {"city": {"type": "string", "enum": ["Paris", "Oslo"]}},
    "required": ["city"],
}


def session_data() -> dict[str, Any]:
    return {
        "tools": [{"type": "function", "name": "weather", "parameters": copy.deepcopy(PARAMETERS)}],
        "x_unknown": {"nested": [1, 2.5, None, True, {"deep": "x"}]},
    }


def nested(levels: int) -> Any:
    value: Any = "leaf"
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


def test_from_dict_keeps_the_callers_free_form_containers() -> None:
    data = session_data()
    session = RealtimeSession.from_dict(data)
    assert session.tools and session.tools[0].parameters is data["tools"][0]["parameters"]
    assert session.extra_fields["x_unknown"] is data["x_unknown"]
    # Kept, not copied: a later change to the caller's data is seen by the model.
    data["x_unknown"]["nested"].append("later")
    assert session.to_dict()["x_unknown"]["nested"][-1] == "later"


def test_from_dict_builds_its_own_typed_containers() -> None:
    data = session_data()
    session = RealtimeSession.from_dict(data)
    assert session.tools is not data["tools"]  # an array the schema describes: a new list
    assert session.extra_fields is not data  # unknown keys: a new dict of the kept values


def test_to_dict_builds_new_objects_and_shares_free_form_values() -> None:
    session = RealtimeSession.from_dict(session_data())
    out = session.to_dict()
    assert session.tools
    assert out["tools"] is not session.tools
    assert out["tools"][0] is not session.tools[0].to_dict()  # each call builds anew
    assert out["tools"][0]["parameters"] is session.tools[0].parameters
    assert out["x_unknown"] is session.extra_fields["x_unknown"]
    # What the contract tells the user to do to edit the output alone:
    edited = copy.deepcopy(out)
    edited["x_unknown"]["nested"].clear()
    assert session.to_dict() == session_data()


def test_built_in_code_free_form_values_are_written_as_they_are() -> None:
    tool = RealtimeFunctionTool(name="f", parameters=PARAMETERS, extra_fields={"strict": {"a": 1}})
    out = tool.to_dict()
    assert out == {"name": "f", "parameters": PARAMETERS, "strict": {"a": 1}}
    assert out["parameters"] is PARAMETERS
    assert out["strict"] is tool.extra_fields["strict"]
    assert out is not tool.to_dict()


def test_from_json_shares_nothing_with_the_caller_and_round_trips() -> None:
    text = json.dumps(session_data())
    session = RealtimeSession.from_json(text)
    assert session.to_dict() == session_data()
    assert json.loads(session.to_json()) == session_data()


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"properties": {"a": {1, 2}}}, "tools[0].parameters.properties.a"),
        ({"enum": [1, float("nan")]}, "tools[0].parameters.enum[1]"),
        ({"x": [b"raw"]}, "tools[0].parameters.x[0]"),
        ({"x": {3: "non-string key"}}, "tools[0].parameters.x"),
        ({"x": ({"tuple": True},)}, "tools[0].parameters.x"),
    ],
)
def test_from_dict_still_checks_every_free_form_value(value: Any, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict({"tools": [{"name": "f", "parameters": value}]})
    assert [e.path for e in info.value.errors] == [path]


def test_the_depth_limit_holds_and_what_is_kept_at_the_limit_is_the_callers() -> None:
    # `parameters` lies 3 deep (tools, [0], parameters): its content may go MAX_DEPTH - 3 deeper.
    room = rt.MAX_DEPTH - 3
    deepest = {"k": nested(room - 1)}
    session = RealtimeSession.from_dict({"tools": [{"parameters": deepest}]})
    assert session.tools and session.tools[0].parameters is deepest
    with pytest.raises(ValidationError) as info:
        RealtimeSession.from_dict({"tools": [{"parameters": {"k": nested(room)}}]})
    assert info.value.errors[0].expected == rt.DEEP


def test_long_keys_spend_the_fast_checks_budget_and_the_exact_check_keeps_the_value() -> None:
    # Every step of this path is long, so the fast check's budget (derived from the path's
    # length) runs out early; the exact check counts steps and accepts what is within the limit.
    key = "k" * 40
    value: Any = "leaf"
    for _ in range(200):
        value = {key: value}
    data = {"x" * 600: value}
    session = RealtimeSession.from_dict(data)
    assert session.extra_fields["x" * 600] is value
    tool = RealtimeFunctionTool.from_dict({"parameters": value})
    assert tool.parameters is value


def test_a_map_of_free_form_values_and_a_prompt_keep_their_values() -> None:
    variables = {"customer_name": "Jane", "greeting": {"type": "input_text", "text": "Hi"}}
    prompt = Prompt.from_dict({"id": "pmpt_1", "variables": variables})
    out = prompt.to_dict()
    assert out == {"id": "pmpt_1", "variables": variables}
    assert out["variables"] is not variables  # a map the schema describes: a new dict


def test_an_unknown_variant_writes_a_new_dict_of_its_kept_values() -> None:
    data = {"type": "future_vad", "settings": {"level": [1, 2]}}
    with pytest.warns(rt.SpecDeviationWarning):
        kept = parse_realtime_turn_detection(data, strict=False)
    assert isinstance(kept, UnknownVariant)
    out = kept.to_dict()
    assert out == data and out is not kept.data
    assert out["settings"] is data["settings"]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"speed": 1e999}', "speed"),
        ('{"x_unknown": [1, -1e999]}', "x_unknown[1]"),
        ('{"tools": [{"parameters": {"max": 1e400}}]}', "tools[0].parameters.max"),
    ],
)
def test_from_json_checks_what_it_decoded_as_from_dict_does(text: str, path: str) -> None:
    # The decoder makes a number too large for a float infinite; the parse refuses it where it
    # lies, as `from_dict` refuses `float("inf")`, in both modes.
    for strict in (True, False):
        with pytest.raises(ValidationError) as info:
            RealtimeSession.from_json(text, strict=strict)
        assert [(e.path, e.expected) for e in info.value.errors] == [(path, "a finite number")]
