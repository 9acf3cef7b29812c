"""`generator.ecma_regex`: ECMA-262 patterns (JSON Schema's dialect, Unicode-aware) as Python `re`
patterns with the same meaning under `re.search`.

Unit tests of each construct Python reads differently, of the refusals, and property tests: any
literal text matches itself; the character classes written are exactly their code points; `\\p`
general categories are `unicodedata`'s; where the two dialects agree, the translation means what
the pattern already meant to Python; and, when Node.js is installed, random patterns get the
verdicts of a real ECMA-262 engine (`new RegExp(pattern, "u")`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ecma_regex import MAX, SPACE, SYNTAX, Untranslatable, char_set, translate, union


def search(pattern: str, text: str) -> bool:
    return re.search(translate(pattern), text) is not None


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("^[a-z_]+$", ["my_tool"], ["my_tool\n", "my_tool\r", "\nmy_tool"]),
        ("^abc$", ["abc"], ["abc\n"]),
        ("^$", [""], ["\n"]),
        ("^\\d+$", ["42", "0"], ["\u0663", "\u09ea\u09e8", "\uff10", "4\u0663"]),
        ("^\\D$", ["\u07c0", "a"], ["0"]),
        ("^\\w$", ["a", "Z", "_", "0"], ["\u00e9", "\u0663", "-"]),
        ("^\\W$", ["\u00e9", "-"], ["a", "_"]),
        ("^\\s$", [" ", "\t", "\x0b", "\f", "\xa0", "\ufeff", "\n", "\r", "\u2028", "\u2029",
                   "\u2003", "\u1680", "\u3000", "\u202f"], ["\x01", "\u2013", "\u200b", "\x85"]),
        ("^\\S$", ["\x01", "\u2013", "\x85"], [" ", "\ufeff", "\u2003"]),
        ("^.$", ["a", "\U0001f432", "\x00", "\x85"], ["\n", "\r", "\u2028", "\u2029", ""]),
        ("^[^]$", ["\n", "\r", "a"], ["", "ab"]),
        ("[]", [], ["", "a", "[]"]),
        ("^a[]?b$", ["ab"], ["a[]b"]),
        ("^(?<year>\\d{4})-\\k<year>$", ["2024-2024"], ["2024-2025"]),
        ("^(\\w)\\1$", ["aa"], ["ab"]),
        ("^\\cC\\cj$", ["\x03\n"], ["cC"]),
        ("^\\/\\.\\*$", ["/.*"], ["a.b"]),
        ("^\\u00e9\\x41\\0$", ["\u00e9A\x00"], ["\u00e9A0"]),
        ("^\\ud83d\\udc32*$", ["", "\U0001f432\U0001f432"], ["\U0001f409", "\ud83d"]),
        ("^\\u{1F432}$", ["\U0001f432"], ["\ud83d"]),
        ("^\U0001f432+$", ["\U0001f432"], ["\U0001f409"]),
        ("^[\\u{1F400}-\\u{1F43F}]$", ["\U0001f432"], ["\U0001f440"]),
        ("^[\\b]$", ["\b"], ["b"]),
        ("\\bfoo\\b", ["a foo.", "foo", "\u00e9foo\u00e9"], ["afoo", "foo_"]),  # é is no word character
        ("\\B", ["", "ab", ".."], ["a"]),
        ("^\\p{Letter}cole", ["\u00e9cole", "ecole"], ["\u00c9COLE", "1cole"]),
        ("^\\p{digit}+$", ["42", "\u09ea\u09e8"], ["-%#"]),
        ("^\\p{Lu}\\P{Lu}$", ["Ab", "\u00c9\u00e9"], ["AB", "ab"]),
        ("^\\p{gc=Nd}\\p{General_Category=Decimal_Number}$", ["1\u0663"], ["\u00bd1"]),
        ("^\\p{LC}$", ["a", "\u01c5"], ["\u00aa"]),
        ("^[\\p{L}\\d-]+$", ["a-1\u00e9"], ["a_1"]),
        ("^\\p{Any}\\p{ASCII}\\P{Assigned}$", ["\U0001f432a\u0378"], ["aaa"]),
        ("^a{2,3}?$", ["aa", "aaa"], ["a", "aaaa"]),
        ("^(?:ab|cd){2}$", ["abcd"], ["ab"]),
        ("^(?=a)\\w+(?<!b)$", ["ac"], ["ab", "ca"]),
        ("^[-a]$|^[a-]$|^[\\-]$", ["-", "a"], ["b"]),
        ("^[--/]$", ["-", ".", "/"], [","]),
        ("^[^\\s\\d]$", ["a"], [" ", "1"]),
        ("^[\\S\\d]$", ["a", "1"], [" "]),
        ("^\\t$", ["\t"], ["\\t"]),
        ("a b", ["a b"], ["ab"]),
        ("^[&&][~~][||][--]$", ["&~|-"], []),
    ],
)  # fmt: skip
def test_constructs(pattern: str, matching: list[str], not_matching: list[str]) -> None:
    for text in matching:
        assert search(pattern, text), text
    for text in not_matching:
        assert not search(pattern, text), text


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("\\p{Script=Greek}", "scripts"),
        ("\\p{sc=Latn}", "scripts"),
        ("\\p{Alphabetic}", "not a general category"),
        ("\\p{letter}", "not a general category"),  # names are case-sensitive in ECMA
        ("\\p{Foo=Bar}", "unknown Unicode property"),
        ("\\p{L", "invalid Unicode property escape"),
        ("(?<=a+)b", "fixed-width"),
        ("(a)|\\1", "may not have matched"),
        ("(?:(a)|b)\\1", "may not have matched"),
        ("(a)+\\1", "may not have matched"),
        ("(?=(a))\\1", "may not have matched"),
        ("\\1(a)", "not after it"),
        ("(a\\1)", "not after it"),
        ("(a)(?<=\\1)", "lookbehind"),
        ("\\k<x>(?<x>a)", "no group before it"),
        ("(?<x>a)(?<x>b)", "repeated group name"),
        ("\\2(a)", "not after it"),
        ("(?i:a)", "unknown group kind"),
        ("a{,3}", "incomplete quantifier"),
        ("a{3,2}", "out of order"),
        ("{", "nothing to repeat"),
        ("a**", "nothing to repeat"),
        ("^*", "nothing to repeat"),
        ("(?=a)+", "nothing to repeat"),
        ("]", "lone"),
        ("}", "lone"),
        ("(", "unterminated group"),
        (")", "unmatched"),
        ("[a", "unterminated character class"),
        ("[\\w-a]", "class escape as the end of a range"),
        ("[z-a]", "range out of order"),
        ("\\a", "invalid escape"),
        ("\\-", "invalid escape"),
        ("[\\B]", "invalid escape"),
        ("\\01", "invalid escape"),
        ("\\x4", "invalid escape"),
        ("\\c1", "invalid escape"),
        ("\\u{110000}", "invalid Unicode escape"),
        ("a{4294967296}", "Python's re cannot express"),
        ("(" * 1000 + ")" * 1000, "Python's re cannot express"),
    ],
)
def test_refusals(pattern: str, reason: str) -> None:
    with pytest.raises(Untranslatable, match=re.escape(reason)):
        translate(pattern)
    assert issubclass(Untranslatable, ValueError)


def test_white_space_is_ecma_s() -> None:
    """WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP, the Space_Separator category) and
    LineTerminator (LF, CR, LS, PS), for Python's Unicode version."""
    spaces = {0x9, 0xB, 0xC, 0x20, 0xA0, 0xFEFF, 0xA, 0xD, 0x2028, 0x2029}
    spaces |= {cp for cp in range(MAX + 1) if unicodedata.category(chr(cp)) == "Zs"}
    assert {cp for lo, hi in SPACE for cp in range(lo, hi + 1)} == spaces


def test_the_openai_spec_patterns_translate() -> None:
    cases = {
        "^tunnel_[a-z0-9]{32}$": "^tunnel_[0-9a-z]{32}\\Z",
        "^[A-Za-z0-9_.-]+$": "^[\\-\\.0-9A-Z_a-z]+\\Z",
        "^[a-zA-Z0-9_-]+$": "^[\\-0-9A-Z_a-z]+\\Z",
    }
    assert {p: translate(p) for p in cases} == cases


def test_yaml_surrogate_halves_are_one_code_point() -> None:
    """PyYAML reads "\\ud83d\\udc32" as two surrogates; an ECMA source is UTF-16."""
    assert translate("^\ud83d\udc32$") == "^\U0001f432\\Z"


def escape(text: str) -> str:
    """`text` as an ECMA-262 pattern that matches exactly it."""
    return "".join("\\" + c if c in SYNTAX or c == "/" else c for c in text)


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)


@given(ANY_TEXT)
def test_literal_text_matches_itself(text: str) -> None:
    pattern = translate(escape(text))
    # As in ECMA's UTF-16 (and in what `json.loads` gives), a surrogate pair is one code point.
    whole = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    assert re.fullmatch(pattern, whole) is not None
    assert not any(c.isspace() for c in pattern)  # one word in generated code
    braced = "".join(f"\\u{{{ord(c):x}}}" for c in text)
    assert re.fullmatch(translate(braced), text) is not None


@st.composite
def range_sets(draw: Any) -> list[tuple[int, int]]:
    points = draw(st.lists(st.integers(0, MAX), max_size=12))
    points.extend([0, MAX] if draw(st.booleans()) else [])
    ends = sorted(points)
    return union(*([(a, b)] for a, b in zip(ends[::2], ends[1::2], strict=False)))


@given(range_sets(), st.lists(st.integers(0, MAX), max_size=20))
def test_character_sets_hold_exactly_their_code_points(
    ranges: list[tuple[int, int]], probes: list[int]
) -> None:
    atom = char_set(ranges)
    edges = [x for lo, hi in ranges for x in (lo - 1, lo, hi, hi + 1) if 0 <= x <= MAX]
    for cp in probes + edges:
        inside = any(lo <= cp <= hi for lo, hi in ranges)
        assert (re.fullmatch(atom, chr(cp)) is not None) is inside, (atom[:80], cp)


CATEGORIES = ["L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "N", "Nd", "Nl", "No", "P", "Pd",
              "S", "Sm", "Sc", "Z", "Zs", "C", "Cc", "Cf", "Co", "Cn", "Cs"]  # fmt: skip
COMPILED = {c: re.compile(translate(f"^\\p{{{c}}}$")) for c in CATEGORIES}


@given(st.integers(0, MAX))
def test_general_categories_are_unicodedata_s(cp: int) -> None:
    category = unicodedata.category(chr(cp))
    for name, compiled in COMPILED.items():
        assert (compiled.match(chr(cp)) is not None) is category.startswith(name), (name, cp)


def test_translations_compile_without_warnings() -> None:
    """Python warns of possible set operations (`[[`, `--`, `&&`, `~~`, `||`) in classes."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for pattern in ("[[]", "[--]", "[&&]", "[~~]", "[||]", "[+--]", "[^-&~|[]", "\\[\\]"):
            re.compile(translate(pattern))


# Patterns on which ECMA-262 and Python agree (no `$`, `\d`, `\w`, `\s`, `.`, `\b`, escapes):
# there the translation must mean what the pattern meant to Python.
COMMON_ATOMS = st.sampled_from(["a", "b", "c", "[ab]", "[^a]", "[a-c]", "[^a-c]", "(?:ab)"])


def _common(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map("|".join),
        st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,2}", "*?", "+?"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        inner.map(lambda p: f"({p})"),
        inner.map(lambda p: f"(?={p})"),
        inner.map(lambda p: f"(?!{p})"),
        inner.map(lambda p: f"^{p}"),
    )


@given(
    st.recursive(COMMON_ATOMS, _common, max_leaves=6),
    st.lists(st.text("abcd\n", max_size=6), max_size=6),
)
def test_common_patterns_keep_their_meaning(pattern: str, texts: list[str]) -> None:
    translated = re.compile(translate(pattern))
    for text in texts:
        assert (translated.search(text) is None) is (re.search(pattern, text) is None)


# Against a real ECMA-262 engine.
NODE_SCRIPT = """
const rl = require('readline').createInterface({input: process.stdin});
rl.on('line', (line) => {
  const q = JSON.parse(line);
  let out;
  try {
    const re = new RegExp(q.p, 'u');
    out = {ok: true, m: q.s.map((s) => {
      const m = re.exec(s);
      if (m === null) return false;
      const c = s.charCodeAt(m.index);  // V8 may report an empty match inside a surrogate pair
      return m.index > 0 && c >= 0xDC00 && c <= 0xDFFF ? null : true;
    })};
  } catch (e) { out = {ok: false, error: String(e)}; }
  process.stdout.write(JSON.stringify(out) + '\\n');
});
"""
ATOMS = [
    "a", "b", "-", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "[ab]", "[^a]", "[a-z]",
    "[\\d_]", "[^\\s]", "[]", "[^]", "\\p{L}", "\\P{L}", "\\p{Nd}", "\\p{Lu}", "\\u00e9",
    "\\u{1F432}", "\\ud83d\\udc32", "\\.", "\\-", "\\/", "\\cJ", "\\x41", "\U0001f432", "\u00e9",
    "[\\-a]", "[--/]", "\\0", "\\t", "[\\b]", "]", "{", "}", "{1}", "x{,2}", "\\k<n>", "\\1",
]  # fmt: skip
TEXT = st.text(
    st.sampled_from(list("abAZ_09 -.\t\n\r\u2028\u00e9\u0663\u00a0\ufeff\u2003\u0301\U0001f432")),
    max_size=6,
)


def _ecma(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    quantifier = st.sampled_from(["*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?", "{2,1}"])
    group = st.sampled_from(["(", "(?:", "(?<n>", "(?=", "(?!", "(?<=", "(?<!"])
    return st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map("|".join),
        st.tuples(inner, quantifier).map("".join),
        st.tuples(group, inner, st.sampled_from([")", ")\\1", ")\\k<n>", ")+"])).map("".join),
    )


@pytest.fixture(scope="module")
def ecma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: no ECMA-262 engine to compare with")
    script = Path(tmp_path_factory.mktemp("ecma")) / "ecma.js"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    process = subprocess.Popen(
        [node, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None and process.stdout is not None

    def ask(pattern: str, texts: list[str]) -> Any:
        assert process.stdin is not None and process.stdout is not None
        query = {"p": pattern, "s": texts}
        process.stdin.write(json.dumps(query) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield ask
    process.stdin.close()
    process.wait(timeout=10)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.sampled_from(ATOMS), _ecma, max_leaves=6), st.lists(TEXT, max_size=8))
def test_agrees_with_an_ecma_engine(ecma: Any, pattern: str, texts: list[str]) -> None:
    answer = ecma(pattern, texts)
    try:
        translated = re.compile(translate(pattern))
    except Untranslatable:
        return  # refused: never a wrong translation (what is refused is tested above)
    assert answer["ok"], f"{pattern!r} is invalid ECMA-262 ({answer.get('error')}) but translated"
    for text, verdict in zip(texts, answer["m"], strict=True):
        if verdict is None:
            continue
        assert (translated.search(text) is not None) is verdict, (pattern, text)
