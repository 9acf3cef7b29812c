"""Hostile payloads against the generated parsers: whatever comes in, a parser returns a value
or raises the package's `ValidationError`, never anything else, and what it accepts is written
back exactly (`to_dict()` / `dump_x()` equal to the input, JSON types included; `to_json()` is
JSON that reads back the same).

Against the committed RealtimeSession package (`generated/openai_models`) and a sample of 50
entry points of the whole-spec package (the session's `whole_spec`, generated once, see
tests/conftest.py): classes and aliases spread over the package, some of them checked by the
package's validator. Hypothesis builds the payloads: valid documents with odd values put
somewhere in them (non-finite numbers, huge integers, lone surrogates, bytes, sets, tuples,
custom objects, subclasses of dict, list, str, int and float, dicts with keys that are not
strings, NaN keys), JSON of any shape, deep nestings around the depth limit, and texts for
`from_json` (valid JSON, NaN and Infinity, `1e999`, malformed text, bytes that are not UTF-8).

Fixed checks: the depth limit (`MAX_DEPTH`, 256) is exact in free-form values, unknown keys
and recursive models (a value `MAX_DEPTH` deep is accepted, one deeper rejected with its
path), also when the caller is already hundreds of frames deep; a 10,000-deep array is
rejected by every sampled entry point in both modes; a ValidationError lists at most 100
problems; the time to reject a 2 MB array of invalid items is within a bounded ratio of the
time to parse a valid array of the same size; a translated ECMA-262 pattern (`^[a-z_]+$`) does
not match "my_tool\\n", in the typed check and in the validator.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests._json_compare import json_type_diff
from tests.conftest import PAYLOADS, ROOT, WholeSpec

LIMIT = 256  # the runtime's MAX_DEPTH
SAMPLE = 50  # whole-spec entry points
CALLER_FRAMES = 300  # how deep the caller already is in the deep checks
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Entry:
    """One way into a package: `parse(data, strict)`, `dump(value)`, and for a class
    `from_json(text, strict)` and `to_json(value)`, for an alias `parse_json(text, strict)`
    (its `parse_<alias>_json`)."""

    name: str
    rt: ModuleType  # the package's _runtime
    parse: Callable[[Any, bool], Any]
    dump: Callable[[Any], Any]
    from_json: Callable[[Any, bool], Any] | None = None
    to_json: Callable[[Any], str] | None = None
    parse_json: Callable[[Any, bool], Any] | None = None


def entries_of(package: str, names: list[str]) -> list[Entry]:
    pkg = importlib.import_module(package)
    rt = importlib.import_module(f"{package}._runtime")
    out = []
    for name in names:
        obj = getattr(pkg, name)
        if isinstance(obj, type) and issubclass(obj, rt.Model):
            cls: Any = obj
            out.append(
                Entry(
                    name,
                    rt,
                    lambda d, s, c=cls: c.from_dict(d, strict=s),
                    lambda v: v.to_dict(),
                    lambda t, s, c=cls: c.from_json(t, strict=s),
                    lambda v: v.to_json(),
                )
            )
        elif name.startswith("parse_"):
            if name.endswith("_json") and hasattr(pkg, name[: -len("_json")]):
                continue  # the JSON-text parser of `parse_<alias>`: in that alias's entry
            parse, dump = obj, getattr(pkg, "dump_" + name[len("parse_") :])
            text: Any = getattr(pkg, name + "_json")
            out.append(
                Entry(
                    name,
                    rt,
                    lambda d, s, p=parse: p(d, strict=s),
                    dump,
                    parse_json=lambda t, s, p=text: p(t, strict=s),
                )
            )
    return out


def _modules_table(init: Path) -> dict[str, tuple[str, ...]]:
    import ast

    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "_MODULES" and node.value is not None:
                value: dict[str, tuple[str, ...]] = ast.literal_eval(node.value)
                return value
    raise AssertionError(f"{init} has no _MODULES table")


@pytest.fixture(scope="module")
def realtime() -> list[Entry]:
    import openai_models

    names = [n for n in openai_models.__all__ if n[0].isupper() or n.startswith("parse_")]
    return entries_of("openai_models", sorted(names))


@pytest.fixture(scope="module")
def sampled(whole_spec: WholeSpec) -> list[Entry]:
    """50 entry points spread over the whole-spec package (every n-th of its classes and alias
    parsers in name order), 5 of them among the classes that call the package's validator."""
    classes, aliases, checked = [], [], []
    for module in sorted(_modules_table(whole_spec.package_dir / "__init__.py")):
        source = (whole_spec.package_dir / f"{module}.py").read_text(encoding="utf-8")
        for block in re.split(r"\n(?=class |def )", source):
            if m := re.match(r"class (\w+)\(_rt\.Model\)", block):
                classes.append(m[1])
                if "_rt.asserted(" in block:
                    checked.append(m[1])
            elif m := re.match(r"def _parse_(\w+)\(", block):
                aliases.append("parse_" + m[1])
    picked = checked[:: max(1, len(checked) // 5)][:5]
    assert len(picked) == 5, checked  # the package's validator is exercised too
    rest = sorted(set(classes + aliases) - set(picked))
    picked += rest[:: max(1, len(rest) // (SAMPLE - len(picked)))][: SAMPLE - len(picked)]
    entries = entries_of(whole_spec.package_dir.name, picked)
    assert len(entries) == SAMPLE, picked
    return entries


def all_entries(realtime: list[Entry], sampled: list[Entry]) -> list[Entry]:
    return realtime + sampled


# ---------------------------------------------------------------------------------------------
# The property: ValidationError or an exact round trip
# ---------------------------------------------------------------------------------------------


def is_json(value: Any, depth: int = 0) -> bool:
    """Whether `value` is JSON data of the exact types `json.loads` makes (finite numbers)."""
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return True  # lone surrogates too: `json.dumps` escapes them
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(is_json(x, depth + 1) for x in value)
    if kind is dict:
        return all(type(k) is str and is_json(x, depth + 1) for k, x in value.items())
    return False


def outcome(entry: Entry, data: Any, strict: bool) -> Any:
    """Parse `data`: None when rejected (by a ValidationError), else the value written back,
    checked to be exactly `data` and to be JSON that `to_json` writes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = entry.parse(data, strict)
        except entry.rt.ValidationError as exc:
            assert 1 <= len(exc.errors) <= 100 and exc.count >= len(exc.errors)
            assert str(exc)
            return None
    out = entry.dump(value)
    if is_json(data):
        assert json_type_diff(out, data) is None, (entry.name, strict)
    else:  # accepted though not of JSON's exact types (a str subclass as a known key): equal
        assert out == data and is_json(out), (entry.name, strict)
    try:
        text = entry.to_json(value) if entry.to_json else json.dumps(out, allow_nan=False)
    except ValueError as exc:  # Python writes no integer of more than 4300 digits (a known gap)
        assert "4300 digits" in str(exc) and huge_int_in(out), exc
        return out
    assert json_type_diff(json.loads(text), out) is None
    return out


def huge_int_in(value: Any) -> bool:
    if type(value) is int:
        return abs(value) >= 10**4300
    if type(value) is list:
        return any(huge_int_in(x) for x in value)
    if type(value) is dict:
        return any(huge_int_in(x) for x in value.values())
    return False


def check(entry: Entry, data: Any) -> None:
    for strict in (True, False):
        outcome(entry, data, strict)


def check_text(entry: Entry, text: Any) -> None:
    """A class's `from_json` or an alias's `parse_<alias>_json`: a value that writes back what
    the text holds, or a ValidationError."""
    parse_text = entry.from_json or entry.parse_json
    assert parse_text is not None
    for strict in (True, False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                value = parse_text(text, strict)
            except entry.rt.ValidationError:
                continue
        loaded = json.loads(text)
        assert json_type_diff(entry.dump(value), loaded) is None
        if entry.to_json is not None:
            assert json_type_diff(json.loads(entry.to_json(value)), loaded) is None


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------


class Custom:
    def __repr__(self) -> str:
        raise RuntimeError("a __repr__ that fails")


class SubDict(dict):  # type: ignore[type-arg]
    pass


class SubList(list):  # type: ignore[type-arg]
    pass


class SubStr(str):
    pass


class SubInt(int):
    pass


class SubFloat(float):
    pass


SURROGATES = st.sampled_from(["\ud800", "a\udfffb", "\udc00", "\ud83d"])
JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | SURROGATES
)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)


def nest(depth: int, leaf: Any = 1, kind: str = "list") -> Any:
    """`leaf` lying `depth` deep, inside arrays (or objects under the key "k")."""
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


ODD = st.one_of(
    st.sampled_from([math.inf, -math.inf, math.nan, 10**5000, -(2**70), 2**64]),
    SURROGATES,
    st.sampled_from([b"bytes", bytearray(b"x"), {1, 2}, frozenset(), (1, 2), 1j]),
    st.builds(Custom),
    st.builds(lambda: SubDict(a=1)),
    st.builds(lambda: SubList([1])),
    st.builds(lambda: SubStr("text")),
    st.builds(lambda: SubInt(3)),
    st.builds(lambda: SubFloat(1.5)),
    st.sampled_from(
        [{1: "a"}, {None: 1}, {math.nan: 1}, {(1, 2): 1}, {b"k": 1}, {SubStr("type"): "x"}]
    ),
    st.builds(nest, st.sampled_from([LIMIT - 2, LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 2])),
    st.builds(
        nest,
        st.sampled_from([LIMIT - 1, LIMIT, LIMIT + 1]),
        st.just({}),
        st.sampled_from(["list", "dict"]),
    ),
    JSON,
)


def _valid_payloads() -> list[Any]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((PAYLOADS / "valid").glob("*.json"))
    ]


VALID = (
    _valid_payloads() if (PAYLOADS / "valid").is_dir() else [{"model": "gpt-4o-realtime-preview"}]
)


@st.composite
def planted(draw: st.DrawFn, bases: list[Any]) -> Any:
    """A copy of one of `bases` with an odd value put in place of a value or as a new key."""
    root = json.loads(json.dumps(draw(st.sampled_from(bases))))
    odd = draw(ODD)
    holder: Any = None
    key: Any = None
    value = root
    while type(value) in (dict, list) and value and draw(st.booleans()):
        holder = value
        key = draw(st.sampled_from(sorted(value) if type(value) is dict else range(len(value))))
        value = value[key]
    if holder is None:
        if type(root) is dict and draw(st.booleans()):
            root[draw(st.text(max_size=6))] = odd
            return root
        return odd
    if type(holder) is dict and draw(st.booleans()):
        holder[draw(st.text(max_size=6))] = odd
    else:
        holder[key] = odd
    return root


# ---------------------------------------------------------------------------------------------
# Fuzzing
# ---------------------------------------------------------------------------------------------


@FUZZ
@given(data=planted(VALID))
def test_realtime_session_takes_odd_values_in_valid_payloads(data: Any) -> None:
    (entry,) = entries_of("openai_models", ["RealtimeSession"])
    check(entry, data)
    if is_json(data):
        check_text(entry, json.dumps(data))


def test_realtime_entry_points_take_any_value(realtime: list[Entry]) -> None:
    @FUZZ
    @given(data=st.one_of(ODD, planted(VALID)))
    def run(data: Any) -> None:
        for entry in realtime:
            check(entry, data)

    run()


def test_whole_spec_entry_points_take_any_value(sampled: list[Entry]) -> None:
    keys = st.sampled_from(["type", "id", "object", "name", "data", "k"])

    @FUZZ
    @given(data=st.one_of(ODD, st.dictionaries(keys, ODD, max_size=3)))
    def run(data: Any) -> None:
        for entry in sampled:
            check(entry, data)

    run()


TEXTS = st.one_of(
    JSON.map(json.dumps),
    st.sampled_from(
        [
            '{"a": 1e999}',
            '{"a": -1e999}',
            '{"a": NaN}',
            '{"a": Infinity}',
            '{"a": -Infinity}',
            "[1e999]",
            "NaN",
            "1e400",
            '{"a": 1',
            "",
            "{}}",
            '{"a": "\\ud800"}',
            "[" * 5000,
            "[" * 100000 + "]" * 100000,
            '{"k": ' * 3000 + "1" + "}" * 3000,
            "1" * 5000,
        ]
    ),
    st.binary(max_size=20),
    st.just(b"\xff\xfe"),
    st.just(bytearray(b'{"model": "x"}')),
    st.sampled_from([None, 5, [], {}]),
)


def test_from_json_takes_any_text(realtime: list[Entry], sampled: list[Entry]) -> None:
    """Every class's `from_json` and every alias's `parse_<alias>_json`."""
    classes = [e for e in realtime + sampled if e.from_json or e.parse_json]
    assert any(e.parse_json for e in realtime) and any(e.parse_json for e in sampled)

    @FUZZ
    @given(text=TEXTS)
    def run(text: Any) -> None:
        for entry in classes:
            check_text(entry, text)

    run()


# ---------------------------------------------------------------------------------------------
# Depth
# ---------------------------------------------------------------------------------------------


def from_deep_caller(call: Callable[[], Any], frames: int = CALLER_FRAMES) -> Any:
    """`call()` made `frames` Python frames below this one."""
    if frames:
        return from_deep_caller(call, frames - 1)
    return call()


def test_the_limit_is_the_runtimes() -> None:
    from openai_models import _runtime

    from generator import view_nodes

    assert _runtime.MAX_DEPTH == view_nodes.MAX_DEPTH == LIMIT


@pytest.mark.parametrize("kind", ["list", "dict"])
def test_free_form_values_and_unknown_keys_at_the_limit(kind: str) -> None:
    from openai_models import RealtimeFunctionTool, RealtimeSession, ValidationError

    for cls, make in (
        (RealtimeSession, lambda v: {"model": "gpt-4o-realtime-preview", "unknown": v}),
        (RealtimeFunctionTool, lambda v: {"type": "function", "name": "f", "parameters": {"p": v}}),
        (RealtimeSession, lambda v: {"tools": [{"type": "function", "parameters": {"p": v}}]}),
    ):
        base_depth = _depth_of(make(0))
        for depth in (LIMIT - 1, LIMIT):  # the leaf lies `depth` deep
            data = make(nest(depth - base_depth, 1, kind))
            for strict in (True, False):

                def both(data: Any = data, strict: bool = strict, cls: Any = cls) -> None:
                    value = cls.from_dict(data, strict=strict)
                    assert json_type_diff(value.to_dict(), data) is None
                    text = value.to_json()
                    back = cls.from_json(text, strict=strict)
                    assert json_type_diff(back.to_dict(), data) is None

                from_deep_caller(both)
        data = make(nest(LIMIT + 1 - base_depth, 1, kind))
        for parse in (cls.from_dict, lambda d, cls=cls: cls.from_json(json.dumps(d))):
            with pytest.raises(ValidationError) as caught:
                from_deep_caller(lambda parse=parse, data=data: parse(data))
            (error,) = caught.value.errors
            assert error.expected == f"JSON nested at most {LIMIT} deep"
            assert _steps(error.path) == LIMIT + 1, error.path


def _depth_of(data: Any) -> int:
    """How deep the value 0 lies in `data`."""
    if type(data) is dict:
        return max((1 + _depth_of(v) for v in data.values()), default=-1)
    if type(data) is list:
        return max((1 + _depth_of(v) for v in data), default=-1)
    return 0 if data == 0 else -1


def _steps(path: str) -> int:
    from openai_models import _runtime

    return _runtime.steps(path)


@pytest.fixture(scope="module")
def recursive() -> Iterator[ModuleType]:
    folder = ROOT / "tests" / "golden" / "recursion_self" / "expected"
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("golden_recursion_self")
    finally:
        sys.path.remove(str(folder))


def test_recursive_models_at_the_limit(recursive: ModuleType) -> None:
    compound = recursive.CompoundFilter

    def by_parent(n: int) -> Any:  # n nested objects: the innermost one's values lie n deep
        node: Any = None
        for _ in range(n):
            node = {"type": "and", "filters": [], "parent": node}
        return node

    def by_filters(n: int) -> Any:  # the comparison's values lie 2 * n + 1 deep
        node: Any = {"key": "k", "value": 1}
        for _ in range(n):
            node = {"type": "or", "filters": [node]}
        return node

    for ok, bad in ((by_parent(LIMIT), by_parent(LIMIT + 1)), (by_filters(127), by_filters(128))):
        for strict in (True, False):
            value = from_deep_caller(
                lambda ok=ok, strict=strict: compound.from_dict(ok, strict=strict)
            )
            assert json_type_diff(from_deep_caller(value.to_dict), ok) is None
            assert json.loads(from_deep_caller(value.to_json)) == ok
            for parse in (
                compound.from_dict,
                lambda d, strict: compound.from_json(json.dumps(d), strict=strict),
            ):
                with pytest.raises(recursive.ValidationError) as caught:
                    from_deep_caller(
                        lambda parse=parse, bad=bad, strict=strict: parse(bad, strict=strict)
                    )
                assert any(
                    f"nested at most {LIMIT} deep" in e.expected for e in caught.value.errors
                )


def test_a_10000_deep_array_is_rejected_by_every_entry_point(
    realtime: list[Entry], sampled: list[Entry]
) -> None:
    deep = nest(10_000)
    text = "[" * 10_000 + "]" * 10_000
    for entry in realtime + sampled:
        for strict in (True, False):
            with pytest.raises(entry.rt.ValidationError):
                from_deep_caller(lambda entry=entry, strict=strict: entry.parse(deep, strict), 100)
            with pytest.raises(entry.rt.ValidationError):
                entry.parse({"k": deep, "type": deep, "data": deep}, strict)
            for parse_text in (entry.from_json, entry.parse_json):
                if parse_text is not None:
                    with pytest.raises(entry.rt.ValidationError):
                        from_deep_caller(lambda p=parse_text, strict=strict: p(text, strict), 100)


def test_unknown_keys_of_sampled_classes_take_json_up_to_the_limit(sampled: list[Entry]) -> None:
    """Every sampled class that takes an object with an unknown key (`{}` and its required
    properties aside: the ones that take `{"zz": 1}`) takes JSON `LIMIT` deep there, not deeper."""
    open_classes = [e for e in sampled if e.from_json is not None and _takes(e, {"zz": 1})]
    assert open_classes
    for entry in open_classes:
        for kind in ("list", "dict"):
            ok = {"zz": nest(LIMIT - 1, "x", kind)}
            back = entry.dump(from_deep_caller(lambda e=entry, ok=ok: e.parse(ok, True)))
            assert json_type_diff(back, ok) is None
            with pytest.raises(entry.rt.ValidationError):
                entry.parse({"zz": nest(LIMIT, "x", kind)}, True)


def _takes(entry: Entry, data: Any) -> bool:
    try:
        return entry.dump(entry.parse(data, True)) == data
    except entry.rt.ValidationError:
        return False


# ---------------------------------------------------------------------------------------------
# Non-finite numbers, the error cap, the time to reject
# ---------------------------------------------------------------------------------------------


def test_non_finite_numbers_are_rejected_everywhere() -> None:
    from openai_models import RealtimeFunctionTool, RealtimeSession, ValidationError

    tool = {"type": "function", "name": "f", "parameters": {"x": 1}}
    for bad in (math.inf, -math.inf, math.nan):
        for strict in (True, False):
            with pytest.raises(ValidationError):
                RealtimeFunctionTool.from_dict({**tool, "parameters": {"x": bad}}, strict=strict)
            with pytest.raises(ValidationError):
                RealtimeSession.from_dict({"unknown": [bad]}, strict=strict)
            with pytest.raises(ValidationError):
                RealtimeSession.from_dict({"temperature": bad}, strict=strict)
    for text in ("1e999", "-1e999", "NaN", "Infinity", "-Infinity"):
        for strict in (True, False):
            with pytest.raises(ValidationError):
                RealtimeFunctionTool.from_json(
                    f'{{"type": "function", "name": "f", "parameters": {{"x": {text}}}}}',
                    strict=strict,
                )
            with pytest.raises(ValidationError):
                RealtimeSession.from_json(f'{{"unknown": {text}}}', strict=strict)
    value = RealtimeFunctionTool.from_dict(tool)
    value.parameters = {"x": math.inf}  # made by hand: to_json refuses to write it
    with pytest.raises(ValueError):
        value.to_json()
    with pytest.raises(ValueError):
        value.to_json(allow_nan=True)


def _best(call: Callable[[], Any], rounds: int = 3) -> float:
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def test_a_2mb_invalid_array_is_rejected_in_bounded_time_with_100_problems_listed() -> None:
    from openai_models import RealtimeSession, ValidationError

    size = 2_000_000
    tool = {"type": "function", "name": "n"}
    valid = {"model": "m", "tools": [tool] * (size // len(json.dumps(tool)))}
    invalid = {"model": "m", "tools": [1] * (size // 3)}
    assert abs(len(json.dumps(valid)) - len(json.dumps(invalid))) < size // 10

    def reject() -> None:
        with pytest.raises(ValidationError) as caught:
            RealtimeSession.from_dict(invalid)
        error = caught.value
        assert error.count == len(invalid["tools"]) and len(error.errors) == 100
        assert str(error).endswith(f"... and {error.count - 100} more")
        assert len(str(error)) < 20_000

    ratio = _best(reject) / _best(lambda: RealtimeSession.from_dict(valid))
    assert ratio < 25, ratio  # before the cap: over 100 (a description and message per item)
    text_ratio = _best(
        lambda: pytest.raises(ValidationError, RealtimeSession.from_json, json.dumps(invalid))
    ) / _best(lambda: RealtimeSession.from_json(json.dumps(valid)))
    assert text_ratio < 25, text_ratio


# ---------------------------------------------------------------------------------------------
# A translated pattern in a generated package
# ---------------------------------------------------------------------------------------------

PATTERN_SPEC = """\
openapi: 3.1.0
info: {title: Patterns, version: "1"}
paths: {}
components:
  schemas:
    Tool:
      type: object
      required: [name]
      properties:
        name: {type: string, pattern: "^[a-z_]+$"}
        params:
          type: object
          propertyNames: {pattern: "^[a-z_]+$"}
"""


def test_a_translated_pattern_does_not_match_before_a_final_newline(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(PATTERN_SPEC, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--no-config",
         "--spec", str(spec), "--all", "--out", str(tmp_path / "out"), "--package", "fuzz_patterns"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    package = tmp_path / "out" / "fuzz_patterns"
    assert (package / "_validator.py").is_file()  # propertyNames: checked by the validator
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        pkg = importlib.import_module("fuzz_patterns")
        tool = pkg.Tool
        assert tool.from_dict({"name": "my_tool", "params": {"my_tool": 1}}).name == "my_tool"
        for bad in ({"name": "my_tool\n"}, {"name": "ok", "params": {"my_tool\n": 1}}):
            with pytest.raises(pkg.ValidationError) as caught:
                tool.from_dict(bad)
            assert len(caught.value.errors) == 1
            with pytest.raises(pkg.ValidationError):
                tool.from_json(json.dumps(bad))
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for module in [
            m for m in sys.modules if m == "fuzz_patterns" or m.startswith("fuzz_patterns.")
        ]:
            del sys.modules[module]


def test_the_sample_covers_the_package(sampled: list[Entry], whole_spec: WholeSpec) -> None:
    classes = [e for e in sampled if e.from_json is not None]
    assert len(sampled) == SAMPLE and 10 <= len(classes) <= SAMPLE - 5, len(classes)
