"""The official JSON Schema Test Suite (draft 2020-12, `../shared/json-schema-test-suite`) run
against generated parsers.

Each test group's schema becomes one component of an OpenAPI 3.1 document (its local `$ref`s
rewritten to point inside the component); one package is generated for all of them, and every
test's datum is parsed in strict mode (`from_dict` of a class, `parse_<alias>` of an alias). The
verdict must be the suite's; a value accepted must serialize back to exactly the datum.

`python -m tests.json_schema_suite` prints the agreement per file (keyword) and every case that
disagrees; `tests/test_json_schema_suite.py` holds the suite to it.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "json-schema-test-suite" / "tests" / "draft2020-12"
PACKAGE = "jsts_models"

# Files whose every group needs something an OpenAPI component cannot be: another document, a
# base URI (`$id`), dynamic scopes, or a custom metaschema.
SKIPPED_FILES = {
    "refRemote.json": "references to other documents (remote URLs)",
    "dynamicRef.json": "`$dynamicRef` resolves through the dynamic scope of `$id` documents",
    "vocabulary.json": "custom metaschemas (`$vocabulary`)",
    "anchor.json": "`$anchor` references need `$id` base URIs",
    "defs.json": "validates schemas against the 2020-12 metaschema (a remote document)",
}


# (file, group index, test description) -> why our verdict differs, deliberately.
TYPELESS_OBJECT = (
    "OpenAPI reading: a schema without `type` that declares `properties` (or an "
    "`additionalProperties` schema) is an object, so that it becomes a class; JSON Schema "
    "would accept any non-object there (README, JSON Schema, choice 1)"
)
TYPELESS_ARRAY = (
    "OpenAPI reading: a schema without `type` that has `items` is an array, so that it becomes "
    "a list (README, JSON Schema, choice 1)"
)
INTEGER_FLOAT = (
    "an integer written with a fraction part (`1.0`) is refused where the schema says "
    "`integer`: the Python type is `int`, and keeping a float there would lie about the type "
    "(README, JSON Schema, choice 2)"
)
CHOICES: dict[tuple[str, int, str], str] = {
    **{
        ("additionalProperties.json", 0, t): TYPELESS_OBJECT
        for t in ("ignores arrays", "ignores strings", "ignores other non-objects")
    },
    **{
        (f, g, t): TYPELESS_OBJECT
        for f, g in (("properties.json", 0), ("properties.json", 5), ("required.json", 4))
        for t in ("ignores arrays", "ignores other non-objects")
    },
    **{
        ("required.json", 0, f"ignores {t}"): TYPELESS_OBJECT
        for t in ("arrays", "strings", "other non-objects", "null", "boolean")
    },
    # `{properties: {foo: {$ref: "#"}}}`: `foo` is the object again, so `false` is not.
    ("ref.json", 0, "match"): TYPELESS_OBJECT,
    ("ref.json", 0, "recursive match"): TYPELESS_OBJECT,
    ("items.json", 0, "ignores non-arrays"): TYPELESS_ARRAY,
    ("items.json", 0, "JavaScript pseudo-array is valid"): TYPELESS_ARRAY,
    ("type.json", 0, "a float with zero fractional part is an integer"): INTEGER_FLOAT,
}


def skip_reason(schema: Any) -> str | None:
    """Why a group's schema cannot be an OpenAPI component, or None."""
    text = json.dumps(schema)
    if '"$id"' in text:
        return "`$id` base URIs"
    if '"$dynamicRef"' in text or '"$dynamicAnchor"' in text:
        return "`$dynamicRef`"
    if '"$anchor"' in text:
        return "`$anchor`"
    if '"$schema"' in text and "draft/2020-12/schema" not in text:
        return "custom metaschema"
    for ref in _refs(schema):
        if not ref.startswith("#"):
            return "reference to another document"
    return None


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _rebase(node: Any, base: str) -> Any:
    """`node` with every local `$ref` made relative to the component at `base`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                out[key] = base + value[1:]
            elif key in ("enum", "const", "default", "examples"):
                out[key] = value  # data, not schemas
            else:
                out[key] = _rebase(value, base)
        return out
    if isinstance(node, list):
        return [_rebase(item, base) for item in node]
    return node


@dataclass
class Case:
    file: str
    group: int
    description: str
    test: str
    data: Any
    valid: bool


@dataclass
class Group:
    file: str
    index: int
    description: str
    schema: Any
    tests: list[dict[str, Any]]
    component: str = ""
    skipped: str | None = None


def groups(suite: Path = SUITE) -> list[Group]:
    out = []
    for path in sorted(suite.glob("*.json")):
        for index, raw in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            g = Group(path.name, index, raw["description"], raw["schema"], raw["tests"])
            g.component = f"{path.stem[0].upper()}{path.stem[1:]}_{index}".replace("-", "_")
            g.skipped = SKIPPED_FILES.get(path.name) or skip_reason(raw["schema"])
            out.append(g)
    return out


def spec_of(selected: list[Group]) -> dict[str, Any]:
    schemas = {}
    for g in selected:
        base = f"#/components/schemas/{g.component}"
        schemas[g.component] = _rebase(g.schema, base)
    return {
        "openapi": "3.1.0",
        "info": {"title": "JSON Schema Test Suite", "version": "2020-12"},
        "paths": {},
        "components": {"schemas": schemas},
    }


@dataclass
class Outcome:
    """One test's result."""

    group: Group
    test: dict[str, Any]
    accepted: bool
    round_trip: str | None = None  # how the serialized value differs from the datum
    error: str | None = None  # an exception other than ValidationError

    @property
    def agrees(self) -> bool:
        return self.accepted == self.test["valid"] and self.round_trip is None and not self.error


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    imprecise: list[str] = field(default_factory=list)
    skipped: list[Group] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # component -> the generator's error
    failed: str | None = None  # the generator's own error, when it refused the document

    def flagged(self, g: Group) -> bool:
        """Whether the run's `imprecise:` report names the group's schema."""
        prefix = f"#/components/schemas/{g.component}"
        return any(
            n == prefix or n.startswith((prefix + "/", prefix + ":")) for n in self.imprecise
        )


def run(suite: Path = SUITE, work: Path | None = None) -> Run:
    """Generate one package for every group that can be a component, and run every test."""
    from generator import ir, naming
    from generator.errors import GeneratorError
    from generator.pipeline import generate
    from tests._json_compare import json_type_diff

    result = Run()
    all_groups = groups(suite)
    selected = [g for g in all_groups if not g.skipped]
    result.skipped = [g for g in all_groups if g.skipped]
    own = work is None
    folder = Path(tempfile.mkdtemp(prefix="jsts-")) if work is None else work
    spec_file = folder / "suite.json"
    settings = _settings(spec_file, folder / "out")
    while True:  # a schema the generator refuses is taken out, and the rest generated again
        spec_file.write_text(json.dumps(spec_of(selected)), encoding="utf-8")
        try:
            report = generate(settings)
            break
        except Exception as exc:  # noqa: BLE001 - a crash is a finding: name the schemas
            if not isinstance(exc, GeneratorError):
                crashed = [g for g in selected if _crashes(g, folder)]
                if not crashed:
                    raise
                for g in crashed:
                    result.refused[g.component] = "crash"
                    selected.remove(g)
                    for test in g.tests:
                        result.outcomes.append(Outcome(g, test, False, error="generator crash"))
                continue
            culprit = _culprit(exc, selected)
            if culprit is None:
                result.failed = str(exc)
                return result
            result.refused[culprit.component] = str(exc)
            selected.remove(culprit)
            for test in culprit.tests:
                result.outcomes.append(Outcome(culprit, test, False, error=f"refused: {exc}"))
    result.imprecise = report.imprecise
    sys.path.insert(0, str(folder / "out"))
    try:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        package = importlib.import_module(PACKAGE)
        entry = _entry_points(package, naming, ir, settings)
        for g in selected:
            try:
                parse, dump = entry[g.component]()
            except Exception as exc:  # noqa: BLE001 - a module that does not import
                for test in g.tests:
                    result.outcomes.append(
                        Outcome(g, test, False, error=f"import: {type(exc).__name__}: {exc}")
                    )
                continue
            for test in g.tests:
                result.outcomes.append(_one(g, test, parse, dump, package, json_type_diff))
    finally:
        sys.path.remove(str(folder / "out"))
        if own:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    return result


def _crashes(g: Group, folder: Path) -> bool:
    """Whether generating `g` alone (without formatting) raises something else than a
    GeneratorError."""
    from generator import build, load, naming, render
    from generator.errors import GeneratorError

    one = folder / "probe.json"
    one.write_text(json.dumps(spec_of([g])), encoding="utf-8")
    try:
        spec = load.load_spec(one, None)
        model = build.Builder(spec).build([], everything=True)
        names = naming.assign(model)
        layout = render.plan(model, names)
        env = render.environment(None, None)
        header = render.Header("t", "1", "0" * 64, ())
        for module in layout.members:
            render.module_text(layout, module, names, header, env)
    except GeneratorError:
        return False
    except Exception:  # noqa: BLE001
        return True
    return False


def _culprit(exc: Exception, selected: list[Group]) -> Group | None:
    location = getattr(exc, "location", None)
    pointer = getattr(location, "pointer", None) or str(exc)
    for g in selected:
        base = f"#/components/schemas/{g.component}"
        if (
            pointer == base
            or base + "/" in pointer
            or pointer.endswith(base)
            or base + ":" in pointer
            or f"{base} " in pointer
        ):
            return g
    return None


def _settings(spec_file: Path, out: Path) -> Any:
    from generator.config import Settings

    return Settings(spec=spec_file, roots=(), out=out, package=PACKAGE, everything=True)


def _entry_points(package: Any, naming: Any, ir: Any, settings: Any) -> dict[str, Any]:
    """component -> (parse, dump) functions of its generated definition."""
    from generator import build, load

    spec = load.load_spec(settings.spec, None)
    model = build.Builder(spec).build([], everything=True)
    names = naming.assign(model)
    out = {}
    for d in model.defs:
        if d.hint.owner is not None:
            continue
        name = names.of[d.pointer]
        snake = names.snake(d.pointer)
        out[d.hint.component] = _resolver(
            package, name, isinstance(d, ir.ClassDef), snake, d.nullable
        )
    return out


def _resolver(package: Any, name: str, is_class: bool, snake: str, nullable: bool) -> Any:
    """The (parse, dump) pair of a component. A component that admits null besides its type
    (`[X, null]`, `nullable`) is generated as X, and every reference to it as `X | None`
    (README, "Decisions"): its own entry point takes X, so null is its reference's verdict."""

    def get() -> tuple[Any, Any]:
        if is_class:
            cls = getattr(package, name)
            parse, dump = cls.from_dict, lambda v: v.to_dict()
        else:
            parse, dump = getattr(package, f"parse_{snake}"), getattr(package, f"dump_{snake}")
        if not nullable:
            return parse, dump
        return (
            lambda data: None if data is None else parse(data),
            lambda value: None if value is None else dump(value),
        )

    return get


def _one(g: Group, test: dict[str, Any], parse: Any, dump: Any, package: Any, diff: Any) -> Outcome:
    data = test["data"]
    try:
        value = parse(data)
    except package.ValidationError:
        return Outcome(g, test, accepted=False)
    except Exception as exc:  # noqa: BLE001 - anything else is a finding
        return Outcome(g, test, accepted=False, error=f"{type(exc).__name__}: {exc}")
    try:
        back = dump(value)
    except Exception as exc:  # noqa: BLE001
        return Outcome(g, test, accepted=True, error=f"dump: {type(exc).__name__}: {exc}")
    return Outcome(g, test, accepted=True, round_trip=diff(back, data))


def summary(result: Run) -> str:
    lines = []
    if result.failed:
        return f"generator refused the suite: {result.failed}"
    by_file: dict[str, list[Outcome]] = {}
    for o in result.outcomes:
        by_file.setdefault(o.group.file, []).append(o)
    total = agree = silent = choices = 0
    for file, outs in sorted(by_file.items()):
        ok = sum(o.agrees for o in outs)
        wrong = [o for o in outs if not o.agrees]
        chosen = [o for o in wrong if _key(o) in CHOICES]
        quiet = [o for o in wrong if not result.flagged(o.group) and _key(o) not in CHOICES]
        total += len(outs)
        agree += ok
        choices += len(chosen)
        silent += len(quiet)
        lines.append(
            f"{file:32} {ok:4}/{len(outs):4}  deliberate choices: {len(chosen):2}  "
            f"other disagreements: {len(quiet)}"
        )
    lines.append(
        f"{'total':32} {agree:4}/{total:4}  deliberate choices: {choices:2}  "
        f"other disagreements: {silent}"
    )
    lines.append(f"skipped groups: {len(result.skipped)}")
    for component, error in sorted(result.refused.items()):
        lines.append(f"refused: {component}: {error}")
    return "\n".join(lines)


def _key(o: Outcome) -> tuple[str, int, str]:
    return (o.group.file, o.group.index, o.test["description"])


def disagreements(result: Run) -> Iterator[str]:
    for o in result.outcomes:
        if o.agrees:
            continue
        flag = "reported" if result.flagged(o.group) else "SILENT"
        what = o.error or (
            f"round trip: {o.round_trip}"
            if o.round_trip
            else ("accepted" if o.accepted else "rejected")
        )
        yield (
            f"{o.group.file}#{o.group.index} [{flag}] {o.group.description} / "
            f"{o.test['description']}: {what} (valid={o.test['valid']}) data={json.dumps(o.test['data'])[:80]}"
        )


if __name__ == "__main__":
    outcome = run()
    if "-v" in sys.argv:
        for line in disagreements(outcome):
            print(line)
    print(summary(outcome))
