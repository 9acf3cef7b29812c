"""Runs the generator on OpenAPI documents nobody here wrote and records what happens.

Each OpenAPI 3 document found under the given folders (`*.yaml`, `*.yml`, `*.json` whose top
level has `openapi: 3.x`; Swagger 2 and other files are skipped, and so are files over 30 MB
unless named on the command line, and a file with the same bytes as one found before) is
generated, in a fresh temporary folder, with

    python -m generator generate --config <empty toml> --no-cache --spec FILE --all \
        --out TMP --package corpus_pkg

and its outcome recorded: `ok` (exit 0), `refused` (exit 2 with a message and no traceback),
`crash` (any other exit, a Python traceback on stderr, or an "internal error" message) or
`timeout`. An `ok` package is then checked: every module of it imports; `ruff check` with the
rules the generated code is held to (`RUFF_CHECK` of tests/conftest.py) passes; with `--mypy`,
`mypy --strict --python-version 3.10` passes (an empty config file). One line per document is
printed as it finishes, then a summary; the whole record goes to `--out` as JSON. The exit
status is 0 whatever the documents do: this is a measurement, not a test.

    .venv/bin/python bench/corpus.py DIR_OR_FILE... [--jobs N] [--out report.json] [--mypy]
        [--limit N] [--timeout 120] [--mypy-timeout 600] [--python PY] [--keep DIR]

The documents run largest first; `--limit N` takes the first N found (arguments in order,
folders walked in sorted order).
`--keep DIR` copies every generated package there, to read a failure afterwards.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "corpus_pkg"
MAX_FOUND_BYTES = 30 * 1024 * 1024
SUFFIXES = (".yaml", ".yml", ".json")
SKIP_DIRS = {".git", "node_modules", "__pycache__", ".venv", ".mypy_cache", ".ruff_cache"}
# A copy of RUFF_CHECK in tests/conftest.py, used only when that file cannot be read.
RUFF_CHECK_FALLBACK = (
    "check",
    "--isolated",
    "--no-cache",
    "--select",
    "E,W,F,I,UP,B",
    "--config",
    "line-length=100",
    "--config",
    "target-version='py310'",
    "--config",
    "lint.pycodestyle.max-line-length=120",
)
TOP_KEY = re.compile(r"""^["']?(openapi|swagger)["']?[ \t]*:[ \t]*["']?([^"'\s#,]*)""", re.M)
WROTE = re.compile(r"(\d+) modules, (\d+) classes, (\d+) aliases")
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b")
TRACEBACK = "Traceback (most recent call last)"
# Imports the package and then every module below it; prints a JSON line with the first failure.
IMPORT_CHECK = """
import importlib, json, pkgutil, sys, traceback
name = sys.argv[1]
done, failed, first = 0, 0, None
def attempt(mod):
    global done, failed, first
    try:
        importlib.import_module(mod)
        done += 1
        return True
    except BaseException as exc:
        failed += 1
        if first is None:
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
            first = {"module": mod, "error": f"{type(exc).__name__}: {exc}", "where": where}
        return False
if attempt(name):
    pkg = sys.modules[name]
    for info in sorted(pkgutil.walk_packages(pkg.__path__, name + "."), key=lambda i: i.name):
        attempt(info.name)
print(json.dumps({"imported": done, "failed": failed, "first": first}))
"""


@dataclass
class Check:
    ok: bool
    seconds: float
    first: str | None = None  # the first problem, one line
    count: int = 0  # problems found (modules that failed to import, violations, errors)
    detail: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.seconds = round(self.seconds, 2)


@dataclass
class Result:
    path: str
    size: int
    version: str
    status: str = "pending"  # ok | refused | crash | timeout
    seconds: float = 0.0
    returncode: int | None = None
    message: str | None = None  # the refusal, or the crash's last line
    stderr_tail: list[str] = field(default_factory=list)
    modules: int | None = None
    classes: int | None = None
    aliases: int | None = None
    imprecise: int = 0
    notes: int = 0
    imports: Check | None = None
    ruff: Check | None = None
    mypy: Check | None = None

    def verdict(self) -> str:
        """The first thing that went wrong, as one word, or `pass`."""
        if self.status != "ok":
            return self.status
        for name, check in (("import", self.imports), ("ruff", self.ruff), ("mypy", self.mypy)):
            if check is not None and not check.ok:
                return "mypy-timeout" if check.detail.get("timeout") else f"{name}-fail"
        return "pass"

    def first_problem(self) -> str:
        if self.status != "ok":
            return self.message or ""
        for check in (self.imports, self.ruff, self.mypy):
            if check is not None and not check.ok:
                return check.first or ""
        return ""


def ruff_check_args() -> tuple[str, ...]:
    """RUFF_CHECK from tests/conftest.py (read, not imported: that would import pytest)."""
    try:
        tree = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return RUFF_CHECK_FALLBACK
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "RUFF_CHECK" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                return value
    return RUFF_CHECK_FALLBACK


def openapi_version(path: Path) -> tuple[str | None, str]:
    """(`openapi` version, why not) of a file: the version when its top level says
    `openapi: 3...`, else None and the reason it is skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"unreadable: {exc}"
    top: object = None
    if path.suffix == ".json":
        try:
            top = json.loads(text)
        except ValueError:
            top = None
    if top is None:
        # A YAML top-level key starts a line; a block scalar or a nested key is indented.
        keys = {m.group(1): m.group(2) for m in TOP_KEY.finditer(text)}
        if "openapi" in keys and path.suffix != ".json":
            version = keys["openapi"]
            return (version, "") if version.startswith("3") else (None, f"openapi {version}")
        if "swagger" in keys and path.suffix != ".json":
            return None, f"swagger {keys['swagger']} (not OpenAPI 3)"
        try:
            import yaml  # the generator's own dependency

            top = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except Exception:  # any parse failure: not a document we run, unless it looks like one
            head = text[:4000]
            if re.search(r"""["']?openapi["']?\s*:\s*["']?3""", head):
                return "3?", ""  # looks like OpenAPI 3 but does not parse: the generator says
            return None, "does not parse, no top-level openapi key"
    if not isinstance(top, dict):
        return None, "top level is not a mapping"
    if "openapi" in top:
        version = str(top["openapi"])
        return (version, "") if version.startswith("3") else (None, f"openapi {version}")
    if "swagger" in top:
        return None, f"swagger {top['swagger']} (not OpenAPI 3)"
    return None, "no top-level openapi key"


def discover(args: Sequence[str]) -> tuple[list[tuple[Path, str]], list[dict[str, str]]]:
    """The documents to run (path, version) and the files skipped, with the reason."""
    found: list[tuple[Path, str]] = []
    skipped: list[dict[str, str]] = []
    seen: set[Path] = set()
    digests: dict[str, Path] = {}  # sha256 of the bytes -> the first document with them
    for arg in args:
        given = Path(arg)
        if given.is_file():
            candidates = [(given, True)]
        elif given.is_dir():
            candidates = []
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    if name.endswith(SUFFIXES):
                        candidates.append((Path(folder) / name, False))
        else:
            skipped.append({"path": arg, "reason": "not found"})
            continue
        for path, explicit in candidates:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            size = path.stat().st_size
            if size > MAX_FOUND_BYTES and not explicit:
                skipped.append({"path": str(path), "reason": f"{size} bytes > 30 MB"})
                continue
            version, why = openapi_version(path)
            if version is None:
                skipped.append({"path": str(path), "reason": why})
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in digests:
                skipped.append({"path": str(path), "reason": f"same bytes as {digests[digest]}"})
                continue
            digests[digest] = path
            found.append((path, version))
    return found, skipped


def run(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
) -> tuple[int | None, str, str, float]:
    """(exit code or None on timeout, stdout, stderr, seconds); a timed-out command's whole
    process group is killed."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        code = None
    return code, out, err, time.perf_counter() - start


def nonblank(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class Runner:
    def __init__(self, opts: argparse.Namespace) -> None:
        self.opts = opts
        self.python = opts.python
        self.ruff_args = ruff_check_args()
        self.base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def env(self, tmp: Path, path: str) -> dict[str, str]:
        env = dict(self.base_env)
        env["PYTHONPATH"] = path
        env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")  # --no-cache anyway: never the user's
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def document(self, path: Path, version: str) -> Result:
        result = Result(str(path), path.stat().st_size, version)
        tmp = Path(tempfile.mkdtemp(prefix="corpus-"))
        try:
            self.generate(path, tmp, result)
            if result.status == "ok":
                self.checks(tmp, result)
        finally:
            if self.opts.keep:
                dest = Path(self.opts.keep) / re.sub(r"[^A-Za-z0-9_.-]+", "_", str(path))
                shutil.rmtree(dest, ignore_errors=True)
                if (tmp / "out").is_dir():
                    shutil.copytree(tmp / "out", dest)
            shutil.rmtree(tmp, ignore_errors=True)
        return result

    def generate(self, path: Path, tmp: Path, result: Result) -> None:
        config = tmp / "empty.toml"
        config.write_text("", encoding="utf-8")
        cmd = [
            self.python, "-m", "generator", "generate", "--config", str(config), "--no-cache",
            "--spec", str(path.resolve()), "--all", "--out", str(tmp / "out"),
            "--package", PACKAGE,
        ]  # fmt: skip
        code, out, err, seconds = run(cmd, tmp, self.env(tmp, str(ROOT)), self.opts.timeout)
        result.seconds = round(seconds, 2)
        result.returncode = code
        lines = nonblank(err)
        result.stderr_tail = lines[-30:]
        result.imprecise = sum(line.startswith("imprecise:") for line in lines)
        result.notes = sum(line.startswith("note:") for line in lines)
        if code is None:
            result.status, result.message = "timeout", f"no exit after {self.opts.timeout:g} s"
        elif TRACEBACK in err or code not in (0, 2):
            result.status = "crash"
            result.message = crash_line(lines, code)
        elif code == 2 and "internal error" in err:
            # The generator's own failure reported as an error message: a crash, not a refusal.
            result.status = "crash"
            result.message = " | ".join(line for line in lines if line.startswith("error:"))
        elif code == 2:
            result.status = "refused"
            errors = [line for line in lines if line.startswith("error:")]
            result.message = (errors or lines or ["(exit 2, nothing on stderr)"])[0]
            if len(errors) != 1:
                result.message += f"  [{len(errors)} 'error:' lines on stderr]"
        else:
            result.status = "ok"
            match = WROTE.search(out)
            if match:
                result.modules, result.classes, result.aliases = map(int, match.groups())

    def checks(self, tmp: Path, result: Result) -> None:
        out = tmp / "out"
        env = self.env(tmp, str(out))
        # Import every module.
        code, stdout, stderr, seconds = run(
            [self.python, "-c", IMPORT_CHECK, PACKAGE], out, env, self.opts.timeout
        )
        if code is None:
            result.imports = Check(False, seconds, "import timeout", detail={"timeout": True})
        else:
            try:
                data = json.loads(nonblank(stdout)[-1])
                first = data["first"]
                result.imports = Check(
                    first is None,
                    seconds,
                    None if first is None else f"{first['module']}: {first['error']}",
                    data["failed"],
                    {"imported": data["imported"], "where": (first or {}).get("where")},
                )
            except (IndexError, ValueError, KeyError):
                tail = nonblank(stderr)[-1:] or [f"exit {code}"]
                result.imports = Check(False, seconds, f"import check failed: {tail[0]}")
        # ruff, with the rules the generated code is held to.
        code, stdout, stderr, seconds = run(
            [self.python, "-m", "ruff", *self.ruff_args, "--output-format", "concise", PACKAGE],
            out,
            env,
            self.opts.timeout,
        )
        violations = [
            line for line in stdout.splitlines() if re.match(r"^\S+:\d+:\d+: [A-Z]+\d+", line)
        ]
        codes = Counter(line.split(": ", 1)[1].split()[0] for line in violations)
        if code == 0:
            result.ruff = Check(True, seconds)
        else:
            first = violations[0] if violations else (nonblank(stderr) or [f"exit {code}"])[0]
            result.ruff = Check(
                False, seconds, first, len(violations), {"codes": dict(codes.most_common())}
            )
        # mypy --strict, no config file.
        if self.opts.mypy:
            empty = tmp / "mypy.ini"
            empty.write_text("", encoding="utf-8")
            cmd = [
                self.python, "-m", "mypy", "--strict", "--python-version", "3.10",
                "--config-file", str(empty), "--cache-dir", str(tmp / "mypy-cache"),
                "--no-error-summary", "--show-error-codes", "-p", PACKAGE,
            ]  # fmt: skip
            code, stdout, stderr, seconds = run(cmd, out, env, self.opts.mypy_timeout)
            if code is None:
                result.mypy = Check(
                    False,
                    seconds,
                    f"mypy timeout (> {self.opts.mypy_timeout:g} s)",
                    detail={"timeout": True},
                )
            elif code == 0:
                result.mypy = Check(True, seconds)
            else:
                errors = [line for line in stdout.splitlines() if ": error:" in line]
                codes = Counter(
                    m.group(1) for line in errors if (m := re.search(r"\[([a-z-]+)\]$", line))
                )
                first = (errors or nonblank(stdout) or nonblank(stderr) or [f"exit {code}"])[0]
                result.mypy = Check(
                    False, seconds, first, len(errors), {"codes": dict(codes.most_common())}
                )


def crash_line(lines: list[str], code: int | None) -> str:
    """The exception line of a traceback, with the innermost frame of the generator."""
    exc = next(
        (line for line in reversed(lines) if EXCEPTION_LINE.match(line)),
        lines[-1] if lines else f"exit {code}, nothing on stderr",
    )
    frames = [line.strip() for line in lines if line.strip().startswith('File "')]
    ours = [f for f in frames if "/generator/" in f]
    where = ours[-1] if ours else (frames[-1] if frames else "")
    m = re.match(r'File "(.*?)", line (\d+), in (\S+)', where)
    if m:
        where = f"{Path(m.group(1)).name}:{m.group(2)} in {m.group(3)}"
    return f"{exc} [exit {code}{'; ' + where if where else ''}]"


def summary(results: list[Result], skipped: list[dict[str, str]], mypy: bool) -> dict[str, Any]:
    ok = [r for r in results if r.status == "ok"]
    out: dict[str, Any] = {
        "documents": len(results),
        "skipped": len(skipped),
        "by_status": dict(Counter(r.status for r in results).most_common()),
        "by_verdict": dict(Counter(r.verdict() for r in results).most_common()),
        "generated": len(ok),
        "import_ok": sum(1 for r in ok if r.imports and r.imports.ok),
        "ruff_ok": sum(1 for r in ok if r.ruff and r.ruff.ok),
    }
    if mypy:
        out["mypy_ok"] = sum(1 for r in ok if r.mypy and r.mypy.ok)
        out["mypy_timeout"] = sum(1 for r in ok if r.mypy and r.mypy.detail.get("timeout"))
    return out


def write_json(path: str, payload: dict[str, Any]) -> None:
    tmp = Path(path).with_name(Path(path).name + ".part")
    tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    cli.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    cli.add_argument("--out", help="write the full record as JSON to this file")
    cli.add_argument("--mypy", action="store_true", help="also run mypy --strict on each package")
    cli.add_argument("--limit", type=int, help="run only the first N documents found")
    cli.add_argument("--timeout", type=float, default=120.0, help="seconds per generation/check")
    cli.add_argument("--mypy-timeout", type=float, default=600.0, help="seconds per mypy run")
    venv = ROOT / ".venv" / "bin" / "python"
    cli.add_argument(
        "--python",
        default=str(venv) if venv.exists() else sys.executable,
        help="the interpreter that runs the generator, ruff and mypy (default: the project's "
        ".venv when there is one, else this one)",
    )
    cli.add_argument("--keep", metavar="DIR", help="copy every generated package into DIR")
    opts = cli.parse_args(argv)

    docs, skipped = discover(opts.paths)
    if opts.limit is not None:
        docs = docs[: opts.limit]
    print(f"{len(docs)} documents, {len(skipped)} files skipped; {opts.jobs} jobs", flush=True)
    runner = Runner(opts)
    results: list[Result] = []
    started = time.time()

    def payload() -> dict[str, Any]:
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True)
        changed = subprocess.run(
            [*git, "status", "--porcelain", "--", "generator", "templates"],
            capture_output=True,
            text=True,
        )
        return {
            "command": [sys.argv[0], *(argv if argv is not None else sys.argv[1:])],
            "generator_commit": commit.stdout.strip(),
            # Uncommitted changes to the generator or its templates when the run ended.
            "generator_changed": nonblank(changed.stdout),
            "python": opts.python,
            "ruff_check": list(runner.ruff_args),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
            "wall_seconds": round(time.time() - started, 1),
            "summary": summary(results, skipped, opts.mypy),
            "documents": [asdict(r) | {"verdict": r.verdict()} for r in results],
            "skipped": skipped,
        }

    # Largest first, so that the long runs do not all start last.
    order = sorted(docs, key=lambda d: -d[0].stat().st_size)
    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futures = {pool.submit(runner.document, path, version): path for path, version in order}
        try:
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # a bug here must not lose the other runs
                    path = futures[future]
                    result = Result(str(path), path.stat().st_size, "?", "crash")
                    result.message = f"bench/corpus.py failed: {type(exc).__name__}: {exc}"
                results.append(result)
                extra = ""
                if result.mypy is not None:
                    extra = f" mypy {result.mypy.seconds:.0f}s"
                print(
                    f"{result.verdict():<13} {result.seconds:7.2f}s{extra} {result.path}"
                    + (f"  | {result.first_problem()}" if result.first_problem() else ""),
                    flush=True,
                )
                if opts.out:
                    write_json(opts.out, payload())
        except BaseException:  # interrupted, or the output closed: start nothing more
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    results.sort(key=lambda r: r.path)

    s = summary(results, skipped, opts.mypy)
    print()
    print(f"{'outcome':<16}{'documents':>10}")
    for status, count in s["by_status"].items():
        print(f"{status:<16}{count:>10}")
    print(f"{'total':<16}{s['documents']:>10}")
    print()
    print(f"of {s['generated']} generated: import {s['import_ok']}, ruff {s['ruff_ok']}", end="")
    if opts.mypy:
        print(f", mypy --strict {s['mypy_ok']} (timeouts {s['mypy_timeout']})", end="")
    print()
    print("verdicts (first failure):", ", ".join(f"{k} {v}" for k, v in s["by_verdict"].items()))
    if opts.out:
        write_json(opts.out, payload())
        print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head`: the reader has seen enough
        sys.stderr.close()
        os._exit(0)
