"""Stage 6: write the package atomically, or compare it with what is on disk."""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import GeneratorError, Location


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A scratch directory beside `out` (same file system, so the final rename is atomic),
    removed afterwards whatever happens."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeneratorError(
            f"cannot create output directory: {exc.strerror}", Location(str(parent))
        ) from None
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Where a scratch tree is rendered when it is not written in place: a file system in memory
# when there is one with room (no disk work for files that are only compared or copied).
MEMORY_SCRATCH = Path("/dev/shm")
MEMORY_ROOM = 256 * 1024 * 1024  # bytes free that `/dev/shm` must have to be used


@contextmanager
def scratch() -> Iterator[Path]:
    """A scratch directory off the output's file system (for `check`, and for a package that
    `install` puts in place of an existing one): in `/dev/shm` when it is there with room,
    else in the system's temporary folder. Nothing is ever written beside the output."""
    base = None
    try:
        if shutil.disk_usage(MEMORY_SCRATCH).free >= MEMORY_ROOM and os.access(
            MEMORY_SCRATCH, os.W_OK | os.X_OK
        ):
            base = str(MEMORY_SCRATCH)
    except OSError:
        pass
    path = tempfile.mkdtemp(prefix="openai-dataclass-generator-", dir=base)
    try:
        yield Path(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_file(root: Path, relative: str, text: str) -> Path:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return target


def install(new: Path, out: Path) -> None:
    """Put the tree `new` (on another file system) in the place of the existing tree `out`,
    atomically: it is staged beside `out`, where every file that did not change is a hard
    link to the old file (no new file to create, no old file to delete: regenerating an
    unchanged package of 1,424 modules takes links, not disk writes) and the others are
    copies; then the two trees are swapped by `replace_dir`."""
    with staging(out) as stage_root:
        stage = stage_root / out.name
        for folder, _, files in os.walk(new):
            relative = os.path.relpath(folder, new)
            into = os.path.normpath(os.path.join(stage, relative))
            before = os.path.normpath(os.path.join(out, relative))
            os.makedirs(into, exist_ok=True)
            for name in files:
                source = os.path.join(folder, name)
                target = os.path.join(into, name)
                old = os.path.join(before, name)
                if not _same_content(source, old) or not _linked(old, target):
                    _copy(source, target)
        replace_dir(stage, out)


def _copy(source: str, target: str) -> None:
    """A plain read and write: for small files, cheaper than `shutil.copyfile` (which stats
    both files and copies by `sendfile`)."""
    with open(source, "rb") as data, open(target, "wb") as out:
        out.write(data.read())


def _same_content(path: str, old: str) -> bool:
    """Whether `old` is a regular file with the bytes of `path`."""
    try:
        info = os.lstat(old)
        if not stat.S_ISREG(info.st_mode) or info.st_size != os.stat(path).st_size:
            return False
        with open(old, "rb") as a, open(path, "rb") as b:
            return a.read() == b.read()
    except OSError:
        return False


def _linked(old: str, target: str) -> bool:
    try:
        os.link(old, target, follow_symlinks=False)
        return True
    except OSError:  # a file system without hard links, say
        return False


def replace_dir(new: Path, out: Path) -> None:
    """Put `new` in the place of `out`: two renames, so a reader never sees a half-written tree."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ between two trees, as `+ path`, `- path` or `~ path`."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(f"+ {prefix}{n}" for n in sorted(cmp.left_only))
        out.extend(f"- {prefix}{n}" for n in sorted(cmp.right_only))
        out.extend(f"~ {prefix}{n}" for n in sorted(cmp.diff_files + cmp.funny_files))
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    if not actual.exists():
        return [f"+ {expected.name}/ (missing on disk)"]
    cmp = filecmp.dircmp(str(expected), str(actual), ignore=["__pycache__", ".mypy_cache"])
    # dircmp compares shallowly by stat; force byte comparison.
    walk(_deep(cmp), "")
    return out


def _deep(cmp: filecmp.dircmp[str]) -> filecmp.dircmp[str]:
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    cmp.diff_files = mismatch
    cmp.funny_files = errors
    for sub in cmp.subdirs.values():
        _deep(sub)
    return cmp
