"""The command line: `openai-dataclass-generator generate|check|diff|update-spec|fetch-spec|errata`
(also `python -m generator ...`)."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from . import NAME, __version__, check_diff, errata, pipeline, run_report, update_spec
from .changes import command as changes
from .config import add_arguments, load_settings, settings_file
from .errors import GeneratorError
from .spec_pin import fetch, read_pin

# The command's name, in `--help`, `--version` and every message, however it was started.
PROG = NAME


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Generate typed, documented stdlib dataclasses from an OpenAPI 3.x spec.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the models package (atomically)"),
        ("check", "exit 1 if the package on disk differs from what `generate` would write"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--spec", help="the OpenAPI document (YAML or JSON)")
        sub.add_argument("--out", help="the directory that holds the package")
        sub.add_argument("--package", help="the package name")
        _model_options(sub)
        if name == "generate":
            sub.add_argument(
                "--force",
                action="store_true",
                help="replace the output folder even if this tool did not write it, or files "
                "were added to it (they are deleted)",
            )
        if name == "check":
            sub.add_argument(
                "--diff",
                action=argparse.BooleanOptionalAction,
                default=True,
                help="print what differs as a unified diff (the default; at most "
                f"{check_diff.LIMIT} lines), or with --no-diff only the names of the files",
            )
        sub.add_argument(
            "--pyproject",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="write (or not) a minimal pyproject.toml beside the package, in the --out "
            "folder, so that it installs as a path dependency (setting: 'write_pyproject')",
        )
        sub.add_argument(
            "--bracket-names",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="name arrays and objects in the query strings and forms that operations build "
            "with brackets (name[], name[key]), as the OpenAI API reads them, or by OpenAPI's "
            "defaults (setting: 'bracket_names')",
        )
        run_report.add_arguments(sub)
    diff_help = "report what a new spec changes in the generated models, and what it breaks"
    diff = commands.add_parser("diff", help=diff_help, description=diff_help)
    changes.configure(diff)
    _model_options(diff)
    update_help = "pin a new spec (a file or URL), regenerate, and report what changed"
    update = commands.add_parser("update-spec", help=update_help, description=update_help)
    update.add_argument(
        "source", metavar="SOURCE", help="the new spec: a local file or an http(s) URL"
    )
    update.add_argument(
        "--commit", help="the upstream commit of the new spec (recorded in the pin)"
    )
    update.add_argument(
        "--pin", type=Path, help="the pin file (default: the `pin` setting, spec/pin.toml)"
    )
    _model_options(update)
    fetch_spec = commands.add_parser("fetch-spec", help="fill spec/openapi.yaml from the pin")
    fetch_spec.add_argument("--pin", type=Path, default=Path("spec/pin.toml"))
    fetch_spec.add_argument("--dest", type=Path, default=Path("spec/openapi.yaml"))
    fetch_spec.add_argument("--source", help="a local copy to use instead of downloading")
    errata_help = "parse the spec's examples (and recorded payloads); propose an errata overlay"
    errata.configure(commands.add_parser("errata", help=errata_help, description=errata_help))
    return top


def _model_options(sub: argparse.ArgumentParser) -> None:
    """The options that say which models to build: settings, roots, overlays, templates."""
    add_arguments(sub)
    sub.add_argument(
        "--root",
        action="append",
        dest="roots",
        metavar="NAME",
        help="a component schema to generate, with all it references (repeatable); "
        "replaces the configured 'roots' (and 'all')",
    )
    sub.add_argument(
        "--operation",
        action="append",
        dest="operations",
        metavar="ID",
        help="an operation (its operationId) to generate: its parameters, request body, "
        "responses and event stream, with all they reference (repeatable); with --root and "
        "--path, replaces the configured selection",
    )
    sub.add_argument(
        "--path",
        action="append",
        dest="paths",
        metavar="'METHOD /path'",
        help="an operation to generate, by method and path: 'POST /responses' (repeatable)",
    )
    sub.add_argument(
        "--all",
        action="store_true",
        default=None,
        help="generate every component schema and (but for diff) every operation; "
        "overrides 'roots' and --root",
    )
    sub.add_argument(
        "--templates",
        metavar="DIR",
        help="a folder of templates that take precedence over the built-in ones, file by "
        "file (see README, Templates)",
    )
    overlays = sub.add_mutually_exclusive_group()
    overlays.add_argument(
        "--overlay",
        action="append",
        dest="overlays",
        metavar="PATH",
        help="an Overlay 1.0 document to apply to the spec first (repeatable, applied in "
        "order; replaces the configured 'overlays')",
    )
    overlays.add_argument(
        "--no-overlays",
        action="store_true",
        help="apply no overlay, not even the configured ones",
    )
    sub.add_argument(
        "--no-cache",
        action="store_true",
        help="parse the spec, neither reading nor writing the cache of parsed specs",
    )


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # Ctrl-C: the output is as it was (the swap is all or nothing)
        print("error: interrupted (Ctrl-C)", file=sys.stderr)
        return 130


def _main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "errata":
            return errata.main(args)
        if args.command == "fetch-spec":
            print(fetch(read_pin(args.pin), args.dest, args.source or None))
            return 0
        overrides = {
            "spec": getattr(args, "spec", None),
            "roots": args.roots,
            "operations": args.operations,
            "paths": args.paths,
            "out": getattr(args, "out", None),
            "package": getattr(args, "package", None),
            "all": args.all,
            "overlays": [] if args.no_overlays else args.overlays,
            "templates": args.templates,
            "cache": False if args.no_cache else None,
            "write_pyproject": getattr(args, "pyproject", None),
            "bracket_names": getattr(args, "bracket_names", None),
        }
        settings = load_settings(settings_file(args), overrides)
        if args.command == "diff":
            return changes.main(args, settings)
        if args.command == "update-spec":
            pin = args.pin or settings.pin or Path("spec/pin.toml")
            return update_spec.update(args.source, args.commit, pin, settings)
        run_report.check_destination(args)
        run_report.print_settings(args, settings)
        checking = args.command == "check"
        report = pipeline.generate(
            settings,
            check_only=checking,
            diff=checking and args.diff,
            force=not checking and args.force,
        )
        run_report.write_json(args, settings, report)
    except GeneratorError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    target = pipeline.output_dir(settings)
    run_report.print_verbose(args, report)
    if not args.quiet:
        for applied in report.overlays:
            print(
                f"overlay: {applied.path} ({one_line(f'{applied.title} {applied.version}')}): "
                f"{len(applied.actions)} actions applied",
                file=sys.stderr,
            )
        for line in report.renamed:
            print(f"note: {one_line(line)}", file=sys.stderr)
        for line in report.imprecise:
            print(f"imprecise: {one_line(line)}", file=sys.stderr)
    total = sum(report.seconds.values())
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    if args.command == "check":
        if report.differences:
            print(f"{target} is out of date ({len(report.differences)} files differ):")
            for line in report.differences[:MAX_NAMES]:
                print(f"  {line}")
            if len(report.differences) > MAX_NAMES:
                print(f"  ... {len(report.differences) - MAX_NAMES} more files")
            for line in report.diff:
                print(one_line(line))
            print(f"to update it, run: {fix_command(argv)}")
            return 1
        if not args.quiet:
            print(f"{target} is up to date ({report.modules} modules; {total:.2f}s: {stages})")
        return 0
    if not args.quiet:
        print(
            f"wrote {target}: {report.modules} modules, {report.classes} classes, "
            f"{report.aliases} aliases in {total:.2f}s ({stages}); "
            f"imprecise types: {len(report.imprecise) or 'none'}"
        )
        summary = changes.summary_of_replacement(report.previous, report.snapshot, report.identity)
        if summary:
            sys.stdout.write("\n" + summary)
    return 0


# The most file names `check` lists.
MAX_NAMES = 50
# Options of `check` that change only what it prints: not repeated in the command it suggests.
_OUTPUT_ONLY = frozenset({"--diff", "--no-diff", "-q", "--quiet", "-v", "--verbose"})


def fix_command(argv: Sequence[str]) -> str:
    """The command that brings the package up to date after `check` (given `argv`):
    `make generate` in a folder whose Makefile has that target when `check` was given no
    option (`make generate` passes none), otherwise
    `openai-dataclass-generator generate` with the options `check` was given (but those of
    what it prints: `--diff`, `-q`, `-v`, `--report-json FILE`)."""
    options: list[str] = []
    given = iter(argv[argv.index("check") + 1 :])
    for a in given:
        if a == "--report-json":
            next(given, None)
        elif a not in _OUTPUT_ONLY and not a.startswith("--report-json="):
            options.append(a)
    if not options and _makefile_generates(Path("Makefile")):
        return "make generate"
    return shlex.join([PROG, "generate", *options])


def _makefile_generates(makefile: Path) -> bool:
    try:
        text = makefile.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^generate\s*:", text, re.MULTILINE) is not None


def one_line(text: str) -> str:
    """Spec text for the terminal: one line, printable (a newline, a NUL or an escape sequence
    from a spec's names or titles is written as in a string literal, `\\n`)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
