"""The spec of containers and references (`generator/view_parse.py`): arrays and maps parse each
item or value (stems `x__item`, `x__value`, one suffix per level), free-form JSON is copied,
references call a class's `_parse` or an alias's `_parse_<snake>`, and a nullable is null or its
inner value. Every node carries the stem its temporaries are named after; a reference to another
module records the import its name needs."""

from __future__ import annotations

import pytest

from generator import ir
from generator.view_nodes import Check, Parse, Type
from generator.view_parse import parse
from generator.view_types import Reference, TypeViews

SESSION = "#/components/schemas/Session"  # a class of this module
TOOL = "#/components/schemas/Tool"  # a class of module `tool`
CHOICE = "#/components/schemas/ToolChoice"  # an alias of a union, module `tool_choice`
MODE = "#/components/schemas/Mode"  # an alias of a closed enum, module `mode`

STRING = ir.Primitive("string")
IS_STR = Check("type", "a string", "kind", "str")
STR_LEAF = Parse("leaf", Type("str"), checks=(IS_STR,))
ONE_ITEM = ir.Constraints(min_items=1, max_items=4, unique_items=True)
SOME = ir.Constraints(min_properties=1, max_properties=3)
SOME_CHECKS = (
    Check("min_properties", "at least 1 property", "off", 1),
    Check("max_properties", "at most 3 properties", "off", 3),
)


def views(module: str = "session") -> TypeViews:
    choice = ir.UnionType((ir.LiteralType(("auto",)), ir.RefType(TOOL)), "anyOf")
    refs = {
        SESSION: Reference("Session", "session", True, snake="session"),
        TOOL: Reference("Tool", "tool", True, snake="tool"),
        CHOICE: Reference("ToolChoice", "tool_choice", False, choice, "tool_choice"),
        MODE: Reference("Mode", "mode", False, ir.LiteralType(("a", "b")), "mode"),
    }
    return TypeViews(module, refs)


def session_of(stem: str) -> Parse:
    return Parse("class", Type("ref", name="Session"), stem, name="Session")


# -- arrays ---------------------------------------------------------------------------------------


def test_an_array_parses_each_item_under_the_stem_x__item() -> None:
    assert parse(views(), ir.ArrayType(STRING), "tags") == Parse(
        "list", Type("list", items=Type("str")), "tags", item=STR_LEAF
    )


def test_array_size_checks() -> None:
    p = parse(views(), ir.ArrayType(STRING, ONE_ITEM), "tags")
    assert p.checks == (
        Check("min_items", "at least 1 item", "off", 1),
        Check("max_items", "at most 4 items", "off", 4),
        Check("unique_items", "unique items", "off"),
    )


def test_an_array_of_classes() -> None:
    p = parse(views(), ir.ArrayType(ir.RefType(SESSION)), "sessions")
    assert p == Parse(
        "list",
        Type("list", items=Type("ref", name="Session")),
        "sessions",
        item=session_of("sessions__item"),
    )


def test_nested_arrays_add_one_suffix_per_level() -> None:
    p = parse(views(), ir.ArrayType(ir.ArrayType(ir.RefType(SESSION))), "grid")
    assert p.item is not None and p.item.item is not None
    assert (p.stem, p.item.stem, p.item.item.stem) == ("grid", "grid__item", "grid__item__item")
    assert (p.kind, p.item.kind, p.item.item) == ("list", "list", session_of("grid__item__item"))
    assert p.type == Type("list", items=Type("list", items=Type("ref", name="Session")))


def test_an_array_of_an_enum_alias_checks_each_item_in_place() -> None:
    tv = views()
    p = parse(tv, ir.ArrayType(ir.RefType(MODE)), "modes")
    assert p.item == Parse(
        "leaf",
        Type("ref", name="Mode"),
        checks=(IS_STR, Check("one_of", 'one of "a", "b"', "value", ("a", "b"))),
    )
    assert tv.imports == {("mode", "Mode")}


# -- maps ------------------------------------------------------------------------------------------


def test_a_map_parses_each_value_under_the_stem_x__value() -> None:
    assert parse(views(), ir.MapType(STRING, SOME), "labels") == Parse(
        "dict", Type("dict", items=Type("str")), "labels", checks=SOME_CHECKS, item=STR_LEAF
    )


def test_a_map_of_arrays_of_classes() -> None:
    p = parse(views(), ir.MapType(ir.ArrayType(ir.RefType(SESSION))), "by_user")
    assert p.item is not None and p.item.item is not None
    assert (p.kind, p.item.kind) == ("dict", "list")
    assert (p.item.stem, p.item.item) == ("by_user__value", session_of("by_user__value__item"))


# -- free-form JSON and null -----------------------------------------------------------------------


def test_a_free_form_object_is_copied_with_its_size_checks() -> None:
    tv = views()
    assert parse(tv, ir.FreeObject(SOME), "metadata") == Parse(
        "json_object", Type("json_object"), "metadata", checks=SOME_CHECKS
    )
    assert tv.spelled == {"JsonValue"}


def test_a_free_form_object_without_bounds_has_no_checks() -> None:
    assert parse(views(), ir.FreeObject(), "metadata").checks == ()


def test_any_json_value() -> None:
    tv = views()
    assert parse(tv, ir.JsonAny(), "extra") == Parse("json", Type("json"), "extra")
    assert tv.spelled == {"JsonValue"}


def test_null_only() -> None:
    assert parse(views(), ir.NullOnly(), "nothing") == Parse("null", Type("none"), "nothing")


# -- references ------------------------------------------------------------------------------------


def test_a_ref_to_a_class_of_the_same_module_calls_its_parse_and_imports_nothing() -> None:
    tv = views()
    assert parse(tv, ir.RefType(SESSION), "parent") == session_of("parent")
    assert tv.imports == set()


def test_a_ref_to_a_class_of_another_module_records_the_import() -> None:
    tv = views()
    p = parse(tv, ir.RefType(TOOL), "tool")
    assert p == Parse("class", Type("ref", name="Tool"), "tool", name="Tool")
    assert tv.imports == {("tool", "Tool")}


def test_a_class_is_not_imported_into_its_own_module() -> None:
    tv = views("tool")
    parse(tv, ir.ArrayType(ir.RefType(TOOL)), "tools")
    assert tv.imports == set()


def test_a_ref_to_an_alias_calls_its_parse_function() -> None:
    tv = views()
    p = parse(tv, ir.RefType(CHOICE), "choice")
    assert p == Parse("alias", Type("ref", name="ToolChoice"), "choice", name="_parse_tool_choice")
    # The annotation names the alias, the code calls its function: both are imported.
    assert tv.imports == {("tool_choice", "ToolChoice"), ("tool_choice", "_parse_tool_choice")}


def test_a_ref_to_an_alias_in_its_own_module() -> None:
    tv = views("tool_choice")
    assert parse(tv, ir.RefType(CHOICE), "x").name == "_parse_tool_choice"
    assert tv.imports == set()


# -- nullables -------------------------------------------------------------------------------------


def test_a_nullable_leaf() -> None:
    p = parse(views(), ir.NullableType(STRING), "name")
    assert p == Parse("nullable", Type("nullable", items=Type("str")), "name", item=STR_LEAF)


def test_a_nullable_keeps_the_stem_of_its_value() -> None:
    p = parse(views(), ir.NullableType(ir.ArrayType(ir.RefType(SESSION))), "sessions")
    assert p.kind == "nullable" and p.stem == "sessions"
    assert p.item == parse(views(), ir.ArrayType(ir.RefType(SESSION)), "sessions")
    assert p.type == Type("nullable", items=Type("list", items=Type("ref", name="Session")))


def test_a_nullable_class_from_another_module() -> None:
    tv = views()
    p = parse(tv, ir.NullableType(ir.RefType(TOOL)), "tool")
    assert p.item == Parse("class", Type("ref", name="Tool"), "tool", name="Tool")
    assert tv.imports == {("tool", "Tool")}


# -- the stem and `checked` ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "t",
    [
        ir.JsonAny(),
        ir.FreeObject(),
        ir.NullOnly(),
        ir.ArrayType(STRING),
        ir.MapType(STRING),
        ir.RefType(SESSION),
        ir.RefType(CHOICE),
        ir.NullableType(ir.RefType(SESSION)),
    ],
    ids=lambda t: type(t).__name__,
)
def test_every_container_carries_the_stem_it_was_given(t: ir.TypeExpr) -> None:
    assert parse(views(), t, "field_name").stem == "field_name"


def test_a_leaf_has_no_temporaries_hence_no_stem() -> None:
    assert parse(views(), STRING, "name") == STR_LEAF


def test_checked_reaches_a_leaf_but_not_the_items_of_an_array() -> None:
    assert parse(views(), STRING, "name", True).checks == ()
    p = parse(views(), ir.ArrayType(STRING), "tags", True)
    assert p.item == STR_LEAF  # an item's kind is never tested by the array's caller
