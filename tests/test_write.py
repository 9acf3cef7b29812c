"""The write stage: what ends up on disk, and that nothing else
does (no half-written package, no scratch left behind), whatever goes wrong."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator import write


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def make(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


# -- install -----------------------------------------------------------------------------------


def test_install_links_unchanged_files_and_copies_the_rest(tmp_path: Path) -> None:
    out = make(tmp_path / "out" / "pkg", {"same.py": "x = 1\n", "changed.py": "old\n", "gone.py": "g\n"})
    new = make(tmp_path / "new" / "pkg", {"same.py": "x = 1\n", "changed.py": "new\n", "added.py": "a\n"})
    same_inode = (out / "same.py").stat().st_ino
    changed_inode = (out / "changed.py").stat().st_ino

    write.install(new, out)

    assert tree(out) == tree(new)
    assert (out / "same.py").stat().st_ino == same_inode  # a link to the old file, not a copy
    assert (out / "same.py").stat().st_nlink == 1  # and the old name is gone
    assert (out / "changed.py").stat().st_ino != changed_inode
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]  # no scratch left


def test_install_handles_subfolders_and_never_follows_a_symlink(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"mod.py": "x = 1\n"})
    out = make(tmp_path / "out" / "pkg", {"sub/keep.py": "k\n"})
    (out / "mod.py").symlink_to(outside / "mod.py")
    new = make(tmp_path / "new" / "pkg", {"sub/keep.py": "k\n", "mod.py": "x = 1\n"})

    write.install(new, out)

    assert tree(out) == tree(new)
    assert not (out / "mod.py").is_symlink()
    assert (out / "mod.py").stat().st_ino != (outside / "mod.py").stat().st_ino
    assert (outside / "mod.py").read_text() == "x = 1\n"  # untouched


def test_install_copies_where_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = make(tmp_path / "out" / "pkg", {"same.py": "x = 1\n"})
    new = make(tmp_path / "new" / "pkg", {"same.py": "x = 1\n"})

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write.install(new, out)
    assert tree(out) == tree(new)


def test_a_failed_install_leaves_the_old_package_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = make(tmp_path / "out" / "pkg", {"a.py": "old a\n", "b.py": "old b\n"})
    new = make(tmp_path / "new" / "pkg", {"a.py": "new a\n", "b.py": "new b\n"})
    before = tree(out)
    copies = 0

    def failing_copy(source: str, target: str) -> None:
        nonlocal copies
        copies += 1
        if copies == 2:
            raise OSError(28, "No space left on device")
        Path(target).write_bytes(Path(source).read_bytes())

    monkeypatch.setattr(write, "_copy", failing_copy)
    with pytest.raises(OSError):
        write.install(new, out)
    assert tree(out) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]


# -- scratch -----------------------------------------------------------------------------------


def test_scratch_is_in_memory_where_possible_and_removed_afterwards() -> None:
    with write.scratch() as path:
        (path / "f").write_text("x")
        where = path
    assert not where.exists()
    memory = write.MEMORY_SCRATCH
    if memory.is_dir() and os.access(memory, os.W_OK):
        if shutil.disk_usage(memory).free >= write.MEMORY_ROOM:
            assert where.parent == memory


def test_scratch_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "MEMORY_SCRATCH", tmp_path / "no-such-folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with write.scratch() as path:
        assert path.parent == tmp_path
    assert not path.exists()
