"""The whole pipeline: load -> overlays -> build IR -> name -> render -> format -> write (or
compare)."""

from __future__ import annotations

import gc
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ir, load, pyproject_out, write, write_guard
from .config import Settings
from .errors import GeneratorError, Location

if TYPE_CHECKING:  # imported by `_generate` once the spec is loaded, see there
    from . import layout, naming, render
    from .overlay import AppliedOverlay


@dataclass
class Report:
    """What a run did, for the command line to print."""

    modules: int = 0
    classes: int = 0
    aliases: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    imprecise: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    # `check --diff`: the unified diff of those differences, within `check_diff.LIMIT` lines.
    diff: list[str] = field(default_factory=list)
    # The overlays applied to the spec, with what each action selected (also `spec.overlays`).
    overlays: tuple[AppliedOverlay, ...] = ()
    # The models as the change report sees them (`changes.snapshot`), the spec's identity, and
    # the `_meta.json` of the package this run replaced (None: there was none, or `check`).
    snapshot: dict[str, Any] | None = None
    identity: dict[str, str | None] = field(default_factory=dict)
    previous: dict[str, Any] | None = None


META = write_guard.META
read_meta = write_guard.read_meta

# Python's recursion limit during a run: the builder and the later stages recurse once per
# level of schemas nested in one another (`build.core.MAX_NESTING`), a few frames each.
RECURSION_LIMIT = 4000


def generate(
    settings: Settings, check_only: bool = False, diff: bool = False, force: bool = False
) -> Report:
    """Write the package (or, `check_only`, compare it with the one on disk; `diff`: also
    as a unified diff, `Report.diff`). `force`: replace the output folder even if this tool
    did not write it, or files were added to it (`write_guard`)."""
    _check_target(settings)
    # The run builds many small objects and frees few: the cyclic garbage collector would
    # scan the growing heap again and again for nothing (0.03-0.05 s of a whole-spec run).
    enabled = gc.isenabled()
    gc.disable()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        return _generate(settings, check_only, diff, force)
    except RecursionError:  # what the nesting limits did not foresee: still the user's input
        raise GeneratorError(
            "the spec nests too deeply for this generator (schemas in schemas, or $refs)",
            Location(str(settings.spec)),
        ) from None
    except OSError as exc:  # writing the package: a read-only folder, a full disk...
        where = exc.filename or output_dir(settings)
        doing = "check" if check_only else "write"
        raise GeneratorError(
            f"cannot {doing} the package: {exc.strerror or exc}", Location(str(where))
        ) from None
    finally:
        sys.setrecursionlimit(limit)
        if enabled:
            gc.enable()


def _check_target(settings: Settings) -> None:
    """Refuse an output that is not a folder (`--out` a file, or a file in the package's
    place) before anything runs."""
    for path in (settings.out, output_dir(settings)):
        if path.exists() and not path.is_dir():
            raise GeneratorError("the output is not a directory", Location(str(path)))
    if settings.write_pyproject:
        pyproject_out.refuse_foreign(settings.out)


def _generate(settings: Settings, check_only: bool, diff: bool, force: bool) -> Report:
    report = Report()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = report.seconds.get(stage, 0.0) + now - clock
        clock = now

    spec = load.load_spec(settings.spec, settings.cache)
    lap("load")
    if settings.overlays:
        # They change the parsed document in place; the SpecDocument that goes on keeps the
        # spec's path, text and sha256.
        from . import overlay

        report.overlays = overlay.apply_overlays(spec.data, settings.overlays)
        spec = spec.overlaid(spec.data, report.overlays)
        lap("overlays")
    from . import build, format, naming, render  # not needed by a run that fails before
    from .changes import snapshot

    model = build.Builder(spec).build(
        list(settings.roots),
        everything=settings.everything,
        operations=(*settings.operations, *settings.paths),
        all_operations=settings.everything,
    )
    if report.overlays:
        from . import provenance

        model = provenance.annotate(model, report.overlays)
    lap("build")
    names = naming.assign(model)
    plan = render.plan(model, names)
    _check_import_depth(plan, spec.path)
    lap("name")
    commit = _pinned_commit(settings.pin, spec.sha256)
    header = render.Header(spec.title, spec.info_version, spec.sha256, report.overlays, commit)
    report.snapshot = snapshot.snapshot(model, names, plan, spec.data)
    lap("snapshot")
    report.identity = {
        "spec_sha256": spec.sha256,
        "info_version": spec.info_version,
        "commit": commit,
    }
    target = settings.out / settings.package
    if not check_only:
        report.previous = read_meta(target)
    # `generate` renders into a folder staged beside the package and swaps it in; `check`
    # renders into a temporary folder elsewhere, and compares: it never touches the output.
    with write.scratch() if check_only else write.staging(target) as folder:
        package_dir = folder / settings.package
        compiled = settings.cache.parent / "templates" if settings.cache else None
        files = _render(
            model, plan, names, settings, header, package_dir, compiled, report.snapshot
        )
        lap("render")
        format.format_tree(package_dir)
        lap("format")
        beside = _beside(settings, header, compiled)
        if check_only:
            report.differences = write.differences(package_dir, target)
            if diff and report.differences:
                from . import check_diff

                report.diff = check_diff.unified(package_dir, target, report.differences)
            if beside is not None:
                report.differences += pyproject_out.difference(settings.out, beside)
        else:
            if not force:  # under the output's lock, just before the swap
                write_guard.check_replaceable(target)
            write.replace_dir(package_dir, target)
            if beside is not None:
                pyproject_out.write(settings.out, beside)
        lap("write")
    report.modules = sum(1 for name in files if name.endswith(".py"))
    report.classes = sum(1 for d in model.defs if isinstance(d, ir.ClassDef))
    report.aliases = len(model.defs) - report.classes
    report.imprecise = list(model.notes)
    report.renamed = list(names.reports)
    return report


def _beside(settings: Settings, header: render.Header, compiled: Path | None) -> str | None:
    """The text of the `pyproject.toml` beside the package, when the settings want one."""
    if not settings.write_pyproject:
        return None
    from . import render

    env = render.environment(settings.templates, compiled)
    return render.pyproject_text(env, settings.package, settings.out.resolve().name, header)


def _render(
    model: ir.Model,
    plan: layout.Plan,
    names: naming.Names,
    settings: Settings,
    header: render.Header,
    root: Path,
    compiled: Path | None,
    models: dict[str, Any],
) -> list[str]:
    """Write every file of the package into `root`; the names of the files written.
    `compiled`: the cache folder of the compiled templates (None: no cache). `_meta.json`,
    which lists the others, comes last."""
    from . import render

    env = render.environment(settings.templates, compiled)
    files = {
        f"{module}.py": render.module_text(plan, module, names, header, env)
        for module in sorted(plan.members)
    }
    package = settings.package
    files.update(
        render.package_files(
            plan, names, package, header, env, model.roots, model, settings.bracket_names
        )
    )
    listed = [*files, render.META]
    operations = {op.label: op.operation_id for op in model.operations}
    meta = render.meta_data(header, settings.roots, settings.everything, listed, models, operations)
    files[render.META] = render.meta_text(env, meta)
    for relative, text in files.items():
        write.write_file(root, relative, text)
    return list(files)


# The most modules that importing one module of a package may import inside one another
# (`A1: $ref A2`, `A2: $ref A3`, ... each a module importing the next): each level takes about
# six frames of Python's stack, whose default limit of 1,000 frames ends such a chain about 150
# modules deep. Deeper is refused, naming the first schema of the chain.
MAX_IMPORT_DEPTH = 100


def _check_import_depth(plan: layout.Plan, spec: str) -> None:
    from . import layout

    depth, module = layout.import_depth(plan)
    if depth > MAX_IMPORT_DEPTH:
        first = plan.members[module][0].pointer
        raise GeneratorError(
            f"the package's modules would import one another {depth} deep from here "
            f"(through $refs), more than {MAX_IMPORT_DEPTH}, which Python's recursion limit "
            "might not allow",
            Location(spec, pointer=first),
        )


def _pinned_commit(pin: Path | None, sha256: str) -> str | None:
    """The pin's commit when the pin file exists and names these bytes (its sha256), else None."""
    if pin is None or not pin.is_file():
        return None
    from .spec_pin import read_pin

    pinned = read_pin(pin)
    return pinned.commit if pinned.sha256 == sha256 else None


def output_dir(settings: Settings) -> Path:
    return settings.out / settings.package
