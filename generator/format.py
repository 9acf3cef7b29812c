"""Stage 5: format the rendered package with ruff (the pinned version), and mark the lines it
could not bring within the line length."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

from .errors import GeneratorError

LINE_LENGTH = 100
# Independent of any project's own ruff settings: the output is the same wherever it is written.
RUFF_SETTINGS = [
    "--isolated",
    "--no-cache",
    f"--config=line-length={LINE_LENGTH}",
    "--config=target-version='py310'",
]


def _die_with_parent(parent: int) -> None:  # pragma: no cover - in the child, before exec
    """Linux: ruff is killed when the run that started it dies (`prctl(PR_SET_PDEATHSIG)`), so
    a killed run leaves no ruff writing on into its staging or scratch folder. A run killed
    before the child set it up (the child's parent is no longer `parent`): the child exits."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    # Where the parent-death signal exists (Linux); elsewhere ruff runs as a plain child.
    setup = functools.partial(_die_with_parent, os.getpid()) if sys.platform == "linux" else None
    return subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=setup)


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):  # pragma: no cover - ruff is a dependency
        raise GeneratorError("ruff is not installed (pip install ruff)") from None


def format_tree(root: Path) -> None:
    """Format every file below `root`, then mark the lines that stay too long.

    No full `ruff check` runs here: the renderer writes exact, sorted imports and nothing else
    that the rule set (E, W, F, I, UP, B) could flag, and the test suite holds the output of
    every spec it knows (the pinned one, six older ones, one small spec per construct) to a
    clean `ruff check` and `mypy --strict`. A second pass over 13 MB of code on every run
    would cost about a fifth of a whole-spec generation; only the rare files with an
    over-long line see `ruff check --add-noqa --select=E501`."""
    command = [ruff_binary(), "format", "--quiet", *RUFF_SETTINGS, str(root)]
    result = _run(command)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise GeneratorError("internal error: ruff format failed on the generated code")
    allow_long_lines(root)


def allow_long_lines(root: Path) -> None:
    """Give `# noqa: E501` to the lines ruff format left longer than the line length: a name or
    a string it cannot split (a long schema or property name, a URL in a docstring). ruff
    itself places the comments (for a line inside a docstring, after the closing quotes), in
    the few files that may have such a line (22 lines in 8 of the 1,424 files of the whole
    OpenAI spec)."""
    long = [str(path) for path in sorted(root.rglob("*.py")) if _may_be_too_long(path)]
    if not long:
        return
    command = [ruff_binary(), "check", "--quiet", "--add-noqa", "--select=E501", *RUFF_SETTINGS]
    result = _run([*command, *long])
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise GeneratorError("internal error: ruff check --add-noqa failed on the generated code")


def _may_be_too_long(path: Path) -> bool:
    """Whether a file may have a line that E501 flags: longer than the line length in UTF-8
    bytes (never less than its width) and of more than one word (ruff leaves a single word
    alone: nothing could shorten it)."""
    lines = path.read_bytes().splitlines()
    if max(map(len, lines), default=0) <= LINE_LENGTH:
        return False
    return any(
        len(line.decode("utf-8").split(None, 1)) > 1 for line in lines if len(line) > LINE_LENGTH
    )
