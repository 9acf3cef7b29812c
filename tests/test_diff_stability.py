"""Diff-stable output, on real pairs: the pinned spec and a copy that differs in one property of
`RealtimeSession` (added, removed or changed). The regenerated package must differ only in
that property's lines of `realtime_session.py` (and in the class's key set) and in the spec's
sha256 in `_meta.json`: no other module, and no temporary renamed elsewhere in the class
(temporaries are named after the field they serve, never numbered across a class). The
spec's identity lives in `_meta.json` alone: a spec whose schemas did not change (another
`info.version`, other bytes) changes that file's one line and nothing else, and so does a
small spec generated with `--all`."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.load import load_spec
from tests.conftest import SPEC

MODULE = "realtime_session.py"


@cache
def pinned() -> dict[str, Any]:
    data: dict[str, Any] = load_spec(SPEC).data  # dates stay strings, as JSON has them
    return data


def generate(
    data: dict[str, Any], folder: Path, *selection: str, indent: int | None = None
) -> dict[str, list[str]]:
    """The package generated from `data` (written as JSON, with `indent`), one list of lines
    per file; `selection`: `--root RealtimeSession` unless given."""
    folder.mkdir(parents=True)
    spec = folder / "openapi.json"
    spec.write_text(json.dumps(data, indent=indent), encoding="utf-8")
    argv = ["generate", "--no-config", "--spec", str(spec)]
    argv += list(selection or ("--root", "RealtimeSession"))
    assert cli.main([*argv, "--out", str(folder / "out"), "--package", "m"]) == 0
    package = folder / "out" / "m"
    return {p.name: p.read_text(encoding="utf-8").splitlines() for p in package.iterdir()}


def properties(data: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = data["components"]["schemas"]["RealtimeSession"]["properties"]
    return props


def add_after(props: dict[str, Any], after: str, name: str, schema: Any) -> dict[str, Any]:
    out = {}
    for key, value in props.items():
        out[key] = value
        if key == after:
            out[name] = schema
    return out


def hunks(old: list[str], new: list[str]) -> list[tuple[str, list[str], list[str]]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def key_set(lines: list[str]) -> bool:
    """Lines of the class's `_KEYS_` statement (its key set)."""
    return all(
        line.startswith("_KEYS_") or line.strip().startswith('"') or line.strip() in ("{", "}", ")")
        for line in lines
    )


Change = Callable[[dict[str, Any]], None]


def _add(data: dict[str, Any]) -> None:
    session = data["components"]["schemas"]["RealtimeSession"]
    array = {"type": "array", "items": {"type": "string"}, "description": "Audio cues."}
    session["properties"] = add_after(properties(data), "modalities", "audio_cues", array)


def _remove(data: dict[str, Any]) -> None:
    del properties(data)["temperature"]


def _change(data: dict[str, Any]) -> None:
    properties(data)["speed"]["maximum"] = SPEED_MAXIMUM


# A bound `speed` has in no spec: the test reads the spec's own from it.
SPEED_MAXIMUM = 7.25


@pytest.mark.parametrize(
    ("change", "name", "kind"),
    [(_add, "audio_cues", "insert"), (_remove, "temperature", "delete"), (_change, "speed", "")],
    ids=["add", "remove", "change"],
)
def test_one_property_changes_only_its_lines(
    tmp_path: Path, change: Change, name: str, kind: str
) -> None:
    before = generate(pinned(), tmp_path / "before")
    data = copy.deepcopy(pinned())
    change(data)
    after = generate(data, tmp_path / "after")
    assert sorted(after) == sorted(before)
    changed = sorted(module for module in before if before[module] != after[module])
    assert changed == ["_meta.json", MODULE], changed
    # The spec's sha256, and the class's line of the models' snapshot (one line per class).
    keys = changed_keys(before["_meta.json"], after["_meta.json"])
    assert keys == ['"RealtimeSession"', '"sha256"'], keys
    found = hunks(before[MODULE], after[MODULE])
    assert found
    for tag, old, new in found:
        if key_set(old) and key_set(new):
            continue  # the class's key set
        lines = old + new
        if kind:
            assert tag == kind, (tag, old, new)
            assert any(name in line for line in lines), (old, new)
        else:  # the bound: its check and its docstring
            assert tag == "replace" and len(old) == len(new) <= 2, (old, new)
            bound = str(properties(pinned())["speed"]["maximum"])
            pairs = zip(old, new, strict=True)
            assert all(bound in a and str(SPEED_MAXIMUM) in b for a, b in pairs), (old, new)
    if kind == "insert":
        added = [line for _, _, new in found for line in new]
        assert sum("audio_cues" in line for line in added) >= 5  # field, parse, dump, keys


def test_an_unchanged_spec_gives_the_same_bytes(tmp_path: Path) -> None:
    assert generate(pinned(), tmp_path / "a") == generate(pinned(), tmp_path / "b")


def only_line(old: list[str], new: list[str]) -> str:
    """The one line that differs between two texts of the same length (stripped), asserted to be
    the only one."""
    ((tag, before, after),) = hunks(old, new)
    assert tag == "replace" and len(before) == len(after) == 1, (before, after)
    key = before[0].strip().split(":", 1)[0]
    assert after[0].strip().startswith(key + ":"), (before, after)
    return before[0].strip()


def changed_keys(old: list[str], new: list[str]) -> list[str]:
    """The keys of the lines of `_meta.json` that differ, each replaced by a line of the same
    key: what changed is values, one line each."""
    keys: list[str] = []
    for tag, before, after in hunks(old, new):
        assert tag == "replace" and len(before) == len(after), (before, after)
        for a, b in zip(before, after, strict=True):
            key = a.strip().split(":", 1)[0]
            assert b.strip().startswith(key + ":"), (a, b)
            keys.append(key)
    return keys


def test_another_info_version_changes_one_line_of_meta_json(tmp_path: Path) -> None:
    data = copy.deepcopy(pinned())
    data["info"]["version"] = data["info"]["version"] + ".1"
    before = generate(pinned(), tmp_path / "before")
    after = generate(data, tmp_path / "after")
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["_meta.json"], changed
    meta = json.loads("\n".join(after["_meta.json"]))
    assert meta["spec"]["info_version"] == data["info"]["version"]
    # the version's line, and the sha256's (the bytes changed too)
    keys = changed_keys(before["_meta.json"], after["_meta.json"])
    assert keys == ['"info_version"', '"sha256"'], keys


def test_other_bytes_of_the_same_spec_change_only_its_sha256(tmp_path: Path) -> None:
    before = generate(pinned(), tmp_path / "before")
    after = generate(pinned(), tmp_path / "after", indent=2)  # the same data, other bytes
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["_meta.json"], changed
    assert only_line(before["_meta.json"], after["_meta.json"]).startswith('"sha256": ')


def small_spec() -> dict[str, Any]:
    """Four schemas: an object referring to an enum and to a union of two objects."""
    ref = {"$ref": "#/components/schemas/Shape"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Small", "version": "1.0.0"},
        "paths": {},
        "components": {
            "schemas": {
                "Holder": {
                    "type": "object",
                    "properties": {"shape": ref, "color": {"$ref": "#/components/schemas/Color"}},
                },
                "Color": {"type": "string", "enum": ["red", "green"]},
                "Shape": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Circle"},
                        {"type": "object", "properties": {"sides": {"type": "integer"}}},
                    ]
                },
                "Circle": {
                    "type": "object",
                    "required": ["radius"],
                    "properties": {"radius": {"type": "number", "description": "In cm."}},
                },
            }
        },
    }


def _circle_described(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["Circle"]["properties"]["radius"]["description"] = "In mm."


def _color_added(data: dict[str, Any]) -> None:
    data["components"]["schemas"]["Color"]["enum"].append("blue")


def _version_only(data: dict[str, Any]) -> None:
    data["info"]["version"] = "1.0.1"


@pytest.mark.parametrize(
    ("change", "modules", "keys"),
    [
        # The changed schema's line of the models' snapshot (its docs' hashes) and the sha256.
        (_circle_described, ["circle.py"], ['"Circle"', '"sha256"']),
        # Holder's parser tests Color's values inline (a tuple, not a call into color.py):
        # its code really changes with them.
        (_color_added, ["color.py", "holder.py"], ['"Color"', '"sha256"']),
        (_version_only, [], ['"info_version"', '"sha256"']),
    ],
    ids=["description", "enum-value", "info-version"],
)
def test_with_all_one_schema_changes_its_module_and_meta_json(
    tmp_path: Path, change: Change, modules: list[str], keys: list[str]
) -> None:
    before = generate(small_spec(), tmp_path / "before", "--all")
    data = small_spec()
    change(data)
    after = generate(data, tmp_path / "after", "--all")
    assert sorted(after) == sorted(before)
    assert {"circle.py", "color.py", "holder.py", "shape.py"} <= set(before)
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == sorted(["_meta.json", *modules]), changed
    assert changed_keys(before["_meta.json"], after["_meta.json"]) == keys
