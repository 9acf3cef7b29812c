"""Generation benchmark on the pinned spec, side by side in one run (`make bench`).

(a) whole-spec generation: ours (`generate --all`) against datamodel-code-generator (one
    dataclass file, its default formatters): wall time, peak memory, classes, numbered names.
    Ours writes into an empty directory each run (as datamodel-codegen writes a new file): on a
    first run, which parses the YAML spec (an empty cache of parsed specs), and on later runs,
    which read the parsed spec from that cache; then, in a third row, over the package of the
    previous run (which it deletes);
(b) one root (`generate --root RealtimeSession`), first run and later runs, against the bare
    parse of the spec file (`yaml.load` with `CSafeLoader`, in a subprocess);
(c) import time of the generated packages, minus the start of a bare `python -c pass`.

Every command runs in a fresh subprocess, with Python's bytecode cache on (whatever
PYTHONDONTWRITEBYTECODE says), after one unmeasured run of ours. Peak memory is the largest resident set of the
process tree (GNU `/usr/bin/time -f %M` when present, else `getrusage(RUSAGE_CHILDREN)` in a
fresh wrapper process). Times are medians of `--runs` runs (datamodel-codegen: `--dmcg-runs`).

    .venv/bin/python bench/generation.py [--runs 3] [--dmcg-runs 1] [--import-runs 7]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
GENERATED = ROOT / "generated"
PY = sys.executable
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
ONE_ROOT = "RealtimeSession"
WHOLE_PACKAGE = "openai_all"
# Every command runs as Python normally does, caching bytecode: an environment that turns the
# cache off (PYTHONDONTWRITEBYTECODE, set on some CI machines) would make every run compile the
# generator's modules (or the imported package) again.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Runs a command and writes the peak RSS (KiB) and the CPU seconds (user, system) of its
# process tree to the file argv[1], as GNU time's "%M %U %S" does.
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "peak = use.ru_maxrss // 1024 if sys.platform == 'darwin' else use.ru_maxrss\n"
    "open(sys.argv[1], 'w').write(f'{peak} {use.ru_utime} {use.ru_stime}')\n"
    "sys.exit(rc)\n"
)


@dataclass
class Run:
    seconds: float
    peak_kib: int
    cpu: float  # user + system seconds of the process tree: unlike wall time, disk waits do not count
    stdout: str
    stderr: str


def measure(args: Sequence[str], scratch: Path, cwd: Path = ROOT, env: dict[str, str] = ENV) -> Run:
    """Wall time and peak memory of one command; exits the benchmark if the command fails."""
    peak_file = scratch / "peak.txt"
    if GNU_TIME:
        command = [GNU_TIME, "-f", "%M %U %S", "-o", str(peak_file), *args]
    else:
        command = [PY, "-c", RUSAGE_WRAPPER, str(peak_file), *args]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(args)}\n{proc.stderr[-3000:]}")
    peak, user, system = peak_file.read_text().split()[-3:]
    return Run(seconds, int(peak), float(user) + float(system), proc.stdout, proc.stderr)


def repeat(n: int, args: Sequence[str] | Callable[[int], Sequence[str]], scratch: Path,
           env: dict[str, str] | Callable[[int], dict[str, str]] = ENV) -> tuple[float, int, Run]:
    """Median wall time and median peak memory of n runs, and the last run (whose `cpu` is
    the median CPU time). `args` and `env` may be functions of the run's number."""
    runs = [measure(args(i) if callable(args) else args, scratch, env=env(i) if callable(env) else env)
            for i in range(max(1, n))]
    last = runs[-1]
    last.cpu = statistics.median(r.cpu for r in runs)
    return statistics.median(r.seconds for r in runs), int(statistics.median(r.peak_kib for r in runs)), last


def wall(n: int, args: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Median and least wall time of n runs of a short command (after one unmeasured warm-up
    run, which also writes the bytecode caches)."""
    times = []
    for i in range(n + 1):
        start = time.perf_counter()
        proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"failed ({proc.returncode}): {' '.join(args)}\n{proc.stderr[-3000:]}")
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def generate(out: Path, package: str, *selection: str) -> list[str]:
    return [PY, "-m", "generator", "generate", "--config", str(out / "none.toml"), "--spec", str(SPEC),
            *selection, "--out", str(out), "--package", package]


def with_cache(folder: Path) -> dict[str, str]:
    """The environment of a run whose cache of parsed specs is in `folder` (`spec_cache`)."""
    return {**ENV, "XDG_CACHE_HOME": str(folder)}


def stages(stdout: str) -> str:
    found = re.search(r"\((load [^)]*)\)", stdout)
    return found.group(1) if found else "?"


@dataclass
class SpecNames:
    schemas: list[str]
    spellings: set[str]  # class names that merely spell a component name (as either tool writes it)


def spec_names_of(spec: Path) -> SpecNames:
    sys.path.insert(0, str(ROOT))
    from generator import naming
    from generator.load import load_spec

    schemas = list(load_spec(spec).schemas)
    spellings: set[str] = set()
    for component in schemas:
        spellings |= {component, re.sub(r"\W", "", component), re.sub(r"\W", "_", component),
                      naming.pascal_case(component)}
    return SpecNames(schemas, spellings)


def numbered(names: Sequence[str], spec_names: SpecNames) -> list[str]:
    """Names that end in digits the spec's component names do not have."""
    return [n for n in names if re.search(r"\d$", n) and n not in spec_names.spellings]


def our_names(package_dir: Path) -> list[str]:
    """The public class and alias names of a generated package (its `_MODULES` table)."""
    for node in ast.parse((package_dir / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "_MODULES" \
                and node.value is not None:
            table: dict[str, tuple[str, ...]] = ast.literal_eval(node.value)
            return [n for names in table.values() for n in names if not n.startswith(("parse_", "dump_"))]
    return []


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")

    def line(cells: Sequence[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in pairs)

    head = line(header)
    print("  " + head)
    print("  " + "-" * len(head))
    for row in rows:
        print("  " + line(row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each generation (median)")
    parser.add_argument("--dmcg-runs", type=int, default=1, help="runs of datamodel-codegen (~15-60 s each)")
    parser.add_argument("--import-runs", type=int, default=7, help="runs of each import measurement")
    parser.add_argument("--skip-dmcg", action="store_true", help="leave datamodel-codegen out")
    options = parser.parse_args()
    if not SPEC.is_file():
        sys.exit("spec/openapi.yaml is missing: run `make spec` first")
    dmcg = shutil.which("datamodel-codegen") or str(Path(PY).parent / "datamodel-codegen")
    if options.skip_dmcg or not os.access(dmcg, os.X_OK):
        dmcg = ""
    spec_names = spec_names_of(SPEC)

    with tempfile.TemporaryDirectory(prefix="bench-generation-") as tmp:
        scratch = Path(tmp)
        env = ENV
        size = SPEC.stat().st_size / 1e6
        print(f"spec: {SPEC.relative_to(ROOT)} ({size:.1f} MB, {len(spec_names.schemas)} component schemas); "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; peak memory by "
              f"{'GNU time' if GNU_TIME else 'getrusage'}; medians of {options.runs} runs "
              f"(datamodel-codegen: {options.dmcg_runs}), imports of {options.import_runs}; "
              f"load average {load()}")

        # (a) the whole spec
        # Every run writes into a new, empty directory, as datamodel-codegen writes a new file.
        # The directories are removed only at the end: on a file system that avoids reusing
        # recently freed inodes (ext4 without a journal, as here), deleting 1,424 files makes
        # the next minutes' file creations slower, for every program.
        # One unmeasured run first writes the generator's bytecode cache, as any earlier use
        # would have (datamodel-codegen's was written when pip installed it).
        # A first run parses the YAML spec: each has a cache of parsed specs of its own, empty.
        # Later runs read the parsed spec from the cache the warm-up run filled.
        def first(label: str) -> Callable[[int], dict[str, str]]:
            return lambda i: with_cache(scratch / f"cache-{label}-{i}")

        warm = with_cache(scratch / "cache")
        measure(generate(scratch / "warm-up", "openai_models", "--root", ONE_ROOT), scratch, env=warm)
        runs_dir = scratch / "whole"
        first_s, first_kib, first_run = repeat(
            options.runs, lambda i: generate(runs_dir / f"first{i}", WHOLE_PACKAGE, "--all"), scratch,
            first("whole"))
        ours_s, ours_kib, ours_run = repeat(
            options.runs, lambda i: generate(runs_dir / f"run{i}", WHOLE_PACKAGE, "--all"), scratch, warm)
        ours_counts = re.search(r"(\d+) modules, (\d+) classes, (\d+) aliases", ours_run.stdout)
        whole_out = runs_dir / f"run{max(1, options.runs) - 1}"
        ours_list = our_names(whole_out / WHOLE_PACKAGE)
        rows = []
        if dmcg:
            dm_file = scratch / "dmcg_models.py"
            dm_args = [dmcg, "--input", str(SPEC), "--input-file-type", "openapi", "--output-model-type",
                       "dataclasses.dataclass", "--output", str(dm_file)]
            dm_s, dm_kib, dm_run = repeat(options.dmcg_runs, dm_args, scratch)
            dm_text = dm_file.read_text(encoding="utf-8")
            dm_classes = re.findall(r"^class (\w+)", dm_text, flags=re.M)
            dm_aliases = re.findall(r"^(\w+): TypeAlias\b", dm_text, flags=re.M)
            dm_numbered = numbered(dm_classes, spec_names)
            # Regenerating over the previous package also deletes its 1,424 files (measured
            # after datamodel-codegen, so that these deletions do not slow anything else down).
            over_s, _, over_run = repeat(options.runs, generate(whole_out, WHOLE_PACKAGE, "--all"), scratch, warm)
            rows = [
                ["wall time (first run, into an empty directory)", f"{first_s:.2f} s", f"{dm_s:.2f} s",
                 ratio(first_s, dm_s)],
                ["wall time (later runs, into an empty directory)", f"{ours_s:.2f} s", f"{dm_s:.2f} s",
                 ratio(ours_s, dm_s)],
                ["wall time (over the previous package)", f"{over_s:.2f} s", f"{dm_s:.2f} s",
                 ratio(over_s, dm_s)],
                ["CPU time (user + system; first run)", f"{first_run.cpu:.2f} s", f"{dm_run.cpu:.2f} s",
                 ratio(first_run.cpu, dm_run.cpu)],
                ["CPU time (user + system; later runs)", f"{ours_run.cpu:.2f} s", f"{dm_run.cpu:.2f} s",
                 ratio(ours_run.cpu, dm_run.cpu)],
                ["peak memory (max RSS; first run)", mib(first_kib), mib(dm_kib), ratio(first_kib, dm_kib)],
                ["peak memory (max RSS; later runs)", mib(ours_kib), mib(dm_kib), ratio(ours_kib, dm_kib)],
                ["classes", ours_counts.group(2) if ours_counts else "?", str(len(dm_classes)), ""],
                ["type aliases", ours_counts.group(3) if ours_counts else "?", str(len(dm_aliases)), ""],
                ["numbered class names not in the spec", str(len(numbered(ours_list, spec_names))),
                 str(len(dm_numbered)), ""],
                ["output", f"{ours_counts.group(1) if ours_counts else '?'} modules",
                 f"1 file, {dm_text.count(chr(10))} lines", ""],
            ]
            example = ", ".join(dm_numbered[:6])
        else:
            rows = [["wall time (first run)", f"{first_s:.2f} s", "-", "-"],
                    ["wall time (later runs)", f"{ours_s:.2f} s", "-", "-"],
                    ["peak memory (max RSS; first run)", mib(first_kib), "-", "-"],
                    ["peak memory (max RSS; later runs)", mib(ours_kib), "-", "-"]]
            example = ""
        table("(a) whole spec: ours `generate --all` vs datamodel-codegen (dataclasses, one file)",
              ["", "ours", "datamodel-codegen", "ours/dmcg"], rows)
        print(f"  ours by stage (last first run): {stages(first_run.stdout)}")
        print(f"  ours by stage (last later run): {stages(ours_run.stdout)}")
        if dmcg:
            print(f"  ours over the previous package, by stage (last run): {stages(over_run.stdout)}")
        if example:
            print(f"  datamodel-codegen numbered names, e.g.: {example}")
        if not dmcg:
            print("  datamodel-codegen: not installed (pip install -e '.[dev]') or --skip-dmcg")

        # (b) one root against the bare parse of the spec
        one_out = scratch / "one"
        one_out.mkdir()
        one_first_s, one_first_kib, one_first_run = repeat(
            options.runs, generate(one_out, "openai_models", "--root", ONE_ROOT), scratch, first("one"))
        one_s, one_kib, one_run = repeat(options.runs, generate(one_out, "openai_models", "--root", ONE_ROOT),
                                         scratch, warm)
        parse = [PY, "-c", f"import yaml; yaml.load(open({str(SPEC)!r}, 'rb'), Loader=yaml.CSafeLoader)"]
        parse_s, parse_kib, _ = repeat(options.runs, parse, scratch)
        table(f"(b) one root: ours `generate --root {ONE_ROOT}` vs parsing the spec alone",
              ["", "ours", "yaml.load (CSafeLoader)", "ours/parse"],
              [["wall time (subprocess; first run)", f"{one_first_s:.2f} s", f"{parse_s:.2f} s",
                ratio(one_first_s, parse_s)],
               ["wall time (subprocess; later runs)", f"{one_s:.2f} s", f"{parse_s:.2f} s", ratio(one_s, parse_s)],
               ["peak memory (max RSS; first run)", mib(one_first_kib), mib(parse_kib),
                ratio(one_first_kib, parse_kib)],
               ["peak memory (max RSS; later runs)", mib(one_kib), mib(parse_kib), ratio(one_kib, parse_kib)]])
        print(f"  ours by stage (last first run): {stages(one_first_run.stdout)}")
        print(f"  ours by stage (last later run): {stages(one_run.stdout)}")

        # (c) import times, minus a bare interpreter start
        n = options.import_runs
        bare, bare_min = wall(n, [PY, "-c", "pass"], GENERATED, env)
        whole_dir = whole_out
        every = ("import importlib, pkgutil, openai_all as p\n"
                 "for m in pkgutil.iter_modules(p.__path__): importlib.import_module(f'openai_all.{m.name}')")
        cases = [
            ("import openai_models.realtime_session  (generated/)", GENERATED, "import openai_models.realtime_session"),
            ("import openai_models  (generated/, the package alone)", GENERATED, "import openai_models"),
            ("import openai_all  (whole spec, the package alone)", whole_dir, "import openai_all"),
            ("import openai_all.realtime_session  (one module)", whole_dir, "import openai_all.realtime_session"),
            ("from openai_all import RealtimeSession  (lazy name)", whole_dir,
             "from openai_all import RealtimeSession"),
            ("import openai_all.response  (a big module)", whole_dir, "import openai_all.response"),
            ("every module of openai_all  (3 runs)", whole_dir, every),
        ]
        rows = []
        for label, folder, code in cases:
            runs = min(n, 3) if code is every else n
            seconds, least = wall(runs, [PY, "-c", code], folder, {**env, "PYTHONPATH": str(folder)})
            rows.append([label, f"{(seconds - bare) * 1000:.0f} ms", f"{(least - bare_min) * 1000:.0f} ms",
                         f"{seconds * 1000:.0f} ms"])
        table(f"(c) import time, minus a bare `python -c pass` (median {bare * 1000:.0f} ms, "
              f"least {bare_min * 1000:.0f} ms); median of {n} runs",
              ["", "import (median)", "import (least)", "whole process"], rows)
    print(f"\nload average at the end: {load()} (other work on the machine inflates every number)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
