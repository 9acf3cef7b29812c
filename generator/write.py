"""Stage 6: write the package atomically, or compare it with what is on disk.

`generate` renders into a folder staged beside the package (`staging`: the same file system)
and swaps it in by renaming (`replace_dir`); `check` renders into a temporary folder elsewhere
(`scratch`) and compares (`differences`), so it never touches the output."""

from __future__ import annotations

import filecmp
import os
import shutil
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


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory in the system's temporary folder (for `check`, which must leave
    the output as it is), removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="openai-dataclass-generator-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_file(root: Path, relative: str, text: str) -> Path:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return target


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
