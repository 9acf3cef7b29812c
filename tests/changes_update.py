"""Rewrite the change-report golden files: `python -m tests.changes_update [CASE ...]`.

Each case is a folder `tests/changes/<case>/` holding two small hand-written OpenAPI documents,
`old.yaml` and `new.yaml`. This script writes the report of `old -> new` (`report.json`,
`report.md`) and of the reversed pair, `new -> old` (`reversed.json`, `reversed.md`), through
the command line (`python -m generator diff ... --all`, run in this process), exactly as
`tests/test_changes.py` does before comparing. What each report must contain is declared apart,
in `tests/changes/cases.yaml`, which the test checks too: review the diff before committing.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from generator import cli

CHANGES = Path(__file__).resolve().parent / "changes"
# (file stem, reversed?) of the four golden files of a case.
OUTPUTS = (("report", False), ("reversed", True))


def cases() -> list[str]:
    """Every case: the folders of `tests/changes` that hold an `old.yaml`."""
    return sorted(p.parent.name for p in CHANGES.glob("*/old.yaml"))


def argv(case: str, fmt: str, *, reverse: bool = False) -> list[str]:
    """The command line (after `python -m generator`) of one report of one case."""
    old, new = CHANGES / case / "old.yaml", CHANGES / case / "new.yaml"
    if reverse:
        old, new = new, old
    return ["diff", str(old), str(new), "--all", "--no-config", "--no-cache",
            "--format", fmt]  # fmt: skip


def run(args: list[str]) -> tuple[int, str, str]:
    """`python -m generator ARGS` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


def reports(case: str) -> dict[str, str]:
    """File name -> the text it must hold, for the four golden files of `case`."""
    found: dict[str, str] = {}
    for stem, reverse in OUTPUTS:
        for fmt, ext in (("json", "json"), ("markdown", "md")):
            code, out, err = run(argv(case, fmt, reverse=reverse))
            if code != 0:
                raise RuntimeError(f"{case} ({stem}.{ext}): exit {code}: {err.strip()}")
            found[f"{stem}.{ext}"] = out
    return found


def main(names: list[str]) -> int:
    known = cases()
    wanted = names or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    for case in wanted:
        written = reports(case)
        for name, text in written.items():
            (CHANGES / case / name).write_text(text, encoding="utf-8")
        print(f"{case}: wrote {', '.join(written)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
