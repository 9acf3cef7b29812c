"""The whole-spec package `errata` parses with: generated into a temporary folder by the
pipeline, imported under a unique name, and run on each example strictly and tolerantly.

Deviations come from tolerant parsing: the generated package's `SpecDeviationWarning`s (`path`,
`kind`, `expected`, `found`; one per deviation, issued after a successful `strict=False` parse).
When a package has no such warning, or the tolerant parse fails too, the strict
`ValidationError.errors` stand in, each given the kind its words show (`kind_of`).
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import secrets
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from . import ir, naming, pipeline
from .config import Settings
from .examples import Example
from .resolve import component_pointer

__all__ = ["Deviation", "Parsers", "Verdict", "generated_package", "kind_of"]

# The kinds of `SpecDeviationWarning`, plus two that only strict errors give: a value of the wrong
# JSON type ("type"), which no mode accepts, and an exception other than ValidationError ("crash").
KINDS = ("null", "missing", "value", "constraint", "unknown_member", "additional", "type", "crash")
_TYPE_WORDS = ("a string", "an integer", "a number", "a boolean", "an object", "an array")


@dataclass(frozen=True)
class Deviation:
    """One way an example differs from the spec: where, what kind, what was expected and found."""

    path: str
    kind: str
    expected: str
    found: str


@dataclass
class Verdict:
    """What the generated code made of one example."""

    example: Example
    strict: list[Deviation] | None  # the strict parse's errors; None: accepted
    tolerant: list[Deviation] | None  # the tolerant parse's errors; None: accepted
    deviations: list[Deviation]
    from_warnings: bool  # the deviations are tolerant parsing's warnings (else strict errors)
    result: Any = None  # the parsed value (tolerant, else strict); None when both failed


def kind_of(path: str, expected: str, found: str) -> str:
    """The deviation kind a strict `ErrorDetail` shows (the fallback without warnings)."""
    if found == "null":
        return "null"
    if found.startswith("nothing"):
        return "missing"
    if "additional properties are not allowed" in expected:
        return "additional"
    if "matches several" in expected:
        return "constraint"  # oneOf exclusivity
    if expected.startswith(("one of:", "exactly one of:")):
        # A union's members are objects: anything else is of the wrong type, not a new member.
        return "unknown_member" if found.endswith("(object)") else "type"
    if expected.startswith(('"', "one of ")) or expected in ("true", "false"):
        return "value"
    if expected in _TYPE_WORDS or expected.startswith("a JSON"):
        return "type"
    return "constraint"


@contextmanager
def generated_package(settings: Settings) -> Iterator[ModuleType]:
    """The whole-spec package of `settings.spec`, generated into a temporary folder and
    imported under a name no other run uses; removed again afterwards."""
    with tempfile.TemporaryDirectory(prefix="errata-") as folder:
        package = f"errata_models_{os.getpid()}_{secrets.token_hex(4)}"
        settings = dataclasses.replace(settings, out=Path(folder), package=package, everything=True)
        pipeline.generate(settings)
        sys.path.insert(0, folder)
        try:
            importlib.invalidate_caches()
            yield importlib.import_module(package)
        finally:
            sys.path.remove(folder)
            for name in [m for m in sys.modules if m.split(".")[0] == package]:
                del sys.modules[name]


Parse = Callable[[Any, bool], Any]


class Parsers:
    """The parse function of each component in the generated package, and the verdicts."""

    def __init__(self, package: ModuleType, model: ir.Model, names: naming.Names) -> None:
        self.package = package
        self.defs = model.by_pointer()
        self.names = names
        self.error_type: type[Exception] = package.ValidationError
        self.warning_type: type[Warning] | None = getattr(package, "SpecDeviationWarning", None)
        self._cache: dict[str, Parse] = {}

    def parser(self, component: str) -> Parse:
        """`Class.from_dict` of a class, `parse_<snake>` of an alias."""
        if component in self._cache:
            return self._cache[component]
        pointer = component_pointer(component)
        name = self.names.of[pointer]
        parse: Parse
        if isinstance(self.defs[pointer], ir.ClassDef):
            cls = getattr(self.package, name)

            def parse(data: Any, strict: bool) -> Any:
                return cls.from_dict(data, strict=strict)

        else:
            function = getattr(self.package, f"parse_{self.names.snake(pointer)}")

            def parse(data: Any, strict: bool) -> Any:
                return function(data, strict=strict)

        self._cache[component] = parse
        return parse

    def check(self, example: Example) -> Verdict:
        parse = self.parser(example.schema)
        value, strict, _ = self._run(parse, example.data, True)
        if strict is None:
            return Verdict(example, None, None, [], False, value)
        value, tolerant, warned = self._run(parse, example.data, False)
        if tolerant is None and warned:
            return Verdict(example, strict, None, warned, True, value)
        deviations = [
            dataclasses.replace(d, kind=d.kind or kind_of(d.path, d.expected, d.found))
            for d in strict
        ]
        return Verdict(example, strict, tolerant, deviations, False, value)

    def _run(
        self, parse: Parse, data: Any, strict: bool
    ) -> tuple[Any, list[Deviation] | None, list[Deviation]]:
        """(value, errors or None, deviations warned) of one parse."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = parse(data, strict)
            except self.error_type as exc:
                errors = getattr(exc, "errors", [])
                return None, [Deviation(e.path, "", e.expected, e.found) for e in errors], []
            except Exception as exc:  # a bug of the generated code: report it, go on
                return (
                    None,
                    [Deviation("", "crash", "no exception", f"{type(exc).__name__}: {exc}")],
                    [],
                )
        kind = self.warning_type
        warned = [
            Deviation(*(str(getattr(w, a, "")) for a in ("path", "kind", "expected", "found")))
            for w in (c.message for c in caught)
            if kind is not None and isinstance(w, kind)
        ]
        return value, None, warned
