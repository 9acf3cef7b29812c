"""Older OpenAI specs (2023-2026, OpenAPI 3.0 and 3.1) generate with `--all`, import cleanly
and pass ruff.

One module fixture runs every spec through the CLI and then imports the whole package it wrote,
each in its own subprocess, several specs at a time (biggest first), so the file takes about the
time of the slowest specs rather than of all of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import HISTORY, ROOT, RUFF_CHECK

pytestmark = pytest.mark.whole_spec

PACKAGE = "openai_history"
EXPECTED_SPECS = 6
TIMEOUT = 300

# Specs the generator cannot handle yet: stem -> reason (strict xfail: a fix shows up as XPASS).
KNOWN_FAILURES: dict[str, str] = {}

# Imports every module of the package (warnings are errors) and resolves every exported name.
IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
errors = []
modules = [m.name for m in pkgutil.iter_modules(pkg.__path__)]
for module in modules:
    try:
        importlib.import_module(f"{pkg.__name__}.{module}")
    except Exception as exc:
        errors.append(f"import {module}: {type(exc).__name__}: {exc}")
for name in pkg.__all__:
    try:
        getattr(pkg, name)
    except Exception as exc:
        errors.append(f"{pkg.__name__}.{name}: {type(exc).__name__}: {exc}")
print(json.dumps({"modules": len(modules), "names": len(pkg.__all__), "errors": errors}))
"""


def history_specs() -> list[Path]:
    return sorted(HISTORY.glob("*.yaml")) if HISTORY.is_dir() else []


def params() -> list[object]:
    return [
        pytest.param(
            p.stem, id=p.stem, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[p.stem])
        )
        if p.stem in KNOWN_FAILURES
        else pytest.param(p.stem, id=p.stem)
        for p in history_specs()
    ]


@dataclass
class Outcome:
    spec: Path
    generate: subprocess.CompletedProcess[str]
    imports: subprocess.CompletedProcess[str] | None  # None when generation failed
    lint: subprocess.CompletedProcess[str] | None


def run_one(spec: Path, out: Path) -> Outcome:
    generate = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--no-config",
            "--spec",
            str(spec),
            "--all",
            "--out",
            str(out),
            "--package",
            PACKAGE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if generate.returncode != 0:
        return Outcome(spec, generate, None, None)
    imports = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_ALL, PACKAGE],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", *RUFF_CHECK, PACKAGE],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return Outcome(spec, generate, imports, lint)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    specs = sorted(history_specs(), key=lambda p: p.stat().st_size, reverse=True)
    workers = max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {p.stem: pool.submit(run_one, p, tmp_path_factory.mktemp(p.stem)) for p in specs}
        return {stem: future.result() for stem, future in futures.items()}


def test_the_history_specs_are_there() -> None:
    assert len(history_specs()) == EXPECTED_SPECS, f"expected {EXPECTED_SPECS} specs in {HISTORY}"


@pytest.mark.parametrize("stem", params())
def test_history_spec_generates(stem: str, outcomes: dict[str, Outcome]) -> None:
    run = outcomes[stem].generate
    assert run.returncode == 0, f"exit {run.returncode}:\n{run.stderr[-3000:]}"
    assert run.stdout.startswith("wrote "), run.stdout
    other = [
        line for line in run.stderr.splitlines() if not line.startswith(("note: ", "imprecise: "))
    ]
    assert not other, f"unexpected output on stderr: {other}"


@pytest.mark.parametrize("stem", params())
def test_history_package_imports(stem: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[stem]
    if outcome.imports is None:
        pytest.fail(f"not generated: {outcome.generate.stderr.strip()[-2000:]}")
    run = outcome.imports
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)
    assert report["errors"] == []
    assert report["modules"] > 50
    assert report["names"] > report["modules"]


@pytest.mark.parametrize("stem", params())
def test_history_package_passes_ruff(stem: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[stem]
    if outcome.lint is None:
        pytest.fail(f"not generated: {outcome.generate.stderr.strip()[-2000:]}")
    assert outcome.lint.returncode == 0, outcome.lint.stdout[-4000:] + outcome.lint.stderr[-2000:]
