"""The spec's own examples of the API's answers, read by the whole-spec package generated with
the project's default settings (so with the errata overlay, spec/openai-errata.overlay.yaml):

- tolerant parsing (`strict=False`) accepts every JSON-parsable example, with an exact round
  trip, except the few whose structure is wrong (listed with the reason in the table);
- strict parsing accepts every example but those listed in the table
  (`tests/spec_examples.yaml`), each with the deviations it shows and why it is not an erratum
  (stale: the example lacks a property added since; or a value tolerant parsing reads);
- the examples the errata fix are read strictly (Realtime session.created, response.done,
  Responses response.created and Response with `"user": null`).

A change of the spec, the overlay or the generator that changes any verdict fails here; after a
deliberate change: `python -m tests.test_spec_examples` rewrites the table (review its diff)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, errata
from generator.errata_groups import Outcome
from tests._json_compare import json_type_diff
from tests.conftest import ROOT, SPEC

TABLE = Path(__file__).with_name("spec_examples.yaml")

REASONS = {
    "missing": "stale: the example lacks a required property (examples lag the schema; no "
    "recorded payload shows the API omitting it)",
    "value": "a value the spec does not list (read with strict=False)",
    "unknown_member": "a union member the spec does not define (read with strict=False)",
    "constraint": "a constraint the example breaks (read with strict=False)",
    "additional": "a property the schema forbids (read with strict=False)",
    "null": "a null the schema forbids and no erratum covers (read with strict=False)",
    "type": "the example is wrong: a value of another JSON type than the schema's, which no "
    "mode accepts (the schema agrees with the API's other examples)",
}

# Examples named in the issue that made errata necessary: each showed a null the spec forbids.
NAMED = [
    # session.include and audio.input.transcription (parsable once a trailing comma is dropped)
    "/components/schemas/RealtimeServerEventSessionCreated/x-oaiMeta/example",
    "/components/schemas/RealtimeServerEventResponseDone/x-oaiMeta/example",  # status_details
    "/components/schemas/RealtimeCreateClientSecretResponse/x-oaiMeta/example",  # include
    "/components/schemas/ResponseCreatedEvent/x-oaiMeta/example",  # response.user, .usage
    "/components/schemas/Response/example",  # user
]


def run_examples() -> Outcome:
    args = cli.parser().parse_args(
        ["errata", "--config", str(ROOT / "pyproject.toml"), "--spec", str(SPEC)]
    )
    assert isinstance(args, argparse.Namespace)
    return errata.run(args)


def observed(outcome: Outcome) -> dict[str, dict[str, Any]]:
    """Example id -> its entry in the table: the deviations of the strict failures, and for
    those tolerant parsing rejects too, `tolerant: rejected`."""
    table: dict[str, dict[str, Any]] = {}
    for v in outcome.verdicts:
        if v.strict is None:
            continue
        kinds = sorted({d.kind for d in v.deviations})
        entry: dict[str, Any] = {
            "schema": v.example.schema,
            "deviations": sorted(f"{d.kind} at {d.path or '(root)'}" for d in v.deviations),
            "reason": "; ".join(REASONS.get(k, k) for k in kinds),
        }
        if v.tolerant is not None:
            entry["tolerant"] = "rejected"
        table[v.example.id] = entry
    return dict(sorted(table.items()))


@pytest.fixture(scope="module")
def outcome() -> Outcome:
    return run_examples()


@pytest.mark.whole_spec
def test_the_errata_overlay_is_applied(outcome: Outcome) -> None:
    (applied,) = outcome.overlays
    assert applied.split(" (")[0].endswith("spec/openai-errata.overlay.yaml"), applied


@pytest.mark.whole_spec
def test_strict_verdicts_match_the_table(outcome: Outcome) -> None:
    expected = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    actual = observed(outcome)
    new = sorted(set(actual) - set(expected))
    fixed = sorted(set(expected) - set(actual))
    assert not new, f"examples newly rejected in strict mode: {new}"
    assert not fixed, f"examples now accepted (remove them from the table): {fixed}"
    for example, entry in actual.items():
        assert entry == expected[example], example
    for entry in expected.values():
        assert entry["reason"], entry  # every strict failure says why it is not an erratum


@pytest.mark.whole_spec
def test_tolerant_parsing_reads_every_example_with_an_exact_round_trip(outcome: Outcome) -> None:
    expected = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    rejected = {e for e, entry in expected.items() if entry.get("tolerant") == "rejected"}
    assert len(outcome.verdicts) == len(outcome.extraction.examples) > 0  # every one, none lost
    for v in outcome.verdicts:
        if v.example.id in rejected:
            assert v.tolerant is not None
            assert "type" in {d.kind for d in v.deviations}, v.example.id
            continue
        assert v.tolerant is None, (v.example.id, v.tolerant)
        dumped = _dump(v.result)
        assert json_type_diff(dumped, v.example.data) is None, v.example.id


def _dump(value: Any) -> Any:
    """The JSON form of a parsed value (a model, or an alias's value: lists and maps of them)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if type(value) is list:
        return [_dump(x) for x in value]
    if type(value) is dict:
        return {k: _dump(x) for k, x in value.items()}
    return value


@pytest.mark.whole_spec
def test_the_errata_cover_every_null_the_examples_show(outcome: Outcome) -> None:
    """No example shows a null the (overlaid) spec forbids; the named ones parse strictly but
    for stale omissions, and tolerantly in full."""
    left = [
        (v.example.id, d.path) for v in outcome.verdicts for d in v.deviations if d.kind == "null"
    ]
    assert left == []
    by_id = {v.example.id: v for v in outcome.verdicts}
    for example in NAMED:
        verdict = by_id[example]
        assert verdict.tolerant is None, example
        assert {d.kind for d in verdict.deviations} <= {"missing"}, (example, verdict.deviations)


def main() -> int:
    table = observed(run_examples())
    TABLE.write_text(
        "# The spec's examples that strict parsing rejects, with the errata overlay applied.\n"
        + "# Written by `python -m tests.test_spec_examples`; each entry: example id -> schema,\n"
        + "# the deviations strict parsing rejects, why it is no erratum, and (for the few\n"
        + "# tolerant parsing rejects too) `tolerant: rejected`.\n"
        + yaml.safe_dump(table, sort_keys=True, width=100, allow_unicode=True),
        encoding="utf-8",
    )
    print(f"wrote {TABLE.relative_to(ROOT)}: {len(table)} examples rejected in strict mode")
    return 0


if __name__ == "__main__":
    sys.exit(main())
