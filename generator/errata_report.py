"""The report of `python -m generator errata`, as text or as JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errata_groups import Group, Outcome

__all__ = ["as_json", "as_text", "summary"]

SECTIONS = (
    ("evidence", "Evidence: proposed in the overlay"),
    ("stale", "Stale: not proposed (older specs hold the same example, without the requirement)"),
    (
        "unconfirmed",
        "Unconfirmed: not proposed (absent only from spec examples, which lag the schema)",
    ),
    ("listed", "Listed, not proposed (tolerant parsing accepts these; wrong types no mode does)"),
)
SHOWN = 8  # evidence ids listed per group in the text report


def summary(outcome: Outcome) -> dict[str, Any]:
    """The counts of a run."""
    extraction = outcome.extraction
    verdicts = outcome.verdicts
    spec_verdicts = [v for v in verdicts if v.example.origin == "spec"]
    by_kind: dict[str, Counter[str]] = {}
    for g in outcome.groups:
        by_kind.setdefault(g.kind, Counter())[g.verdict] += 1
    return {
        "examples_found": extraction.found,
        "examples_json": extraction.json,
        "examples_repaired": extraction.repaired,
        "examples_parsed": len(spec_verdicts),
        "skipped": dict(extraction.skipped),
        "payloads": outcome.payloads,
        "accepted_strict": sum(v.strict is None for v in verdicts),
        "accepted_tolerant": sum(v.tolerant is None for v in verdicts),
        "spec_examples_accepted_strict": sum(v.strict is None for v in spec_verdicts),
        "spec_examples_accepted_tolerant": sum(v.tolerant is None for v in spec_verdicts),
        "deviations": sum(len(v.deviations) for v in verdicts),
        "deviations_from_warnings": any(v.from_warnings for v in verdicts),
        "groups": len(outcome.groups),
        "groups_by_kind": {k: dict(c) for k, c in by_kind.items()},
        "actions": len(outcome.proposal.get("actions", [])),
    }


def _group_json(g: Group) -> dict[str, Any]:
    return {
        "kind": g.kind,
        "verdict": g.verdict,
        "proposed": g.proposed,
        "declared": [p.lstrip("#") for p in g.declared],
        "owner": g.owner.lstrip("#"),
        "classes": g.classes,
        "property": g.prop,
        "below": g.rest,
        "expected": g.expected,
        "found": g.found,
        "count": len(g.ids),
        "seen": [{"id": e.id, "origin": e.origin, "path": path} for e, path in g.seen],
        "notes": g.notes,
    }


def as_json(outcome: Outcome, include_proposal: bool) -> str:
    rejected = [
        {"id": v.example.id, "errors": [d.__dict__ for d in v.tolerant or []]}
        for v in outcome.verdicts
        if v.tolerant is not None
    ]
    document: dict[str, Any] = {
        "spec": outcome.spec,
        "version": outcome.version,
        "overlays": list(outcome.overlays),
        "summary": summary(outcome),
        "groups": [_group_json(g) for g in outcome.groups],
        "rejected_tolerant": rejected,
    }
    if include_proposal:
        document["proposal"] = outcome.proposal
    return json.dumps(document, indent=2, ensure_ascii=False)


def as_text(outcome: Outcome, rule: str) -> str:
    s = summary(outcome)
    lines = [
        f"Spec: {outcome.spec} (version {outcome.version})",
        f"Spec examples: {s['examples_found']} found, {s['examples_json']} JSON-parsable "
        f"({s['examples_repaired']} once a trailing comma was dropped), "
        f"{s['examples_parsed']} parsed against a component schema",
    ]
    for why, count in sorted(s["skipped"].items(), key=lambda item: -item[1]):
        lines.append(f"  skipped {count}: {why}")
    lines += [f"Overlay applied first: {o}" for o in outcome.overlays]
    lines.append(f"Recorded payloads: {s['payloads']}")
    spec_n, total = s["examples_parsed"], len(outcome.verdicts)
    lines.append(
        f"Accepted, spec examples: strict {s['spec_examples_accepted_strict']} of {spec_n}, "
        f"tolerant {s['spec_examples_accepted_tolerant']} of {spec_n}"
        + (
            f"; all: strict {s['accepted_strict']} of {total}, tolerant {s['accepted_tolerant']}"
            if s["payloads"]
            else ""
        )
    )
    source = "tolerant parsing's warnings" if s["deviations_from_warnings"] else "strict errors"
    lines.append(f"Deviations: {s['deviations']} (from {source}), in {s['groups']} groups:")
    for kind, verdicts in s["groups_by_kind"].items():
        counts = ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
        lines.append(f"  {kind}: {counts}")
    lines.append(f"Proposed overlay actions: {s['actions']}")
    lines += ["", "Rule:", *("  " + line for line in rule.splitlines())]
    for verdict, title in SECTIONS:
        groups = [g for g in outcome.groups if g.verdict == verdict]
        if groups:
            lines += ["", f"== {title}: {len(groups)} groups ==", ""]
            for g in groups:
                lines += _group_text(g)
    rejected = [v for v in outcome.verdicts if v.tolerant is not None]
    if rejected:
        lines += ["", f"== Rejected in tolerant mode too: {len(rejected)} ==", ""]
        for v in rejected:
            errors = v.tolerant or []
            lines.append(f"{v.example.id} ({v.example.schema}):")
            lines += [
                f"    {e.path or '(root)'}: expected {e.expected}, found {e.found}"[:300]
                for e in errors[:5]
            ]
            if len(errors) > 5:
                lines.append(f"    ... and {len(errors) - 5} more")
    return "\n".join(lines) + "\n"


def _group_text(g: Group) -> list[str]:
    prop = g.prop if g.prop is not None else "(the object itself)"
    if g.kind == "missing" and g.declared:
        head = f"[missing] {g.prop!r} in " + " and ".join(
            p.lstrip("#") + "/required" for p in g.declared
        )
    else:
        head = f"[{g.kind}] {g.where}" + (f"  (below: {g.rest})" if g.rest else "")
    out = [head]
    out.append(f"    property {prop!r} of {', '.join(g.classes)}")
    if len(g.declared) > 1 and g.kind != "missing":
        out.append("    declared in: " + ", ".join(p.lstrip("#") for p in g.declared))
    out.append(f"    expected {' | '.join(g.expected)}"[:300])
    out.append(f"    found {' | '.join(g.found)}"[:300])
    ids = g.ids
    paths = {e.id: path for e, path in reversed(g.seen)}
    origins: Counter[str] = Counter({e.id: e.origin for e, _ in g.seen}.values())
    counts = [_count(origins[o], w) for o, w in (("spec", "spec example"), ("payload", "payload"))]
    out.append(f"    seen in {' and '.join(c for c in counts if c)}:")
    out += [f"      {i}  ({paths[i] or '(root)'})" for i in ids[:SHOWN]]
    if len(ids) > SHOWN:
        out.append(f"      ... and {len(ids) - SHOWN} more")
    out += [f"    note: {n}" for n in g.notes]
    out.append("")
    return out


def _count(n: int, word: str) -> str:
    return "" if n == 0 else f"{n} {word}" + ("s" if n > 1 else "")
