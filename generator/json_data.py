"""A spec's data as JSON means it: numbers finite, and exact when a float cannot hold them;
only dicts with string keys, lists, strings, numbers, booleans and null.

JSON has no NaN or infinity (`Infinity` in a JSON text, `.inf` in YAML); a number too large for
a float (`1e400`, `1.0e+400`) is an integer as large, so a bound keeps its exact value.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

# The most digits of an integer written with an exponent (`1e4000`): beyond, Python's `int`
# from a string refuses it anyway (4,300 digits) and the value could be any size (`1e99999999`).
MAX_DIGITS = 4000


class NotJson(ValueError):
    """A number JSON cannot carry; the message says which."""


def exact(text: str, value: float) -> int | float:
    """`value` (the float of `text`) when finite; else the integer `text` stands for."""
    if math.isfinite(value):
        return value
    try:
        number = Decimal(text.replace("_", ""))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise NotJson(f"{text!r} is not a JSON number (JSON has no NaN or infinity)")
    if number.adjusted() > MAX_DIGITS:
        raise NotJson(f"the number {text} has more than {MAX_DIGITS} digits")
    return int(number)


def first_non_json(data: Any) -> tuple[str, str] | None:
    """The JSON pointer of the first value in `data` that JSON cannot carry, and what it is
    (a key that is not a string, a set, bytes, an infinite float...); None when there is none.
    Iterative: the data may be deep."""
    stack: list[tuple[Any, str]] = [(data, "#")]
    while stack:
        value, pointer = stack.pop()
        kind = type(value)
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    return pointer, f"a key that is not a string: {key!r}"
                if _lone_surrogate(key):
                    return pointer, f"a key with a lone surrogate: {key!r}"
                escaped = key.replace("~", "~0").replace("/", "~1")
                stack.append((item, f"{pointer}/{escaped}"))
        elif kind is list:
            stack.extend((item, f"{pointer}/{i}") for i, item in enumerate(value))
        elif kind is float:
            if not math.isfinite(value):
                return pointer, f"{value!r} is not a JSON number (JSON has no NaN or infinity)"
        elif kind is str:
            if _lone_surrogate(value):
                return pointer, "a string with a lone surrogate (an unpaired \\ud800-\\udfff)"
        elif kind not in (int, bool, type(None)):
            return pointer, f"a {kind.__name__} value, which JSON cannot carry"
    return None


def _lone_surrogate(text: str) -> bool:
    """Whether `text` holds a code point of a surrogate pair on its own (`"\\ud800"` in JSON),
    which no UTF-8 file, and so no generated module, can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
