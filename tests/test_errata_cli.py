"""`python -m generator errata` from the command line: bad input is one line and exit 2, the
report and the proposal go where they should; and the command on the whole pinned spec."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errata_groups import Outcome
from generator.load import load_spec
from tests._errata import FIXTURE_SPEC, PAYLOADS, S, apply_overlay, groups_of, run
from tests.conftest import HISTORY, ROOT, SPEC

# ---------------------------------------------------------------------------------------------
# Bad input: one line, exit 2
# ---------------------------------------------------------------------------------------------


def _cli(*options: str | Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "generator",
        "errata",
        "--no-config",
    ]
    return subprocess.run(
        [*command, *map(str, options)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("files", "words"),
    [
        (
            {"Widgte.json": '{"schema": "Widgte", "payload": {}}'},
            ("unknown schema 'Widgte'", "did you mean Widget"),
        ),
        ({"Gadget.json": '{"id": '}, ("Gadget.json:1:8", "invalid JSON")),
        (
            {"Event.jsonl": '{"type": "a", "detail": "x"}\n{oops}\n'},
            ("Event.jsonl:2:2", "invalid JSON"),
        ),
        ({"recorded.json": '{"id": "x"}'}, ("recorded.json", "names no schema", "<SchemaName>")),
    ],
    ids=["unknown-schema", "invalid-json", "invalid-jsonl-line", "no-schema"],
)
def test_bad_payloads_exit_2_with_one_line(
    tmp_path: Path, files: dict[str, str], words: tuple[str, ...]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = _cli("--spec", FIXTURE_SPEC, "--payloads", tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--spec", "does/not/exist.yaml"), ("does/not/exist.yaml", "not found")),
        (("--spec", FIXTURE_SPEC, "--payloads", "no/such/dir"), ("no/such/dir", "not found")),
        (("--spec", FIXTURE_SPEC, "--history", "no/such/dir"), ("no/such/dir", "not found")),
        (("--spec", FIXTURE_SPEC, "--overlay", "no/such.yaml"), ("no/such.yaml", "not found")),
    ],
    ids=["no-spec", "no-payload-dir", "no-history-dir", "no-overlay"],
)
def test_bad_paths_exit_2_with_one_line(
    options: tuple[str | Path, ...], words: tuple[str, ...]
) -> None:
    proc = _cli(*options)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert all(w in lines[0] for w in words), lines[0]


def test_the_command_line_writes_report_and_proposal(tmp_path: Path) -> None:
    out = tmp_path / "proposal.yaml"
    proc = _cli("--spec", FIXTURE_SPEC, "--payloads", PAYLOADS, "--output", out)
    assert proc.returncode == 0, proc.stderr
    assert f"Proposed overlay written to {out}" in proc.stdout
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [{k: v for k, v in a.items() if k != "description"} for a in written["actions"]][-1] == {
        "target": "$.components.schemas.Gadget.required[?@ == 'serial']",
        "remove": True,
    }
    assert all(a["description"] for a in written["actions"])
    inline = _cli("--spec", FIXTURE_SPEC, "--format", "json")
    assert inline.returncode == 0, inline.stderr
    assert json.loads(inline.stdout)["proposal"]["overlay"] == "1.0.0"


# ---------------------------------------------------------------------------------------------
# The whole pinned spec
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pinned(spec_path: Path) -> Outcome:
    return run("--history", HISTORY, spec=spec_path) if HISTORY.is_dir() else run(spec=spec_path)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.mark.whole_spec
def test_pinned_spec_counts_and_known_errata(pinned: Outcome) -> None:
    extraction = pinned.extraction
    components = [e for e in extraction.examples if e.id.endswith("/x-oaiMeta/example")]
    assert extraction.found >= extraction.json >= len(components) > 0
    # The x-oaiMeta examples of components, as the test reads the spec: every one that is JSON
    # as written is extracted, and nothing else is (a repaired one may be).
    written: dict[str, Any] = {}
    for name, schema in load_spec(SPEC).data["components"]["schemas"].items():
        meta = schema.get("x-oaiMeta") if isinstance(schema, dict) else None
        if isinstance(meta, dict) and isinstance(meta.get("example"), str):
            written[f"{S}/{name}/x-oaiMeta/example".replace("~", "~0")] = meta["example"]
    valid = {where for where, text in written.items() if _is_json(text)}
    assert valid <= {e.id for e in components} <= set(written)
    groups = groups_of(pinned)
    for where, prop in [
        (f"{S}/ModelResponseProperties/properties/user", "user"),
        (f"{S}/RealtimeSessionCreateResponseGA/properties/include", "include"),
        (f"{S}/RealtimeResponse/properties/status_details", "status_details"),
        (f"{S}/Response/allOf/2/properties/usage", "usage"),
    ]:
        assert groups[("null", where, prop, "")][0] == "evidence", where
    # Without payloads, no absent property is evidence; every null is.
    assert all(g.verdict in ("stale", "unconfirmed") for g in pinned.groups if g.kind == "missing")
    assert all(g.verdict == "evidence" for g in pinned.groups if g.kind == "null")
    assert all(g.verdict == "listed" for g in pinned.groups if g.kind not in ("null", "missing"))
    proposal = pinned.proposal["actions"]
    assert proposal and all("required[?@" not in a["target"] for a in proposal)
    assert all(
        a["description"].startswith(("The API sends null", "Removed here")) for a in proposal
    )


@pytest.mark.whole_spec
def test_pinned_spec_with_the_proposal_applied_has_no_forbidden_null(
    tmp_path: Path, pinned: Outcome
) -> None:
    fixed = apply_overlay(load_spec(SPEC).data, pinned.proposal)
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(fixed), encoding="utf-8")
    again = run(spec=path)
    assert [g.where for g in again.groups if g.kind == "null"] == []
    assert again.proposal["actions"] == []
    before = sum(v.strict is None for v in pinned.verdicts)
    assert sum(v.strict is None for v in again.verdicts) > before
