"""`_meta.json`: the one file of a package that names what it was generated from (the spec's
title, `info.version`, sha256 and pinned commit, the overlays, the roots, the files), in a
fixed format whose change of one value is a one-line diff; and `SOURCE`, the same data read
from it lazily, wherever the package is imported from."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator import __version__, cli, render
from tests.conftest import ROOT

SMALL_SPEC = ROOT / "tests" / "golden" / "errata" / "spec.yaml"
OVERLAY = ROOT / "tests" / "golden" / "errata" / "overlay.yaml"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(out: Path, *args: str, spec: Path = SMALL_SPEC) -> Path:
    argv = ["generate", "--spec", str(spec), "--out", str(out), "--package", "pkg", *args]
    if "--config" not in args:  # never the repository's settings
        argv += ["--no-config"]
    assert cli.main(argv) == 0
    return out / "pkg"


def meta(package: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((package / "_meta.json").read_text(encoding="ascii"))
    return data


def test_the_format_names_spec_overlays_roots_and_every_file(tmp_path: Path) -> None:
    package = generate(tmp_path, "--root", "Response", "--overlay", str(OVERLAY))
    data = meta(package)
    models = data.pop("models")  # the models' snapshot, for change reports (tests/test_changes*)
    assert models["format"] == 1 and "Response" in models["defs"]
    assert data == {
        "format": "openai-dataclass-generator/package/1",
        "generator": {"name": "openai-dataclass-generator", "version": __version__},
        "spec": {
            "title": "Golden errata",
            "info_version": "1.0.0",
            "sha256": sha256(SMALL_SPEC),
            "commit": None,
        },
        "overlays": [
            {
                "file": "overlay.yaml",
                "sha256": sha256(OVERLAY),
                "title": "Golden errata",
                "version": "1.0.0",
                "actions": 5,
            }
        ],
        "roots": ["Response"],
        "all": False,
        "files": sorted(p.name for p in package.iterdir()),
    }
    assert "_meta.json" in data["files"] and "py.typed" in data["files"]
    # One value to a line, keys sorted, ASCII: a change of one value is a one-line diff; the
    # models' snapshot has one line per definition.
    text = (package / "_meta.json").read_text(encoding="ascii")
    assert text == render.json_text({**data, "models": models}) + "\n"
    assert render.json_text(data) == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=True)
    defs = [line for line in text.splitlines() if line.startswith('   "Response": ')]
    assert (
        len(defs) == 1
        and json.loads("{" + defs[0].rstrip(",") + "}")["Response"] == models["defs"]["Response"]
    )
    assert json.loads(text) == {**data, "models": models}


def test_no_other_file_names_the_spec(tmp_path: Path) -> None:
    package = generate(tmp_path, "--root", "Response", "--overlay", str(OVERLAY))
    spec = meta(package)["spec"]
    for path in sorted(package.iterdir()):
        if path.name == "_meta.json":
            continue
        text = path.read_text(encoding="utf-8")
        for fact in (spec["title"], spec["sha256"], sha256(OVERLAY)):
            assert fact not in text, (path.name, fact)


def test_with_all_the_roots_are_none_and_all_is_true(tmp_path: Path) -> None:
    data = meta(generate(tmp_path, "--all"))
    assert (data["roots"], data["all"]) == ([], True)


def test_a_package_of_the_runtime_alone_has_it(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}))
    package = generate(tmp_path / "out", "--all", spec=spec)
    assert meta(package)["files"] == ["__init__.py", "_meta.json", "_runtime.py", "py.typed"]
    assert meta(package)["spec"]["sha256"] == sha256(spec)


def pinned_project(tmp_path: Path, pin_sha256: str, key: str = "") -> Path:
    """A project folder: the small spec, a pin file naming `pin_sha256`, and settings (with
    `key`, e.g. `pin = "..."`, when given)."""
    shutil.copy(SMALL_SPEC, tmp_path / "spec.yaml")
    (tmp_path / "spec").mkdir()
    pin = 'url = "https://example.invalid/openapi.yaml"\ncommit = "{}"\nsha256 = "{}"\n'
    pin += 'info_version = "1.0.0"\n'
    (tmp_path / "spec" / "pin.toml").write_text(pin.format("a" * 40, pin_sha256))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.openai-dataclass-generator]\nspec = "spec.yaml"\nroots = ["Response"]\n'
        f'out = "out"\npackage = "pkg"\n{key}'
    )
    return tmp_path / "pyproject.toml"


def test_commit_comes_from_the_pin_when_it_names_these_bytes(tmp_path: Path) -> None:
    config = pinned_project(tmp_path, sha256(SMALL_SPEC))
    assert cli.main(["generate", "--config", str(config)]) == 0
    assert meta(tmp_path / "out" / "pkg")["spec"]["commit"] == "a" * 40


def test_commit_is_null_when_the_pin_names_other_bytes(tmp_path: Path) -> None:
    config = pinned_project(tmp_path, "0" * 64)
    assert cli.main(["generate", "--config", str(config)]) == 0
    assert meta(tmp_path / "out" / "pkg")["spec"]["commit"] is None


def test_the_pin_setting_names_another_file_and_a_missing_one_is_no_error(tmp_path: Path) -> None:
    config = pinned_project(tmp_path, sha256(SMALL_SPEC), 'pin = "elsewhere.toml"\n')
    assert cli.main(["generate", "--config", str(config)]) == 0
    assert meta(tmp_path / "out" / "pkg")["spec"]["commit"] is None
    (tmp_path / "spec" / "pin.toml").rename(tmp_path / "elsewhere.toml")
    assert cli.main(["generate", "--config", str(config)]) == 0
    assert meta(tmp_path / "out" / "pkg")["spec"]["commit"] == "a" * 40


def test_a_pin_that_is_not_a_path_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = pinned_project(tmp_path, sha256(SMALL_SPEC), "pin = 3\n")
    assert cli.main(["generate", "--config", str(config)]) == 2
    assert "'pin' must be a path (a non-empty string), not the integer 3" in capsys.readouterr().err


def run(code: str, *path: Path) -> None:
    """Run `code` in a fresh interpreter with only `path` (and the standard library) to import
    from."""
    script = "import sys\nsys.path[:0] = " + repr([str(p) for p in path]) + "\n"
    result = subprocess.run(
        [sys.executable, "-I", "-B", "-c", script + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_source_is_meta_json_without_files_read_on_first_use(tmp_path: Path) -> None:
    package = generate(tmp_path / "out", "--root", "Response", "--overlay", str(OVERLAY))
    expected = {k: v for k, v in meta(package).items() if k not in ("files", "models")}
    run(
        f"""
        import pkg
        assert "SOURCE" not in vars(pkg) and "SOURCE" in pkg.__all__
        from pkg import SOURCE
        assert SOURCE == {expected!r}, SOURCE
        assert pkg.SOURCE is SOURCE  # read once
        """,
        tmp_path / "out",
    )


def test_source_works_where_the_package_is_vendored_or_zipped(tmp_path: Path) -> None:
    package = generate(tmp_path / "out", "--root", "Response")
    sha = meta(package)["spec"]["sha256"]
    vendored = tmp_path / "app" / "_vendor"
    vendored.mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    (vendored / "__init__.py").write_text("")
    shutil.copytree(package, vendored / "models")
    archive = tmp_path / "models.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(package.iterdir()):
            zipped.write(path, f"pkg/{path.name}")
    run(
        f"""
        from app._vendor.models import SOURCE, Response
        assert SOURCE["spec"]["sha256"] == {sha!r}
        import pkg
        assert pkg.__file__.startswith({str(archive)!r}), pkg.__file__
        assert pkg.SOURCE["spec"]["sha256"] == {sha!r}
        """,
        tmp_path,
        archive,
    )
