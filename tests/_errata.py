"""Shared by the errata tests: running the command in-process on the fixtures, reading its
outcome, and `apply_overlay`, which applies a proposal with the project's overlay engine, to
check that a proposal does what it says."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from generator import cli, errata
from generator.errata_groups import Outcome
from generator.errata_proposal import to_yaml
from generator.overlay import apply_overlays

FIXTURES = Path(__file__).resolve().parent / "errata_fixtures"
FIXTURE_SPEC = FIXTURES / "spec.yaml"
PAYLOADS = FIXTURES / "payloads"


def run(*options: str | Path, spec: Path = FIXTURE_SPEC) -> Outcome:
    settings = [] if "--config" in options else ["--no-config"]  # never the repository's
    args = cli.parser().parse_args(["errata", *settings, "--spec", str(spec), *map(str, options)])
    return errata.run(args)


def groups_of(outcome: Outcome) -> dict[tuple[str, str, str | None, str], tuple[str, list[str]]]:
    """(kind, declaring pointer, property, path below it) -> (verdict, evidence ids)."""
    return {(g.kind, g.where, g.prop, g.rest): (g.verdict, g.ids) for g in outcome.groups}


def actions(outcome: Outcome) -> list[dict[str, Any]]:
    """The proposed actions without their descriptions (checked apart)."""
    return [{k: v for k, v in a.items() if k != "description"} for a in outcome.proposal["actions"]]


S = "/components/schemas"


def apply_overlay(spec: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec with a proposed overlay applied by the project's own engine
    (`generator.overlay`, which is strict about compatible updates)."""
    out = copy.deepcopy(spec)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposal.yaml"
        path.write_text(to_yaml(overlay), encoding="utf-8")
        apply_overlays(out, [path])
    return out
