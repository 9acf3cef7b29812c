"""YAML text -> plain data, for the load stage (imported only when a YAML document is parsed).

PyYAML's C parser (its pure-Python one where PyYAML was built without libyaml) with its safe
schema, except that dates and timestamps stay the strings JSON would carry. Two departures:

- Plain documents (string keys, untagged str/int/float/bool/null scalars, maps and lists) are
  turned into data directly from the composed nodes, without PyYAML's constructor, whose
  bookkeeping took most of a parse (docs/design.md, "Speed"). An alias becomes a copy of the
  node it refers to, as in the JSON document the YAML stands for. A key that is a number, a
  boolean or null (`200:`, `true:`) is the text written there, the string JSON must use. A
  float that JSON cannot carry (`.inf`, `.nan`) is refused; one too large for a float
  (`1.0e+400`) is the exact integer (`json_data.exact`). Anything else (a tag, a merge key
  `<<`, a collection as a key) goes through PyYAML's constructor, and the load stage refuses
  what of its result JSON cannot carry.
- An anchor may be defined again (YAML 1.2): an alias then refers to the latest definition
  before it. PyYAML's composer refuses such documents ("found duplicate anchor"); they are
  composed again by PyYAML's pure-Python composer, fed by the same parser, without that check.

A document with anchors is measured before it is built (`_measure`, over the composed nodes,
where an alias is the very node it refers to): one that stands for more than `MAX_NODES` nodes
once its aliases are expanded ("billion laughs": 9 anchors, each 9 aliases of the one before,
stand for 387 million strings in 600 bytes) or that holds itself through an alias is refused
(`Refused`, a `MarkedYAMLError`) before anything is copied.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError

from . import json_data

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

__all__ = ["MAX_NODES", "Refused", "parse"]

# The most nodes (mappings, sequences and scalars, keys included) a YAML document may stand for
# once its aliases are expanded: 18 times the OpenAI spec (110,205 nodes in 2026), and 0.3 s to
# build. A document without anchors is not measured: its size is that of its text.
MAX_NODES = 2_000_000
# Something that may be an anchor (`&name` after a space, a flow indicator or a line start).
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_FLOAT = "tag:yaml.org,2002:float"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_SCALARS = frozenset(
    {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
    }
)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that keeps dates and timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class _RedefinableAnchors(Composer):
    """PyYAML's composer, but a node may take an anchor that an earlier node has: aliases after
    it refer to it (YAML 1.2, "an alias node refers to the most recent preceding node having
    the same anchor"). An alias to an anchor not yet defined is still an error."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        events: Any = self  # the parser's methods come from the loader this is mixed into
        if not events.check_event(yaml.AliasEvent):
            anchor = events.peek_event().anchor
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


class _RedefiningLoader(_RedefinableAnchors, _Loader):
    """`_Loader` with the composer above: composed in Python (about twice the time of the C
    composer), fed by the same parser."""

    def __init__(self, stream: str) -> None:
        _Loader.__init__(self, stream)  # type: ignore[call-arg] # mypy sees no base
        self.anchors: dict[str, yaml.Node] = {}


class Refused(yaml.MarkedYAMLError):
    """A document that would expand beyond `MAX_NODES` nodes, or into itself, via aliases; or
    a number that JSON cannot carry (`.inf`, `.nan`)."""

    def __init__(self, problem: str, node: yaml.Node) -> None:
        super().__init__(problem=problem, problem_mark=node.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node) -> None:
    """Refuse a composed document that holds itself, or that stands for more than `MAX_NODES`
    nodes, through aliases (each node is counted once per place it stands in, without building
    anything: a depth-first walk that adds up each node's size once)."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_NODES:
                raise Refused(
                    f"the document expands to more than {MAX_NODES:,} nodes through aliases "
                    "(an alias bomb?)",
                    node,
                )
            size[key] = total
            continue
        if key in size:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise Refused("an alias refers to a node that contains it (recursive alias)", child)
            if id(child) not in size:
                stack.append((child, False))


class _Unusual(Exception):
    """A node the direct construction leaves to PyYAML's constructor."""


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The value of a composed node, built directly when it is plain data; else `_Unusual`."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag == _FLOAT:
            value = loader.construct_object(node)
            try:
                return json_data.exact(node.value, value)
            except json_data.NotJson as exc:
                raise Refused(str(exc), node) from None
        if node.tag in _PLAIN_SCALARS:
            try:
                return loader.construct_object(node)
            except ValueError as exc:  # an integer beyond Python's 4,300 digits
                raise Refused(str(exc).split(";")[0], node) from None
        raise _Unusual
    if kind is yaml.MappingNode and node.tag == _MAP:
        out = {}
        for key, value in node.value:
            if type(key) is not yaml.ScalarNode or not (
                key.tag == _STR or key.tag in _PLAIN_SCALARS
            ):
                raise _Unusual  # a merge key, a tagged key, a collection...
            # A number, a boolean or null as a key (`200:`, `true:`) is the text written, as
            # the string a JSON document must use there.
            out[key.value] = _construct(value, loader)
        return out
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_construct(item, loader) for item in node.value]
    raise _Unusual


def parse(text: str) -> tuple[Any, bool]:
    """The data of a one-document YAML text (None when it has none), and whether that data is
    plain JSON data: a tree (no object reached twice) of dicts with string keys, lists, and
    str, int, float, bool or None, which a JSON text can hold exactly. Invalid YAML raises
    PyYAML's errors."""
    try:
        return _parse(text, _Loader)
    except ComposerError as exc:
        if not (exc.context or "").startswith("found duplicate anchor"):
            raise
    return _parse(text, _RedefiningLoader)


def _parse(text: str, loader_type: type[yaml.SafeLoader]) -> tuple[Any, bool]:
    loader = loader_type(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, True
        if _ANCHOR.search(text) is not None:
            _measure(node)
        try:
            return _construct(node, loader), True
        except (_Unusual, RecursionError):
            try:
                return loader.construct_document(node), False
            except ValueError as exc:  # as above
                raise Refused(str(exc).split(";")[0], node) from None
    finally:
        loader.dispose()
