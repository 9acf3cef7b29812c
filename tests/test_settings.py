"""Settings are strict: every bad configuration is one line `error: ...` naming the file, exit
2, nothing written; `--config` must exist; `--root` replaces the configured roots and `--all`
overrides them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cli
from generator.config_table import KEYS
from tests.conftest import ROOT

SMALL_SPEC = ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"
SECTION = "[tool.openai-dataclass-generator]\n"
Capture = pytest.CaptureFixture[str]


def _run(tmp_path, capsys, settings: str | None, *options: str) -> tuple[int, list[str], str]:
    """`generate` with `settings` as the text of tmp_path/pyproject.toml (None: no file, as
    `--config` names it): exit code, the lines of stderr, stdout."""
    config = tmp_path / "pyproject.toml"
    if settings is not None:
        config.write_text(settings, encoding="utf-8")
    argv = ["generate", "--config", str(config), "--spec", str(SMALL_SPEC)]
    argv += ["--out", str(tmp_path / "out"), *options]
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def _one_error(tmp_path: Path, code: int, err: list[str]) -> str:
    assert code == 2, err
    assert len(err) == 1, err
    assert err[0].startswith("error: "), err
    assert not (tmp_path / "out").exists()  # nothing written
    return err[0]


BAD = [
    # (the section's lines, what the message says)
    ('rots = ["Session"]', "unknown key 'rots' in [tool.openai-dataclass-generator] (did you mean 'roots'?)"),
    ('overlay = ["x.yaml"]', "unknown key 'overlay' in [tool.openai-dataclass-generator] (did you mean 'overlays'?)"),
    ("xyzzy = 1", "unknown key 'xyzzy' in [tool.openai-dataclass-generator]; the keys are: spec, "),
    ('all = "no"', """'all' must be true or false, not the string "no\""""),
    ("all = 1", "'all' must be true or false, not the integer 1"),
    ("out = 5", "'out' must be a path (a non-empty string), not the integer 5"),
    ('out = ""', "'out' must be a path (a non-empty string), not an empty string"),
    ("spec = true", "'spec' must be a path (a non-empty string), not the boolean true"),
    ('roots = "Session"', """'roots' must be a list of schema names (strings), not the string "Session\""""),
    ("roots = [1]", "'roots' must be a list of schema names (strings), not a list holding the integer 1"),
    ("package = 3.5", "'package' must be a name (a non-empty string), not the number 3.5"),
    ('overlays = "a.yaml"', "'overlays' must be a list of overlay file paths (strings), not the string"),
    ("templates = [1]", "'templates' must be a path (a non-empty string), not a list holding the integer 1"),
    ('cache = "no"', """'cache' must be true or false, not the string "no\""""),
    ("write_pyproject = 1", "'write_pyproject' must be true or false, not the integer 1"),
    ('operations = "x"', """'operations' must be a list of operationIds (strings), not the string "x\""""),
    ("paths = [1]", "'paths' must be a list of 'METHOD /path' strings, not a list holding the integer 1"),
    ('paths = ["/things"]', "path '/things' is not 'METHOD /path' (e.g. 'POST /responses')"),
    ("pin = {a = 1}", "'pin' must be a path (a non-empty string), not a table"),
    ("spec = 2026-11-26", "'spec' must be a path (a non-empty string), not a date"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, capsys: Capture, line: str, message: str
) -> None:
    code, err, _ = _run(tmp_path, capsys, SECTION + line + "\n", "--root", "Session")
    assert message in _one_error(tmp_path, code, err)
    assert f"{tmp_path / 'pyproject.toml'}: " in err[0]  # names the file


@pytest.mark.parametrize(
    "section",
    [
        "openai-dataclass-gen",
        "openai_dataclass_generator",
        "openai-dataclass-generater",
        "dataclass-generator",
        "OpenAI-Dataclass-Generator",
        "openai-dataclass",
    ],
)
def test_a_section_that_looks_like_ours_is_an_error(
    tmp_path: Path, capsys: Capture, section: str
) -> None:
    settings = f'[tool.{section}]\nroots = ["Session"]\n'
    code, err, _ = _run(tmp_path, capsys, settings, "--root", "Session")
    line = _one_error(tmp_path, code, err)
    assert line.endswith(
        f"unknown section [tool.{section}] (did you mean [tool.openai-dataclass-generator]?)"
    )


def test_other_tools_sections_are_left_alone(tmp_path: Path, capsys: Capture) -> None:
    """A consumer's pyproject.toml: other tools' sections, even close ones, are not ours."""
    settings = (
        '[project]\nname = "app"\n[tool.ruff]\nline-length = 88\n[tool.mypy]\nstrict = true\n'
        '[tool.datamodel-codegen]\ninput = "x"\n[tool.openapi-generator]\nx = 1\n'
        "[tool.pytest.ini_options]\naddopts = '-q'\n"
    )
    code, err, _ = _run(tmp_path, capsys, settings, "--root", "Session")
    assert code == 0, err


def test_every_key_is_accepted(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "tpl").mkdir()
    values = {
        "spec": f'"{SMALL_SPEC}"',
        "roots": '["Session"]',
        "all": "false",
        "out": '"models"',
        "package": '"pkg"',
        "overlays": "[]",
        "templates": '"tpl"',
        "cache": "false",
        "pin": '"spec/pin.toml"',
        "write_pyproject": "false",
        "operations": "[]",
        "paths": "[]",
        "bracket_names": "true",
    }
    assert sorted(values) == sorted(KEYS)
    settings = SECTION + "".join(f"{k} = {v}\n" for k, v in values.items())
    config = tmp_path / "pyproject.toml"
    config.write_text(settings, encoding="utf-8")
    assert cli.main(["generate", "--config", str(config), "-q"]) == 0, capsys.readouterr().err
    assert (tmp_path / "models" / "pkg" / "session.py").is_file()


def test_a_section_that_is_not_a_table(tmp_path: Path, capsys: Capture) -> None:
    code, err, _ = _run(tmp_path, capsys, '[tool]\nopenai-dataclass-generator = "x"\n')
    assert "'tool.openai-dataclass-generator' must be a table" in _one_error(tmp_path, code, err)


def test_invalid_toml_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    code, err, _ = _run(tmp_path, capsys, SECTION + "roots = [\n")
    assert "invalid TOML" in _one_error(tmp_path, code, err)


def test_an_explicit_config_that_does_not_exist_is_an_error(
    tmp_path: Path, capsys: Capture
) -> None:
    code, err, _ = _run(tmp_path, capsys, None, "--root", "Session")
    line = _one_error(tmp_path, code, err)
    assert line == (
        f"error: {tmp_path / 'pyproject.toml'}: settings file does not exist (given with --config)"
    )


def test_an_explicit_config_that_is_a_folder_is_an_error(tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "pyproject.toml").mkdir()
    code, err, _ = _run(tmp_path, capsys, None, "--root", "Session")
    assert "settings file is not a file" in _one_error(tmp_path, code, err)


def test_without_config_the_working_directory_pyproject_is_read_if_there(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["generate", "--spec", str(SMALL_SPEC), "--out", "out", "-q"]
    assert cli.main(argv) == 2  # no file: the defaults, which name no root
    assert capsys.readouterr().err.startswith("error: no root schema given")
    (tmp_path / "pyproject.toml").write_text(SECTION + 'roots = ["ServerVad"]\n')
    assert cli.main(argv) == 0
    assert (tmp_path / "out" / "openai_models" / "server_vad.py").is_file()
    (tmp_path / "pyproject.toml").write_text(SECTION + 'rots = ["ServerVad"]\n')
    assert cli.main(argv) == 2  # and checked as strictly as an explicit one
    assert "did you mean 'roots'?" in capsys.readouterr().err
    assert cli.main([*argv, "--no-config", "--root", "Session"]) == 0  # --no-config: not read


def test_config_and_no_config_exclude_each_other(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["generate", "--config", "x.toml", "--no-config"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def _modules(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "out" / "openai_models").glob("*.py"))


def test_all_overrides_the_configured_roots(tmp_path: Path, capsys: Capture) -> None:
    """`generate --spec other.yaml --all` must not look for the configured roots, which the
    other spec may not have."""
    code, err, _ = _run(tmp_path, capsys, SECTION + 'roots = ["NotInThisSpec"]\n', "--all")
    assert code == 0, err
    assert "semantic_vad.py" in _modules(tmp_path) and "session.py" in _modules(tmp_path)
    code, err, _ = _run(tmp_path, capsys, SECTION + 'roots = ["NotInThisSpec"]\n')
    assert code == 2 and "NotInThisSpec" in err[0]  # without --all, the roots are looked for


def test_root_replaces_the_configured_roots_and_all(tmp_path: Path, capsys: Capture) -> None:
    settings = SECTION + 'roots = ["NotInThisSpec"]\n'
    code, err, _ = _run(tmp_path, capsys, settings, "--root", "ServerVad")
    assert code == 0, err
    assert _modules(tmp_path) == ["__init__.py", "_runtime.py", "server_vad.py"]
    code, err, _ = _run(tmp_path, capsys, SECTION + "all = true\n", "--root", "ServerVad")
    assert code == 0, err
    assert _modules(tmp_path) == ["__init__.py", "_runtime.py", "server_vad.py"]
    # `all = true` alone: every schema.
    code, err, _ = _run(tmp_path, capsys, SECTION + "all = true\n")
    assert code == 0, err
    assert "session.py" in _modules(tmp_path)


def test_the_help_says_what_root_and_all_replace() -> None:
    generate = cli.parser()._subparsers._group_actions[0].choices["generate"]  # type: ignore[union-attr]
    text = " ".join(generate.format_help().split())
    assert "(repeatable); replaces the configured 'roots' (and 'all')" in text
    assert (
        "generate every component schema and (but for diff) every operation; overrides 'roots' "
        "and --root" in text
    )
    assert "with --root and --path, replaces the configured selection" in text


def test_operation_or_path_replaces_the_configured_selection(
    tmp_path: Path, capsys: Capture
) -> None:
    """`--operation`, `--path` and `--root` together are the command line's selection: any of
    them replaces the configured roots, operations, paths and `all`."""
    spec = ROOT / "tests" / "golden" / "operations" / "spec.yaml"
    config = tmp_path / "pyproject.toml"
    config.write_text(SECTION + 'roots = ["Unused"]\noperations = ["nope"]\nall = true\n')
    base = [
        "generate",
        "--config",
        str(config),
        "--spec",
        str(spec),
        "--out",
        str(tmp_path / "out"),
    ]
    assert cli.main([*base, "--operation", "getThing"]) == 0, capsys.readouterr().err
    assert "get_thing_operation.py" in _modules(tmp_path)
    assert "unused.py" not in _modules(tmp_path)
    assert cli.main([*base, "--path", "GET /things"]) == 0, capsys.readouterr().err
    assert "get_things_operation.py" in _modules(tmp_path)
    assert "get_thing_operation.py" not in _modules(tmp_path)
    assert cli.main([*base, "--root", "Unused"]) == 0, capsys.readouterr().err
    assert not any(m.endswith("_operation.py") for m in _modules(tmp_path))
