"""The loader's index: a YAML spec is read schema by schema, and falls back to a whole parse
whenever the shortcut could change a result or an error message."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from generator import load
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


def test_only_the_schemas_used_are_parsed(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, SPEC_TEXT))
    assert spec._data is None  # indexed, not parsed whole
    assert list(spec.schemas) == ["Session", "Voice", "Unused"]
    assert spec.info_version == "2.0" and spec.title == "Index test"
    assert Resolver(spec).closure(["Session"]) == ["Session", "Voice"]
    assert sorted(spec._parsed) == ["Session", "Voice"]
    assert spec._data is None


def test_indexed_and_whole_parse_agree(tmp_path: Path) -> None:
    indexed = load_spec(write(tmp_path, SPEC_TEXT))
    whole = yaml.safe_load(SPEC_TEXT)["components"]["schemas"]
    for name in whole:
        expected = json.loads(json.dumps(whole[name], default=str))  # dates stay strings here
        assert indexed.schemas[name] == expected
    assert indexed.schemas["Unused"]["properties"]["when"]["example"] == "2024-01-01"
    assert indexed.schemas["Session"]["description"] == "A block scalar whose lines\n"


def test_a_json_spec_gives_the_same_model(tmp_path: Path) -> None:
    as_yaml = load_spec(write(tmp_path, SPEC_TEXT))
    data = yaml.safe_load(SPEC_TEXT)
    data["components"]["schemas"]["Unused"]["properties"]["when"]["example"] = "2024-01-01"
    as_json = load_spec(write(tmp_path, json.dumps(data), "spec.json"))
    assert Builder(as_yaml).build(["Session"]) == Builder(as_json).build(["Session"])


def test_an_alias_to_an_anchor_in_another_schema_falls_back_to_a_whole_parse(
    tmp_path: Path,
) -> None:
    text = SPEC_TEXT.replace(
        "    Voice:\n      type: string", "    Voice: &voice\n      type: string"
    )
    text = text.replace("    Unused:\n", "    Copy: *voice\n    Unused:\n")
    spec = load_spec(write(tmp_path, text))
    assert spec.schemas["Copy"] == {"type": "string", "enum": ["alloy", "ash"]}
    assert spec._data is not None  # the piece could not parse alone


def test_a_syntax_error_in_a_used_schema_names_its_line(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace("enum: [alloy, ash]", "enum: [alloy, ash")
    spec = load_spec(write(tmp_path, text))
    with pytest.raises(GeneratorError) as caught:
        Resolver(spec).closure(["Session"])
    assert "invalid YAML" in str(caught.value)
    with pytest.raises(yaml.MarkedYAMLError) as whole:  # what a whole parse says
        yaml.safe_load(text)
    assert whole.value.problem_mark is not None and caught.value.location is not None
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


_PyYamlLoader.yaml_implicit_resolvers = load._JsonCompatibleLoader.yaml_implicit_resolvers


@pytest.mark.parametrize(
    "text",
    [
        SPEC_TEXT,
        "a: 1\nb: -2.5e3\nc: .inf\nd: ~\ne: null\nf: true\ng: No\nh: 0x1f\ni: 0o17\nj: '12'\n",
        "when: 2024-01-01\nat: 2024-01-01T10:00:00Z\n",
        "200: ok\n3.5: float key\nnull: null key\ntrue: bool key\n",
        "base: &b {x: 1, y: [1, 2]}\nuse: *b\nmerged:\n  <<: *b\n  z: 3\n",
        "data: !!binary aGVsbG8=\nset: !!set {a, b}\nseq: !!omap [{a: 1}]\n",
        "tagged: !!str 12\nint: !!int '7'\nfloat: !!float 1\n",
        "",
        "# only a comment\n",
        "- plain\n- 'quoted'\n- \"double\"\n- |\n  block\n- [flow, 1]\n",
        "recursive: &r [*r]\n",
        "a: 1\na: 2\n",
    ],
    ids=[
        "spec",
        "scalars",
        "dates stay strings",
        "non-string keys",
        "anchors and merge keys",
        "explicit tags",
        "re-tagged scalars",
        "empty",
        "comment only",
        "sequence",
        "recursive",
        "duplicate keys",
    ],
)
def test_fast_yaml_construction_matches_pyyaml(text: str) -> None:
    assert _same(load._load_yaml(text), yaml.load(text, Loader=_PyYamlLoader))  # noqa: S506


@pytest.mark.parametrize(
    "text", ["? [a, b]\n: unhashable key\n", "a: 1\n---\nb: 2\n", "a: [1, 2\n", "a: *missing\n"]
)
def test_fast_yaml_construction_raises_what_pyyaml_raises(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.load(text, Loader=_PyYamlLoader)  # noqa: S506
    with pytest.raises(type(theirs.value)) as ours:
        load._load_yaml(text)
    assert str(ours.value) == str(theirs.value)


def test_fast_yaml_construction_matches_pyyaml_on_the_pinned_spec(spec_path: Path) -> None:
    text = spec_path.read_text(encoding="utf-8")
    assert load._load_yaml(text) == yaml.load(text, Loader=_PyYamlLoader)  # noqa: S506


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


# -- preload: a helper parses ahead ------------------------------------------------------------


def _many_schemas(count: int, extra: str = "") -> str:
    """A spec of `count` small schemas; S0000 refers to the last one, which refers to S0001."""
    last = f"S{count - 1:04d}"
    lines = [
        "openapi: 3.1.0",
        "info: {title: Many, version: '1'}",
        "paths: {}",
        "components:",
        "  schemas:",
    ]
    for i in range(count):
        name = f"S{i:04d}"
        lines += [f"    {name}:", "      type: object", "      properties:"]
        target = last if i == 0 else "S0001" if name == last else None
        if target:
            lines += ["        next:", f"          $ref: '#/components/schemas/{target}'"]
        lines += ["        n:", "          type: integer", f"          example: {i}"]
    return "\n".join(lines) + "\n" + extra


def test_the_reading_order_follows_references_depth_first(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, _many_schemas(5)))
    assert spec._reading_order(sorted(spec.schemas)) == ["S0000", "S0004", "S0001", "S0002", "S0003"]


def test_preloaded_schemas_are_those_parsed_one_by_one(tmp_path: Path) -> None:
    path = write(tmp_path, _many_schemas(400))
    expected = yaml.safe_load(path.read_text())["components"]["schemas"]
    spec = load_spec(path)
    spec.preload(sorted(spec.schemas))
    helper = spec._preloading.pid if spec._preloading else 0
    assert helper > 0 or not hasattr(os, "fork")
    got = {name: spec.schemas[name] for name in sorted(spec.schemas)}
    spec.end_preload()
    assert got == expected
    assert spec._data is None
    if helper:
        with pytest.raises(ChildProcessError):  # reaped
            os.waitpid(helper, 0)


def test_a_preload_whose_helper_fails_still_gives_every_schema(tmp_path: Path) -> None:
    """An alias to an anchor in another schema: the helper, which never falls back, stops at
    that piece; this process parses the whole document when it reaches it."""
    text = _many_schemas(300).replace("    S0003:\n", "    S0003: &three\n", 1)
    text = text.replace("    S0200:\n      type: object\n", "    S0200: *three\n    S0200x:\n      type: object\n", 1)
    path = write(tmp_path, text)
    expected = yaml.safe_load(text)["components"]["schemas"]
    spec = load_spec(path)
    spec.preload(sorted(spec.schemas))
    got = {name: spec.schemas[name] for name in sorted(spec.schemas)}
    spec.end_preload()
    assert got == expected
    assert spec._data is not None  # the whole document, as without a helper


def test_a_build_of_everything_ends_its_preload(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, _many_schemas(250)))
    model = Builder(spec).build([], everything=True)
    assert spec._preloading is None
    assert len(model.defs) == 250
