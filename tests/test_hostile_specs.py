"""Hostile specs: the generator refuses cleanly or writes a package that works, never crashes.

The corpus is data: the small specs of `tests/hostile/`, the large ones that
`tests/hostile/make_large.py` writes at test time (alias bombs, deep nesting, long `$ref`
chains), and their outcomes in `tests/hostile/expected.yaml`. A refusal is exit 2 and one line
on stderr naming the file (and the pointer, where the table gives one), no traceback, and the
output folder exactly as it was. A package is imported and its snippet run, `ruff check`ed, and
for a few `mypy --strict`ed.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, write
from tests.conftest import ROOT, RUFF_CHECK, mark_generated

HOSTILE = Path(__file__).resolve().parent / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_large  # noqa: E402

EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (HOSTILE / "expected.yaml").read_text(encoding="utf-8")
)
SMALL = sorted(p.name for p in HOSTILE.iterdir() if p.suffix in (".yaml", ".json"))
SMALL.remove("expected.yaml")
CASES = sorted(set(SMALL) | set(make_large.LARGE))
PYTHON = sys.executable
BIN = Path(PYTHON).parent
# The worst alias bomb must be refused within these.
BOMB_MAX_RSS_MB = 200
BOMB_MAX_SECONDS = 5.0


def test_every_spec_has_an_outcome() -> None:
    assert sorted(EXPECTED) == CASES
    for name, outcome in EXPECTED.items():
        assert ("refuse" in outcome) != ("generate" in outcome), name


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_large.write_all(tmp_path_factory.mktemp("hostile-large"))


def _spec(name: str, large: dict[str, Path]) -> Path:
    return large[name] if name in large else HOSTILE / name


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [PYTHON, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _generate(spec: Path, out: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    config = tmp / "empty.toml"
    config.write_text("", encoding="utf-8")
    args = ["generate", "--config", str(config), "--no-cache", "--spec", str(spec)]
    return _run([*args, "--out", str(out), "--package", "pkg", "--all", *extra], tmp)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def _old_package(out: Path) -> dict[str, bytes]:
    """An existing output: a refusal must leave it exactly so."""
    (out / "pkg").mkdir(parents=True)
    (out / "pkg" / "__init__.py").write_text("OLD = True\n", encoding="utf-8")
    mark_generated(out / "pkg")
    return _tree(out)


def _assert_refused(run: subprocess.CompletedProcess[str], *words: str) -> str:
    assert run.returncode == 2, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr[-3000:]
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("name", CASES)
def test_hostile_spec(name: str, large: dict[str, Path], tmp_path: Path) -> None:
    outcome = EXPECTED[name]
    spec = _spec(name, large)
    out = tmp_path / "out"
    before = _old_package(out)
    run = _generate(spec, out, tmp_path)
    if "refuse" in outcome:
        _assert_refused(run, str(spec), outcome["refuse"], outcome.get("pointer", ""))
        assert _tree(out) == before
        return
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    package = out / "pkg"
    lint = subprocess.run(
        [str(BIN / "ruff"), *RUFF_CHECK, str(package)], capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    snippet = "import pkg\n" + textwrap.dedent(outcome["generate"])
    used = subprocess.run(
        [PYTHON, "-c", snippet], cwd=out, capture_output=True, text=True, timeout=120
    )
    assert used.returncode == 0, used.stderr[-3000:]
    if outcome.get("mypy"):
        typed = subprocess.run(
            [str(BIN / "mypy"), "--strict", "--no-incremental", "pkg"],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert typed.returncode == 0, typed.stdout[-3000:]


# Run the command given, at most 30 s and 2 GiB of address space (so that a regression cannot
# take the machine), and print its exit code, seconds and peak memory (KiB).
_MEASURE = """
import resource, subprocess, sys, time
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
start = time.perf_counter()
try:
    run = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=30, preexec_fn=cap)
    code, err = run.returncode, run.stderr
except subprocess.TimeoutExpired:
    code, err = "timeout", ""
seconds = time.perf_counter() - start
kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, seconds, kib)
sys.stderr.write(err)
"""


@pytest.mark.parametrize("name", ["alias_bomb.yaml", "key_bomb.yaml"])
def test_alias_bomb_is_refused_quickly_in_little_memory(
    name: str, large: dict[str, Path], tmp_path: Path
) -> None:
    """Measured in a process of its own whose only child is the generator, so that the peak
    memory is the generator's (RUSAGE_CHILDREN keeps the largest child's)."""
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    command = [PYTHON, "-m", "generator", "generate", "--config", str(config), "--no-cache"]
    command += ["--spec", str(large[name]), "--out", str(out), "--package", "pkg", "--all"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [PYTHON, "-c", _MEASURE, *command], env=env, capture_output=True, text=True, timeout=60
    )
    code, seconds, kib = run.stdout.split()
    assert code == "2", run.stderr
    assert "expands to more than" in run.stderr
    assert not out.exists()
    print(f"{name}: refused in {float(seconds):.2f} s, peak {int(kib) / 1024:.0f} MB")
    assert float(seconds) < BOMB_MAX_SECONDS
    assert int(kib) / 1024 < BOMB_MAX_RSS_MB


@pytest.mark.parametrize("package", ["class", "None", "1x", "foo-bar"])
def test_package_name_refused_before_anything_runs(package: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = HOSTILE / "bom.yaml"
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    run = _run(
        ["generate", "--config", str(config), "--no-cache", "--spec", str(spec)]
        + ["--out", str(out), "--package", package, "--all"],
        tmp_path,
    )
    _assert_refused(run, f"package name {package!r} is not a Python identifier")
    assert not out.exists()


@pytest.mark.parametrize("command", ["generate", "check"])
def test_output_that_is_a_file(command: str, tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    spec = str(HOSTILE / "bom.yaml")
    a_file = tmp_path / "a_file"
    a_file.write_text("not a folder\n", encoding="utf-8")
    package_file = tmp_path / "out" / "pkg"
    package_file.parent.mkdir()
    package_file.write_text("not a package\n", encoding="utf-8")
    for out, named in ((a_file, a_file), (package_file.parent, package_file)):
        run = _run(
            [command, "--config", str(config), "--no-cache", "--spec", spec]
            + ["--out", str(out), "--package", "pkg", "--all"],
            tmp_path,
        )
        _assert_refused(run, str(named), "the output is not a directory")
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"
    assert package_file.read_text(encoding="utf-8") == "not a package\n"


def _cli_args(tmp: Path) -> list[str]:
    config = tmp / "empty.toml"
    config.write_text("", encoding="utf-8")
    spec = str(HOSTILE / "bom.yaml")
    return ["generate", "--config", str(config), "--no-cache", "--spec", spec]


def _in_process(out: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = cli.main(_cli_args(tmp) + ["--out", str(out), "--package", "pkg", "--all"])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    before = _old_package(out)

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    line = _in_process(out, tmp_path, capsys)
    assert "cannot write the package" in line and os.strerror(errno.ENOSPC) in line
    assert _tree(out) == before


def test_read_only_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any) -> None:
    """As root a folder's mode does not stop writing: the refusal to create the staging
    folder beside the package is simulated."""
    out = tmp_path / "out"
    before = _old_package(out)
    import tempfile

    def read_only(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    line = _in_process(out, tmp_path, capsys)
    assert f"{out}: cannot write the package: {os.strerror(errno.EACCES)}" in line
    assert _tree(out) == before


def test_replace_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any) -> None:
    """The swap itself fails (the output's folder turned read-only meanwhile): the old
    package stays."""
    out = tmp_path / "out"
    before = _old_package(out)
    real = os.rename

    def refuse_new(src: Any, dst: Any) -> None:
        if Path(dst) == out / "pkg" and ".pkg.tmp-" in str(src):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        real(src, dst)

    # The swap is one exchange where the system has one, else renames (generator/write.py).
    monkeypatch.setattr(os, "rename", refuse_new)
    monkeypatch.setattr(write, "_exchange", lambda new, dst: refuse_new(new, dst) or False)
    line = _in_process(out, tmp_path, capsys)
    assert "cannot write the package" in line
    assert _tree(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["pkg"]
