"""The lock that serializes the runs writing one output (`output_lock`), and the liveness
marks of `check`'s scratch folders (`hold`, `abandoned`).

`generate` holds `.<package>.lock`, beside the output, from before it clears what an
interrupted run left until its swap is done: two runs into one output take turns, and a run
never clears another's staging folder. Where `fcntl` exists the lock is `flock` on that file
(the kernel releases it when the process ends, however it ends); elsewhere the file is created
with `O_EXCL` and holds the creator's pid, and a file whose pid no longer runs is stale."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import GeneratorError, Location

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]

# How long a run waits for another one writing the same output before it gives up (exit 2).
# A whole-spec run takes a few seconds; several queued ones, a little longer.
LOCK_TIMEOUT = 120.0
POLL = 0.05
# On a platform without `fcntl`: a lock file older than this is taken as stale when whether
# its pid runs cannot be told.
STALE_AFTER = 600.0


def lock_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


@contextmanager
def output_lock(out: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of `out` (waiting up to `timeout` seconds, `LOCK_TIMEOUT` by default) for
    the body; the lock file is removed when the body ends. Raises `GeneratorError` ("another
    run is writing <out>") when the wait times out."""
    path = lock_path(out)
    deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
    with _flock(path, deadline) if fcntl is not None else _exclusive(path, deadline):
        yield


def _busy(out_lock: Path) -> GeneratorError:
    out = out_lock.with_name(out_lock.name[1 : -len(".lock")])
    return GeneratorError(f"another run is writing {out}")


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o644)
    except OSError as exc:
        raise GeneratorError(
            f"cannot create the lock file: {exc.strerror}", Location(str(path))
        ) from None


@contextmanager
def _flock(path: Path, deadline: float) -> Iterator[None]:
    assert fcntl is not None
    while True:
        fd = _open(path)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise _busy(path) from None
                    time.sleep(POLL)
            # The holder before us removes the file before it lets go: a lock on a file no
            # longer at `path` serializes nothing, so open the new one.
            try:
                current = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            mine = os.fstat(fd)
            if current is None or (current.st_dev, current.st_ino) != (mine.st_dev, mine.st_ino):
                continue
            os.ftruncate(fd, 0)  # a killed holder's pid may be there
            os.write(fd, f"{os.getpid()}\n".encode())
            try:
                yield
            finally:
                # Removed while still held: whoever opened it meanwhile sees it gone, above.
                try:
                    os.unlink(path)
                except OSError:
                    pass
            return
        finally:
            os.close(fd)


@contextmanager
def _exclusive(path: Path, deadline: float) -> Iterator[None]:
    """The fallback without `fcntl`: a lock file created with `O_EXCL`, holding our pid."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        try:
            fd = os.open(path, flags, 0o644)
            break
        except FileExistsError:
            if _stale(path):
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass
                continue
            if time.monotonic() >= deadline:
                raise _busy(path) from None
            time.sleep(POLL)
        except OSError as exc:
            raise GeneratorError(
                f"cannot create the lock file: {exc.strerror}", Location(str(path))
            ) from None
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    finally:
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def _stale(path: Path) -> bool:
    try:
        text = path.read_text(encoding="ascii").strip()
        age = time.time() - path.stat().st_mtime
    except (OSError, UnicodeDecodeError):
        return False  # gone meanwhile, or not ours to judge: wait
    if not text.isdigit():
        return age > STALE_AFTER  # being written, or foreign
    return not pid_alive(int(text), age)


def pid_alive(pid: int, age: float) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would signal the process on Windows
        return age <= STALE_AFTER
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- check's scratch folders ------------------------------------------------------------------


def hold(marker: Path) -> int | None:
    """Lock `marker` (a file this process just created) for as long as the process lives: the
    descriptor, to pass to `release`; None where there is no `fcntl`."""
    if fcntl is None:
        return None
    fd = os.open(marker, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def abandoned(marker: Path) -> bool:
    """Whether the run that made `marker` has ended (no one holds it): only where `fcntl`
    tells; elsewhere a scratch folder is never taken for abandoned."""
    if fcntl is None:
        return False
    try:
        fd = os.open(marker, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # also lets go of the lock, if taken
    return True
