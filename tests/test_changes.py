"""The change report (`python -m generator diff`) on small spec pairs, one per kind of change
and per spelling of nullability (`tests/changes/<case>/`), both ways; and its JSON contract.

Each case's four golden files are the reports as written (`python -m tests.changes_update`);
what they must say is declared apart, by hand, in `tests/changes/cases.yaml`, so that a golden
file cannot confirm itself: the kind, class, property and verdicts of every change, forward and
reversed, and that each change forward has its reverse (`kinds.REVERSE`) in the reversed report.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.changes import kinds, report
from tests import changes_update
from tests.changes_update import CHANGES

CASES = changes_update.cases()
DECLARED: dict[str, Any] = yaml.safe_load((CHANGES / "cases.yaml").read_text(encoding="utf-8"))

REPORT_KEYS = {"format", "old", "new", "summary", "changes", "description_only"}
SPEC_KEYS = {"spec_sha256", "info_version"}
SUMMARY_KEYS = {"changes", "breaking_readers", "breaking_writers", "description_only",
                "paths_changed"}  # fmt: skip
CHANGE_KEYS = {"id", "kind", "also_kinds", "class", "module", "pointer", "property", "field",
               "old", "new", "values", "breaking", "why", "used_in", "also_in"}  # fmt: skip


@functools.cache
def fresh(case: str) -> dict[str, str]:
    """The four reports of `case` as the command writes them now."""
    return changes_update.reports(case)


def reported(case: str, stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fresh(case)[f"{stem}.json"])
    return data


def rows(data: dict[str, Any]) -> list[list[Any]]:
    return sorted(
        [
            [
                c["kind"],
                c["class"],
                c["property"],
                c["breaking"]["readers"],
                c["breaking"]["writers"],
            ]
            for c in data["changes"]
        ],
        key=json.dumps,
    )


def test_every_case_is_declared_and_every_declared_case_exists() -> None:
    assert sorted(DECLARED) == CASES


def test_every_kind_is_covered() -> None:
    seen = {row[0] for case in DECLARED.values() for key in ("forward", "reversed")
            for row in case[key]}  # fmt: skip
    assert set(kinds.KINDS) - seen == set()
    assert seen - set(kinds.KINDS) == set()


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    """The reports match the golden files (run `python -m tests.changes_update` and review)."""
    for name, text in fresh(case).items():
        path = CHANGES / case / name
        assert path.is_file(), f"{path} is missing: run `python -m tests.changes_update {case}`"
        assert path.read_text(encoding="utf-8") == text, f"{case}/{name} differs"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("stem", ["report", "reversed"])
def test_declared_changes(case: str, stem: str) -> None:
    declared = DECLARED[case]
    data = reported(case, stem)
    assert rows(data) == sorted(
        declared["forward" if stem == "report" else "reversed"], key=json.dumps
    )
    edits = sorted(f"{e['pointer']} {e['keyword']}" for e in data["description_only"])
    assert edits == sorted(declared.get("description_only", []))
    assert data["summary"]["paths_changed"] == declared.get("paths_changed", 0)
    also_in = {f"{c['class']}.{c['property']}": c["also_in"] for c in data["changes"]}
    for where, classes in declared.get("also_in", {}).items():
        assert also_in[where] == classes
    used_in = {f"{c['class']}.{c['property']}": c["used_in"] for c in data["changes"]}
    for where, places in declared.get("used_in", {}).items():
        assert used_in[where] == places


@pytest.mark.parametrize("case", CASES)
def test_every_change_has_its_reverse(case: str) -> None:
    """What old -> new adds, new -> old removes (a renamed schema is renamed back, to the name
    it had: the class of the reverse change)."""
    forward, backward = reported(case, "report"), reported(case, "reversed")
    found = {(c["kind"], c["class"], c["property"]) for c in backward["changes"]}
    assert len(forward["changes"]) == len(backward["changes"])
    for c in forward["changes"]:
        reverse = {kinds.REVERSE[c["kind"]]}
        if c["kind"] == "property_removed":  # added back, as required or not
            reverse.add("property_added_required")
        name = c["old"]["type"] if c["kind"] == "schema_renamed" else c["class"]
        assert {(k, name, c["property"]) for k in reverse} & found, c["id"]


def test_reverse_is_an_involution_but_for_required_added_properties() -> None:
    for kind, reverse in kinds.REVERSE.items():
        if kind != "property_added_required":
            assert kinds.REVERSE[reverse] == kind
    assert set(kinds.REVERSE) == set(kinds.KINDS)


# -- the JSON contract ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("stem", ["report", "reversed"])
def test_json_contract(case: str, stem: str) -> None:
    data = reported(case, stem)
    assert set(data) == REPORT_KEYS
    assert data["format"] == report.FORMAT == "openai-dataclass-generator/change-report/1"
    for side in ("old", "new"):
        assert set(data[side]) == SPEC_KEYS
        assert len(data[side]["spec_sha256"]) == 64
    assert set(data["summary"]) == SUMMARY_KEYS
    changes = data["changes"]
    assert data["summary"]["changes"] == len(changes)
    assert data["summary"]["breaking_readers"] == sum(c["breaking"]["readers"] for c in changes)
    assert data["summary"]["breaking_writers"] == sum(c["breaking"]["writers"] for c in changes)
    assert data["summary"]["description_only"] == len(data["description_only"])
    for c in changes:
        assert set(c) == CHANGE_KEYS
        assert set(c["breaking"]) == {"readers", "writers"}
        assert c["kind"] in kinds.KINDS and set(c["also_kinds"]) <= set(kinds.KINDS)
        assert c["id"] == f"{c['kind']}:{c['pointer']}#{c['property'] or ''}"
        assert c["pointer"].startswith("/components/schemas/") and "#" not in c["pointer"]
        assert (c["property"] is None) == (c["field"] is None)
        assert c["why"].endswith(".") and "\n" not in c["why"]
        assert c["old"] is None or set(c["old"]) == {"type"}
        assert c["new"] is None or set(c["new"]) == {"type"}
    assert len({c["id"] for c in changes}) == len(changes)
    for e in data["description_only"]:
        assert set(e) == {"pointer", "keyword"}
        assert e["keyword"] in ("description", "title", "example") and "#" not in e["pointer"]


def test_json_is_the_markdown_table() -> None:
    """Each change is one row of the Markdown table (new schemas: one line), in the same order."""
    for case in CASES:
        data, md = reported(case, "report"), fresh(case)["report.md"]
        table = [line for line in md.splitlines() if line.startswith("| `")]
        shown = [c for c in data["changes"] if c["kind"] != "schema_added"]
        assert len(table) == len(shown), case
        for line, c in zip(table, shown, strict=True):
            assert line.startswith(f"| `{c['class']}`")
            assert c["kind"].replace("_", " ") in line


def test_golden_files_are_all_known() -> None:
    """No stray file in a case folder (a renamed golden file left behind)."""
    allowed = {"old.yaml", "new.yaml", "report.json", "report.md", "reversed.json", "reversed.md"}
    for case in CASES:
        assert {p.name for p in Path(CHANGES / case).iterdir()} <= allowed, case
