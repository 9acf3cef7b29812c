"""Golden files: for every construct a small hand-written spec (`tests/golden/<case>/spec.yaml`)
and the package the generator must write for it (`expected/golden_<case>/`), compared byte for
byte. The expected packages are also imported and exercised (a from_dict/to_dict round trip of a
representative payload, and rejections), and checked with `mypy --strict` and `ruff check`.

After a deliberate change of the output: `make golden` (`python -m tests.golden_update`), then
review the diff of `tests/golden/*/expected` before committing it.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import cli, naming, python_names
from tests.golden_update import GOLDEN, ROOT, cases, command, expected_dir, package

# One case per construct; a case folder that is missing (or unexpected) fails `test_case_set`.
REQUIRED_CASES = {
    "union_branches",
    "hostile_strings",
    "primitives_formats",
    "arrays",
    "inline_objects",
    "maps",
    "free_form",
    "enums_closed",
    "consts",
    "open_enum",
    "unions",
    "tolerant",
    "errata",
    "discriminator_explicit",
    "discriminator_implicit",
    "allof_ref",
    "allof_merge",
    "allof_nullable_ref",
    "allof_union",
    "nullable_30",
    "nullable_31",
    "default_null",
    "ref_siblings",
    "naming_keywords",
    "naming_collisions",
    "recursion_self",
    "recursion_mutual",
    "recursion_flat",
    "union_any",
    "allof_alias",
    "multi_file",
    "docs",
    "empty_objects",
    "naming_package",
    "naming_members",
    "naming_components",
    "recursion_containers",
    "long_lines",
    "union_many",
    "operations",
}
CASES = cases()


def _tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` (caches excluded): relative path -> bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _diff(expected: dict[str, bytes], actual: dict[str, bytes], limit: int = 120) -> str:
    lines: list[str] = []
    for name in sorted(expected.keys() - actual.keys()):
        lines.append(f"missing from the new output: {name}")
    for name in sorted(actual.keys() - expected.keys()):
        lines.append(f"new file not in expected/: {name}")
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            old = expected[name].decode("utf-8", "replace").splitlines(keepends=True)
            new = actual[name].decode("utf-8", "replace").splitlines(keepends=True)
            lines += difflib.unified_diff(old, new, f"expected/{name}", f"generated/{name}", n=2)
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def test_case_set() -> None:
    """Exactly the required cases exist, each with a spec, roots and an expected package."""
    assert set(CASES) == REQUIRED_CASES
    for case in CASES:
        assert (GOLDEN / case / "roots.txt").is_file(), case
        pkg = expected_dir(case) / package(case)
        assert (pkg / "__init__.py").is_file(), f"{case}: run `make golden`"
        assert sorted(p.name for p in expected_dir(case).iterdir()) == [package(case)]


@pytest.mark.parametrize("case", CASES)
def test_output_matches_golden(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line regenerates the case into tmp_path exactly as committed."""
    argv = command(case, tmp_path)[3:]  # drop `python -m generator`
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    expected = _tree(expected_dir(case) / package(case))
    actual = _tree(tmp_path / package(case))
    if expected != actual:
        pytest.fail(
            f"golden case {case!r} differs from the generator's output "
            f"(if the change is deliberate: `make golden`, then review the diff):\n"
            + _diff(expected, actual),
            pytrace=False,
        )


# -- the expected packages at work ---------------------------------------------------------------

PRELUDE = '''
import importlib, sys, warnings
sys.path.insert(0, {expected!r})
pkg = importlib.import_module({package!r})
for _name in pkg.__all__:  # every lazy export resolves (imports every module)
    getattr(pkg, _name)
globals().update({{n: getattr(pkg, n) for n in pkg.__all__}})


def roundtrip(cls, payload):
    """from_dict -> to_dict gives the payload back; from_json(to_json()) an equal object."""
    obj = cls.from_dict(payload)
    assert obj.to_dict() == payload, (obj.to_dict(), payload)
    assert cls.from_json(obj.to_json()) == obj
    return obj


def rejects(parse, payload, *fragments):
    """parse(payload) raises ValidationError whose text holds every fragment."""
    try:
        parse(payload)
    except ValidationError as exc:
        text = str(exc)
        assert all(f in text for f in fragments), (fragments, text)
        return exc
    raise AssertionError(f"accepted: {{payload!r}}")


def annotation(cls, field):
    return cls.__annotations__[field]
'''

CHECKS: dict[str, str] = {
    "hostile_strings": """
# Spec text never reaches a header (the spec's identity is in `_meta.json` alone), so it cannot
# declare an encoding (PEP 263) or a directive: the package reads "café" as UTF-8 whatever the
# title says.
import io, json, pathlib, tokenize
root = pathlib.Path(pkg.__file__).parent
for path in sorted(root.glob("*.py")):
    raw = path.read_bytes()
    assert tokenize.detect_encoding(io.BytesIO(raw).readline)[0] == "utf-8", path
    lines = raw.decode("utf-8").split("\\n")
    assert lines[0].startswith("# Generated by openai-dataclass-generator "), path
    assert lines[1].startswith("# What it was generated from "), path
    assert "Golden hostile" not in raw.decode("utf-8"), path
    assert all(line.isprintable() for line in lines), path
    compile(raw, str(path), "exec")
# `_meta.json` holds the title as JSON writes it, ASCII only, one value to a line.
meta = (root / "_meta.json").read_text(encoding="ascii")
assert '  "title": "Golden hostile_strings\\\\nCharacter encoding: latin-1 # type: ignore"' in meta
assert SOURCE == {k: v for k, v in json.loads(meta).items() if k not in ("files", "models")}
assert SOURCE["spec"]["title"] == "Golden hostile_strings\\nCharacter encoding: latin-1 # type: ignore"
assert SOURCE["spec"]["info_version"] == "1.0\\r\\n# -*- coding: utf-7 -*- # ruff: noqa"
assert SOURCE["overlays"][0]["title"] == "Hostile\\n# coding: utf-7 \\"\\"\\" '''"
assert SOURCE["overlays"][0]["version"] == "1\\x00"
# Docstrings hold the spec's text exactly, escapes included.
assert Text.__doc__.startswith('Triple quotes \\"\\"\\" and a backslash \\\\ then a NUL \\x00, a form'), Text.__doc__
assert "bell \\x07," in Text.__doc__ and "end with a backslash \\\\\\n" in Text.__doc__
# Enum values, patterns and property names with quotes, backslashes, NULs and U+2028.
P = {'\"\"\"': "a\\u2028b", "ﬁ": "'", "fi": 1, "x²": "\\\\", "ｉｆ": True, "a\\x00b": "\\x00",
     "self": {"x": 0.25}, "other": {"x": "1/2"}}
t = roundtrip(Text, P)
# `ﬁ` and `fi` are two attributes (Python reads the identifier `ﬁ` as `fi`): no data lost.
assert (t.fi_, t.fi, t.x2, t.if_, t.field___) == ("'", 1, "\\\\", True, "a\\u2028b")
assert t.to_dict()["ﬁ"] == "'" and t.to_dict()["fi"] == 1
assert Text.from_dict({**P, "ﬁ": '\\\\\\x00'}).fi_ == '\\\\\\x00'
rejects(Text.from_dict, {**P, "ﬁ": "x"}, "ﬁ")
rejects(Text.from_dict, {**P, '\"\"\"': "a b"}, 'found "a b"')
rejects(Text.from_dict, {**P, "a\\x00b": "\\x01"}, "a\\\\u0000b")
rejects(Text.from_dict, {**P, "other": {"x": "1/4"}}, "other.x")
rejects(Text.from_dict, {k: v for k, v in P.items() if k != "fi"}, "fi")
assert parse_quote('\"\"\"\\\\') == '\"\"\"\\\\' and parse_quote("\\x00") == "\\x00"
rejects(parse_quote, '\"\"\"', "")
# Components whose names collide after clean-up: distinct names, each its own schema.
assert parse_foo_hyphen_minus_bar("s") == "s" and parse_foo_hyphen_minus_bar(3) == 3
rejects(parse_foo_hyphen_minus_bar, -1, "")
rejects(parse_foo_full_stop_bar, -1, ">= 0")
assert parse_vulgar_fraction_one_half("1/2") == "1/2"
assert parse_vulgar_fraction_one_quarter(0.25) == 0.25
rejects(parse_vulgar_fraction_one_quarter, "1/2", "")
assert a_solidus_b.from_dict({"x": "1/2"}).x == "1/2" and a_tilde_b.from_dict({"x": 0.25}).x == 0.25
rejects(a_solidus_b.from_dict, {"x": 0.25}, "x")
""",
    "primitives_formats": """
P = {"voice_id": "alloy_2", "created_at": "2025-01-01T00:00:00Z", "contact": "a@example.com",
     "audio": "AAEC", "sample_rate": 16000, "expires_at": 1700000000, "max_tokens": 1,
     "temperature": 0, "top_p": 0.5, "speed": 0.25, "penalty": 2.0, "enabled": True,
     "stop": ["\\n", "END"]}
o = roundtrip(AudioSettings, P)
assert o.sample_rate == 16000 and o.enabled is True and o.stop == ["\\n", "END"]
assert annotation(AudioSettings, "sample_rate") == "int"
assert annotation(AudioSettings, "top_p") == "float | Unset"
assert annotation(AudioSettings, "created_at") == "str | Unset"
f = AudioSettings.from_dict
rejects(f, {**P, "voice_id": ""}, "voice_id", "at least 1 character")
rejects(f, {**P, "voice_id": "x" * 65}, "voice_id", "at most 64 characters")
rejects(f, {**P, "voice_id": "Alloy"}, "voice_id", "matching")
rejects(f, {**P, "sample_rate": 12000}, "sample_rate", "multiple of 8000")
rejects(f, {**P, "sample_rate": 56000}, "sample_rate", "<= 48000")
rejects(f, {**P, "sample_rate": 16000.0}, "sample_rate", "an integer")
rejects(f, {**P, "sample_rate": True}, "sample_rate", "an integer")
rejects(f, {**P, "top_p": 0}, "top_p", "> 0")
rejects(f, {**P, "top_p": 1}, "top_p", "< 1")
rejects(f, {**P, "speed": 4}, "speed", "< 4")
rejects(f, {**P, "speed": 0.2}, "speed", ">= 0.25")
rejects(f, {**P, "temperature": "0.5"}, "temperature", "a number")
rejects(f, {**P, "enabled": "yes"}, "enabled", "a boolean")
rejects(f, {**P, "stop": []}, "stop", "at least 1")
rejects(f, {**P, "stop": ["a"] * 2}, "stop", "unique")
rejects(f, {**P, "stop": list("abcde")}, "stop", "at most 4")
rejects(f, {**P, "stop": ["x" * 17]}, "stop[0]", "at most 16 characters")
rejects(f, {"voice_id": "a"}, "sample_rate", "required")
# Every problem is reported at once.
exc = rejects(f, {**P, "top_p": 2, "speed": 9, "enabled": 1}, "top_p", "speed", "enabled")
assert len(exc.errors) == 3
# Not strict: constraints are not checked, types still are.
assert f({**P, "sample_rate": 12000}, strict=False).sample_rate == 12000
rejects(lambda p: f(p, strict=False), {**P, "sample_rate": "x"}, "sample_rate")
""",
    "arrays": """
P = {"input": ["a", "b"], "messages": [{"role": "user", "content": "hi"}],
     "embedding": [0.5, 2], "token_ids": [[1, 2], []], "logit_ids": [5],
     "anything": [1, "x", None, {"k": [True]}]}
o = roundtrip(EmbeddingRequest, P)
assert isinstance(o.messages[0], Message) and o.messages[0].role == "user"
assert annotation(EmbeddingRequest, "logit_ids") == "list[int] | Unset"
assert annotation(EmbeddingRequest, "token_ids") == "list[list[int]] | Unset"
assert annotation(EmbeddingRequest, "anything") == "list[JsonValue] | Unset"
f = EmbeddingRequest.from_dict
rejects(f, {"input": []}, "input", "at least 1")
rejects(f, {"input": "a"}, "input", "an array")
rejects(f, {"input": ["a"], "logit_ids": ["x"]}, "logit_ids[0]", "an integer")
rejects(f, {"input": ["a"], "token_ids": [[0], [-1]]}, "token_ids[1][0]", ">= 0")
rejects(f, {"input": ["a"], "messages": [{"role": "system", "content": "x"}]}, "messages[0].role")
""",
    "inline_objects": """
P = {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 2, "audio": {"seconds": 1.5}},
     "outputs": [{"id": "o1"}, {"id": "o2", "status": "done"}]}
o = roundtrip(ResponseUsage, P)
assert isinstance(o.input_tokens_details, ResponseUsageInputTokensDetails)
assert isinstance(o.input_tokens_details.audio, ResponseUsageInputTokensDetailsAudio)
assert isinstance(o.outputs[0], ResponseUsageOutputsItem)
assert o.outputs[1].extra_fields == {"status": "done"}
assert annotation(ResponseUsage, "input_tokens_details") == "ResponseUsageInputTokensDetails"
rejects(ResponseUsage.from_dict, {"input_tokens": 1, "input_tokens_details": {}},
        "input_tokens_details.cached_tokens", "required")
""",
    "maps": """
P = {"id": "b1", "metadata": {"k": "v"}, "request_counts": {"total": 3, "failed": 0},
     "files": {"in": {"file_id": "f", "bytes": 3}}, "labels": {"x": ["a", "b"]},
     "errors": {"l1": {"code": "bad", "line": 1}}}
o = roundtrip(Batch, P)
assert isinstance(o.files["in"], BatchFile) and isinstance(o.errors["l1"], BatchErrorsValue)
assert annotation(Batch, "request_counts") == "dict[str, int] | Unset"
assert annotation(Batch, "files") == "dict[str, BatchFile] | Unset"
assert annotation(Batch, "labels") == "dict[str, list[str]] | Unset"
assert Metadata == dict[str, str]
assert parse_metadata({"a": "b"}) == {"a": "b"} and dump_metadata({"a": "b"}) == {"a": "b"}
f = Batch.from_dict
rejects(f, {"id": "b", "request_counts": {"x": "1"}}, "request_counts.x", "an integer")
rejects(f, {"id": "b", "metadata": {str(i): "v" for i in range(17)}}, "metadata", "at most 16")
rejects(f, {"id": "b", "metadata": {"k": "v" * 513}}, "metadata.k", "at most 512")
rejects(f, {"id": "b", "errors": {"e": {"line": 2}}}, "errors.e.code", "required")
""",
    "free_form": """
P = {"name": "f", "parameters": {"type": "object", "properties": {"x": {"type": "string"}}},
     "strict_schema": {"a": [1, {"b": None}]}, "metadata": {"x": 1},
     "default_value": [1, "two", None, 2.5], "output": None}
o = roundtrip(FunctionDefinition, P)
assert o.parameters == P["parameters"] and o.output is None
for value in (None, True, 3, 1.5, "s", [], {"k": {}}):
    assert roundtrip(FunctionDefinition, {"name": "f", "default_value": value}).default_value == value
assert annotation(FunctionDefinition, "strict_schema") == "dict[str, JsonValue] | Unset"
assert annotation(FunctionDefinition, "default_value") == "JsonValue | Unset"
assert annotation(FunctionDefinition, "output") == "AnyValue | Unset"
assert parse_any_value([1]) == [1] and parse_function_parameters({}) == {}
f = FunctionDefinition.from_dict
rejects(f, {"name": "f", "metadata": {}}, "metadata", "at least 1")
rejects(f, {"name": "f", "strict_schema": "x"}, "strict_schema", "an object")
rejects(f, {"name": "f", "default_value": float("nan")}, "default_value", "finite")
rejects(f, {"name": "f", "parameters": []}, "parameters", "an object")
""",
    "enums_closed": """
P = {"detail": "high", "size": "512x512", "n": 2, "quality": "hd", "ratio": 1.5, "style": "vivid"}
roundtrip(ImageRequest, P)
roundtrip(ImageRequest, {"size": "256x256", "ratio": 1})
assert annotation(ImageRequest, "size") == "Literal['256x256', '512x512', '1024x1024']"
assert annotation(ImageRequest, "n") == "Literal[1, 2, 4] | Unset"
assert annotation(ImageRequest, "ratio") == "Literal[1] | float | Unset"
assert parse_image_detail("low") == "low"
f = ImageRequest.from_dict
rejects(f, {**P, "size": "1x1"}, "size", '"256x256"')
rejects(f, {**P, "n": 3}, "n", "one of 1, 2, 4")
rejects(f, {**P, "n": True}, "n")
rejects(f, {**P, "ratio": 2.0}, "ratio")
rejects(f, {**P, "detail": "max"}, "detail")
rejects(parse_image_detail, "max", '"low"')
# Not strict: an unknown value of the right JSON type is kept, a wrong type is not.
assert f({**P, "detail": "max"}, strict=False).detail == "max"
rejects(lambda p: f(p, strict=False), {**P, "detail": 1}, "detail", "a string")
""",
    "consts": """
C = {"type": "input_text", "text": "hi", "object": "content.part", "version": 2, "mode": "fixed",
     "strict": True}
o = roundtrip(Envelope, {"content": C, "kind": "input_text"})
assert isinstance(o.content, InputTextContent) and o.content.version == 2
assert annotation(InputTextContent, "type") == "Literal['input_text']"
assert annotation(InputTextContent, "object") == "Literal['content.part'] | Unset"
assert annotation(InputTextContent, "version") == "Literal[2] | Unset"
assert annotation(InputTextContent, "mode") == "Literal['fixed'] | Unset"
assert annotation(InputTextContent, "strict") == "Literal[True] | Unset"
assert annotation(Envelope, "kind") == "ContentType"
f = InputTextContent.from_dict
rejects(f, {**C, "type": "output_text"}, "type", '"input_text"')
rejects(f, {**C, "object": "other"}, "object")
rejects(f, {**C, "version": 3}, "version")
rejects(f, {**C, "version": True}, "version")
rejects(f, {**C, "strict": False}, "strict")
rejects(f, {**C, "mode": "auto"}, "mode")
rejects(Envelope.from_dict, {"content": C, "kind": "x"}, "kind")
""",
    "open_enum": """
for P in ({"model": "gpt-4o", "voice": "ash", "format": "mp3"},
          {"model": "ft:gpt-4o:acme", "voice": "my-voice", "format": None},
          {"model": "gpt-4o-mini", "format": "opus"}):
    roundtrip(SpeechRequest, P)
assert annotation(SpeechRequest, "voice") == "Literal['alloy', 'ash', 'coral'] | str | Unset"
assert annotation(SpeechRequest, "format") == "Literal['mp3', 'wav'] | str | None | Unset"
assert parse_model_ids("anything") == "anything"
rejects(SpeechRequest.from_dict, {"model": 4}, "model", "a string")
rejects(SpeechRequest.from_dict, {"model": "m", "voice": None}, "voice")
""",
    "errata": """
# The overlay made `user` and `usage` nullable and `status` optional: strict parsing accepts
# what the API sends, and the docs and the package's metadata say where the spec was changed.
P = {"id": "r", "user": None, "usage": None}
o = roundtrip(Response, P)
assert o.user is None and o.usage is None and o.status is UNSET
rejects(Response.from_dict, {"id": "r", "user": 5, "usage": None}, "user")
rejects(Response.from_dict, {"user": None, "usage": None}, "id", "required")
assert annotation(Response, "user") == "str | None"
assert annotation(Response, "status") == "Literal['completed', 'failed'] | Unset"
import inspect, pathlib
text = pathlib.Path(inspect.getfile(Response)).read_text()
assert "May be null: errata, see overlay.yaml actions 0, 1." in text
assert "May be null: errata, see overlay.yaml action 2." in text
assert "Optional: errata, see overlay.yaml action 4." in text
assert text.count("errata, see") == 3
(overlay,) = pkg.SOURCE["overlays"]
import hashlib
here = pathlib.Path(sys.path[0]).parent / "overlay.yaml"  # sys.path[0]: the expected/ folder
assert overlay == {"file": "overlay.yaml", "sha256": hashlib.sha256(here.read_bytes()).hexdigest(),
                   "title": "Golden errata", "version": "1.0.0", "actions": 5}, overlay
assert pkg.SOURCE["spec"]["title"] == "Golden errata"
""",
    "tolerant": """
def tolerant(parse, payload):
    \"\"\"parse(payload, strict=False): the value and its warnings as (kind, path); the strict
    parse rejects the payload, and the round trip of the tolerant one is exact.\"\"\"
    rejects(parse, payload)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = parse(payload, strict=False)
    assert all(w.category is SpecDeviationWarning for w in caught), caught
    dump = value.to_dict() if hasattr(value, "to_dict") else dump_event(value)
    assert dump == payload and json.dumps(dump) == json.dumps(payload), (dump, payload)
    return value, [(w.message.kind, w.message.path) for w in caught]

import json
# A null the schema does not allow: kept (outside the annotation), reported, written back.
v, seen = tolerant(parse_event, {"type": "done", "status": None, "usage": {"total": None}})
assert seen == [("null", "status"), ("null", "usage.total")], seen
assert v.status is None and v.usage.total is None
v, seen = tolerant(parse_event, {"type": "done", "status": "completed", "usage": None, "items": [None, {"total": 1}]})
assert seen == [("null", "usage"), ("null", "items[0]")], seen
assert v.usage is None and v.items[0] is None and v.items[1].total == 1
# A missing required property: UNSET (outside the annotation), omitted by to_dict.
v, seen = tolerant(parse_event, {"type": "done", "status": "failed"})
assert seen == [("missing", "usage")] and v.usage is UNSET, seen
# An unknown enum or const value.
v, seen = tolerant(parse_event, {"type": "done", "status": "cancelled", "usage": {"total": 0}})
assert seen == [("value", "status")] and v.status == "cancelled", seen
# Constraints: a bound and a size.
usage = {"total": -1, "tags": ["a", "b", "c"]}
v, seen = tolerant(parse_event, {"type": "done", "status": "completed", "usage": usage})
assert seen == [("constraint", "usage.total"), ("constraint", "usage.tags")], seen
# A property where additionalProperties is false: kept in extra_fields.
v, seen = tolerant(parse_event, {"type": "done", "status": "completed", "usage": {"total": 1, "cached": 2}})
assert seen == [("additional", "usage.cached")] and v.usage.extra_fields == {"cached": 2}, seen
# An unknown tag: a typed UnknownVariant, in the union's type.
v, seen = tolerant(parse_event, {"type": "rate_limits.updated", "limits": [1]})
assert seen == [("unknown_member", "type")], seen
assert v == UnknownVariant("rate_limits.updated", {"type": "rate_limits.updated", "limits": [1]})
assert annotation(Done, "items") == "list[Usage] | Unset"
# No member matches strictly: the one lacking the fewest required properties, then with the
# fewest deviations, is taken, and only its deviations are reported.
v, seen = tolerant(parse_event, {"type": "created", "session": {"language": "en", "prompt": None}})
assert seen == [("null", "session.prompt")] and isinstance(v.session, TranscriptionSession), seen
v, seen = tolerant(parse_event, {"type": "created", "session": {"voice": None, "include": None}})
assert seen == [("null", "session.voice"), ("null", "session.include")], seen
assert isinstance(v.session, SpeechSession)
# An object no member takes even tolerantly (wrong structure inside every member).
v, seen = tolerant(parse_event, {"type": "created", "session": {"voice": {}, "language": []}})
assert seen == [("unknown_member", "session")], seen
assert v.session == UnknownVariant(None, {"voice": {}, "language": []})
assert annotation(Created, "session") == "Session"
# oneOf matching several members: strict rejects, tolerant takes the first and reports.
v, seen = tolerant(parse_shape, {"side": 1, "radius": 2})
assert seen == [("constraint", "")] and isinstance(v, ShapeSquare), seen
# Wrong structure is still rejected, with every problem listed; null at the top too.
for parse, payload, paths in [
    (parse_event, {"type": "done", "status": 5, "usage": {"total": "x"}}, ["status", "usage.total"]),
    (parse_event, {"type": "done", "status": "completed", "usage": []}, ["usage"]),
    (parse_event, None, [""]),
    (Usage.from_dict, None, [""]),
]:
    for strict in (True, False):
        try:
            parse(payload, strict=strict)
        except ValidationError as exc:
            assert [e.path for e in exc.errors] == paths, (payload, exc.errors)
        else:
            raise AssertionError(payload)
# The warnings machinery: silenced, or turned into errors, with the standard filters.
with warnings.catch_warnings():
    warnings.simplefilter("error", SpecDeviationWarning)
    try:
        parse_event({"type": "done", "status": None, "usage": {"total": 1}}, strict=False)
    except SpecDeviationWarning as exc:
        assert (exc.kind, exc.path, exc.expected, exc.found) == ("null", "status", "a string", "null"), vars(exc)
    else:
        raise AssertionError("no warning")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("ignore", SpecDeviationWarning)
    parse_event({"type": "done", "status": None, "usage": {"total": 1}}, strict=False)
assert not caught
# Valid input warns of nothing.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    Done.from_json('{"type": "done", "status": "completed", "usage": {"total": 3}}', strict=False)
assert not caught
""",
    "unions": """
for prompt in ("text", 12, {"text": "t"}, {"image_url": "u"}):
    roundtrip(CompletionRequest, {"prompt": prompt})
assert isinstance(CompletionRequest.from_dict({"prompt": {"text": "t"}}).prompt, TextContent)
assert isinstance(CompletionRequest.from_dict({"prompt": {"image_url": "u"}}).prompt,
                  CompletionRequestImagePart)
for stop in ("x", ["a", "b"]):
    roundtrip(CompletionRequest, {"prompt": "p", "stop": stop})
for seed in (7, "8b5b1d4e"):
    roundtrip(CompletionRequest, {"prompt": "p", "seed": seed})
for value in ("s", 1, True, {"text": "t"}):
    assert roundtrip(CompletionRequest, {"prompt": "p", "flattened": value}).to_dict()["flattened"] == value
for value in (5, "inf"):
    roundtrip(CompletionRequest, {"prompt": "p", "max_tokens": value})
assert annotation(CompletionRequest, "prompt") == (
    "str | int | TextContent | CompletionRequestImagePart | UnknownVariant"
)
assert annotation(CompletionRequest, "flattened") == "str | int | bool | TextContent | Unset"
assert annotation(CompletionRequest, "seed") == "int | str | Unset"
assert annotation(CompletionRequest, "max_tokens") == "int | Literal['inf'] | Unset"
assert parse_stop_configuration(["a"]) == ["a"]
f = CompletionRequest.from_dict
rejects(f, {"prompt": 1.5}, "prompt")
rejects(f, {"prompt": None}, "prompt")
rejects(f, {"prompt": True}, "prompt")
rejects(f, {"prompt": {"image": "u"}}, "prompt")
rejects(f, {"prompt": "p", "stop": [1]}, "stop")
rejects(f, {"prompt": "p", "max_tokens": "infinite"}, "max_tokens")
rejects(f, {"prompt": "p", "flattened": 1.5}, "flattened")
""",
    "discriminator_explicit": """
o = roundtrip(Session, {"turn_detection": {"type": "server_vad", "threshold": 0.5}})
assert isinstance(o.turn_detection, ServerVad)
o = roundtrip(Session, {"turn_detection": {"type": "semantic_vad", "eagerness": "low"}})
assert isinstance(o.turn_detection, SemanticVad)
assert isinstance(parse_turn_detection({"type": "server_vad"}), ServerVad)
assert dump_turn_detection(SemanticVad(type="semantic_vad")) == {"type": "semantic_vad"}
f = Session.from_dict
# The tag picks the member: the error is about the chosen member, not a list of attempts.
rejects(f, {"turn_detection": {"type": "semantic_vad", "eagerness": "max"}}, "turn_detection.eagerness")
rejects(f, {"turn_detection": {"type": "vad"}}, "turn_detection.type", '"server_vad"')
rejects(f, {"turn_detection": {}}, "turn_detection.type")
# Not strict: an unknown tag keeps the object as it is, typed, and warns.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    o = f({"turn_detection": {"type": "vad", "x": 1}}, strict=False)
assert o.turn_detection == UnknownVariant("vad", {"type": "vad", "x": 1})
assert [(w.category.__name__, w.message.path) for w in caught] == [
    ("SpecDeviationWarning", "turn_detection.type")
]
assert o.to_dict() == {"turn_detection": {"type": "vad", "x": 1}}
""",
    "discriminator_implicit": """
P = {"content": [{"type": "input_text", "text": "hi"}, {"type": "input_image", "image_url": "u"},
                 {"type": "input_file", "file_id": "f"}]}
o = roundtrip(Message, P)
assert [type(c).__name__ for c in o.content] == ["InputText", "InputImage", "MessageContentItemInputFile"]
f = Message.from_dict
rejects(f, {"content": [{"type": "input_audio"}]}, "content[0].type")
rejects(f, {"content": [{"type": "input_text"}]}, "content[0].text", "required")
rejects(f, {"content": [{"type": "input_file", "file_id": 3}]}, "content[0].file_id")
""",
    "allof_ref": """
o = roundtrip(Session, {"voice": "ash", "reasoning": {"effort": "low"}})
assert isinstance(o.reasoning, Reasoning)
assert annotation(Session, "voice") == "VoiceIds | Unset"
assert annotation(Session, "reasoning") == "Reasoning | Unset"
rejects(Session.from_dict, {"voice": "nova"}, "voice")
""",
    "allof_union": """
o = parse_stream_event({"type": "text.delta", "delta": "hi", "stream_id": "s1"})
assert type(o).__name__ == "StreamEventTextDelta" and o.stream_id == "s1" and o.delta == "hi"
assert dump_stream_event(o) == {"type": "text.delta", "delta": "hi", "stream_id": "s1"}
o = parse_stream_event({"type": "completed", "usage": 3})
assert type(o).__name__ == "StreamEventCompleted" and o.stream_id is UNSET
assert annotation(StreamEventCompleted, "stream_id") == "str | Unset"
rejects(parse_stream_event, {"type": "text.delta"}, "delta", "required")
rejects(parse_stream_event, {"type": "completed", "stream_id": 1}, "stream_id", "a string")
rejects(parse_stream_event, {"type": "started"}, "type")
""",
    "allof_merge": """
P = {"temperature": 0.2, "user": "u", "model": "m", "instructions": "i", "input": "hello"}
o = roundtrip(CreateResponse, P)
import dataclasses
assert [f.name for f in dataclasses.fields(CreateResponse)] == [
    "temperature", "user", "model", "instructions", "input", "extra_fields"]
assert annotation(CreateResponse, "temperature") == "float | Unset"
assert annotation(CreateResponse, "model") == "str"
f = CreateResponse.from_dict
exc = rejects(f, {"temperature": 1}, "model", "input")
assert len(exc.errors) == 2
rejects(f, {**P, "temperature": "hot"}, "temperature", "a number")
""",
    "allof_nullable_ref": """
o = roundtrip(Session, {"prompt": None, "default_prompt": {"id": "p"}})
assert o.prompt is None and isinstance(o.default_prompt, Prompt)
o = roundtrip(Session, {"prompt": {"id": "p"}, "default_prompt": None})
assert isinstance(o.prompt, Prompt) and o.default_prompt is None
assert annotation(Session, "prompt") == "Prompt | None | Unset"
assert annotation(Session, "default_prompt") == "Prompt | None | Unset"
rejects(Session.from_dict, {"prompt": {}}, "prompt.id")
""",
    "nullable_30": """
roundtrip(Session, {"instructions": None, "max_tokens": None, "tools": None, "prompt": None,
                    "reason": None, "settings": None})
o = roundtrip(Session, {"instructions": "hi", "max_tokens": 4096, "tools": ["a"], "prompt": {"id": "p"},
                        "reason": "stop", "settings": {"mode": "m"}})
assert isinstance(o.prompt, Prompt) and isinstance(o.settings, SessionSettings)
assert annotation(Session, "instructions") == "str | None"
assert annotation(Session, "prompt") == "Prompt | None | Unset"
assert annotation(Session, "reason") == "Reason | None | Unset"
assert annotation(Session, "settings") == "SessionSettings | None | Unset"
f = Session.from_dict
rejects(f, {}, "instructions", "required")
rejects(f, {"instructions": None, "max_tokens": 0}, "max_tokens", "> 0")
rejects(f, {"instructions": None, "max_tokens": 4097}, "max_tokens", "<= 4096")
assert f({"instructions": None, "max_tokens": 4096}).max_tokens == 4096
rejects(f, {"instructions": None, "reason": "other"}, "reason")
""",
    "nullable_31": """
roundtrip(Session, {"instructions": None, "max_tokens": None, "prompt": None, "format": None,
                    "stop": None, "nothing": None})
o = roundtrip(Session, {"instructions": "x", "max_tokens": 3, "prompt": {"id": "p"}, "format": "json",
                        "stop": ["a"]})
assert isinstance(o.prompt, Prompt)
assert annotation(Session, "instructions") == "str | None"
assert annotation(Session, "max_tokens") == "int | None | Unset"
assert annotation(Session, "prompt") == "Prompt | None | Unset"
assert annotation(Session, "format") == "Literal['text', 'json'] | None | Unset"
assert annotation(Session, "stop") == "str | list[str] | None | Unset"
assert annotation(Session, "nothing") == "None | Unset"
f = Session.from_dict
rejects(f, {"instructions": None, "nothing": 0}, "nothing", "null")
rejects(f, {"instructions": None, "max_tokens": 0}, "max_tokens", ">= 1")
rejects(f, {"instructions": None, "format": "xml"}, "format")
""",
    "default_null": """
o = roundtrip(Session, {"noise_reduction": None, "language": None})
assert o.noise_reduction is None and o.temperature is UNSET
o = roundtrip(Session, {"noise_reduction": {"type": "far_field"}, "language": "en", "temperature": 0.8})
assert isinstance(o.noise_reduction, SessionNoiseReduction)
assert annotation(Session, "noise_reduction") == "SessionNoiseReduction | None | Unset"
assert annotation(Session, "language") == "str | None | Unset"
assert annotation(Session, "temperature") == "float | Unset"
rejects(Session.from_dict, {"temperature": None}, "temperature")
""",
    "ref_siblings": """
o = roundtrip(Session, {"turn_detection": {"threshold": 0.5}, "noise_reduction": "near_field", "plain": {}})
assert isinstance(o.turn_detection, TurnDetection) and isinstance(o.plain, TurnDetection)
assert annotation(Session, "turn_detection") == "TurnDetection | Unset"
assert annotation(Session, "noise_reduction") == "NoiseReductionType | Unset"
import inspect
source = inspect.getsource(sys.modules[Session.__module__])
assert "The field's description, which wins over the component's." in source
assert "Noise reduction for this session." in source
# A field with no description of its own is described by the first sentence of the schema it
# refers to, and names it (not "See `TurnDetection`." alone); one with its own keeps its own.
assert source.count("The component's own description.") == 2, source  # docstring, Attributes
assert 3 * '"' + "The component's own description. See `TurnDetection`." + 3 * '"' in source
attributes = Session.__doc__.split("Attributes:")[1]
assert "turn_detection: The field's description, which wins over the component's." in attributes
assert "plain: The component's own description." in attributes
""",
    "naming_keywords": """
P = {"class": "c", "from": "f", "None": True, "type": "t", "foo-bar": "fb", "foo_bar": 1, "2fa": False,
     "x.y": "xy", "__proto__": "p", "to_dict": "td", "from_json": "fj", "extra_fields": "ef",
     "str": "s", "int": 3, "UNSET": "u", "self": "me", "data": "d", "": "empty",
     "nested-obj": {"with": "w"}, "not-declared": [1]}
o = roundtrip(Event, P)
assert (o.class_, o.from_, o.None_, o.type, o.foo_bar_, o.foo_bar, o.field_2fa, o.x_y) == (
    "c", "f", True, "t", "fb", 1, False, "xy")
assert (o.field__proto__, o.to_dict_, o.from_json_, o.extra_fields_, o.str_, o.int_) == (
    "p", "td", "fj", "ef", "s", 3)
assert (o.UNSET_, o.self, o.data, o.field_, o.nested_obj.with_) == ("u", "me", "d", "empty", "w")
assert o.extra_fields == {"not-declared": [1]}
assert isinstance(o.nested_obj, EventNestedObj)
assert Event(class_="c", type="t", self="s").to_dict() == {"class": "c", "type": "t", "self": "s"}
o = roundtrip(ResponseDone, {"event": {"class": "c", "type": "t"}, "Event": {"class": "C", "type": "T"}})
assert isinstance(o.Event_, Event) and o.Event_.class_ == "C" and o.event.class_ == "c"
assert annotation(ResponseDone, "Event_") == "Event | Unset"
assert ResponseDone.__module__.endswith(".response_done")
""",
    "naming_collisions": """
P = {"tracing": {"workflow_name": "w"}, "default_tracing": {"group_id": "g"},
     "audio": {"input": {"format": "pcm16"}}, "audio_input": {"rate": 24000},
     "default_voice": {"id": "v"}, "voice": {"speed": 1.0}}
o = roundtrip(Session, P)
assert type(o.tracing).__name__ == "SessionTracingTracingConfiguration"
assert type(o.default_tracing).__name__ == "SessionDefaultTracingTracingConfiguration"
assert type(o.audio.input).__name__ == "SessionPropertiesAudioPropertiesInput"
assert type(o.audio_input).__name__ == "SessionPropertiesAudioInput"
assert type(o.default_voice).__name__ == "SessionVoice"
assert type(o.voice).__name__ == "SessionVoiceSchema"
roundtrip(Session, {"tracing": "auto"})
o = roundtrip(Response, {"output_item": {"id": "x"}, "output": {"item": {"text": "t"}}})
assert type(o.output_item).__name__ == "ResponsePropertiesOutputItem"
assert type(o.output.item).__name__ == "ResponseOutputPropertiesItem"
# Names come from paths, never from counters.
classes = [n for n in pkg.__all__ if isinstance(getattr(pkg, n), type)]
assert not [n for n in classes if n[-1].isdigit() or n.endswith("_")], classes
""",
    "recursion_self": """
P = {"type": "and",
     "filters": [{"key": "k", "value": 1}, {"type": "or", "filters": [{"key": "a", "value": "b"}], "parent": None}],
     "parent": {"type": "or", "filters": []},
     "fallback": {"type": "and", "filters": [{"key": "x", "value": True}]}}
o = roundtrip(CompoundFilter, P)
assert isinstance(o.filters[0], ComparisonFilter) and isinstance(o.filters[1], CompoundFilter)
assert isinstance(o.parent, CompoundFilter) and isinstance(o.fallback, CompoundFilter)
assert annotation(CompoundFilter, "filters") == "list[ComparisonFilter | CompoundFilter | UnknownVariant]"
assert annotation(CompoundFilter, "parent") == "CompoundFilter | None | Unset"
deep = {"type": "and", "filters": []}
for _ in range(60):
    deep = {"type": "or", "filters": [deep, {"key": "k", "value": 0}]}
roundtrip(CompoundFilter, deep)
rejects(CompoundFilter.from_dict, {"type": "and", "filters": [{"type": "or", "filters": [{"key": 1}]}]},
        "filters[0]")
rejects(CompoundFilter.from_dict, {"type": "and", "filters": [], "fallback": {"type": "xor", "filters": []}},
        "fallback.type")
""",
    "recursion_mutual": """
P = {"id": "c", "object": "conversation",
     "items": [{"id": "i", "object": "conversation.item",
                "conversation": {"id": "c2", "object": "conversation"},
                "replies": [{"id": "x", "object": "conversation.item"},
                            [{"id": "y", "object": "conversation", "items": []}]]}]}
# The two modules import each other: any import order works.
for first in ("conversation_item", "item_or_conversation", "conversation"):
    for name in [m for m in sys.modules if m.startswith(pkg.__name__)]:
        del sys.modules[name]
    importlib.import_module(f"{pkg.__name__}.{first}")
    pkg = importlib.import_module(pkg.__name__)
    ValidationError = pkg.ValidationError  # the new _runtime's class, for rejects()
    o = roundtrip(pkg.Conversation, P)
    assert isinstance(o.items[0], pkg.ConversationItem)
    assert isinstance(o.items[0].conversation, pkg.Conversation)
    assert isinstance(o.items[0].replies[1][0], pkg.Conversation)
    assert isinstance(pkg.parse_item_or_conversation([[{"id": "z", "object": "conversation.item"}]])[0][0],
                      pkg.ConversationItem)
rejects(pkg.Conversation.from_dict, {"id": "c", "object": "conversation", "items": [{"id": 1}]}, "items[0]")
""",
    "recursion_flat": """
# A reference cycle without an object or array between: flattened, so parsing terminates.
assert Amount == int | str and AmountText == str | int and Label is str and Flag is bool
for amount in (5, "five"):
    o = roundtrip(Invoice, {"amount": amount, "text": amount, "label": "l"})
    assert o.amount == amount and o.text == amount
assert parse_amount(7) == 7 and parse_amount_text("x") == "x" and parse_label("l") == "l"
o = roundtrip(Invoice, {"amount": 1, "flag": None, "maybe": True})
assert o.flag is None and o.maybe is True
assert annotation(Invoice, "flag") == "Flag | None | Unset"
assert annotation(Invoice, "maybe") == "MaybeFlag | None | Unset"
# Guarded by an array: still recursive.
assert roundtrip(Invoice, {"amount": 1, "nested": [1, [2, [3]], []]}).nested == [1, [2, [3]], []]
f = Invoice.from_dict
rejects(f, {"amount": 1.5}, "amount")
rejects(f, {"amount": None}, "amount")
rejects(f, {"amount": 1, "label": 3}, "label")
rejects(f, {"amount": 1, "flag": "yes"}, "flag")
rejects(f, {"amount": 1, "nested": ["x"]}, "nested")
rejects(parse_amount, [1], "one of")
""",
    "union_any": """
# anyOf with `{}`: any JSON value.
assert AnyOrInt == JsonValue
for value in (1, "x", None, [1, {"a": None}], {"k": 1.5}):
    assert parse_any_or_int(value) == value and dump_any_or_int(value) == value
    assert roundtrip(Payload, {"any_or_int": value}).any_or_int == value
# oneOf with `true`: what the other member also takes matches twice, and is rejected.
for value in (1, None, True, [], {"a": "b"}):
    assert parse_not_text(value) == value
    assert roundtrip(Payload, {"not_text": value}).not_text == value
rejects(parse_not_text, "x", "exactly one")
rejects(Payload.from_dict, {"not_text": "x"}, "not_text")
assert roundtrip(Payload, {"not_a_number": "1"}).not_a_number == "1"
rejects(Payload.from_dict, {"not_a_number": 1}, "not_a_number")
rejects(Payload.from_dict, {"not_a_number": 1.5}, "not_a_number")
assert annotation(Payload, "not_a_number") == "JsonValue | float | Unset"
# Only null: the field is `None`.
o = roundtrip(Payload, {"nothing": None, "null_const": None, "nothing_or_a": None, "nulls": [None, None]})
assert o.nothing is None and o.null_const is None and o.nulls == [None, None]
assert annotation(Payload, "nothing") == "None | Unset"
assert annotation(Payload, "nulls") == "list[None] | Unset"
assert roundtrip(Payload, {"nothing_or_a": "a"}).nothing_or_a == "a"
assert parse_nothing(None) is None and parse_null_const(None) is None
rejects(Payload.from_dict, {"nothing": 0}, "nothing")
rejects(Payload.from_dict, {"null_const": "a"}, "null_const")
rejects(Payload.from_dict, {"nothing_or_a": "b"}, "nothing_or_a")
rejects(Payload.from_dict, {"nulls": [None, 1]}, "nulls[1]")
rejects(parse_nothing, False)
for value in (3, None):
    assert roundtrip(Payload, {"count_or_nothing": value}).count_or_nothing == value
rejects(Payload.from_dict, {"count_or_nothing": "3"}, "count_or_nothing")
# A `|` beside an alias written as a string: the alias is quoted too, so the module imports.
for value in (4, [], [[], [[]]]):
    assert parse_tree_or_int(value) == value
    assert roundtrip(Payload, {"tree_or_int": value}).tree_or_int == value
rejects(parse_tree_or_int, [1], "[0]", "an array")
""",
    "allof_alias": """
import dataclasses
# allOf over an alias (null added, a lone allOf): the object behind it is merged.
o = roundtrip(Workspace, {"task": {"gid": "1", "name": "n", "x": 1}, "project": {"gid": "2", "archived": True}})
assert isinstance(o.task, Task) and o.task.gid == "1" and o.task.name == "n"
assert o.task.extra_fields == {"x": 1} and o.project.archived is True
assert [f.name for f in dataclasses.fields(Task)] == ["gid", "resource_type", "name", "extra_fields"]
assert annotation(Workspace, "task") == "Task | Unset"
rejects(Task.from_dict, {"name": "n"}, "gid", "required")
rejects(Task.from_dict, None)
rejects(Project.from_dict, {"gid": "2", "archived": "no"}, "archived")
# allOf over a union component: each member with the other part merged in.
o = roundtrip(Workspace, {"pet": {"pet_type": "dog", "name": "Rex", "barks": True}})
assert type(o.pet).__name__ == "NamedPetDog" and o.pet.name == "Rex"
assert type(parse_named_pet({"pet_type": "cat", "name": "Tom"})).__name__ == "NamedPetCat"
rejects(parse_named_pet, {"pet_type": "cat"}, "name", "required")
rejects(parse_named_pet, {"pet_type": "cow", "name": "x"}, "pet_type")
# A part that only makes a property required.
rejects(TypedResource.from_dict, {"gid": "g"}, "resource_type", "required")
roundtrip(TypedResource, {"gid": "g", "resource_type": "task"})
# additionalProperties: false in a part closes the merged object; as JSON Schema says, it sees
# only its own part's properties, so the other part's `a` is forbidden too (the validator).
roundtrip(Closed, {})
rejects(Closed.from_dict, {"a": "x"}, "a", "additionalProperties")
rejects(Closed.from_dict, {"b": 1}, "b")
# An additionalProperties schema in a part: extras are kept, and checked against it.
o = roundtrip(Labelled, {"gid": "g", "color": "red"})
assert o.extra_fields == {"color": "red"}
rejects(Labelled.from_dict, {"gid": "g", "size": 3}, "size", "a string")
assert "Also checked when parsing, beyond its type: `allOf`" in " ".join(Labelled.__doc__.split())
""",
    "multi_file": """
# Schemas of other files are part of the package, named after their component or file.
P = {"id": "o1", "pet": {"name": "Rex", "status": "sold", "owner": {"name": "Ann", "pets": [{"name": "Tom"}]},
                         "friends": [{"name": "Kit"}]},
     "error": {"code": 404, "detail": "gone"}, "local_error": {"local": True},
     "owner": {"name": "Bob"}, "tags": ["a", "b"]}
o = roundtrip(Order, P)
assert isinstance(o.pet, Pet) and isinstance(o.pet.owner, Owner) and isinstance(o.pet.friends[0], Pet)
assert isinstance(o.pet.owner.pets[0], Pet)
assert isinstance(o.error, CommonError) and isinstance(o.local_error, Error)
assert annotation(Order, "error") == "CommonError | Unset"
assert annotation(Pet, "status") == "Status | Unset"
f = Order.from_dict
rejects(f, {**P, "pet": {"status": "sold"}}, "pet.name", "required")
rejects(f, {**P, "pet": {"name": "x", "status": "lost"}}, "pet.status")
rejects(f, {**P, "error": {"code": 1, "detail": "x" * 101}}, "error.detail")
rejects(f, {**P, "tags": [""]}, "tags[0]")
rejects(f, {**P, "error": {"local": True}}, "error.code", "required")
""",
    "docs": """
P = {"id": "r", "status": "completed", "legacy_format": "x", "secret": "s", "quote": 'say "hi"',
     "tool_choice": {"name": "f"}, "truncation": None, "modalities": ["text"]}
o = roundtrip(Response, P)
assert isinstance(o.tool_choice, ToolChoiceFunction)
for choice in ("auto", 3):
    roundtrip(Response, {**P, "tool_choice": choice})
rejects(Response.from_dict, {**P, "tool_choice": -1}, "tool_choice")
assert Response.__doc__.startswith("The response object.")
assert "{\\"id\\": \\"resp_123\\"}" in Response.__doc__
assert "Deprecated." in ToolChoiceFunction.__doc__
import inspect
source = " ".join(inspect.getsource(sys.modules[Response.__module__]).split())  # unwrapped
for fact in ("Read-only (sent by the server).", "Write-only (sent by the client).", "Deprecated.",
             'Default: "in_progress".', 'Allowed values: "in_progress", "completed", "failed".',
             "`none`, `auto` or `required`.", "An index into the tools list.",
             "The strategy, as a string.", 'Default: "disabled".', 'Default: ["text", "audio"].',
             "As an integer: constraints: value >= 0."):
    assert fact in source, fact
""",
    "empty_objects": """
o = roundtrip(Request, {"options": {}, "marker": {"any": [1]}, "many": [{}, {}], "nothing": {}})
assert isinstance(o.options, Empty) and isinstance(o.nothing, RequestNothing)
assert isinstance(o.many[1], Empty) and o.marker == {"any": [1]}
assert Empty._KEYS == frozenset() and Empty().to_dict() == {} and Empty.from_dict({}) == Empty()
rejects(Empty.from_dict, {"x": 1}, "x", "additional properties are not allowed")
rejects(Request.from_dict, {"options": {"x": 1}}, "options.x")
rejects(Request.from_dict, {"options": {}, "nothing": {"y": None}}, "nothing.y")
rejects(Request.from_dict, {"options": {}, "many": [{}, {"z": 1}]}, "many[1].z")
rejects(Request.from_dict, {"options": []}, "options", "an object")
rejects(Request.from_dict, {}, "options", "required")
# Tolerant parsing keeps the forbidden property and writes it back, with a warning.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    e = Empty.from_dict({"x": 1}, strict=False)
assert e.extra_fields == {"x": 1} and e.to_dict() == {"x": 1}
assert [(w.message.kind, w.message.path) for w in caught] == [("additional", "x")]
""",
    "naming_package": """
# The package's own names are the runtime's; the components named so have `Schema` appended.
from importlib import import_module
runtime = import_module(pkg.__name__ + "._runtime")
for name in ("ValidationError", "UNSET", "Unset", "JsonValue", "ErrorDetail", "UnknownVariant",
             "SpecDeviationWarning"):
    assert getattr(pkg, name) is getattr(runtime, name), name
import typing
assert issubclass(ValidationError, ValueError) and pkg.Any is typing.Any
for name in ("ValidationError", "UNSET", "Unset", "JsonValue", "ErrorDetail", "UnknownVariant",
             "SpecDeviationWarning", "Any", "Literal", "dataclasses", "str"):
    assert name == "Literal" or issubclass(getattr(pkg, name + "Schema"), runtime.Model), name
assert parse_literal_schema("x") == "x" and LiteralSchema == typing.Literal["x", "y"]
P = {"detail": [{"loc": ["body", "items", 0], "msg": "field required", "type": "missing"}]}
e = roundtrip(HTTPValidationError, P)
assert isinstance(e.detail[0], ValidationErrorSchema) and e.detail[0].loc == ["body", "items", 0]
rejects(HTTPValidationError.from_dict, {"detail": [{"loc": [None], "msg": "m"}]},
        "detail[0].loc[0]", "detail[0].type")
U = {"any": {"g": "1"}, "literal": "x", "mode": "fast", "free": [1, None], "either": {"a": "u"},
     "json_value": {"c": "3"}, "error_detail": {"d": "4"}, "unknown_variant": {"e": "5"},
     "warning": {"f": "6"}, "dataclasses": {"h": "7"}, "str": {"i": "8"}, "model": {"j": "9"},
     "errors": P, "charge": {"account": {"id": "acct_1"}}, "parse_status": {"status": "open"}}
o = roundtrip(Uses, U)
assert isinstance(o.any, AnySchema) and isinstance(o.either, UNSETSchema) and isinstance(o.model, Model)
assert isinstance(o.dataclasses_, dataclassesSchema) and isinstance(o.str_, strSchema)
assert o.charge_.account_.id == "acct_1" and o.parse_status_.status == "open"
assert Uses(any=AnySchema()).literal is UNSET and Uses(any=AnySchema()).to_dict() == {"any": {}}
assert annotation(Uses, "either") == "UNSETSchema | UnsetSchema | UnknownVariant | Unset"
rejects(Uses.from_dict, {"any": {}, "literal": "z", "str": {"i": 1}}, "literal", "str.i")
# A class in snake case is what the package exports under its name, even when a module that
# imports it loaded first (a module named `account` would then be the package's `account`).
for name in [m for m in sys.modules if m.startswith(pkg.__name__)]:
    del sys.modules[name]
import_module(pkg.__name__ + ".uses")
pkg = import_module(pkg.__name__)
assert isinstance(pkg.account, type) and isinstance(pkg.charge, type), (pkg.account, pkg.charge)
assert pkg.account.from_dict({"id": "a"}).id == "a" and pkg.charge.__module__.endswith(".charge_")
# An alias whose functions would be named like a class: they take the exact spelling.
assert parse_status_ulllll("open") == "open" and dump_status_ulllll("closed") == "closed"
assert isinstance(pkg.parse_status, type) and pkg.parse_status.__module__.endswith(".parse_status_")
""",
    "naming_members": """
KEPT = ["property", "field", "TypeAlias", "ABSENT", "object", "type", "cls", "obj", "ctx", "path",
        "seen", "out", "pre", "v"]
MANGLED = ["classmethod", "dataclasses", "frozenset", "dict", "list", "str", "Any", "Unset", "_rt",
           "_KEYS", "_parse", "_fill", "_put", "extra_fields", "to_dict", "from_dict", "from_json",
           "to_json"]
P = {k: k.upper() for k in KEPT + MANGLED + ["staticmethod", "__slots__"]}
P.update({"staticmethod_": 1, "Literal": "a", "JsonValue": [None, {"x": 1}],
          "UnknownVariant": {"kind": "two"}, "mode": "slow", "anything": {"y": []},
          "choice": {"kind": "one"}, "optional": 3, "not-declared": True})
for cls, extra in ((Members, {}), (Extended, {"more": False})):
    o = roundtrip(cls, {**P, **extra})
    for key in KEPT:
        assert getattr(o, key) == P[key], key
    for key in MANGLED:
        assert getattr(o, key + "_") == P[key], key
    assert (o.staticmethod__, o.staticmethod_, o.field__slots__) == ("STATICMETHOD", 1, "__SLOTS__")
    assert (o.Literal_, o.JsonValue_, o.mode, o.anything) == ("a", [None, {"x": 1}], "slow", {"y": []})
    assert isinstance(o.UnknownVariant_, MembersUnknownVariantTwo)
    assert isinstance(o.choice, MembersUnknownVariantOne)
    assert o.extra_fields == {"not-declared": True} and o.to_dict()["extra_fields"] == "EXTRA_FIELDS"
    exc = rejects(cls.from_dict, {"field": 1}, "classmethod", "_KEYS", "field")
    assert len(exc.errors) == 3
    rejects(cls.from_dict, {**P, "Literal": "c", "UnknownVariant": {"kind": "three"}}, "Literal", "UnknownVariant")
assert Members(classmethod_="c", field="f", _KEYS_="k", to_dict_="t").to_dict() == {
    "classmethod": "c", "field": "f", "_KEYS": "k", "to_dict": "t"}
assert annotation(Members, "Literal_") == "Literal['a', 'b'] | Unset"
assert annotation(Members, "JsonValue_") == "JsonValue | Unset"
assert annotation(Members, "optional") == "int | Unset"
assert Members._KEYS == frozenset(P) - {"not-declared"}
""",
    "naming_components": """
P = {"dot": {"dot": "."}, "snake": {"snake": "_"}, "pascal": {"pascal": "P"}, "hyphen": {"hyphen": "-"},
     "upper": {"upper": "U"}, "file": {"id": "f"}, "test": "a", "tests": ["b", "a"]}
o = roundtrip(All, P)
# An identifier keeps its name; the names that would collide spell their punctuation out.
assert [type(getattr(o, k)).__name__ for k in ("dot", "snake", "pascal", "hyphen", "upper", "file")] == [
    "Foo_full_stop_Bar", "foo_bar", "FooBar", "Foo_hyphen_minus_Bar", "FOO_hyphen_minus_BAR", "FileBase"]
modules = {type(getattr(o, k)).__module__.rsplit(".", 1)[1] for k in ("dot", "snake", "pascal", "hyphen", "upper")}
assert len(modules) == 5, modules
assert parse_abtest_ululll("a") == "a" and parse_ab_test_llllll(["a"]) == ["a"]
assert dump_ab_test_llllll(["b"]) == ["b"] and dump_abtest_ululll("b") == "b"
rejects(All.from_dict, {"hyphen": {"hyphen": 1}, "tests": ["c"]}, "hyphen.hyphen", "tests[0]")
rejects(parse_ab_test_llllll, "a", "an array")
""",
    "recursion_containers": """
P = {"tree": {"a": {"b": {}}, "c": {}}, "list": [[], [[[]]]], "forest": [{}, {"x": {"y": {}}}],
     "nested": ["it's", {"k": ['say "hi"', "back\\\\slash"]}, []]}
o = roundtrip(Holder, P)
assert o.tree == {"a": {"b": {}}, "c": {}} and o.list_ == [[], [[[]]]] and o.forest[1]["x"] == {"y": {}}
assert annotation(Holder, "tree") == "Tree" and annotation(Holder, "forest") == "list[Tree] | Unset"
assert parse_tree({"a": {"a": {}}}) == {"a": {"a": {}}} and dump_tree({"x": {}}) == {"x": {}}
assert parse_list([[[]], []]) == [[[]], []] and dump_list([[]]) == [[]]
assert parse_nested({"k": ["it's", []]}) == {"k": ["it's", []]}
deep_tree, deep_list = {}, []
for _ in range(100):
    deep_tree, deep_list = {"d": deep_tree}, [deep_list]
assert roundtrip(Holder, {"tree": deep_tree, "list": deep_list}).tree == deep_tree
rejects(Holder.from_dict, {"tree": {"a": {"b": 1}}}, "tree.a.b", "an object")
rejects(Holder.from_dict, {"tree": {}, "list": [[], [1]]}, "list[1][0]", "an array")
rejects(Holder.from_dict, {"tree": {}, "forest": [{}, {"x": []}]}, "forest[1].x", "an object")
rejects(Holder.from_dict, {"tree": {}, "nested": [{"k": "nope"}]}, "nested[0].k")
rejects(parse_tree, [], "", "an object")
# The quoted aliases are the types they spell (the literals keep their quotes and backslash).
import typing
for name in ("tree", "list_", "nested"):
    module = sys.modules[f"{pkg.__name__}.{name}"]
    alias = getattr(module, name.rstrip("_").capitalize())
    assert isinstance(alias, str), alias
    evaluated = eval(alias, vars(module))
assert typing.get_args(evaluated)[0] == typing.Literal["it's", 'say "hi"', "back\\\\slash"]
""",
    "long_lines": """
Long = ThisComponentHasAVeryLongNameAsSomeGeneratedSpecsDoForTheirRequestBodiesAndResponseEnvelopes
KEY = "a_property_whose_name_is_long_enough_that_no_formatter_can_fit_its_lines_within_a_hundred"
VALUE = "a-value-spelled-out-in-full-that-no-formatter-can-split-since-it-is-a-single-string-literal"
P = {KEY: "x", "kind": VALUE, "docs_url": "u", "quoted": '"q"', "wide": "幅"}
o = roundtrip(Holder, {"item": P, "items": [P, {KEY: "y"}]})
assert isinstance(o.item, Long) and getattr(o.items[1], KEY) == "y" and o.item.kind == VALUE
rejects(Holder.from_dict, {"item": {"kind": "long"}}, "item." + KEY, "item.kind")
rejects(Holder.from_dict, {"items": [P, {KEY: 1}]}, f"items[1].{KEY}")
# Docstrings end their lines without whitespace; a line that cannot be shortened has its noqa.
import inspect
source = inspect.getsource(sys.modules[Long.__module__])
assert not [line for line in source.splitlines() if line != line.rstrip()]
assert 'ends with a\\n    "quote"\\n    \\"\\"\\"' in source
assert "。\\"\\"\\"  # noqa: E501" in source
""",
    "union_branches": """
o = roundtrip(Holder, {"bag": ["a", "b"], "mixed": 0.5, "inline": 2.5})
assert o.bag == ["a", "b"] and o.mixed == 0.5 and o.inline == 2.5
assert roundtrip(Holder, {"bag": {"k": "v"}}).bag == {"k": "v"}
rejects(Holder.from_dict, {"bag": [1]}, "bag")
rejects(Holder.from_dict, {"bag": {"k": 1}}, "bag")
# "b" matches only the plain string member; "a" matches both string members of the oneOf.
assert roundtrip(Holder, {"mixed": "b"}).mixed == "b"
rejects(Holder.from_dict, {"mixed": "a"}, "mixed")
# 3 is an integer and a number: two members of the oneOf match.
rejects(Holder.from_dict, {"inline": 3}, "inline", "matches several")
rejects(parse_mixed, 3, "matches several")
""",
    "operations": """
# Only what the operations reach is generated; each operation has a module and a descriptor.
import importlib.util, json
assert importlib.util.find_spec(pkg.__name__ + ".unused") is None
assert [GET_THING.operation_id, GET_THINGS.operation_id] == ["getThing", "GET /things"]
assert (CREATE_THING.method, CREATE_THING.path) == ("POST", "/things")
# Parameters of every location, the path item's first, as one class; a request from it.
params = GetThingParams(thing_id="a b/c", limit=5, include=["owner", "history"],
                        filter=GetThingParamsFilter(color="red", size=2),
                        X_Request_Tags=["x", "y"], session="s;1")
assert [(p.key, p.location) for p in GET_THING.parameters] == [
    ("thing_id", "path"), ("include", "query"), ("filter", "query"),
    ("X-Request-Tags", "header"), ("session", "cookie"), ("limit", "query")]
r = GET_THING.request(params)
assert r.method == "GET" and r.path == "/things/a%20b%2Fc", r
assert r.query == (("include", "owner"), ("include", "history"), ("filter[color]", "red"),
                   ("filter[size]", "2"), ("limit", "5")), r.query
assert dict(r.headers) == {"X-Request-Tags": "x,y", "Cookie": "session=s%3B1"}, r.headers
assert r.url("https://h/v1/") == (
    "https://h/v1/things/a%20b%2Fc?include=owner&include=history&filter%5Bcolor%5D=red"
    "&filter%5Bsize%5D=2&limit=5")
assert r.body is None and r.content() is None
assert GET_THING.request(GetThingParams(thing_id="t", limit=1)).query == (("limit", "1"),)
try:  # no parameters at all: the first required one is named
    GET_THING.request()
except ValueError as exc:
    assert "parameter 'thing_id' (path) is required" in str(exc), exc
else:
    raise AssertionError("required parameters")
rejects(GetThingParams.from_dict, {"thing_id": "t", "limit": 0}, "limit")
rejects(GetThingParams.from_dict, {"thing_id": "t", "limit": 1, "limt": 2}, "limt")
# An inline JSON body, its inline object named below it; the request's JSON.
body = CreateThingBody(name="n", shape=CreateThingBodyShape(sides=3))
r = CREATE_THING.request(body=body)
assert (r.media_type, r.body) == ("application/json", {"name": "n", "shape": {"sides": 3}})
assert json.loads(r.content()) == r.body
roundtrip(CreateThingBody, {"name": "n", "tags": ["a"], "shape": {"sides": 1}})
rejects(CreateThingBody.from_dict, {"tags": []}, "name")
# validate=True checks the parameters and the body first (the body by its media type's parser).
rejects(lambda d: CREATE_THING.request(body=CreateThingBody(**d), validate=True), {"name": 5}, "name")
rejects(lambda d: CREATE_THING.request(body=CreateThingBody(name="n", shape=CreateThingBodyShape(**d)),
                                       validate=True), {"sides": "3"}, "shape.sides")
rejects(lambda d: GET_THING.request(GetThingParams(**d), validate=True), {"thing_id": "t", "limit": 0},
        "limit")
assert CREATE_THING.request(body=CreateThingBody(name=5)).body == {"name": 5}  # by default: as built
assert CREATE_THING.request(body=body, validate=True).body == r.body
try:
    CREATE_THING.request()
except ValueError as exc:
    assert "request body is required" in str(exc)
else:
    raise AssertionError("a required body")
# Several responses: one type per status, a union where the spec lists several schemas;
# a shared response ($ref) and `default`.
assert type(CREATE_THING.parse_response(200, {"id": "1", "name": "n"})) is Thing
assert type(CREATE_THING.parse_response("200", {"draft": True})) is ThingDraft
assert type(parse_create_thing_response200({"draft": True})) is ThingDraft
assert CREATE_THING.parse_response(404, {"message": "gone"}) == Error(message="gone")
assert GET_THING.parse_response(503, {"code": 1}) == GetThingResponseDefault(code=1)
assert GET_THING.response(418).status == "default" and CREATE_THING.response(500) is None
rejects(lambda d: GET_THING.parse_response(200, d), {"id": 1, "name": "n"}, "id")
for call in (lambda: CREATE_THING.parse_response(500, {}), lambda: UPLOAD_PICTURE.parse_response(204, {})):
    try:
        call()
    except ValueError as exc:
        assert "no JSON response" in str(exc)
    else:
        raise AssertionError("no JSON body")
# A multipart form body and a JSON one of another schema; the caller picks the media type.
# A `format: binary` string takes a FileUpload (in a union and in an array too); the form is
# encoded as RFC 7578 says, a part per field and per item, with the spec's part types.
import email, email.policy
png = FileUpload(b"\\x89PNG\\r\\n--form-x\\x00", "a \\"b\\".png", "image/png")
up = UploadPictureBody(file=png, caption="c\\u00e9", thumbnails=[FileUpload(b"1"), "two"],
                       labels=["x", "y"], meta=UploadPictureBodyMeta(source="cam"), sdp="v=0",
                       extra_fields={'odd"\\r\\nX-Injected: 1': True})
r = UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), up)
assert (r.method, r.path, r.media_type) == ("PUT", "/things/t/picture", "multipart/form-data")
assert r.body["file"] is png and r.part_types == {"sdp": "application/sdp", "meta": "application/json"}
up.validate()
content, content_type = r.content(), r.content_type()
assert content_type.startswith("multipart/form-data; boundary=form-"), content_type
assert r.content() == content and UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), up).content() == content
message = email.message_from_bytes(
    b"Content-Type: " + content_type.encode() + b"\\r\\n\\r\\n" + content, policy=email.policy.HTTP)
parts = [(p.get_param("name", header="content-disposition"), p.get_filename(),
          p.get("content-type"), p.get_payload(decode=True)) for p in message.iter_parts()]
assert parts == [
    ("file", "a %22b%22.png", "image/png", b"\\x89PNG\\r\\n--form-x\\x00"),
    ("caption", None, None, "c\\u00e9".encode()),
    ("thumbnails", "thumbnails", "application/octet-stream", b"1"),
    ("thumbnails", None, None, b"two"),
    ("labels", None, None, b"x"),
    ("labels", None, None, b"y"),
    ("meta", None, "application/json", b'{"source":"cam"}'),
    ("sdp", None, "application/sdp", b"v=0"),
    ('odd%22%0D%0AX-Injected: 1', None, None, b"true"),
], parts
assert b"\\r\\nX-Injected" not in content
rejects(UploadPictureBody.from_dict, {"file": b"raw bytes"}, "file", "a string or a FileUpload")
rejects(UploadPictureBody.from_dict, {"file": "s", "thumbnails": [png, 5]}, "thumbnails[1]")
rejects(UploadPictureBody.from_dict, {"file": "s", "thumbnails": 5}, "thumbnails")
assert UploadPictureBody.from_dict({"file": png, "thumbnails": png}).thumbnails is png
try:  # a part's type comes from the caller's FileUpload: no line break may reach the headers
    UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), UploadPictureBody(
        file=FileUpload(b"", "f", "text/plain\\r\\nX-Injected: 1"))).content()
except ValueError as exc:
    assert "not one line of text" in str(exc), exc
else:
    raise AssertionError("a content type with a line break")
assert repr(png) == "FileUpload(15 bytes, filename='a \\"b\\".png', content_type='image/png')", repr(png)
r = UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), UploadPictureBodyJson(url="u"),
                           media_type="application/json")
assert (r.media_type, r.content()) == ("application/json", b'{"url":"u"}')
try:
    UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), up, media_type="text/plain")
except ValueError as exc:
    assert "multipart/form-data, application/json, not text/plain" in str(exc), exc
else:
    raise AssertionError("an unknown media type")
rejects(UploadPictureBody.from_dict, {"caption": "c"}, "file")
assert [b.media_type for b in UPLOAD_PICTURE.bodies] == ["multipart/form-data", "application/json"]
# A stream response: each event parsed through the event union, by its discriminator.
created = GET_THINGS.parse_event(200, {"type": "thing.created", "thing": {"id": "1", "name": "n"}})
assert type(created) is ThingCreated and created.thing == Thing(id="1", name="n")
assert type(parse_get_things_event200({"type": "thing.deleted", "id": "1"})) is ThingDeleted
assert GET_THINGS.response(200).media_types == ("text/event-stream", "application/zip")
assert GET_THINGS.response(200).parse is None
rejects(lambda d: GET_THINGS.parse_event(200, d), {"type": "thing.deleted"}, "id")
# The runtime's SSE reader through the operation: bytes split anywhere (inside a UTF-8
# sequence too), comments, an `event:` line, CRLF, multi-line data, ending at [DONE].
stream = (
    b": keep-alive\\r\\nevent: thing.created\\r\\n"
    b'data: {"type": "thing.created",\\r\\ndata:  "thing": {"id": "1", "name": "\\xc3\\xa9t\\xc3\\xa9"}}\\r\\n\\r\\n'
    b'data: {"type": "thing.deleted", "id": "1"}\\n\\ndata: [DONE]\\n\\ndata: {"never": 1}\\n\\n'
)
for size in (1, 2, 7, len(stream)):
    chunks = [stream[i:i + size] for i in range(0, len(stream), size)]
    events = list(GET_THINGS.iter_events(200, chunks))
    assert [type(e) for e in events] == [ThingCreated, ThingDeleted], (size, events)
    assert events[0].thing.name == "\\u00e9t\\u00e9"
lines = ['data: {"type": "thing.deleted", "id": "2"}', "", "data: [DONE]", ""]
assert list(GET_THINGS.iter_events("200", lines)) == [ThingDeleted(type="thing.deleted", id="2")]
try:
    list(GET_THINGS.iter_events(200, ['data: {"type": "thing.deleted"}', ""]))
except ValidationError as exc:
    assert "id" in str(exc)
else:
    raise AssertionError("an event that does not parse")
for call in (lambda: GET_THING.iter_events(200, []), lambda: GET_THINGS.iter_events(404, [])):
    try:
        call()
    except ValueError as exc:
        assert "no event stream" in str(exc)
    else:
        raise AssertionError("no stream")
""",
    "union_many": """
WORDS = ["circle", "square", "triangle", "hexagon", "star", "ring", "arrow", "cross", "heart",
         "moon", "cloud", "spiral"]
for i, w in enumerate(WORDS):
    o = roundtrip(Holder, {"shape": {w: i, "label": w}, "inline": {w: i}, "events": [{w + "_id": "e"}]})
    assert type(o.shape).__name__ == f"ShapeAnyOf{i}" and type(o.inline).__name__ == f"HolderInlineAnyOf{i}"
    assert type(o.events[0]).__name__ == w.capitalize() + "Event"
    assert type(parse_shape({w: 1.5})).__name__ == f"ShapeAnyOf{i}"
assert roundtrip(Holder, {"inline": None}).inline is None
rejects(Holder.from_dict, {"shape": {"nothing": 1}}, "shape")
rejects(Holder.from_dict, {"events": [{"moon_id": "m"}, {"star_id": 1}]}, "events[1]")
rejects(Holder.from_dict, {"events": [{"circle_id": "a", "spiral_id": "b"}]}, "events[0]", "several")
rejects(parse_shape, {"spiral": "not a number"}, "")
# Trying twelve members nests no block per member: the parsers stay flat, whatever the count.
import ast, inspect
BLOCKS = (ast.For, ast.While, ast.Try, ast.With)
def depth(node, level=0):
    level += isinstance(node, BLOCKS)
    return max([depth(child, level) for child in ast.iter_child_nodes(node)], default=level)
for name in ("shape", "holder", "event"):
    tree = ast.parse(inspect.getsource(sys.modules[f"{pkg.__name__}.{name}"]))
    assert depth(tree) <= 3, (name, depth(tree))
""",
}


def test_every_case_is_exercised() -> None:
    assert set(CHECKS) == set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_expected_package_round_trip(case: str, tmp_path: Path) -> None:
    """Import the committed package (in a fresh interpreter) and exercise it."""
    script = tmp_path / f"check_{case}.py"  # a file, so that a traceback shows the failed line
    script.write_text(
        PRELUDE.format(expected=str(expected_dir(case)), package=package(case))
        + textwrap.dedent(CHECKS[case])
    )
    # -I: nothing from the environment or the working directory; -B: no __pycache__ in tests/.
    result = subprocess.run(
        [sys.executable, "-I", "-B", str(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-4000:]


def _package_dirs() -> list[str]:
    return [str(expected_dir(case) / package(case)) for case in CASES]


def test_expected_packages_pass_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", *_package_dirs()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success" in result.stdout


def test_expected_packages_pass_ruff() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "E,W,F,I,UP,B",
            "--line-length",
            "100",
            "--target-version",
            "py310",
            *_package_dirs(),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


# -- the names the generated code relies on ------------------------------------------------------


def _exports(root: Path) -> set[str]:
    """The definitions of a package (`_MODULES` of its `__init__`) and their private parsers."""
    for node in ast.parse((root / "__init__.py").read_text()).body:
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "_MODULES":
            names = {n for found in ast.literal_eval(node.value).values() for n in found}
            return names | {"_" + n for n in names if n.startswith("parse_")}
    raise AssertionError(f"{root}: no _MODULES")


def _read(nodes: list[ast.AST]) -> set[str]:
    """The names the expressions read, those of quoted type aliases included."""
    out = set()
    for node in nodes:
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                out.add(n.id)
            elif isinstance(n, ast.AnnAssign) and ast.unparse(n.annotation) == "TypeAlias":
                if isinstance(n.value, ast.Constant) and isinstance(n.value.value, str):
                    out |= _read([ast.parse(n.value.value, mode="eval")])
    return out


def _module_level(statements: list[ast.stmt]) -> set[str]:
    """What a module binds at its top level (inside `if TYPE_CHECKING:` too)."""
    out = set()
    for node in statements:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.If):
            out |= _module_level(node.body + node.orelse)
    return out


def _class_level(node: ast.ClassDef) -> tuple[set[str], set[str], set[str]]:
    """What a class body reads (decorators, bases, annotations, defaults, signatures), the
    members it binds, and its fields (declared without a value or with a plain default)."""
    read = _read([*node.decorator_list, *node.bases])
    members, fields = set(), set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            members.add(item.name)
            args = [*item.args.args, *item.args.kwonlyargs]
            signature = [a.annotation for a in args if a.annotation] + [item.returns]
            read |= _read([*item.decorator_list, *signature, *item.args.defaults])
        elif isinstance(item, ast.Assign):
            members |= {t.id for t in item.targets if isinstance(t, ast.Name)}
            read |= _read([item.value])
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            plain = item.value is None or isinstance(item.value, ast.Name)
            (fields if plain else members).add(item.target.id)
            read |= _read([item.annotation] + ([item.value] if item.value else []))
    return read, members, fields


def test_generated_code_relies_only_on_the_names_naming_keeps_free() -> None:
    """A module binds or reads, besides the package's definitions and dunders, only names of
    `naming.PACKAGE_NAMES` (which no class, alias or module takes), and a class body only
    names of `naming.CLASS_BODY_NAMES` (which no property's attribute takes) and definitions:
    no name of a spec can shadow what the code needs. A template that starts using another
    name fails here until the list has it."""
    builtin = set(dir(builtins))
    module_names: set[str] = set()
    class_names: set[str] = set()
    for case in CASES:
        root = expected_dir(case) / package(case)
        definitions = _exports(root)
        for path in sorted(root.glob("*.py")):
            if path.name.startswith("_") and path.name != "__init__.py":
                continue  # support code (`_runtime`, `_validator`): it imports no definition
            tree = ast.parse(path.read_text())
            module_names |= (_module_level(tree.body) | (_read([tree]) & builtin)) - definitions
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    read, members, fields = _class_level(node)
                    assert not read & fields, f"{path}: {node.name}: {sorted(read & fields)}"
                    class_names |= members | (read - definitions)
    dunders = {n for n in module_names if n.startswith("__") and n.endswith("__")}
    assert module_names - dunders <= naming.PACKAGE_NAMES, sorted(
        module_names - dunders - naming.PACKAGE_NAMES
    )
    assert class_names <= naming.CLASS_BODY_NAMES, sorted(class_names - naming.CLASS_BODY_NAMES)
    # The members every class inherits from the runtime's `Model`.
    runtime = ast.parse((expected_dir(CASES[0]) / package(CASES[0]) / "_runtime.py").read_text())
    model = next(n for n in runtime.body if isinstance(n, ast.ClassDef) and n.name == "Model")
    # (A dunder, `__repr__`, is no attribute's name: naming writes such a property `field_...`.)
    inherited = {
        n.name
        for n in model.body
        if isinstance(n, ast.FunctionDef)
        and not (n.name.startswith("__") and n.name.endswith("__"))
    }
    assert inherited <= naming.CLASS_BODY_NAMES, sorted(inherited - naming.CLASS_BODY_NAMES)


def test_generated_functions_bind_only_names_no_definition_takes() -> None:
    """Every parameter and local variable of a generated function or method is one of
    `python_names.LOCAL_NAMES` or `TEMPORARY`, which no class or alias takes: a local never
    shadows the definition a function body refers to (`path._parse(...)`)."""
    bound: set[str] = set()
    for case in CASES:
        root = expected_dir(case) / package(case)
        definitions = _exports(root)
        for path in sorted(root.glob("*.py")):
            if path.name.startswith("_"):
                continue  # support code and `__init__`: they refer to no definition
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.comprehension)):
                    for sub in ast.walk(node):
                        if isinstance(sub, ast.arg):
                            bound.add(sub.arg)
                        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                            bound.add(sub.id)
            assert not {n for n in definitions if python_names.local(n)}, path
    assert {n for n in bound if not python_names.local(n)} == set()
