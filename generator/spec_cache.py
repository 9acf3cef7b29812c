"""A cache of parsed YAML specs, keyed by the sha256 of the spec file's bytes (and of the other
files its schemas refer to, listed in the entry).

Parsing the 3 MB OpenAI spec takes about 0.2 s; reading its cached JSON, about 0.02 s. Entries
live in the user's cache folder, `$XDG_CACHE_HOME/openai-dataclass-generator/specs/` (by
default `~/.cache/...`), as `<sha256>.json`: never beside the spec (whose folder may be
read-only, shared or under version control). An entry is one line of JSON naming the format,
the spec's sha256, the sha256 of the rest and the other files read (with the sha256 of each),
then the data as JSON. It is written to a temporary file and renamed into place, so a reader
sees a whole entry or none; an entry that is unreadable, corrupt, of another format or for
another spec, or made from other files whose bytes have changed since, is ignored (and
replaced by the next write). Only data that JSON holds exactly is cached (see
`yaml_data.parse`), so a cached spec reads as the same data as a parsed one. The cache keeps
the `KEEP` entries used last.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "KEEP", "Entry", "default_dir", "read", "write"]

# Names the parse the data came from: change it whenever `yaml_data` would parse a text into
# other data (or `bundle` bundle it otherwise), so that no entry written before is read.
FORMAT = "openai-dataclass-generator parsed spec 3"
KEEP = 8


def default_dir() -> Path | None:
    """The cache folder: `$XDG_CACHE_HOME` (when it is an absolute path, as the XDG spec asks)
    or `~/.cache`, then `openai-dataclass-generator/specs`; None without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "openai-dataclass-generator" / "specs"


@dataclass
class Entry:
    """A cached spec: its data (with the schemas of the other files it refers to bundled in,
    see `bundle`), those files (path relative to the spec's folder -> sha256 of their bytes)
    and where each bundled schema came from (`bundle.Bundle.origins`)."""

    data: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)


def read(folder: Path, sha256: str, base: Path | None = None) -> Entry | None:
    """The entry cached for the spec whose bytes have this sha256, or None. `base`: the spec's
    folder, where the other files the entry was made from must still have the same bytes."""
    path = folder / f"{sha256}.json"
    try:
        raw = path.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if (
            header.get("format") != FORMAT
            or header.get("spec_sha256") != sha256
            or header.get("data_sha256") != hashlib.sha256(body).hexdigest()
        ):
            return None
        files = header.get("files", {})
        origins = header.get("origins", {})
        for name, digest in files.items():  # the other files: their bytes are part of the key
            if base is None or hashlib.sha256((base / name).read_bytes()).hexdigest() != digest:
                return None
        data = json.loads(body)
        os.utime(path)  # used: kept longer (see `_prune`)
        entry = Entry(data, dict(files), {k: (str(f), str(p)) for k, (f, p) in origins.items()})
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):
        return None
    return entry if isinstance(data, dict) and isinstance(files, dict) else None


def write(folder: Path, sha256: str, entry: Entry) -> None:
    """Cache an entry for the spec whose bytes have this sha256; quietly nothing when the
    folder cannot be written."""
    try:
        body = json.dumps(entry.data, separators=(",", ":")).encode("ascii")
        header = {
            "format": FORMAT,
            "spec_sha256": sha256,
            "data_sha256": hashlib.sha256(body).hexdigest(),
            "files": entry.files,
            "origins": entry.origins,
        }
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{sha256}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(header).encode("ascii") + b"\n" + body)
            os.replace(temporary, folder / f"{sha256}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(folder)
    except (OSError, ValueError):
        pass


def _prune(folder: Path) -> None:
    """Remove all but the `KEEP` entries used last."""
    entries = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
