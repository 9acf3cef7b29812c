"""The spec of classes and aliases as the templates see them (`generator/view_objects.py`) and of
the type views they are made of (`generator/view_types.py`): a field is a `simple` leaf checked
in place or a parsed value; every value has an annotation (`Type`) and a way back to JSON
(`Dump`); an alias has its parse (stem `result`), its dump and the names it refers to."""

from __future__ import annotations

import pytest

from generator import ir, layout, naming
from generator.view_leaves import leaf
from generator.view_nodes import AliasView, Check, ClassView, Dump, ModuleView, Parse, Type
from generator.view_objects import alias_view, class_view
from generator.view_types import KIND_ORDER, TypeViews

S = "#/components/schemas/"
SESSION, TOOL, VOICE, CHOICE, TOOLS = (
    S + n for n in ("Session", "Tool", "Voice", "Choice", "Tools")
)
MODE = SESSION + "/properties/mode"  # an alias defined inline, in module `session`
LOOP = S + "Loop"  # an alias that refers to itself

STRING = ir.Primitive("string")
NUMBER = ir.Primitive("number", constraints=ir.Constraints(minimum=0))
IS_STR = Check("type", "a string", "kind", "str")
TOOL_REF = Type("ref", name="Tool")
CHOICE_TYPE = ir.UnionType((ir.LiteralType(("auto", "none")), ir.RefType(TOOL)), "anyOf")
MODEL = Dump("model", null_safe=True)
CHOICE_ANNOTATION = Type("union", members=(Type("literal", values=("auto", "none")), TOOL_REF))


def ir_name(value: object) -> str | None:
    return type(value).__name__ if type(value).__module__ == "generator.ir" else None


def field(name: str, t: ir.TypeExpr, required: bool = False, doc: str | None = None) -> ir.Field:
    return ir.Field(name, t, required, description=doc)


def hint(component: str, owner: str | None = None, *path: str) -> ir.NameHint:
    return ir.NameHint(component, owner, path)


DEFS: tuple[ir.NamedDef, ...] = (
    ir.ClassDef(
        SESSION,
        hint("Session"),
        (
            field("model", ir.Primitive("string", None, ir.Constraints(max_length=64)), True, "M."),
            field("voice", ir.RefType(VOICE)),
            field("temperature", ir.NullableType(NUMBER)),
            field("tools", ir.ArrayType(ir.RefType(TOOL))),
            field("stop", ir.NullableType(ir.ArrayType(STRING))),
            field("dict", ir.MapType(STRING)),  # attribute `dict_`
            field("metadata", ir.FreeObject()),
            field("extra", ir.JsonAny()),
            field("choice", ir.RefType(CHOICE)),
            field("content", ir.UnionType((STRING, ir.RefType(TOOL)), "anyOf")),
            field("class", ir.LiteralType(("session",), is_const=True), True),
            field("nothing", ir.NullOnly()),
            field("mode", ir.RefType(MODE)),
            field("either", ir.UnionType((ir.RefType(TOOL), ir.RefType(SESSION)), "oneOf")),
            field("loop", ir.RefType(LOOP)),
        ),
        description="A session.",
    ),
    ir.ClassDef(TOOL, hint("Tool"), (field("name", STRING, True),), additional="forbid"),
    ir.AliasDef(VOICE, hint("Voice"), ir.LiteralType(("alloy", "echo"))),
    ir.AliasDef(CHOICE, hint("Choice"), CHOICE_TYPE, description="How to pick a tool."),
    ir.AliasDef(TOOLS, hint("Tools"), ir.ArrayType(ir.RefType(TOOL))),
    ir.AliasDef(MODE, hint("Session", SESSION, "mode"), ir.OpenEnum(("fast",))),
    ir.AliasDef(
        LOOP, hint("Loop"), ir.UnionType((STRING, ir.ArrayType(ir.RefType(LOOP))), "anyOf")
    ),
)
MODEL_IR = ir.Model(DEFS, ("Session",), ("Session", "Tool", "Voice", "Choice", "Tools", "Loop"))
NAMES = naming.assign(MODEL_IR)
PLAN = layout.plan(MODEL_IR, NAMES)
BY_POINTER = MODEL_IR.by_pointer()


def views(module: str = "session") -> TypeViews:
    return TypeViews(module, PLAN.refs)


def view_of(pointer: str, tv: TypeViews | None = None) -> ClassView:
    d = BY_POINTER[pointer]
    assert isinstance(d, ir.ClassDef)
    # `class_view` takes the plan's `classes` and `shared` (allOf reuse) where the plan has them.
    extra = [getattr(PLAN, n) for n in ("classes", "shared") if hasattr(PLAN, n)]
    return class_view(d, NAMES, tv or views(NAMES.module_of(d)), *extra)


def alias_of(pointer: str, tv: TypeViews | None = None) -> AliasView:
    d = BY_POINTER[pointer]
    assert isinstance(d, ir.AliasDef)
    return alias_view(d, NAMES, tv or views(NAMES.module_of(d)))


FIELDS = {f.json_name: f for f in view_of(SESSION).fields}


# -- classes ---------------------------------------------------------------------------------------


def test_fields_in_order_with_attribute_names() -> None:
    c = view_of(SESSION)
    assert (c.name, c.pointer) == ("Session", SESSION)
    session = BY_POINTER[SESSION]
    assert isinstance(session, ir.ClassDef)
    assert [f.json_name for f in c.fields] == [f.json_name for f in session.fields]
    assert FIELDS["class"].name == "class_" and FIELDS["model"].name == "model"


def test_optional_unless_required() -> None:
    assert {k for k, f in FIELDS.items() if not f.optional} == {"model", "class"}


def test_leaves_are_simple_and_checked_in_place() -> None:
    simple = {k for k, f in FIELDS.items() if f.simple}
    assert simple == {"model", "voice", "temperature", "class", "mode"}
    assert FIELDS["model"].parse == Parse(
        "leaf",
        Type("str"),
        checks=(IS_STR, Check("max_length", "a string of at most 64 characters", "off", 64)),
    )
    assert FIELDS["voice"].parse.type == Type("ref", name="Voice")  # the alias, checked in place
    assert (FIELDS["class"].parse.guard, FIELDS["class"].parse.has_guard) == ("session", True)


def test_other_fields_are_parsed_under_their_attribute_name() -> None:
    assert FIELDS["tools"].parse == Parse(
        "list",
        Type("list", items=TOOL_REF),
        "tools",
        item=Parse("class", TOOL_REF, "tools__item", name="Tool"),
    )
    assert FIELDS["choice"].parse == Parse(
        "alias", Type("ref", name="Choice"), "choice", name="_parse_choice"
    )
    assert FIELDS["nothing"].parse == Parse("null", Type("none"), "nothing")
    assert FIELDS["dict"].name == FIELDS["dict"].parse.stem == "dict_"


def test_a_nullable_leaf_is_checked_as_its_inner_value() -> None:
    f = FIELDS["temperature"]
    assert (f.simple, f.nullable) == (True, True)
    assert f.type == Type("nullable", items=Type("float"))  # the annotation keeps `| None`
    assert f.parse == leaf(views(), NUMBER)  # the template skips None (`record(..., nullable)`)


def test_a_nullable_container_is_parsed_as_a_nullable() -> None:
    f = FIELDS["stop"]
    assert (f.simple, f.nullable, f.parse.kind, f.parse.stem) == (False, True, "nullable", "stop")
    assert f.parse.item is not None and f.parse.item.kind == "list"
    assert not any(g.nullable for k, g in FIELDS.items() if k not in ("temperature", "stop"))


def test_dumps_of_fields() -> None:
    assert {k: f.dump for k, f in FIELDS.items()} == {
        "model": Dump("as_is"),
        "voice": Dump("as_is"),  # an enum alias is its own JSON form: no function call
        "temperature": Dump("as_is"),
        "tools": Dump("list", item=MODEL, null_safe=True),
        "stop": Dump("list", item=Dump("as_is"), null_safe=True),
        "dict": Dump("dict", item=Dump("as_is"), null_safe=True),
        "metadata": Dump("as_is"),  # free-form JSON: the model's own, not copied (test_free_form)
        "extra": Dump("as_is"),
        # a union of classes and values that are their own JSON form, through an alias or not:
        # `.to_dict()` when the value has it, no function call
        "choice": Dump("model_or_as_is"),
        "content": Dump("model_or_as_is"),
        "class": Dump("as_is"),
        "nothing": Dump("as_is"),
        "mode": Dump("as_is"),
        "either": MODEL,  # a union of classes (or an UnknownVariant): the value's own to_dict()
        "loop": Dump("alias", name="dump_loop", null_safe=True),  # any other union: its function
    }


def test_a_class_imports_what_its_fields_name() -> None:
    tv = views()
    view_of(SESSION, tv)
    assert tv.imports == {
        ("tool", "Tool"),
        ("voice", "Voice"),
        ("choice", "Choice"),
        ("choice", "_parse_choice"),
        ("loop", "Loop"),
        ("loop", "_parse_loop"),
        ("loop", "dump_loop"),
    }
    assert {"JsonValue", "Literal"} <= tv.spelled


def test_forbid_additional() -> None:
    assert view_of(TOOL).forbid_additional
    assert not view_of(SESSION).forbid_additional


def test_docstrings() -> None:
    doc = view_of(SESSION).doc
    assert doc.startswith(f"A session.\n\nSchema: `{SESSION}`.\n\nAttributes:\n")
    # One line per field (what help() shows): its description's first sentence, else the first
    # sentence of the schema it refers to, else its property's name; `extra_fields` last.
    attributes = doc.split("Attributes:\n")[1].split("\n")
    assert attributes[:3] == [
        "    model: M.",
        "    voice: The `voice` property.",
        "    temperature: The `temperature` property.",
    ]
    assert "    choice: How to pick a tool." in attributes
    assert "    dict_: The `dict` property." in attributes
    assert (
        attributes[-1]
        == "    extra_fields: Properties the spec does not declare, kept as received."
    )
    assert len(attributes) == len(FIELDS) + 1
    tool = view_of(TOOL)
    assert tool.doc.startswith("The `Tool` object (the spec gives no description).")
    assert "Additional properties are not allowed." in tool.doc
    assert FIELDS["model"].doc.startswith("M.\n\nRequired.")
    assert FIELDS["voice"].doc.startswith("See `Voice`.")  # the referenced has no description
    # A reference with no description of its own: the referenced schema's first sentence.
    assert FIELDS["choice"].doc.startswith("How to pick a tool. See `Choice`.")
    assert all(f.doc for f in FIELDS.values())


# -- aliases ---------------------------------------------------------------------------------------


def test_an_enum_alias() -> None:
    a = alias_of(VOICE)
    assert (a.name, a.snake, a.quoted, a.references) == ("Voice", "voice", False, frozenset())
    assert a.type == Type("literal", values=("alloy", "echo"))
    assert a.parse == leaf(views("voice"), ir.LiteralType(("alloy", "echo")))
    assert a.dump == Dump("as_is")
    assert a.doc.startswith("The `Voice` type (the spec gives no description).")


def test_a_union_alias_of_other_members_dumps_through_the_runtime() -> None:
    a = alias_of(LOOP, views("loop"))
    assert a.dump == Dump("any")  # an array of itself: the runtime's generic dump


def test_a_union_alias_is_parsed_into_result() -> None:
    tv = views("choice")
    a = alias_of(CHOICE, tv)
    assert a.type == CHOICE_ANNOTATION
    assert (a.parse.kind, a.parse.stem) == ("union", "result")
    assert a.dump == Dump("model_or_as_is")  # its dump function: `.to_dict()` where there is one
    assert a.references == frozenset({"Tool"})
    assert a.doc.startswith("How to pick a tool.")
    assert tv.imports == {("tool", "Tool")}


def test_an_alias_of_an_array_of_classes() -> None:
    a = alias_of(TOOLS)
    assert a.parse == Parse(
        "list",
        Type("list", items=TOOL_REF),
        "result",
        item=Parse("class", TOOL_REF, "result__item", name="Tool"),
    )
    assert a.dump == Dump("list", item=MODEL, null_safe=True)
    assert a.references == frozenset({"Tool"})


def test_a_recursive_alias_names_itself() -> None:
    a = alias_of(LOOP)
    assert a.references == frozenset({"Loop"})
    assert a.dump == Dump("any")
    assert not a.quoted  # quoting is the layout's decision


def stub(name: str, *refs: str) -> AliasView:
    p, t = Parse("json", Type("json")), Type("json")
    return AliasView(name, name.lower(), t, "", p, Dump("json"), False, frozenset(refs))


def test_the_layout_quotes_aliases_in_a_cycle_or_naming_a_late_import() -> None:
    aliases = [stub("A", "B"), stub("B", "A"), stub("C"), stub("D", "C")]
    view = ModuleView("m", "", aliases_before=aliases)
    layout.order(view, "M")  # C names nothing local; D follows C; A and B name each other
    assert [a.name for a in view.aliases_before] == ["C"]
    quoted = [(a.name, a.quoted) for a in view.aliases_before + view.aliases_after]
    assert quoted == [("C", False), ("D", False), ("A", True), ("B", True)]
    late = ModuleView("m", "", aliases_before=[stub("E", "Late"), stub("F", "Early")])
    layout.split_imports(late, {("n", "Late"), ("o", "Early")}, {"m": 0, "n": 0, "o": 1})
    assert (late.top_imports, late.bottom_imports) == ([("o", ["Early"])], [("n", ["Late"])])
    assert [(a.name, a.quoted) for a in late.aliases_before] == [("E", True), ("F", False)]


def test_an_alias_that_names_itself_is_quoted() -> None:
    view = ModuleView("loop", "", aliases_before=[alias_of(LOOP)])
    layout.order(view, "Loop")
    assert [(a.name, a.quoted) for a in view.aliases_after] == [("Loop", True)]


def test_the_layout_quotes_an_alias_whose_bar_would_join_a_string() -> None:
    """`X | Y` is evaluated when the module is imported, and `|` refuses a string: an alias that
    joins `JsonValue` (a string in `_runtime`) or an alias written as a string (one that names
    itself, say) is quoted as well, and so, in turn, is one that joins it."""

    def alias(name: str, t: ir.TypeExpr) -> ir.AliasDef:
        return ir.AliasDef(S + name, hint(name), t)

    tree = ir.ArrayType(ir.RefType(S + "Tree"))
    model = ir.Model(
        defs=(
            ir.ClassDef(VOICE, hint("Voice"), ()),
            alias("Tree", tree),  # quoted by `order`: it names itself
            alias(
                "TreeOrInt",
                ir.UnionType((ir.Primitive("integer"), ir.RefType(S + "Tree")), "anyOf"),
            ),
            alias("Chain", ir.ArrayType(ir.NullableType(ir.RefType(S + "TreeOrInt")))),
            alias("Json", ir.UnionType((ir.JsonAny(), STRING), "oneOf")),
            alias("Plain", ir.UnionType((STRING, ir.RefType(VOICE)), "anyOf")),
            alias("Listed", ir.UnionType((STRING, ir.ArrayType(ir.JsonAny())), "anyOf")),
        ),
        roots=(),
        components=("Voice", "Tree", "TreeOrInt", "Chain", "Json", "Plain", "Listed"),
    )
    plan = layout.plan(model, naming.assign(model))
    assert plan.joining == frozenset({"TreeOrInt", "Chain", "Json"})


# -- type views ------------------------------------------------------------------------------------

ANNOTATIONS = [
    (STRING, Type("str"), set()),
    (ir.Primitive("integer"), Type("int"), set()),
    (NUMBER, Type("float"), set()),
    (ir.Primitive("boolean"), Type("bool"), set()),
    (ir.JsonAny(), Type("json"), {"JsonValue"}),
    (ir.FreeObject(), Type("json_object"), {"JsonValue"}),
    (ir.NullOnly(), Type("none"), set()),
    (ir.LiteralType(("a", 1)), Type("literal", values=("a", 1)), {"Literal"}),
    (ir.LiteralType((1, 0.5)), Type("literal", values=(1,), float_too=True), {"Literal"}),
    (ir.LiteralType((0.5,)), Type("literal", float_too=True), set()),
    (ir.OpenEnum(("a",)), Type("open_enum", values=("a",)), {"Literal"}),
    (ir.ArrayType(STRING), Type("list", items=Type("str")), set()),
    (ir.MapType(ir.JsonAny()), Type("dict", items=Type("json")), {"JsonValue"}),
    (ir.RefType(TOOL), TOOL_REF, set()),
    (
        ir.NullableType(ir.RefType(MODE)),
        Type("nullable", items=Type("ref", name="SessionMode")),
        set(),
    ),
    (CHOICE_TYPE, CHOICE_ANNOTATION, {"Literal"}),
    (
        ir.UnionType((ir.RefType(TOOL), ir.RefType(SESSION)), "oneOf"),
        Type("union", members=(TOOL_REF, Type("ref", name="Session")), unknown=True),
        {"UnknownVariant"},
    ),
    (  # what the validator checks beside the type does not show in the annotation
        ir.Asserted(STRING, ir.Assertion("#/components/schemas/S", ("not",), '{"not": {}}')),
        Type("str"),
        set(),
    ),
]


@pytest.mark.parametrize(("t", "expected", "spelled"), ANNOTATIONS, ids=ir_name)
def test_annotation(t: ir.TypeExpr, expected: Type, spelled: set[str]) -> None:
    tv = views()
    assert tv.annotation(t) == expected
    assert tv.spelled == spelled


def test_every_ir_type_expression_has_an_annotation_case() -> None:
    covered = {type(t) for t, _, _ in ANNOTATIONS}
    assert covered == set(ir.TypeExpr.__args__)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("t", "kinds"),
    [
        (STRING, {"string"}),
        (NUMBER, {"integer", "number"}),  # a JSON integer is a number too
        (ir.Primitive("integer"), {"integer"}),
        (ir.JsonAny(), set(KIND_ORDER)),
        (ir.FreeObject(), {"object"}),
        (ir.MapType(STRING), {"object"}),
        (ir.NullOnly(), {"null"}),
        (
            ir.LiteralType(("a", 1, 0.5, True, None)),
            {"string", "integer", "number", "boolean", "null"},
        ),
        (ir.OpenEnum(("a",)), {"string"}),
        (ir.ArrayType(STRING), {"array"}),
        (ir.NullableType(ir.RefType(TOOL)), {"object", "null"}),
        (CHOICE_TYPE, {"string", "object"}),
        (ir.RefType(CHOICE), {"string", "object"}),  # an alias: its type's kinds
        (ir.RefType(TOOLS), {"array"}),
        (ir.RefType(LOOP), {"string", "array"}),
    ],
    ids=ir_name,
)
def test_kinds(t: ir.TypeExpr, kinds: set[str]) -> None:
    assert views().kinds(t) == kinds


@pytest.mark.parametrize(
    ("t", "label"),
    [
        (ir.RefType(VOICE), "Voice"),
        (ir.LiteralType(("a", 1, None)), '"a" or 1 or null'),
        (ir.Primitive("integer"), "an integer"),
        (ir.OpenEnum(("a",)), "a string"),
        (ir.ArrayType(STRING), "an array"),
        (ir.MapType(STRING), "an object"),
        (ir.FreeObject(), "an object"),
        (ir.NullOnly(), "null"),
        (ir.NullableType(STRING), "a string or null"),
        (CHOICE_TYPE, '"auto" or "none" or Tool'),
        (ir.JsonAny(), "any JSON value"),
    ],
    ids=ir_name,
)
def test_label(t: ir.TypeExpr, label: str) -> None:
    assert views().label(t) == label


@pytest.mark.parametrize(
    ("t", "dump", "as_is"),
    [
        (STRING, Dump("as_is"), True),
        (ir.LiteralType((1,)), Dump("as_is"), True),
        (ir.NullOnly(), Dump("as_is"), True),
        (ir.NullableType(ir.OpenEnum(("a",))), Dump("as_is"), True),
        (ir.JsonAny(), Dump("as_is"), True),  # kept, not copied: the free-form contract
        (ir.FreeObject(), Dump("as_is"), True),
        (ir.UnionType((STRING, ir.JsonAny()), "anyOf"), Dump("as_is"), True),
        (ir.ArrayType(ir.JsonAny()), Dump("list", item=Dump("as_is"), null_safe=True), False),
        (ir.RefType(TOOL), MODEL, False),
        (ir.NullableType(ir.RefType(TOOL)), MODEL, False),
        (ir.RefType(VOICE), Dump("as_is"), True),
        (ir.RefType(LOOP), Dump("alias", name="dump_loop", null_safe=True), False),
        (ir.MapType(ir.RefType(TOOL)), Dump("dict", item=MODEL, null_safe=True), False),
        (
            ir.ArrayType(ir.ArrayType(STRING)),
            Dump("list", item=Dump("list", item=Dump("as_is"), null_safe=True), null_safe=True),
            False,
        ),
        (ir.UnionType((STRING, ir.LiteralType((1,))), "anyOf"), Dump("as_is"), True),
        (CHOICE_TYPE, Dump("model_or_as_is"), False),  # a class and plain values
        (ir.UnionType((ir.RefType(TOOL), ir.RefType(SESSION)), "oneOf"), MODEL, False),
        (ir.NullableType(ir.UnionType((ir.RefType(TOOL),), "anyOf")), MODEL, False),
        (ir.RefType(CHOICE), Dump("model_or_as_is"), False),  # an alias of such a union, inlined
        (ir.UnionType((STRING, ir.ArrayType(ir.RefType(TOOL))), "anyOf"), Dump("any"), False),
    ],
    ids=ir_name,
)
def test_dump_and_dumps_as_is(t: ir.TypeExpr, dump: Dump, as_is: bool) -> None:
    tv = views()
    assert tv.dumps_as_is(t) is as_is
    assert tv.imports == set()  # asking records no import
    assert tv.dump(t) == dump
