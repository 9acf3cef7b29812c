"""The spec of unions (`generator/view_unions.py`, reached through `view_parse.parse`): a union
dispatches on the JSON kind first (`branches`, in a fixed kind order; kinds whose members are
the same share a branch), then, among objects, on the discriminator (`tags`), and tries what is
left in turn (`trials`; `one_of` for oneOf). A branch of one member parses it without a second
kind test. `Type.unknown` says when tolerant parsing can meet an object no member takes."""

from __future__ import annotations

import pytest

from generator import ir
from generator.view_nodes import Branch, Check, Parse, TagGroup, Type
from generator.view_parse import parse
from generator.view_types import Reference, TypeViews

TEXT = "#/components/schemas/Text"
IMAGE = "#/components/schemas/Image"
AUDIO = "#/components/schemas/Audio"
FREE = "#/components/schemas/Free"  # an alias of a free-form object

STRING = ir.Primitive("string")
INTEGER = ir.Primitive("integer")
NUMBER = ir.Primitive("number")
BOOLEAN = ir.Primitive("boolean")
FINITE = Check("finite", "a finite number", "fail")


def views() -> TypeViews:
    refs = {
        TEXT: Reference("Text", "content", True, snake="text"),
        IMAGE: Reference("Image", "content", True, snake="image"),
        AUDIO: Reference("Audio", "audio", True, snake="audio"),
        FREE: Reference("Free", "free", False, ir.FreeObject(), "free"),
    }
    return TypeViews("content", refs)


def union(*members: ir.TypeExpr, kind: str = "anyOf", tags: object = None) -> ir.UnionType:
    disc = None if tags is None else ir.Discriminator("type", tags, True)  # type: ignore[arg-type]
    return ir.UnionType(members, kind, disc)  # type: ignore[arg-type]


def parsed(t: ir.UnionType, stem: str = "v") -> Parse:
    p = parse(views(), t, stem)
    assert p.kind == "union" and p.stem == stem
    return p


def branches(t: ir.UnionType) -> dict[tuple[str, ...], Parse]:
    return {b.kinds: b.parse for b in parsed(t).branches}


def cls(name: str, stem: str = "v") -> Parse:
    return Parse("class", Type("ref", name=name), stem, name=name)


# -- dispatch on the JSON kind ---------------------------------------------------------------------


def test_one_branch_per_kind_in_kind_order_each_member_checked_once() -> None:
    p = parsed(union(STRING, INTEGER, BOOLEAN))
    assert p.branches == (
        Branch(("boolean",), Parse("leaf", Type("bool"))),
        Branch(("integer",), Parse("leaf", Type("int"))),
        Branch(("string",), Parse("leaf", Type("str"))),
    )
    assert p.type == Type("union", members=(Type("str"), Type("int"), Type("bool")))
    assert p.expected == "one of: a string, an integer, a boolean"


def test_kinds_of_the_same_members_share_a_branch() -> None:
    # A number takes JSON integers too: one branch tests `int` or `float`, then only finiteness.
    assert branches(union(STRING, NUMBER)) == {
        ("integer", "number"): Parse("leaf", Type("float"), checks=(FINITE,)),
        ("string",): Parse("leaf", Type("str")),
    }


def test_a_member_of_two_kinds_alone_in_them() -> None:
    values = ("auto", 1)
    p = branches(union(ir.LiteralType(values), BOOLEAN))
    assert list(p) == [("boolean",), ("integer", "string")]
    assert [c.test for c in p["integer", "string"].checks] == ["not_literal_kind", "not_literal"]


def test_members_sharing_a_kind_are_tried_in_that_kind_only() -> None:
    p = branches(union(INTEGER, NUMBER))
    assert list(p) == [("integer",), ("number",)]
    trials = p["integer",]
    assert trials.kind == "trials" and not trials.one_of
    assert [(m.stem, m.type) for m in trials.members] == [("", Type("int")), ("", Type("float"))]
    assert [m.checks[0].test for m in trials.members] == ["type", "finite_number"]  # not checked
    assert trials.expected == "one of: an integer, a number"
    assert p["number",].type == Type("float")


def test_containers_and_null_in_their_own_branches() -> None:
    p = parsed(union(ir.NullOnly(), ir.ArrayType(STRING), ir.LiteralType(("a", "b"))))
    assert [b.kinds for b in p.branches] == [("null",), ("string",), ("array",)]
    null, enum, array = (b.parse for b in p.branches)
    assert null == Parse("null", Type("none"), "v")
    assert [c.test for c in enum.checks] == ["one_of"]
    assert (array.kind, array.stem) == ("list", "v__array")  # its temporaries: its own
    assert array.item is not None and array.item.checks[0].test == "type"


def test_any_json_value_takes_every_kind_but_the_one_another_member_shares() -> None:
    p = parsed(union(ir.RefType(TEXT), ir.JsonAny()))
    kinds = ("null", "boolean", "integer", "number", "string", "array")
    assert [b.kinds for b in p.branches] == [kinds, ("object",)]
    assert p.branches[0].parse == Parse("json", Type("json"), "v")
    objects = p.branches[1].parse
    assert objects.kind == "trials"
    assert [m.stem for m in objects.members] == ["v__object__0", "v__object__1"]


def test_a_single_object_member_is_parsed_under_the_union_stem() -> None:
    p = parsed(union(STRING, ir.RefType(TEXT)), stem="content")
    assert p.branches[1] == Branch(("object",), cls("Text", "content"))


# -- discriminated unions --------------------------------------------------------------------------


def test_a_tag_per_member() -> None:
    t = union(ir.RefType(TEXT), ir.RefType(IMAGE), tags=(("text", 0), ("image", 1)))
    p = parsed(t)
    assert [b.kinds for b in p.branches] == [("object",)]
    assert p.branches[0].parse == Parse(
        "tags",
        p.type,
        "v",
        tag="type",
        groups=(
            TagGroup(("text",), member=cls("Text")),
            TagGroup(("image",), member=cls("Image")),
        ),
        expected='one of "text", "image"',
    )
    assert p.expected == "one of: Text, Image"


def test_tag_values_of_one_member_form_one_group() -> None:
    t = union(ir.RefType(TEXT), ir.RefType(IMAGE), tags=(("a", 0), ("b", 1), ("c", 0)))
    groups = parsed(t).branches[0].parse.groups
    assert groups == (
        TagGroup(("a", "c"), member=cls("Text")),
        TagGroup(("b",), member=cls("Image")),
    )


def _shared(kind: str) -> Parse:
    members = (ir.RefType(TEXT), ir.RefType(IMAGE), ir.RefType(AUDIO))
    t = union(*members, kind=kind, tags=(("x", 0), ("x", 1), ("y", 2)))
    return parsed(t).branches[0].parse


@pytest.mark.parametrize("kind", ["anyOf", "oneOf"])
def test_a_tag_shared_by_two_members_tries_them(kind: str) -> None:
    tags = _shared(kind)
    assert tags.kind == "tags"
    shared, alone = tags.groups
    assert alone == TagGroup(("y",), member=cls("Audio"))
    assert shared.values == ("x",) and shared.member is None
    assert shared.trials == Parse(
        "trials",
        tags.type,
        "v",
        members=(cls("Text", "v__0"), cls("Image", "v__1")),
        one_of=kind == "oneOf",
        expected="one of: Text, Image",
    )


def test_a_shared_tag_is_named_once_in_the_message() -> None:
    assert _shared("oneOf").expected == 'one of "x", "y"'


def test_a_discriminator_that_misses_an_object_member_leaves_trials() -> None:
    t = union(ir.RefType(TEXT), ir.RefType(IMAGE), ir.FreeObject(), tags=(("text", 0), ("i", 1)))
    objects = parsed(t).branches[0].parse
    assert objects.kind == "trials"
    assert [m.stem for m in objects.members] == ["v__0", "v__1", "v__2"]


# -- undiscriminated objects -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["anyOf", "oneOf"])
def test_objects_without_a_tag_are_tried_in_turn(kind: str) -> None:
    t = union(STRING, ir.RefType(TEXT), ir.RefType(IMAGE), kind=kind)
    p = parsed(t, stem="part")
    assert p.branches[1] == Branch(
        ("object",),
        Parse(
            "trials",
            p.type,
            "part__object",
            # Stems number members by their place in the union, not in the branch; the
            # branch's kind keeps them apart from another branch's trials.
            members=(cls("Text", "part__object__1"), cls("Image", "part__object__2")),
            one_of=kind == "oneOf",
            expected="one of: Text, Image",
        ),
    )


def test_a_map_among_objects_is_tried_with_its_own_stem() -> None:
    p = parsed(union(ir.RefType(TEXT), ir.MapType(ir.RefType(AUDIO))))
    trials = p.branches[0].parse
    assert [(m.kind, m.stem) for m in trials.members] == [("class", "v__0"), ("dict", "v__1")]
    assert trials.members[1].item == cls("Audio", "v__1__value")


# -- the annotation: `unknown` -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "unknown"),
    [
        ((ir.RefType(TEXT), ir.RefType(IMAGE)), True),
        ((ir.RefType(TEXT), ir.MapType(STRING)), True),
        ((ir.RefType(TEXT), ir.RefType(IMAGE), ir.FreeObject()), False),
        ((ir.RefType(TEXT), ir.JsonAny()), False),
        ((ir.RefType(TEXT), STRING), False),
        ((ir.RefType(TEXT),), False),
        ((STRING, INTEGER), False),
    ],
    ids=["two-classes", "class-and-map", "free-form", "any", "one-object", "alone", "no-object"],
)
def test_unknown_when_two_or_more_members_are_objects_and_none_is_free_form(
    members: tuple[ir.TypeExpr, ...], unknown: bool
) -> None:
    tv = views()
    p = parse(tv, union(*members), "v")
    assert p.type.unknown is unknown
    assert ("UnknownVariant" in tv.spelled) is unknown


def test_unknown_holds_with_or_without_a_discriminator() -> None:
    t = union(ir.RefType(TEXT), ir.RefType(IMAGE), tags=(("text", 0), ("image", 1)))
    assert parsed(t).type.unknown


def test_a_ref_to_a_free_form_alias_is_free_form() -> None:
    assert not parsed(union(ir.RefType(TEXT), ir.RefType(FREE))).type.unknown


# -- labels in messages ----------------------------------------------------------------------------


def test_expected_names_every_member_by_its_label() -> None:
    t = union(
        ir.RefType(TEXT),
        ir.LiteralType(("auto", "none")),
        INTEGER,
        ir.ArrayType(STRING),
        ir.FreeObject(),
        ir.OpenEnum(("a",)),
        ir.NullOnly(),
    )
    assert parsed(t).expected == (
        'one of: Text, "auto" or "none", an integer, an array, an object, a string, null'
    )
