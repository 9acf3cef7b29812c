"""Stage 5: format the rendered package with ruff (the pinned version) and check it lints clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import GeneratorError

# The rule set the generated code is held to; independent of any project's own ruff settings.
RUFF_SETTINGS = [
    "--isolated",
    "--no-cache",
    "--config=line-length=100",
    "--config=target-version='py310'",
    # The formatter keeps lines within 100; E501 only flags the rare line that no formatter can
    # break (a long class name deep in a parse method).
    "--config=lint.pycodestyle.max-line-length=120",
]
RULES = "E,W,F,I,UP,B"


def ruff_binary() -> str:
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):  # pragma: no cover - ruff is a dependency
        raise GeneratorError("ruff is not installed (pip install ruff)") from None


def format_tree(root: Path) -> None:
    """Format every file below `root`, then require a clean `ruff check`."""
    ruff = ruff_binary()
    _run([ruff, "format", "--quiet", *RUFF_SETTINGS, str(root)])
    check_tree(root, ruff)


def check_tree(root: Path, ruff: str) -> None:
    """The renderer writes exact, sorted imports, so the check usually passes at once; if ruff
    still finds something it can fix, it is fixed, formatted again and checked once more."""
    lint = [ruff, "check", "--quiet", f"--select={RULES}", *RUFF_SETTINGS]
    first = _run([*lint, "--fix", "--exit-non-zero-on-fix", str(root)], check=False)
    if first.returncode == 0:
        return
    _run([ruff, "format", "--quiet", *RUFF_SETTINGS, str(root)])
    result = _run([*lint, str(root)], check=False)
    if result.returncode != 0:
        raise GeneratorError(
            "internal error: the generated code does not pass ruff check:\n" + result.stdout[-4000:]
        )


def _run(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise GeneratorError(f"internal error: {' '.join(command[:2])} failed")
    return result
