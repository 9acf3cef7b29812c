"""Docstring layout: `docs.fill` is a fast path that must wrap exactly as `textwrap` does."""

from __future__ import annotations

import textwrap

from hypothesis import example, given, settings
from hypothesis import strategies as st

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
