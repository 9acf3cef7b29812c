"""Python code for type annotations, parsing and serialization, derived from IR type expressions.

The render stage places these snippets into the templates; this module holds the logic so that
the templates stay declarative. Parsing code is straight-line and type-specialised (no runtime
schema interpretation), which is what makes the generated models fast.

Parsing conventions of the generated code (see `templates/runtime.py.jinja`):
- `ctx.fail(path, expected, found)` records a problem and returns an `Invalid` to raise;
- a failed value raises `Invalid`; containers and classes record every problem of their items
  first and then raise, so one `ValidationError` lists them all;
- a deviation that tolerant parsing (`strict=False`) accepts goes through `ctx.off` (a
  constraint), `ctx.off_value` (an enum or const value), `ctx.off_kind` (a wrong JSON type:
  only `null` is accepted), `ctx.missing` or `ctx.unknown` (an object no union member takes):
  when strict they record a problem (and the value is invalid), otherwise a deviation that is
  reported as a `SpecDeviationWarning`, and the value is kept as received.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import ir

KIND_ORDER: tuple[ir.JsonKind, ...] = (
    "null",
    "boolean",
    "integer",
    "number",
    "string",
    "array",
    "object",
)
KIND_CHECK = {
    "null": "{} is None",
    "boolean": "type({}) is bool",
    "integer": "type({}) is int",
    "number": "type({}) is float",
    "string": "type({}) is str",
    "array": "type({}) is list",
    "object": "type({}) is dict",
}
KIND_WORD = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}


@dataclass
class Reference:
    """What the emitter needs to know of a named definition it refers to."""

    name: str
    module: str
    is_class: bool
    alias_type: ir.TypeExpr | None = None  # for an alias
    snake: str = ""


@dataclass
class Emitter:
    """Emits code for one generated module; records the names it needs from other modules."""

    module: str
    refs: dict[str, Reference]
    imports: set[tuple[str, str]] = field(default_factory=set)
    spelled: set[str] = field(default_factory=set)  # names of `typing` and `_runtime` it wrote
    _counter: int = 0

    # -- names ---------------------------------------------------------------------------------

    def use(self, pointer: str, what: str = "name") -> str:
        """The local name of a definition (or its parse/dump function), imported if needed."""
        ref = self.refs[pointer]
        name = {"name": ref.name, "parse": f"_parse_{ref.snake}", "dump": f"dump_{ref.snake}"}[what]
        if ref.module != self.module:
            self.imports.add((ref.module, name))
        return name

    def reset(self) -> None:
        self._counter = 0

    def temp(self, stem: str) -> str:
        self._counter += 1
        return f"{stem}{self._counter}"

    # -- annotations ---------------------------------------------------------------------------

    def annotation(self, t: ir.TypeExpr) -> str:
        if isinstance(t, ir.Primitive):
            return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[t.kind]
        if isinstance(t, ir.JsonAny):
            self.spelled.add("JsonValue")
            return "JsonValue"
        if isinstance(t, ir.FreeObject):
            self.spelled.add("JsonValue")
            return "dict[str, JsonValue]"
        if isinstance(t, ir.NullOnly):
            return "None"
        if isinstance(t, ir.LiteralType):
            # `Literal[...]` cannot hold floats (PEP 586): an enum with float values is a `float`.
            exact = [v for v in t.values if not isinstance(v, float)]
            parts = ["Literal[" + ", ".join(_py(v) for v in exact) + "]"] if exact else []
            if exact:
                self.spelled.add("Literal")
            return " | ".join(parts + ["float"] if len(exact) < len(t.values) else parts)
        if isinstance(t, ir.OpenEnum):
            self.spelled.add("Literal")
            return "Literal[" + ", ".join(_py(v) for v in t.values) + "] | str"
        if isinstance(t, ir.ArrayType):
            return f"list[{self.annotation(t.items)}]"
        if isinstance(t, ir.MapType):
            return f"dict[str, {self.annotation(t.values)}]"
        if isinstance(t, ir.RefType):
            return self.use(t.target)
        if isinstance(t, ir.NullableType):
            return f"{self.annotation(t.inner)} | None"
        members = [self.annotation(m) for m in t.members]
        if self.may_be_unknown(t):
            self.spelled.add("UnknownVariant")
            members.append("UnknownVariant")
        return " | ".join(members)

    def may_be_unknown(self, t: ir.UnionType) -> bool:
        """Whether tolerant parsing can meet an object that no member takes (an unknown tag, or
        no member matching): when several members are objects, none of them any object."""
        objects = [m for m in t.members if "object" in self.kinds(m)]
        return len(objects) > 1 and not any(
            isinstance(m, (ir.JsonAny, ir.FreeObject)) for m in objects
        )

    # -- JSON kinds ----------------------------------------------------------------------------

    def kinds(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> set[str]:
        if isinstance(t, ir.Primitive):
            return {"integer", "number"} if t.kind == "number" else {t.kind}
        if isinstance(t, ir.JsonAny):
            return set(KIND_ORDER)
        if isinstance(t, (ir.FreeObject, ir.MapType)):
            return {"object"}
        if isinstance(t, ir.NullOnly):
            return {"null"}
        if isinstance(t, ir.LiteralType):
            return {_kind_of(v) for v in t.values}
        if isinstance(t, ir.OpenEnum):
            return {"string"}
        if isinstance(t, ir.ArrayType):
            return {"array"}
        if isinstance(t, ir.NullableType):
            return self.kinds(t.inner, seen) | {"null"}
        if isinstance(t, ir.UnionType):
            return set().union(*(self.kinds(m, seen) for m in t.members))
        ref = self.refs[t.target]
        if ref.is_class:
            return {"object"}
        if t.target in seen or ref.alias_type is None:
            return set(KIND_ORDER)
        return self.kinds(ref.alias_type, seen | {t.target})

    def label(self, t: ir.TypeExpr) -> str:
        """A short human name of a union member, for documentation and error messages."""
        if isinstance(t, ir.RefType):
            return self.refs[t.target].name
        if isinstance(t, ir.LiteralType):
            return " or ".join(json.dumps(v) for v in t.values)
        if isinstance(t, ir.Primitive):
            return KIND_WORD[t.kind]
        if isinstance(t, ir.OpenEnum):
            return "a string"
        if isinstance(t, ir.ArrayType):
            return "an array"
        if isinstance(t, (ir.MapType, ir.FreeObject)):
            return "an object"
        if isinstance(t, ir.NullOnly):
            return "null"
        if isinstance(t, ir.NullableType):
            return f"{self.label(t.inner)} or null"
        if isinstance(t, ir.UnionType):
            return " or ".join(self.label(m) for m in t.members)
        return "any JSON value"

    # -- parsing -------------------------------------------------------------------------------

    def parse(
        self, t: ir.TypeExpr, src: str, dst: str, path: str, ctx: str, checked: bool = False
    ) -> list[str]:
        """Statements that check `src` and assign the parsed value to `dst` (or raise).

        `checked`: a union already dispatched on the JSON kind, so it need not be tested again.
        """
        found = self.leaf(t, src, ctx, checked)
        if found is not None:
            return self.raising(found, src, dst, path, ctx)
        if isinstance(t, ir.JsonAny):
            return [f"{dst} = _rt.json_value({src}, {path}, {ctx})"]
        if isinstance(t, ir.FreeObject):
            return _kind_or_null(
                f"type({src}) is dict",
                "an object",
                [
                    *self._size_checks(t.constraints, src, path, ctx, "properties"),
                    f"{dst} = _rt.json_object({src}, {path}, {ctx})",
                ],
                src,
                dst,
                path,
                ctx,
            )
        if isinstance(t, ir.NullOnly):
            return [*_fail_unless(f"{src} is None", "null", src, path, ctx), f"{dst} = None"]
        if isinstance(t, ir.ArrayType):
            return self._array(t, src, dst, path, ctx)
        if isinstance(t, ir.MapType):
            return self._map(t, src, dst, path, ctx)
        if isinstance(t, ir.RefType):
            ref = self.refs[t.target]
            if ref.is_class:
                return [f"{dst} = {self.use(t.target)}._parse({src}, {eager(path)}, {ctx})"]
            return [f"{dst} = {self.use(t.target, 'parse')}({src}, {eager(path)}, {ctx})"]
        if isinstance(t, ir.NullableType):
            return [
                f"if {src} is None:",
                f"    {dst} = None",
                "else:",
                *indent(self.parse(t.inner, src, dst, path, ctx)),
            ]
        if isinstance(t, ir.UnionType):
            return self._union(t, src, dst, path, ctx)
        raise AssertionError(f"no parser for {t!r}")  # leaves were handled above

    # -- leaves: a value checked in place --------------------------------------------------------

    def leaf(self, t: ir.TypeExpr, src: str, ctx: str, checked: bool = False) -> Leaf | None:
        """The checks of a string, number, boolean, enum or constant, as data: a guard (checks
        run only when it holds) and (bad condition, expected) pairs, in order. None for any
        other type."""
        if isinstance(t, ir.Primitive):
            kind_check = {
                "string": f"type({src}) is not str",
                "integer": f"type({src}) is not int",
                "number": f"type({src}) is not float and type({src}) is not int",
                "boolean": f"type({src}) is not bool",
            }[t.kind]
            checks: list[Check] = [] if checked else [(kind_check, KIND_WORD[t.kind], "kind")]
            if t.kind == "number":
                # NaN and the infinities are not JSON: `x - x` is 0 for every finite number only.
                checks.append((f"{src} - {src} != 0", "a finite number", "fail"))
            if t.kind == "string":
                checks += self._string_checks(t.constraints, src, ctx)
            elif t.kind in ("integer", "number"):
                checks += self._number_checks(t.constraints, src, ctx)
            return Leaf(None, checks)
        if isinstance(t, ir.OpenEnum):
            checks = [] if checked else [(f"type({src}) is not str", "a string", "kind")]
            return Leaf(None, checks + self._string_checks(t.constraints, src, ctx))
        if isinstance(t, ir.LiteralType):
            return self._literal(t, src, ctx, checked)
        if isinstance(t, ir.RefType):
            alias = self.refs[t.target].alias_type
            if isinstance(alias, _LEAVES) and not isinstance(alias, ir.NullOnly):
                # A simple alias (enum, string, number) is checked in place: no call.
                return self.leaf(alias, src, ctx, checked)
        return None

    def _number_checks(self, c: ir.Constraints, src: str, ctx: str) -> list[Check]:
        checks: list[Check] = []
        for bound, op, words in (
            (c.minimum, "<", ">="),
            (c.exclusive_minimum, "<=", ">"),
            (c.maximum, ">", "<="),
            (c.exclusive_maximum, ">=", "<"),
        ):
            if bound is not None:
                checks.append((f"{src} {op} {bound!r}", f"a number {words} {bound!r}", "off"))
        if c.multiple_of is not None:
            checks.append(
                (
                    f"not _rt.is_multiple({src}, {c.multiple_of!r})",
                    f"a multiple of {c.multiple_of!r}",
                    "off",
                )
            )
        return checks

    def _string_checks(self, c: ir.Constraints, src: str, ctx: str) -> list[Check]:
        checks: list[Check] = []
        if c.min_length is not None:
            checks.append(
                (
                    f"len({src}) < {c.min_length}",
                    f"a string of at least {c.min_length} characters",
                    "off",
                )
            )
        if c.max_length is not None:
            checks.append(
                (
                    f"len({src}) > {c.max_length}",
                    f"a string of at most {c.max_length} characters",
                    "off",
                )
            )
        if c.pattern is not None:
            checks.append(
                (
                    f"not _rt.matches({c.pattern!r}, {src})",
                    f"a string matching {c.pattern!r}",
                    "off",
                )
            )
        return checks

    def _literal(self, t: ir.LiteralType, src: str, ctx: str, checked: bool) -> Leaf:
        kinds = {_kind_of(v) for v in t.values}
        expected = (
            "one of " + ", ".join(json.dumps(v) for v in t.values)
            if len(t.values) > 1
            else json.dumps(t.values[0])
        )
        if len(kinds) == 1 and "number" not in kinds:
            (kind,) = kinds
            kind_check: list[Check] = (
                []
                if checked
                else [(_negate(KIND_CHECK[kind].format(src)), KIND_WORD[kind], "kind")]
            )
            if len(t.values) == 1 and kind != "boolean":
                # The usual case costs one comparison: the checks run only for another value.
                return Leaf(
                    f"{src} != {_py(t.values[0])}", [*kind_check, (None, expected, "value")]
                )
            if kind == "boolean":
                bad = " and ".join(f"{src} is not {v!r}" for v in t.values)
            else:
                bad = f"{src} not in ({', '.join(_py(v) for v in t.values)})"
            return Leaf(None, [*kind_check, (bad, expected, "value")])
        values = "(" + ", ".join(_py(v) for v in t.values) + ",)"
        return Leaf(
            None,
            [
                (f"not _rt.is_literal({src}, {values}, False)", expected, "kind"),
                (f"not _rt.is_literal({src}, {values}, True)", expected, "value"),
            ],
        )

    def raising(self, leaf: Leaf, src: str, dst: str, path: str, ctx: str) -> list[str]:
        """A leaf's checks as one if/elif chain that raises `Invalid` at a problem (a tolerated
        deviation goes on with the value as received). The value is assigned first: the checks
        would narrow `src` to `str` and lose a Literal type, and a failure raises, so the
        assignment never escapes."""

        def act(expected: str, how: str) -> list[str]:
            if how == "fail":
                return [f"raise {ctx}.fail({path}, {text(expected)}, {src})"]
            call = f"{ctx}.{_METHOD[how]}({path}, {text(expected)}, {src})"
            return [f"if {call}:", "    raise _rt.Invalid()"]

        body = _chain(leaf.checks, act)
        return [f"{dst} = {src}"] + ([f"if {leaf.guard}:", *indent(body)] if leaf.guard else body)

    def recording(self, leaf: Leaf, src: str, path: str, ctx: str, allow_null: bool) -> list[str]:
        """A leaf's checks as one if/elif chain that records the first problem (or deviation)
        and goes on (for a class field: no exception handling needed)."""

        def act(expected: str, how: str) -> list[str]:
            method = "fail" if how == "fail" else _METHOD[how]
            return [f"{ctx}.{method}({path}, {text(expected)}, {src})"]

        body = _chain(leaf.checks, act)
        guard = " and ".join(
            g for g in (f"{src} is not None" if allow_null else "", leaf.guard or "") if g
        )
        return [f"if {guard}:", *indent(body)] if guard and body else body

    def _size_checks(
        self, c: ir.Constraints, src: str, path: str, ctx: str, unit: str
    ) -> list[str]:
        low, high = (
            (c.min_items, c.max_items) if unit == "items" else (c.min_properties, c.max_properties)
        )
        checks: list[tuple[str, str]] = []
        if low is not None:
            checks.append((f"len({src}) < {low}", f"at least {low} {unit}"))
        if high is not None:
            checks.append((f"len({src}) > {high}", f"at most {high} {unit}"))
        if unit == "items" and c.unique_items:
            checks.append((f"not _rt.all_unique({src})", "unique items"))
        lines: list[str] = []
        for bad, expected in checks:
            lines += [
                f"if {bad} and {ctx}.off({path}, {text(expected)}, {src}):",
                "    raise _rt.Invalid()",
            ]
        return lines

    def _array(self, t: ir.ArrayType, src: str, dst: str, path: str, ctx: str) -> list[str]:
        acc, index, item, one, count = (self.temp(s) for s in ("items", "i", "x", "r", "n"))
        body = self.parse(t.items, item, one, f"_rt.item({path}, {index})", ctx)
        loop = [
            *self._size_checks(t.constraints, src, path, ctx, "items"),
            f"{acc}: list[{self.annotation(t.items)}] = []",
            f"{count} = len({ctx}.errors)",
            f"for {index}, {item} in enumerate({src}):",
            f"    {one}: {self.annotation(t.items)}",
            "    try:",
            *indent(body, 8),
            f"        {acc}.append({one})",
            "    except _rt.Invalid:",
            "        pass",
            f"if len({ctx}.errors) != {count}:",
            "    raise _rt.Invalid()",
            f"{dst} = {acc}",
        ]
        return _kind_or_null(f"type({src}) is list", "an array", loop, src, dst, path, ctx)

    def _map(self, t: ir.MapType, src: str, dst: str, path: str, ctx: str) -> list[str]:
        acc, key, item, one, count = (self.temp(s) for s in ("values", "k", "x", "r", "n"))
        body = self.parse(t.values, item, one, f"_rt.at({path}, {key})", ctx)
        loop = [
            *self._size_checks(t.constraints, src, path, ctx, "properties"),
            f"{acc}: dict[str, {self.annotation(t.values)}] = {{}}",
            f"{count} = len({ctx}.errors)",
            f"for {key}, {item} in {src}.items():",
            f"    {one}: {self.annotation(t.values)}",
            "    try:",
            f"        if type({key}) is not str:",
            f"            raise {ctx}.fail({path}, 'string keys', {key})",
            *indent(body, 8),
            f"        {acc}[{key}] = {one}",
            "    except _rt.Invalid:",
            "        pass",
            f"if len({ctx}.errors) != {count}:",
            "    raise _rt.Invalid()",
            f"{dst} = {acc}",
        ]
        return _kind_or_null(f"type({src}) is dict", "an object", loop, src, dst, path, ctx)

    def _union(self, t: ir.UnionType, src: str, dst: str, path: str, ctx: str) -> list[str]:
        by_kind: dict[str, list[int]] = {}
        for json_kind in KIND_ORDER:
            members = [i for i, m in enumerate(t.members) if json_kind in self.kinds(m)]
            if members:
                by_kind[json_kind] = members
        branches: list[tuple[list[str], list[int]]] = []
        for found_kind, members in by_kind.items():
            for kinds, same in branches:
                if same == members:
                    kinds.append(found_kind)
                    break
            else:
                branches.append(([found_kind], members))
        expected = "one of: " + ", ".join(self.label(m) for m in t.members)
        kind = self.temp("kind")
        # Dispatch on `type(src)` held in a variable: it does not narrow `src`, so a Literal
        # member keeps its type when assigned.
        lines: list[str] = [f"{kind} = type({src})"]
        for number, (kinds, members) in enumerate(branches):
            cond = " or ".join(
                KIND_CHECK[k].format(src).replace(f"type({src})", kind) for k in kinds
            )
            lines.append(f"{'if' if number == 0 else 'elif'} {cond}:")
            lines += indent(self._union_branch(t, members, kinds, src, dst, path, ctx))
        lines += [
            "else:",
            f"    if {ctx}.off_kind({path}, {text(expected)}, {src}):",
            "        raise _rt.Invalid()",
            f"    {dst} = {src}  # a null, tolerated",
        ]
        return lines

    def _union_branch(
        self,
        t: ir.UnionType,
        members: list[int],
        kinds: list[str],
        src: str,
        dst: str,
        path: str,
        ctx: str,
    ) -> list[str]:
        if len(members) == 1:
            member = t.members[members[0]]
            # The kind test already done covers the member's own only if it admits no other kind.
            return self.parse(member, src, dst, path, ctx, checked=self.kinds(member) <= set(kinds))
        disc = t.discriminator
        if "object" in kinds and disc is not None and set(members) <= {i for _, i in disc.mapping}:
            return self._dispatch(t, disc, members, src, dst, path, ctx)
        return self._try_members(t, members, src, dst, path, ctx)

    def _dispatch(
        self,
        t: ir.UnionType,
        disc: ir.Discriminator,
        members: list[int],
        src: str,
        dst: str,
        path: str,
        ctx: str,
    ) -> list[str]:
        tag = self.temp("tag")
        tags = [(value, i) for value, i in disc.mapping if i in members]
        expected = "one of " + ", ".join(json.dumps(v) for v, _ in tags)
        lines = [f"{tag} = {src}.get({disc.property!r})"]
        # Tag value -> the members that carry it; a tag shared by several members (the spec
        # allows it) is resolved by trying those members.
        groups: dict[tuple[int, ...], list[str]] = {}
        for value in dict.fromkeys(v for v, _ in tags):
            owners = tuple(i for v, i in tags if v == value)
            groups.setdefault(owners, []).append(value)
        for number, (owners, values) in enumerate(groups.items()):
            cond = f"{tag} == {values[0]!r}" if len(values) == 1 else f"{tag} in {tuple(values)!r}"
            lines.append(f"{'if' if number == 0 else 'elif'} {cond}:")
            if len(owners) == 1:
                lines += indent(self.parse(t.members[owners[0]], src, dst, path, ctx))
            else:
                lines += indent(self._try_members(t, list(owners), src, dst, path, ctx))
        lines += [
            "else:  # an unknown or missing tag",
            f"    {dst} = {ctx}.unknown({path}, {text(expected)}, {src}, {disc.property!r})",
        ]
        return lines

    def _try_members(
        self, t: ir.UnionType, members: list[int], src: str, dst: str, path: str, ctx: str
    ) -> list[str]:
        """The members in turn, strictly and then (when not strict) tolerantly: see `Trials` in
        the runtime. Each member parses into its own variable: a member that fails half-way
        must not overwrite the value of one that matched."""
        trials, trial = self.temp("trials"), self.temp("trial")
        labels = [self.label(t.members[i]) for i in members]
        expected = "one of: " + ", ".join(labels)
        lines = [
            f"{trials} = {ctx}.trials({t.kind == 'oneOf'})",
            f"while {trials}.next_pass():",
        ]
        for i in members:
            one = self.temp("m")
            attempt = self.parse(t.members[i], src, one, path, trial)
            lines += indent(
                [
                    f"{trial} = {trials}.member()",
                    "try:",
                    f"    {one}: {self.annotation(t.members[i])}",
                    *indent(attempt),
                    f"    if {trials}.found({one}):",
                    "        break",
                    "except _rt.Invalid:",
                    "    pass",
                ]
            )
        lines.append(f"{dst} = {trials}.result({path}, {text(expected)}, {src})")
        return lines

    # -- serialization -------------------------------------------------------------------------

    def dump(self, t: ir.TypeExpr, expr: str, depth: int = 0) -> str | None:
        """An expression for the JSON-ready value of `expr`, or None where it is the value itself.
        A null is written as null whatever the type: tolerant parsing keeps nulls the spec does
        not allow."""
        inner = self._dump(t.inner if isinstance(t, ir.NullableType) else t, expr, depth)
        if inner is None or inner.startswith("_rt.dump"):  # these take a null as it is
            return inner
        return f"None if {expr} is None else {inner}"

    def _dump(self, t: ir.TypeExpr, expr: str, depth: int) -> str | None:
        if isinstance(t, (ir.Primitive, ir.LiteralType, ir.OpenEnum, ir.NullOnly)):
            return None
        if isinstance(t, (ir.JsonAny, ir.FreeObject)):
            # A copy, so that changing the output never changes the model.
            return f"_rt.dump_json({expr})"
        if isinstance(t, ir.RefType):
            ref = self.refs[t.target]
            if ref.is_class:
                return f"{expr}.to_dict()"
            if ref.alias_type is not None and self.dumps_as_is(ref.alias_type):
                return None
            return f"{self.use(t.target, 'dump')}({expr})"
        if isinstance(t, ir.NullableType):
            return self.dump(t, expr, depth)
        if isinstance(t, ir.ArrayType):
            var = f"x{depth}"
            inner = self.dump(t.items, var, depth + 1)
            return f"list({expr})" if inner is None else f"[{inner} for {var} in {expr}]"
        if isinstance(t, ir.MapType):
            var = f"x{depth}"
            inner = self.dump(t.values, var, depth + 1)
            return (
                f"dict({expr})"
                if inner is None
                else f"{{k{depth}: {inner} for k{depth}, {var} in {expr}.items()}}"
            )
        if all(self.dumps_as_is(m) for m in t.members):
            return None
        return f"_rt.dump({expr})"

    def dumps_as_is(self, t: ir.TypeExpr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a value of this type is its own JSON form (no import is recorded)."""
        if isinstance(t, (ir.Primitive, ir.LiteralType, ir.OpenEnum, ir.NullOnly)):
            return True
        if isinstance(t, ir.NullableType):
            return self.dumps_as_is(t.inner, seen)
        if isinstance(t, ir.UnionType):
            return all(self.dumps_as_is(m, seen) for m in t.members)
        if isinstance(t, ir.RefType):
            ref = self.refs[t.target]
            if ref.is_class or ref.alias_type is None or t.target in seen:
                return False
            return self.dumps_as_is(ref.alias_type, seen | {t.target})
        return False


def _fail_unless(ok: str, expected: str, src: str, path: str, ctx: str) -> list[str]:
    return [
        f"if {_negate(ok)}:",
        f"    raise {ctx}.fail({path}, {text(expected)}, {src})",
    ]


def _kind_or_null(
    ok: str, expected: str, body: list[str], src: str, dst: str, path: str, ctx: str
) -> list[str]:
    """`body` when the JSON kind test `ok` holds; otherwise a problem, except a null that
    tolerant parsing keeps (assigned from `src`, typed `Any`)."""
    return [
        f"if {_negate(ok)}:",
        f"    if {ctx}.off_kind({path}, {text(expected)}, {src}):",
        "        raise _rt.Invalid()",
        f"    {dst} = {src}  # a null, tolerated",
        "else:",
        *indent(body),
    ]


def _chain(checks: list[Check], act: Callable[[str, str], list[str]]) -> list[str]:
    """Checks as one if/elif chain: the first that holds acts (a check without a condition is
    the `else`, or the whole body when it is the only one)."""
    lines: list[str] = []
    for number, (bad, expected, how) in enumerate(checks):
        if bad is None and number == 0:
            return act(expected, how)
        head = "else:" if bad is None else f"{'if' if number == 0 else 'elif'} {bad}:"
        lines += [head, *indent(act(expected, how))]
    return lines


def _negate(ok: str) -> str:
    """`type(x) is str` -> `type(x) is not str`; compound conditions are wrapped in `not (...)`."""
    if " or " in ok or " and " in ok:
        parts = ok.split(" or ")
        if all(" is " in p and " and " not in p for p in parts):
            return " and ".join(p.replace(" is ", " is not ", 1) for p in parts)
        return f"not ({ok})"
    return ok.replace(" is ", " is not ", 1)


def indent(lines: list[str], width: int = 4) -> list[str]:
    pad = " " * width
    return [pad + line if line else line for line in lines]


_LEAVES = (ir.Primitive, ir.LiteralType, ir.OpenEnum, ir.NullOnly)

# (a condition true for a bad value (None: always), what was expected, how a bad value is taken:
# "fail" always a problem, else the `Context` method of `_METHOD`, which tolerates a deviation)
Check = tuple[str | None, str, str]
_METHOD = {"kind": "off_kind", "value": "off_value", "off": "off"}


@dataclass(frozen=True)
class Leaf:
    guard: str | None  # the checks run only when this holds (a constant's one comparison)
    checks: list[Check]


def child_path(path: str, key: str) -> str:
    """Code for the path of property `key` below the path held in the variable `path`. It is
    evaluated only when a check fails, except where `eager` rewrites it."""
    return f"_rt.at({path}, {key!r})"


_AT = re.compile(r"_rt\.at\((\w+), '(\w+)'\)")


def eager(path: str) -> str:
    """A path that is built on every call (passed to a nested parser): for an identifier key
    the concatenation is written out, which is cheaper than calling `_rt.at`."""
    match = _AT.fullmatch(path)
    if match and match.group(2).isidentifier():
        base, key = match.groups()
        return f'({base} + ".{key}" if {base} else "{key}")'
    return path


def text(value: str, limit: int = 40) -> str:
    """A string literal; a long one as implicitly concatenated pieces that the formatter can lay
    out one per line, so that generated lines stay within the line length."""
    if len(value) <= limit:
        return repr(value)
    pieces, current = [], ""
    for word in re.split(r"(?<= )", value):
        if current and len(current) + len(word) > limit:
            pieces.append(current)
            current = ""
        current += word
    pieces.append(current)
    if len(pieces) == 1:
        return repr(value)
    return "(" + " ".join(repr(p) for p in pieces) + ")"


def _py(value: ir.JsonScalar) -> str:
    """A Python literal for a JSON scalar."""
    return repr(value)


def _kind_of(value: ir.JsonScalar) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
