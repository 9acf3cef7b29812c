"""Templates a user overrides: the `templates` setting and `--templates DIR` put a folder before
the built-in templates, file by file. The README's worked example (a `__rich_repr__` on every
class) is tested here as written there, and so are a replaced header, a broken template and a
missing folder."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import __version__, cli
from generator.render import TEMPLATES
from generator.view_nodes import VIEW_VERSION
from tests.conftest import ROOT, RUFF_CHECK, SPEC

# The README's example, verbatim (tests/test_templates.py checks that the README holds it).
RICH_REPR = '''\
{# Added to every class: rich's repr protocol, showing only the fields that are set. #}

    def __rich_repr__(self) -> Any:
        """The fields that are set, for `rich.pretty`."""
{% for f in c.fields %}
        if self.{{ f.name }} is not {{ "UNSET" if f.optional else "ABSENT" }}:
            yield {{ f.name | py }}, self.{{ f.name }}
{% endfor %}
        yield from ()
'''


def generate(tmp_path: Path, templates: Path | None, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "out"
    argv = ["generate", "--no-config", "--spec", str(SPEC), "--root", "RealtimeSession"]
    argv += ["--out", str(out), "--package", "models", *extra]
    if templates is not None:
        argv += ["--templates", str(templates)]
    return cli.main(argv), out / "models"


def run(code: str, where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],  # the package's folder is first on the path
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_readme_shows_the_worked_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert RICH_REPR.strip() in readme


def test_an_override_adds_a_method_to_every_class(tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "class_extras.jinja").write_text(RICH_REPR, encoding="utf-8")
    code, package = generate(tmp_path, mine)
    assert code == 0
    text = (package / "realtime_session.py").read_text(encoding="utf-8")
    assert text.count("def __rich_repr__(self) -> Any:") == text.count("class ") - text.count(
        "class Unset"
    )
    proc = run(
        """
        from models import RealtimeSession, RealtimeTurnDetectionServerVad
        s = RealtimeSession.from_dict({"speed": 1.1, "turn_detection": {"type": "server_vad"}})
        assert list(s.__rich_repr__()) == [
            ("turn_detection", RealtimeTurnDetectionServerVad(type="server_vad")), ("speed", 1.1)
        ], list(s.__rich_repr__())
        assert list(RealtimeTurnDetectionServerVad(type="server_vad").__rich_repr__()) == [
            ("type", "server_vad")
        ]
        """,
        package.parent,
    )
    assert proc.returncode == 0, proc.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", *RUFF_CHECK, str(package)], capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout
    types = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package)],
        capture_output=True,
        text=True,
        cwd=package.parent,
    )
    assert types.returncode == 0, types.stdout


def test_an_override_replaces_one_template_and_keeps_the_others(tmp_path: Path) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "header.jinja").write_text(
        "# Models for ACME by {{ source.generator_version }}; view data v{{ view_version }}.\n",
        encoding="utf-8",
    )
    code, package = generate(tmp_path, mine)
    assert code == 0
    for module in package.glob("*.py"):
        first = module.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# Models for ACME by {__version__}; view data v{VIEW_VERSION}.", module
    _, plain = generate(tmp_path / "plain", None)
    mine_text = (package / "realtime_session.py").read_text(encoding="utf-8").splitlines()
    plain_text = (plain / "realtime_session.py").read_text(encoding="utf-8").splitlines()
    assert mine_text[1:] == plain_text[2:]  # only the header differs
    assert (package / "_meta.json").read_bytes() == (plain / "_meta.json").read_bytes()


def test_an_override_of_meta_json_gets_the_plain_data(tmp_path: Path) -> None:
    """`_meta.json` is rendered like every other file: a user's `meta.json.jinja` replaces it,
    with `meta` (the dict of `render.meta_data`) and the `json` filter."""
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "meta.json.jinja").write_text(
        '{{ {"sha256": meta.spec.sha256, "n": meta.files | length} | json }}\n', encoding="utf-8"
    )
    code, package = generate(tmp_path, mine)
    assert code == 0
    files = sorted(p.name for p in package.iterdir())
    text = (package / "_meta.json").read_text(encoding="utf-8")
    sha256 = hashlib.sha256(SPEC.read_bytes()).hexdigest()
    assert text == f'{{\n "n": {len(files)},\n "sha256": "{sha256}"\n}}\n'


def test_every_template_has_a_built_in_file() -> None:
    names = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.jinja"))
    assert names == [
        "alias.py.jinja",
        "class.py.jinja",
        "class_extras.jinja",
        "header.jinja",
        "init.py.jinja",
        "macros/dump.jinja",
        "macros/parse.jinja",
        "macros/types.jinja",
        "meta.json.jinja",
        "module.py.jinja",
        "operation.jinja",
        "operations.py.jinja",
        "py.typed.jinja",
        "pyproject.toml.jinja",
        "runtime.py.jinja",
        "validator.py.jinja",
    ]


def test_a_broken_template_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "class_extras.jinja").write_text("\n\n{% if c.name %}\n", encoding="utf-8")
    code, package = generate(tmp_path, mine)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "class_extras.jinja" in err and "template error" in err
    assert not package.exists()


def test_a_missing_templates_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, package = generate(tmp_path, tmp_path / "nowhere")
    assert code == 2
    assert "templates folder not found" in capsys.readouterr().err
    assert not package.exists()


def test_the_templates_setting_in_pyproject(tmp_path: Path) -> None:
    mine = tmp_path / "tpl"
    mine.mkdir()
    (mine / "header.jinja").write_text("# From the settings.\n", encoding="utf-8")
    settings = tmp_path / "pyproject.toml"
    settings.write_text(
        f'[tool.openai-dataclass-generator]\nspec = "{SPEC}"\nroots = ["RealtimeSession"]\n'
        f'out = "out"\npackage = "models"\ntemplates = "tpl"\n',
        encoding="utf-8",
    )
    assert cli.main(["generate", "--config", str(settings)]) == 0
    text = (tmp_path / "out" / "models" / "prompt.py").read_text(encoding="utf-8")
    assert text.startswith("# From the settings.\n")
    assert cli.main(["check", "--config", str(settings)]) == 0
