"""Stage 4: render the named IR through the Jinja templates into module texts.

Python prepares view data (`view_nodes`: names, types, checks, docstring texts); the templates
in `templates/` write every line of code. A templates directory given by the user (the
`templates` setting, `--templates DIR`) takes precedence over the built-in one, file by file.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from . import __version__, docs, ir, layout
from .errors import GeneratorError, Location
from .layout import Plan
from .naming import Names
from .view_nodes import VIEW_VERSION, ModuleView, Source
from .view_objects import alias_view, class_view
from .view_types import TypeViews

if TYPE_CHECKING:
    from .overlay import AppliedOverlay


def builtin_templates() -> Path:
    """The built-in templates. An installed wheel has them as `generator/templates` (the build
    maps the repository's top-level `templates/` there: pyproject.toml, `package-dir`), found
    through `importlib.resources`; a source checkout (or an editable install) reads the
    repository's `templates/` itself."""
    packaged = importlib.resources.files(__package__ or "generator") / "templates"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


TEMPLATES = builtin_templates()

plan = layout.plan


@dataclass(frozen=True)
class Header:
    """What the package was built from: the spec (its `commit` when the pin names its bytes)
    and the overlays applied to it. Only `_meta.json` shows it (`meta_data`); every other
    file's header names the generator alone (`source`)."""

    spec_title: str
    spec_version: str
    spec_sha256: str
    overlays: tuple[AppliedOverlay, ...] = ()
    commit: str | None = None

    def source(self) -> Source:
        return Source(generator_version=__version__)


META = "_meta.json"
META_FORMAT = "openai-dataclass-generator/package/1"


def meta_data(
    header: Header,
    roots: Sequence[str],
    everything: bool,
    files: Sequence[str],
    models: dict[str, Any] | None = None,
    operations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The view data of `_meta.json` (`templates/meta.json.jinja`): the one file that names the
    spec, so that a spec update changes only it and the modules of the schemas that changed.
    Plain JSON data; a key added here is a key of the file. `files`: every file the run
    writes, `_meta.json` included."""
    data: dict[str, Any] = {
        "format": META_FORMAT,
        "generator": {"name": "openai-dataclass-generator", "version": __version__},
        "spec": {
            "title": header.spec_title,
            "info_version": header.spec_version,
            "sha256": header.spec_sha256,
            "commit": header.commit,
        },
        "overlays": [
            {
                "file": Path(o.path).name,
                "sha256": o.sha256,
                "title": o.title,
                "version": o.version,
                "actions": len(o.actions),
            }
            for o in header.overlays
        ],
        "roots": list(roots),
        "all": everything,
        "files": sorted(files),
        # The models as the change report sees them (`changes.snapshot`): what `generate`
        # compares with when it replaces this package with one built from another spec.
        "models": models if models is not None else {},
    }
    if operations:  # `METHOD /path` -> operationId of every operation generated
        data["operations"] = dict(sorted(operations.items()))
    return data


def meta_text(env: jinja2.Environment, data: dict[str, Any]) -> str:
    """`_meta.json` rendered from `meta_data`'s dict."""
    return _render(env, "meta.json.jinja", meta=data, source=Source(__version__))


def json_text(value: object, flat_depth: int = 3) -> str:
    """The `json` filter: keys sorted, ASCII only, one value per line where it nests (indent
    1, as `json.dumps(indent=1)` writes it) down to `flat_depth`; deeper containers on one line
    each (in `_meta.json`: one line per definition of the models' snapshot), so that a change
    of one value, or of one schema, is a one-line diff."""
    return _json(value, 0, flat_depth)


def _json(value: object, depth: int, flat_depth: int) -> str:
    if depth >= flat_depth or not isinstance(value, (dict, list)) or not value:
        separators = (",", ":") if depth >= flat_depth else (", ", ": ")
        return json.dumps(value, sort_keys=True, ensure_ascii=True, separators=separators)
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=True)}: {_json(value[k], depth + 1, flat_depth)}"
            for k in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [f"{inner}{_json(v, depth + 1, flat_depth)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


def environment(overrides: Path | None = None, cache: Path | None = None) -> jinja2.Environment:
    """The templates: those of `overrides` (a user's folder) first, then the built-in ones.
    `cache`: a folder for the templates compiled to Python bytecode (Jinja checks each entry
    against the template's text), so that later runs skip compiling them (about 0.09 s)."""
    folders: Sequence[str] = (
        [str(TEMPLATES)] if overrides is None else [str(overrides), str(TEMPLATES)]
    )
    compiled = None
    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            compiled = jinja2.FileSystemBytecodeCache(str(cache))
        except OSError:  # no room or no right to write there: compile every time
            compiled = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        bytecode_cache=compiled,
        # Jinja's optimizer folds constants at compile time: it costs 17 of the 95 ms that
        # compiling the templates takes and gains no measurable render time.
        optimized=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        auto_reload=False,  # a template is read once per run, not checked on every use
    )
    env.filters["docstring"] = docs.docstring
    env.filters["comment"] = docs.comment  # spec text on a comment line
    env.filters["py"] = literal  # a Python literal of plain data (strings, numbers, lists, dicts)
    env.filters["text"] = text
    env.filters["json"] = json_text  # a JSON document: `json.dumps(indent=1, sort_keys=True)`
    env.tests["identifier"] = str.isidentifier
    env.globals["view_version"] = VIEW_VERSION
    return env


def module_text(
    plan_: Plan, module: str, names: Names, header: Header, env: jinja2.Environment
) -> str:
    """The text of one generated module (independent of the other modules' rendering)."""
    defs = plan_.members[module]
    component = defs[0].hint.component
    op = plan_.operations.get(module)
    view = ModuleView(module, _module_doc(component, len(defs)))
    if op is not None:
        from .view_ops import operation_view

        component = names.base[component]  # its name, for `layout.order`
        view.doc = docs.wrap(f"Models of the operation `{op.operation_id}` ({op.label}).")
        view.operation = operation_view(op, names, {d.pointer: d for d in defs})
    imports: set[tuple[str, str]] = set()
    spelled: set[str] = set()
    for d in defs:
        tv = TypeViews(module, plan_.refs)
        match d:
            case ir.ClassDef():
                view.classes.append(class_view(d, names, tv, plan_.classes, plan_.shared))
            case ir.AliasDef():
                view.aliases_before.append(alias_view(d, names, tv))
            case _:
                ir.assert_never(d)
        imports |= tv.imports
        spelled |= tv.spelled
    layout.order(view, component, plan_.joining)
    view.exports = layout.exports(plan_, module, names)
    layout.split_imports(view, imports, plan_.cycle_of)
    layout.own_imports(view, spelled)
    return _render(env, "module.py.jinja", m=view, source=header.source())


def _render(env: jinja2.Environment, name: str, **context: object) -> str:
    """A template rendered; a broken one (a user's override, say) is a GeneratorError naming
    the template file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        filename = getattr(exc, "filename", None) or getattr(exc, "name", None) or name
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "message", None) or str(exc)
        raise GeneratorError(f"template error: {message}", Location(str(filename), line)) from None


def _module_doc(component: str, count: int) -> str:
    inside = " and the schemas defined inside it" if count > 1 else ""
    return docs.wrap(f"Models of `{component}`{inside}.")


def package_files(
    plan_: Plan,
    names: Names,
    package: str,
    header: Header,
    env: jinja2.Environment,
    roots: tuple[str, ...],
    model: ir.Model | None = None,
    bracket_names: bool = False,
) -> dict[str, str]:
    """`__init__.py` (lazy exports), `_runtime.py`, `py.typed`, `_validator.py` when some
    schema has keywords that no Python type expresses (`model.assertions()`), and
    `_operations.py` when operations are generated (`bracket_names`: the setting, which says
    how its requests name arrays and objects)."""
    by_module = sorted(
        ((m, layout.import_order(layout.exports(plan_, m, names))) for m in plan_.members),
        key=lambda entry: layout.natural(entry[0]),
    )
    listed = sorted((export, module) for module, found in by_module for export in found)
    source = header.source()
    init = _render(
        env,
        "init.py.jinja",
        exports=listed,
        modules=by_module,
        package=package,
        roots=roots,
        source=source,
    )
    runtime = _render(env, "runtime.py.jinja", source=source)
    typed = _render(env, "py.typed.jinja", source=source)
    files = {"__init__.py": init, "_runtime.py": runtime, "py.typed": typed}
    if model is not None and model.operations:
        files["_operations.py"] = _render(
            env, "operations.py.jinja", bracket_names=bracket_names, source=source
        )
    assertions = model.assertions() if model is not None else []
    if model is not None and assertions:
        files["_validator.py"] = _render(
            env,
            "validator.py.jinja",
            assertions={a.key: json.loads(a.schema) for a in assertions},
            schemas={pointer: json.loads(text) for pointer, text in model.schemas},
            source=source,
        )
    return files


def pyproject_text(env: jinja2.Environment, package: str, out_name: str, header: Header) -> str:
    """The minimal `pyproject.toml` beside the package (`pyproject_out`)."""
    from . import pyproject_out

    return _render(
        env,
        "pyproject.toml.jinja",
        package=package,
        project=package.replace("_", "-"),
        version=pyproject_out.version(header.spec_version),
        out_name=out_name,
        source=header.source(),
    )


_NOT_FINITE = {"inf": 'float("inf")', "-inf": 'float("-inf")', "nan": 'float("nan")'}


def literal(value: object) -> str:
    """A Python expression of plain data: `repr`, except that an infinite or NaN float (YAML's
    `.inf`, which `repr` writes as the bare name `inf`) is `float("inf")`."""
    match value:
        case float() if value != value or value in (float("inf"), float("-inf")):
            return _NOT_FINITE[repr(value)]
        case list() | tuple() if any(isinstance(v, (float, list, tuple, dict)) for v in value):
            items = [literal(v) for v in value]
            if isinstance(value, tuple):
                return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
            return "[" + ", ".join(items) + "]"
        case dict() if any(isinstance(v, (float, list, tuple, dict)) for v in value.values()):
            return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
        case _:
            return repr(value)


def text(value: str, limit: int = 40) -> str:
    """A string literal; a long one as implicitly concatenated pieces that the formatter can lay
    out one per line, so that generated lines stay within the line length."""
    if len(value) <= limit:
        return repr(value)
    pieces, current = [], ""
    for word in re.split(r"(?<= )", value):
        if current and len(current) + len(word) > limit:
            pieces.append(current)
            current = ""
        current += word
    pieces.append(current)
    if len(pieces) == 1:
        return repr(value)
    return "(" + " ".join(repr(p) for p in pieces) + ")"
