"""Work shared with a forked helper process: rendering modules, parsing schemas.

The work is cut into small chunks whose numbers wait in a pipe; both processes take the
next number when they are ready (a read of a few bytes from a pipe is atomic), so the faster
process takes more chunks. The helper sends back what it computed and the main process does
the rest (for rendering: only the main process creates files, as two processes creating files
in one directory mostly wait on each other's lock of that directory). Whatever the helper does
not deliver, for any reason, the main process computes itself, so the result never depends on
the helper.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
CHUNK = 16  # modules per chunk: small enough to balance, large enough to keep messages few
_NUMBER = struct.Struct("<I")
_LENGTH = struct.Struct("<Q")
_QUEUE_LIMIT = 4096  # numbers the queue pipe holds surely (16 KiB; a pipe holds 64 KiB)
_RESULT_PIPE = 1 << 20  # lets the helper run ahead of the main process by about 150 modules


def render_and_write(
    names: Sequence[str],
    render: Callable[[str], str],
    write: Callable[[str, str], None],
    parallel: bool = True,
    helper_write: Callable[[str, str], None] | None = None,
    collect: Callable[[str], None] | None = None,
) -> None:
    """`write(name, render(name))` for every name, in two processes when `parallel` and the
    platform can fork; in no particular order.

    With `helper_write` and `collect`, the helper writes what it renders itself
    (`helper_write(name, text)`, into a folder of its own: two processes creating files in one
    folder mostly wait on each other's lock of it, and creating files can be the costly part)
    and the main process calls `collect(name)` for each name the helper reports written (to
    move the file into place). A file the helper wrote but did not report is rendered and
    written again by the main process."""
    if helper_write is None or collect is None:
        Sharing(names, render, parallel).finish(render, write)
        return

    def in_helper(name: str) -> str | None:
        helper_write(name, render(name))
        return None

    def take(name: str, text: str | None) -> None:
        if text is None:
            collect(name)
        else:
            write(name, text)

    Sharing[str | None](names, in_helper, parallel).finish(render, take)


class Sharing(Generic[T]):
    """Work on `names` shared with a forked helper, which starts at once; the main process
    joins in with `finish` when it is ready (after other work of its own, say).

    The helper computes `helper_work(name)` (its result must be marshallable); `finish` runs
    `work` for the chunks the helper did not take or did not deliver, and hands every result to
    `take` in the main process."""

    def __init__(
        self, names: Sequence[str], helper_work: Callable[[str], T], parallel: bool = True
    ) -> None:
        self.names = names
        self.pid = 0
        size = max(CHUNK, -(-len(names) // _QUEUE_LIMIT))
        self.chunks = [names[i : i + size] for i in range(0, len(names), size)]
        if not parallel or not hasattr(os, "fork") or len(names) < 4 * CHUNK:
            self.queue = -1
            return
        self.queue, queue_in = os.pipe()
        os.write(queue_in, b"".join(_NUMBER.pack(i) for i in range(len(self.chunks))))
        os.close(queue_in)
        results_out, results_in = os.pipe()
        _enlarge(results_in)
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the helper process
            code = 1
            try:
                os.close(results_out)
                for chunk in _claimed(self.queue, self.chunks):
                    payload = marshal.dumps([(name, helper_work(name)) for name in chunk])
                    _send(results_in, _LENGTH.pack(len(payload)) + payload)
                code = 0
            finally:
                os._exit(code)
        os.close(results_in)
        self.results = _Results(results_out)

    def delivered(self) -> list[tuple[str, T]]:
        """What the helper has sent so far (without waiting), for a main process that does not
        take chunks itself; it ends the sharing with `cancel`."""
        return self.results.ready() if self.queue >= 0 else []

    def cancel(self) -> None:
        """Stop the helper, if it still runs, and drop what it has not delivered (its work is
        done or no longer needed, or an error ends the run)."""
        if self.queue >= 0:
            os.kill(self.pid, signal.SIGKILL)
            os.close(self.queue)
            self.results.close()
            os.waitpid(self.pid, 0)
            self.queue = -1

    def finish(self, work: Callable[[str], T], take: Callable[[str, T], None]) -> None:
        if self.queue < 0:
            for name in self.names:
                take(name, work(name))
            return
        done: set[str] = set()
        try:
            for chunk in _claimed(self.queue, self.chunks):
                for name in chunk:
                    take(name, work(name))
                    done.add(name)
                for name, value in self.results.ready():
                    take(name, value)
                    done.add(name)
            for name, value in self.results.rest():
                take(name, value)
                done.add(name)
        finally:
            os.close(self.queue)
            self.queue = -1
            self.results.close()  # a helper still sending gets an error and ends
            os.waitpid(self.pid, 0)
        for name in self.names:
            if name not in done:
                take(name, work(name))


def _claimed(queue: int, chunks: list[Sequence[str]]) -> Iterator[Sequence[str]]:
    """The chunks this process takes from the queue, until it is empty."""
    while True:
        number = os.read(queue, _NUMBER.size)
        if len(number) != _NUMBER.size:
            return
        yield chunks[_NUMBER.unpack(number)[0]]


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _enlarge(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _RESULT_PIPE)  # Linux only
    except (ImportError, AttributeError, OSError):
        pass


class _Results:
    """The helper's messages (a length, then a marshalled list of (name, text)), read without
    waiting between chunks and to the end at the end; a malformed message ends the reading."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.broken = False
        os.set_blocking(fd, False)

    def ready(self) -> list[tuple[str, Any]]:
        while not self.broken:
            try:
                data = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if not data:
                break
            self.buffer += data
        return self._messages()

    def rest(self) -> list[tuple[str, Any]]:
        os.set_blocking(self.fd, True)
        while not self.broken:
            data = os.read(self.fd, 1 << 20)
            if not data:
                break
            self.buffer += data
        return self._messages()

    def close(self) -> None:
        os.close(self.fd)

    def _messages(self) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        while not self.broken and len(self.buffer) >= _LENGTH.size:
            length = _LENGTH.unpack_from(self.buffer)[0]
            end = _LENGTH.size + length
            if len(self.buffer) < end:
                break
            try:
                message = marshal.loads(bytes(self.buffer[_LENGTH.size : end]))
                out += [(str(name), value) for name, value in message]
            except (EOFError, ValueError, TypeError):
                self.broken = True
                break
            del self.buffer[:end]
        return out
