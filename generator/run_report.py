"""What a run says besides its result: `-q/--quiet`, `-v/--verbose`, and the machine-readable
report `--report-json FILE` (README, "Run report", lists its keys)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import NAME, __version__
from .config import Settings
from .errors import GeneratorError, Location
from .pipeline import Report, output_dir

# The report's layout: goes up when a key is removed or changes meaning (new keys may appear).
REPORT_FORMAT = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only errors (and, for check, the files that differ)",
    )
    loudness.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the settings used and each stage's time",
    )
    parser.add_argument(
        "--report-json",
        type=Path,
        metavar="FILE",
        help="write what the run did as JSON: counts, stage times, renames, imprecise constructs",
    )


def check_destination(args: argparse.Namespace) -> None:
    """Refuse a report path that cannot be written before the run starts."""
    path: Path | None = args.report_json
    if path is None:
        return
    if path.is_dir():
        raise GeneratorError("the run report's path is a directory", Location(str(path)))
    if not path.parent.is_dir():
        raise GeneratorError("the run report's folder does not exist", Location(str(path)))


def print_settings(args: argparse.Namespace, settings: Settings) -> None:
    if not args.verbose:
        return
    roots = "all schemas" if settings.everything else ", ".join(settings.roots)
    lines = [
        f"spec {settings.spec}",
        f"roots {roots}",
        f"package {output_dir(settings)}",
        "overlays " + (", ".join(map(str, settings.overlays)) or "none"),
        f"templates {settings.templates or 'built-in'}",
        f"cache {settings.cache or 'off'}",
        f"pyproject.toml {'written' if settings.write_pyproject else 'not written'}",
        f"bracket names {'on' if settings.bracket_names else 'off'}",
    ]
    for line in lines:
        print(f"settings: {_printable(line)}", file=sys.stderr)


def print_verbose(args: argparse.Namespace, report: Report) -> None:
    if not args.verbose:
        return
    for stage, seconds in report.seconds.items():
        print(f"time: {stage} {seconds:.3f}s", file=sys.stderr)


def as_json(command: str, settings: Settings, report: Report) -> dict[str, Any]:
    """The report's data (README, "Run report")."""
    seconds = {stage: round(s, 4) for stage, s in report.seconds.items()}
    seconds["total"] = round(sum(report.seconds.values()), 4)
    return {
        "format": REPORT_FORMAT,
        "generator": {"name": NAME, "version": __version__},
        "command": command,
        "spec": str(settings.spec),
        "package": str(output_dir(settings)),
        "counts": {
            "modules": report.modules,
            "classes": report.classes,
            "aliases": report.aliases,
            "renames": len(report.renamed),
            "imprecise": len(report.imprecise),
            "overlay_actions": sum(len(o.actions) for o in report.overlays),
            "differences": len(report.differences),
        },
        "seconds": seconds,
        "renames": list(report.renamed),
        "imprecise": list(report.imprecise),
        "overlays": [
            {
                "path": str(o.path),
                "sha256": o.sha256,
                "title": o.title,
                "version": o.version,
                "actions": len(o.actions),
            }
            for o in report.overlays
        ],  # fmt: skip
        "differences": list(report.differences),
        "up_to_date": not report.differences if command == "check" else None,
    }


def write_json(args: argparse.Namespace, settings: Settings, report: Report) -> None:
    """The report file, written whole or not at all (a temporary file renamed over it)."""
    path: Path | None = args.report_json
    if path is None:
        return
    text = json.dumps(as_json(args.command, settings, report), indent=2, ensure_ascii=False)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(text + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise GeneratorError(
            f"cannot write the run report: {exc.strerror or exc}", Location(str(path))
        ) from None


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
