"""The generated package's JSON Schema validator (`templates/validator.py.jinja`) and the data
that `generator.schema_table` prepares for it.

The official JSON Schema Test Suite (draft 2020-12, `../shared/json-schema-test-suite`): every
group's schema becomes the component `#/components/schemas/<Name>` of one OpenAPI document, as
`tests/json_schema_suite.py` does for the generated parsers; it is prepared with
`schema_table.prepare`, its references closed with `schema_table.closure`, and one validator
module is rendered for all of them. Every test of every group that can be a component must get
the suite's verdict, from `is_valid` and from `problems`. Of the optional files,
`ecmascript-regex.json`, `non-bmp-regex.json`, `bignum.json` and `float-overflow.json` are held to
the same; `OPTIONAL_DEVIATIONS` lists the cases deliberately not met (none).

The rendered module is checked with `ruff check` and `mypy --strict` (as written, and after
`ruff format`, which the generator runs on the package), and against the `jsonschema` library on
random schemas and data.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import docs, schema_table
from generator import render as render_
from generator.schema_table import Unsupported, closure, prepare
from generator.view_nodes import Source
from tests.conftest import ROOT, RUFF_CHECK, SHARED
from tests.json_schema_suite import SKIPPED_FILES, Group, groups, spec_of

SUITE = SHARED / "json-schema-test-suite" / "tests" / "draft2020-12"
OPTIONAL = ("ecmascript-regex.json", "non-bmp-regex.json", "bignum.json", "float-overflow.json")
# (file, group description, test description) -> why the validator deliberately disagrees.
OPTIONAL_DEVIATIONS: dict[tuple[str, str, str], str] = {}
PREFIX = "#/components/schemas/"


def render(assertions: dict[str, Any], schemas: dict[str, Any]) -> str:
    """The validator module's text, rendered as `generator/render.py` renders templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ROOT / "templates")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["py"] = render_.literal
    env.filters["comment"] = docs.comment
    template = env.get_template("validator.py.jinja")
    source = Source("test")
    return template.render(assertions=assertions, schemas=schemas, source=source)


_counter = itertools.count()


def load(text: str, folder: Path) -> ModuleType:
    """Import a rendered module from `folder` under a fresh name."""
    name = f"_validator_{next(_counter)}"
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lookup_in(document: Any) -> Any:
    """`closure`'s lookup: the node at a normalized pointer of `document`, or KeyError."""

    def lookup(pointer: str) -> Any:
        node = document
        for token in pointer[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                raise KeyError(pointer)
        return node

    return lookup


def table(selected: list[Group]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The validator's context for the groups: (assertions, schemas)."""
    document = spec_of(selected)
    raw = document["components"]["schemas"]
    assertions = {g.component: prepare(raw[g.component], PREFIX + g.component) for g in selected}
    return assertions, closure(assertions, lookup_in(document))


def disagreements(module: ModuleType, selected: list[Group]) -> list[str]:
    out = []
    for g in selected:
        for test in g.tests:
            verdict = module.is_valid(g.component, test["data"])
            found = module.problems(g.component, test["data"])
            if verdict != test["valid"] or (not found) != test["valid"]:
                out.append(
                    f"{g.file}#{g.index} {g.description} / {test['description']}: "
                    f"is_valid={verdict} problems={found[:2]} (valid={test['valid']})"
                )
    return out


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, list[Group], str]:
    """One validator for every group of the suite that can be a component."""
    selected = [g for g in groups(SUITE) if not g.skipped]
    text = render(*table(selected))
    return load(text, tmp_path_factory.mktemp("suite")), selected, text


@pytest.mark.parametrize("file", sorted(p.name for p in SUITE.glob("*.json")))
def test_suite_file(file: str, suite: tuple[ModuleType, list[Group], str]) -> None:
    module, selected, _ = suite
    mine = [g for g in selected if g.file == file]
    if not mine:
        pytest.skip(SKIPPED_FILES.get(file, "no group can be an OpenAPI component"))
    assert not disagreements(module, mine)


@pytest.mark.parametrize("file", OPTIONAL)
def test_optional_file(file: str, tmp_path: Path) -> None:
    selected = [g for g in groups(SUITE / "optional") if g.file == file and not g.skipped]
    assert selected
    module = load(render(*table(selected)), tmp_path)
    deviations = {k for k in OPTIONAL_DEVIATIONS if k[0] == file}
    found = disagreements(module, selected)
    expected = [f for f in found if any(f"{d} / {t}:" in f for _, d, t in deviations)]
    assert found == expected


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def test_rendered_module_passes_ruff_and_mypy(
    suite: tuple[ModuleType, list[Group], str], tmp_path: Path
) -> None:
    """As rendered and after `ruff format` (the generator formats the package), with the suite's
    schemas: long patterns (`\\p{Letter}`), deep nesting, odd property names."""
    text = suite[2]
    raw, formatted = tmp_path / "raw" / "_validator.py", tmp_path / "formatted" / "_validator.py"
    for path in (raw, formatted):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    config = ["--isolated", "--no-cache", "--line-length", "100", "--target-version", "py310"]
    assert _ruff("format", "--quiet", *config, str(formatted)).returncode == 0
    for path in (raw, formatted):
        for check in (RUFF_CHECK, ("check", *config, "--select", "E,W,F,I,UP,B")):
            result = _ruff(*check, str(path))
            assert result.returncode == 0, result.stdout[-3000:]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", str(raw)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """A validator whose tables the tests fill (`use`)."""
    return load(render({}, {}), tmp_path_factory.mktemp("validator"))


def use(module: ModuleType, schema: Any, defs: dict[str, Any] | None = None) -> str:
    """Make `schema` the module's assertion "t"; `defs` are `#/components/schemas/<name>`."""
    document = {"components": {"schemas": {"T": schema, **(defs or {})}}}
    module.ASSERTIONS.clear()
    module.SCHEMAS.clear()
    module.ASSERTIONS["t"] = prepare(schema, PREFIX + "T")
    module.SCHEMAS.update(closure(module.ASSERTIONS, lookup_in(document)))
    return "t"


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        ({"maxProperties": 3}, {"a": 1, "b": 2, "c": 3, "d": 4}, [((), "at most 3 properties")]),
        ({"not": {"type": "string"}}, "x", [((), "not to match the schema under `not`")]),
        (
            {"propertyNames": {"maxLength": 64}},
            {"x" * 65: 1},
            [((), "property names of at most 64 characters")],
        ),
        (
            {"oneOf": [{"type": "integer"}, {"minimum": 0}]},
            1,
            [((), "exactly one of the `oneOf` schemas to match (2 matched)")],
        ),
        (
            {"properties": {"a": {"items": {"type": "integer"}}}},
            {"a": [1, "x"]},
            [(("a", 1), "an integer")],
        ),
        ({"required": ["id"]}, {}, [((), 'the required property "id"')]),
        (
            {"additionalProperties": False},
            {"x": 1},
            [(("x",), "no such property (`additionalProperties` is false)")],
        ),
        ({"type": ["string", "null"]}, 1, [((), "a string or null")]),
        (
            {"contains": {"const": 1}, "maxContains": 1},
            [1, 1],
            [((), "at most 1 item matching `contains` (2 matched)")],
        ),
        (
            {"uniqueItems": True},
            [1, 2, 1.0],
            [((), "no two equal items (items 0 and 2 are equal)")],
        ),
        (
            {"unevaluatedProperties": False, "allOf": [{"properties": {"a": True}}]},
            {"a": 1, "b": 2},
            [(("b",), "no such property (`unevaluatedProperties` is false)")],
        ),
    ],
)
def test_problems_say_where_and_what(
    validator: ModuleType, schema: Any, value: Any, expected: list[tuple[Any, str]]
) -> None:
    key = use(validator, schema)
    assert [(path, said) for path, said, _ in validator.problems(key, value)] == expected
    assert not validator.is_valid(key, value)


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": "integer"}, [1, 1.0, -0.0, 10**40, 1e308], [1.5, True, "1", None]),
        ({"type": "number"}, [1, 1.5, 10**40], [True, False, "1"]),
        ({"const": 1}, [1, 1.0], [True, "1", [1]]),
        ({"const": False}, [False], [0, 0.0, None]),
        (
            {"enum": [[1, {"a": 0}]]},
            [[1.0, {"a": 0.0}]],
            [[True, {"a": False}], [1, {"a": 0, "b": 1}]],
        ),
        (
            {"multipleOf": 0.0001},
            [0.0075, 1, 0, 12391239123],
            [0.00751, float("nan"), float("inf")],
        ),
        ({"multipleOf": 0.5}, [1e308, 10**400, 2.5], [1.25]),
        ({"multipleOf": 0.123456789}, [0.246913578], [1e308]),
        ({"multipleOf": 3}, [9, 9.0, -3], [10, 9.5]),
        ({"maximum": 18446744073709551615}, [18446744073709551600], [18446744073709551616]),
        ({"exclusiveMaximum": 9.727837981879871e26}, [9.7278379818798e26], [9.727837981879871e26]),
        ({"minimum": 0}, [0, 0.0], [-1e-300, float("nan")]),
        ({"minLength": 2, "maxLength": 2}, ["\U0001f432\U0001f432", "ab"], ["\U0001f432", "abc"]),
        ({"pattern": "^[a-z_]+$"}, ["my_tool"], ["my_tool\n", "My"]),
        ({"pattern": "\\d"}, ["a1"], ["\u0661"]),
        (
            {"uniqueItems": True},
            [[1, True], [{"a": 1}, {"a": 2}], [[1], [True]]],
            [[{"a": 1, "b": 2}, {"b": 2, "a": 1.0}]],
        ),
        ({"prefixItems": [{"type": "string"}], "items": False}, [[], ["a"]], [["a", 1], [1]]),
        ({"dependentRequired": {"a": ["b"]}}, [{"b": 1}, {"a": 1, "b": 2}], [{"a": 1}]),
        ({"dependentSchemas": {"a": {"required": ["b"]}}}, [{}, {"a": 1, "b": 1}], [{"a": 1}]),
        (
            {"patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
            [{"x-a": 1}],
            [{"x-a": "1"}, {"y": 1}],
        ),
        (
            {"if": {"minimum": 10}, "then": {"multipleOf": 10}, "else": {"maximum": 5}},
            [20, 3],
            [15, 7],
        ),
        (
            {"unevaluatedItems": False, "prefixItems": [True], "contains": {"type": "string"}},
            [[1, "a"], ["a", "b"]],
            [[1, 2]],
        ),
        (
            {
                "anyOf": [{"properties": {"a": True}}, {"properties": {"b": True}}],
                "unevaluatedProperties": False,
            },
            [{"a": 1, "b": 2}],
            [{"c": 1}],
        ),
        (True, [None, {}], []),
        (False, [], [None, {}]),
    ],
)
def test_semantics(
    validator: ModuleType, schema: Any, valid: list[Any], invalid: list[Any]
) -> None:
    key = use(validator, schema)
    for value in valid:
        assert validator.problems(key, value) == [] and validator.is_valid(key, value), value
    for value in invalid:
        assert validator.problems(key, value) and not validator.is_valid(key, value), value


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def test_nesting_is_capped_without_recursion_errors(validator: ModuleType) -> None:
    limit = validator.MAX_DEPTH
    assert limit == 256  # the runtime's MAX_DEPTH (test_fuzz_payloads checks that one)
    said_deep = f"nested at most {limit} levels deep"
    key = use(validator, {"$ref": PREFIX + "Tree"}, {"Tree": {"items": {"$ref": PREFIX + "Tree"}}})
    below = _nested(limit - 1)
    assert validator.is_valid(key, below) and validator.problems(key, below) == []
    for depth in (limit + 1, 5000):
        (path, said, _), *_ = validator.problems(key, _nested(depth))
        assert (len(path), said) == (limit + 1, said_deep)
        assert not validator.is_valid(key, _nested(depth))
    key = use(validator, {"uniqueItems": True})  # items compared as a whole
    assert validator.problems(key, [_nested(1000), 1])[0][:2] == ((0,), said_deep)
    linked = {"anyOf": [{"type": "null"}, {"properties": {"next": {"$ref": PREFIX + "T"}}}]}
    key = use(validator, linked)
    node: Any = None
    for _ in range(limit):
        node = {"next": node}
    assert validator.problems(key, node) == []


def test_recursion_limit_is_a_problem_not_an_error(validator: ModuleType) -> None:
    key = use(validator, {"items": {"$ref": PREFIX + "T"}})
    limit, frame, depth = sys.getrecursionlimit(), sys._getframe(), 0
    while frame.f_back is not None:
        frame, depth = frame.f_back, depth + 1
    sys.setrecursionlimit(depth + 100)
    try:
        found = validator.problems(key, _nested(300))
        verdict = validator.is_valid(key, _nested(300))
    finally:
        sys.setrecursionlimit(limit)
    assert [said for _, said, _ in found] == [
        "data nested less deeply (Python's recursion limit was reached)"
    ]
    assert verdict is False


@pytest.mark.parametrize(
    "defs",
    [
        {"T": {"$ref": PREFIX + "T"}},
        {"T": {"allOf": [{"$ref": PREFIX + "U"}]}, "U": {"$ref": PREFIX + "T", "type": "integer"}},
        {"T": {"anyOf": [{"type": "string"}, {"$ref": PREFIX + "T"}]}},
    ],
)
def test_ref_loops_without_progress_end(validator: ModuleType, defs: dict[str, Any]) -> None:
    key = use(validator, {"$ref": PREFIX + "T"}, defs)
    assert validator.problems(key, 1)
    assert not validator.is_valid(key, 1)


def test_one_ref_twice_at_one_place_is_no_loop(validator: ModuleType) -> None:
    key = use(
        validator,
        {"$ref": PREFIX + "A", "oneOf": [{"$ref": PREFIX + "A"}, {"$ref": PREFIX + "A"}]},
        {"A": {}},
    )
    assert [said for _, said, _ in validator.problems(key, 1)] == [
        "exactly one of the `oneOf` schemas to match (2 matched)"
    ]


def test_unique_items_is_not_quadratic(validator: ModuleType) -> None:
    key = use(validator, {"items": {"type": "integer"}, "uniqueItems": True})
    values = list(range(10_000))
    start = time.perf_counter()
    assert validator.problems(key, values) == []
    assert validator.is_valid(key, values)
    assert (
        validator.problems(key, [*values, 9_999])[0][1]
        == "no two equal items (items 9999 and 10000 are equal)"
    )
    assert time.perf_counter() - start < 1.0  # pairwise comparison: 50 million of them


# Random schemas and data, against the `jsonschema` library (which uses Python's `re` for
# patterns: the patterns here mean the same in both dialects). `$defs` hold no references, so no
# schema loops (jsonschema does not stop those).
NAMES = ("a", "b", "c")
JSON_DATA = st.recursive(
    st.sampled_from([None, True, False, 0, 1, 1.0, 2, 2.5, -1, "", "a", "ab", "abc", "b"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)
    ),
    max_leaves=8,
)


def _schemas(refs: bool) -> st.SearchStrategy[Any]:
    def compound(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        schemas = st.lists(inner, min_size=1, max_size=3)
        named = st.dictionaries(st.sampled_from(NAMES), inner, min_size=1, max_size=2)
        keyword = st.one_of(
            *(st.tuples(st.just(k), inner) for k in schema_table.ONE_SCHEMA),
            *(st.tuples(st.just(k), schemas) for k in ("allOf", "anyOf", "oneOf", "prefixItems")),
            *(st.tuples(st.just(k), named) for k in ("properties", "dependentSchemas")),
            st.tuples(
                st.just("patternProperties"),
                st.dictionaries(st.sampled_from(["^a", "b", "^c$"]), inner, max_size=2),
            ),
            LEAF_KEYWORDS,
        )
        return st.lists(keyword, max_size=4).map(dict)

    leaf = st.booleans() | st.lists(LEAF_KEYWORDS, max_size=3).map(dict)
    if refs:
        leaf = leaf | st.sampled_from([{"$ref": "#/$defs/x"}, {"$ref": "#/$defs/y"}])
    return st.recursive(leaf, compound, max_leaves=6)


LEAF_KEYWORDS = st.one_of(
    st.tuples(
        st.just("type"),
        st.sampled_from(
            [
                "null",
                "boolean",
                "object",
                "array",
                "number",
                "string",
                "integer",
                ["string", "null"],
            ]
        ),
    ),
    st.tuples(st.sampled_from(["enum"]), st.lists(JSON_DATA, min_size=1, max_size=3)),
    st.tuples(st.just("const"), JSON_DATA),
    st.tuples(
        st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
        st.sampled_from([0, 1, 1.5, 2]),
    ),
    st.tuples(st.just("multipleOf"), st.sampled_from([1, 2, 0.5, 1.5])),
    st.tuples(st.sampled_from(sorted(schema_table.COUNTS)), st.integers(0, 2)),
    st.tuples(st.just("pattern"), st.sampled_from(["^a", "b$", "a|c", "^$"])),
    st.tuples(st.just("uniqueItems"), st.booleans()),
    st.tuples(st.just("required"), st.lists(st.sampled_from(NAMES), unique=True, max_size=2)),
    st.tuples(
        st.just("dependentRequired"),
        st.dictionaries(
            st.sampled_from(NAMES),
            st.lists(st.sampled_from(NAMES), unique=True, max_size=2),
            max_size=2,
        ),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    root=_schemas(refs=True).filter(lambda s: isinstance(s, dict)),
    defs=st.tuples(_schemas(refs=False), _schemas(refs=False)),
    values=st.lists(JSON_DATA, min_size=1, max_size=8),
)
def test_agrees_with_jsonschema(
    validator: ModuleType, root: Any, defs: Any, values: list[Any]
) -> None:
    schema = {**root, "$defs": {"x": defs[0], "y": defs[1]}}
    validator.ASSERTIONS.clear()
    validator.SCHEMAS.clear()
    validator.ASSERTIONS["t"] = prepare(schema, "#")
    validator.SCHEMAS.update(closure(validator.ASSERTIONS, lookup_in(schema)))
    reference = jsonschema.Draft202012Validator(schema)
    for value in values:
        expected = reference.is_valid(value)
        assert validator.is_valid("t", value) is expected, (schema, value)
        assert (validator.problems("t", value) == []) is expected, (schema, value)


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_never_raises(suite: tuple[ModuleType, list[Group], str], value: Any) -> None:
    """Any JSON value (and NaN and the infinities), against every schema of the suite."""
    module, selected, _ = suite
    for g in selected:
        assert (module.problems(g.component, value) == []) is module.is_valid(g.component, value)


# schema_table


def test_prepare_keeps_what_asserts_and_translates_patterns() -> None:
    raw = {
        "title": "T",
        "description": "d",
        "examples": [1],
        "default": {"$ref": "#/x"},
        "format": "email",
        "deprecated": True,
        "readOnly": True,
        "x-extra": {"pattern": "\\p{Script=Greek}"},
        "$comment": "c",
        "discriminator": {"propertyName": "k"},
        "$defs": {"d": {"type": "string"}},
        "$schema": "s",
        "unknownKeyword": {"$ref": "elsewhere.json"},
        "xml": {},
        "externalDocs": {},
        "contentMediaType": "a/b",
        "type": "object",
        "pattern": "^a$",
        "patternProperties": {"^\\d$": {"const": {"$ref": "#/y"}}},
        "enum": [{"pattern": "\\p{Script=Greek}"}],
        "properties": {"title": {"description": "d"}},
    }
    assert prepare(raw, "#/components/schemas/A") == {
        "type": "object",
        "pattern": "^a\\Z",
        "patternProperties": {"^[0-9]\\Z": {"const": {"$ref": "#/y"}}},
        "enum": [{"pattern": "\\p{Script=Greek}"}],
        "properties": {"title": {}},
    }


@pytest.mark.parametrize(
    ("ref", "normalized"),
    [
        ("#/components/schemas/A~1B", "#/components/schemas/A~1B"),
        ("#/$defs/percent%25field", "#/$defs/percent%field"),
        ("#/$defs/a%2Fb", "#/$defs/a/b"),  # `/` decoded is a separator (RFC 6901, 6)
        ("#/$defs/tilde~0field", "#/$defs/tilde~0field"),
        ("#/$defs/%7E0", "#/$defs/~0"),
        ("#", "#"),
        ("#/items/0", "#/items/0"),
    ],
)
def test_refs_are_normalized(ref: str, normalized: str) -> None:
    assert prepare({"$ref": ref}, "#/a") == {"$ref": normalized}


def test_openapi_30_forms() -> None:
    assert prepare({"type": "string", "nullable": True}, "#") == {"type": ["string", "null"]}
    assert prepare({"type": ["string", "null"], "nullable": True}, "#") == {
        "type": ["string", "null"]
    }
    assert prepare({"enum": ["a"], "nullable": True}, "#") == {"enum": ["a"]}  # no `type`: 3.0.3
    assert prepare({"maximum": 5, "exclusiveMaximum": True}, "#") == {"exclusiveMaximum": 5}
    assert prepare({"minimum": 5, "exclusiveMinimum": False}, "#") == {"minimum": 5}


@pytest.mark.parametrize(
    ("schema", "pointer", "reason"),
    [
        ({"$ref": "other.yaml#/A"}, "#/components/schemas/A/$ref", "another document"),
        ({"$ref": "#anchor"}, "#/components/schemas/A/$ref", "anchor"),
        (
            {"properties": {"a/b": {"$id": "x"}}},
            "#/components/schemas/A/properties/a~1b/$id",
            "$id",
        ),
        (
            {"items": {"$dynamicRef": "#x"}},
            "#/components/schemas/A/items/$dynamicRef",
            "$dynamicRef",
        ),
        ({"pattern": "\\p{Script=Greek}"}, "#/components/schemas/A/pattern", "scripts"),
        (
            {"patternProperties": {"(a)|\\1": {}}},
            "#/components/schemas/A/patternProperties/(a)|\\1",
            "backreference",
        ),
        ({"minLength": -1}, "#/components/schemas/A/minLength", "non-negative integer"),
        ({"type": "int"}, "#/components/schemas/A/type", "unknown type"),
        ({"allOf": []}, "#/components/schemas/A/allOf", "non-empty array"),
        ({"items": [{}]}, "#/components/schemas/A/items", "object or a boolean"),
        ({"multipleOf": 0}, "#/components/schemas/A/multipleOf", "greater than 0"),
        ({"enum": [1, float("nan")]}, "#/components/schemas/A/enum", "not a JSON number"),
        ({"const": {1: "YAML key"}}, "#/components/schemas/A/const", "not JSON data"),
    ],
)
def test_prepare_refuses_what_it_cannot_check(schema: Any, pointer: str, reason: str) -> None:
    with pytest.raises(Unsupported) as caught:
        prepare(schema, "#/components/schemas/A")
    assert caught.value.pointer == pointer and reason in caught.value.reason


def test_prepare_refuses_what_python_cannot_write() -> None:
    deep: Any = {}
    for _ in range(200):
        deep = {"not": deep}
    with pytest.raises(Unsupported, match="nested deeper"):
        prepare(deep, "#")
    with pytest.raises(Unsupported, match="nested deeper"):
        prepare({"const": _nested(200)}, "#")


def test_closure_follows_refs_transitively() -> None:
    document = {
        "components": {
            "schemas": {
                "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {
                    "items": {"$ref": "#/components/schemas/C/properties/x"},
                    "enum": [{"$ref": "#/no"}],
                },
                "C": {"properties": {"x": {"$ref": "#/components/schemas/A"}}},
            }
        }
    }
    roots = {"a": prepare(document["components"]["schemas"]["A"], PREFIX + "A")}
    assert list(closure(roots, lookup_in(document))) == [
        PREFIX + "A",
        PREFIX + "B",
        PREFIX + "C/properties/x",
    ]
    with pytest.raises(Unsupported) as caught:
        closure({"a": {"$ref": PREFIX + "Missing"}}, lookup_in(document))
    assert caught.value.pointer == PREFIX + "Missing"


def test_suite_schemas_survive_json_round_trip(suite: tuple[ModuleType, list[Group], str]) -> None:
    """Prepared data is plain JSON data: what the template writes is what `json` would."""
    module = suite[0]
    assert json.loads(json.dumps(module.SCHEMAS)) == module.SCHEMAS
