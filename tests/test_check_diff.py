"""`check` shows what differs: a unified diff per file (`--- a/<path>` on disk, `+++ b/<path>`
as `generate` would write it; `/dev/null` for a file missing on either side), at most
`check_diff.LIMIT` lines, then how many were left out; `--no-diff` lists the names alone. It
ends with the command that updates the package."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator import check_diff, cli
from tests.conftest import ROOT

SMALL_SPEC = ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"


def options(out: Path) -> list[str]:
    return [
        "--no-config",
        "--spec",
        str(SMALL_SPEC),
        "--root",
        "Session",
        "--out",
        str(out),
    ]


def check(
    capsys: pytest.CaptureFixture[str], out: Path, *extra: str, argv: list[str] | None = None
) -> list[str]:
    """`check`'s output lines (it must exit 1)."""
    capsys.readouterr()
    assert cli.main(["check", *(argv if argv is not None else options(out)), *extra]) == 1
    return capsys.readouterr().out.splitlines()


@pytest.fixture
def drifted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The package generated, then one line changed, one file removed and one added."""
    out = tmp_path / "out"
    assert cli.main(["generate", *options(out), "--package", "openai_models"]) == 0
    package = out / "openai_models"
    session = package / "session.py"
    session.write_text(session.read_text(encoding="utf-8").replace("Models of", "Model of", 1))
    (package / "server_vad.py").unlink()
    (package / "stray.py").write_text("x = 1\n")
    capsys.readouterr()
    return out


def test_a_changed_line_a_missing_file_and_a_stray_one(
    drifted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = check(capsys, drifted)
    package = drifted / "openai_models"
    assert lines[0] == f"{package} is out of date (3 files differ):"
    assert lines[1:4] == ["  + server_vad.py", "  ~ session.py", "  - stray.py"]
    text = "\n".join(lines)
    # generate would add server_vad.py: all its lines, from /dev/null
    added = text.index("--- /dev/null\n+++ b/server_vad.py\n@@ -0,0 +1,")
    # session.py: the one line, both ways
    changed = text.index("--- a/session.py\n+++ b/session.py\n@@ ")
    assert added < changed
    old = [line for line in lines if line.startswith("-") and "Model of" in line]
    new = [line for line in lines if line.startswith("+") and "Models of `Session`" in line]
    assert len(old) == len(new) == 1 and old[0][1:].replace("Model ", "Models ") == new[0][1:]
    # generate would remove stray.py
    assert "--- a/stray.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x = 1" in text
    assert "more lines" not in text
    assert lines[-1] == "to update it, run: openai-dataclass-generator generate " + " ".join(
        options(drifted)
    )


def test_no_diff_lists_the_names_alone(drifted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = check(capsys, drifted, "--no-diff")
    assert lines[1:] == [
        "  + server_vad.py",
        "  ~ session.py",
        "  - stray.py",
        "to update it, run: openai-dataclass-generator generate " + " ".join(options(drifted)),
    ]


def test_the_diff_stops_at_the_limit_and_counts_the_rest(
    drifted: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    package = drifted / "openai_models"
    for path in package.glob("*.py"):  # every line of every file differs
        path.write_text("".join(f"# {line}" for line in path.read_text().splitlines(True)))
    lines = check(capsys, drifted)
    names = [line for line in lines if line.startswith("  ")]
    diff = lines[1 + len(names) : -1]
    # what the whole diff would be, the test's own way: difflib on each file
    fresh = tmp_path / "fresh"
    assert cli.main(["generate", *options(fresh), "--package", "openai_models"]) == 0
    whole: list[str] = []
    counts: list[int] = []
    for name in sorted({p.name for p in package.iterdir()} | {"server_vad.py"}):
        if name == "py.typed":  # empty, unchanged
            continue
        old, new = package / name, fresh / "openai_models" / name
        a = old.read_text().splitlines(True) if old.exists() else []
        b = new.read_text().splitlines(True) if new.exists() else []
        labels = (f"a/{name}" if a else "/dev/null", f"b/{name}" if b else "/dev/null")
        found = [line.rstrip("\n") for line in difflib.unified_diff(a, b, *labels)]
        whole += found
        counts.append(len(found))
    assert len(whole) > check_diff.LIMIT
    assert diff[:-1] == whole[: check_diff.LIMIT]
    cut, seen = 0, 0  # files not shown in full
    for count in counts:
        cut += count > 0 and seen + count > check_diff.LIMIT
        seen += count
    assert diff[-1] == f"... {len(whole) - check_diff.LIMIT} more lines in {cut} files"


def test_another_kind_has_no_diff_and_a_binary_file_is_named(
    drifted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = drifted / "openai_models"
    (package / "session.py").unlink()
    (package / "session.py").mkdir()
    (package / "turn_detection.py").write_bytes(b"\xff\xfe\n")
    lines = check(capsys, drifted)
    assert "  ~ session.py (a directory on disk, a file expected)" in lines
    assert not any("session.py" in line for line in lines if line.startswith(("---", "+++")))
    assert "Binary files a/turn_detection.py and b/turn_detection.py differ" in lines


def project(folder: Path, makefile: str | None) -> None:
    """A project folder: settings naming the small spec, and a Makefile when given."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        f'[tool.openai-dataclass-generator]\nspec = "{SMALL_SPEC}"\nroots = ["Session"]\n'
    )
    if makefile is not None:
        (folder / "Makefile").write_text(makefile)


@pytest.mark.parametrize(
    ("makefile", "argv", "command"),
    [
        ("generate: spec\n\tpython -m generator generate\n", [], "make generate"),
        ("all:\n\ttrue\n", [], "openai-dataclass-generator generate"),
        (None, [], "openai-dataclass-generator generate"),
        # make generate would not pass the options: the console script with them
        ("generate:\n\ttrue\n", ["--no-cache"], "openai-dataclass-generator generate --no-cache"),
        (None, ["--root", "A B"], "openai-dataclass-generator generate --root 'A B'"),
    ],
    ids=["makefile", "no-target", "no-makefile", "options", "quoted"],
)
def test_the_last_line_is_the_command_that_updates_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    makefile: str | None,
    argv: list[str],
    command: str,
) -> None:
    project(tmp_path, makefile)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "generated").mkdir()
    assert cli.fix_command(["check", *argv, "--diff"]) == command
    if not argv:  # and from a real run
        assert check(capsys, tmp_path, argv=[])[-1] == f"to update it, run: {command}"


def test_an_up_to_date_package_prints_no_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert cli.main(["generate", *options(out)]) == 0
    capsys.readouterr()
    assert cli.main(["check", *options(out)]) == 0
    text = capsys.readouterr().out
    assert "up to date" in text and "---" not in text and "run:" not in text


def test_the_folder_missing_is_all_new(tmp_path: Path) -> None:
    """`unified` on its own: a missing folder's files are each new."""
    out = tmp_path / "out"
    assert cli.main(["generate", *options(out)]) == 0
    package = out / "openai_models"
    shutil.copytree(package, tmp_path / "copy" / "sub")
    lines = check_diff.unified(tmp_path / "copy", tmp_path / "nothing", ["+ sub/"], limit=10**6)
    headers = [line for line in lines if line.startswith("+++ ")]
    files = sorted(p.name for p in package.iterdir())
    assert headers == [f"+++ b/sub/{name}" for name in files]
