"""Docstring text for classes, fields and aliases: every description, allowed value, default,
constraint and deprecation the spec gives, in words."""

from __future__ import annotations

import json
import re
import textwrap

from . import ir
from .view_types import TypeViews as Emitter

WIDTH = 88


def class_doc(
    d: ir.ClassDef, emitter: Emitter, name: str, attributes: tuple[tuple[str, str], ...] = ()
) -> str:
    """`attributes`: each field's attribute and one sentence about it, listed in an
    `Attributes:` section (what `help()` and pydoc show: attribute docstrings exist only in
    the source)."""
    parts = [d.description or f"The `{name}` object (the spec gives no description)."]
    facts = []
    if d.deprecated:
        facts.append("Deprecated.")
    if d.nullable:
        facts.append("Where the spec refers to it, `null` is accepted too.")
    if d.additional == "forbid":
        facts.append("Additional properties are not allowed.")
    facts += [assertion_fact(a) for a in d.assertions]
    facts.append(f"Schema: `{d.pointer}`.")
    parts.append(" ".join(facts))
    text = _join(parts)
    if attributes:
        lines = ["Attributes:"]
        for attr, about in attributes:
            lines += fill(f"    {attr}: {' '.join(about.split())}", WIDTH, " " * 8)
        text += "\n\n" + "\n".join(lines)
    return text


_SENTENCE_END = re.compile(r"(?<![Ee]\.g)(?<![Ii]\.e)(?<!etc)(?<!vs)[.!?](?=\s|$)")


def first_sentence(text: str | None) -> str | None:
    """The first sentence of a description's first paragraph, on one line (None for none):
    it ends at `.`, `!` or `?` before a space or the end, but for `e.g.`, `i.e.`, `etc.` and
    `vs.`; a paragraph with no such end is taken whole."""
    if not text or not text.strip():
        return None
    lines = reflow(text.strip())
    first = " ".join(lines[0].split()) if lines else ""
    if not first:
        return None
    end = _SENTENCE_END.search(first)
    return first[: end.end()] if end else first


def alias_doc(d: ir.AliasDef, emitter: Emitter, name: str) -> str:
    parts = [d.description or f"The `{name}` type (the spec gives no description)."]
    facts = type_facts(d.type, emitter)
    if isinstance(d.type, ir.UnionType) and d.type.discriminator is not None:
        disc = d.type.discriminator
        tags = ", ".join(
            f"{json.dumps(v)} -> `{emitter.label(d.type.members[i])}`" for v, i in disc.mapping
        )
        facts.insert(0, f"Discriminated by `{disc.property}`: {tags}.")
    if d.default is not None:
        facts.append(f"Default: {_json(d.default.value)}.")
    if d.nullable:
        facts.append("Where the spec refers to it, `null` is accepted too.")
    if d.deprecated:
        facts.append("Deprecated.")
    facts += d.errata
    facts.append(f"Schema: `{d.pointer}`.")
    parts.append(" ".join(facts))
    return _join(parts)


def field_doc(f: ir.Field, emitter: Emitter, fallback: str | None) -> str:
    parts = []
    if f.description:
        parts.append(f.description)
    elif fallback:
        parts.append(fallback)
    if f.branch_docs:
        parts.append(
            "\n".join(
                f"- As {emitter.label(t)}: {' '.join(text.split())}" for t, text in f.branch_docs
            )
        )
    facts = type_facts(f.type, emitter)
    if f.required:
        facts.insert(0, "Required.")
    if f.default is not None:
        facts.append(f"Default: {_json(f.default.value)}.")
    if f.null_by_default:
        facts.append("May be null: the spec gives `default: null` (read as 'can be set to null').")
    if f.deprecated:
        facts.append("Deprecated.")
    if f.read_only:
        facts.append("Read-only (sent by the server).")
    if f.write_only:
        facts.append("Write-only (sent by the client).")
    facts += f.errata
    if facts:
        parts.append(" ".join(facts))
    return _join(parts) if parts else f"The `{f.json_name}` property."


def type_facts(t: ir.TypeExpr, emitter: Emitter, subject: str = "") -> list[str]:
    """Sentences about the values a type admits beyond its annotation."""
    match t:
        case ir.NullableType(inner=inner):
            return type_facts(inner, emitter, subject)
        case ir.LiteralType(values=values):
            listed = ", ".join(_json(v) for v in values)
            if len(values) == 1:
                return [_say(subject, f"Always {listed}.")]
            return [_say(subject, f"Allowed values: {listed}.")]
        case ir.OpenEnum(values=values, constraints=constraints):
            listed = ", ".join(_json(v) for v in values)
            known = _say(subject, f"Known values: {listed}; any other string is accepted too.")
            return [known, *_constraint_facts(constraints, subject)]
        case ir.Primitive(format=fmt, constraints=constraints):
            formatted = [_say(subject, f"Format: `{fmt}`.")] if fmt else []
            return formatted + _constraint_facts(constraints, subject)
        case ir.ArrayType(items=items, constraints=constraints):
            return _constraint_facts(constraints, subject) + type_facts(
                items, emitter, "Each item: "
            )
        case ir.MapType(values=value_type, constraints=constraints):
            return _constraint_facts(constraints, subject) + type_facts(
                value_type, emitter, "Each value: "
            )
        case ir.FreeObject(constraints=constraints):
            return _constraint_facts(constraints, subject)
        case ir.UnionType(members=members):
            labels = ", ".join(emitter.label(m) for m in members)
            out = [_say(subject, f"One of: {labels}.")]
            for member in members:
                if not isinstance(member, (ir.LiteralType, ir.RefType)):  # the label says it all
                    label = emitter.label(member)
                    out += type_facts(member, emitter, _say(subject, f"As {label}: "))
            return out
        case ir.JsonAny() | ir.NullOnly():
            return []  # the annotation says it all
        case ir.Asserted(inner=inner, assertion=assertion):
            return [*type_facts(inner, emitter, subject), assertion_fact(assertion, subject)]
        case ir.RefType():
            return []  # said in the docstring of the definition it refers to
        case _:
            ir.assert_never(t)


def _constraint_facts(c: ir.Constraints, subject: str) -> list[str]:
    bits = []
    low = (">=", c.minimum) if c.minimum is not None else (">", c.exclusive_minimum)
    high = ("<=", c.maximum) if c.maximum is not None else ("<", c.exclusive_maximum)
    if low[1] is not None and high[1] is not None:
        left = {">=": "<=", ">": "<"}[low[0]]
        bits.append(f"{low[1]!r} {left} value {high[0]} {high[1]!r}")
    elif low[1] is not None:
        bits.append(f"value {low[0]} {low[1]!r}")
    elif high[1] is not None:
        bits.append(f"value {high[0]} {high[1]!r}")
    if c.multiple_of is not None:
        bits.append(f"a multiple of {c.multiple_of!r}")
    bits += _range(c.min_length, c.max_length, "character")
    bits += _range(c.min_items, c.max_items, "item")
    bits += _range(c.min_properties, c.max_properties, "property")
    if c.unique_items:
        bits.append("items unique")
    if c.pattern is not None:
        bits.append(f"matches `{c.pattern}`")
    return [_say(subject, f"Constraints: {'; '.join(bits)}.")] if bits else []


def assertion_fact(a: ir.Assertion, subject: str = "") -> str:
    """What the schema validator checks beyond the Python type, by keyword."""
    words = ", ".join(f"`{k}`" for k in a.keywords)
    return _say(subject, f"Also checked when parsing, beyond its type: {words} (schema `{a.key}`).")


def _say(subject: str, fact: str) -> str:
    """A fact about a part of a value ("Each item: allowed values: ..."): lower case after the
    subject."""
    return subject + fact[0].lower() + fact[1:] if subject else fact


def _range(low: int | None, high: int | None, unit: str) -> list[str]:
    plural = "properties" if unit == "property" else unit + "s"
    if low is not None and high is not None:
        return [f"{low} to {high} {plural}"]
    if low is not None:
        return [f"at least {low} {unit if low == 1 else plural}"]
    if high is not None:
        return [f"at most {high} {unit if high == 1 else plural}"]
    return []


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _join(parts: list[str]) -> str:
    return "\n\n".join(wrap(p.strip()) for p in parts if p and p.strip())


_BLOCK_START = re.compile(r"^\s*([-*+] |\d+[.)] |\||#|>|```)|^\s{2,}")


def reflow(text: str) -> list[str]:
    """Join the spec's hard-wrapped lines into paragraph lines; keep list items, tables, code
    and headings on lines of their own."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        line = line.rstrip()
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append(line)
            continue
        joinable = (
            not fenced
            and line
            and out
            and out[-1]
            and not _BLOCK_START.match(line)
            and not out[-1].lstrip().startswith(("```", "|", "#"))
        )
        if joinable:
            out[-1] = out[-1] + " " + line.strip()
        else:
            out.append(line)
    return out


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap long lines, keeping the spec's paragraphs, lists and indentation."""
    if len(text) <= width and text.isprintable():  # one short line (most texts): as it is
        return text.rstrip()
    out: list[str] = []
    for line in reflow(text):
        line = line.rstrip()
        if len(line) <= width:
            out.append(line)
            continue
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        bullet = ""
        for mark in ("- ", "* ", "+ "):
            if stripped.startswith(mark):
                bullet = " " * len(mark)
        out.extend(fill(line, width, indent + bullet))
    return "\n".join(out)


_OTHER_WHITESPACE = re.compile(r"[\t\n\x0b\x0c\r]")


def fill(line: str, width: int, indent: str) -> list[str]:
    """`textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
    break_on_hyphens=False)`, line for line, found with `str.rfind` instead of textwrap's loop
    over every word. Lines textwrap treats specially (leading blanks, tabs and other
    whitespace, an indent that leaves little room) are left to textwrap."""
    if not line or line[0] == " " or len(indent) * 2 >= width or _OTHER_WHITESPACE.search(line):
        return textwrap.wrap(
            line,
            width=width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    end = len(line)
    start = 0
    room = width
    while start < end:
        limit = start + room
        if limit >= end:
            lines.append(indent + line[start:].rstrip(" ") if lines else line[start:].rstrip(" "))
            break
        if line[limit] == " " or line[limit - 1] == " ":
            piece, stop = line[start:limit].rstrip(" "), limit  # the line ends in spaces
        else:
            space = line.rfind(" ", start, limit)
            if space < 0:  # a word longer than the line: it stands alone
                stop = line.find(" ", start)
                stop = end if stop < 0 else stop
                piece = line[start:stop]
            else:
                piece, stop = line[start:space].rstrip(" "), space + 1
        lines.append(indent + piece if lines else piece)
        start = stop
        while start < end and line[start] == " ":
            start += 1
        room = width - len(indent)
    return lines


def escape(text: str) -> str:
    """`text` as the body of a triple-quoted (not raw) string literal that holds exactly it:
    backslashes doubled, `\"\"\"` escaped, and every character that is not printable but `\\n`
    (`\\r`, `\\x0c`, NUL, tabs, lone surrogates, U+2028, ...) written as its escape sequence,
    so that no spec text can end the string, break the file or fail to encode."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if body.replace("\n", "").isprintable():
        return body
    return "".join(c if c == "\n" or c.isprintable() else _escaped(c) for c in body)


def _escaped(c: str) -> str:
    """A character's escape sequence; a lone surrogate's is spelled out (`\\ud800`, its text),
    since a class whose docstring holds one fails to be created (CPython encodes the docstring
    of a class as UTF-8)."""
    return "\\" + repr(c)[1:-1] if "\ud800" <= c <= "\udfff" else repr(c)[1:-1]


def comment(text: str) -> str:
    """Spec text for a comment line: on one line, printable (escaped as in a string literal),
    with no `#` (which could start a `# noqa` or `# type:` directive) and no `coding:` or
    `coding=` (an encoding declaration, PEP 263, were it on line 1 or 2)."""
    body = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text.replace("\\", "\\\\"))
    body = body.replace("#", "\\x23")
    return _CODING.sub(lambda m: f"{m.group(1)}\\x{ord(m.group(2)):02x}", body)


_CODING = re.compile(r"(coding)([:=])", re.IGNORECASE)


def docstring(text: str, indent: int) -> str:
    """A triple-quoted Python string literal holding `text`, indented for its place."""
    pad = " " * indent
    lines = [escape(line.rstrip()) for line in text.split("\n")]  # no trailing whitespace (W291)
    if len(lines) == 1:
        # A quote right before the closing quotes would end the string early.
        return f'"""{lines[0]} """' if lines[0].endswith('"') else f'"""{lines[0]}"""'
    rest = "\n".join(pad + line if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{pad}"""'
