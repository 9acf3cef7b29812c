"""The spec of leaves (`generator/view_leaves.py`): a string, number, boolean, enum or constant
is parsed in place by one chain of `Check`s (`Parse(kind="leaf")`). Each check names the
condition that makes a value bad (`test`), what the error message says was expected, how bad
the value is (`how`: "kind", "value", "off" or "fail") and the bound or values it compares with.
`checked=True` (a union already tested the JSON kind) leaves the kind test out."""

from __future__ import annotations

import pytest

from generator import ir
from generator.view_leaves import leaf, size_checks
from generator.view_nodes import Check, Parse, Type
from generator.view_types import Reference, TypeViews

COLOR = "#/components/schemas/Color"  # an alias: a closed string enum, in module `color`
SLUG = "#/components/schemas/Session/properties/slug"  # an alias defined in `session` itself
SESSION = "#/components/schemas/Session"  # a class
NOTHING = "#/components/schemas/Nothing"  # an alias of null only
NAMES = "#/components/schemas/Names"  # an alias of an array

IS_STR = Check("type", "a string", "kind", "str")
IS_INT = Check("type", "an integer", "kind", "int")
IS_BOOL = Check("type", "a boolean", "kind", "bool")
# An int or a finite float, in one test: `off_number` tells a NaN (a problem in every mode) from
# a value of another JSON type (tolerant parsing keeps a null).
IS_NUMBER = Check("finite_number", "a number", "number")
FINITE = Check("finite", "a finite number", "fail")


def views(module: str = "session") -> TypeViews:
    """The type views of `module`, which can refer to the definitions above."""
    pattern = ir.Constraints(pattern="^[a-z]+$", regex="^[a-z]+$")
    refs = {
        COLOR: Reference("Color", "color", False, ir.LiteralType(("red", "green")), "color"),
        SLUG: Reference("SessionSlug", "session", False, ir.Primitive("string", None, pattern)),
        SESSION: Reference("Session", "session", True, snake="session"),
        NOTHING: Reference("Nothing", "nothing", False, ir.NullOnly(), "nothing"),
        NAMES: Reference("Names", "names", False, ir.ArrayType(ir.Primitive("string")), "names"),
    }
    return TypeViews(module, refs)


def parsed(t: ir.TypeExpr, checked: bool = False) -> Parse:
    found = leaf(views(), t, checked)
    assert found is not None
    return found


def checks(t: ir.TypeExpr, checked: bool = False) -> tuple[Check, ...]:
    return parsed(t, checked).checks


def string(**constraints: object) -> ir.Primitive:
    return ir.Primitive("string", constraints=ir.Constraints(**constraints))


def number(kind: ir.PrimitiveKind = "number", **constraints: object) -> ir.Primitive:
    return ir.Primitive(kind, constraints=ir.Constraints(**constraints))


# -- strings, numbers, booleans ------------------------------------------------------------------


def test_a_plain_string_is_one_kind_test_with_no_guard_and_no_temporaries() -> None:
    assert parsed(ir.Primitive("string")) == Parse("leaf", Type("str"), checks=(IS_STR,))


def test_string_lengths_then_pattern() -> None:
    # `regex`: the pattern for Python's `re` (`ecma_regex.translate`), checked; `pattern` shown.
    assert checks(string(min_length=2, max_length=5, pattern="^[a-z]+$", regex="^[a-z]+\\Z")) == (
        IS_STR,
        Check("min_length", "a string of at least 2 characters", "off", 2),
        Check("max_length", "a string of at most 5 characters", "off", 5),
        Check("pattern", "a string matching '^[a-z]+$'", "off", "^[a-z]+\\Z"),
    )


def test_integer_bounds_and_multiple_of_without_a_finite_check() -> None:
    t = number("integer", minimum=0, maximum=10, multiple_of=2)
    assert parsed(t).type == Type("int")
    assert checks(t) == (
        IS_INT,
        Check("minimum", "a number >= 0", "off", 0),
        Check("maximum", "a number <= 10", "off", 10),
        Check("multiple_of", "a multiple of 2", "off", 2),
    )


def test_exclusive_bounds_follow_their_inclusive_kin() -> None:
    t = number("integer", minimum=1, exclusive_minimum=0, maximum=9, exclusive_maximum=10)
    assert checks(t) == (
        IS_INT,
        Check("minimum", "a number >= 1", "off", 1),
        Check("exclusive_minimum", "a number > 0", "off", 0),
        Check("maximum", "a number <= 9", "off", 9),
        Check("exclusive_maximum", "a number < 10", "off", 10),
    )


def test_a_number_is_an_int_or_a_finite_float_then_its_bounds() -> None:
    t = number(exclusive_minimum=0, maximum=1.5, multiple_of=0.25)
    assert parsed(t).type == Type("float")
    assert checks(t) == (
        IS_NUMBER,
        Check("exclusive_minimum", "a number > 0", "off", 0),
        Check("maximum", "a number <= 1.5", "off", 1.5),
        Check("multiple_of", "a multiple of 0.25", "off", 0.25),
    )


def test_a_boolean() -> None:
    assert parsed(ir.Primitive("boolean")) == Parse("leaf", Type("bool"), checks=(IS_BOOL,))


# -- enums and constants ---------------------------------------------------------------------------


def test_an_open_enum_is_any_string_with_its_constraints() -> None:
    tv = views()
    t = ir.OpenEnum(("alloy", "echo"), ir.Constraints(max_length=20))
    assert leaf(tv, t) == Parse(
        "leaf",
        Type("open_enum", values=("alloy", "echo")),
        checks=(IS_STR, Check("max_length", "a string of at most 20 characters", "off", 20)),
    )
    assert tv.spelled == {"Literal"}


def test_a_closed_string_enum_is_one_of_its_values() -> None:
    tv = views()
    assert leaf(tv, ir.LiteralType(("text", "audio"))) == Parse(
        "leaf",
        Type("literal", values=("text", "audio")),
        checks=(IS_STR, Check("one_of", 'one of "text", "audio"', "value", ("text", "audio"))),
    )
    assert tv.spelled == {"Literal"}


def test_a_closed_integer_enum_compares_json_numbers() -> None:
    # `1.0` is the JSON number 1 (JSON Schema's equality); `True` is not.
    assert checks(ir.LiteralType((1, 2, 3))) == (
        Check("not_literal_kind", "a number", "kind", (1, 2, 3)),
        Check("not_literal", "one of 1, 2, 3", "value", (1, 2, 3)),
    )


@pytest.mark.parametrize(
    ("values", "expected"), [((True, False), "one of true, false"), ((True,), "true")]
)
def test_boolean_values_are_compared_by_identity_never_guarded(
    values: tuple[bool, ...], expected: str
) -> None:
    # `not_bool`: `x is not True`, since `1 == True` in Python.
    assert parsed(ir.LiteralType(values)) == Parse(
        "leaf",
        Type("literal", values=values),
        checks=(IS_BOOL, Check("not_bool", expected, "value", values)),
    )


def test_a_single_string_const_checks_only_another_value() -> None:
    assert parsed(ir.LiteralType(("auto",), is_const=True)) == Parse(
        "leaf",
        Type("literal", values=("auto",)),
        checks=(IS_STR, Check("otherwise", '"auto"', "value")),
        guard="auto",
        has_guard=True,
    )


def test_a_null_const_is_guarded_by_none_which_has_guard_tells_from_no_guard() -> None:
    p = parsed(ir.LiteralType((None,)))
    assert (p.guard, p.has_guard) == (None, True)
    assert p.checks == (Check("null", "null", "kind"), Check("otherwise", "null", "value"))


def test_an_integer_const_is_not_guarded_by_equality() -> None:
    p = parsed(ir.LiteralType((1,), is_const=True))
    assert not p.has_guard
    assert p.checks[0] == Check("not_literal_kind", "a number", "kind", (1,))


@pytest.mark.parametrize(
    ("values", "expected"),
    [(("auto", 1), 'one of "auto", 1'), ((0.5,), "0.5"), (("a", None), 'one of "a", null')],
)
def test_literals_of_mixed_kinds_or_with_floats_test_kind_then_value(
    values: tuple[ir.JsonScalar, ...], expected: str
) -> None:
    numbers = all(isinstance(v, (int, float)) for v in values)
    assert checks(ir.LiteralType(values)) == (
        Check("not_literal_kind", "a number" if numbers else expected, "kind", values),
        Check("not_literal", expected, "value", values),
    )


def test_floats_leave_the_literal_annotation_for_float() -> None:
    assert parsed(ir.LiteralType((1, 2.5))).type == Type("literal", values=(1,), float_too=True)
    assert parsed(ir.LiteralType((0.5,))).type == Type("literal", values=(), float_too=True)


# -- aliases checked in place --------------------------------------------------------------------


def test_a_ref_to_an_enum_alias_is_checked_in_place_under_the_alias_name() -> None:
    tv = views()
    assert leaf(tv, ir.RefType(COLOR)) == Parse(
        "leaf",
        Type("ref", name="Color"),
        checks=(IS_STR, Check("one_of", 'one of "red", "green"', "value", ("red", "green"))),
    )
    assert tv.imports == {("color", "Color")}  # the annotation's name; no parse function


def test_a_ref_to_an_alias_of_the_same_module_imports_nothing() -> None:
    tv = views()
    p = leaf(tv, ir.RefType(SLUG))
    assert p is not None and p.type == Type("ref", name="SessionSlug")
    assert p.checks == (IS_STR, Check("pattern", "a string matching '^[a-z]+$'", "off", "^[a-z]+$"))
    assert tv.imports == set()


# -- checked: the kind already tested -------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "left"),
    [
        (ir.Primitive("string"), ()),
        (ir.Primitive("integer"), ()),
        (ir.Primitive("boolean"), ()),
        (ir.Primitive("number"), (FINITE,)),
        (ir.OpenEnum(("a",)), ()),
        (ir.LiteralType(("a", "b")), (Check("one_of", 'one of "a", "b"', "value", ("a", "b")),)),
        (ir.LiteralType((True,)), (Check("not_bool", "true", "value", (True,)),)),
        (ir.LiteralType(("a",)), (Check("otherwise", '"a"', "value"),)),
        (ir.RefType(COLOR), (Check("one_of", 'one of "red", "green"', "value", ("red", "green")),)),
    ],
)
def test_checked_drops_the_kind_test_only(t: ir.TypeExpr, left: tuple[Check, ...]) -> None:
    assert checks(t, checked=True) == left


def test_a_const_keeps_its_guard_when_checked() -> None:
    p = parsed(ir.LiteralType(("a",)), checked=True)
    assert (p.guard, p.has_guard) == ("a", True)


def test_mixed_literals_keep_both_checks_when_checked() -> None:
    values = ("auto", 1)
    assert checks(ir.LiteralType(values), checked=True) == checks(ir.LiteralType(values))


# -- not leaves ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "t",
    [
        ir.JsonAny(),
        ir.FreeObject(),
        ir.NullOnly(),
        ir.ArrayType(ir.Primitive("string")),
        ir.MapType(ir.Primitive("string")),
        ir.NullableType(ir.Primitive("string")),
        ir.UnionType((ir.Primitive("string"), ir.Primitive("integer")), "anyOf"),
        ir.RefType(SESSION),
        ir.RefType(NOTHING),
        ir.RefType(NAMES),
    ],
    ids=lambda t: type(t).__name__ if not isinstance(t, ir.RefType) else t.target.split("/")[-1],
)
def test_other_types_are_not_leaves(t: ir.TypeExpr) -> None:
    tv = views()
    assert leaf(tv, t) is None
    assert leaf(tv, t, checked=True) is None


# -- sizes of arrays and objects -----------------------------------------------------------------


def test_item_counts_and_unique_items() -> None:
    c = ir.Constraints(min_items=2, max_items=8, unique_items=True)
    assert size_checks(c, "items") == (
        Check("min_items", "at least 2 items", "off", 2),
        Check("max_items", "at most 8 items", "off", 8),
        Check("unique_items", "unique items", "off"),
    )


def test_property_counts_ignore_unique_items_and_item_bounds() -> None:
    c = ir.Constraints(min_properties=2, max_properties=16, min_items=1, unique_items=True)
    assert size_checks(c, "properties") == (
        Check("min_properties", "at least 2 properties", "off", 2),
        Check("max_properties", "at most 16 properties", "off", 16),
    )
    assert size_checks(ir.Constraints(min_properties=1), "items") == ()


def test_no_bounds_no_size_checks() -> None:
    assert size_checks(ir.NO_CONSTRAINTS, "items") == ()
    assert size_checks(ir.NO_CONSTRAINTS, "properties") == ()


def test_a_bound_of_one_is_singular() -> None:
    assert size_checks(ir.Constraints(min_items=1), "items")[0].expected == "at least 1 item"
    assert size_checks(ir.Constraints(max_properties=1), "properties")[0].expected == (
        "at most 1 property"
    )
    assert checks(string(min_length=1))[1].expected == "a string of at least 1 character"


# -- the contract ----------------------------------------------------------------------------------


def test_every_check_test_is_documented_in_the_contract() -> None:
    produced = {
        c.test
        for t in (
            number(minimum=0, exclusive_minimum=0, maximum=1, exclusive_maximum=1, multiple_of=1),
            string(min_length=1, max_length=2, pattern="a", regex="a"),
            ir.Primitive("boolean"),
            ir.LiteralType(("a", "b")),
            ir.LiteralType(("a",)),
            ir.LiteralType((None,)),
            ir.LiteralType((True,)),
            ir.LiteralType(("a", 1)),
        )
        for c in checks(t)
    }
    produced |= {
        c.test for c in size_checks(ir.Constraints(min_items=1, unique_items=True), "items")
    }
    documented = Check.__doc__ or ""
    assert sorted(t for t in produced if f'"{t}"' not in documented) == []
