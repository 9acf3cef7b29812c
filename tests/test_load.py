"""The load stage: the whole document parsed once, as PyYAML reads it (dates as strings), with
anchors that may be defined again (YAML 1.2); every error names the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator import yaml_data
from generator.build import Builder
from generator.errors import GeneratorError
from generator.load import load_spec
from generator.resolve import Resolver

SPEC_TEXT = """\
openapi: 3.1.0
# a comment at the top level
info:
  title: Index test
  version: "2.0"
paths: {}
components:
  schemas:
    Session:
      type: object
      description: |
        A block scalar whose lines
      x: look like keys
      properties:
        voice:
          $ref: '#/components/schemas/Voice'
        "quoted key":
          type: string
    Voice:
      type: string
      enum: [alloy, ash]
    Unused:
      type: object
      properties:
        when:
          type: string
          example: 2024-01-01
  securitySchemes:
    ApiKey:
      type: http
      scheme: bearer
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_whole_document_is_parsed_once(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, SPEC_TEXT))
    assert spec.data == json.loads(json.dumps(yaml.safe_load(SPEC_TEXT), default=str))
    assert list(spec.schemas) == ["Session", "Voice", "Unused"]
    assert spec.schemas is spec.data["components"]["schemas"]
    assert spec.info_version == "2.0" and spec.title == "Index test"
    assert spec.openapi_version == "3.1.0" and spec.top("paths") == {} and spec.top("x") is None
    assert Resolver(spec).closure(["Session"]) == ["Session", "Voice"]
    assert spec.schemas["Unused"]["properties"]["when"]["example"] == "2024-01-01"  # a string
    assert spec.schemas["Session"]["description"] == "A block scalar whose lines\n"
    assert spec.line_of("Voice:") == 19


def test_a_json_spec_gives_the_same_model(tmp_path: Path) -> None:
    as_yaml = load_spec(write(tmp_path, SPEC_TEXT))
    data = yaml.safe_load(SPEC_TEXT)
    data["components"]["schemas"]["Unused"]["properties"]["when"]["example"] = "2024-01-01"
    as_json = load_spec(write(tmp_path, json.dumps(data), "spec.json"))
    assert as_json.data == as_yaml.data
    assert Builder(as_yaml).build(["Session"]) == Builder(as_json).build(["Session"])


def test_an_alias_to_an_anchor_in_another_schema(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace(
        "    Voice:\n      type: string", "    Voice: &voice\n      type: string"
    )
    text = text.replace("    Unused:\n", "    Copy: *voice\n    Unused:\n")
    spec = load_spec(write(tmp_path, text))
    assert spec.schemas["Copy"] == {"type": "string", "enum": ["alloy", "ash"]}
    # A copy, as in the JSON document the YAML stands for: changing one changes only it.
    assert spec.schemas["Copy"] is not spec.schemas["Voice"]


def test_a_syntax_error_anywhere_names_its_line(tmp_path: Path) -> None:
    """The whole document is parsed: an error outside the schemas a run uses is reported too."""
    for broken in (
        SPEC_TEXT.replace("enum: [alloy, ash]", "enum: [alloy, ash"),
        SPEC_TEXT.replace("      scheme: bearer", "      scheme: [bearer"),
    ):
        path = write(tmp_path, broken)
        with pytest.raises(GeneratorError) as caught:
            load_spec(path)
        assert "invalid YAML" in str(caught.value)
        with pytest.raises(yaml.MarkedYAMLError) as whole:  # what PyYAML says
            yaml.safe_load(broken)
        assert whole.value.problem_mark is not None and caught.value.location is not None
        assert caught.value.location.file == str(path)
        assert caught.value.location.line == whole.value.problem_mark.line + 1


@pytest.mark.parametrize(
    "text",
    [
        '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, '
        '"components": {"schemas": {"A": {"type": "string"}}}}',
        "---\n" + SPEC_TEXT,
        SPEC_TEXT.replace("  schemas:\n", "  schemas: \n    # indented comment\n"),
    ],
    ids=["flow style", "document marker", "comment first"],
)
def test_other_layouts_load_the_same(tmp_path: Path, text: str) -> None:
    spec = load_spec(write(tmp_path, text))
    expected = yaml.safe_load(text)["components"]["schemas"]
    assert {name: spec.schemas[name] for name in spec.schemas} == json.loads(
        json.dumps(expected, default=str)
    )


class _PyYamlLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's own safe loader, with the generator's resolvers (no timestamps)."""


_PyYamlLoader.yaml_implicit_resolvers = yaml_data._Loader.yaml_implicit_resolvers


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (SPEC_TEXT, True),
        (
            "a: 1\nb: -2.5e3\nc: 1.5\nd: ~\ne: null\nf: true\ng: No\nh: 0x1f\ni: 0o17\nj: '12'\n",
            True,
        ),
        ("when: 2024-01-01\nat: 2024-01-01T10:00:00Z\n", True),
        ("base: &b {x: 1, y: [1, 2]}\nuse: *b\n", True),
        ("base: &b {x: 1, y: [1, 2]}\nmerged:\n  <<: *b\n  z: 3\n", False),
        ("data: !!binary aGVsbG8=\nset: !!set {a, b}\nseq: !!omap [{a: 1}]\n", False),
        ("tagged: !!str 12\nint: !!int '7'\nfloat: !!float 1\n", True),
        ("", True),
        ("# only a comment\n", True),
        ("- plain\n- 'quoted'\n- \"double\"\n- |\n  block\n- [flow, 1]\n", True),
        ("a: 1\na: 2\n", True),
    ],
    ids=[
        "spec",
        "scalars",
        "dates stay strings",
        "anchors",
        "merge keys",
        "explicit tags",
        "re-tagged scalars",
        "empty",
        "comment only",
        "sequence",
        "duplicate keys",
    ],
)
def test_yaml_data_matches_pyyaml(text: str, plain: bool) -> None:
    """The same data as PyYAML's own loader (types included), and `plain` exactly when JSON
    holds that data as it is (what the cache may keep)."""
    data, is_plain = yaml_data.parse(text)
    assert _same(data, yaml.load(text, Loader=_PyYamlLoader))  # noqa: S506
    assert is_plain == plain
    if plain:
        assert _same(json.loads(json.dumps(data)), data)


def test_yaml_keys_that_are_not_strings_are_the_text_written() -> None:
    """Where PyYAML makes 200 or True a key, the data has the string JSON must use there."""
    data, plain = yaml_data.parse("200: ok\n3.5: float key\nnull: null key\ntrue: bool key\n")
    assert plain and data == {
        "200": "ok",
        "3.5": "float key",
        "null": "null key",
        "true": "bool key",
    }


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("a: 1\nb: .inf\n", "'.inf' is not a JSON number", 2),
        ("a: [-.Inf]\n", "'-.Inf' is not a JSON number", 1),
        ("a:\n  b: .nan\n", "'.nan' is not a JSON number", 2),
        ("recursive: &r [*r]\n", "an alias refers to a node that contains it", 1),
        ("x: &a {y: [*a]}\n", "an alias refers to a node that contains it", 1),
    ],
)
def test_yaml_data_refuses_what_json_cannot_carry(text: str, problem: str, line: int) -> None:
    with pytest.raises(yaml_data.Refused) as refused:
        yaml_data.parse(text)
    assert refused.value.problem is not None and problem in refused.value.problem
    assert refused.value.problem_mark is not None
    assert refused.value.problem_mark.line + 1 == line


def test_yaml_data_exact_integer_beyond_a_float() -> None:
    data, plain = yaml_data.parse("a: 1.0e+400\nb: -2.5E+309\nc: 1.5e+308\n")
    assert plain and data == {"a": 10**400, "b": -25 * 10**308, "c": 1.5e308}


def test_alias_bomb_measured_without_expanding() -> None:
    """Aliases within the limit load (as copies); one more level is refused, quickly."""
    levels = ["a0: &a0 x"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in (1, 2, 3)]
    data, _ = yaml_data.parse("\n".join(levels) + "\n")
    assert len(data["a3"]) == 10 and data["a3"][0][0] == ["x"] * 10
    bomb = ["a0: &a0 x"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    with pytest.raises(yaml_data.Refused, match="expands to more than 2,000,000 nodes"):
        yaml_data.parse("\n".join(bomb) + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "? [a, b]\n: unhashable key\n",
        "a: 1\n---\nb: 2\n",
        "a: [1, 2\n",
        "a: *missing\n",
        "a: *later\nb: &later 1\n",
    ],
)
def test_yaml_data_raises_what_pyyaml_raises(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.load(text, Loader=_PyYamlLoader)  # noqa: S506
    with pytest.raises(type(theirs.value)) as ours:
        yaml_data.parse(text)
    assert str(ours.value) == str(theirs.value)


def test_yaml_data_matches_pyyaml_on_the_pinned_spec(spec_path: Path) -> None:
    text = spec_path.read_text(encoding="utf-8")
    data, plain = yaml_data.parse(text)
    assert plain and data == yaml.load(text, Loader=_PyYamlLoader)  # noqa: S506


def _same(a: object, b: object) -> bool:
    """Equal, including the types of keys and scalars (1 == 1.0 == True in Python); a
    recursive structure is compared by its shape only."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        if any(x is a for x in a) or any(x is b for x in b):
            return len(a) == len(b)
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


# -- anchors defined again (YAML 1.2) ------------------------------------------------------------

# As in 49 of the published versions of the OpenAI spec (commits 2ad6f78, 32d0c2f, ...): an
# `x-oaiMeta` example anchored under a name an earlier example already took.
REDEFINED = """\
first: &example |
  {"id": 1}
use_first: *example
second: &example |
  {"id": 2}
use_second: *example
third: &example [3, {id: 3}]
use_third: *example
"""


def test_an_anchor_defined_again_is_the_one_aliases_after_it_refer_to() -> None:
    data, plain = yaml_data.parse(REDEFINED)
    assert data == {
        "first": '{"id": 1}\n',
        "use_first": '{"id": 1}\n',
        "second": '{"id": 2}\n',
        "use_second": '{"id": 2}\n',
        "third": [3, {"id": 3}],
        "use_third": [3, {"id": 3}],
    }
    assert plain
    with pytest.raises(yaml.YAMLError, match="duplicate anchor"):  # what PyYAML says
        yaml.load(REDEFINED, Loader=_PyYamlLoader)  # noqa: S506


def test_a_redefined_anchor_in_a_spec(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace("      type: object\n", "      type: &kind object\n", 1)
    text = text.replace("      type: string\n", "      type: &kind string\n", 1)
    text = text.replace(
        "        when:\n          type: string", "        when:\n          type: *kind"
    )
    spec = load_spec(write(tmp_path, text))
    assert spec.schemas["Session"]["type"] == "object"
    assert spec.schemas["Unused"]["properties"]["when"]["type"] == "string"


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("a: &x 1\nb: &x 2\nc: *y\n", "found undefined alias 'y'", 3),
        ("a: &x 1\nb: &x 2\nc: [1\n", "did not find expected ',' or ']'", 4),
        ("a: &x 1\nb: &x 2\n---\nc: 3\n", "but found another document", 3),
    ],
    ids=["undefined alias", "syntax error", "two documents"],
)
def test_a_document_with_a_redefined_anchor_is_still_checked(
    tmp_path: Path, text: str, problem: str, line: int
) -> None:
    with pytest.raises(GeneratorError) as caught:
        load_spec(write(tmp_path, text))
    assert problem in caught.value.message
    assert caught.value.location is not None and caught.value.location.line == line
