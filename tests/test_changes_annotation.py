"""The change report shows types as the generated code writes them: `changes.annotation` (which
works on the snapshot's data) agrees with the template's `annotation` macro on every field and
alias of the pinned spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build, ir, layout, load, naming, render
from generator.changes import annotation, snapshot
from generator.view_types import TypeViews

pytestmark = pytest.mark.whole_spec


def test_annotations_match_the_template(spec_path: Path) -> None:
    spec = load.load_spec(spec_path)
    model = build.Builder(spec).build([], everything=True)
    names = naming.assign(model)
    plan = layout.plan(model, names)
    macro = render.environment().get_template("macros/types.jinja").module.annotation  # type: ignore[attr-defined]
    snap = snapshot.snapshot(model, names, plan, spec.data)
    by_name = {entry["name"]: entry for entry in snap["defs"].values()}
    identities = {key: entry["name"] for key, entry in snap["defs"].items()}
    checked = 0
    for d in model.defs:
        entry = by_name[names.of[d.pointer]]
        tv = TypeViews("", plan.refs)
        types = (
            [(f.type, entry["fields"][f.json_name]["type"]) for f in d.fields]
            if isinstance(d, ir.ClassDef)
            else [(d.type, entry["type"])]
        )
        for t, data in types:
            assert annotation.text(data, identities) == str(macro(tv.annotation(t))), d.pointer
            checked += 1
    assert checked > len(model.defs)  # every field of every class, every alias
