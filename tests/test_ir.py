"""The helpers of the IR that every stage can use (`children`, `walk`, `refs_of`, `types_of`,
`strip_null`, `admits_null`, `nullable`), and `assert_never`, which makes a `match` over the
IR exhaustive under `mypy --strict` (see also `test_exhaustive.py`)."""

from __future__ import annotations

import typing

import pytest

from generator import ir

STR = ir.Primitive("string")
INT = ir.Primitive("integer")
REF = ir.RefType("#/components/schemas/A")

# One node of every type expression, and the expressions directly inside it.
NODES: dict[type, tuple[ir.TypeExpr, tuple[ir.TypeExpr, ...]]] = {
    ir.Primitive: (STR, ()),
    ir.JsonAny: (ir.JsonAny(), ()),
    ir.FreeObject: (ir.FreeObject(), ()),
    ir.NullOnly: (ir.NullOnly(), ()),
    ir.LiteralType: (ir.LiteralType(("a", "b")), ()),
    ir.OpenEnum: (ir.OpenEnum(("a",)), ()),
    ir.ArrayType: (ir.ArrayType(STR), (STR,)),
    ir.MapType: (ir.MapType(INT), (INT,)),
    ir.RefType: (REF, ()),
    ir.NullableType: (ir.NullableType(REF), (REF,)),
    ir.UnionType: (ir.UnionType((STR, REF), "anyOf"), (STR, REF)),
    ir.Asserted: (ir.Asserted(STR, ir.Assertion("#/x", ("not",), '{"not": {}}')), (STR,)),
}


def test_every_node_type_is_covered_here() -> None:
    assert set(NODES) == set(typing.get_args(ir.TypeExpr))


@pytest.mark.parametrize("kind", list(NODES), ids=lambda k: k.__name__)
def test_children(kind: type) -> None:
    node, inside = NODES[kind]
    assert ir.children(node) == inside


def test_walk_is_depth_first_parents_first() -> None:
    inner = ir.UnionType((STR, ir.ArrayType(REF)), "oneOf")
    t = ir.NullableType(ir.MapType(inner))
    assert list(ir.walk(t)) == [t, t.inner, inner, STR, ir.ArrayType(REF), REF]


def test_refs_of_in_order_with_repeats() -> None:
    b = ir.RefType("#/components/schemas/B")
    t = ir.UnionType((REF, ir.ArrayType(b), ir.MapType(ir.NullableType(REF))), "anyOf")
    assert list(ir.refs_of(t)) == [REF.target, b.target, REF.target]
    assert list(ir.refs_of(STR)) == []


def test_types_of_a_class_and_an_alias() -> None:
    hint = ir.NameHint(component="A", owner=None, path=())
    cls = ir.ClassDef(
        "#/a", hint, (ir.Field("x", STR, True), ir.Field("y", REF, False)), description=None
    )
    alias = ir.AliasDef("#/b", hint, ir.ArrayType(INT))
    assert ir.types_of(cls) == (STR, REF)
    assert ir.types_of(alias) == (ir.ArrayType(INT),)


def test_strip_null() -> None:
    assert ir.strip_null(ir.NullableType(STR)) == STR
    assert ir.strip_null(STR) == STR
    assert ir.strip_null(ir.NullOnly()) == ir.NullOnly()


@pytest.mark.parametrize(
    ("t", "admits"),
    [
        (ir.NullOnly(), True),
        (ir.NullableType(STR), True),
        (ir.JsonAny(), True),
        (ir.UnionType((STR, ir.JsonAny()), "anyOf"), True),  # through a member
        (ir.UnionType((STR, INT), "anyOf"), False),
        (ir.LiteralType(("a", None)), True),
        (ir.LiteralType(("a",)), False),
        (STR, False),
        (ir.FreeObject(), False),
        (ir.OpenEnum(("a",)), False),
        (ir.ArrayType(ir.NullOnly()), False),  # its items do, not the array
        (ir.MapType(ir.JsonAny()), False),
        (REF, False),  # without the definitions: only a wrapped reference admits null
    ],
)
def test_admits_null(t: ir.TypeExpr, admits: bool) -> None:
    assert ir.admits_null(t) is admits


def test_admits_null_follows_references_given_the_definitions() -> None:
    hint = ir.NameHint(component="X", owner=None, path=())

    def ref(name: str) -> ir.RefType:
        return ir.RefType(f"#/{name}")

    defs: dict[str, ir.NamedDef] = {
        "#/Any": ir.AliasDef("#/Any", hint, ir.JsonAny()),
        "#/Str": ir.AliasDef("#/Str", hint, STR),
        "#/NullableStr": ir.AliasDef("#/NullableStr", hint, STR, nullable=True),
        "#/Cls": ir.ClassDef("#/Cls", hint, ()),
        "#/NullableCls": ir.ClassDef("#/NullableCls", hint, (), nullable=True),
        "#/ToAny": ir.AliasDef("#/ToAny", hint, ir.UnionType((INT, ref("Any")), "anyOf")),
        "#/Loop": ir.AliasDef("#/Loop", hint, ir.UnionType((INT, ref("Loop2")), "anyOf")),
        "#/Loop2": ir.AliasDef("#/Loop2", hint, ref("Loop")),
    }
    answers = {name: ir.admits_null(ref(name), defs) for name in [d[2:] for d in defs]}
    assert answers == {
        "Any": True,
        "Str": False,
        "NullableStr": True,
        "Cls": False,
        "NullableCls": True,
        "ToAny": True,
        "Loop": False,  # a cycle of aliases adds no null
        "Loop2": False,
    }
    assert ir.admits_null(ref("Unknown"), defs) is False


def test_nullable_wraps_only_what_does_not_admit_null() -> None:
    assert ir.nullable(STR) == ir.NullableType(STR)
    assert ir.nullable(REF) == ir.NullableType(REF)
    for t in (ir.NullableType(STR), ir.NullOnly(), ir.JsonAny()):
        assert ir.nullable(t) is t
    union = ir.UnionType((STR, ir.JsonAny()), "anyOf")
    assert ir.nullable(union) is union


def test_assert_never_raises_when_reached() -> None:
    with pytest.raises(AssertionError, match="RefType"):
        ir.assert_never(REF)  # type: ignore[arg-type]
