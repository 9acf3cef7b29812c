"""Helpers of the build-stage tests: the IR of a small inline spec, and the IR values to compare
it with, spelled briefly."""

from __future__ import annotations

from typing import Any

import pytest

from generator import build, ir
from generator.errors import GeneratorError
from generator.load import SpecDocument

FILE = "inline.yaml"
STR = ir.Primitive("string")
INT = ir.Primitive("integer")
NUM = ir.Primitive("number")
BOOL = ir.Primitive("boolean")


def spec(schemas: dict[str, Any], openapi: str = "3.1.0") -> SpecDocument:
    data = {"openapi": openapi, "info": {"title": "t", "version": "1"}}
    return SpecDocument(FILE, "", "0" * 64, data={**data, "components": {"schemas": schemas}})


def model(schemas: dict[str, Any], roots: list[str] | None = None) -> ir.Model:
    """The IR of every component (or of the closure of `roots`)."""
    builder = build.Builder(spec(schemas))
    return builder.build(roots or [], everything=roots is None)


def defs(schemas: dict[str, Any]) -> dict[str, ir.NamedDef]:
    return model(schemas).by_pointer()


def the(schemas: dict[str, Any], name: str) -> ir.NamedDef:
    """The definition of one component."""
    return defs(schemas)[ptr(name)]


def alias_type(schemas: dict[str, Any], name: str = "T") -> ir.TypeExpr:
    """The type of a component that is an alias."""
    d = the(schemas, name)
    assert isinstance(d, ir.AliasDef), d
    return d.type


def field_types(schemas: dict[str, Any], name: str = "S") -> dict[str, ir.TypeExpr]:
    d = the(schemas, name)
    assert isinstance(d, ir.ClassDef), d
    return {f.json_name: f.type for f in d.fields}


def error(schemas: dict[str, Any], roots: list[str] | None = None) -> GeneratorError:
    with pytest.raises(GeneratorError) as info:
        model(schemas, roots)
    assert info.value.location is not None and info.value.location.file == FILE
    return info.value


def ptr(name: str, *tokens: str | int) -> str:
    return "/".join([f"#/components/schemas/{name}", *map(str, tokens)])


def ref(name: str, *tokens: str | int) -> ir.RefType:
    return ir.RefType(ptr(name, *tokens))


def component_hint(name: str) -> ir.NameHint:
    return ir.NameHint(component=name, owner=None, path=())


def inline_hint(
    component: str,
    *path: str,
    full_path: tuple[str, ...] | None = None,
    title: str | None = None,
    tag: str | None = None,
) -> ir.NameHint:
    return ir.NameHint(
        component=component,
        owner=ptr(component),
        path=path,
        full_path=path if full_path is None else full_path,
        title=title,
        tag=tag,
    )


def field(owner: str, name: str, t: ir.TypeExpr, required: bool = False, **kw: Any) -> ir.Field:
    """A field of the class at pointer `owner`, its schema at `owner/properties/name`."""
    return ir.Field(name, t, required, pointer=f"{owner}/properties/{name}", **kw)
