"""The write stage and the two-process renderer: what ends up on disk, and that nothing else
does (no half-written package, no scratch left behind), whatever goes wrong."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from generator import workers, write


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def make(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


# -- install -----------------------------------------------------------------------------------


def test_install_links_unchanged_files_and_copies_the_rest(tmp_path: Path) -> None:
    out = make(tmp_path / "out" / "pkg", {"same.py": "x = 1\n", "changed.py": "old\n", "gone.py": "g\n"})
    new = make(tmp_path / "new" / "pkg", {"same.py": "x = 1\n", "changed.py": "new\n", "added.py": "a\n"})
    same_inode = (out / "same.py").stat().st_ino
    changed_inode = (out / "changed.py").stat().st_ino

    write.install(new, out)

    assert tree(out) == tree(new)
    assert (out / "same.py").stat().st_ino == same_inode  # a link to the old file, not a copy
    assert (out / "same.py").stat().st_nlink == 1  # and the old name is gone
    assert (out / "changed.py").stat().st_ino != changed_inode
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]  # no scratch left


def test_install_handles_subfolders_and_never_follows_a_symlink(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"mod.py": "x = 1\n"})
    out = make(tmp_path / "out" / "pkg", {"sub/keep.py": "k\n"})
    (out / "mod.py").symlink_to(outside / "mod.py")
    new = make(tmp_path / "new" / "pkg", {"sub/keep.py": "k\n", "mod.py": "x = 1\n"})

    write.install(new, out)

    assert tree(out) == tree(new)
    assert not (out / "mod.py").is_symlink()
    assert (out / "mod.py").stat().st_ino != (outside / "mod.py").stat().st_ino
    assert (outside / "mod.py").read_text() == "x = 1\n"  # untouched


def test_install_copies_where_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = make(tmp_path / "out" / "pkg", {"same.py": "x = 1\n"})
    new = make(tmp_path / "new" / "pkg", {"same.py": "x = 1\n"})

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write.install(new, out)
    assert tree(out) == tree(new)


def test_a_failed_install_leaves_the_old_package_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = make(tmp_path / "out" / "pkg", {"a.py": "old a\n", "b.py": "old b\n"})
    new = make(tmp_path / "new" / "pkg", {"a.py": "new a\n", "b.py": "new b\n"})
    before = tree(out)
    copies = 0

    def failing_copy(source: str, target: str) -> None:
        nonlocal copies
        copies += 1
        if copies == 2:
            raise OSError(28, "No space left on device")
        Path(target).write_bytes(Path(source).read_bytes())

    monkeypatch.setattr(write, "_copy", failing_copy)
    with pytest.raises(OSError):
        write.install(new, out)
    assert tree(out) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pkg"]


# -- scratch -----------------------------------------------------------------------------------


def test_scratch_is_in_memory_where_possible_and_removed_afterwards() -> None:
    with write.scratch() as path:
        (path / "f").write_text("x")
        where = path
    assert not where.exists()
    memory = write.MEMORY_SCRATCH
    if memory.is_dir() and os.access(memory, os.W_OK):
        if shutil.disk_usage(memory).free >= write.MEMORY_ROOM:
            assert where.parent == memory


def test_scratch_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "MEMORY_SCRATCH", tmp_path / "no-such-folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with write.scratch() as path:
        assert path.parent == tmp_path
    assert not path.exists()


# -- workers -----------------------------------------------------------------------------------

NAMES = [f"m{i:04d}" for i in range(500)]


def render(name: str) -> str:
    return f"# {name}\n" + "x = 1\n" * (int(name[1:]) % 7)


def collect(names: list[str], render_one: object, parallel: bool = True) -> dict[str, str]:
    written: dict[str, str] = {}

    def put(name: str, text: str) -> None:
        assert name not in written, f"{name} written twice"
        written[name] = text

    workers.render_and_write(names, render_one, put, parallel=parallel)  # type: ignore[arg-type]
    return written


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_two_processes_share_the_work_and_one_writes() -> None:
    def signed(name: str) -> str:
        time.sleep(0.001)  # long enough for the helper to start and take chunks
        return f"{render(name)}# by {os.getpid()}\n"

    written = collect(NAMES, signed)
    assert sorted(written) == NAMES
    by = {text.rsplit("# by ", 1)[1] for text in written.values()}
    assert len(by) == 2  # both processes rendered; `put` ran here (it checks for duplicates)
    assert collect(NAMES, render, parallel=False) == collect(NAMES, render)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
@pytest.mark.parametrize("how", ["raises", "exits", "garbage"])
def test_what_a_failing_helper_does_not_deliver_is_rendered_by_the_main_process(
    how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = os.getpid()
    calls = 0

    def failing(name: str) -> str:
        nonlocal calls
        calls += 1
        time.sleep(0.0005)  # so that the helper takes chunks before the queue runs out
        if os.getpid() != main and calls > 40:
            if how == "raises":
                raise RuntimeError("helper trouble")
            if how == "exits":
                os._exit(3)
        return render(name)

    if how == "garbage":
        real_send = workers._send

        def garbling(fd: int, data: bytes) -> None:
            if os.getpid() != main:
                data = data[:8] + b"\xff" * (len(data) - 8)
            real_send(fd, data)

        monkeypatch.setattr(workers, "_send", garbling)
    assert collect(NAMES, failing) == {n: render(n) for n in NAMES}


def test_a_small_package_renders_in_one_process() -> None:
    pids: set[int] = set()

    def tracking(name: str) -> str:
        pids.add(os.getpid())
        return render(name)

    assert collect(NAMES[:10], tracking) == {n: render(n) for n in NAMES[:10]}
    assert pids == {os.getpid()}  # the helper is only worth its start for dozens of modules


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_cancelled_sharing_stops_its_helper() -> None:
    def slow(name: str) -> str:
        time.sleep(0.01)
        return name

    sharing = workers.Sharing(NAMES, slow)
    pid = sharing.pid
    assert pid > 0
    sharing.cancel()
    with pytest.raises(ChildProcessError):  # already reaped: no process is left behind
        os.waitpid(pid, 0)
    sharing.cancel()  # twice is harmless


def test_the_main_process_may_compute_differently_from_the_helper() -> None:
    """As the loader does: the helper parses without falling back, the main process with."""
    sharing = workers.Sharing(NAMES, lambda name: {"by": "helper", "name": name})
    got: dict[str, object] = {}
    sharing.finish(lambda name: {"by": "main", "name": name}, got.__setitem__)
    assert sorted(got) == NAMES
    assert all(isinstance(v, dict) and v["name"] == k for k, v in got.items())


def _two_folders(tmp_path: Path, render_one: object) -> tuple[dict[str, str], set[str]]:
    """render_and_write with the helper writing into a folder of its own: the files in the
    main folder at the end, and the names the main process collected."""
    main, side = tmp_path / "main", tmp_path / "side"
    main.mkdir()
    side.mkdir()
    collected: set[str] = set()

    def collect(name: str) -> None:
        assert name not in collected
        collected.add(name)
        os.replace(side / name, main / name)

    workers.render_and_write(
        NAMES,
        render_one,  # type: ignore[arg-type]
        lambda name, text: (main / name).write_text(text),
        helper_write=lambda name, text: (side / name).write_text(text),
        collect=collect,
    )
    return {p.name: p.read_text() for p in main.iterdir()}, collected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_helper_with_a_folder_of_its_own_writes_there_and_is_collected(tmp_path: Path) -> None:
    def slow(name: str) -> str:
        time.sleep(0.001)
        return render(name)

    files, collected = _two_folders(tmp_path, slow)
    assert files == {n: render(n) for n in NAMES}
    assert collected  # the helper wrote some of them
    assert not list((tmp_path / "side").iterdir())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_what_the_helper_wrote_but_did_not_report_is_written_again(tmp_path: Path) -> None:
    main = os.getpid()
    calls = 0

    def dying(name: str) -> str:
        nonlocal calls
        calls += 1
        time.sleep(0.0005)
        if os.getpid() != main and calls == 40:  # mid-chunk: 7 files written, none reported
            os._exit(3)
        return render(name)

    files, collected = _two_folders(tmp_path, dying)
    assert files == {n: render(n) for n in NAMES}
    assert len(collected) == 32  # the two chunks the helper reported before it died
