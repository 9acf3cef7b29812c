"""`python -m generator diff` as a command: formats, `--fail-on` with and without an ignore
file, `--root` against `--all`, and what it refuses (one line, exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.changes_update import CHANGES, argv, run
from tests.conftest import ROOT

# Readers break (values added to an enum); the reverse breaks writers only.
READERS = "enum_values_added"
# Nothing breaks either way... but `deprecated_removed` forward is this case reversed.
NEITHER = "deprecated_added"


def diff(case: str, *extra: str, reverse: bool = False, fmt: str = "json") -> tuple[int, str, str]:
    return run([*argv(case, fmt, reverse=reverse), *extra])


def ids(case: str, *, reverse: bool = False) -> list[str]:
    code, out, _ = diff(case, reverse=reverse)
    assert code == 0
    return [c["id"] for c in json.loads(out)["changes"]]


def test_json_and_markdown() -> None:
    code, out, err = diff(READERS, fmt="json")
    assert code == 0 and err == ""
    assert json.loads(out)["summary"]["breaking_readers"] == 2
    code, out, err = diff(READERS, fmt="markdown")
    assert code == 0 and err == ""
    assert out.startswith("### Model changes: 1.0.0 (sha256 ")
    assert "| `Status` | - | enum values added: pending |" in out


def test_markdown_is_the_default() -> None:
    args = argv(READERS, "json")
    code, out, _ = run(args[: args.index("--format")])
    assert code == 0 and out.startswith("### Model changes")


@pytest.mark.parametrize(
    ("case", "reverse", "fail_on", "expected"),
    [
        (READERS, False, "readers", 1),
        (READERS, False, "writers", 0),
        (READERS, False, "any", 1),
        (READERS, True, "readers", 0),
        (READERS, True, "writers", 1),
        (READERS, True, "any", 1),
        (NEITHER, False, "any", 0),
        (NEITHER, True, "any", 0),
    ],
)
def test_fail_on(case: str, reverse: bool, fail_on: str, expected: int) -> None:
    code, out, err = diff(case, "--fail-on", fail_on, reverse=reverse)
    assert code == expected
    json.loads(out)  # the report is written all the same
    if expected:
        assert len(err.splitlines()) == 1
        assert f"break {fail_on}" in err and f"first: {ids(case, reverse=reverse)[0]}" in err
    else:
        assert err == ""


def test_fail_on_ignores_the_ids_of_the_ignore_file(tmp_path: Path) -> None:
    first, second = ids(READERS)
    ignore = tmp_path / "ignore.txt"
    ignore.write_text(f"# reviewed\n{first}  # a comment after an id\n\n", encoding="utf-8")
    code, _, err = diff(READERS, "--fail-on", "readers", "--ignore", str(ignore))
    assert code == 1 and f"1 change(s) break readers; first: {second}" in err
    ignore.write_text(
        f"{first}\n   {second}   \n# {first} again, commented out\n", encoding="utf-8"
    )
    code, _, err = diff(READERS, "--fail-on", "readers", "--ignore", str(ignore))
    assert (code, err) == (0, "")
    # An id that is only in a comment ignores nothing.
    ignore.write_text(f"# {first}\n# {second}\n", encoding="utf-8")
    assert diff(READERS, "--fail-on", "readers", "--ignore", str(ignore))[0] == 1


def test_an_ignore_file_that_cannot_be_read(tmp_path: Path) -> None:
    code, out, err = diff(READERS, "--fail-on", "any", "--ignore", str(tmp_path / "missing"))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "ignore file" in err and len(err.splitlines()) == 1


def _classes(case: str, *extra: str) -> set[str]:
    old, new = CHANGES / case / "old.yaml", CHANGES / case / "new.yaml"
    code, out, err = run(["diff", str(old), str(new), "--no-config", "--no-cache",
                          "--format", "json", *extra])  # fmt: skip
    assert code == 0, err
    return {c["class"] for c in json.loads(out)["changes"]}


def test_root_reports_what_the_roots_reach_and_all_every_schema() -> None:
    # Owner reaches Bird, Cat and Dog through its property; the Pet alias is not reached.
    assert _classes("union_members_by_ref", "--root", "Owner") == {"Bird", "Owner"}
    assert _classes("union_members_by_ref", "--all") == {"Bird", "Owner", "Pet"}
    assert _classes("union_members_by_ref", "--root", "Pet") == {"Bird", "Pet"}


def test_a_root_missing_in_one_spec() -> None:
    """A root one spec does not define shows as added (or removed); a spec that defines none of
    the roots is refused."""
    assert _classes("schema_added", "--root", "Pet", "--root", "Owner") == {"Owner"}
    old, new = CHANGES / "schema_added" / "old.yaml", CHANGES / "schema_added" / "new.yaml"
    code, out, err = run(["diff", str(old), str(new), "--no-config", "--no-cache",
                          "--root", "Owner"])  # fmt: skip
    assert code == 2 and out == ""
    assert err == f"error: {old}: defines none of the roots (Owner)\n"


def test_not_an_openapi_document(tmp_path: Path) -> None:
    """Refused in a process of its own: exit 2, one line, nothing on stdout."""
    other = tmp_path / "other.yaml"
    other.write_text("name: not a spec\nitems: [1, 2]\n", encoding="utf-8")
    new = CHANGES / READERS / "new.yaml"
    for pair in ([other, new], [new, other]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "diff",
                *map(str, pair),
                "--all",
                "--no-config",
                "--no-cache",
            ],  # fmt: skip
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"error: {other}") and len(done.stderr.splitlines()) == 1
