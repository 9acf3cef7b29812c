"""What `generate` does to the folder it replaces.

- It never deletes what it did not write: a folder without the marker (`_meta.json`), or with a
  file the marker does not list, is refused (one line, exit 2, nothing touched) unless
  `--force`.
- When the package it replaces was built from another spec, it prints the change report of the
  models (Markdown), from the models stored in that package's `_meta.json`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import ROOT

CASES = ROOT / "tests" / "changes"


def generate(spec: Path, out: Path, *extra: str) -> int:
    argv = ["generate", "--no-config", "--spec", str(spec), "--all", "--no-cache"]
    return cli.main([*argv, "--out", str(out), "--package", "pets", *extra])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def package(tmp_path: Path) -> Path:
    assert generate(CASES / "property_added" / "old.yaml", tmp_path) == 0
    return tmp_path / "pets"


def refused(capsys: pytest.CaptureFixture[str], *names: str) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err
    for name in names:
        assert name in err[0]
    return err[0]


def test_a_folder_this_tool_did_not_write_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "pets"
    mine.mkdir()
    (mine / "mycode.py").write_text("print('mine')\n", encoding="utf-8")
    before = tree(tmp_path)
    assert generate(CASES / "property_added" / "old.yaml", tmp_path) == 2
    assert "--force" in refused(capsys, "mycode.py", "_meta.json")
    assert tree(tmp_path) == before


def test_a_file_added_by_hand_to_a_generated_package_is_refused(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (package / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    (package / "sub").mkdir()
    (package / "sub" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(package)
    capsys.readouterr()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 2
    refused(capsys, "2 file(s)", "helpers.py", "sub/notes.txt")
    assert tree(package) == before
    # --force replaces it: the files added by hand are gone.
    assert generate(CASES / "property_added" / "new.yaml", package.parent, "--force") == 0
    assert not (package / "helpers.py").exists() and not (package / "sub").exists()


def test_a_symlink_added_to_the_package_is_foreign_and_never_followed(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n", encoding="utf-8")
    os.symlink(elsewhere, package / "link")
    capsys.readouterr()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 2
    refused(capsys, "link")
    assert (elsewhere / "keep.txt").is_file()


def test_what_python_adds_and_empty_folders_do_not_count(package: Path, tmp_path: Path) -> None:
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "pet.cpython-311.pyc").write_bytes(b"\0")
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 0
    empty = tmp_path / "empty"
    (empty / "pets").mkdir(parents=True)
    assert generate(CASES / "property_added" / "old.yaml", empty) == 0


def test_a_package_written_before_the_marker_existed_is_replaced(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its files start with the generator's header line; it has no `_meta.json`."""
    (package / "_meta.json").unlink()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 0
    # ... but a foreign file among them makes it a folder this tool did not write.
    (package / "_meta.json").unlink()
    (package / "mine.py").write_text("# mine\n", encoding="utf-8")
    capsys.readouterr()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 2
    refused(capsys, "mine.py")


def test_replacing_a_package_of_another_spec_prints_the_change_report(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 0
    out = capsys.readouterr().out
    assert "### Model changes: 1.0.0 (sha256 " in out
    row = next(line for line in out.splitlines() if line.startswith("| `Pet`"))
    assert "property added" in row
    # The same spec again: nothing to report.
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 0
    assert "Model changes" not in capsys.readouterr().out


def test_a_package_that_keeps_no_models_says_how_to_compare(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = json.loads((package / "_meta.json").read_text(encoding="utf-8"))
    del meta["models"]
    (package / "_meta.json").write_text(json.dumps(meta), encoding="utf-8")
    capsys.readouterr()
    assert generate(CASES / "property_added" / "new.yaml", package.parent) == 0
    assert (
        "keeps no models to compare with: use `diff OLD_SPEC NEW_SPEC`" in capsys.readouterr().out
    )
