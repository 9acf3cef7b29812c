"""`check`'s comparison of a freshly rendered package with the one on disk: every kind of
drift, read without following a symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Made by Python and mypy beside the modules; never part of the package.
IGNORED = frozenset({"__pycache__", ".mypy_cache"})


def differences(expected: Path, actual: Path) -> list[str]:
    """What differs between a rendered tree and the one on disk, one line each, sorted by
    path: `+ path` (missing on disk), `- path` (on disk, not generated), `~ path` (its bytes
    differ), `~ path (a directory on disk, a file expected)` and the like when the kind
    differs (a symlink is a kind of its own, never followed). A `__pycache__` or `.mypy_cache`
    on disk is ignored. The output itself missing, or not a directory, is one line."""
    kind = _kind(actual)
    if kind is None:
        return [f"+ {actual.name}/ (missing on disk)"]
    if kind != "a directory":
        return [f"~ {actual.name} ({kind} on disk, a directory expected)"]
    out: list[str] = []
    _walk(expected, actual, "", out)
    return out


def _walk(expected: Path, actual: Path, prefix: str, out: list[str]) -> None:
    want = {e.name: e for e in os.scandir(expected)}
    have = {e.name: e for e in os.scandir(actual) if e.name not in IGNORED}
    for name in sorted(want.keys() | have.keys()):
        path = f"{prefix}{name}"
        if name not in have:
            out.append(f"+ {path}" + ("/" if want[name].is_dir(follow_symlinks=False) else ""))
            continue
        if name not in want:
            out.append(f"- {path}" + ("/" if have[name].is_dir(follow_symlinks=False) else ""))
            continue
        wanted, found = _kind(Path(want[name].path)), _kind(Path(have[name].path))
        if wanted != found:
            out.append(f"~ {path} ({found} on disk, {wanted} expected)")
        elif wanted == "a directory":
            _walk(Path(want[name].path), Path(have[name].path), f"{path}/", out)
        elif not _same_bytes(Path(want[name].path), Path(have[name].path)):
            out.append(f"~ {path}")


def _kind(path: Path) -> str | None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file"


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if os.lstat(a).st_size != os.lstat(b).st_size:
            return False
        with open(a, "rb") as left, open(b, "rb") as right:
            while True:
                chunk = left.read(1 << 16)
                if chunk != right.read(1 << 16):
                    return False
                if not chunk:
                    return True
    except OSError:  # unreadable: it cannot be shown to be the same
        return False
