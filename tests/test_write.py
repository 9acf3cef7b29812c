"""The write stage: what ends up on disk, and that nothing else does (no half-written package,
no scratch left behind, nothing written by `check`), whatever goes wrong."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator import format, pipeline, write, write_lock
from generator.config import Settings
from tests.conftest import ROOT, mark_generated

SMALL_SPEC = ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def make(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def settings(out: Path) -> Settings:
    return Settings(SMALL_SPEC, ("Session",), out, "pkg")


# -- the folders -------------------------------------------------------------------------------


def test_staging_is_beside_the_output_and_removed_afterwards(tmp_path: Path) -> None:
    out = tmp_path / "out" / "pkg"
    with pytest.raises(RuntimeError), write.staging(out) as folder:
        assert folder.parent == out.parent  # the same file system: the swap is a rename
        (folder / "f").write_text("x")
        raise RuntimeError("a failing stage")
    assert list(out.parent.iterdir()) == []


def test_scratch_is_in_the_temporary_folder_and_removed_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError), write.scratch() as folder:
        assert folder.parent == tmp_path
        (folder / "f").write_text("x")
        raise RuntimeError("a failing stage")
    assert list(tmp_path.iterdir()) == []


# -- the swap ----------------------------------------------------------------------------------


def test_replace_dir_swaps_the_trees(tmp_path: Path) -> None:
    out = make(tmp_path / "pkg", {"same.py": "x = 1\n", "changed.py": "old\n", "gone.py": "g\n"})
    new = make(tmp_path / ".stage" / "pkg", {"same.py": "x = 1\n", "changed.py": "new\n"})
    expected = tree(new)
    write.replace_dir(new, out)
    assert tree(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [".stage", "pkg"]  # no old tree left
    assert not new.exists()


@pytest.mark.parametrize("scheme", ["exchange", "renames"])
def test_a_failed_swap_puts_the_old_tree_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    out = make(tmp_path / "pkg", {"a.py": "old a\n"})
    new = make(tmp_path / ".stage" / "pkg", {"a.py": "new a\n"})
    real = os.rename

    def failing(source: str | Path, target: str | Path) -> None:
        if Path(source) == new:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "rename", failing)
    monkeypatch.setattr(write, "_exchange", lambda new, out: False)  # no exchange: two renames
    if scheme == "renames":
        monkeypatch.setenv(write.TEST_SWAP, "renames")
    with pytest.raises(OSError):
        write.replace_dir(new, out)
    assert tree(out) == {"a.py": b"old a\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".stage", "pkg"]
    assert tree(tmp_path / ".stage") == {"pkg/a.py": b"new a\n"}  # no backup left


@pytest.mark.skipif(write._renameat2() is None, reason="no renameat2 on this system")
def test_the_swap_is_one_exchange_where_the_system_has_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = make(tmp_path / "pkg", {"a.py": "old a\n"})
    new = make(tmp_path / ".stage" / "pkg", {"a.py": "new a\n"})

    def no_rename(source: str | Path, target: str | Path) -> None:
        raise AssertionError("renamed instead of exchanged")

    monkeypatch.setattr(os, "rename", no_rename)
    write.replace_dir(new, out)
    assert tree(out) == {"a.py": b"new a\n"} and not new.exists()


# -- the pipeline ------------------------------------------------------------------------------


def test_generate_replaces_a_package_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    make(out / "pkg", {"stale.py": "x = 1\n"})
    mark_generated(out / "pkg")
    pipeline.generate(settings(out))
    first = tree(out / "pkg")
    assert "stale.py" not in first and "session.py" in first
    pipeline.generate(settings(out))
    assert tree(out / "pkg") == first
    assert [p.name for p in out.iterdir()] == ["pkg"]


@pytest.mark.parametrize("check_only", [False, True])
def test_a_failing_stage_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_only: bool
) -> None:
    out = tmp_path / "out"
    make(out / "pkg", {"session.py": "an older generation\n"})
    before = tree(out)

    def failing(root: Path) -> None:
        assert (root / "session.py").is_file()  # rendered, not yet formatted
        raise RuntimeError("ruff crashed")

    monkeypatch.setattr(format, "format_tree", failing)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(RuntimeError):
        pipeline.generate(settings(out), check_only=check_only)
    assert tree(out) == before and [p.name for p in out.iterdir()] == ["pkg"]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_check_renders_elsewhere_and_compares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    pipeline.generate(settings(out))
    package = out / "pkg"
    (package / "session.py").write_text("changed\n")
    (package / "stray.py").write_text("x = 1\n")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in package.iterdir()}
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report = pipeline.generate(settings(out), check_only=True)
    assert report.differences == ["~ session.py", "- stray.py"]  # sorted by path
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in package.iterdir()} == before
    assert [p.name for p in out.iterdir()] == ["pkg"]
    assert list((tmp_path / "tmp").iterdir()) == []


# -- what interrupted runs left ----------------------------------------------------------------


def leftover(parent: Path, suffix: str, files: dict[str, str], marked: bool = True) -> Path:
    folder = make(parent / f".pkg.tmp-{suffix}", files)
    folder.mkdir(exist_ok=True)
    if marked:
        (folder / write.MARK).write_text(write.MARK_TEXT)
    return folder


def test_recover_removes_marked_staging_folders_and_nothing_else(tmp_path: Path) -> None:
    out = make(tmp_path / "pkg", {"a.py": "current\n"})
    leftover(tmp_path, "aaaaaaaa", {"pkg/a.py": "half-rendered\n"})
    leftover(tmp_path, "bbbbbbbb", {"pkg/a.py": "the old one, after an exchange\n"})
    leftover(tmp_path, "cccccccc", {}, marked=False)  # killed before its mark: empty, removed
    foreign = leftover(tmp_path, "dddddddd", {"keep.txt": "not ours\n"}, marked=False)
    similar = make(tmp_path / ".pkg.tmp-toolong12", {"keep.txt": "not our pattern\n"})
    (similar / write.MARK).write_text("x")
    elsewhere = make(tmp_path / "elsewhere", {"keep.txt": "a symlink's target\n"})
    (elsewhere / write.MARK).write_text("x")
    (tmp_path / ".pkg.tmp-eeeeeeee").symlink_to(elsewhere)  # never followed
    other = leftover(tmp_path, "ffffffff", {}).rename(tmp_path / ".other.tmp-ffffffff")
    write.recover(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["pkg", foreign.name, similar.name, "elsewhere", ".pkg.tmp-eeeeeeee", other.name]
    )
    assert tree(out) == {"a.py": b"current\n"}
    assert tree(elsewhere) == {"keep.txt": b"a symlink's target\n", write.MARK: b"x"}


def test_recover_puts_back_the_old_package_left_between_the_renames(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    leftover(tmp_path, "aaaaaaaa", {"pkg/a.py": "new\n", f"{write.BACKUP}/a.py": "old\n"})
    write.recover(out)
    assert tree(out) == {"a.py": b"old\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_the_output_must_be_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "pkg").write_text("a file where the package goes\n")
    with pytest.raises(write.GeneratorError, match="the output is not a directory"):
        pipeline.generate(settings(out))
    (out / "pkg").unlink()
    (out / "pkg").symlink_to(tmp_path)
    with pytest.raises(write.GeneratorError, match="the output is a symlink"):
        pipeline.generate(settings(out))
    assert sorted(p.name for p in out.iterdir()) == ["pkg"] and (out / "pkg").is_symlink()


def test_clear_scratch_removes_only_abandoned_check_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    abandoned = make(tmp_path / f"{write.SCRATCH_PREFIX}aaaaaaaa", {"pkg/a.py": "x\n"})
    (abandoned / write.MARK).write_text(write.MARK_TEXT)
    live = make(tmp_path / f"{write.SCRATCH_PREFIX}bbbbbbbb", {"pkg/a.py": "x\n"})
    (live / write.MARK).write_text(write.MARK_TEXT)
    held = write_lock.hold(live / write.MARK)
    fresh = tmp_path / f"{write.SCRATCH_PREFIX}cccccccc"  # being made right now: no mark yet
    fresh.mkdir()
    (fresh / write.NEW_MARK).write_text(write.MARK_TEXT)
    stale = tmp_path / f"{write.SCRATCH_PREFIX}dddddddd"  # killed before its mark, long ago
    stale.mkdir()
    (stale / write.NEW_MARK).write_text(write.MARK_TEXT)  # killed before it was locked
    os.utime(stale, (time.time() - 2 * write.UNMARKED_GRACE,) * 2)
    unrelated = make(tmp_path / "something-else", {"a": "x\n"})
    try:
        write.clear_scratch()
    finally:
        write_lock.release(held)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, fresh.name, unrelated.name]
    )
    write.clear_scratch()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, unrelated.name])


def test_a_check_folder_named_after_a_run_that_is_gone_is_removed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scratch folder's name carries its run's pid: when that process no longer exists, the
    folder goes at once, even if the run was killed before its mark was locked (a fresh `.new`
    mark, which a live run's folder also has for a moment, is otherwise kept for a grace
    period). A live run's folder of that kind stays."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = tmp_path / f"{write.SCRATCH_PREFIX}{dead_pid}-aaaaaaaa"
        dead.mkdir()
        (dead / write.NEW_MARK).write_text(write.MARK_TEXT)  # killed before it was locked
        live = tmp_path / f"{write.SCRATCH_PREFIX}{sleeper.pid}-bbbbbbbb"
        live.mkdir()
        (live / write.NEW_MARK).write_text(write.MARK_TEXT)  # being made right now
        write.clear_scratch()
        assert sorted(p.name for p in tmp_path.iterdir()) == [live.name]
    finally:
        sleeper.kill()
        sleeper.wait()
    # A check run names its folder so.
    with write.scratch() as folder:
        assert folder.name.startswith(f"{write.SCRATCH_PREFIX}{os.getpid()}-")


# -- check: every kind of drift ----------------------------------------------------------------


def drift(package: Path, kind: str) -> None:
    session = package / "session.py"
    if kind == "changed":
        session.write_text("changed\n")
    elif kind == "added":
        (package / "stray.py").write_text("x = 1\n")
    elif kind == "added directory":
        make(package / "sub", {"m.py": "x = 1\n"})
    elif kind == "removed":
        session.unlink()
    elif kind == "module is a directory":
        session.unlink()
        session.mkdir()
    elif kind == "module is a symlink":
        target = package.parent / "elsewhere.py"
        target.write_bytes(session.read_bytes())  # the same bytes, behind a symlink
        session.unlink()
        session.symlink_to(target)
    elif kind == "py.typed is a directory":
        (package / "py.typed").unlink()
        (package / "py.typed").mkdir()
    elif kind == "pycache":
        make(package / "__pycache__", {"session.cpython-310.pyc": "bytes"})
    elif kind == "missing":
        shutil.rmtree(package)
    elif kind == "a file":
        shutil.rmtree(package)
        package.write_text("not a package\n")
    elif kind == "a symlink":
        package.rename(package.parent / "real")
        package.symlink_to(package.parent / "real")


DRIFT = {
    "changed": ["~ session.py"],
    "added": ["- stray.py"],
    "added directory": ["- sub/"],
    "removed": ["+ session.py"],
    "module is a directory": ["~ session.py (a directory on disk, a file expected)"],
    "module is a symlink": ["~ session.py (a symlink on disk, a file expected)"],
    "py.typed is a directory": ["~ py.typed (a directory on disk, a file expected)"],
    "pycache": [],
    "missing": ["+ pkg/ (missing on disk)"],
    "a symlink": ["~ pkg (a symlink on disk, a directory expected)"],
}


@pytest.mark.parametrize("kind", DRIFT)
def test_check_reports_every_kind_of_drift(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    pipeline.generate(settings(out))
    drift(out / "pkg", kind)
    assert pipeline.generate(settings(out), check_only=True).differences == DRIFT[kind]


def test_check_refuses_an_output_that_is_a_file(tmp_path: Path) -> None:
    """Refused before anything runs (`pipeline._check_target`, exit 2), as `generate` is; the
    comparison itself would report it too."""
    out = tmp_path / "out"
    pipeline.generate(settings(out))
    drift(out / "pkg", "a file")
    with pytest.raises(write.GeneratorError, match="the output is not a directory"):
        pipeline.generate(settings(out), check_only=True)
    assert write.differences(tmp_path, out / "pkg") == [
        "~ pkg (a file on disk, a directory expected)"
    ]


def test_a_folder_that_fills_again_while_removed_stays_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed run's `ruff` outlives it and may write into its staging folder while the next
    run removes it: the folder keeps its mark until nothing else is in it."""
    folder = leftover(tmp_path, "aaaaaaaa", {"pkg/a.py": "x\n"})
    real = os.unlink

    def writing_again(path: str | Path, *, dir_fd: int | None = None) -> None:
        real(path, dir_fd=dir_fd)
        if Path(path).name == write.MARK:
            (folder / "late.py").write_text("written by an orphaned ruff\n")

    monkeypatch.setattr(os, "unlink", writing_again)
    write.remove(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([write.MARK, "late.py"])
    monkeypatch.undo()
    write.remove(folder)
    assert not folder.exists()
