"""Rewrite the golden files: `python -m tests.golden_update [CASE ...]` (what `make golden` runs).

Each case is a folder `tests/golden/<case>/` holding a small hand-written OpenAPI document
(`spec.yaml`), the root schemas or operations to generate (`roots.txt`, one a line) and the expected
package (`expected/golden_<case>/`). This script regenerates `expected/` with the command line,
exactly as `tests/test_golden.py` does before comparing; review the diff before committing it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parent.parent


def cases() -> list[str]:
    """Every golden case: the folders of `tests/golden` that hold a `spec.yaml`."""
    return sorted(p.parent.name for p in GOLDEN.glob("*/spec.yaml"))


def package(case: str) -> str:
    return f"golden_{case}"


def spec(case: str) -> Path:
    return GOLDEN / case / "spec.yaml"


def selection(case: str) -> list[tuple[str, str]]:
    """What `roots.txt` selects, one a line: a root schema (`Name`), an operation
    (`operation: createThing`) or an operation by method and path (`path: POST /things`), as
    (option, value) pairs of the command line."""
    lines = (GOLDEN / case / "roots.txt").read_text(encoding="utf-8").splitlines()
    found: list[tuple[str, str]] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, colon, value = line.partition(":")
        if colon and kind in ("operation", "path"):
            found.append((f"--{kind}", value.strip()))
        else:
            found.append(("--root", line))
    if not found:
        raise ValueError(f"{case}/roots.txt names no root schema or operation")
    return found


def roots(case: str) -> list[str]:
    """The root schemas of `roots.txt` (its operations aside)."""
    return [value for option, value in selection(case) if option == "--root"]


def expected_dir(case: str) -> Path:
    """The folder that holds the expected package (the `--out` of the case)."""
    return GOLDEN / case / "expected"


def command(case: str, out: Path, verb: str = "generate") -> list[str]:
    """The command line that generates (or checks) one case into `out/golden_<case>`."""
    args = [
        sys.executable,
        "-m",
        "generator",
        verb,
        "--no-config",
        "--spec",
        str(spec(case)),
    ]
    for option, value in selection(case):
        args += [option, value]
    overlay = GOLDEN / case / "overlay.yaml"  # errata applied to the case's spec, if any
    if overlay.is_file():
        args += ["--overlay", str(overlay)]
    return [*args, "--out", str(out), "--package", package(case)]


def generate(case: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(case, out), cwd=ROOT, capture_output=True, text=True, check=False)


def main(argv: list[str]) -> int:
    known = cases()
    wanted = argv or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        print(
            f"unknown golden case(s): {', '.join(unknown)}; known: {', '.join(known)}",
            file=sys.stderr,
        )
        return 2
    failed = 0
    for case in wanted:
        out = expected_dir(case)
        out.mkdir(exist_ok=True)
        result = generate(case, out)
        if result.returncode != 0:
            failed += 1
            print(f"{case}: FAILED (exit {result.returncode})\n{result.stderr}", file=sys.stderr)
            continue
        # Only the package belongs in expected/: drop leftovers (a renamed package, caches).
        for entry in out.iterdir():
            if entry.name != package(case):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        for cache in out.rglob("__pycache__"):
            shutil.rmtree(cache)
        notes = [line for line in result.stderr.splitlines() if line.strip()]
        print(f"{case}: wrote {out.relative_to(ROOT)}/{package(case)}")
        for line in notes:
            print(f"    {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
