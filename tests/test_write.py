"""The write stage: what ends up on disk, and that nothing else does (no half-written package,
no scratch left behind, nothing written by `check`), whatever goes wrong."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from generator import format, pipeline, write
from generator.config import Settings
from tests.conftest import ROOT

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


def test_a_failed_swap_puts_the_old_tree_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = make(tmp_path / "pkg", {"a.py": "old a\n"})
    new = make(tmp_path / ".stage" / "pkg", {"a.py": "new a\n"})
    real = os.replace

    def failing(source: str | Path, target: str | Path) -> None:
        if Path(source) == new:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        write.replace_dir(new, out)
    assert tree(out) == {"a.py": b"old a\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".stage", "pkg"]


# -- the pipeline ------------------------------------------------------------------------------


def test_generate_replaces_a_package_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    make(out / "pkg", {"stale.py": "x = 1\n"})
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
    assert report.differences == ["- stray.py", "~ session.py"]
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in package.iterdir()} == before
    assert [p.name for p in out.iterdir()] == ["pkg"]
    assert list((tmp_path / "tmp").iterdir()) == []
