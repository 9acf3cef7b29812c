"""Diff-stable output, on real pairs: the pinned spec and a copy that differs in one property of
`RealtimeSession` (added, removed or changed). The regenerated package must differ only in
that property's lines of `realtime_session.py` (and in the class's key set) and in the spec's
sha256 in `__init__.SOURCE`: no other module, and no temporary renamed elsewhere in the class
(temporaries are named after the field they serve, never numbered across a class)."""

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
from tests.conftest import ROOT, SPEC

NO_CONFIG = str(ROOT / "tests" / "no-such-settings.toml")
MODULE = "realtime_session.py"


@cache
def pinned() -> dict[str, Any]:
    data: dict[str, Any] = load_spec(SPEC).data  # dates stay strings, as JSON has them
    return data


def generate(data: dict[str, Any], folder: Path) -> dict[str, list[str]]:
    folder.mkdir(parents=True)
    spec = folder / "openapi.json"
    spec.write_text(json.dumps(data), encoding="utf-8")
    argv = ["generate", "--config", NO_CONFIG, "--spec", str(spec), "--root", "RealtimeSession"]
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
    properties(data)["speed"]["maximum"] = 2.0


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
    assert changed == ["__init__.py", MODULE], changed
    # `__init__.SOURCE` names the spec by its sha256: the one line that changes for any spec.
    ((_, old_init, new_init),) = hunks(before["__init__.py"], after["__init__.py"])
    assert len(old_init) == len(new_init) == 1 and '"sha256":' in old_init[0], old_init
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
            assert all("1.5" in a and "2.0" in b for a, b in zip(old, new, strict=True)), (old, new)
    if kind == "insert":
        added = [line for _, _, new in found for line in new]
        assert sum("audio_cues" in line for line in added) >= 5  # field, parse, dump, keys


def test_an_unchanged_spec_gives_the_same_bytes(tmp_path: Path) -> None:
    assert generate(pinned(), tmp_path / "a") == generate(pinned(), tmp_path / "b")
