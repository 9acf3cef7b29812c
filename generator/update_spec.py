"""`python -m generator update-spec SOURCE [--commit SHA]` (`make update-spec`): move the pin to
a new spec in one command.

It copies (or downloads) the new spec, checks that it is an OpenAPI document, computes its
sha256, reads `info.version`, rewrites `spec/pin.toml` (its comments kept), regenerates the
configured package and prints the change report against the previous pin. On any error the spec
file, the pin and the package stay as they were."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .config import Settings, tomllib
from .errors import GeneratorError, Location
from .spec_pin import Pin, read_pin

MAX_BYTES = 200 * 1024 * 1024  # the biggest spec we download (the OpenAI spec: about 3 MB)
_HEX = re.compile(r"[0-9a-f]{7,40}")
_URL_COMMIT = re.compile(r"/([0-9a-f]{40})/")


def read_source(source: str) -> bytes:
    """The bytes of a local file, or of an http(s) URL."""
    if not source.startswith(("https://", "http://")):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise GeneratorError(
                f"cannot read the new spec: {exc.strerror}", Location(source)
            ) from None
    import urllib.error  # imported here: only this path needs it
    import urllib.request

    try:
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - the user's URL
            data: bytes = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        raise GeneratorError(f"cannot download the new spec ({exc})", Location(source)) from None
    if len(data) > MAX_BYTES:
        raise GeneratorError(f"the download is larger than {MAX_BYTES} bytes", Location(source))
    return data


def new_pin(old: Pin, source: str, commit: str | None, sha256: str, version: str) -> Pin:
    """The pin of the new spec. Its commit: the one given, else the one in a raw GitHub URL,
    else unknown (""). Its URL: the source when it is a URL, else the old URL with the old
    commit replaced by the new one, else "" (then `make spec` needs SPEC_SOURCE)."""
    if commit is not None and not _HEX.fullmatch(commit):
        raise GeneratorError(f"--commit {commit!r} is not a git commit hash (7 to 40 hex digits)")
    is_url = source.startswith(("https://", "http://"))
    if commit is None and is_url:
        found = _URL_COMMIT.search(source)
        commit = found.group(1) if found else None
    if is_url:
        url = source
    elif commit and len(commit) == 40 and old.commit and old.commit in old.url:
        url = old.url.replace(old.commit, commit)
    else:
        url = ""
    return Pin(url=url, commit=commit or "", sha256=sha256, info_version=version)


def rewrite_pin(text: str, pin: Pin) -> str:
    """The pin file's text with the four values replaced in place; comments and the order of
    the lines are kept, and a missing key is appended."""
    for key in ("url", "commit", "sha256", "info_version"):
        value = json.dumps(getattr(pin, key))  # a TOML basic string (JSON escapes are TOML's)
        line = re.compile(rf"^([ \t]*{key}[ \t]*=[ \t]*)(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')", re.M)
        found = line.search(text)
        if found:
            text = text[: found.start(2)] + value + text[found.end(2) :]
        else:
            text = text + ("" if text.endswith("\n") or not text else "\n") + f"{key} = {value}\n"
    data = tomllib.loads(text)
    if any(data.get(k) != getattr(pin, k) for k in ("url", "commit", "sha256", "info_version")):
        raise GeneratorError("cannot rewrite the pin file in place: write it by hand")
    return text


def update(source: str, commit: str | None, pin_path: Path, settings: Settings) -> int:
    """Move the pin to `source` and regenerate; prints what it did and the change report."""
    from . import load, pipeline
    from .changes import compare, report
    from .changes.command import snapshot_of

    old = read_pin(pin_path)
    pin_text = pin_path.read_text(encoding="utf-8")
    data = read_source(source)
    dest = settings.spec
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, staged_name = tempfile.mkstemp(
        prefix=".openapi.new.", suffix=Path(dest).suffix, dir=dest.parent
    )
    staged = Path(staged_name)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    try:
        try:
            spec = load.load_spec(staged, settings.cache)  # refuses what is not OpenAPI 3.x
        except GeneratorError as exc:  # named after the source, not the staged copy
            where = exc.location
            if where is not None and where.file == str(staged):
                where = dataclasses.replace(where, file=source)
            raise GeneratorError(exc.message, where) from None
        pin = new_pin(old, source, commit, spec.sha256, spec.info_version)
        text = rewrite_pin(pin_text, pin)
        if spec.sha256 == old.sha256:
            print(
                f"{pin_path} already pins this spec ({old.info_version}, sha256 {old.sha256[:12]})"
            )
            return 0
        previous = _previous(dest, old, settings, snapshot_of)
        saved = dest.read_bytes() if dest.exists() else None
        os.replace(staged, dest)
        try:
            _replace(pin_path, text.encode("utf-8"))
            result = pipeline.generate(settings)
        except BaseException as exc:
            _replace(dest, saved)
            _replace(pin_path, pin_text.encode("utf-8"))
            if isinstance(exc, GeneratorError) and _from_overlay(exc, settings):
                raise GeneratorError(
                    f"{exc.message} (an overlay written for the previous spec; update it, e.g. "
                    "from `errata`'s proposal, or pass --no-overlays)",
                    exc.location,
                ) from None
            raise
    finally:
        staged.unlink(missing_ok=True)
    print(
        f"{pin_path}: {old.info_version} ({old.commit[:7] or old.sha256[:12]}) -> "
        f"{pin.info_version} ({pin.commit[:7] or pin.sha256[:12]}); {dest} replaced"
    )
    print(f"wrote {pipeline.output_dir(settings)}: {result.modules} modules")
    if previous is None:
        print(
            "no change report: neither the previous spec file nor the package's _meta.json was found"
        )
    elif result.snapshot is not None:
        outcome = compare.compare(previous[0], result.snapshot)
        new_id = {"spec_sha256": pin.sha256, "info_version": pin.info_version, "commit": pin.commit}
        sys.stdout.write("\n" + report.markdown(outcome, previous[1], new_id))
    return 0


def _previous(
    dest: Path, old: Pin, settings: Settings, snapshot_of: Any
) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The models of the previous pin: built from the previous spec file when it is the pinned
    one, else as stored in the package's `_meta.json`."""
    from . import pipeline

    identity = {"spec_sha256": old.sha256, "info_version": old.info_version, "commit": old.commit}
    if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == old.sha256:
        snap, _ = snapshot_of(dest, settings)
        return snap, identity
    meta = pipeline.read_meta(pipeline.output_dir(settings))
    if meta is not None and isinstance(meta.get("models"), dict):
        return meta["models"], identity
    return None


def _from_overlay(exc: GeneratorError, settings: Settings) -> bool:
    """Whether an error is about one of the overlays (an action whose target the new spec no
    longer has, say)."""
    where = exc.location.file if exc.location is not None else ""
    return any(str(o) == where for o in settings.overlays)


def _replace(path: Path, data: bytes | None) -> None:
    """Put `data` at `path` in one rename (None: no file there)."""
    if data is None:
        path.unlink(missing_ok=True)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
