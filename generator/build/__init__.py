"""Stage 2b: turn the raw schemas of the component graph into the typed IR (`ir.py`).

Every schema node becomes a type expression; objects with properties become `ClassDef`s, and
component schemas that are not classes become `AliasDef`s. Named definitions are keyed by the
JSON pointer that defines them, so a schema reached twice (or recursively) is built once.

`Builder(spec).build(roots, everything=..., operations=..., all_operations=...)` is the entry
point. Where each keyword is handled:

| module | keywords and constructs |
| --- | --- |
| `schema.py` | the boundary: `Schema`, a typed view of a raw node; every keyword's shape is checked there |
| `core.py` | the component loop, `$ref`, `type` (dispatch by kind; primitives, `format`), name hints, notes |
| `objects.py` | `properties`, `required`, `additionalProperties: false`, object `allOf` parts merged, fields |
| `unions.py` | `anyOf`, `oneOf` (flattened, de-duplicated), `discriminator` declared or inferred |
| `enums.py` | `enum`, `const`, open enums (`anyOf: [string, string enum]`), `x-stainless-const` |
| `arrays_maps.py` | `items`, `additionalProperties: <schema>` (maps), free-form objects |
| `composition.py` | `allOf` (one real part, distributed over a union), `[X, null]` and other wrappers |
| `assertions.py` | what no type expresses (`not`, `contains`, ...): the package's validator checks it |
| `vocabulary.py` | the 2020-12 keywords that can reject a value, and the JSON kind each applies to |
| `operations.py` | `paths`: an operation's parameters, request bodies, responses and event streams |
| `cycles.py` | after the build: reference cycles with no object or array between, flattened or refused |
"""

from __future__ import annotations

from .arrays_maps import ArraysMaps
from .assertions import Assertions
from .composition import Composition
from .cycles import Cycles
from .enums import Enums
from .objects import Objects
from .unions import Unions


class Builder(Cycles, Objects, Unions, Enums, ArraysMaps, Composition, Assertions):
    """Builds the IR for a set of components. One instance per generation run."""


__all__ = ["Builder"]
