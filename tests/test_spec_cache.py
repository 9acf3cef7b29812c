"""The cache of parsed specs: a YAML spec parsed once is read from its cached JSON, found by its
sha256; whatever is wrong with an entry, the spec is parsed again and the entry replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import spec_cache, yaml_data
from generator.config import load_settings
from generator.errors import GeneratorError
from generator.load import load_spec
from tests.conftest import ROOT
from tests.test_load import SPEC_TEXT, write


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The YAML texts parsed from now on (each an entry of the list)."""
    seen: list[str] = []
    real = yaml_data.parse

    def counting(text: str) -> tuple[Any, bool]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(yaml_data, "parse", counting)
    return seen


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_spec_is_parsed_once_and_then_read_from_the_cache(
    tmp_path: Path, parses: list[str]
) -> None:
    path, cache = write(tmp_path, SPEC_TEXT), tmp_path / "cache"
    first = load_spec(path, cache)
    assert len(parses) == 1
    assert entries(cache) == [f"{first.sha256}.json"]
    second = load_spec(path, cache)
    assert len(parses) == 1  # not parsed again
    assert second.data == first.data and second.data is not first.data
    assert (second.path, second.text, second.sha256) == (first.path, first.text, first.sha256)
    assert second.schemas["Unused"]["properties"]["when"]["example"] == "2024-01-01"
    # The same bytes under another name share the entry; other bytes make another one.
    load_spec(write(tmp_path, SPEC_TEXT, "copy.yml"), cache)
    assert len(parses) == 1
    load_spec(write(tmp_path, SPEC_TEXT + "# changed\n", "changed.yaml"), cache)
    assert len(parses) == 2 and len(entries(cache)) == 2


def test_without_a_cache_folder_nothing_is_cached(tmp_path: Path, parses: list[str]) -> None:
    path = write(tmp_path, SPEC_TEXT)
    load_spec(path)
    load_spec(path)
    assert len(parses) == 2
    assert entries(tmp_path) == ["spec.yaml"]


def _entry(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A spec, its cache folder, and its entry there."""
    path, cache = write(tmp_path, SPEC_TEXT), tmp_path / "cache"
    sha256 = load_spec(path, cache).sha256
    return path, cache, cache / f"{sha256}.json"


def _other_spec_entry(raw: bytes, tmp_path: Path) -> bytes:
    """A genuine entry, of another spec."""
    other = SPEC_TEXT.replace("Index test", "Another")
    folder = tmp_path / "other"
    sha256 = load_spec(write(tmp_path, other, "other.yaml"), folder).sha256
    return (folder / f"{sha256}.json").read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw, tmp: b"",
        lambda raw, tmp: raw[: len(raw) // 2],  # truncated
        lambda raw, tmp: raw.replace(b"alloy", b"alpha"),  # valid JSON, other data
        lambda raw, tmp: raw.replace(b"parsed spec 3", b"parsed spec 2"),  # another format
        lambda raw, tmp: b'{"format": "something else"}\n{}',
        lambda raw, tmp: b"[1, 2]\n{}",
        lambda raw, tmp: b"\xff\xfe not text",
        lambda raw, tmp: b"[" * 100_000 + b"\n",
        _other_spec_entry,
    ],
    ids=[
        "empty",
        "truncated",
        "altered",
        "old format",
        "foreign",
        "not an object",
        "not UTF-8",
        "deep",
        "another spec's",
    ],
)
def test_a_bad_entry_is_ignored_and_rewritten(
    tmp_path: Path, parses: list[str], damage: Any
) -> None:
    path, cache, entry = _entry(tmp_path)
    good = entry.read_bytes()
    expected = load_spec(path).data
    entry.write_bytes(damage(good, tmp_path))
    parses.clear()
    assert load_spec(path, cache).data == expected
    assert len(parses) == 1  # parsed again
    assert entry.read_bytes() == good  # and the entry replaced


def test_an_unwritable_cache_is_no_error(tmp_path: Path, parses: list[str]) -> None:
    path = write(tmp_path, SPEC_TEXT)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be\n")
    for cache in (blocker, blocker / "below"):
        assert load_spec(path, cache).title == "Index test"
    assert blocker.read_text() == "a file where the cache folder would be\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_cache_folder_is_no_error(tmp_path: Path) -> None:
    path, cache = write(tmp_path, SPEC_TEXT), tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert load_spec(path, cache).title == "Index test"
        assert entries(cache) == []
    finally:
        cache.chmod(0o700)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("spec.json", json.dumps(yaml.safe_load(SPEC_TEXT), default=str)),
        ("spec.yaml", SPEC_TEXT + "x-base: &b {a: 1}\nx-merged:\n  <<: *b\n"),  # a merge key
    ],
    ids=["JSON spec", "merge key"],
)
def test_only_yaml_that_json_holds_exactly_is_cached(tmp_path: Path, name: str, text: str) -> None:
    cache = tmp_path / "cache"
    load_spec(write(tmp_path, text, name), cache)
    assert entries(cache) == []


def test_a_number_key_is_its_text_and_cached(tmp_path: Path) -> None:
    """`200:` is the key "200", as JSON must write it: the data JSON holds exactly."""
    cache = tmp_path / "cache"
    path = write(tmp_path, SPEC_TEXT + "x-codes:\n  200: ok\n")
    assert load_spec(path, cache).data["x-codes"] == {"200": "ok"}
    assert len(entries(cache)) == 1
    assert load_spec(path, cache).data["x-codes"] == {"200": "ok"}


def test_invalid_specs_are_not_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for text in ("openapi: 2.0\n", "[1, 2]\n", "a: [1\n"):
        with pytest.raises(GeneratorError):
            load_spec(write(tmp_path, text), cache)
    assert entries(cache) == []


def test_an_entry_is_written_atomically_and_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache, entry = _entry(tmp_path)
    assert entry.stat().st_mode & 0o077 == 0 and cache.stat().st_mode & 0o077 == 0
    good = entry.read_bytes()

    def failing(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    entry.write_bytes(b"damaged")
    load_spec(path, cache)  # parses, fails to write: no error, no temporary file left
    assert entries(cache) == [entry.name] and entry.read_bytes() == b"damaged"
    monkeypatch.undo()
    load_spec(path, cache)
    assert entry.read_bytes() == good


def test_the_entries_used_last_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec_cache, "KEEP", 3)
    cache = tmp_path / "cache"
    shas = []
    for i in range(5):
        spec = load_spec(write(tmp_path, SPEC_TEXT + f"# {i}\n", f"s{i}.yaml"), cache)
        shas.append(spec.sha256)
        os.utime(cache / f"{spec.sha256}.json", (1000 + i, 1000 + i))  # in this order
    os.utime(cache / f"{shas[2]}.json", (999, 999))  # the oldest now...
    load_spec(tmp_path / "s2.yaml", cache)  # ... but used again
    load_spec(write(tmp_path, SPEC_TEXT + "# 5\n", "s5.yaml"), cache)
    kept = {name.removesuffix(".json") for name in entries(cache)}
    assert len(kept) == 3 and shas[2] in kept and shas[4] in kept and shas[0] not in kept


def test_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert spec_cache.default_dir() == tmp_path / "openai-dataclass-generator" / "specs"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for relative in ("", "relative/cache"):  # not absolute: ignored, as the XDG spec says
        monkeypatch.setenv("XDG_CACHE_HOME", relative)
        expected = tmp_path / "home" / ".cache" / "openai-dataclass-generator" / "specs"
        assert spec_cache.default_dir() == expected


def test_settings_turn_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    config = tmp_path / "pyproject.toml"
    section = "[tool.openai-dataclass-generator]\nroots = ['Session']\n"
    config.write_text(section)
    assert load_settings(config, {}).cache == spec_cache.default_dir()
    assert load_settings(config, {"cache": None}).cache == spec_cache.default_dir()
    assert load_settings(config, {"cache": False}).cache is None
    config.write_text(section + "cache = false\n")
    assert load_settings(config, {}).cache is None
    config.write_text(section + "cache = 'no'\n")
    with pytest.raises(GeneratorError, match="'cache' must be true or false"):
        load_settings(config, {})


def test_the_command_line_uses_the_cache_unless_told_not_to(tmp_path: Path) -> None:
    spec = write(tmp_path, SPEC_TEXT)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    cache = tmp_path / "xdg" / "openai-dataclass-generator" / "specs"

    def run(*extra: str) -> None:
        command = [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--no-config",
            "--spec",
            str(spec),
            "--root",
            "Session",
            "--out",
            str(tmp_path / "out"),
            *extra,
        ]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    run("--no-cache")
    assert entries(cache) == []
    run()
    assert len(entries(cache)) == 1
