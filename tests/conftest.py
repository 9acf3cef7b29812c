"""Shared paths and fixtures. Data from ../shared is read in place, never copied."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPEC = ROOT / "spec" / "openapi.yaml"
GENERATED = ROOT / "generated"
PAYLOADS = SHARED / "realtime-session-payloads"
HISTORY = SHARED / "openai-openapi" / "history"
# The lint the generated code is held to (the generator only formats; these tests check).
RUFF_CHECK = (
    "check",
    "--isolated",
    "--no-cache",
    "--select",
    "E,W,F,I,UP,B",
    "--config",
    "line-length=100",
    "--config",
    "target-version='py310'",
    "--config",
    "lint.pycodestyle.max-line-length=120",
)

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="session")
def spec_path() -> Path:
    if not SPEC.is_file():
        pytest.fail("spec/openapi.yaml is missing: run `make spec SPEC_SOURCE=...` first")
    return SPEC


@pytest.fixture(scope="session", autouse=True)
def _own_spec_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every run of the generator that the tests start, in this process or another, keeps its
    parsed specs (`generator.spec_cache`) in a folder of this session's own: no test depends
    on a cache left by another run, nor leaves one in the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


WHOLE_PACKAGE = "openai_all"


@dataclass(frozen=True)
class WholeSpec:
    """The whole pinned spec generated with `--all` into `out` (on `sys.path` while the session
    runs): `package_dir`, the run's `stdout` and `stderr`, `logs` (a scratch folder)."""

    out: Path
    package_dir: Path
    stdout: str
    stderr: str
    logs: Path


@pytest.fixture(scope="session")
def whole_spec(tmp_path_factory: pytest.TempPathFactory, spec_path: Path) -> Iterator[WholeSpec]:
    """The whole-spec package, generated once per session (tests/test_whole_spec.py,
    tests/test_fuzz_payloads.py)."""
    out = tmp_path_factory.mktemp("whole_spec")
    logs = tmp_path_factory.mktemp("whole_spec_logs")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--no-config",
         "--spec", str(spec_path), "--all", "--out", str(out), "--package", WHOLE_PACKAGE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, f"generation failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    sys.path.insert(0, str(out))
    try:
        yield WholeSpec(out, out / WHOLE_PACKAGE, proc.stdout, proc.stderr, logs)
    finally:
        sys.path.remove(str(out))
        for module in [
            m for m in sys.modules if m == WHOLE_PACKAGE or m.startswith(WHOLE_PACKAGE + ".")
        ]:
            del sys.modules[module]


def mark_generated(package: Path) -> None:
    """Make `package` (a folder a test filled by hand to stand for an older generation) one
    the generator may replace: a `_meta.json` that lists every file in it (`write_guard`)."""
    import json

    files = sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
    meta = {"format": "openai-dataclass-generator/package/1", "files": [*files, "_meta.json"]}
    (package / "_meta.json").write_text(json.dumps(meta), encoding="utf-8")
