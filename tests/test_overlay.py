"""Overlays (Overlay Specification 1.0): what each kind of action does to a small spec, exactly,
and what it records; every kind of bad overlay through the command line (exit 2, one line naming
the file, the action and its target, nothing written); the settings and options that choose the
overlays; and a generated package that accepts `None` because an overlay made a field nullable.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, pipeline
from generator.config import load_settings
from generator.errors import GeneratorError
from generator.load import load_spec
from generator.overlay import ActionRecord, AppliedOverlay, apply_overlays
from tests.conftest import ROOT, mark_generated

SPEC = """
openapi: 3.1.0
info: {title: Small, version: 1.0.0}
paths:
  /items:
    get:
      parameters:
        - {name: a, in: query}
        - {name: dummy, in: query}
        - {name: b, in: path}
        - {name: dummy, in: header}
components:
  schemas:
    Session:
      type: object
      required: [id, user, model]
      properties:
        id: {type: string}
        user: {type: string}
        model: {type: string, enum: [a, b]}
        tools:
          type: array
          items: {$ref: '#/components/schemas/Tool'}
    Tool:
      type: object
      properties:
        name: {type: string}
"""


def _yaml(text: str) -> Any:
    return yaml.safe_load(textwrap.dedent(text))


def _overlay(actions: str, title: str = "Test") -> str:
    head = f"overlay: 1.0.0\ninfo: {{title: {title}, version: 1.0.0}}\nactions:\n"
    return head + textwrap.indent(textwrap.dedent(actions).strip("\n"), "  ") + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Case:
    overlays: tuple[str, ...]  # the overlays' `actions`, applied in this order
    changes: str  # the expected document, as a YAML patch-by-hand of SPEC: see `_expected`
    records: tuple[tuple[tuple[str, tuple[str, ...], tuple[object, ...]], ...], ...]


def _expected(edit: str) -> Any:
    """SPEC with each `path = value` line of `edit` applied, in order: a path is keys (or array
    indices, one past the end to append) joined by ` / `, a value is YAML, and `REMOVED`
    deletes the entry."""
    doc = _yaml(SPEC)
    for line in textwrap.dedent(edit).strip().splitlines():
        path, value = line.split(" = ", 1)
        *parents, last = (int(k) if k.isdigit() else k for k in path.split(" / "))
        node = doc
        for key in parents:
            node = node[key]
        if value == "REMOVED":
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(yaml.safe_load(value))
        else:
            node[last] = yaml.safe_load(value)
    return doc


S = "/components/schemas"
PARAMS = "/paths/~1items/get/parameters"

CASES = {
    "update_object_recursively": Case(
        (
            """
            - target: $.components.schemas.Tool
              update:
                description: A tool.
                properties: {name: {description: Its name.}}
            """,
        ),
        """
        components / schemas / Tool / description = A tool.
        components / schemas / Tool / properties / name = {type: string, description: Its name.}
        """,
        ((("update", (f"{S}/Tool",), ()),),),
    ),
    "nested_target_primitive_replaced_array_concatenated": Case(
        (
            """
            - target: $.components.schemas.Session.properties.model
              update: {type: integer, enum: [c]}
            """,
        ),
        "components / schemas / Session / properties / model = {type: integer, enum: [a, b, c]}",
        ((("update", (f"{S}/Session/properties/model",), ()),),),
    ),
    "filter_target": Case(
        (
            """
            - target: $.paths['/items'].get.parameters[?@.in == 'path']
              update: {required: true}
            """,
        ),
        "paths / /items / get / parameters / 2 = {name: b, in: path, required: true}",
        ((("update", (f"{PARAMS}/2",), ()),),),
    ),
    "wildcard_selects_several_nodes": Case(
        (
            """
            - target: $.components.schemas.Session.properties.*
              update: {x-seen: 1}
            """,
        ),
        """
        components / schemas / Session / properties / id = {type: string, x-seen: 1}
        components / schemas / Session / properties / user = {type: string, x-seen: 1}
        components / schemas / Session / properties / model = {type: string, enum: [a, b], x-seen: 1}
        components / schemas / Session / properties / tools / x-seen = 1
        """,
        (
            (
                (
                    "update",
                    tuple(f"{S}/Session/properties/{p}" for p in ("id", "user", "model", "tools")),
                    (),
                ),
            ),
        ),
    ),
    "append_to_arrays": Case(
        (
            """
            - target: $.paths['/items'].get.parameters
              update: {name: c, in: query}
            - target: $.components.schemas.Session.required
              update: extra
            - target: $.components.schemas.Session.properties.model.enum
              update: [c, d]
            """,
        ),
        """
        paths / /items / get / parameters / 4 = {name: c, in: query}
        components / schemas / Session / required = [id, user, model, extra]
        components / schemas / Session / properties / model / enum = [a, b, [c, d]]
        """,
        (
            (
                ("update", (PARAMS,), ()),
                ("update", (f"{S}/Session/required",), ()),
                ("update", (f"{S}/Session/properties/model/enum",), ()),
            ),
        ),
    ),
    "remove_property": Case(
        (
            """
            - target: $.components.schemas.Session.properties.tools
              remove: true
              update: {ignored: true}
            """,
        ),
        "components / schemas / Session / properties / tools = REMOVED",
        (
            (
                (
                    "remove",
                    (f"{S}/Session/properties/tools",),
                    ({"type": "array", "items": {"$ref": "#/components/schemas/Tool"}},),
                ),
            ),
        ),
    ),
    "remove_array_element_by_filter": Case(
        (
            """
            - target: $.components.schemas.Session.required[?@ == 'user']
              remove: true
            """,
        ),
        "components / schemas / Session / required = [id, model]",
        ((("remove", (f"{S}/Session/required/1",), ("user",)),),),
    ),
    "several_array_elements_removed_by_one_action": Case(
        (
            """
            - target: $.paths['/items'].get.parameters[?@.name == 'dummy']
              remove: true
            - target: $.components.schemas.Session.required[?@ != 'user']
              remove: true
            """,
        ),
        """
        paths / /items / get / parameters = [{name: a, in: query}, {name: b, in: path}]
        components / schemas / Session / required = [user]
        """,
        (
            (
                (
                    "remove",
                    (f"{PARAMS}/1", f"{PARAMS}/3"),
                    ({"name": "dummy", "in": "query"}, {"name": "dummy", "in": "header"}),
                ),
                (
                    "remove",
                    (f"{S}/Session/required/0", f"{S}/Session/required/2"),
                    ("id", "model"),
                ),
            ),
        ),
    ),
    "two_overlays_in_order": Case(
        (
            """
            - target: $.components.schemas.Tool
              update: {description: first, x-first: 1}
            """,
            """
            - target: $.components.schemas[?@.description == 'first']
              update: {description: second}
            """,
        ),
        """
        components / schemas / Tool / description = second
        components / schemas / Tool / x-first = 1
        """,
        (
            (("update", (f"{S}/Tool",), ()),),
            (("update", (f"{S}/Tool",), ()),),
        ),
    ),
    "an_action_works_on_the_result_of_the_previous_one": Case(
        (
            """
            - target: $.components.schemas.Session.properties.user
              remove: true
            - target: $.components.schemas.Session.properties
              update: {user: {type: [string, 'null']}}
            - target: $.components.schemas.Session.properties.user
              update: {description: Re-created.}
            """,
        ),
        """
        components / schemas / Session / properties / user = REMOVED
        components / schemas / Session / properties / user = {type: [string, 'null'], description: Re-created.}
        """,
        (
            (
                ("remove", (f"{S}/Session/properties/user",), ({"type": "string"},)),
                ("update", (f"{S}/Session/properties",), ()),
                ("update", (f"{S}/Session/properties/user",), ()),
            ),
        ),
    ),
    "root_target_and_a_node_selected_twice": Case(
        (
            """
            - target: $
              update: {info: {x-overlaid: true}}
            - target: $.components.schemas['Tool', 'Tool'].properties
              update: {kind: {type: string}}
            """,
        ),
        """
        info / x-overlaid = true
        components / schemas / Tool / properties / kind = {type: string}
        """,
        ((("update", ("",), ()), ("update", (f"{S}/Tool/properties",), ())),),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_overlay_result_and_records(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    document = _yaml(SPEC)
    paths = [
        _write(tmp_path, f"{i}.overlay.yaml", _overlay(a)) for i, a in enumerate(case.overlays)
    ]

    applied = apply_overlays(document, paths)

    assert document == _expected(case.changes)
    assert len(applied) == len(paths)
    for overlay, path, expected in zip(applied, paths, case.records, strict=True):
        assert overlay.path == str(path)
        assert overlay.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (overlay.title, overlay.version) == ("Test", "1.0.0")
        got = [(a.kind, a.pointers, a.removed) for a in overlay.actions]
        assert got == list(expected)
        assert [a.index for a in overlay.actions] == list(range(len(expected)))


def test_records_keep_target_and_description(tmp_path: Path) -> None:
    text = _overlay(
        """
        - target: $.components.schemas.Tool
          description: Tools have a kind.
          update: {x-kind: true}
        """
    )
    applied = apply_overlays(_yaml(SPEC), [_write(tmp_path, "o.yaml", text)])
    assert applied == (
        AppliedOverlay(
            str(tmp_path / "o.yaml"),
            hashlib.sha256(text.encode()).hexdigest(),
            "Test",
            "1.0.0",
            (
                ActionRecord(
                    0, "$.components.schemas.Tool", "Tools have a kind.", "update", (f"{S}/Tool",)
                ),
            ),
        ),
    )


def test_updates_are_copies(tmp_path: Path) -> None:
    """Every selected node gets its own copy of the update: changing one changes no other."""
    text = _overlay(
        """
        - target: $.components.schemas.*.properties
          update: {extra: {enum: [x]}}
        - target: $.components.schemas.Tool.properties.extra.enum
          update: y
        """
    )
    document = _yaml(SPEC)
    apply_overlays(document, [_write(tmp_path, "o.json", json.dumps(_yaml(text)))])
    schemas = document["components"]["schemas"]
    assert schemas["Session"]["properties"]["extra"] == {"enum": ["x"]}
    assert schemas["Tool"]["properties"]["extra"] == {"enum": ["x", "y"]}


# -- bad overlays through the command line ----------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    text: str | None  # the overlay file's text (None: no file)
    words: tuple[str, ...]  # what the message must hold after `error: <file>`
    name: str = "x.overlay.yaml"


BAD = {
    "missing_file": Bad(None, ("overlay file not found",)),
    "invalid_yaml": Bad("overlay: 1.0.0\ninfo: {title: x\nactions: []\n", (":3:", "invalid YAML")),
    "invalid_json": Bad('{"overlay": "1.0.0",\n "info": }', (":2:", "invalid JSON"), "x.json"),
    "not_an_object": Bad("- 1\n", ("not an Overlay document: the top level is an array",)),
    "no_overlay_field": Bad(
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\nactions: [{target: $, remove: true}]\n",
        (" at #/overlay: ", "'overlay' is missing (expected 1.0.x)"),
    ),
    "other_overlay_version": Bad(
        "overlay: 1.1.0\ninfo: {title: x, version: '1'}\nactions: [{target: $, update: {}}]\n",
        (" at #/overlay: ", "'overlay' is '1.1.0'"),
    ),
    "no_info": Bad(
        "overlay: 1.0.0\nactions: [{target: $, update: {}}]\n",
        (" at #/info: ", "'info' (with 'title' and 'version') is required"),
    ),
    "info_without_version": Bad(
        "overlay: 1.0.0\ninfo: {title: x}\nactions: [{target: $, update: {}}]\n",
        (" at #/info/version: ", "'info.version' is required"),
    ),
    "no_actions": Bad(
        "overlay: 1.0.0\ninfo: {title: x, version: '1'}\n",
        (" at #/actions: ", "'actions' is required"),
    ),
    "empty_actions": Bad(
        "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions: []\n",
        (" at #/actions: ", "'actions' must be a non-empty list"),
    ),
    "action_without_target": Bad(
        _overlay("- target: $\n  update: {}\n- update: {x-a: 1}\n"),
        (" at #/actions/1: action 1: 'target' (a JSONPath) is required",),
    ),
    "action_without_update_or_remove": Bad(
        _overlay("- target: $.info\n  remove: false\n"),
        (" at #/actions/0: action 0 (target $.info): ", "neither 'update' nor 'remove: true'"),
    ),
    "remove_not_a_boolean": Bad(
        _overlay("- target: $.info\n  remove: 'true'\n"),
        ("action 0 (target $.info): 'remove' must be true or false, not 'true'",),
    ),
    "unknown_field": Bad(
        _overlay("- target: $.info\n  udpate: {x-a: 1}\n"),
        ("action 0 (target $.info): unknown field 'udpate'",),
    ),
    "invalid_jsonpath": Bad(
        _overlay(
            "- target: $.info\n  update: {x-a: 1}\n- target: $.components.schemas[\n  remove: true\n"
        ),
        ("action 1 (target $.components.schemas[): invalid JSONPath: ",),
    ),
    "target_selects_nothing": Bad(
        _overlay(
            "- target: $.info\n  update: {x-a: 1}\n"
            "- target: $.components.schemas.Session.properties.bar\n  remove: true\n"
        ),
        (
            " at #/actions/1: action 1 (target $.components.schemas.Session.properties.bar): "
            "the target selects nothing",
        ),
    ),
    "update_not_an_object_for_an_object": Bad(
        _overlay("- target: $.components.schemas.Session\n  update: [1]\n"),
        (
            "action 0 (target $.components.schemas.Session): ",
            "'update' must be an object, not an array",
        ),
    ),
    "target_selects_a_string": Bad(
        _overlay("- target: $.info.title\n  update: New title\n"),
        ("action 0 (target $.info.title): the target selects a string (at #/info/title)",),
    ),
    "merge_puts_an_array_over_a_string": Bad(
        _overlay(
            "- target: $.components.schemas.Session.properties.id\n"
            "  update: {type: [string, 'null']}\n"
        ),
        (
            "action 0 (target $.components.schemas.Session.properties.id): the update puts an "
            "array where the document has a string (at #/components/schemas/Session/properties/id/type)",
        ),
    ),
    "remove_the_root": Bad(
        _overlay("- target: $\n  remove: true\n"),
        ("action 0 (target $): the target selects the document root",),
    ),
}


def _spec_and_output(tmp_path: Path) -> tuple[Path, Path]:
    """A small valid spec, and an output folder holding an older package with a marker file."""
    spec = _write(tmp_path, "spec.yaml", SPEC)
    package = tmp_path / "out" / "pkg"
    package.mkdir(parents=True)
    (package / "KEEP_ME.txt").write_text("written by the test, not by the generator\n")
    (package / "__init__.py").write_text("# an older generation\n")
    mark_generated(package)
    return spec, tmp_path / "out"


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def _generate_args(spec: Path, out: Path, *extra: str, verb: str = "generate") -> list[str]:
    return [
        verb,
        "--no-config",
        "--spec",
        str(spec),
        "--root",
        "Session",
        "--out",
        str(out),
        "--package",
        "pkg",
        *extra,
    ]


@pytest.mark.parametrize(
    ("name", "verb"), [(n, "generate") for n in sorted(BAD)] + [("target_selects_nothing", "check")]
)
def test_bad_overlay(
    name: str, verb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = BAD[name]
    spec, out = _spec_and_output(tmp_path)
    overlay = tmp_path / bad.name
    if bad.text is not None:
        overlay.write_text(bad.text, encoding="utf-8")
    spec_before, out_before = spec.read_bytes(), _snapshot(out)

    code = cli.main(_generate_args(spec, out, "--overlay", str(overlay), verb=verb))

    captured = capsys.readouterr()
    assert code == 2, captured
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    message = lines[0]
    assert message.startswith(f"error: {overlay}"), message
    for words in bad.words:
        assert words in message, (words, message)
    assert "Traceback" not in captured.err + captured.out
    assert spec.read_bytes() == spec_before
    assert _snapshot(out) == out_before


def test_unreadable_overlay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = _spec_and_output(tmp_path)
    folder = tmp_path / "a_folder.yaml"
    folder.mkdir()
    assert cli.main(_generate_args(spec, out, "--overlay", str(folder))) == 2
    assert capsys.readouterr().err == f"error: {folder}: cannot read overlay file: Is a directory\n"


def test_overlay_that_breaks_the_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An overlay may leave no OpenAPI document behind: that is reported against the spec."""
    spec, out = _spec_and_output(tmp_path)
    overlay = _write(tmp_path, "o.yaml", _overlay("- target: $.openapi\n  remove: true\n"))
    before = _snapshot(out)
    assert cli.main(_generate_args(spec, out, "--overlay", str(overlay))) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {spec} at #/openapi: not an OpenAPI 3.x document"), err
    assert err.rstrip().endswith("(after the overlays)"), err
    assert _snapshot(out) == before


# -- settings and options -----------------------------------------------------------------------


def _pyproject(folder: Path, overlays: str) -> Path:
    _write(folder, "spec.yaml", SPEC)
    return _write(
        folder,
        "pyproject.toml",
        "[tool.openai-dataclass-generator]\n"
        f'spec = "spec.yaml"\nroots = ["Session"]\nout = "out"\noverlays = {overlays}\n',
    )


def test_settings_overlays_are_relative_to_the_pyproject(tmp_path: Path) -> None:
    pyproject = _pyproject(tmp_path, '["a.overlay.yaml", "sub/b.overlay.yaml"]')
    settings = load_settings(pyproject, {})
    assert settings.overlays == (tmp_path / "a.overlay.yaml", tmp_path / "sub/b.overlay.yaml")
    assert load_settings(pyproject, {"overlays": None}).overlays == settings.overlays
    # Given on the command line, the list replaces the configured one; an empty one: none.
    assert load_settings(pyproject, {"overlays": ["c.yaml"]}).overlays == (Path("c.yaml"),)
    assert load_settings(pyproject, {"overlays": []}).overlays == ()
    assert load_settings(None, {"roots": ["X"]}).overlays == ()


@pytest.mark.parametrize("value", ['"a.overlay.yaml"', "[1]", '{a = "b"}'])
def test_settings_overlays_must_be_a_list_of_paths(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = _pyproject(tmp_path, value)
    with pytest.raises(GeneratorError, match="'overlays' must be a list of overlay file paths"):
        load_settings(pyproject, {})
    assert cli.main(["generate", "--config", str(pyproject)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {pyproject}: 'overlays' must be a list")
    assert not (tmp_path / "out").exists()


def test_configured_overlays_and_the_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _overlay("- target: $.components.schemas.Session\n  update: {description: good}\n")
    _write(tmp_path, "good.overlay.yaml", good)
    pyproject = _pyproject(tmp_path, '["good.overlay.yaml", "missing.overlay.yaml"]')

    # As configured: the second overlay does not exist.
    assert cli.main(["generate", "--config", str(pyproject)]) == 2
    assert "missing.overlay.yaml: overlay file not found" in capsys.readouterr().err
    # --no-overlays applies none; --overlay replaces the configured list.
    assert cli.main(["generate", "--config", str(pyproject), "--no-overlays"]) == 0
    assert "overlay:" not in capsys.readouterr().err
    session = (tmp_path / "out" / "openai_models" / "session.py").read_text()
    assert "good" not in session
    other = _write(tmp_path, "other.overlay.yaml", good.replace("Test", "Other"))
    assert cli.main(["generate", "--config", str(pyproject), "--overlay", str(other)]) == 0
    assert f"overlay: {other} (Other 1.0.0): 1 actions applied" in capsys.readouterr().err
    session = (tmp_path / "out" / "openai_models" / "session.py").read_text()
    assert '"""good' in session
    # Both at once is a usage error.
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["generate", "--config", str(pyproject), "--no-overlays", "--overlay", "x"])
    assert exit_info.value.code == 2


def test_the_report_and_the_spec_document_carry_the_overlays(tmp_path: Path) -> None:
    spec, out = _spec_and_output(tmp_path)
    text = _overlay("- target: $.components.schemas.Session\n  update: {description: S.}\n")
    overlay = _write(tmp_path, "o.yaml", text)
    before = spec.read_bytes()
    settings = load_settings(
        None,
        {
            "spec": str(spec),
            "roots": ["Session"],
            "out": str(out),
            "package": "pkg",
            "overlays": [str(overlay)],
        },
    )
    report = pipeline.generate(settings)
    assert [o.sha256 for o in report.overlays] == [hashlib.sha256(text.encode()).hexdigest()]
    assert report.overlays[0].actions[0].pointers == (f"{S}/Session",)
    assert "overlays" in report.seconds
    assert spec.read_bytes() == before  # the spec file is never written

    # What the pipeline builds from: the overlaid data, under the spec's own name and sha256.
    loaded = load_spec(spec)
    data = loaded.data
    overlaid = loaded.overlaid(data, apply_overlays(data, [overlay]))
    assert overlaid.overlays == report.overlays
    assert (overlaid.path, overlaid.sha256) == (loaded.path, loaded.sha256)
    assert overlaid.schemas["Session"]["description"] == "S."


# -- end to end: an overlay that makes a property nullable ----------------------------------------

NULLABLE = """
- target: $.components.schemas.Session.properties.user
  description: The API sends null for a session without a user.
  remove: true
- target: $.components.schemas.Session.properties
  update:
    user: {type: [string, 'null']}
"""

USE = """
import sys
sys.path.insert(0, sys.argv[1])
from pkg import Session, ValidationError
payload = {"id": "s", "user": None, "model": "a"}
try:
    session = Session.from_dict(payload)
except ValidationError:
    print("rejected")
else:
    assert session.user is None and session.to_dict() == payload
    print("accepted")
"""


def test_overlay_makes_a_property_nullable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(tmp_path, "spec.yaml", SPEC)
    overlay = _write(tmp_path, "nullable.overlay.yaml", _overlay(NULLABLE))
    results = {}
    for name, extra in (("plain", ()), ("overlaid", ("--overlay", str(overlay)))):
        out = tmp_path / name
        assert cli.main(_generate_args(spec, out, *extra)) == 0, capsys.readouterr().err
        run = subprocess.run(
            [sys.executable, "-c", USE, str(out)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        results[name] = run.stdout.strip()
    assert results == {"plain": "rejected", "overlaid": "accepted"}
    text = (tmp_path / "overlaid" / "pkg" / "session.py").read_text()
    assert "user: str | None" in text
