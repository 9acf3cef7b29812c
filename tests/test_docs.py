"""Docstring layout: `docs.fill` is a fast path that must wrap exactly as `textwrap` does."""

from __future__ import annotations

import io
import re
import textwrap
import tokenize

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import docs, render
from generator.docs import docstring, fill, wrap

# Words of telling lengths (1 to longer than any width drawn), hyphenated words, and runs of
# spaces of several lengths, with now and then a tab, a leading space or a trailing space.
_WORD = st.one_of(
    st.text(alphabet="ab", min_size=1, max_size=3),
    st.text(alphabet="xy-", min_size=4, max_size=45),
)
_GAP = st.sampled_from([" ", " ", " ", "  ", "     ", "\t", " \t "])
_LINE = st.builds(
    lambda first, rest, lead, tail: lead + first + "".join(g + w for g, w in rest) + tail,
    _WORD,
    st.lists(st.tuples(_GAP, _WORD), max_size=40),
    st.sampled_from(["", "", "", " ", "   "]),
    st.sampled_from(["", "", "", " ", "  "]),
)


def _textwrap(line: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(
        line, width=width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


@settings(max_examples=1000, deadline=None)
@given(
    line=_LINE,
    width=st.integers(min_value=1, max_value=60),
    indent=st.sampled_from(["", "  ", "    ", "      "]),
)
@example(line="ab" + " " * 20 + "cd", width=10, indent="")
@example(line="x" * 30 + " ab", width=10, indent="  ")
@example(line="ab cd", width=5, indent="")
def test_fill_wraps_exactly_as_textwrap(line: str, width: int, indent: str) -> None:
    assert fill(line, width, indent) == _textwrap(line, width, indent)


def test_wrap_keeps_paragraphs_lists_and_indentation() -> None:
    text = (
        "A first paragraph that is long enough to be wrapped at the width of the docstrings here.\n"
        "\n"
        "- a list item whose text is long enough to wrap onto a second line, indented under it\n"
        "    an indented line that is long enough to be wrapped and keeps its own indentation too"
    )
    assert wrap(text, width=40).split("\n") == [
        "A first paragraph that is long enough to",
        "be wrapped at the width of the",
        "docstrings here.",
        "",
        "- a list item whose text is long enough",
        "  to wrap onto a second line, indented",
        "  under it",
        "    an indented line that is long enough",
        "    to be wrapped and keeps its own",
        "    indentation too",
    ]


def test_docstring_lines_end_without_whitespace() -> None:
    """No line of a docstring ends in whitespace (ruff's W291), a quote at the end included:
    on one line it needs a space before the closing quotes, on several it needs none."""
    text = 'Trailing spaces   \n\n    indented \t\nends with a "quote"'
    assert docstring(text, 4) == (
        '"""Trailing spaces\n\n        indented\n    ends with a "quote"\n    """'
    )
    assert docstring('one "quote"', 4) == '"""one "quote" """'
    assert docstring("a backslash \\", 0) == '"""a backslash \\\\"""'
    assert docstring(wrap('A paragraph long enough to be wrapped, ending in "quote"', 30), 0) == (
        '"""A paragraph long enough to be\nwrapped, ending in "quote"\n"""'
    )


HOSTILE = [
    'Triple """ quotes',
    'ends with a quote"',
    "ends with a backslash \\",
    "a\\nb \\x00 \\u2028 (escapes spelled out)",
    "NUL \x00, CR \r, FF \x0c, VT \x0b, bell \x07, DEL \x7f, tab \t.",
    "lone surrogate \ud800 and \udfff",
    "line separator \u2028 paragraph separator \u2029 NEL \x85",
    '\'\'\'single\'\'\' and """" four quotes""""',
    '"',
    "\\",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_docstring_holds_any_text_exactly(text: str) -> None:
    """Whatever the spec's text, the literal compiles, encodes as UTF-8 and holds the text (each
    line without its trailing whitespace); it never ends early or runs into the code after it."""
    for indent in (0, 4):
        literal = docs.docstring(text, indent)
        source = f"x = {literal}\ny = 1\n"
        source.encode("utf-8")  # no lone surrogate is written as such
        namespace: dict[str, object] = {}
        exec(compile(source, "<doc>", "exec"), namespace)  # noqa: S102 - our own literal
        # A lone surrogate is spelled out: a class cannot have one in its docstring.
        text = re.sub("[\ud800-\udfff]", lambda m: repr(m.group())[1:-1], text)
        expected = "\n".join(
            (" " * indent if i else "") + line.rstrip() if line.rstrip() else ""
            for i, line in enumerate(text.split("\n"))
        )
        value = namespace["x"]
        assert isinstance(value, str) and namespace["y"] == 1
        assert value.rstrip(" \n") == expected.rstrip(" \n"), (value, expected)
        assert all(line.isprintable() for line in literal.split("\n"))


@pytest.mark.parametrize(
    "title",
    [
        "Character encoding: latin-1",
        "-*- coding: utf-7 -*-",
        "vim: set fileencoding=latin-1 :",
        "CODING=latin-1",
        "x\ncoding: latin-1",
        "# type: ignore",
        "a # ruff: noqa",
        "NUL \x00 CR \r surrogate \ud800 LS \u2028",
        "back\\slash",
    ],
)
def test_spec_text_in_a_comment_cannot_be_a_declaration_or_directive(title: str) -> None:
    """On any line, the comment declares no encoding (PEP 263), holds no `#` (a `# noqa` or
    `# type: ignore` directive) and stays one printable line."""
    text = docs.comment(title)
    assert text.isprintable() and "#" not in text
    assert re.search(r"coding[:=]", text, re.IGNORECASE) is None
    for line in (1, 2):
        source = ("# x\n" if line == 2 else "") + f"# Source: {text}.\ns = 'café'\n"
        raw = source.encode("utf-8")
        assert tokenize.detect_encoding(io.BytesIO(raw).readline)[0] == "utf-8"
        namespace: dict[str, object] = {}
        exec(compile(raw, "<comment>", "exec"), namespace)  # noqa: S102 - our own text
        assert namespace["s"] == "café"


def test_non_finite_numbers_are_expressions_not_names() -> None:
    """YAML's `.inf` and `.nan` are written as `float("inf")`, never the bare name `inf`, which
    a schema named `inf` would be."""
    inf = float("inf")
    assert render.literal(inf) == 'float("inf")' and render.literal(-inf) == 'float("-inf")'
    assert render.literal(float("nan")) == 'float("nan")'
    value = {"a": [1.5, -inf, (inf,)], "b": "inf", "c": {"d": float("nan")}}
    text = render.literal(value)
    assert re.search(r"(?<![\"'])\b(inf|nan)\b(?![\"'])", text) is None, text
    back = eval(text, {"__builtins__": {"float": float}})  # noqa: S307 - our own literal
    assert back["a"][:2] == [1.5, -inf] and back["a"][2] == (inf,) and back["b"] == "inf"
    assert back["c"]["d"] != back["c"]["d"]
    assert render.literal(["x", 1, None, True]) == repr(["x", 1, None, True])
