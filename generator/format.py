"""Stage 5: format the rendered package with ruff (the pinned version)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import GeneratorError

# Independent of any project's own ruff settings: the output is the same wherever it is written.
RUFF_SETTINGS = [
    "--isolated",
    "--no-cache",
    "--config=line-length=100",
    "--config=target-version='py310'",
]


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):  # pragma: no cover - ruff is a dependency
        raise GeneratorError("ruff is not installed (pip install ruff)") from None


def format_tree(root: Path) -> None:
    """Format every file below `root`.

    No `ruff check` runs here: the renderer writes exact, sorted imports and nothing else
    that the rule set (E, W, F, I, UP, B) could flag, and the test suite holds the output of
    every spec it knows (the pinned one, six older ones, one small spec per construct) to a
    clean `ruff check` and `mypy --strict`. A second pass over 13 MB of code on every run
    would cost about a fifth of a whole-spec generation."""
    command = [ruff_binary(), "format", "--quiet", *RUFF_SETTINGS, str(root)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise GeneratorError("internal error: ruff format failed on the generated code")
