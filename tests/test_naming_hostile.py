"""Names from a hostile spec: names that Python, the package or the generated functions use,
names that collide once cleaned up or NFKC-normalised, and extreme names and sizes. Each must
give a package that imports, passes ruff (and mypy) and parses exactly what the spec says."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from generator import naming, python_names
from tests._build import model as build_model
from tests._build import ptr
from tests.conftest import ROOT, RUFF_CHECK

# Names that shadow what generated code uses: builtins, the package's imports and exports, the
# generated functions' parameters and locals, module names, dunders.
NAMES = """
type len data ctx str dict obj cls dataclasses _rt frozenset list int float bool None True
object Any TypeAlias Literal Unset UNSET ABSENT JsonValue ValidationError ErrorDetail Model
annotations __future__ json re math enum typing warnings path pre seen v x result out self value
key isinstance print super __init__
""".split()
OBJ = {"type": "object", "properties": {"p": {"type": "string"}}}


def _ptr(component: str) -> str:
    return ptr(component.replace("~", "~0").replace("/", "~1"))


def _names(schemas: dict[str, Any]) -> naming.Names:
    return naming.assign(build_model(schemas))


def test_there_are_fifty_names() -> None:
    assert len(NAMES) == len(set(NAMES)) == 50


# -- unit: naming ----------------------------------------------------------------------------------


def test_components_that_collide_after_clean_up_get_distinct_stable_names() -> None:
    schemas = {n: OBJ for n in ("a/b", "a~b", "Foo-Bar", "Foo.Bar", "½", "¼")}
    names = _names(schemas)
    again = _names(dict(reversed(schemas.items())))
    assert (names.of, names.module) == (again.of, again.module)
    assert {c: names.of[_ptr(c)] for c in schemas} == {
        "a/b": "a_solidus_b",
        "a~b": "a_tilde_b",
        "Foo-Bar": "Foo_hyphen_minus_Bar",
        "Foo.Bar": "Foo_full_stop_Bar",
        "½": "vulgar_fraction_one_half",
        "¼": "vulgar_fraction_one_quarter",
    }
    assert len(set(names.module.values())) == len(schemas)
    for component in schemas:
        assert any(f"component {component!r} named" in r for r in names.reports), component


def test_attributes_are_compared_in_nfkc_form() -> None:
    """Python reads the identifier `ﬁ` as `fi`: they must be two attributes, and fullwidth
    letters must not make a keyword or a name the class body uses."""
    keys = ["ﬁ", "fi", "ｉｆ", "ｓｔｒ", "x²", "½", "\u0301a", "__x", "a\x00b"]
    names = _names({"S": {"type": "object", "properties": {k: {"type": "string"} for k in keys}}})
    fields = {k: names.fields[(ptr("S"), k)] for k in keys}
    assert fields["fi"] == "fi" and fields["ﬁ"] == "fi_", fields
    assert fields["ｉｆ"] == "if_" and fields["ｓｔｒ"] == "str_" and fields["x²"] == "x2"
    assert len(set(fields.values())) == len(keys)
    for attr in fields.values():
        assert attr.isidentifier() and unicodedata.normalize("NFKC", attr) == attr, attr
    assert any("property 'ﬁ' is attribute 'fi_'" in r for r in names.reports)


def test_a_component_that_normalises_to_another_gets_its_own_name() -> None:
    names = _names({"ﬁ": OBJ, "fi": OBJ, "ｓｔｒ": OBJ})
    assert names.of[ptr("fi")] == "fi"
    assert names.of[ptr("ﬁ")] == "latin_small_ligature_fi"
    assert names.of[ptr("ｓｔｒ")] == "strSchema"


@pytest.mark.parametrize("name", NAMES)
def test_no_definition_takes_a_name_generated_code_uses(name: str) -> None:
    names = _names({name: OBJ, f"{name}E": {"enum": ["a"]}})
    final = names.of[ptr(name)]
    assert not final.startswith("__"), final  # mangled in class bodies
    assert final not in naming.PACKAGE_NAMES | python_names.BUILTINS
    assert not python_names.local(final)


def test_names_ruff_finds_ambiguous_are_not_taken(tmp_path: Path) -> None:
    """`I`, `O` and `l` read as 1 and 0 in some fonts: ruff's E741/E742 reject them as class,
    alias or attribute names (seen in a peer generator's test input)."""
    props = {"O": {"type": "integer"}, "l": {"type": "string"}}
    schemas = {"I": {"type": "object", "properties": props}, "l": {"enum": ["x"]}, "O": OBJ}
    names = _names(schemas)
    assert not {names.of[ptr(n)] for n in ("I", "l", "O")} & python_names.AMBIGUOUS
    assert {names.fields[(ptr("I"), k)] for k in ("O", "l")} == {"O_", "l_"}
    out = _generate(tmp_path, "ambiguous", schemas)
    _lint(out, mypy=False)


def test_a_very_long_module_name_is_bounded_and_distinct() -> None:
    long = "Very" * 80
    names = _names({long + "A": OBJ, long + "B": OBJ})
    modules = [names.module[c] for c in (long + "A", long + "B")]
    assert len(set(modules)) == 2 and all(len(m) <= naming.MODULE_LENGTH for m in modules)
    assert modules == [
        _names({long + "A": OBJ, long + "B": OBJ}).module[c] for c in (long + "A", long + "B")
    ]


# -- whole packages --------------------------------------------------------------------------------


def _generate(
    tmp: Path, package: str, schemas: dict[str, Any], title: str = "t", roots: tuple[str, ...] = ()
) -> Path:
    spec = tmp / f"{package}.json"
    info = {"title": title, "version": title}
    doc = {"openapi": "3.1.0", "info": info, "paths": {}, "components": {"schemas": schemas}}
    spec.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp / "out" / package
    command = [sys.executable, "-m", "generator", "generate", "--no-config"]
    command += ["--spec", str(spec), "--out", str(out), "--package", package]
    command += [a for root in roots for a in ("--root", root)] if roots else ["--all"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def _lint(*packages: Path, mypy: bool = True) -> None:
    ruff = [sys.executable, "-m", "ruff", *RUFF_CHECK, *map(str, packages)]
    result = subprocess.run(ruff, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:]
    if mypy:
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
        command += ["--python-version", "3.10", *map(str, packages)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-4000:]


def _run(tmp: Path, script: str) -> None:
    path = tmp / "check.py"
    path.write_text(PRELUDE + textwrap.dedent(script), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-I", "-B", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


# Finds each component's class (by the pointer in its docstring) and alias functions (by the
# module docstring), in every module of the package.
PRELUDE = """
import importlib, pkgutil, re, sys

def load(folder, name):
    sys.path.insert(0, folder)
    pkg = importlib.import_module(name)
    classes, parsers = {}, {}
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("_"):
            continue  # support code
        mod = importlib.import_module(name + "." + info.name)
        component = re.match(r"Models of\\s+`(.*?)`", mod.__doc__ or "")
        for key, obj in vars(mod).items():
            if getattr(obj, "__module__", None) != mod.__name__:
                continue
            if isinstance(obj, type) and issubclass(obj, pkg._runtime.Model):
                found = re.search(r"Schema:\\s+`#/components/schemas/(\\S+?)`", obj.__doc__)
                if found:  # else looked up by its name
                    classes[found.group(1)] = obj
            elif key.startswith("parse_") and component:
                stem = key[len("parse_"):]
                if stem.endswith("_json") and hasattr(mod, key[: -len("_json")]):
                    continue  # the JSON-text parser of the alias `parse_<stem>` serves
                parsers[component.group(1)] = (obj, getattr(mod, "dump_" + stem))
    return pkg, classes, parsers

def check(pkg, parse, dump, good, bad):
    for value in good:
        assert dump(parse(value)) == value, (value, dump(parse(value)))
    for value in bad:
        try:
            parse(value)
        except pkg.ValidationError:
            continue
        raise AssertionError(f"accepted {value!r}")
"""


def _class_schemas() -> dict[str, Any]:
    """Each name as a class with properties of every name (and one referring to the next
    class, one to an enum); beside it an enum, a union and a map over it."""
    schemas: dict[str, Any] = {}
    for i, name in enumerate(NAMES):
        following = NAMES[(i + 1) % len(NAMES)]
        properties: dict[str, Any] = {p: {"type": "string"} for p in NAMES}
        properties["ref"] = {"$ref": f"#/components/schemas/{following}E"}
        properties["cls_ref"] = {"$ref": f"#/components/schemas/{following}"}
        schemas[name] = {"type": "object", "required": ["type", "len"], "properties": properties}
        schemas[f"{name}E"] = {"type": "string", "enum": [name, "b"]}
        union = [{"$ref": f"#/components/schemas/{name}"}, {"type": "integer", "minimum": 0}]
        schemas[f"{name}U"] = {"anyOf": union}
        schemas[f"{name}M"] = {
            "type": "object",
            "additionalProperties": {"$ref": f"#/components/schemas/{name}E"},
        }
    return schemas


def _alias_schemas(enum_first: bool) -> dict[str, Any]:
    """Each name as an alias: an enum or a union (by turns), used by one class."""
    schemas: dict[str, Any] = {"Item": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    for i, name in enumerate(NAMES):
        if (i % 2 == 0) == enum_first:
            schemas[name] = {"type": "string", "enum": [name, "b"]}
        else:
            item = {"$ref": "#/components/schemas/Item"}
            schemas[name] = {"oneOf": [item, {"type": "integer", "minimum": 0}]}
    schemas["Holder"] = {
        "type": "object",
        "properties": {n: {"$ref": f"#/components/schemas/{n}"} for n in NAMES},
    }
    return schemas


def test_fifty_names_as_classes_aliases_and_properties(tmp_path: Path) -> None:
    packages = [
        _generate(tmp_path, "names_classes", _class_schemas()),
        _generate(tmp_path, "names_enums", _alias_schemas(enum_first=True)),
        _generate(tmp_path, "names_unions", _alias_schemas(enum_first=False)),
    ]
    _lint(*packages)
    out = str(tmp_path / "out")
    _run(
        tmp_path,
        f"""
NAMES = {NAMES!r}
pkg, classes, parsers = load({out + "/names_classes"!r}, "names_classes")
for i, name in enumerate(NAMES):
    cls = classes[name]
    following = NAMES[(i + 1) % len(NAMES)]
    data = {{p: "s" + p for p in NAMES}}
    data |= {{"ref": following, "cls_ref": {{"type": "t", "len": "l", "ref": "b"}}, "extra": [1]}}
    obj = cls.from_dict(data)
    assert obj.to_dict() == data and cls.from_json(obj.to_json()) == obj, name
    wrong = [{{"type": 1, "len": "x"}}, {{"len": "x"}}, {{**data, "ref": "zz"}},
             {{**data, "cls_ref": {{"type": "t"}}}}, {{**data, name: 3}}]
    check(pkg, cls.from_dict, None, [], wrong)
    good = {{"type": "t", "len": "l"}}
    check(pkg, *parsers[name + "E"], [name, "b"], ["zz", 1, None])
    check(pkg, *parsers[name + "U"], [good, 0, 7], [-1, "s", {{"len": "l"}}])
    check(pkg, *parsers[name + "M"], [{{"a": name}}, {{}}], [{{"a": "zz"}}, []])
for package in ("names_enums", "names_unions"):
    pkg, classes, parsers = load({out!r} + "/" + package, package)
    holder = classes["Holder"]
    data = {{}}
    for name in NAMES:
        parse, dump = parsers[name]
        if name in pkg.__dict__ or True:
            try:
                parse(name)
            except pkg.ValidationError:  # a union of Item and a non-negative integer
                check(pkg, parse, dump, [{{"n": 1}}, {{}}, 0], [-1, name, {{"n": "1"}}])
                data[name] = {{"n": 2}}
            else:  # an enum
                check(pkg, parse, dump, [name, "b"], ["zz", 0, None])
                data[name] = name
    obj = holder.from_dict(data)
    assert obj.to_dict() == data
    check(pkg, holder.from_dict, None, [], [{{**data, NAMES[0]: -5}}, {{**data, NAMES[1]: -5}}])
""",
    )


def test_extreme_names_and_sizes(tmp_path: Path) -> None:
    """A 1,000-member union, a 1,000-value enum, names and values of 300+ characters."""
    long = "Very" * 80
    key = "prop_" + "x" * 320
    members = [
        {
            "type": "object",
            "title": f"M{i}",
            "properties": {"k": {"const": f"k{i}"}, "p" * 300: {"type": "integer"}},
            "required": ["k"],
        }
        for i in range(1000)
    ]
    schemas = {
        long: {
            "type": "object",
            "required": [key],
            "properties": {
                key: {"type": "string", "enum": ["v" * 310, "w"]},
                "u": {"$ref": "#/components/schemas/Big"},
            },
        },
        "Big": {"oneOf": members, "discriminator": {"propertyName": "k"}},
        "BigEnum": {"type": "string", "enum": [f"value{i}" for i in range(1000)]},
        "BigAny": {"anyOf": [{"type": "string", "pattern": f"^a{i}$"} for i in range(1000)]},
        long.lower() + "_alias": {
            "anyOf": [{"$ref": f"#/components/schemas/{long}"}, {"type": "integer"}]
        },
    }
    package = _generate(tmp_path, "extreme", schemas, title="T" * 300)
    _lint(package, mypy=False)  # mypy --strict takes minutes over a 1,000-member union
    assert all(len(p.name.encode()) < 255 for p in (package / "extreme").iterdir())
    _run(
        tmp_path,
        f"""
pkg, classes, parsers = load({str(package)!r}, "extreme")
long, key = {long!r}, {key!r}
data = {{key: "v" * 310, "u": {{"k": "k999", "p" * 300: 5}}}}
obj = classes[long].from_dict(data)
assert obj.to_dict() == data and type(obj.u).__name__.endswith("M999"), type(obj.u)
check(pkg, classes[long].from_dict, None, [], [{{key: "v"}}, {{**data, "u": {{"k": "k1000"}}}}])
check(pkg, *parsers["Big"], [{{"k": "k0"}}, {{"k": "k500", "p" * 300: 1}}], [{{"k": "x"}}, 1])
check(pkg, *parsers["BigEnum"], ["value0", "value999"], ["value1000"])
check(pkg, *parsers["BigAny"], ["a0", "a999"], ["a1000", 1])
check(pkg, *parsers[long.lower() + "_alias"], [3, data], ["x"])
""",
    )


def test_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """A JSON spec's lone surrogate (which YAML refuses too) is bad input, never code."""
    with pytest.raises(AssertionError, match="lone surrogate"):
        _generate(tmp_path, "lone", {"S": {"type": "string", "description": "\ud800"}})


def test_strings_only_a_json_spec_can_hold(tmp_path: Path) -> None:
    """NULs, quotes, backslashes and U+2028 in a JSON spec's title, component
    and property names, descriptions, enum values, patterns, defaults and examples, and in a
    root's name (the `__init__` docstring names the roots): the package imports, passes ruff
    and mypy, and parses exactly those strings."""
    odd = '\x00"""\\\u2028\''
    root = 'R"""\\'
    schemas = {
        f"Q{odd}": {
            "type": "object",
            "description": f"{odd} coding: latin-1 {odd}",
            "required": [odd],
            "properties": {
                odd: {"type": "string", "enum": [odd, "b"], "default": odd, "examples": [odd]},
                f"p{odd}": {
                    "type": "string",
                    "pattern": "^" + odd.replace("\\", "\\\\") + "$",
                    "description": odd,
                },
                "e": {"$ref": "#/components/schemas/E"},
            },
        },
        "E": {"type": "string", "const": odd, "title": odd, "description": odd + "\\"},
        root: {"type": "object", "properties": {"q": {"$ref": f"#/components/schemas/Q{odd}"}}},
    }
    package = _generate(tmp_path, "odd", schemas, title=f"{odd}\ncoding: utf-7", roots=(root,))
    _lint(package)
    _run(
        tmp_path,
        f"""
pkg, classes, parsers = load({str(package)!r}, "odd")
odd, root = {odd!r}, {root!r}
assert pkg.SOURCE["spec"]["title"] == odd + "\\ncoding: utf-7"
cls = pkg.Q
assert cls.__doc__.startswith("\\x00\\"\\"\\"\\\\"), cls.__doc__
data = {{odd: odd, "p" + odd: odd, "e": odd}}
assert cls.from_dict(data).to_dict() == data
check(pkg, cls.from_dict, None, [], [{{**data, odd: "b" + odd}}, {{**data, "p" + odd: "x"}}, {{}}])
check(pkg, pkg.parse_e, pkg.dump_e, [odd], [odd[:-1]])
assert pkg.__doc__.startswith(f'Typed models of the OpenAI API: `{{root}}`'), pkg.__doc__
assert pkg.R.from_dict({{"q": data}}).to_dict() == {{"q": data}}
""",
    )


def test_what_the_run_prints_is_one_printable_line_each(tmp_path: Path) -> None:
    """Names and titles from the spec in `note:`/`imprecise:`/`error:` lines cannot break a line
    or send a terminal escape sequence."""
    hostile = "a\nb\x1b[31mred\x00"
    schemas = {hostile: OBJ, "a_b_31mred": OBJ, "Odd": {"type": "string", "optional": True}}
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {}}
    doc["components"] = {"schemas": schemas}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    command = [sys.executable, "-m", "generator", "generate", "--no-config"]
    command += ["--spec", str(spec), "--all", "--out", str(tmp_path / "out"), "--package", "p"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(("note: ", "imprecise: ")) for line in lines), lines
    assert all(line.isprintable() for line in lines), lines
    assert any("a\\nb\\x1b[31mred\\x00" in line for line in lines), lines
