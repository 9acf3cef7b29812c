"""`python -m generator diff OLD_SPEC NEW_SPEC`: the change report of two specs, on the models
the generator builds from each (the configured roots and overlays, unless the command line says
otherwise)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import GeneratorError, Location
from . import compare, report, snapshot


def configure(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("old", metavar="OLD_SPEC", help="the spec the models were generated from")
    sub.add_argument("new", metavar="NEW_SPEC", help="the spec to compare it with")
    sub.add_argument("--format", choices=("markdown", "json"), default="markdown")
    sub.add_argument(
        "--fail-on",
        choices=report.FAIL_ON,
        help="exit 1 when a change breaks readers, writers, or either (`any`), unless ignored",
    )
    sub.add_argument(
        "--ignore",
        type=Path,
        metavar="FILE",
        help="change ids that --fail-on does not count, one per line (`#` comments)",
    )


def main(args: argparse.Namespace, settings: Settings) -> int:
    ignored = report.read_ignore(args.ignore) if args.ignore else set()
    old_snap, old_id = snapshot_of(Path(args.old), settings)
    new_snap, new_id = snapshot_of(Path(args.new), settings)
    result = compare.compare(old_snap, new_snap)
    if args.format == "json":
        sys.stdout.write(report.dumps(report.to_json(result, old_id, new_id)))
    else:
        sys.stdout.write(report.markdown(result, old_id, new_id))
    if args.fail_on:
        failing = report.failing(result, args.fail_on, ignored)
        if failing:
            print(
                f"{len(failing)} change(s) break {args.fail_on}"
                f"{'' if args.fail_on != 'any' else ' readers or writers'}; first: {failing[0].id}",
                file=sys.stderr,
            )
            return 1
    return 0


def snapshot_of(path: Path, settings: Settings) -> tuple[dict[str, Any], dict[str, str]]:
    """The snapshot of the models `settings` generate from the spec at `path`, and the spec's
    identity. Configured roots that the spec does not define are left out (they show as added
    or removed schemas)."""
    from .. import build, layout, load, naming, overlay

    spec = load.load_spec(path, settings.cache)
    if settings.overlays:
        spec = spec.overlaid(spec.data, overlay.apply_overlays(spec.data, settings.overlays))
    roots = [r for r in settings.roots if r in spec.schemas]
    if settings.roots and not roots and not settings.everything:
        raise GeneratorError(
            f"defines none of the roots ({', '.join(settings.roots)})", Location(str(path))
        )
    model = build.Builder(spec).build(roots, everything=settings.everything)
    names = naming.assign(model)
    plan = layout.plan(model, names)
    identity = {"spec_sha256": spec.sha256, "info_version": spec.info_version}
    return snapshot.snapshot(model, names, plan, spec.data), identity


# The most rows of the summary `generate` prints (`diff` prints them all).
SUMMARY_ROWS = 40


def summary_of_replacement(
    previous: dict[str, Any] | None, models: dict[str, Any] | None, identity: dict[str, Any]
) -> str | None:
    """The Markdown report `generate` prints when it replaced a package built from another
    spec: the models stored in that package's `_meta.json` against the new ones. None when
    the spec is the same, or there was no package (or one without stored models)."""
    if previous is None or models is None:
        return None
    found = previous.get("spec")
    spec: dict[str, Any] = found if isinstance(found, dict) else {}
    if spec.get("sha256") == identity.get("spec_sha256"):
        return None
    old_models = previous.get("models")
    old_id = {
        "spec_sha256": spec.get("sha256"),
        "info_version": spec.get("info_version"),
        "commit": spec.get("commit"),
    }
    if not isinstance(old_models, dict) or old_models.get("format") != snapshot.FORMAT:
        return (
            "The package replaced was built from another spec "
            f"({report.spec_label(old_id)}), but keeps no models to compare with: "
            "use `diff OLD_SPEC NEW_SPEC` for the change report.\n"
        )
    result = compare.compare(old_models, models)
    return report.markdown(result, old_id, identity, limit=SUMMARY_ROWS)
