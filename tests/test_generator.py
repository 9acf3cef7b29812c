"""The generator on the real OpenAI spec: the RealtimeSession closure, deterministic output, the
`check` command, command-line overrides, and the generated RealtimeSession's exact field types;
the committed package passes `mypy --strict` and `ruff check`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import naming
from generator.format import format_tree
from generator.load import SpecDocument, load_spec
from generator.resolve import Resolver
from tests._build import model as build_model
from tests._build import ptr
from tests.conftest import GENERATED, ROOT, RUFF_CHECK

PACKAGE = GENERATED / "openai_models"

# Every property of RealtimeSession with its exact annotation: one per construct the session
# uses (`model`'s list of ids is read from the spec, see the test).
REALTIME_SESSION_FIELDS = {
    "id": "str | Unset",
    "object": "Literal['realtime.session'] | Unset",
    "modalities": "list[Literal['text', 'audio']] | Unset",
    "model": "Literal[{ids}] | str | Unset",
    "instructions": "str | Unset",
    "voice": "VoiceIdsShared | Unset",
    "input_audio_format": "Literal['pcm16', 'g711_ulaw', 'g711_alaw'] | Unset",
    "output_audio_format": "Literal['pcm16', 'g711_ulaw', 'g711_alaw'] | Unset",
    "input_audio_transcription": "AudioTranscriptionResponse | None | Unset",
    "turn_detection": "RealtimeTurnDetection | None | Unset",
    "input_audio_noise_reduction": "RealtimeSessionInputAudioNoiseReduction | None | Unset",
    "speed": "float | Unset",
    "tracing": "Literal['auto'] | RealtimeSessionTracingConfiguration | None | Unset",
    "tools": "list[RealtimeFunctionTool] | Unset",
    "tool_choice": "str | Unset",
    "temperature": "float | Unset",
    "max_response_output_tokens": "int | Literal['inf'] | Unset",
    "expires_at": "int | Unset",
    "prompt": "Prompt | None | Unset",
    "include": "list[Literal['item.input_audio_transcription.logprobs']] | None | Unset",
}


@pytest.fixture(scope="session")
def real_spec(spec_path: Path) -> SpecDocument:
    """The 3 MB spec, loaded once for every test that uses the Python API."""
    return load_spec(spec_path)


def _generate(out: Path, seed: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> None:
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stdout + stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="session")
def two_generations(tmp_path_factory: pytest.TempPathFactory, spec_path: Path) -> tuple[Path, Path]:
    """The real spec generated twice (in parallel), with different hash seeds: two package
    folders."""
    base = tmp_path_factory.mktemp("generations")
    runs = [
        (base / "seed0", _generate(base / "seed0", "0")),
        (base / "seed1", _generate(base / "seed1", "31337")),
    ]
    for _, process in runs:
        _finish(process)
    return runs[0][0] / "openai_models", runs[1][0] / "openai_models"


# -- closure --------------------------------------------------------------------------------------


def _refs_from(schemas: dict[str, Any], root: str) -> set[str]:
    """The components `root` reaches through `$ref`s, found by a plain text search of each
    schema: the test's own reading of the spec, not the generator's."""
    found, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            text = json.dumps(schemas[name])
            todo += re.findall(r'"#/components/schemas/([^"/]+)"', text)
    return found


def test_realtime_session_closure(real_spec: SpecDocument) -> None:
    closure = Resolver(real_spec).closure(["RealtimeSession"])
    assert len(closure) == len(set(closure)) > 1
    assert set(closure) == _refs_from(real_spec.data["components"]["schemas"], "RealtimeSession")
    assert closure[0] == "RealtimeSession"


def test_closure_of_a_leaf_is_itself(real_spec: SpecDocument) -> None:
    assert Resolver(real_spec).closure(["ImageDetail"]) == ["ImageDetail"]


# -- determinism and `check` ----------------------------------------------------------------------


def test_output_does_not_depend_on_hash_seed(two_generations: tuple[Path, Path]) -> None:
    first, second = two_generations
    one, two = _tree(first), _tree(second)
    assert len(one) > 10 and "realtime_session.py" in one
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # And the output folder holds the package alone (no scratch folders left behind).
    assert [p.name for p in first.parent.iterdir()] == ["openai_models"]


def test_check_passes_on_committed_output() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_committed_output_matches_fresh_generation(two_generations: tuple[Path, Path]) -> None:
    """The same as `check`, with the names of the files that differ."""
    fresh, committed = _tree(two_generations[0]), _tree(PACKAGE)
    assert fresh.keys() == committed.keys()
    assert [name for name in fresh if fresh[name] != committed[name]] == [], "run `make generate`"


def test_check_names_each_difference(two_generations: tuple[Path, Path], tmp_path: Path) -> None:
    copy = tmp_path / "openai_models"
    shutil.copytree(two_generations[0], copy)
    check = [sys.executable, "-m", "generator", "check", "--out", str(tmp_path)]
    session = copy / "realtime_session.py"
    session.write_text(session.read_text().replace("speed: float | Unset", "speed: int | Unset"))
    (copy / "prompt.py").unlink()
    (copy / "stray.py").write_text("x = 1\n")
    before = _tree(copy)
    result = subprocess.run(check, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "out of date" in result.stdout
    assert "~ realtime_session.py" in result.stdout
    assert "+ prompt.py" in result.stdout  # generate would add it
    assert "- stray.py" in result.stdout  # generate would remove it
    assert "voice_ids_shared.py" not in result.stdout  # unchanged files are not listed
    assert _tree(copy) == before  # check never writes
    assert [p.name for p in tmp_path.iterdir()] == ["openai_models"]  # nor leaves scratch behind


# -- settings and overrides (on a small spec of the golden tests) ---------------------------------

SMALL_SPEC = ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_on_missing_output(tmp_path: Path) -> None:
    result = _cli(
        "check",
        "--no-config",
        "--spec",
        str(SMALL_SPEC),
        "--root",
        "Session",
        "--out",
        str(tmp_path / "nowhere"),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "openai_models" in result.stdout  # the default package name
    assert not (tmp_path / "nowhere").exists()


def test_config_file_gives_the_defaults(tmp_path: Path) -> None:
    shutil.copy(SMALL_SPEC, tmp_path / "spec.yaml")
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.openai-dataclass-generator]\n"
        'spec = "spec.yaml"\n'  # paths are relative to the config file's folder
        'roots = ["ServerVad"]\n'
        'out = "models"\n'  # relative to the config file's folder
        'package = "from_config"\n'
    )
    result = _cli("generate", "--config", str(config), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    package = tmp_path / "models" / "from_config"
    assert sorted(p.name for p in package.glob("*.py")) == [
        "__init__.py",
        "_runtime.py",
        "server_vad.py",
    ]
    assert _cli("check", "--config", str(config)).returncode == 0


def test_command_line_overrides_the_config(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.openai-dataclass-generator]\n"
        f'spec = "{SMALL_SPEC}"\n'
        'roots = ["ServerVad"]\n'
        'out = "models"\n'
        'package = "from_config"\n'
    )
    out = tmp_path / "elsewhere"
    result = _cli(
        "generate",
        "--config",
        str(config),
        "--root",
        "SemanticVad",
        "--root",
        "Session",
        "--out",
        str(out),
        "--package",
        "overridden",
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "models").exists()
    package = out / "overridden"
    modules = sorted(p.name for p in package.glob("*.py"))
    # Session pulls in TurnDetection and both of its members; the config's root alone is not asked.
    assert modules == [
        "__init__.py",
        "_runtime.py",
        "semantic_vad.py",
        "server_vad.py",
        "session.py",
        "turn_detection.py",
    ]
    init = (package / "__init__.py").read_text()
    assert "`SemanticVad`, `Session`" in init
    checked = _cli(
        "check",
        "--config",
        str(config),
        "--root",
        "SemanticVad",
        "--root",
        "Session",
        "--out",
        str(out),
        "--package",
        "overridden",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The config's package was never written there: `check` of it reports it missing.
    assert _cli("check", "--config", str(config), "--out", str(out)).returncode == 1


def test_invalid_package_name_is_an_error(tmp_path: Path) -> None:
    result = _cli(
        "generate",
        "--no-config",
        "--spec",
        str(SMALL_SPEC),
        "--root",
        "Session",
        "--out",
        str(tmp_path),
        "--package",
        "not-an-identifier",
    )
    assert result.returncode == 2
    assert "error:" in result.stderr and "not-an-identifier" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- the generated RealtimeSession ----------------------------------------------------------------


def test_realtime_session_fields_have_exact_types(real_spec: SpecDocument) -> None:
    from openai_models import RealtimeSession

    session = real_spec.data["components"]["schemas"]["RealtimeSession"]["properties"]
    annotations = dict(RealtimeSession.__annotations__)
    assert annotations.pop("extra_fields") == "dict[str, JsonValue]"
    assert list(annotations) == list(session)  # every property, in spec order
    (ids,) = [branch["enum"] for branch in session["model"]["anyOf"] if "enum" in branch]
    for name, expected in REALTIME_SESSION_FIELDS.items():
        expected = expected.format(ids=", ".join(map(repr, ids)))
        assert annotations[name] == expected, name
    assert not [name for name, text in annotations.items() if re.search(r"\bAny\b", text)]


def test_no_generated_field_is_any() -> None:
    """No field of any generated class is typed `Any` (only to_dict's return and parse
    internals use it)."""
    import dataclasses
    import importlib

    import openai_models

    for name in openai_models.__all__:
        value = getattr(openai_models, name)
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            module = importlib.import_module(value.__module__)
            assert module.__name__.startswith("openai_models.")
            for field in dataclasses.fields(value):
                assert not re.search(r"\bAny\b", str(field.type)), (name, field.name, field.type)


# -- lint and types of the committed package ------------------------------------------------------


def test_generated_package_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(PACKAGE.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_generated_package_passes_ruff() -> None:
    """With the repository's ruff settings (pyproject.toml), not the generator's own."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(PACKAGE.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", str(PACKAGE.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert formatted.returncode == 0, formatted.stdout[-3000:]


def test_regenerating_replaces_the_package_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    """Over an existing package, the new package takes its place whole (changed modules are
    the new text); nothing else is left beside the package."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SMALL_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    args = ("generate", "--no-config", "--spec", str(spec), "--root", "Session",
            "--out", str(tmp_path / "out"), "--package", "pkg")  # fmt: skip
    assert _cli(*args).returncode == 0
    package = tmp_path / "out" / "pkg"
    before = _tree(package)
    old_text = (package / "turn_detection.py").read_text(encoding="utf-8")

    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "How the server detects the end of a turn.", "How the server finds the end of a turn."
        ),
        encoding="utf-8",
    )
    result = _cli(*args)
    assert result.returncode == 0, result.stderr

    after = _tree(package)
    assert sorted(after) == sorted(before)
    # Only the changed module, the module whose field takes its first sentence from it (a
    # reference is described by the referenced schema's first sentence) and `_meta.json` (it
    # names the spec's sha256) are new files.
    assert {name for name in after if after[name] != before[name]} == {
        "turn_detection.py",
        "session.py",
        "_meta.json",
    }
    assert "finds the end" in (package / "turn_detection.py").read_text(encoding="utf-8")
    assert "How the server finds the end of a turn. See `TurnDetection`." in (
        package / "session.py"
    ).read_text(encoding="utf-8")
    assert old_text != (package / "turn_detection.py").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]

    # Unchanged spec: the same files.
    assert _cli(*args).returncode == 0
    assert _tree(package) == after
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]


# -- names -----------------------------------------------------------------------------------------


def _names(schemas: dict[str, Any]) -> naming.Names:
    return naming.assign(build_model(schemas))


def test_component_names_do_not_depend_on_the_order_of_the_spec() -> None:
    obj = {"type": "object", "properties": {"p": {"type": "string"}}}
    schemas = {
        name: obj for name in ("Foo.Bar", "foo_bar", "FooBar", "Foo-Bar", "FOO-BAR", "Any")
    } | {"AbTest": {"enum": ["a"]}, "ab_test": {"type": "array", "items": {"type": "string"}}}
    forward = _names(schemas)
    backward = _names(dict(reversed(schemas.items())))
    assert (forward.of, forward.module, forward.stem) == (
        backward.of,
        backward.module,
        backward.stem,
    )
    classes = {ptr(c): n for c, n in (("FooBar", "FooBar"), ("foo_bar", "foo_bar"))}
    classes |= {ptr("Foo.Bar"): "Foo_full_stop_Bar", ptr("Foo-Bar"): "Foo_hyphen_minus_Bar"}
    classes |= {ptr("FOO-BAR"): "FOO_hyphen_minus_BAR", ptr("Any"): "AnySchema"}
    assert {p: forward.of[p] for p in classes} == classes
    assert len(set(forward.module.values())) == len(schemas)
    assert sorted(forward.stem.values()) == ["ab_test_llllll", "abtest_ululll"]
    assert any("'Foo.Bar' named 'Foo_full_stop_Bar'" in r for r in forward.reports)


def test_an_alias_json_parser_never_shares_a_name_with_another_alias_function() -> None:
    """`Mode`'s `parse_mode_json` would be `ModeJson`'s `parse_<stem>`: the one claimed second
    (in sorted order, whatever the spec's order) takes a trailing underscore."""
    schemas = {"ModeJson": {"enum": ["j"]}, "Mode": {"enum": ["m"]}}
    for order in (schemas, dict(reversed(schemas.items()))):
        names = _names(order)
        assert (names.stem[ptr("Mode")], names.stem[ptr("ModeJson")]) == ("mode", "mode_json_")
        functions = [naming.functions(stem) for stem in names.stem.values()]
        assert not functions[0] & functions[1]


@pytest.mark.parametrize("name", sorted(naming.PACKAGE_NAMES))
def test_no_class_or_module_takes_a_name_the_package_uses(name: str) -> None:
    obj = {"type": "object", "properties": {"p": {"type": "string"}}}
    names = _names({name: obj, "Holder": {**obj, "properties": {"error": obj}}})
    exported = set(names.of.values())
    assert not exported & naming.PACKAGE_NAMES and not set(names.module.values()) & (
        naming.PACKAGE_NAMES | exported
    )
    assert names.of[ptr(name)] == name + "Schema"


def test_an_inline_schema_named_like_a_package_name_takes_another() -> None:
    obj = {"type": "object", "properties": {"p": {"type": "string"}}}
    names = _names({"Validation": {"type": "object", "properties": {"error": obj}}})
    assert names.of[ptr("Validation", "properties", "error")] == "ValidationErrorSchema"


def test_no_attribute_takes_a_name_the_class_body_uses() -> None:
    keys = sorted(naming.CLASS_BODY_NAMES)
    names = _names({"S": {"type": "object", "properties": {k: {"type": "string"} for k in keys}}})
    assert [names.fields[(ptr("S"), k)] for k in keys] == [k + "_" for k in keys]


# -- lines ruff format cannot shorten ------------------------------------------------------------


def test_lines_that_stay_too_long_get_noqa(tmp_path: Path) -> None:
    name = "A" * 120
    (tmp_path / "m.py").write_text(
        f'"""Module."""\n\n\nclass {name}:\n    """See\n    `{name}` `{name}`.\n    """\n\n'
        f"    x = {name!r}\n"
    )
    (tmp_path / "short.py").write_text('"""Nothing long."""\n')
    format_tree(tmp_path)
    text = (tmp_path / "m.py").read_text()
    assert text.count("# noqa: E501") == 3
    assert f"class {name}:  # noqa: E501\n" in text and f'    x = "{name}"  # noqa: E501\n' in text
    assert '    """  # noqa: E501\n' in text  # a line inside a docstring: after its end
    assert (tmp_path / "short.py").read_text() == '"""Nothing long."""\n'
    for check in (["check", *RUFF_CHECK[1:]], ["format", "--check", "--isolated"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *check, "--config", "line-length=100", str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
