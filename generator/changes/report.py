"""A change report as JSON (a stable contract: `FORMAT`) or as Markdown (a table a reviewer reads
in a pull request), and the `--fail-on` verdict over it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import GeneratorError, Location
from .compare import Result
from .kinds import Change

FORMAT = "openai-dataclass-generator/change-report/1"
FAIL_ON = ("readers", "writers", "any")
TYPE_WIDTH = 60
_COMMENT = re.compile(r"(?:^|\s)#")


def to_json(result: Result, old: dict[str, str], new: dict[str, str]) -> dict[str, Any]:
    """`old`, `new`: the specs' identities (`spec_sha256`, `info_version`)."""
    return {
        "format": FORMAT,
        "old": old,
        "new": new,
        "summary": summary(result),
        "changes": [_change(c) for c in result.changes],
        "description_only": result.description_only,
    }


def summary(result: Result) -> dict[str, int]:
    return {
        "changes": len(result.changes),
        "breaking_readers": sum(c.readers for c in result.changes),
        "breaking_writers": sum(c.writers for c in result.changes),
        "description_only": len(result.description_only),
        "paths_changed": result.paths_changed,
    }


def _change(c: Change) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "also_kinds": c.also_kinds,
        "class": c.class_name,
        "module": c.module,
        "pointer": c.pointer,
        "property": c.prop,
        "field": c.field_name,
        "old": c.old,
        "new": c.new,
        "values": c.values,
        "breaking": {"readers": c.readers, "writers": c.writers},
        "why": c.why,
        "used_in": c.used_in,
        "also_in": c.also_in,
    }


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n"


def markdown(
    result: Result, old: dict[str, Any], new: dict[str, Any], limit: int | None = None
) -> str:
    """The report as Markdown; `limit`: the most table rows and listed edits shown."""
    s = summary(result)
    lines = [
        f"### Model changes: {spec_label(old)} -> {spec_label(new)}",
        "",
        f"{_count(s['changes'], 'change')} to the generated models: "
        f"{s['breaking_readers']} breaking for readers, {s['breaking_writers']} for writers; "
        f"{_count(s['description_only'], 'description-only edit')}; "
        f"{_count(s['paths_changed'], 'operation')} changed under `paths` or `webhooks` "
        "(not compared).",
    ]
    # New schemas are listed in one line: the table is for what changes existing code.
    added = [c for c in result.changes if c.kind == "schema_added"]
    rows = [c for c in result.changes if c.kind != "schema_added"]
    if rows:
        lines += [
            "",
            "| Class | Field | Change | Before -> after | Readers | Writers |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        shown = rows if limit is None else rows[:limit]
        lines += [_row(c) for c in shown]
        if len(shown) < len(rows):
            lines.append(f"\n... and {len(rows) - len(shown)} more changes.")
    if added:
        names = [f"`{c.class_name}`" for c in (added if limit is None else added[:limit])]
        more = f" and {len(added) - len(names)} more" if len(names) < len(added) else ""
        lines += ["", f"New schemas ({len(added)}): {', '.join(names)}{more}."]
    if result.description_only:
        edits = result.description_only if limit is None else result.description_only[:limit]
        lines += [
            "",
            f"<details><summary>{_count(s['description_only'], 'description-only edit')} "
            "(not model changes)</summary>",
            "",
        ]
        lines += [f"- `{e['pointer']}`: {e['keyword']}" for e in edits]
        if len(edits) < len(result.description_only):
            lines.append(f"- ... and {len(result.description_only) - len(edits)} more")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _row(c: Change) -> str:
    name = f"`{c.class_name}`" + (
        f" (also in {', '.join(f'`{n}`' for n in c.also_in)})" if c.also_in else ""
    )
    what = " + ".join(k.replace("_", " ") for k in [c.kind, *c.also_kinds])
    if c.values:
        what += ": " + ", ".join(
            _cell(v if isinstance(v, str) else json.dumps(v)) for v in c.values
        )
    # Where the values say what changed, long types are cut (the JSON report has them whole).
    width = TYPE_WIDTH if c.values else None
    before = f"`{_cell(c.old['type'], width)}`" if c.old else "-"
    after = f"`{_cell(c.new['type'], width)}`" if c.new else "-"
    field = f"`{c.field_name}`" if c.field_name else "-"
    return (
        f"| {name} | {field} | {what} | {before} -> {after} | "
        f"{'**breaking**' if c.readers else 'ok'} | {'**breaking**' if c.writers else 'ok'} |"
    )


def _cell(text: str, width: int | None = None) -> str:
    """Text in a table cell: on one line, at most `width` characters, `|` escaped."""
    text = " ".join(str(text).split())
    if width is not None and len(text) > width:
        text = text[: width - 3] + "..."
    return text.replace("|", "\\|")


def spec_label(identity: dict[str, Any]) -> str:
    sha = identity.get("spec_sha256") or "?"
    commit = identity.get("commit")
    label = f"commit {commit[:7]}" if commit else f"sha256 {sha[:12]}"
    return f"{identity.get('info_version') or '?'} ({label})"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def read_ignore(path: Path) -> set[str]:
    """Change ids, one per line; `#` starts a comment at the start of a line or after a space
    (an id has a `#` of its own, before the property: `kind:pointer#property`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GeneratorError(
            f"cannot read the ignore file: {exc.strerror}", Location(str(path))
        ) from None
    return {_COMMENT.split(line, maxsplit=1)[0].strip() for line in text.splitlines()} - {""}


def failing(result: Result, fail_on: str, ignored: set[str]) -> list[Change]:
    """The changes `--fail-on` counts: breaking for `readers`, for `writers`, or for either
    (`any`), and not ignored."""
    return [
        c
        for c in result.changes
        if c.id not in ignored
        and (
            c.readers
            if fail_on == "readers"
            else c.writers
            if fail_on == "writers"
            else c.readers or c.writers
        )
    ]
