"""`check --diff`: what differs between the package on disk and a fresh generation, as a
unified diff (`--- a/<path>` on disk, `+++ b/<path>` as `generate` would write it), within a
budget of lines."""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from .write_compare import IGNORED

# The most diff lines `check` prints; the rest is counted ("... N more lines in M files").
LIMIT = 200


def unified(
    expected: Path, actual: Path, differences: Sequence[str], limit: int = LIMIT
) -> list[str]:
    """The diff of the entries `write_compare.differences` found (`+ path`, `- path`,
    `~ path`), at most `limit` lines, then one line counting what was left out. A new file is
    diffed against `/dev/null` (`--- /dev/null`), a removed one the other way; an entry whose
    kind differs (a directory for a file, a symlink...) has no diff (its line in
    `differences` says it all); a file that is not UTF-8 text is `Binary files ... differ`."""
    shown: list[str] = []
    more_lines = more_files = 0
    for entry in differences:
        mark, _, path = entry.partition(" ")
        if mark == "~" and path.endswith(")"):  # another kind: nothing to diff
            continue
        lines = list(_file_diffs(expected, actual, mark, path.rstrip("/")))
        room = max(limit - len(shown), 0)
        shown += lines[:room]
        if len(lines) > room:
            more_lines += len(lines) - room
            more_files += 1
    if more_lines:
        files = "file" if more_files == 1 else "files"
        shown.append(f"... {more_lines} more lines in {more_files} {files}")
    return shown


def _file_diffs(expected: Path, actual: Path, mark: str, path: str) -> Iterator[str]:
    """The diff lines of one entry: every file below it when it is a directory."""
    new = expected / path if mark != "-" else None
    old = actual / path if mark != "+" else None
    top = new if new is not None else old
    assert top is not None
    if _is_dir(top):
        for below in sorted(_files(top)):
            yield from _file_diffs(expected, actual, mark, f"{path}/{below}")
        return
    before, after = _text(old), _text(new)
    if before is None or after is None:
        yield f"Binary files {_label('a', old, path)} and {_label('b', new, path)} differ"
        return
    labels = _label("a", old, path), _label("b", new, path)
    if not before and not after:  # an empty file, new or removed: difflib says nothing
        yield from (f"--- {labels[0]}", f"+++ {labels[1]}")
        return
    for chunk in difflib.unified_diff(before, after, *labels, lineterm="\n"):
        yield from chunk.rstrip("\n").split("\n")


def _label(side: str, file: Path | None, path: str) -> str:
    return f"{side}/{path}" if file is not None else "/dev/null"


def _text(file: Path | None) -> list[str] | None:
    """The lines of a file (none for a missing one), or None when it is not UTF-8 text; a
    last line without a newline is marked as `diff` does."""
    if file is None:
        return []
    try:
        text = file.read_bytes().decode("utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _files(folder: Path) -> Iterator[str]:
    """The regular files below `folder` (relative paths; symlinks never followed, caches
    ignored)."""
    for entry in os.scandir(folder):
        if entry.name in IGNORED:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from (f"{entry.name}/{below}" for below in _files(Path(entry.path)))
        elif entry.is_file(follow_symlinks=False):
            yield entry.name
