"""Faults never leave a broken or missing package: real runs (`python -m generator`, in a
subprocess) killed with SIGKILL at random moments, killed exactly inside the swap, and run four
at once into one output. After each kill the output is the old package or the new one,
exactly; what else is beside it is only what the next run clears (marked staging folders, the
lock file); nothing is left in the temporary folder once a run has followed; and the next run
succeeds."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator import write, write_lock
from tests.conftest import ROOT

ROOTS = ("--root", "CreateResponse")  # about 200 modules: a run of about a second
KILLS = 20
CHECK_KILLS = 5
# Two runs at once each take longer than one alone: the delays stretch to cover them.
SLOWER = 2.0


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def command(spec: Path, out: Path, *extra: str, verb: str = "generate") -> list[str]:
    return [
        sys.executable, "-m", "generator", verb, "--spec", str(spec), "--out", str(out),
        "--package", "pkg", "--no-overlays", *extra,
    ]  # fmt: skip


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate()


def leftovers(out: Path) -> list[str]:
    """What is beside the package, each checked to be something the next run clears."""
    names = sorted(p.name for p in out.iterdir() if p.name != "pkg")
    for name in names:
        path = out / name
        if name == ".pkg.lock":
            assert path.is_file() and not path.is_symlink()
            continue
        assert name.startswith(".pkg.tmp-") and len(name) == len(".pkg.tmp-") + 8, name
        assert path.is_dir() and not path.is_symlink(), name
        assert (path / write.MARK).is_file() or not any(path.iterdir()), name
    return names


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    """The runs' environment: a temporary folder of their own, to see what they leave there."""
    (tmp_path / "tmp").mkdir()
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp")}


Tree = dict[str, bytes]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, spec_path: Path) -> tuple[Tree, Tree, float]:
    """The old package (RealtimeSession's) and the new one (CreateResponse's), as trees, and
    how long a run over the old one takes."""
    reference = tmp_path_factory.mktemp("reference")
    env = dict(os.environ)
    finish(command(spec_path, reference, "--root", "RealtimeSession"), env)
    old = tree(reference / "pkg")
    started = time.monotonic()
    finish(command(spec_path, reference, *ROOTS), env)
    seconds = time.monotonic() - started
    new = tree(reference / "pkg")
    assert old != new and len(new) > 150
    return old, new, seconds


def put(out: Path, files: Tree) -> None:
    if (out / "pkg").exists():
        shutil.rmtree(out / "pkg")
    for relative, data in files.items():
        (out / "pkg" / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / "pkg" / relative).write_bytes(data)


def kill_runs(
    spec: Path, out: Path, env: dict[str, str], lane: int, packages: tuple[Tree, Tree, float]
) -> dict[str, int]:
    """Every other one of the KILLS runs (`lane` 0 or 1), each over the old package, killed
    after a delay spread over the whole run and a little past it (stratified: every part of
    the run is hit); what each kill left checked. Then a run that ends."""
    old, new, seconds = packages
    seed = int(os.environ.get("FAULTS_SEED", time.time_ns())) + lane
    rng = random.Random(seed)
    outcomes = {"old": 0, "new": 0, "leftovers": 0}
    for i in range(lane, KILLS, 2):
        put(out, old)
        delay = SLOWER * seconds * 1.1 * (i + rng.random()) / KILLS
        process = start(command(spec, out, *ROOTS), env)
        time.sleep(delay)
        kill(process)
        now = tree(out / "pkg")
        where = f"seed {seed}, kill {i} after {delay:.2f}s"
        assert now in (old, new), f"{where}: {sorted(now)[:5]}, {os.listdir(out)}"
        outcomes["old" if now == old else "new"] += 1
        left = leftovers(out)
        outcomes["leftovers"] += bool(left)
        # A run clears the staging folders of those before it when it takes the lock, before
        # it makes its own: never more than one.
        assert len([n for n in left if n != ".pkg.lock"]) <= 1, f"{where}: {left}"
    finish(command(spec, out, *ROOTS), env)
    assert tree(out / "pkg") == new and sorted(p.name for p in out.iterdir()) == ["pkg"]
    return outcomes


def test_kills_at_random_moments_leave_the_old_package_or_the_new_one(
    tmp_path: Path, spec_path: Path, env: dict[str, str], packages: tuple[Tree, Tree, float]
) -> None:
    shm_before = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    with ThreadPoolExecutor(2) as pool:  # two outputs at once: half the time
        lanes = [
            pool.submit(kill_runs, spec_path, tmp_path / f"out{lane}", env, lane, packages)
            for lane in (0, 1)
        ]
        outcomes = [lane.result() for lane in lanes]
    # Killed checks leave their scratch folder; the next run clears it.
    out, seconds = tmp_path / "out0", packages[2]
    rng = random.Random()
    for i in range(CHECK_KILLS):
        process = start(command(spec_path, out, *ROOTS, verb="check"), env)
        time.sleep(seconds * 1.1 * (i + rng.random()) / CHECK_KILLS)
        kill(process)
    finish(command(spec_path, out, *ROOTS, verb="check"), env)
    assert os.listdir(env["TMPDIR"]) == []
    shm_after = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    ours = [n for n in shm_after - shm_before if "openai" in n or n.startswith((".pkg", "tmp"))]
    assert ours == []
    total = {key: sum(lane[key] for lane in outcomes) for key in outcomes[0]}
    print(f"{KILLS} kills over runs of {seconds:.2f}s: {total}")


@pytest.mark.parametrize("scheme", ["renames", "exchange"])
def test_a_kill_inside_the_swap(
    tmp_path: Path,
    spec_path: Path,
    env: dict[str, str],
    packages: tuple[Tree, Tree, float],
    scheme: str,
) -> None:
    if scheme == "exchange" and write._renameat2() is None:
        pytest.skip("no renameat2 on this system")
    old, new, _ = packages
    out = tmp_path / "out"
    put(out, old)
    paused = tmp_path / "paused"
    process = start(
        command(spec_path, out, *ROOTS),
        {**env, write.TEST_SWAP: scheme, write.TEST_PAUSE: str(paused)},
    )
    deadline = time.monotonic() + 60
    while not paused.exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    kill(process)
    (staged,) = (p for p in out.iterdir() if p.name.startswith(".pkg.tmp-"))
    if scheme == "renames":
        # Between the two renames: no package, the old one waiting in the staging folder,
        # which the next run puts back before anything else.
        assert not (out / "pkg").exists() and tree(staged / write.BACKUP) == old
        write.recover(out / "pkg")
        assert tree(out / "pkg") == old
    else:
        # Right after the exchange: the new package in place, the old one to be removed.
        assert tree(out / "pkg") == new and tree(staged / "pkg") == old
    finish(command(spec_path, out, *ROOTS), env)
    assert tree(out / "pkg") == new and sorted(p.name for p in out.iterdir()) == ["pkg"]


def test_concurrent_runs_take_turns(
    tmp_path: Path, spec_path: Path, env: dict[str, str], packages: tuple[Tree, Tree, float]
) -> None:
    small, large, _ = packages
    out = tmp_path / "out"
    put(out, large)
    args = command(spec_path, out, "--root", "RealtimeSession")  # the small one: quicker
    runs = [start(args, env) for _ in range(4)]
    results = [(run.wait(120), *run.communicate()) for run in runs]
    for code, stdout, stderr in results:
        assert "Traceback" not in stderr
        if code == 2:  # refused cleanly: one line
            assert stderr.splitlines() == [f"error: another run is writing {out / 'pkg'}"]
        else:
            assert code == 0, stdout + stderr
    assert any(code == 0 for code, _, _ in results)
    assert tree(out / "pkg") == small and sorted(p.name for p in out.iterdir()) == ["pkg"]
    assert os.listdir(env["TMPDIR"]) == []


# -- the lock ----------------------------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from generator import write_lock
with write_lock.output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(out: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_run_waits_for_the_lock_and_gives_up_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / "pkg"
    out.parent.mkdir()
    holder = hold_lock(out, 30)
    try:
        started = time.monotonic()
        with pytest.raises(write.GeneratorError, match=f"^another run is writing {out}$"):
            with write_lock.output_lock(out, timeout=0.3):
                pass
        assert 0.3 <= time.monotonic() - started < 5
        monkeypatch.setattr(write_lock, "LOCK_TIMEOUT", 0.3)
        from generator import cli

        code = cli.main(
            [
                "generate",
                "--spec",
                str(ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"),
                "--root",
                "Session",
                "--out",
                str(out.parent),
                "--package",
                "pkg",
                "--no-overlays",
            ]
        )
        assert code == 2
        assert capsys.readouterr().err.splitlines()[-1] == f"error: another run is writing {out}"
    finally:
        holder.kill()
        holder.wait()
    with write_lock.output_lock(out, timeout=0.3):  # the kernel let go of the killed holder
        assert write_lock.lock_path(out).exists()
    assert list(out.parent.iterdir()) == []  # the lock file goes with the lock


def test_the_lock_serializes(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    holder = hold_lock(out, 0.5)
    started = time.monotonic()
    with write_lock.output_lock(out, timeout=10):
        assert time.monotonic() - started >= 0.3
        assert holder.wait(5) == 0
    assert list(tmp_path.iterdir()) == []


def test_the_lock_without_fcntl_takes_over_a_stale_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_lock, "fcntl", None)
    out = tmp_path / "pkg"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    write_lock.lock_path(out).write_text(dead.stdout)  # a killed run's
    with write_lock.output_lock(out, timeout=0.3):
        assert write_lock.lock_path(out).read_text() == f"{os.getpid()}\n"
        with pytest.raises(write.GeneratorError, match="another run is writing"):
            with write_lock.output_lock(out, timeout=0.2):
                pass  # ours, alive: not stale
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_killed_run_takes_its_ruff_child_with_it(tmp_path: Path) -> None:
    """`format` starts ruff so that it dies with the run (`PR_SET_PDEATHSIG`): a killed run
    leaves no child writing on into its staging or scratch folder."""
    marker = f"{31 + time.time_ns() % 1000 / 1000:.3f}"  # a `sleep` argument no one else uses
    code = f"from generator import format; format._run(['sleep', '{marker}'])"
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)

    def children() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[:2] == [b"sleep", marker.encode()]:
                found.append(int(entry.name))
        return found

    deadline = time.monotonic() + 30
    while not children():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while children():
        assert time.monotonic() < deadline, "the child outlived its run"
        time.sleep(0.05)
