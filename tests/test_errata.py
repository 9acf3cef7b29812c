"""`python -m generator errata` on a small spec: the examples it finds, how it groups and
classifies what the generated models say about them, and the exact overlay it proposes.

The small spec and the "recorded" payloads are hand-written fixtures (`tests/errata_fixtures`).
The command line, bad input and the whole pinned spec: `test_errata_cli.py`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import errata, errata_models
from generator.errata_groups import Outcome
from generator.errata_locate import parse_path, show
from generator.errata_proposal import jsonpath
from generator.examples import spec_examples
from generator.load import load_spec
from tests._errata import FIXTURE_SPEC, PAYLOADS, S, actions, apply_overlay, groups_of, run

WIDGET = "/components/schemas/Widget/x-oaiMeta/example"
WIDGET_OP = "/paths/~1widgets~1{id}/get/x-oaiMeta/examples/response"
GADGET = "/components/schemas/Gadget/x-oaiMeta/example"
DERIVED = "/components/schemas/Derived/x-oaiMeta/example"
FOOBAR = "/components/schemas/Foo-Bar/example"

# The groups of the fixture spec alone: every null is evidence, the absent `serial` is not.
SPEC_ONLY = {
    ("null", f"{S}/Base/properties/created", "created", ""): ("evidence", [DERIVED]),
    ("null", f"{S}/Foo-Bar/properties/items", "items", "[*]"): ("evidence", [FOOBAR]),
    ("null", f"{S}/Foo-Bar/properties/note", "note", ""): ("evidence", [FOOBAR]),
    ("null", f"{S}/Widget/properties/name", "name", ""): ("evidence", [WIDGET, WIDGET_OP]),
    ("null", f"{S}/Widget/properties/owner", "owner", ""): ("evidence", [WIDGET]),
    ("null", f"{S}/Widget/properties/shade", "shade", ""): ("evidence", [WIDGET]),
    ("missing", f"{S}/Gadget", "serial", ""): ("unconfirmed", [GADGET]),
    ("value", f"{S}/Widget/properties/color", "color", ""): ("listed", [WIDGET]),
}


def nullable(target: str, kind: str) -> list[dict[str, Any]]:
    """The two actions for a property schema that is `type: kind`: its `type` goes, then comes
    back as `[kind, "null"]` (an update may not put a list over a string)."""
    typed = target + ("['type']" if target.endswith("']") else ".type")
    return [
        {"target": typed, "remove": True},
        {"target": target, "update": {"type": [kind, "null"]}},
    ]


NULL_ACTIONS: list[dict[str, Any]] = [
    *nullable("$.components.schemas.Base.properties.created", "integer"),
    *nullable("$['components']['schemas']['Foo-Bar']['properties']['items']['items']", "string"),
    *nullable("$['components']['schemas']['Foo-Bar']['properties']['note']", "string"),
    *nullable("$.components.schemas.Widget.properties.name", "string"),
    {"target": "$.components.schemas.Widget.properties.owner", "remove": True},
    {
        "target": "$.components.schemas.Widget.properties",
        "update": {
            "owner": {
                "description": "Who owns it.",
                "anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}],
            }
        },
    },
    {"target": "$.components.schemas.Widget.properties.shade", "remove": True},
    {
        "target": "$.components.schemas.Widget.properties",
        "update": {
            "shade": {
                "description": "How dark.",
                "anyOf": [{"type": "string", "enum": ["light", "dark", None]}, {"type": "null"}],
            }
        },
    },
]


@pytest.fixture(scope="module")
def spec_only() -> Outcome:
    return run()


@pytest.fixture(scope="module")
def with_payloads() -> Outcome:
    return run("--payloads", PAYLOADS)


# ---------------------------------------------------------------------------------------------
# Examples found
# ---------------------------------------------------------------------------------------------


def test_examples_of_components_operations_and_media_types_are_found() -> None:
    found = spec_examples(load_spec(FIXTURE_SPEC).data)
    assert [(e.id, e.schema) for e in found.examples] == [
        (WIDGET, "Widget"),
        (GADGET, "Gadget"),
        (DERIVED, "Derived"),
        (FOOBAR, "Foo-Bar"),
        (WIDGET_OP, "Widget"),
    ]
    assert (found.found, found.json) == (7, 6)
    assert dict(found.skipped) == {
        "an inline schema (only `$ref`s to components are parsed)": 1,
        "not JSON (comments, `...` or plain text)": 1,
    }


def test_paths_and_jsonpaths() -> None:
    for path in ("", "a", "a.b[0].c", 'items["a b"][3]', '["x.y"].z', "session.include"):
        assert show(parse_path(path)) == path
    assert parse_path('output[0].content["a b"]') == ["output", 0, "content", "a b"]
    assert jsonpath("#/components/schemas/Response/allOf/2/properties/usage") == (
        "$.components.schemas.Response.allOf[2].properties.usage"
    )
    assert jsonpath("#/components/schemas/Foo-Bar/properties/it's") == (
        "$['components']['schemas']['Foo-Bar']['properties']['it\\'s']"
    )


@pytest.mark.parametrize(
    ("expected", "found", "kind"),
    [
        ("a string", "null", "null"),
        ("a value (the property is required)", "nothing (the property is missing)", "missing"),
        ('one of "x", "y"', '"z" (string)', "value"),
        ("one of: A, B", "{'a': 1} (object)", "unknown_member"),
        ("one of: A, B", "[1] (array)", "type"),
        ("exactly one of: A, B (it matches several)", "{} (object)", "constraint"),
        ("a number <= 1.5", "3 (integer)", "constraint"),
        ("an integer", "{} (object)", "type"),
        ("no such property (additional properties are not allowed)", "1 (integer)", "additional"),
    ],
)
def test_kind_of_a_strict_error(expected: str, found: str, kind: str) -> None:
    """The fallback without warnings: the kind a strict error's words show."""
    assert errata_models.kind_of("a", expected, found) == kind


# ---------------------------------------------------------------------------------------------
# Grouping, classification, proposal
# ---------------------------------------------------------------------------------------------


def test_spec_examples_alone_groups_and_classification(spec_only: Outcome) -> None:
    assert groups_of(spec_only) == SPEC_ONLY
    verdicts = {v.example.id: v for v in spec_only.verdicts}
    assert all(v.strict is not None for v in verdicts.values())  # each example has a deviation
    assert all(v.tolerant is None and v.from_warnings for v in verdicts.values())


def test_spec_examples_alone_exact_proposal(spec_only: Outcome) -> None:
    """Nulls only: an absent required property in a spec example is not evidence."""
    assert spec_only.proposal["overlay"] == "1.0.0"
    assert spec_only.proposal["info"]["version"] == "1.0.0"
    assert actions(spec_only) == NULL_ACTIONS
    described = {
        a["target"]: a["description"] for a in spec_only.proposal["actions"] if "update" in a
    }
    removed = [a["description"] for a in spec_only.proposal["actions"] if "remove" in a]
    assert all(d.startswith("Removed here, put back") for d in removed)
    assert described["$.components.schemas.Widget.properties.name"] == (
        f"The API sends null for Widget.name: example {WIDGET} has name = null; "
        f"example {WIDGET_OP} has name = null."
    )
    assert (
        f"example {DERIVED} has created = null"
        in (described["$.components.schemas.Base.properties.created"])
    )


def test_payloads_are_evidence_of_absence_and_of_nulls(with_payloads: Outcome) -> None:
    groups = groups_of(with_payloads)
    gadget = groups[("missing", f"{S}/Gadget", "serial", "")]
    assert gadget == ("evidence", [GADGET, "payloads/Gadget.json"])
    assert groups[("null", f"{S}/EventA/properties/detail", "detail", "")] == (
        "evidence",
        ["payloads/Event.session-1.jsonl:3"],
    )
    owner = groups[("null", f"{S}/Widget/properties/owner", "owner", "")]
    assert owner == ("evidence", [WIDGET, "payloads/wrapped.json"])
    assert with_payloads.payloads == 5
    required = {"target": "$.components.schemas.Gadget.required[?@ == 'serial']", "remove": True}
    detail = nullable("$.components.schemas.EventA.properties.detail", "string")
    assert actions(with_payloads) == [*NULL_ACTIONS[:2], *detail, *NULL_ACTIONS[2:], required]
    why = with_payloads.proposal["actions"][-1]["description"]
    assert why == (
        "The API omits Gadget.serial, which the spec requires: payload payloads/Gadget.json lacks serial."
    )


def test_history_marks_an_example_older_than_the_requirement_stale(tmp_path: Path) -> None:
    older = yaml.safe_load(FIXTURE_SPEC.read_text(encoding="utf-8"))
    older["components"]["schemas"]["Gadget"]["required"] = ["id"]
    history = tmp_path / "history"
    history.mkdir()
    (history / "2020-01-01.yaml").write_text(yaml.safe_dump(older), encoding="utf-8")
    changed = copy.deepcopy(older)
    changed["components"]["schemas"]["Gadget"]["x-oaiMeta"]["example"] = '{"id": "other"}'
    (history / "2021-01-01.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    outcome = run("--history", history)
    (gadget,) = [g for g in outcome.groups if g.kind == "missing"]
    assert gadget.verdict == "stale"
    assert gadget.notes == [
        f"{GADGET} is the same in 2020-01-01.yaml, where 'serial' was not yet required"
    ]
    assert actions(outcome) == NULL_ACTIONS


def test_without_warnings_the_strict_errors_give_the_same_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback for a package without `SpecDeviationWarning`: strict errors and `kind_of`."""
    original = errata_models.Parsers.__init__

    def init(self: errata_models.Parsers, *args: Any) -> None:
        original(self, *args)
        self.warning_type = None

    monkeypatch.setattr(errata_models.Parsers, "__init__", init)
    outcome = run()
    assert not any(v.from_warnings for v in outcome.verdicts)
    assert groups_of(outcome) == SPEC_ONLY
    assert actions(outcome) == NULL_ACTIONS


def test_the_report_names_every_group_and_the_rule(spec_only: Outcome) -> None:
    from generator import errata_report

    text = errata_report.as_text(spec_only, errata.RULE)
    assert (
        "Spec examples: 7 found, 6 JSON-parsable (0 once a trailing comma was dropped), 5 parsed"
        in text
    )
    assert "strict 0 of 5, tolerant 5 of 5" in text
    assert "[missing] 'serial' in /components/schemas/Gadget/required" in text
    assert "== Unconfirmed" in text and "== Evidence" in text and "== Listed" in text
    assert "a stale example lacks new fields" in text
    document = json.loads(errata_report.as_json(spec_only, include_proposal=True))
    assert document["summary"]["groups_by_kind"] == {
        "null": {"evidence": 6},
        "missing": {"unconfirmed": 1},
        "value": {"listed": 1},
    }
    assert document["proposal"]["actions"][0]["target"] == NULL_ACTIONS[0]["target"]


# ---------------------------------------------------------------------------------------------
# The proposal does what it says
# ---------------------------------------------------------------------------------------------


def test_with_the_proposal_applied_the_evidence_parses(
    tmp_path: Path, with_payloads: Outcome
) -> None:
    fixed = apply_overlay(
        yaml.safe_load(FIXTURE_SPEC.read_text(encoding="utf-8")), with_payloads.proposal
    )
    path = tmp_path / "fixed.json"
    path.write_text(json.dumps(fixed), encoding="utf-8")
    again = run("--payloads", PAYLOADS, spec=path)
    assert [(g.kind, g.verdict) for g in again.groups] == [("value", "listed")]
    assert again.proposal["actions"] == []


def test_overlays_of_the_settings_or_the_command_line_apply_first(
    tmp_path: Path, with_payloads: Outcome
) -> None:
    """With the proposal as an overlay, only what it does not explain is left; the settings'
    overlays apply unless `--no-overlays` (or `--overlay`, which replaces them)."""
    from generator.errata_proposal import to_yaml

    overlay = tmp_path / "errata.overlay.yaml"
    overlay.write_text(to_yaml(with_payloads.proposal), encoding="utf-8")
    settings = tmp_path / "pyproject.toml"
    settings.write_text(
        f'[tool.openai-dataclass-generator]\nspec = "{FIXTURE_SPEC}"\noverlays = ["{overlay.name}"]\n',
        encoding="utf-8",
    )
    count = len(with_payloads.proposal["actions"])
    for options in (("--overlay", overlay), ("--config", settings)):
        again = run("--payloads", PAYLOADS, *options)
        assert [(g.kind, g.verdict) for g in again.groups] == [("value", "listed")]
        assert again.proposal["actions"] == []
        assert again.overlays == (
            f"{overlay} (Errata for Errata test API 1.0.0 (proposed by `openai-dataclass-generator "
            f"errata`) 1.0.0): {count} actions",
        )
    plain = run("--payloads", PAYLOADS, "--config", settings, "--no-overlays")
    assert plain.overlays == () and groups_of(plain) == groups_of(with_payloads)


def test_an_example_with_a_trailing_comma_is_repaired_and_counted() -> None:
    from generator.examples import Extraction

    found = Extraction()
    found.add("/a", '{"x": [1, 2,],\n}', "A", "", True)
    found.add("/b", '{"x": 1, // a comment\n}', "B", "", True)
    found.add("/c", '{"text": "a, }"}', "C", "", True)
    assert [(e.id, e.data) for e in found.examples] == [
        ("/a", {"x": [1, 2]}),
        ("/c", {"text": "a, }"}),
    ]
    assert (found.found, found.json, found.repaired) == (3, 2, 1)
