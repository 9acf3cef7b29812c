"""The tool as a user installs it: a wheel built from the repository, installed into a fresh
virtual environment outside it, run as `openai-dataclass-generator` from another folder on the
shared spec; the generated package imported and used by the same Python, for every Python 3.10
to 3.14 on this machine; the package installed as a path dependency (`--pyproject`); the
pre-commit hook's command.

Marked `install`: it builds and installs (the dependencies come from the package index), so it
takes a minute; it runs by default and in CI (deselect with `-m 'not install'`)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import __version__
from tests.conftest import PAYLOADS, ROOT, SHARED

pytestmark = pytest.mark.install

SHARED_SPEC = SHARED / "openai-openapi" / "openapi.yaml"
VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
TIMEOUT = 600


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A command with the environment of a user: no PYTHONPATH pointing into the repository."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        command, cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=TIMEOUT
    )


def interpreter(version: str) -> str | None:
    """A Python `version` on this machine: on the PATH (`python3.12`), or one of pyenv's."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(
        glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}"))
    )
    for found in candidates:
        if found is None:
            continue
        said = subprocess.run([found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True)  # fmt: skip
        if said.returncode == 0 and said.stdout.strip() == version:
            return found
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of what the repository tracks for it (no build files left
    in the working tree); its build prints no warning of our packaging."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-v",
        "-w",
        str(dist),
        str(source),
    ]
    built = _run(command, source)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    log = built.stdout + built.stderr
    for banner in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "!!\n"):
        assert banner not in log, log[log.index(banner) - 2000 : log.index(banner) + 500]
    [found] = dist.glob("openai_dataclass_generator-*.whl")
    return found


def test_the_wheel_carries_the_templates(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    built_in = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.jinja"))
    assert sorted(n.removeprefix("generator/") for n in names if n.endswith(".jinja")) == built_in
    assert "templates/module.py.jinja" not in names  # not a top-level folder of site-packages
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: MIT" in text


class Environments:
    """Fresh virtual environments with the wheel installed, one per Python version, each made
    on first use."""

    def __init__(self, root: Path, wheel: Path) -> None:
        self.root, self.wheel, self.made = root, wheel, dict[str, Path]()

    def get(self, version: str) -> Path:
        if version not in self.made:
            python = interpreter(version)
            if python is None:
                pytest.skip(f"no Python {version} on this machine")
            venv = self.root / f"venv-{version}"
            made = _run([python, "-m", "venv", str(venv)], self.root)
            assert made.returncode == 0, made.stderr
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(self.wheel)]
            installed = _run(pip, self.root)
            assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
            self.made[version] = venv
        return self.made[version]


@pytest.fixture(scope="module")
def environments(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Environments:
    return Environments(tmp_path_factory.mktemp("venvs"), wheel)


THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"


def _payloads() -> list[Path]:
    found = sorted((PAYLOADS / "valid").glob("*.json"))
    assert found, f"no payloads in {PAYLOADS / 'valid'}"
    return found


USE = """
import json, sys
from openai_models import RealtimeSession
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        payload = json.load(f)
    assert RealtimeSession.from_dict(payload).to_dict() == payload, name
print(sys.version_info[:2], len(sys.argv) - 1)
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_installed_command_generates_from_another_folder(
    version: str, environments: Environments, tmp_path: Path
) -> None:
    """The issue's acceptance: from a clean virtual environment outside the repository, `pip
    install <wheel>`, then `openai-dataclass-generator generate --spec <shared spec> --root
    RealtimeSession --out <tmp>` from another folder; the result imports and parses."""
    if not SHARED_SPEC.is_file():
        pytest.fail(f"the shared spec is missing: {SHARED_SPEC}")
    venv = environments.get(version)
    command = str(venv / "bin" / "openai-dataclass-generator")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "models"
    said = _run([command, "--version"], elsewhere)
    assert said.stdout == f"openai-dataclass-generator {__version__}\n"
    args = ["generate", "--spec", str(SHARED_SPEC), "--root", "RealtimeSession", "--out", str(out)]
    generated = _run([command, *args], elsewhere, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.startswith(f"wrote {out / 'openai_models'}: 16 modules")
    assert list(elsewhere.iterdir()) == []  # nothing written where it ran
    used = _run([str(venv / "bin" / "python"), "-c", USE, *map(str, _payloads())], out)
    assert used.returncode == 0, used.stderr
    assert used.stdout.startswith(f"({version.replace('.', ', ')})")
    # An error names the command and is one line.
    bad = _run([command, "generate", "--config", "missing.toml"], elsewhere)
    assert bad.returncode == 2
    assert bad.stderr == "error: missing.toml: settings file does not exist (given with --config)\n"


def test_generated_package_installs_as_a_path_dependency(
    environments: Environments, tmp_path: Path
) -> None:
    """`--pyproject` writes a pyproject.toml beside the package: `pip install ./models` (as a
    consumer's path dependency would) installs it, py.typed included, importable anywhere."""
    venv = environments.get(THIS)
    out = tmp_path / "models"
    command = [str(venv / "bin" / "openai-dataclass-generator"), "generate", "--spec", str(SHARED_SPEC),
               "--root", "RealtimeSession", "--out", str(out), "--pyproject"]  # fmt: skip
    assert _run(command, tmp_path).returncode == 0
    python = str(venv / "bin" / "python")
    installed = _run([python, "-m", "pip", "install", "--quiet", str(out)], tmp_path)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = "import openai_models, pathlib; p = pathlib.Path(openai_models.__file__).parent; "
    where += (
        "print(p.parent.name, (p / 'py.typed').is_file(), openai_models.RealtimeSession.__name__)"
    )
    used = _run([python, "-c", where], elsewhere)
    assert used.returncode == 0, used.stderr
    assert used.stdout.split() == ["site-packages", "True", "RealtimeSession"]


def test_pre_commit_hook_runs_check(environments: Environments, tmp_path: Path) -> None:
    """The hook of .pre-commit-hooks.yaml, as pre-commit runs it (its entry, no file names, in
    the consumer's repository, settings from its pyproject.toml): silent and 0 when the package
    is up to date, 1 and the files when not."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "openai-dataclass-generator-check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    venv = environments.get(THIS)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.openai-dataclass-generator]\nspec = "{SHARED_SPEC}"\nroots = ["RealtimeSession"]\n'
        'out = "src"\n',
        encoding="utf-8",
    )
    bin_path = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    entry = hook["entry"].split()
    assert entry[:2] == ["openai-dataclass-generator", "check"]
    assert (
        _run(["openai-dataclass-generator", "generate", "-q"], tmp_path, **bin_path).returncode == 0
    )
    fresh = _run(entry, tmp_path, **bin_path)
    assert (fresh.returncode, fresh.stdout, fresh.stderr) == (0, "", "")
    (tmp_path / "src" / "openai_models" / "realtime_session.py").write_text("# edited\n")
    stale = _run(entry, tmp_path, **bin_path)
    assert stale.returncode == 1
    lines = stale.stdout.splitlines()
    assert lines[1] == "  ~ realtime_session.py"
    assert lines[-1] == "to update it, run: openai-dataclass-generator generate"


def test_report_json_of_the_installed_command(environments: Environments, tmp_path: Path) -> None:
    venv = environments.get(THIS)
    report = tmp_path / "run.json"
    command = [str(venv / "bin" / "openai-dataclass-generator"), "generate", "--spec", str(SHARED_SPEC),
               "--root", "RealtimeSession", "--out", str(tmp_path / "m"), "-q",
               "--report-json", str(report)]  # fmt: skip
    done = _run(command, tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert json.loads(report.read_text(encoding="utf-8"))["counts"]["modules"] == 16
