"""The whole pipeline: load -> build IR -> name -> render -> format -> write (or compare)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import build, format, ir, load, naming, render, write
from .config import Settings


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


def generate(settings: Settings, check_only: bool = False) -> Report:
    report = Report()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = now - clock
        clock = now

    spec = load.load_spec(settings.spec)
    lap("load")
    model = build.Builder(spec).build(list(settings.roots), everything=settings.everything)
    lap("build")
    names = naming.assign(model)
    lap("name")
    title = (
        str(spec.data.get("info", {}).get("title", "an OpenAPI spec"))
        if isinstance(spec.data.get("info"), dict)
        else "an OpenAPI spec"
    )
    header = render.Header(title, spec.info_version, spec.sha256)
    files = render.render(model, names, settings.package, header)
    lap("render")
    target = settings.out / settings.package
    with write.scratch_only() if check_only else write.staging(target) as scratch:
        package_dir = scratch / settings.package
        write.write_files(package_dir, files)
        format.format_tree(package_dir)
        lap("format")
        if check_only:
            report.differences = write.differences(package_dir, target)
        else:
            write.replace_dir(package_dir, target)
        lap("write")
    report.modules = sum(1 for name in files if name.endswith(".py"))
    report.classes = sum(1 for d in model.defs if isinstance(d, ir.ClassDef))
    report.aliases = len(model.defs) - report.classes
    report.imprecise = list(model.notes)
    report.renamed = list(names.reports)
    return report


def output_dir(settings: Settings) -> Path:
    return settings.out / settings.package
