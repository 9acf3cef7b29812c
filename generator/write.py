"""Stage 6: write the package atomically, or compare it with what is on disk.

`generate` holds the output's lock (`write_lock`), clears what an interrupted run left
(`recover`), renders into a folder staged beside the package (`staging`: the same file
system) and swaps it in (`replace_dir`): one atomic exchange where the system has one (Linux
`renameat2(RENAME_EXCHANGE)`), else two renames, the old package kept in the staging folder
until the new one is in place, so that the next run puts it back if the second rename never
happened. `check` renders into a temporary folder elsewhere (`scratch`) and compares
(`write_compare.differences`), so it never touches the output.

Every folder a run creates holds the file `MARK`: a later run removes a leftover only when
its name has the run's pattern, it is a real folder (not a symlink) and it holds that mark (or
nothing at all). Nothing is ever followed through a symlink."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import write_lock
from .errors import GeneratorError, Location
from .write_compare import differences

__all__ = ["differences", "recover", "replace_dir", "scratch", "staging", "write_file"]

MARK = ".openai-dataclass-generator"
NEW_MARK = MARK + ".new"  # a scratch folder's mark, until it is locked
MARK_TEXT = "A folder of a run of openai-dataclass-generator; a later run removes it.\n"
BACKUP = ".old"  # the old package, in the staging folder, during a swap by two renames
SCRATCH_PREFIX = "openai-dataclass-generator-check-"
SUFFIX = r"[a-z0-9_]{8}"  # what `tempfile.mkdtemp` appends
# A scratch folder without its mark is one being made right now, or one whose run was killed
# within the microseconds before its mark was locked: removed (if empty but for the mark being
# made) after this.
UNMARKED_GRACE = 60.0

# For the tests only (tests/test_faults.py): `renames` makes the swap use two renames even
# where an exchange is possible; with TEST_PAUSE set to a path, the run creates that file
# between the two renames (or right after the exchange) and sleeps, so that a test can kill it
# exactly there.
TEST_SWAP = "OPENAI_DATACLASS_GENERATOR_TEST_SWAP"
TEST_PAUSE = "OPENAI_DATACLASS_GENERATOR_TEST_PAUSE"


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A scratch directory beside `out` (same file system, so the swap is a rename), made and
    used under the output's lock, and removed afterwards whatever happens."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeneratorError(
            f"cannot create output directory: {exc.strerror}", Location(str(parent))
        ) from None
    clear_scratch()
    with write_lock.output_lock(out):
        recover(out)
        _refuse_non_directory(out)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
        try:
            (folder / MARK).write_text(MARK_TEXT, encoding="utf-8")
            yield folder
        finally:
            remove(folder)


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory in the system's temporary folder (for `check`, which must leave
    the output as it is), removed afterwards whatever happens. Its mark is locked while the run
    lives, so that a later run can tell an abandoned one (`clear_scratch`)."""
    clear_scratch()
    # Its name carries the run's pid: a later run removes the folder of a run that no longer
    # exists at once, whatever moment the kill came at (before its mark was locked, too).
    prefix = f"{SCRATCH_PREFIX}{os.getpid()}-"
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=temporary_folder()))
    held = None
    try:
        # Locked before it takes its name: no other run ever sees the mark unlocked.
        (path / NEW_MARK).write_text(MARK_TEXT, encoding="utf-8")
        held = write_lock.hold(path / NEW_MARK)
        os.rename(path / NEW_MARK, path / MARK)
        yield path
    finally:
        remove(path)
        write_lock.release(held)


def write_file(root: Path, relative: str, text: str) -> Path:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return target


# -- the swap ----------------------------------------------------------------------------------


def replace_dir(new: Path, out: Path) -> None:
    """Put `new` in the place of `out` and remove the old tree. `new` is in a staging folder
    beside `out` (`new.parent`). With an exchange, `out` is the old package or the new one at
    every instant. With two renames, the old package waits in `new.parent / BACKUP` between
    them; should the run die there, `recover` puts it back. If the second rename fails, the
    old one is renamed back at once."""
    if not os.path.lexists(out):
        os.rename(new, out)
        return
    if os.environ.get(TEST_SWAP) != "renames" and _exchange(new, out):
        _pause()
        shutil.rmtree(new, ignore_errors=True)  # the old package, now
        return
    backup = new.parent / BACKUP
    os.rename(out, backup)
    _pause()
    try:
        os.rename(new, out)
    except OSError:
        os.rename(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _pause() -> None:
    signal = os.environ.get(TEST_PAUSE)
    if signal:
        Path(signal).touch()
        time.sleep(30)


AT_FDCWD = -100
RENAME_EXCHANGE = 2


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # glibc before 2.28, or no C library to load
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes.append(ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _exchange(new: Path, out: Path) -> bool:
    """Exchange the two trees in one step: whether it was done (False: the system or the file
    system has no exchange; nothing changed)."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(new), AT_FDCWD, os.fsencode(out), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(out))


# -- what interrupted runs left ----------------------------------------------------------------


def recover(out: Path) -> None:
    """Clear the staging folders that interrupted runs into `out` left beside it; call with
    the output's lock held (no run is using any of them). If `out` is missing and one of them
    holds the old package between the two renames of a swap, that package is put back."""
    pattern = re.compile(re.escape(f".{out.name}.tmp-") + SUFFIX)
    try:
        names = sorted(os.listdir(out.parent))
    except OSError:
        return
    for name in names:
        folder = out.parent / name
        if not pattern.fullmatch(name) or not _is_dir(folder):
            continue
        if not _is_marked(folder):
            _remove_if_empty(folder)
            continue
        backup = folder / BACKUP
        if not os.path.lexists(out) and _is_dir(backup):
            os.rename(backup, out)
        remove(folder)


def clear_scratch() -> None:
    """Remove the scratch folders of `check` runs that have ended without removing them
    (killed): the user's own, with their mark no longer locked."""
    root = temporary_folder()
    pattern = re.compile(re.escape(SCRATCH_PREFIX) + r"(?:(\d{1,10})-)?" + SUFFIX)
    try:
        names = [n for n in os.listdir(root) if pattern.fullmatch(n)]
    except OSError:
        return
    for name in names:
        folder = root / name
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != getattr(os, "getuid", lambda: -1)():
            continue
        found = pattern.fullmatch(name)
        pid = int(found.group(1)) if found and found.group(1) else None
        age = time.time() - info.st_mtime
        if pid is not None and pid != os.getpid() and not write_lock.pid_alive(pid, age):
            remove(folder)  # its run is gone: marked or not
        elif _is_marked(folder):
            if write_lock.abandoned(folder / MARK):
                remove(folder)
        elif time.time() - info.st_mtime > UNMARKED_GRACE:
            try:
                os.unlink(folder / NEW_MARK)
            except OSError:
                pass
            _remove_if_empty(folder)


def temporary_folder() -> Path:
    """The folder `tempfile` would use, found without its probe: `tempfile.gettempdir()`
    creates and deletes a file there to test it, which a run killed at that moment would leave
    behind, nameless."""
    if tempfile.tempdir is not None:
        return Path(tempfile.tempdir)
    names = [os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")]
    if os.name == "nt":  # pragma: no cover
        names += [r"c:\temp", r"c:\tmp", r"\temp", r"\tmp"]
    else:
        names += ["/tmp", "/var/tmp", "/usr/tmp"]
    for name in names:
        if name and os.path.isdir(name) and os.access(name, os.W_OK | os.X_OK):
            return Path(name).absolute()
    return Path(tempfile.gettempdir())


def remove(folder: Path) -> None:
    """Remove a folder of ours, its mark last: a run killed meanwhile leaves it marked, or
    empty, so that the next run still knows it for its own. The mark goes only once nothing
    else is left (a killed run's `ruff` may still be writing there for a moment), and
    comes back if something appears before the folder is gone."""
    for _ in range(3):
        try:
            names = [name for name in os.listdir(folder) if name != MARK]
        except OSError:
            return
        if not names:
            break
        for name in names:
            path = folder / name
            if _is_dir(path):
                shutil.rmtree(path, ignore_errors=True)  # never follows a symlink
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
    else:
        return  # still busy: left marked, for a later run
    try:
        os.unlink(folder / MARK)
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        os.rmdir(folder)
    except FileNotFoundError:
        pass
    except OSError:
        try:
            (folder / MARK).write_text(MARK_TEXT, encoding="utf-8")
        except OSError:
            pass


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_marked(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / MARK).st_mode)
    except OSError:
        return False


def _remove_if_empty(folder: Path) -> None:
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _refuse_non_directory(out: Path) -> None:
    """The output must be a directory or absent: a file or a symlink in its place is not the
    generator's to replace."""
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        kind = "a symlink"
    elif not stat.S_ISDIR(info.st_mode):
        kind = "not a directory"
    else:
        return
    raise GeneratorError(
        f"the output is {kind}; remove it or choose another --out/--package", Location(str(out))
    )
