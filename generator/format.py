"""Stage 5: format the rendered package with ruff (the pinned version) and check it lints clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import GeneratorError

# The rule set the generated code is held to; independent of any project's own ruff settings.
RUFF_SETTINGS = [
    "--isolated",
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
    """Fix what ruff can fix (unused imports, import order), format, then require a clean check."""
    ruff = ruff_binary()
    _run(
        [
            ruff,
            "check",
            "--fix",
            "--quiet",
            f"--select={RULES}",
            *RUFF_SETTINGS,
            "--exit-zero",
            str(root),
        ]
    )
    _run([ruff, "format", "--quiet", *RUFF_SETTINGS, str(root)])
    result = _run(
        [ruff, "check", "--quiet", f"--select={RULES}", *RUFF_SETTINGS, str(root)], check=False
    )
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
