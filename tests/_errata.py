"""Shared by the errata tests: running the command in-process on the fixtures, reading its
outcome, and `apply_overlay`, a minimal Overlay applier for the target forms the command writes
(strict about compatible updates, as Overlay 1.1.0 spells out), to check that a proposal does
what it says."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator import cli, errata
from generator.errata_groups import Outcome

FIXTURES = Path(__file__).resolve().parent / "errata_fixtures"
FIXTURE_SPEC = FIXTURES / "spec.yaml"
PAYLOADS = FIXTURES / "payloads"


def run(*options: str | Path, spec: Path = FIXTURE_SPEC) -> Outcome:
    args = cli.parser().parse_args(
        [
            "errata",
            "--config",
            str(FIXTURES / "absent-settings.toml"),
            "--spec",
            str(spec),
            *map(str, options),
        ]
    )
    return errata.run(args)


def groups_of(outcome: Outcome) -> dict[tuple[str, str, str | None, str], tuple[str, list[str]]]:
    """(kind, declaring pointer, property, path below it) -> (verdict, evidence ids)."""
    return {(g.kind, g.where, g.prop, g.rest): (g.verdict, g.ids) for g in outcome.groups}


def actions(outcome: Outcome) -> list[dict[str, Any]]:
    """The proposed actions without their descriptions (checked apart)."""
    return [{k: v for k, v in a.items() if k != "description"} for a in outcome.proposal["actions"]]


S = "/components/schemas"


_STEP = re.compile(
    r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\[\?@ == '((?:[^'\\]|\\.)*)'\]"
)


def _steps(target: str) -> Iterator[tuple[str, str | int]]:
    assert target.startswith("$"), target
    at = 1
    while at < len(target):
        m = _STEP.match(target, at)
        assert m is not None, f"unexpected target {target!r} at {at}"
        name, index, quoted, value = m.groups()
        if index is not None:
            yield "index", int(index)
        elif value is not None:
            yield "filter", re.sub(r"\\(.)", r"\1", value)
        else:
            yield "key", name if name is not None else re.sub(r"\\(.)", r"\1", quoted)
        at = m.end()


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    """Overlay merging: objects merge, arrays concatenate, a primitive replaces a primitive;
    anything else is incompatible (as Overlay 1.1.0 spells out)."""
    for key, value in update.items():
        old = target.get(key)
        if key not in target:
            target[key] = copy.deepcopy(value)
        elif isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(copy.deepcopy(value))
        else:
            assert not isinstance(old, (dict, list)) and not isinstance(value, (dict, list)), key
            target[key] = value


def apply_overlay(spec: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """The spec with the overlay's actions applied (the target forms `errata` writes only)."""
    out = copy.deepcopy(spec)
    for action in overlay["actions"]:
        steps = list(_steps(action["target"]))
        node: Any = out
        for _, step in steps[:-1]:
            node = node[step]
        kind, last = steps[-1]
        if kind == "filter":
            assert action.get("remove") is True
            node[:] = [x for x in node if x != last]
        elif action.get("remove"):
            del node[last]
        else:
            _merge(node[last], action["update"])
    return out
