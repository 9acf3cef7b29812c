"""ECMA-262 regular expressions, the dialect of JSON Schema's `pattern` and `patternProperties`,
as Python `re` patterns with the same meaning under `re.search`.

JSON Schema (2020-12, core 6.4) gives patterns ECMA-262 semantics, Unicode-aware as with the
`u` flag (the test suite's `ecmascript-regex.json` and `non-bmp-regex.json` expect `\\p{Letter}`
to match `é`, and code points, not UTF-16 units): a pattern is parsed with the grammar of the `u`
flag, no other flag. Python reads much of that syntax differently (`$` also matches before a
final newline, `\\d` and `\\w` are Unicode-wide, `.` matches `\\r`, `{,5}` is a quantifier,
`[^]` an error), so the pattern is parsed and written again, never passed through. Classes, class
escapes and `.` become explicit code point ranges; `\\p{...}` general categories are expanded
from `unicodedata` (the Unicode version of the generating Python: `unicodedata.unidata_version`).

What Python cannot express exactly raises `Untranslatable`: scripts and binary properties other
than `Any`, `ASCII` and `Assigned` (their data is not in `unicodedata`), lookbehinds of variable
width, and backreferences to a group that might not have matched at that point, or matched in an
earlier iteration of a quantifier (ECMA matches the empty string there, and resets captures on
each iteration). So does a pattern that is not valid ECMA-262 with the `u` flag.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

Ranges = list[tuple[int, int]]  # sorted, disjoint code point ranges, ends included
MAX = 0x10FFFF
DIGITS: Ranges = [(0x30, 0x39)]
WORD: Ranges = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
# ECMA WhiteSpace (including U+FEFF and the Space_Separator category) and LineTerminator.
SPACE: Ranges = [(0x9, 0xD), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A)]
SPACE += [(0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF,) * 2]
LINE_TERMINATORS: Ranges = [(0xA, 0xA), (0xD, 0xD), (0x2028, 0x2029)]
SYNTAX = "^$\\.*+?()[]{}|"
CONTROL = {"f": 0xC, "n": 0xA, "r": 0xD, "t": 0x9, "v": 0xB}
# General_Category values and their aliases (Unicode's PropertyValueAliases.txt), as ECMA-262
# accepts them in `\p{...}`, `\p{gc=...}` and `\p{General_Category=...}` (case-sensitive).
_GC = (
    "C Other|Cc Control cntrl|Cf Format|Cn Unassigned|Co Private_Use|Cs Surrogate|L Letter|"
    "LC Cased_Letter|Ll Lowercase_Letter|Lm Modifier_Letter|Lo Other_Letter|Lt Titlecase_Letter|"
    "Lu Uppercase_Letter|M Mark Combining_Mark|Mc Spacing_Mark|Me Enclosing_Mark|"
    "Mn Nonspacing_Mark|N Number|Nd Decimal_Number digit|Nl Letter_Number|No Other_Number|"
    "P Punctuation punct|Pc Connector_Punctuation|Pd Dash_Punctuation|Pe Close_Punctuation|"
    "Pf Final_Punctuation|Pi Initial_Punctuation|Po Other_Punctuation|Ps Open_Punctuation|"
    "S Symbol|Sc Currency_Symbol|Sk Modifier_Symbol|Sm Math_Symbol|So Other_Symbol|Z Separator|"
    "Zl Line_Separator|Zp Paragraph_Separator|Zs Space_Separator"
)
CATEGORY_ALIASES = {name: e.split()[0] for e in _GC.split("|") for name in e.split()}
_SCRIPTS = {"Script", "sc", "Script_Extensions", "scx"}


class Untranslatable(ValueError):
    """The pattern is not valid ECMA-262 (with the `u` flag), or Python's `re` cannot express
    it exactly. The message says which and where."""


def translate(pattern: str) -> str:
    """The Python `re` pattern that `re.search` uses as ECMA-262 uses `pattern`."""
    # An ECMA source is UTF-16: a surrogate pair left apart by a YAML loader is one code point.
    source = pattern.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    parser = _Parser(source)
    try:
        out = parser.disjunction()
        if parser.i < len(source):
            raise parser.fail("unmatched ')'")
        re.compile(out)
    except (re.error, OverflowError, RecursionError) as exc:
        raise Untranslatable(f"Python's re cannot express {pattern!r}: {exc}") from None
    return out


def union(*sets: Ranges) -> Ranges:
    """The union of code point range lists, merged and sorted."""
    out: Ranges = []
    for lo, hi in sorted(r for s in sets for r in s):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def complement(ranges: Ranges) -> Ranges:
    """Every code point that `ranges` (sorted, merged) does not hold."""
    out: Ranges = []
    start = 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX:
        out.append((start, MAX))
    return out


def literal(cp: int) -> str:
    """One code point as a Python `re` literal, valid inside and outside a class. Spaces are
    escaped too, so that a translated pattern holds no whitespace (its `repr` in generated code
    stays one word that a line can end with)."""
    char = chr(cp)
    if char.isascii() and (char.isalnum() or char == "_"):
        return char
    if 0x21 <= cp < 0x7F:
        return "\\" + char
    if cp > 0x7F and unicodedata.category(char)[0] in "LNPS":  # not marks, spaces, controls
        return char
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def char_set(ranges: Ranges) -> str:
    """A Python `re` atom matching exactly the code points of `ranges`: a literal, or a class
    written positively or negated, whichever is shorter."""
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return literal(ranges[0][0])
    other = complement(ranges)
    if not ranges or not other:  # nothing, or everything
        return "[" + ("^" if not ranges else "") + "\\x00-\\U0010ffff]"
    negate = len(other) < len(ranges)
    spans = (_span(lo, hi) for lo, hi in (other if negate else ranges))
    return "[" + ("^" if negate else "") + "".join(spans) + "]"


def _span(lo: int, hi: int) -> str:
    return literal(lo) if lo == hi else literal(lo) + "-" * (hi > lo + 1) + literal(hi)


@lru_cache(maxsize=1)
def _categories() -> dict[str, Ranges]:
    """Two-letter general category -> its code points, from `unicodedata` (one pass)."""
    table: dict[str, Ranges] = {}
    start, current = 0, unicodedata.category("\0")
    for cp in range(1, MAX + 2):
        category = unicodedata.category(chr(cp)) if cp <= MAX else ""
        if category != current:
            table.setdefault(current, []).append((start, cp - 1))
            start, current = cp, category
    return table


def property_ranges(name: str, value: str | None) -> Ranges:
    """The code points of `\\p{name}` or `\\p{name=value}`; `Untranslatable` when Python has no
    exact data for the property or ECMA-262 does not know it."""
    if value is not None and name in _SCRIPTS:
        raise Untranslatable(f"\\p{{{name}={value}}}: scripts are not in Python's unicodedata")
    if value is not None and name not in ("General_Category", "gc"):
        raise Untranslatable(f"\\p{{{name}={value}}}: unknown Unicode property")
    category = value if value is not None else name
    if value is None and category in ("Any", "ASCII"):
        return [(0, MAX if category == "Any" else 0x7F)]
    if value is None and category == "Assigned":
        return complement(_categories()["Cn"])
    code = CATEGORY_ALIASES.get(category)
    if code is None:
        raise Untranslatable(
            f"\\p{{{category}}}: not a general category (binary properties other than Any, "
            "ASCII and Assigned, and scripts, are not in Python's unicodedata)"
        )
    table = _categories()
    if code == "LC":
        return union(table["Lu"], table["Ll"], table["Lt"])
    return union(*(ranges for c, ranges in table.items() if c == code or c[0] == code))


class _Parser:
    """Recursive descent over the ECMA-262 pattern grammar (`u` flag), writing Python as it goes.

    For backreferences, `frames` is the stack of the alternatives, groups and lookarounds around
    the position, each a one-element list that says whether it is "opaque": an alternative of a
    disjunction that has several (marked when the `|` is read), a quantified group (marked when
    the quantifier is read, right after the group), a lookaround. A backreference is kept only
    when its group closed before it and every frame around the group that is not around the
    backreference is transparent: then the group has surely matched, in the same iteration of
    every quantifier, and ECMA and Python refer to the same text."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.groups = 0
        self.names: dict[str, int] = {}
        self.closed: dict[int, list[list[bool]]] = {}  # group number -> the frames around it
        self.frames: list[list[bool]] = []
        self.behind = 0  # lookbehinds open around the position

    def fail(self, why: str) -> Untranslatable:
        return Untranslatable(f"{why} at offset {self.i} of {self.src!r}")

    def peek(self, ahead: int = 0) -> str:
        return self.src[self.i + ahead] if self.i + ahead < len(self.src) else ""

    def eat(self, text: str) -> bool:
        if self.src.startswith(text, self.i):
            self.i += len(text)
            return True
        return False

    def disjunction(self) -> str:
        alternatives: list[str] = []
        frames: list[list[bool]] = []
        while True:
            frames.append([len(frames) > 0])
            self.frames.append(frames[-1])
            terms = []
            while self.peek() not in ("", "|", ")"):
                terms.append(self.term())
            alternatives.append("".join(terms))
            self.frames.pop()
            if not self.eat("|"):
                return "|".join(alternatives)
            frames[0][0] = True

    def term(self) -> str:
        assertion = next((py for ecma, py in _ASSERTIONS if self.eat(ecma)), None)
        atom, frame = (assertion, None) if assertion else self.atom()
        quantifier = self.quantifier()
        if quantifier and (assertion or (frame and frame[0])):  # lookarounds are opaque at once
            raise self.fail("nothing to repeat")
        if quantifier and frame is not None:
            frame[0] = True
        return atom + quantifier

    def atom(self) -> tuple[str, list[bool] | None]:
        """One atom as Python, and its frame when it is a group (made opaque if quantified)."""
        c = self.peek()
        if c == "(":
            return self.group()
        self.i += 1
        if c == "[":
            return char_set(self.char_class()), None
        if c == ".":
            return char_set(complement(LINE_TERMINATORS)), None
        if c == "\\":
            return self.atom_escape(), None
        if c in SYNTAX:
            raise self.fail("nothing to repeat" if c in "*+?{" else f"lone {c!r}")
        return literal(ord(c)), None

    def group(self) -> tuple[str, list[bool]]:
        """A group or a lookaround (whose frame is opaque from the start)."""
        look = next((o for o in ("(?=", "(?!", "(?<=", "(?<!") if self.eat(o)), None)
        frame, number, prefix = [look is not None], None, look or "("
        if look is None and self.eat("(?:"):
            prefix = "(?:"
        elif look is None and self.eat("(?<"):
            end = self.src.find(">", self.i)
            name = self.src[self.i : end] if end >= 0 else ""
            if not name.replace("$", "_").isidentifier() or name in self.names:
                raise self.fail(f"bad or repeated group name {name!r}")
            self.i, self.groups = end + 1, self.groups + 1
            number = self.names[name] = self.groups
        elif look is None and self.src.startswith("(?", self.i):
            raise self.fail("unknown group kind")
        elif look is None:
            self.i, self.groups = self.i + 1, self.groups + 1
            number = self.groups
        self.frames.append(frame)
        self.behind += prefix.startswith("(?<")
        body = self.disjunction()
        self.behind -= prefix.startswith("(?<")
        if not self.eat(")"):
            raise self.fail("unterminated group")
        if number is not None:
            self.closed[number] = list(self.frames)
        self.frames.pop()
        return prefix + body + ")", frame

    def quantifier(self) -> str:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.i += 1
            q = c
        elif c == "{":
            m = _BRACES.match(self.src, self.i)
            if m is None:
                raise self.fail("incomplete quantifier")
            low, comma, high = int(m[1]), m[2], m[3]
            if high and int(high) < low:
                raise self.fail("numbers out of order in quantifier")
            self.i = m.end()
            q = f"{{{low}}}" if not comma else f"{{{low},{int(high) if high else ''}}}"
        else:
            return ""
        return q + ("?" if self.eat("?") else "")

    def atom_escape(self) -> str:
        """After a backslash outside a class (`\\b` and `\\B` are assertions, read before)."""
        digits = _DIGITS.match(self.src, self.i)
        if digits is not None and digits[0][0] != "0":
            self.i = digits.end()
            return self.backreference(int(digits[0]))
        if self.eat("k"):
            end = self.src.find(">", self.i)
            if self.peek() != "<" or end < 0:
                raise self.fail("invalid named reference")
            name, self.i = self.src[self.i + 1 : end], end + 1
            if name not in self.names:
                raise self.fail(f"backreference to {name!r}, which is no group before it")
            return self.backreference(self.names[name])
        got = self.class_escape()
        return literal(got) if isinstance(got, int) else char_set(got)

    def backreference(self, number: int) -> str:
        frames = self.closed.get(number)
        if self.behind or frames is None or number > 99:
            raise self.fail(f"backreference to group {number} inside a lookbehind, or not after it")
        if any(f[0] and not any(f is g for g in self.frames) for f in frames):
            raise self.fail(
                f"backreference to group {number}, which may not have matched in this iteration "
                "(ECMA then matches the empty string)"
            )
        return f"(?:\\{number})"

    def char_class(self) -> Ranges:
        negate = self.eat("^")
        parts: list[Ranges] = []
        while not self.eat("]"):
            if self.i >= len(self.src):
                raise self.fail("unterminated character class")
            first = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                last = self.class_atom()
                if isinstance(first, list) or isinstance(last, list):
                    raise self.fail("a class escape as the end of a range")
                if first > last:
                    raise self.fail("range out of order in character class")
                parts.append([(first, last)])
            else:
                parts.append(first if isinstance(first, list) else [(first, first)])
        ranges = union(*parts)
        return complement(ranges) if negate else ranges

    def class_atom(self) -> int | Ranges:
        c = self.peek()
        self.i += 1
        if c != "\\":
            return ord(c)
        if self.eat("b"):
            return 0x8
        if self.eat("-"):
            return ord("-")
        return self.class_escape()

    def class_escape(self) -> int | Ranges:
        """After a backslash: a class escape (ranges) or a character escape (a code point)."""
        c = self.peek()
        self.i += 1
        if c and c in "dDwWsS":
            ranges = {"d": DIGITS, "w": WORD, "s": SPACE}[c.lower()]
            return complement(ranges) if c.isupper() else ranges
        if c in ("p", "P"):
            m = _PROPERTY.match(self.src, self.i)
            if m is None:
                raise self.fail("invalid Unicode property escape")
            self.i = m.end()
            ranges = property_ranges(m[1], m[2])
            return complement(ranges) if c == "P" else ranges
        if c in CONTROL:
            return CONTROL[c]
        if c == "c" and self.peek().isascii() and self.peek().isalpha():
            self.i += 1
            return ord(self.src[self.i - 1]) % 32
        if c == "0" and not self.peek().isdigit():
            return 0
        if c == "x" and _HEX2.match(self.src, self.i):
            self.i += 2
            return int(self.src[self.i - 2 : self.i], 16)
        if c == "u":
            return self.unicode_escape()
        if c and c in SYNTAX + "/":
            return ord(c)
        raise self.fail(f"invalid escape \\{c}")

    def unicode_escape(self) -> int:
        """After `\\u`: `{hex}` or four hex digits, a surrogate pair of two such being one."""
        m = _BRACED_HEX.match(self.src, self.i) or _HEX4.match(self.src, self.i)
        if m is None or int(m[1], 16) > MAX:
            raise self.fail("invalid Unicode escape")
        self.i = m.end()
        value = int(m[1], 16)
        trail = _TRAIL.match(self.src, self.i)
        if 0xD800 <= value <= 0xDBFF and m[0][0] != "{" and trail:
            if 0xDC00 <= int(trail[1], 16) <= 0xDFFF:
                self.i = trail.end()
                return 0x10000 + ((value - 0xD800) << 10) + int(trail[1], 16) - 0xDC00
        return value


_ASSERTIONS = (("^", "^"), ("$", "\\Z"), ("\\b", "(?a:\\b)"), ("\\B", "(?:(?a:\\B)|^\\Z)"))
_BRACES = re.compile(r"\{([0-9]+)(,([0-9]*))?\}")
_DIGITS = re.compile("[0-9]+")
_PROPERTY = re.compile(r"\{([A-Za-z_]+)(?:=([A-Za-z0-9_]+))?\}")
_HEX2 = re.compile("[0-9A-Fa-f]{2}")
_HEX4 = re.compile("([0-9A-Fa-f]{4})")
_BRACED_HEX = re.compile(r"\{([0-9A-Fa-f]+)\}")
_TRAIL = re.compile(r"\\u([0-9A-Fa-f]{4})")
