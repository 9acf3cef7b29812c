"""The change report on real specs: the six history specs and then the pinned one, compared
pairwise in order (`--all --no-overlays`); the newest pair against its commit message; and a
pair that differs only in descriptions, titles and examples.

The snapshot of each spec is taken once (the session's cache of parsed specs keeps the second
parse of a spec short); every comparison then takes a few hundredths of a second."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import load
from generator.changes import command, compare, report
from generator.changes.kinds import Change
from generator.config import Settings, load_settings
from tests.changes_update import run
from tests.conftest import HISTORY, SPEC

pytestmark = pytest.mark.whole_spec

NEWEST = "2026-08-21_13c6a94"  # the spec before the pinned one (f85dbe2)


def settings() -> Settings:
    return load_settings(None, {"all": True, "overlays": []})


def specs() -> list[Path]:
    return [*sorted(HISTORY.glob("*.yaml")), SPEC]


Snapshot = tuple[dict[str, Any], dict[str, str]]


@pytest.fixture(scope="module")
def snapshots(spec_path: Path) -> dict[Path, Snapshot]:
    if len(specs()) != 7:
        pytest.fail(f"expected six history specs in {HISTORY}")
    return {path: command.snapshot_of(path, settings()) for path in specs()}


def pairs() -> Iterator[tuple[Path, Path]]:
    found = specs()
    return zip(found, found[1:], strict=False)


def test_every_pair_in_order_is_compared(snapshots: dict[Path, Snapshot]) -> None:
    for old, new in pairs():
        (a, ia), (b, ib) = snapshots[old], snapshots[new]
        result = compare.compare(a, b)
        data = json.loads(report.dumps(report.to_json(result, ia, ib)))
        assert data["summary"]["changes"] == len(data["changes"]) > 0, (old.stem, new.stem)
        ids = [c["id"] for c in data["changes"]]
        assert len(set(ids)) == len(ids), (old.stem, new.stem)
        assert report.markdown(result, ia, ib).startswith("### Model changes"), new.stem
        # The reverse pair changes the same fields of the same classes (the number of changes
        # may differ: a change is one per schema that declares the property in the newer spec,
        # with the classes that merge it in `also_in`).
        reverse = compare.compare(b, a).changes
        renamed = {c.new["type"]: c.old["type"] for c in result.changes if c.old and c.new
                   and c.kind == "schema_renamed"}  # fmt: skip
        assert _covered(result.changes, renamed) == _covered(reverse, {}), (old.stem, new.stem)


def _covered(changes: list[Change], renamed: dict[str, str]) -> set[tuple[str, str | None]]:
    """(class, property) of every change, and of the classes it is also in."""
    return {
        (renamed.get(name, name), c.prop) for c in changes for name in [c.class_name, *c.also_in]
    }


def test_the_newest_pair_is_its_commit_message() -> None:
    """f85dbe2: "Add 'residency' field for project data residency configuration". In the raw
    YAML: `Project.residency` ($ref PublicProjectResidency) and the enum PublicProjectResidency
    added; ProjectCreateRequest's `geography` (string or null) replaced by `residency`
    (PublicProjectResidency or null); ProjectUpdateRequest's `geography` removed; the rest of
    the diff is the description of the new property. Through the command line."""
    code, out, err = run(["diff", str(HISTORY / f"{NEWEST}.yaml"), str(SPEC), "--all",
                          "--no-overlays", "--no-config", "--format", "json"])  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    found = sorted(
        (c["kind"], c["class"], c["property"], c["breaking"]["readers"], c["breaking"]["writers"])
        for c in data["changes"]
    )
    assert found == [
        ("property_added", "Project", "residency", False, False),
        ("property_added", "ProjectCreateRequest", "residency", False, False),
        ("property_removed", "ProjectCreateRequest", "geography", False, True),
        ("property_removed", "ProjectUpdateRequest", "geography", False, True),
        ("schema_added", "PublicProjectResidency", None, False, False),
    ]
    new = {c["property"] or c["class"]: c["new"] for c in data["changes"] if c["new"]}
    assert new["PublicProjectResidency"] == {"type": "PublicProjectResidency"}
    added = [c["new"]["type"] for c in data["changes"] if c["property"] == "residency"]
    assert sorted(added) == [
        "PublicProjectResidency | None | Unset",
        "PublicProjectResidency | Unset",
    ]
    assert data["description_only"] == []
    assert data["summary"]["paths_changed"] == 0


# Keywords that hold values (whose keys are data) or names, not schemas: left as they are.
_VALUES = {"enum", "const", "default", "examples", "required", "discriminator"}
_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}


def _edit(node: Any, pointer: str, edited: set[str], *, component: bool) -> None:
    """Edits every description and example under a schema, and a component's own title (an
    inline schema's title names its class: editing it would be a model change)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _edit(item, f"{pointer}/{i}", edited, component=False)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        where = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
        if key == "description" and isinstance(value, str):
            node[key] = value + " (edited)"
            edited.add(f"{pointer} description")
        elif key == "example":
            node[key] = {"edited": copy.deepcopy(value)}
            edited.add(f"{pointer} example")
        elif key == "title" and component and isinstance(value, str):
            node[key] = value + " (edited)"
            edited.add(f"{pointer} title")
        elif key in _MAPS and isinstance(value, dict):
            for name, schema in value.items():
                sub = f"{where}/{name.replace('~', '~0').replace('/', '~1')}"
                _edit(schema, sub, edited, component=False)
        elif key not in _VALUES and not key.startswith("x-"):
            _edit(value, where, edited, component=False)


def test_description_edits_only_are_no_model_change(
    snapshots: dict[Path, Snapshot], tmp_path: Path
) -> None:
    """The pinned spec with every description and example under `components/schemas` edited,
    and the components' titles: no model change, and each edit the models carry is listed."""
    spec = copy.deepcopy(load.load_spec(SPEC, None).data)
    edited: set[str] = set()
    for name, schema in spec["components"]["schemas"].items():
        _edit(schema, f"/components/schemas/{name.replace('~', '~0').replace('/', '~1')}",
              edited, component=True)  # fmt: skip
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    old, old_id = snapshots[SPEC]
    new, new_id = command.snapshot_of(path, settings())
    result = compare.compare(old, new)
    assert result.changes == []
    assert result.paths_changed == 0
    listed = {f"{e['pointer']} {e['keyword']}" for e in result.description_only}
    # What the models document (descriptions, examples, titles by the place they stand at):
    # every one was edited, but the titles below the components' own (they may name classes).
    documented = set()
    for d in old["defs"].values():
        documented |= {
            f"{d['pointer']} {keyword}"
            for keyword in d.get("docs", {})
            if not (keyword == "title" and "owner" in d)
        }
        for f in d.get("fields", {}).values():
            documented |= {
                f"{f['pointer']} {'description' if keyword == 'branches' else keyword}"
                for keyword in f.get("docs", {})
                if keyword != "title"
            }
    assert listed == documented
    assert {e for e in edited if e.count("/") == 3 and not e.endswith(" example")} <= listed
