"""`python -m generator errata`: gather the evidence that the spec is wrong about the API, and
propose an errata overlay for it.

Every JSON example of the spec (see `examples`) and every recorded payload (`--payloads DIR`)
is parsed by the whole-spec package, generated into a temporary folder, strictly and
tolerantly (`errata_models`). Each deviation is traced to the schema that declares the property
it concerns (`errata_locate`); deviations are grouped by that schema, property and kind, and
each group is classified by the conservative rule (`RULE`). The report lists every group; the
proposed overlay (`errata_proposal`) holds actions for the evidence only. Nothing is applied.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import NAME
from .config import Settings, add_arguments, load_settings, settings_file
from .errors import GeneratorError

if TYPE_CHECKING:
    from . import ir, naming
    from .errata_groups import Outcome

__all__ = ["RULE", "configure", "main", "run", "settings_of"]

RULE = """\
Evidence (proposed): a null the schema forbids, seen in a spec example or a recorded payload,
shows that the API sends null (a stale example lacks new fields, it does not invent nulls); a
required property absent from a recorded payload shows that the API omits it.
Stale or unconfirmed (not proposed): a required property absent only from spec examples
(examples lag the schema: one that merely lacks a newly added field is stale documentation);
with --history, an example whose text is the same in an older spec where the property was not
yet required is marked stale.
Listed, not proposed: enum or const values the spec does not list, constraints, objects no
union member takes, forbidden additional properties and wrong types (tolerant parsing already
accepts the first four from newer servers)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """The options of the `errata` subcommand (added by `cli.parser`)."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "Classification:\n" + RULE
    add_arguments(parser)
    parser.add_argument("--spec", help="the OpenAPI document (default: from the settings)")
    overlays = parser.add_mutually_exclusive_group()
    overlays.add_argument(
        "--overlay",
        action="append",
        dest="overlays",
        metavar="PATH",
        help="an Overlay 1.0 document to apply to the spec first (repeatable, applied in order; "
        "replaces the configured 'overlays'): the report then shows what they leave unexplained",
    )
    overlays.add_argument(
        "--no-overlays", action="store_true", help="apply no overlay, not even the configured ones"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse the specs, neither reading nor writing the cache of parsed specs",
    )
    parser.add_argument(
        "--payloads",
        type=Path,
        metavar="DIR",
        help="recorded payloads: *.json / *.jsonl files named <SchemaName>[.anything].json(l), "
        'or holding {"schema": "SchemaName", "payload": ...}',
    )
    parser.add_argument(
        "--history",
        type=Path,
        metavar="DIR",
        help="older specs (*.yaml, *.json; sorted by name, oldest first) to tell stale examples",
    )
    parser.add_argument(
        "--output", type=Path, metavar="FILE", help="write the proposed overlay here (else stdout)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="of the report")


def main(args: argparse.Namespace) -> int:
    """Run the command; print the report, and the proposal unless `--output` takes it."""
    try:
        outcome = run(args)
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    from . import errata_proposal, errata_report

    proposal = errata_proposal.to_yaml(outcome.proposal)
    if args.output is not None:
        try:
            args.output.write_text(proposal, encoding="utf-8")
        except OSError as exc:
            print(f"error: {args.output}: cannot write: {exc.strerror}", file=sys.stderr)
            return 2
    if args.format == "json":
        print(errata_report.as_json(outcome, include_proposal=args.output is None))
    else:
        print(errata_report.as_text(outcome, RULE), end="")
        if args.output is None:
            print("\n# Proposed overlay (nothing is applied):\n" + proposal, end="")
        else:
            print(f"\nProposed overlay written to {args.output}")
    return 0


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings of a run: those of `generate` (overlays included), with `--spec` and the
    overlay options; always the whole spec."""
    overlays = [] if args.no_overlays else args.overlays
    overrides = {"spec": args.spec, "all": True, "overlays": overlays}
    return load_settings(
        settings_file(args), {**overrides, "cache": False if args.no_cache else None}
    )


def run(args: argparse.Namespace) -> Outcome:
    """Everything but the printing."""
    # Imported here: `cli` imports this module for `configure`, and `generate` must not pay
    # for the stages before it starts (see `pipeline`).
    from . import build, errata_groups, errata_proposal, load, naming
    from .errata_locate import Locator
    from .errata_models import Parsers, generated_package
    from .examples import Example, read_payloads, spec_examples

    settings = settings_of(args)
    spec = load.load_spec(settings.spec, settings.cache)
    data = spec.data
    if settings.overlays:  # as `pipeline.generate` does, so that both read the same spec
        from .overlay import apply_overlays

        spec = spec.overlaid(data, apply_overlays(data, settings.overlays))
    model = build.Builder(spec).build([], everything=True)
    names = naming.assign(model)
    extraction = spec_examples(data)
    payloads: list[Example] = []
    if args.payloads is not None:
        resolve, known = _resolver(model, names)
        payloads = read_payloads(args.payloads, resolve, known)
    history = None
    if args.history is not None:
        history = errata_groups.History(args.history, settings.cache)
    with generated_package(settings) as package:
        parsers = Parsers(package, model, names)
        locator = Locator(data, model, names, package.__name__)
        verdicts = [parsers.check(e) for e in [*extraction.examples, *payloads]]
        groups = errata_groups.group(verdicts, locator)
    errata_groups.classify(groups, history)
    actions = errata_groups.propose(groups, locator)
    title = f"Errata for {spec.title} {spec.info_version} (proposed by `{NAME} errata`)"
    proposal = errata_proposal.overlay_document(actions, title, spec.info_version or "0")
    return errata_groups.Outcome(
        settings.spec.as_posix(),
        spec.info_version,
        extraction,
        len(payloads),
        verdicts,
        groups,
        proposal,
        tuple(f"{o.path} ({o.title} {o.version}): {len(o.actions)} actions" for o in spec.overlays),
    )


def _resolver(
    model: ir.Model, names: naming.Names
) -> tuple[Callable[[str], str | None], list[str]]:
    """A function from a component's name or its generated name to the component's name, and
    every such name (for suggestions)."""
    from .resolve import component_pointer

    components = {d.hint.component for d in model.defs if d.hint.owner is None}
    by_name = {names.of[component_pointer(c)]: c for c in components}

    def resolve(name: str) -> str | None:
        return name if name in components else by_name.get(name)

    return resolve, sorted(components | set(by_name))
