"""Write the large hostile specs (alias bombs, deep nesting, long `$ref` chains) into a folder.

They are made at test time, never committed: `python tests/hostile/make_large.py DIR`, or
`write_all(folder)` from the tests. Each name is a key of `expected.yaml`.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEAD = 'openapi: 3.1.0\ninfo: {title: hostile, version: "1"}\npaths: {}\n'


def alias_bomb(levels: int = 9, fanout: int = 9) -> str:
    """A "billion laughs": each anchor is a list of `fanout` aliases to the one before, so the
    last stands for fanout**levels strings (9**9 = 387,420,489) in under a kilobyte."""
    lines = [HEAD.rstrip("\n"), "x-laughs:", '  - &l0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * fanout)
        lines.append(f"  - &l{level} [{aliases}]")
    lines += [
        "components:",
        "  schemas:",
        f"    Laugh: {{type: array, examples: [*l{levels}]}}",
    ]
    return "\n".join(lines) + "\n"


def key_bomb(levels: int = 9, fanout: int = 9) -> str:
    """The same with mappings, reached from a schema's `properties`: the builder would walk
    every copy."""
    lines = [HEAD.rstrip("\n"), "x-laughs:", "  - &k0 {type: string}"]
    for level in range(1, levels + 1):
        members = ", ".join(
            f"p{i}: {{type: object, properties: *k{level - 1}}}" for i in range(fanout)
        )
        lines.append(f"  - &k{level} {{{members}}}")
    lines += ["components:", "  schemas:", f"    Laugh: {{type: object, properties: *k{levels}}}"]
    return "\n".join(lines) + "\n"


def shared_anchors(copies: int = 200) -> str:
    """A real spec's use of anchors, moderate: one schema reused `copies` times. Loads."""
    lines = [HEAD.rstrip("\n"), "components:", "  schemas:"]
    lines.append(
        "    Base: &base {type: object, required: [id], properties: "
        "{id: {type: string}, n: {type: integer, minimum: 0}}}"
    )
    lines += [f"    Copy{i}: *base" for i in range(copies)]
    return "\n".join(lines) + "\n"


def deep_nesting(depth: int) -> str:
    """A schema whose property `a` is an object whose property `a` is ... `depth` levels deep
    (JSON, so the nesting is in the data and not in YAML indentation; written as text, so
    that no recursion of this process limits the depth)."""
    schema = '{"type": "object", "properties": {"a": ' * depth + '{"type": "string"}' + "}}" * depth
    return (
        '{"openapi": "3.1.0", "info": {"title": "hostile", "version": "1"}, "paths": {}, '
        f'"components": {{"schemas": {{"Deep": {schema}}}}}}}\n'
    )


def deep_example(depth: int) -> str:
    """A schema whose example is a list in a list in ... `depth` levels deep: data, not
    schemas, nested far beyond the schema limit."""
    example = "[" * depth + "]" * depth
    return (
        '{"openapi": "3.1.0", "info": {"title": "hostile", "version": "1"}, "paths": {}, '
        '"components": {"schemas": {"Nested": {"type": "array", "description": "deep", '
        f'"examples": [{example}]}}}}}}}}\n'
    )


def ref_chain(length: int) -> str:
    """A1 -> A2 -> ... -> A<length>, the last a string; `Holder.value` refers to A1."""
    lines = [HEAD.rstrip("\n"), "components:", "  schemas:"]
    lines.append(
        "    Holder: {type: object, properties: {value: {$ref: '#/components/schemas/A1'}}}"
    )
    for i in range(1, length):
        lines.append(f"    A{i}: {{$ref: '#/components/schemas/A{i + 1}'}}")
    lines.append(f"    A{length}: {{type: string, maxLength: 3}}")
    return "\n".join(lines) + "\n"


def long_integer(digits: int, json: bool) -> str:
    """A `maximum` with `digits` digits: beyond Python's 4,300, no `int` can be read from it."""
    bound = "9" * digits
    if json:
        return (
            '{"openapi": "3.1.0", "info": {"title": "hostile", "version": "1"}, "paths": {}, '
            f'"components": {{"schemas": {{"Big": {{"type": "integer", "maximum": {bound}}}}}}}}}\n'
        )
    return f"{HEAD}components:\n  schemas:\n    Big: {{type: integer, maximum: {bound}}}\n"


LARGE = {
    "alias_bomb.yaml": alias_bomb,
    "key_bomb.yaml": key_bomb,
    "shared_anchors.yaml": shared_anchors,
    "deep_nesting_165.json": lambda: deep_nesting(165),
    "deep_nesting_249.json": lambda: deep_nesting(249),
    "deep_nesting_251.json": lambda: deep_nesting(251),
    "deep_nesting_5000.json": lambda: deep_nesting(5000),
    "deep_example_1800.json": lambda: deep_example(1800),
    "ref_chain_99.yaml": lambda: ref_chain(99),
    "ref_chain_100.yaml": lambda: ref_chain(100),
    "ref_chain_300.yaml": lambda: ref_chain(300),
    "ref_chain_3000.yaml": lambda: ref_chain(3000),
    "integer_5000_digits.json": lambda: long_integer(5000, json=True),
    "integer_5000_digits.yaml": lambda: long_integer(5000, json=False),
}


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, make in LARGE.items():
        out[name] = folder / name
        out[name].write_text(make(), encoding="utf-8")
    return out


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1])).values():
        print(path, path.stat().st_size)
