"""The generated package inside a consumer's project, linted and formatted by the consumer's
ruff: with ruff's default configuration it reports findings and would reformat files (the
package keeps its own style: line length 100, our rule set), so the README tells consumers to
exclude the folder, the conventional way, and this is the README's snippet, tested."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import GENERATED, ROOT

# The README's snippet, verbatim (checked below; in the README, indented in a list).
SNIPPET = """\
[tool.ruff]
extend-exclude = ["openai_models"]
force-exclude = true
"""


@pytest.fixture
def consumer(tmp_path: Path) -> Path:
    """A consumer's project: its own code, and the generated package copied in."""
    (tmp_path / "app.py").write_text("import openai_models\n\nprint(openai_models.SOURCE)\n")
    shutil.copytree(GENERATED / "openai_models", tmp_path / "openai_models",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    return tmp_path


def _ruff(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The consumer's ruff (the pinned one), with its configuration found as usual: no
    `--isolated`, no `--config`; cache off."""
    return subprocess.run([sys.executable, "-m", "ruff", *args, "--no-cache"], cwd=project,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_readme_gives_the_snippet() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert textwrap.indent(SNIPPET, "  ") in readme  # in a list item of "In your project"


def test_default_ruff_does_not_accept_the_package_as_it_is(consumer: Path) -> None:
    """Why consumers need the snippet: a default configuration lints and reformats it."""
    (consumer / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "1"\n')
    assert _ruff(consumer, "format", "--check", ".").returncode == 1
    assert _ruff(consumer, "check", ".").returncode == 1


def test_with_the_snippet_default_ruff_leaves_the_package_alone(consumer: Path) -> None:
    (consumer / "pyproject.toml").write_text('[project]\nname = "app"\nversion = "1"\n\n' + SNIPPET)
    for command in (["check", "."], ["format", "--check", "."]):
        result = _ruff(consumer, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    # pre-commit's ruff hooks name the files: force-exclude keeps them excluded all the same.
    named = ["openai_models/realtime_session.py", "openai_models/_runtime.py", "app.py"]
    for command in (["check", *named], ["format", "--check", *named]):
        result = _ruff(consumer, *command)
        assert result.returncode == 0, result.stdout + result.stderr
    # The consumer's own code is still linted.
    (consumer / "app.py").write_text("import os\n")
    assert "F401" in _ruff(consumer, "check", ".").stdout
