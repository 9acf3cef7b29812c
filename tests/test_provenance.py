"""`provenance.annotate`: which sentence an overlay action puts in a field's or an alias's
docstring. The golden case `errata` covers the whole path; these are the cases it does not."""

from __future__ import annotations

from generator import ir, provenance
from generator.overlay import ActionRecord, AppliedOverlay

S = "#/components/schemas/S"
HINT = ir.NameHint(component="S", owner=None, path=())


def _model(*defs: ir.NamedDef) -> ir.Model:
    return ir.Model(defs=defs, roots=("S",), components=("S",))


def _touching(pointer: str) -> AppliedOverlay:
    action = ActionRecord(0, "$.x", None, "update", (pointer,))
    return AppliedOverlay("spec/x.overlay.yaml", "0" * 64, "x", "1", (action,))


def _field(t: ir.TypeExpr) -> ir.Field:
    return ir.Field("a", t, False, pointer=f"{S}/properties/a")


def _errata_of(model: ir.Model) -> tuple[str, ...]:
    cls = model.by_pointer()[S]
    assert isinstance(cls, ir.ClassDef)
    return cls.fields[0].errata


def test_a_field_made_nullable_says_so() -> None:
    model = _model(ir.ClassDef(S, HINT, (_field(ir.NullableType(ir.Primitive("string"))),)))
    annotated = provenance.annotate(model, [_touching("/components/schemas/S/properties/a")])
    assert _errata_of(annotated) == ("May be null: errata, see x.overlay.yaml action 0.",)


def test_a_field_that_cannot_be_null_was_changed() -> None:
    model = _model(ir.ClassDef(S, HINT, (_field(ir.Primitive("string")),)))
    annotated = provenance.annotate(model, [_touching("/components/schemas/S/properties/a")])
    assert _errata_of(annotated) == ("Changed: errata, see x.overlay.yaml action 0.",)


def test_a_reference_to_an_alias_that_admits_null_may_be_null() -> None:
    """A reference is followed to the alias it names (here a free-form value): the field may
    be null. (`_admits_null` used to stop at the reference and say `Changed`.)"""
    anything = "#/components/schemas/Anything"
    model = _model(
        ir.ClassDef(S, HINT, (_field(ir.RefType(anything)),)),
        ir.AliasDef(anything, ir.NameHint(component="Anything", owner=None, path=()), ir.JsonAny()),
    )
    annotated = provenance.annotate(model, [_touching("/components/schemas/S/properties/a")])
    assert _errata_of(annotated) == ("May be null: errata, see x.overlay.yaml action 0.",)


def test_an_alias_touched_was_changed() -> None:
    model = _model(ir.AliasDef(S, HINT, ir.Primitive("string")))
    annotated = provenance.annotate(model, [_touching("/components/schemas/S")])
    alias = annotated.by_pointer()[S]
    assert isinstance(alias, ir.AliasDef)
    assert alias.errata == ("Changed: errata, see x.overlay.yaml action 0.",)


def test_nothing_touched_leaves_the_model_as_it_was() -> None:
    model = _model(ir.ClassDef(S, HINT, (_field(ir.Primitive("string")),)))
    assert provenance.annotate(model, [_touching("/components/schemas/Other")]) == model
