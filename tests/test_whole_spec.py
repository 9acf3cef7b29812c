"""The whole pinned spec, every component schema, generated into one package (`--all`).

One session fixture runs the CLI once into a temporary folder, then starts the slow checks
(mypy --strict, ruff, importing every module) as background processes, so that they overlap with
the in-process tests below; each test waits for the process it needs.

The `example` values of the component schemas (at any depth) are parsed with the generated code
and must round trip exactly (`to_dict()` / `dump_x()` gives the same JSON, types included). An
example below the top of a component is wrapped into an instance of the component where it
stands (a property example becomes `{property: example}`, plus simple values for the required
siblings, an item example `[example]`), and that instance is checked with `jsonschema` (2020-12,
`$ref`s resolved in the whole spec). Examples that are not valid against their own schema are
skipped with that reason; the strict parser must reject those (one test over all of them).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import keyword
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator import build, ir, naming
from generator.load import load_spec
from generator.resolve import COMPONENT_PREFIX, component_pointer, escape, unescape
from tests._json_compare import json_type_diff
from tests.conftest import RUFF_CHECK, SPEC, WHOLE_PACKAGE, WholeSpec

pytestmark = pytest.mark.whole_spec

PACKAGE = WHOLE_PACKAGE
# The constructs the generator types less precisely than the spec says, on the pinned spec.
# A new line here is a regression; a line that disappears is progress (remove it).
# Every keyword that can reject a value is checked (by the type or by the package's validator);
# what remains are keywords that are not JSON Schema 2020-12, which JSON Schema ignores: slips
# of the spec's (`optional: true` on a property, `min_items`/`max_items` on an array's items
# schema, draft 2019-09's `$recursiveRef`). This run applies no overlay; the errata overlay the
# project applies by default rewrites the `$recursiveRef`s as `$ref`s (its last actions).
_IGNORED = "not JSON Schema 2020-12 keywords, ignored as JSON Schema says"
KNOWN_IMPRECISE: frozenset[str] = frozenset(
    {
        f"#/components/schemas/CreateTranscriptionResponseJson/properties/logprobs: {_IGNORED}: `optional`",
        f"#/components/schemas/GraderScoreModel/properties/range/items: {_IGNORED}: `max_items`, `min_items`",
        *(
            line
            for name in ("CompoundFilter", "BetaCompoundFilter")
            for line in (
                f"#/components/schemas/{name}: {_IGNORED}: `$recursiveAnchor`",
                f"#/components/schemas/{name}/properties/filters/items/oneOf/1: {_IGNORED}: `$recursiveRef`",
            )
        ),
    }
)
LAZY_LIMIT = 10  # `import openai_all` alone imports fewer submodules than this
WAIT = 240  # seconds a background check may take


# ---------------------------------------------------------------------------------------------
# The spec, read once (also at collection time, for the example cases)
# ---------------------------------------------------------------------------------------------


@functools.cache
def spec_data() -> dict[str, Any]:
    return load_spec(SPEC).data if SPEC.is_file() else {}


def operations() -> set[str]:
    """Every operation of `paths` (`METHOD /path`): `--all` generates each in a module."""
    return {
        f"{method.upper()} {path}"
        for path, item in (spec_data().get("paths") or {}).items()
        for method, op in item.items()
        if isinstance(op, dict) and method in ("get", "put", "post", "delete", "patch")
    }


def schemas() -> dict[str, Any]:
    data = spec_data()
    return data.get("components", {}).get("schemas", {}) if data else {}


# Keywords whose value is one schema, a list of schemas, or a map of names to schemas.
_ONE = (
    "additionalProperties",
    "items",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
)
_LIST = ("anyOf", "oneOf", "allOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def subschemas(node: Any) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every direct subschema of a schema, with the pointer tokens that lead to it."""
    if not isinstance(node, dict):
        return
    for key in _ONE:
        if isinstance(node.get(key), dict):
            yield (key,), node[key]
    for key in _LIST:
        if isinstance(node.get(key), list):
            for i, child in enumerate(node[key]):
                yield (key, str(i)), child
    for key in _MAP:
        if isinstance(node.get(key), dict):
            for name, child in node[key].items():
                yield (key, name), child


def walk(
    node: Any, tokens: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every schema node below (and including) `node`; extensions and values are not entered."""
    if isinstance(node, dict):
        yield tokens, node
        for sub, child in subschemas(node):
            yield from walk(child, tokens + sub)


# ---------------------------------------------------------------------------------------------
# The generated package and its background checks
# ---------------------------------------------------------------------------------------------


@dataclass
class Background:
    """A process started now and waited for later, its output in files (no pipe can fill up)."""

    name: str
    args: list[str]
    cwd: Path
    logs: Path
    process: subprocess.Popen[bytes] | None = None
    files: list[IO[bytes]] = field(default_factory=list)

    def start(self) -> Background:
        out = open(self.logs / f"{self.name}.out", "wb")  # closed in result() or stop()
        err = open(self.logs / f"{self.name}.err", "wb")
        self.files = [out, err]
        self.process = subprocess.Popen(self.args, cwd=self.cwd, stdout=out, stderr=err)
        return self

    def result(self) -> subprocess.CompletedProcess[str]:
        assert self.process is not None
        try:
            code = self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"{self.name} took more than {WAIT}s")
        for f in self.files:
            f.close()
        out = (self.logs / f"{self.name}.out").read_text(encoding="utf-8", errors="replace")
        err = (self.logs / f"{self.name}.err").read_text(encoding="utf-8", errors="replace")
        return subprocess.CompletedProcess(self.args, code, out, err)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for f in self.files:
            f.close()


@dataclass
class Whole:
    out: Path  # the folder holding the package (what goes on sys.path)
    package_dir: Path
    stdout: str
    stderr: str
    exports: dict[str, tuple[str, ...]]  # module -> public names, from the package's __init__
    checks: dict[str, Background]


# Imports every module and resolves every name of the package; prints a JSON report.
IMPORT_ALL = r"""
import importlib, json, pkgutil, sys
import openai_all as pkg

prefix = pkg.__name__ + "."
loaded = lambda: sorted(m for m in sys.modules if m.startswith(prefix))
report = {"after_import": loaded()}
one = getattr(pkg, sys.argv[1])
report["one_module"] = one.__module__
report["after_one"] = loaded()
errors, values = [], {}
for name in pkg.__all__:
    try:
        values[name] = getattr(pkg, name)
    except Exception as exc:
        errors.append(f"pkg.{name}: {type(exc).__name__}: {exc}")
owners = {}
modules = [m.name for m in pkgutil.iter_modules(pkg.__path__)]
for module in modules:
    try:
        mod = importlib.import_module(prefix + module)
    except Exception as exc:
        errors.append(f"import {module}: {type(exc).__name__}: {exc}")
        continue
    for name in getattr(mod, "__all__", ()):
        owners.setdefault(name, []).append(module)
        if name not in values:
            errors.append(f"{module}.{name} is not a name of the package")
        elif values[name] is not getattr(mod, name):
            errors.append(f"pkg.{name} is not {module}.{name}")
for name, where in owners.items():
    if len(where) > 1:
        errors.append(f"{name} is defined by several modules: {where}")
report.update(modules=len(modules), names=len(pkg.__all__), defined=len(owners), errors=errors,
              dir_ok=dir(pkg) == sorted(pkg.__all__), loaded_at_end=len(loaded()))
print(json.dumps(report))
"""
LAZY_NAME = "RealtimeSession"


def _exports(init: Path) -> dict[str, tuple[str, ...]]:
    """The `_MODULES` table of the package's `__init__` (module -> the names it defines)."""
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        ):
            if node.target.id == "_MODULES":
                value: dict[str, tuple[str, ...]] = ast.literal_eval(node.value)
                return value
    raise AssertionError(f"{init} has no _MODULES table")


@pytest.fixture(scope="session")
def whole(whole_spec: WholeSpec) -> Iterator[Whole]:
    out, logs, package_dir = whole_spec.out, whole_spec.logs, whole_spec.package_dir
    py = sys.executable
    checks = {
        "mypy": Background(
            "mypy",
            [
                py,
                "-m",
                "mypy",
                "--config-file",
                "",
                "--strict",
                "--python-version",
                "3.10",
                "--cache-dir",
                str(logs / "mypy_cache"),
                "-p",
                PACKAGE,
            ],
            out,
            logs,
        ),
        "ruff": Background("ruff", [py, "-m", "ruff", *RUFF_CHECK, PACKAGE], out, logs),
        "import_all": Background(
            "import_all", [py, "-W", "error", "-c", IMPORT_ALL, LAZY_NAME], out, logs
        ),
    }
    try:
        for check in checks.values():
            check.start()
        exports = _exports(package_dir / "__init__.py")
        yield Whole(out, package_dir, whole_spec.stdout, whole_spec.stderr, exports, checks)
    finally:
        for check in checks.values():
            check.stop()


@dataclass(frozen=True)
class Naming:
    modules: dict[str, str]  # component -> module, from the spec's keys alone
    names: naming.Names  # the generator's names of the whole model
    kinds: dict[str, str]  # component -> "class" | "alias"
    operations: dict[str, str]  # operation module -> its descriptor (`--all`: every operation)


@pytest.fixture(scope="session")
def spec_naming(spec_path: Path) -> Naming:
    keys = tuple(schemas())
    by_keys = naming.assign(ir.Model(defs=(), roots=(), components=keys))
    model = build.Builder(load_spec(spec_path)).build([], everything=True, all_operations=True)
    kinds = {}
    for d in model.defs:
        if d.hint.owner is None:
            kinds[d.hint.component] = "class" if isinstance(d, ir.ClassDef) else "alias"
    names = naming.assign(model)
    operations = {names.module[op.component]: names.const[op.pointer] for op in model.operations}
    return Naming(by_keys.module, names, kinds, operations)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


def test_every_component_schema_is_in_the_package(whole: Whole, spec_naming: Naming) -> None:
    problems = []
    for component in schemas():
        module = spec_naming.modules[component]
        pointer = component_pointer(component)
        name = spec_naming.names.of.get(pointer)
        if name is None or component not in spec_naming.kinds:
            problems.append(f"{component}: no definition generated")
            continue
        if spec_naming.names.module.get(component) != module:
            problems.append(
                f"{component}: module {spec_naming.names.module.get(component)!r}, expected {module!r}"
            )
        if not (whole.package_dir / f"{module}.py").is_file():
            problems.append(f"{component}: no file {module}.py")
        wanted = [name]
        if spec_naming.kinds[component] == "alias":
            snake = spec_naming.names.snake(pointer)
            wanted += [f"parse_{snake}", f"dump_{snake}"]
        missing = [n for n in wanted if n not in whole.exports.get(module, ())]
        if missing:
            problems.append(f"{component}: {module} does not export {missing}")
    files = {p.stem for p in whole.package_dir.glob("*.py")} - {
        "__init__",
        "_runtime",
        "_validator",
        "_operations",
    }
    extra = files - set(spec_naming.modules.values()) - set(spec_naming.operations)
    assert not extra, f"modules that are no component and no operation: {sorted(extra)}"
    assert not problems, f"{len(problems)} of {len(schemas())} components:\n" + "\n".join(
        problems[:50]
    )
    assert len(files) == len(schemas()) + len(spec_naming.operations)


def test_every_operation_has_a_module_and_a_descriptor(whole: Whole, spec_naming: Naming) -> None:
    """`--all` generates every operation of `paths`, each in a module of its own that exports
    its descriptor, and the package's `_meta.json` lists them."""
    assert len(spec_naming.operations) == len(operations())
    for module, const in spec_naming.operations.items():
        assert const in whole.exports.get(module, ()), (module, const)
    meta = json.loads((whole.package_dir / "_meta.json").read_text(encoding="utf-8"))
    assert set(meta["operations"]) == operations()


def _spec_words() -> set[str]:
    """The spec's own words, as a name would spell them: component names, titles, property
    names, enum and const strings and discriminator tags."""
    words: set[str] = set(schemas())
    for schema in schemas().values():
        for _, node in walk(schema):
            if isinstance(node.get("title"), str):
                words.add(node["title"])
            if isinstance(node.get("properties"), dict):
                words.update(node["properties"])
            values = list(node["enum"]) if isinstance(node.get("enum"), list) else []
            if "const" in node:
                values.append(node["const"])
            words.update(v for v in values if isinstance(v, str))
            disc = node.get("discriminator")
            mapping = disc.get("mapping") if isinstance(disc, dict) else None
            if isinstance(mapping, dict):
                words.update(str(k) for k in mapping)
    # An operation's responses and events are named by their status codes (`...Response200`).
    for item in (spec_data().get("paths") or {}).values():
        for op in item.values():
            for status in (op.get("responses") or {}) if isinstance(op, dict) else ():
                words.update((f"response {status}", f"event {status}"))
    return {naming.pascal_case(w) for w in words}


_NUMBERED = re.compile(r"\d+$")
_COUNTER = re.compile(r"(?:Type|Schema|AnyOf|OneOf|AllOf|Variant|Option|Item)\d+")


def test_no_numbered_or_order_dependent_names(whole: Whole) -> None:
    """A name ends in digits, or has `Type2`-like counters, only when the spec's words do."""
    words = _spec_words()
    # A bare number ("4", an enum value) would excuse any name ending in it: words need a letter.
    numbered_words = {w for w in words if _NUMBERED.search(w) and re.search("[A-Za-z]", w)}
    names = [
        n
        for names in whole.exports.values()
        for n in names
        if not n.startswith(("parse_", "dump_"))
    ]
    assert len(names) >= len(schemas())  # a class or alias per component at least
    bad = []
    for name in names:
        if _NUMBERED.search(name) and not any(name.endswith(w) for w in numbered_words):
            bad.append(f"{name}: ends in a number the spec does not give")
        for match in _COUNTER.finditer(name):
            if not any(match.group() in w for w in words):
                bad.append(f"{name}: counter {match.group()!r}")
        if name.endswith("_") and not keyword.iskeyword(name.rstrip("_")):
            bad.append(f"{name}: trailing underscore (a name taken twice)")
    assert not bad, "\n".join(bad)


def test_imprecise_report_is_the_known_short_list(whole: Whole) -> None:
    lines = whole.stderr.splitlines()
    imprecise = {
        line.removeprefix("imprecise: ") for line in lines if line.startswith("imprecise: ")
    }
    other = [line for line in lines if not line.startswith(("imprecise: ", "note: "))]
    assert not other, f"unexpected output on stderr: {other}"
    assert imprecise <= KNOWN_IMPRECISE, (
        f"new imprecise types: {sorted(imprecise - KNOWN_IMPRECISE)}"
    )
    summary = re.search(r"imprecise types: (\w+)", whole.stdout)
    assert summary is not None, whole.stdout
    assert summary.group(1) == (str(len(imprecise)) if imprecise else "none")
    # + an operation module each, __init__, _runtime, _validator, _operations
    modules = len(schemas()) + len(operations()) + 4
    assert re.search(rf"{modules} modules", whole.stdout), whole.stdout


# ---------------------------------------------------------------------------------------------
# Imports, types, lint
# ---------------------------------------------------------------------------------------------


def test_import_of_the_package_alone_is_lazy(whole: Whole) -> None:
    script = f"import json, sys; import {PACKAGE}; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        cwd=whole.out,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    submodules = [m for m in json.loads(proc.stdout) if m.startswith(PACKAGE + ".")]
    assert len(submodules) < LAZY_LIMIT, submodules


def test_every_module_imports_and_every_name_resolves_lazily(whole: Whole) -> None:
    proc = whole.checks["import_all"].result()
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert len(report["after_import"]) < LAZY_LIMIT
    module = naming.snake_case(LAZY_NAME)
    assert report["one_module"] == f"{PACKAGE}.{module}"
    # One name brings its module and what that module needs, not the package.
    assert f"{PACKAGE}.{module}" in report["after_one"]
    assert len(report["after_one"]) < report["modules"] // 20, report["after_one"]
    # + an operation module each, _runtime, _validator, _operations
    assert report["modules"] == len(schemas()) + len(operations()) + 3
    assert report["defined"] == sum(len(v) for v in whole.exports.values())
    assert report["names"] >= report["defined"]
    assert report["dir_ok"]
    assert report["loaded_at_end"] == report["modules"]


def test_mypy_strict_passes(whole: Whole) -> None:
    proc = whole.checks["mypy"].result()
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]
    # + an operation module each, __init__, _runtime, _validator, _operations
    files = len(schemas()) + len(operations()) + 4
    assert f"in {files} source files" in proc.stdout, proc.stdout


def test_ruff_passes(whole: Whole) -> None:
    proc = whole.checks["ruff"].result()
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]


# ---------------------------------------------------------------------------------------------
# Examples of the spec round trip
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleCase:
    component: str
    tokens: tuple[str, ...]  # from the component schema down to the schema that has the example

    @property
    def pointer(self) -> str:
        return component_pointer(self.component) + "".join("/" + escape(t) for t in self.tokens)

    @property
    def id(self) -> str:
        return self.pointer.removeprefix(COMPONENT_PREFIX)

    @property
    def level(self) -> str:
        if not self.tokens:
            return "component"
        return "property" if "properties" in self.tokens else "member/item"


def example_cases() -> list[ExampleCase]:
    return [
        ExampleCase(component, tokens)
        for component, schema in schemas().items()
        for tokens, node in walk(schema)
        if "example" in node
    ]


# Cases that fail because of a generator bug: id -> reason (strict xfail: fixing one shows).
KNOWN_FAILURES: dict[str, str] = {}

EXAMPLE_CASES = [
    pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[c.id]))
    if c.id in KNOWN_FAILURES
    else pytest.param(c, id=c.id)
    for c in example_cases()
]

NO_VALUE = object()


def _child(container: Any, token: str) -> Any:
    return container[int(token)] if isinstance(container, list) else container[token]


class Examples:
    """jsonschema validation against the whole spec document, and filler values."""

    BASE = "urn:openapi-spec"

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.registry: Registry[Any] = Registry().with_resource(
            self.BASE, DRAFT202012.create_resource(spec)
        )

    def errors(self, pointer: str, instance: Any) -> list[str]:
        validator = Draft202012Validator({"$ref": self.BASE + pointer}, registry=self.registry)
        return [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(instance)
        ]

    def lookup(self, pointer: str) -> Any:
        node: Any = self.spec
        for raw in pointer.lstrip("#").split("/")[1:]:
            token = unescape(raw)
            node = _child(node, token)
        return node

    def deref(self, node: Any) -> Any:
        for _ in range(20):
            if (
                isinstance(node, dict)
                and isinstance(node.get("$ref"), str)
                and node["$ref"].startswith("#/")
            ):
                node = self.lookup(node["$ref"])
            else:
                break
        return node

    def filler(self, schema: Any, samples: bool, depth: int = 0) -> Any:
        """A plain value of a schema, for a required sibling property: its const or first enum
        value, else (`samples` first or last) its example or default, else the simplest value of
        its type; NO_VALUE if none of these."""
        node = self.deref(schema)
        if not isinstance(node, dict) or depth > 6:
            return NO_VALUE
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            return node["enum"][0]
        sample = next((node[k] for k in ("example", "default") if k in node), NO_VALUE)
        if samples and sample is not NO_VALUE:
            return sample
        kind = node.get("type")
        kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
        if kind is None and isinstance(node.get("properties"), dict):
            kind = "object"
        union: list[Any] = next(
            (node[k] for k in ("anyOf", "oneOf") if isinstance(node.get(k), list)), []
        )
        requires = bool(union) and all(
            isinstance(m, dict) and set(m) == {"required"} for m in union
        )
        if kind == "object" and (not union or requires):
            value = self.fill({}, node, samples, depth + 1)
            if requires and isinstance(value, dict):  # `anyOf: [{required: [a]}, {required: [b]}]`
                first = {"properties": node.get("properties", {}), **union[0]}
                value = self.fill(value, first, samples, depth + 1)
            return value
        for key in ("anyOf", "oneOf", "allOf"):
            if isinstance(node.get(key), list):
                for member in node[key]:
                    value = self.filler(member, samples, depth + 1)
                    if value is not NO_VALUE:
                        return value
                return sample
        simple = {
            "string": "x" * int(node.get("minLength", 0)),
            "integer": int(node.get("minimum", 0)),
            "number": node.get("minimum", 0),
            "boolean": False,
            "null": None,
        }
        if kind in simple:
            return simple[kind]
        if kind == "array":
            item = (
                self.filler(node.get("items", {}), samples, depth + 1)
                if node.get("minItems")
                else None
            )
            return NO_VALUE if item is NO_VALUE else [item] * int(node.get("minItems", 0))
        return sample

    def fill(
        self, value: dict[str, Any], node: dict[str, Any], samples: bool, depth: int = 0
    ) -> Any:
        """`value` plus fillers for the required properties of the object schema `node`."""
        props = node.get("properties", {}) if isinstance(node.get("properties"), dict) else {}
        out = dict(value)
        for name in node.get("required", []):
            if name in out:
                continue
            filler = self.filler(props.get(name, {}), samples, depth)
            if filler is NO_VALUE:
                return NO_VALUE
            out[name] = filler
        return out

    def enclose(self, case: ExampleCase, samples: bool) -> tuple[Any, str]:
        """An instance of the component that holds the example where it stands, or
        (NO_VALUE, why not); `samples`: fill required siblings with their own examples first."""
        node: Any = self.lookup(component_pointer(case.component))
        # (schema, keyword step) pairs from the component down to the schema with the example.
        steps: list[tuple[dict[str, Any], tuple[str, ...]]] = []
        tokens = case.tokens
        while tokens:
            width = 1 if tokens[0] in _ONE else 2
            step, tokens = tokens[:width], tokens[width:]
            steps.append((node, step))
            node = node[step[0]] if width == 1 else _child(node[step[0]], step[1])
        value = node["example"]
        for parent, step in reversed(steps):
            key = step[0]
            if key == "properties":
                value = self.fill({step[1]: value}, parent, samples)
            elif key == "items":
                value = [value]
            elif key == "additionalProperties":
                value = self.fill({"key": value}, parent, samples)
            elif key in ("anyOf", "oneOf"):
                pass  # an instance of a member is (meant to be) an instance of the union
            elif key == "allOf":
                for other in parent["allOf"]:
                    part = self.deref(other)
                    if isinstance(value, dict) and isinstance(part, dict) and value is not NO_VALUE:
                        value = self.fill(value, part, samples)
            else:
                return NO_VALUE, f"example under `{key}`: not wrapped"
            if value is NO_VALUE:
                return NO_VALUE, "a required sibling property has no simple value"
        return value, ""


@pytest.fixture(scope="session")
def examples(spec_path: Path) -> Examples:
    data = spec_data()
    if not str(data.get("openapi", "")).startswith("3.1"):
        pytest.skip("examples are validated for OpenAPI 3.1 specs only")
    return Examples(data)


def parsers(case: ExampleCase, spec_naming: Naming) -> tuple[Any, Any]:
    """The generated parse and dump functions of the component that holds an example."""
    module = importlib.import_module(f"{PACKAGE}.{spec_naming.modules[case.component]}")
    name = spec_naming.names.of[component_pointer(case.component)]
    if spec_naming.kinds[case.component] == "class":
        cls = getattr(module, name)
        return (lambda data: cls.from_dict(data, strict=True)), (lambda value: value.to_dict())
    snake = spec_naming.names.snake(component_pointer(case.component))
    return getattr(module, f"parse_{snake}"), getattr(module, f"dump_{snake}")


@pytest.mark.parametrize("case", EXAMPLE_CASES)
def test_spec_example_round_trips(
    case: ExampleCase, whole: Whole, spec_naming: Naming, examples: Examples
) -> None:
    if examples.errors(case.pointer, examples.lookup(case.pointer)["example"]):
        pytest.skip(f"{case.level} example: not valid against its own schema (jsonschema)")
    root = component_pointer(case.component)
    why = ""
    for samples in (True, False):  # required siblings: their own examples, else plain values
        instance, why = examples.enclose(case, samples)
        if instance is not NO_VALUE and not examples.errors(root, instance):
            break
    else:
        pytest.skip(
            f"{case.level} example: {why or 'no valid instance of its component could be built around it'}"
        )
    parse, dump = parsers(case, spec_naming)
    back = dump(parse(instance))
    diff = json_type_diff(back, instance)
    assert diff is None, (
        f"round trip differs at {diff}\n  in:  {json.dumps(instance)[:2000]}\n  out: {json.dumps(back)[:2000]}"
    )


def test_spec_examples_that_jsonschema_rejects_are_rejected(
    whole: Whole, spec_naming: Naming, examples: Examples
) -> None:
    """The examples skipped above as invalid: the strict parser rejects them too, where they
    make their component invalid (a wrong example can still fit another union member)."""
    runtime = importlib.import_module(f"{PACKAGE}._runtime")
    accepted, rejected = [], 0
    for case in example_cases():
        if not examples.errors(case.pointer, examples.lookup(case.pointer)["example"]):
            continue
        instance, _ = examples.enclose(case, samples=True)
        if instance is NO_VALUE or not examples.errors(component_pointer(case.component), instance):
            continue
        parse, _ = parsers(case, spec_naming)
        try:
            parse(instance)
        except runtime.ValidationError:
            rejected += 1
        else:
            accepted.append(
                f"{case.id}: {examples.errors(component_pointer(case.component), instance)[0]}"
            )
    assert not accepted, (
        f"accepted though jsonschema rejects them ({rejected} rejected):\n" + "\n".join(accepted)
    )


def test_example_cases_are_found() -> None:
    """The walk above sees every `example` of the component schemas (not a silent zero)."""
    raw = (
        re.findall(r"^\s+example:", SPEC.read_text(encoding="utf-8"), flags=re.M)
        if SPEC.is_file()
        else []
    )
    cases = example_cases()
    # a component's own example, as the test reads the spec
    tops = sum(1 for s in schemas().values() if isinstance(s, dict) and "example" in s)
    assert sum(1 for c in cases if c.level == "component") == tops
    assert tops < len(cases) <= len(raw)  # and deeper ones
