"""YAML text -> plain data, for the load stage (imported only when a YAML document is parsed).

PyYAML's C parser (its pure-Python one where PyYAML was built without libyaml) with its safe
schema, except that dates and timestamps stay the strings JSON would carry. Two departures:

- Plain documents (string keys, untagged str/int/float/bool/null scalars, maps and lists) are
  turned into data directly from the composed nodes, without PyYAML's constructor, whose
  bookkeeping took most of a parse (docs/design.md, "Speed"). An alias becomes a copy of the
  node it refers to, as in the JSON document the YAML stands for. Anything else (a tag, a
  merge key `<<`, a key that is not a string, a recursive alias) goes through PyYAML's
  constructor.
- An anchor may be defined again (YAML 1.2): an alias then refers to the latest definition
  before it. PyYAML's composer refuses such documents ("found duplicate anchor"); they are
  composed again by PyYAML's pure-Python composer, fed by the same parser, without that check.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer, ComposerError

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

__all__ = ["parse"]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
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


class _Unusual(Exception):
    """A node the direct construction leaves to PyYAML's constructor."""


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The value of a composed node, built directly when it is plain data; else `_Unusual`."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag in _PLAIN_SCALARS:
            return loader.construct_object(node)
        raise _Unusual
    if kind is yaml.MappingNode and node.tag == _MAP:
        out = {}
        for key, value in node.value:
            if key.tag != _STR or type(key) is not yaml.ScalarNode:
                raise _Unusual  # a merge key, a number, a bool, a collection...
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
        try:
            return _construct(node, loader), True
        except (_Unusual, RecursionError):
            return loader.construct_document(node), False
    finally:
        loader.dispose()
