"""Fill `spec/openapi.yaml` from the pinned upstream URL or a local copy, checking its sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import tomllib
from .errors import GeneratorError, Location


@dataclass(frozen=True)
class Pin:
    url: str
    commit: str
    sha256: str
    info_version: str


def read_pin(path: Path) -> Pin:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeneratorError("pin file not found", Location(str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        raise GeneratorError(f"invalid TOML: {exc}", Location(str(path))) from None
    try:
        return Pin(data["url"], data["commit"], data["sha256"], data["info_version"])
    except KeyError as exc:
        raise GeneratorError(f"pin file lacks {exc.args[0]!r}", Location(str(path))) from None


def fetch(pin: Pin, dest: Path, source: str | None) -> str:
    """Copy `source` (or download the pinned URL) to `dest` if its sha256 is the pinned one.
    Returns a sentence saying what was done."""
    if dest.is_file() and _sha256(dest.read_bytes()) == pin.sha256 and source is None:
        return f"{dest} is already the pinned spec ({pin.info_version}, {pin.commit[:7]})"
    if source:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise GeneratorError(
                f"cannot read spec source: {exc.strerror}", Location(source)
            ) from None
        origin = source
    else:
        import urllib.error  # imported here: only this path needs it
        import urllib.request

        try:
            with urllib.request.urlopen(pin.url, timeout=60) as response:  # noqa: S310 - pinned https URL
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise GeneratorError(
                f"cannot download the pinned spec ({exc}); pass a local copy with SPEC_SOURCE=path",
                Location(pin.url),
            ) from None
        origin = pin.url
    digest = _sha256(data)
    if digest != pin.sha256:
        raise GeneratorError(
            f"sha256 mismatch: got {digest}, the pin says {pin.sha256}; refusing to use it",
            Location(origin),
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".openapi.", dir=dest.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, dest)
    return f"{dest} filled from {origin} (sha256 verified, {pin.info_version}, {pin.commit[:7]})"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
