"""The command line as a user meets it: its name, `-q`/`-v`, the run report
(`--report-json`), and Ctrl-C (one line, exit 130, the output as it was)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import __version__, cli
from tests.conftest import ROOT

SMALL_SPEC = ROOT / "tests" / "golden" / "discriminator_explicit" / "spec.yaml"
Capture = pytest.CaptureFixture[str]


def _argv(tmp_path: Path, *extra: str) -> list[str]:
    return ["--no-config", "--spec", str(SMALL_SPEC), "--root", "Session",
            "--out", str(tmp_path / "out"), *extra]  # fmt: skip


def test_python_m_generator_says_the_commands_real_name() -> None:
    """`python -m generator` is the same command (the installed one: tests/test_install.py)."""
    start = [sys.executable, "-m", "generator"]
    version = subprocess.run([*start, "--version"], cwd=ROOT, capture_output=True, text=True)
    assert version.stdout == f"openai-dataclass-generator {__version__}\n"
    usage = subprocess.run([*start, "generate", "--root"], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2
    last = usage.stderr.splitlines()[-1]
    assert (
        last == "openai-dataclass-generator generate: error: argument --root: expected one argument"
    )
    assert usage.stderr.startswith("usage: openai-dataclass-generator generate ")


def test_quiet_prints_nothing_on_success(tmp_path: Path, capsys: Capture) -> None:
    assert cli.main(["generate", *_argv(tmp_path, "-q")]) == 0
    assert capsys.readouterr() == ("", "")
    assert cli.main(["check", *_argv(tmp_path, "--quiet")]) == 0
    assert capsys.readouterr() == ("", "")


def test_quiet_check_still_says_what_differs(tmp_path: Path, capsys: Capture) -> None:
    """`check -q` prints its result (what differs, and the command that updates the package,
    without the options that only change what is printed) and nothing else."""
    assert cli.main(["generate", *_argv(tmp_path, "-q")]) == 0
    (tmp_path / "out" / "openai_models" / "session.py").write_text("# changed\n")
    report = str(tmp_path / "r.json")
    assert cli.main(["check", *_argv(tmp_path, "-q", "--no-diff", "--report-json", report)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[1:-1] == ["  ~ session.py"]
    assert lines[-1] == "to update it, run: openai-dataclass-generator generate " + " ".join(
        _argv(tmp_path)
    )


def test_quiet_keeps_errors(tmp_path: Path, capsys: Capture) -> None:
    assert cli.main(["generate", *_argv(tmp_path, "-q", "--root", "Nope")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1


def test_quiet_and_verbose_exclude_each_other(tmp_path: Path, capsys: Capture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["generate", *_argv(tmp_path, "-q", "-v")])
    assert "not allowed with argument" in capsys.readouterr().err


def test_verbose_prints_the_settings_and_each_stage(tmp_path: Path, capsys: Capture) -> None:
    assert cli.main(["generate", *_argv(tmp_path, "-v", "--no-cache")]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines[:8] == [
        f"settings: spec {SMALL_SPEC}",
        "settings: roots Session",
        f"settings: package {tmp_path / 'out' / 'openai_models'}",
        "settings: overlays none",
        "settings: templates built-in",
        "settings: cache off",
        "settings: pyproject.toml not written",
        "settings: bracket names off",
    ]
    stages = [line.split()[1] for line in lines[8:]]
    assert stages == ["load", "build", "name", "snapshot", "render", "format", "write"]
    assert out.startswith(f"wrote {tmp_path / 'out' / 'openai_models'}: ")


def test_report_json(tmp_path: Path, capsys: Capture) -> None:
    report = tmp_path / "report.json"
    assert cli.main(["generate", *_argv(tmp_path, "--report-json", str(report))]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert sorted(data) == [
        "command", "counts", "differences", "format", "generator", "imprecise", "overlays",
        "package", "renames", "seconds", "spec", "up_to_date",
    ]  # fmt: skip
    assert data["format"] == 1
    assert data["generator"] == {"name": "openai-dataclass-generator", "version": __version__}
    assert data["command"] == "generate" and data["up_to_date"] is None
    assert data["package"] == str(tmp_path / "out" / "openai_models")
    assert data["counts"] == {
        "modules": 6, "classes": 3, "aliases": 1, "renames": 0, "imprecise": 0,
        "overlay_actions": 0, "differences": 0,
    }  # fmt: skip
    stages = ["load", "build", "name", "snapshot", "render", "format", "write", "total"]
    assert list(data["seconds"]) == stages
    assert data["seconds"]["total"] == pytest.approx(
        sum(list(data["seconds"].values())[:-1]), abs=1e-3
    )
    assert data["renames"] == data["imprecise"] == data["overlays"] == data["differences"] == []
    # check: the differences, and whether it is up to date.
    (tmp_path / "out" / "openai_models" / "session.py").unlink()
    assert cli.main(["check", *_argv(tmp_path, "--report-json", str(report))]) == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["command"] == "check" and data["up_to_date"] is False
    assert data["differences"] == ["+ session.py"] and data["counts"]["differences"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file
    capsys.readouterr()


def test_report_json_has_renames_imprecise_and_overlays(tmp_path: Path) -> None:
    """On this project's settings (the errata overlay) and the pinned spec's RealtimeSession."""
    report = tmp_path / "report.json"
    argv = ["generate", "--config", str(ROOT / "pyproject.toml"), "--out", str(tmp_path / "o"),
            "-q", "--report-json", str(report)]  # fmt: skip
    assert cli.main(argv) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    [overlay] = data["overlays"]
    assert overlay["path"].endswith("openai-errata.overlay.yaml")
    assert overlay["actions"] == data["counts"]["overlay_actions"] > 0
    assert len(overlay["sha256"]) == 64


def test_report_json_names_and_imprecise_lists(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    ValidationError: {type: object, properties: {a: {type: string}}}\n"
        "    A: {oneOf: [{type: integer}, {$ref: '#/components/schemas/B'}]}\n"
        "    B: {oneOf: [{type: string}, {$ref: '#/components/schemas/A'}]}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    argv = ["generate", "--no-config", "--spec", str(spec), "--all", "--out", str(tmp_path / "o"),
            "-q", "--report-json", str(report)]  # fmt: skip
    assert cli.main(argv) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"]["renames"] == len(data["renames"]) == 1
    assert "ValidationErrorSchema" in data["renames"][0]
    assert data["counts"]["imprecise"] == len(data["imprecise"]) == 2


def test_report_json_into_a_missing_folder_is_refused_first(
    tmp_path: Path, capsys: Capture
) -> None:
    report = tmp_path / "nowhere" / "report.json"
    assert cli.main(["generate", *_argv(tmp_path, "--report-json", str(report))]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {report}: the run report's folder does not exist\n"
    assert not (tmp_path / "out").exists()


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.whole_spec
def test_ctrl_c_is_one_line_exit_130_and_the_package_untouched(
    tmp_path: Path, spec_path: Path
) -> None:
    """SIGINT while a whole-spec run renders into its staging folder, over a package of
    RealtimeSession: the run says one line, exits 130, and the package is the old one."""
    out = tmp_path / "out"
    base = [sys.executable, "-m", "generator", "generate", "--no-config", "--spec", str(spec_path),
            "--out", str(out)]  # fmt: skip
    first = subprocess.run([*base, "--root", "RealtimeSession"], cwd=ROOT, capture_output=True)
    assert first.returncode == 0, first.stderr
    before = _tree(out / "openai_models")
    run = subprocess.Popen([*base, "--all"], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)  # fmt: skip
    # Wait (polling, no timing assumed) until it renders: its staging folder holds modules.
    while run.poll() is None and not any(out.glob(".openai_models.tmp-*/openai_models/*.py")):
        time.sleep(0.005)
    assert run.poll() is None, "the run ended before it could be interrupted"
    os.kill(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert stderr == "error: interrupted (Ctrl-C)\n"
    assert stdout == ""
    assert _tree(out / "openai_models") == before
    assert sorted(p.name for p in out.iterdir()) == ["openai_models"]  # no staging folder left
