"""Bad input: the command line exits 2 with one `error: <file>:<line> at <pointer>: message` line,
no traceback, and leaves an existing output package exactly as it was.

The fixtures are in `tests/bad_inputs/`; each is a small spec with one thing wrong.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, mark_generated

BAD = Path(__file__).resolve().parent / "bad_inputs"


@dataclass(frozen=True)
class Bad:
    spec: str
    root: str
    pointer: str | None  # the JSON pointer the message must name
    words: tuple[str, ...]  # further text the message must hold
    line: int | None = None  # the line it must name


CASES = {
    "invalid_yaml": Bad("invalid_yaml.yaml", "Session", None, ("invalid YAML",), line=14),
    "dangling_ref": Bad(
        "dangling_ref.yaml",
        "Session",
        "#/components/schemas/Session/properties/turn_detection",
        ("dangling $ref", "#/components/schemas/TurnDetectoin"),
        line=14,
    ),
    "unknown_root": Bad(
        "unknown_root.yaml",
        "RealtimeSesion",
        "#/components/schemas/RealtimeSesion",
        ("unknown root schema 'RealtimeSesion'", "did you mean", "RealtimeSession"),
    ),
    "not_a_schema": Bad(
        "not_a_schema.yaml",
        "Session",
        "#/components/schemas/Session/properties/modalities",
        ("expected a schema object", "list"),
    ),
    "allof_self": Bad(
        "allof_self.yaml",
        "Session",
        "#/components/schemas/SessionConfig/allOf/0",
        ("allOf includes the schema itself",),
    ),
    "not_openapi": Bad(
        "not_openapi.yaml", "Session", "#/openapi", ("not an OpenAPI 3.x document",)
    ),
    "missing_file": Bad("does_not_exist.yaml", "Session", None, ("not found",)),
    "ref_cycle": Bad(
        "ref_cycle.yaml",
        "Session",
        "#/components/schemas/Mode",
        ("reference cycle Mode, ModeAlias has no value of its own",),
    ),
    "url_ref": Bad(
        "url_ref.yaml",
        "Session",
        "#/components/schemas/Session/properties/tracing",
        ("is a URL", "https://example.com/schemas/tracing.yaml#/Tracing", "nothing is fetched"),
        line=14,
    ),
    "missing_ref_file": Bad(
        "missing_ref_file.yaml",
        "Session",
        "#/components/schemas/Session/properties/tracing",
        ("'./schemas/tracing.yaml': cannot read", "schemas/tracing.yaml: no such file"),
        line=14,
    ),
}


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every entry below `root`: relative path -> bytes (None for a directory)."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def _existing_output(tmp_path: Path) -> Path:
    """An output folder holding a previous package, with a marker file the generator never
    writes."""
    out = tmp_path / "out"
    package = out / "pkg"
    package.mkdir(parents=True)
    (package / "KEEP_ME.txt").write_text("written by the test, not by the generator\n")
    (package / "__init__.py").write_text("# an older generation\n")
    (package / "session.py").write_bytes(b"x = 1\n")
    mark_generated(package)
    return out


def _run(verb: str, bad: Bad, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            verb,
            "--no-config",
            "--spec",
            str(BAD / bad.spec),
            "--root",
            bad.root,
            "--out",
            str(out),
            "--package",
            "pkg",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_fixtures_exist() -> None:
    for name, bad in CASES.items():
        assert (BAD / bad.spec).is_file() == (name != "missing_file"), bad.spec


# Every fixture with `generate`; `check` shares the code path, so two of them suffice there.
RUNS = [(name, "generate") for name in sorted(CASES)] + [
    ("invalid_yaml", "check"),
    ("dangling_ref", "check"),
]


@pytest.mark.parametrize(("name", "verb"), RUNS)
def test_bad_input(name: str, verb: str, tmp_path: Path) -> None:
    bad = CASES[name]
    out = _existing_output(tmp_path)
    before = _snapshot(out)

    result = _run(verb, bad, out)

    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    err = result.stderr
    assert "Traceback" not in err and "Traceback" not in result.stdout
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err  # one message, nothing else
    message = lines[0]
    assert message.startswith("error: "), message
    # The file, as given on the command line, right after `error: `.
    assert message.startswith(f"error: {BAD / bad.spec}"), message
    if bad.line is not None:
        found = re.match(r"error: [^:]+:(\d+)", message)
        assert found, f"no line number in {message!r}"
        assert int(found.group(1)) == bad.line, message
    if bad.pointer is not None:
        assert f" at {bad.pointer}: " in message, message
    for words in bad.words:
        assert words in message, (words, message)
    # The output folder is untouched: same files, same bytes, no scratch folders left behind.
    assert _snapshot(out) == before


def test_unknown_root_suggests_nothing_when_nothing_is_close(tmp_path: Path) -> None:
    """The hint lists close names only: a name far from every schema gets no `did you mean`."""
    bad = Bad("unknown_root.yaml", "Zzzzzzzz", "#/components/schemas/Zzzzzzzz", ("unknown root",))
    result = _run("generate", bad, tmp_path / "out")
    assert result.returncode == 2
    assert "unknown root schema 'Zzzzzzzz'" in result.stderr
    assert "did you mean" not in result.stderr
    assert not (tmp_path / "out" / "pkg").exists()
