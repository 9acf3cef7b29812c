"""`update-spec`: one command moves the pin to a new spec, regenerates the configured package and
prints the change report; on any error the spec file, the pin and the package stay as they were.

The end-to-end cases run on a copy of a project (settings, pin with comments, spec, generated
package) moved from one history spec to the next."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator import cli
from generator.config import tomllib
from generator.errors import GeneratorError
from generator.spec_pin import Pin
from generator.update_spec import new_pin, rewrite_pin
from tests.conftest import HISTORY

OLD = HISTORY / "2026-05-13_5162af9.yaml"
NEW = HISTORY / "2026-08-21_13c6a94.yaml"
OLD_COMMIT = "5162af9" + "0" * 33  # the history files name short commits; the pin wants 40
NEW_COMMIT = "13c6a94" + "1" * 33
PIN_TEXT = """\
# Our pinned spec. Update with `make update-spec SOURCE=...`.
url = "https://raw.githubusercontent.com/openai/openai-openapi/{commit}/openapi.yaml"
commit = "{commit}"  # upstream commit
sha256 = "{sha256}"
# info.version says little: OpenAI rarely changes it.
info_version = "2.3.0"
"""
# Schemas that changed between the two history specs: `FunctionToolCallOutput.call_id` is no
# longer required; `Batch.errors.data` (class `BatchErrors`) refers to a new schema.
SETTINGS = """\
[tool.openai-dataclass-generator]
spec = "spec/openapi.yaml"
roots = ["FunctionToolCallOutput", "Batch", "RealtimeSession"]
out = "generated"
package = "models"
cache = false
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project pinned to OLD, with its package generated."""
    (tmp_path / "spec").mkdir()
    shutil.copyfile(OLD, tmp_path / "spec" / "openapi.yaml")
    pin = PIN_TEXT.format(commit=OLD_COMMIT, sha256=sha256(OLD))
    (tmp_path / "spec" / "pin.toml").write_text(pin, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    assert cli.main(["generate", "--config", str(tmp_path / "pyproject.toml")]) == 0
    return tmp_path


def state(root: Path) -> dict[str, bytes]:
    """Every file of the project, by path."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def update(root: Path, source: Path | str, *extra: str) -> int:
    argv = ["update-spec", str(source), "--config", str(root / "pyproject.toml")]
    return cli.main([*argv, "--pin", str(root / "spec" / "pin.toml"), *extra])


def test_update_moves_the_pin_regenerates_and_reports(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(project)
    capsys.readouterr()
    assert update(project, NEW, "--commit", NEW_COMMIT) == 0
    out = capsys.readouterr().out
    pin_text = (project / "spec" / "pin.toml").read_text(encoding="utf-8")
    # The pin: new values in place, every comment kept.
    assert pin_text == PIN_TEXT.format(commit=NEW_COMMIT, sha256=sha256(NEW))
    assert tomllib.loads(pin_text)["sha256"] == sha256(NEW)
    assert (project / "spec" / "openapi.yaml").read_bytes() == NEW.read_bytes()
    # The package: regenerated; `_meta.json` names the new spec and its commit.
    after = state(project)
    changed = {p for p in after if after[p] != before.get(p)}
    assert "generated/models/_meta.json" in changed
    assert "generated/models/function_tool_call_output.py" in changed
    assert "generated/models/realtime_session.py" not in changed  # unchanged schema, same bytes
    assert NEW_COMMIT in after["generated/models/_meta.json"].decode()
    # The report, as Markdown: what changed for the models, with verdicts.
    assert "### Model changes: 2.3.0 (commit 5162af9) -> 2.3.0 (commit 13c6a94)" in out
    row = next(
        line
        for line in out.splitlines()
        if "`FunctionToolCallOutput`" in line and "`call_id`" in line
    )
    assert "required removed" in row and "| **breaking** | ok |" in row
    row = next(line for line in out.splitlines() if "`BatchErrors`" in line)
    assert "type changed" in row and "`list[BatchError] \\| Unset`" in row


def test_refuses_what_is_not_openapi_and_changes_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(project)
    other = tmp_path / "not-openapi.yaml"
    other.write_text(
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert update(project, other) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "not-openapi.yaml" in err[0]
    other.unlink()
    assert state(project) == before  # no staged file left behind either


def test_an_error_while_generating_restores_the_spec_and_the_pin(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spec that lacks a configured root cannot be generated: nothing changes."""
    before = state(project)
    lacking = tmp_path / "lacking.yaml"
    text = NEW.read_text(encoding="utf-8").replace("    Batch:\n", "    Batchz:\n", 1)
    lacking.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert update(project, lacking) == 2
    assert "Batch" in capsys.readouterr().err
    lacking.unlink()
    assert state(project) == before


def test_the_same_spec_again_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(project)
    assert update(project, OLD) == 0
    assert "already pins this spec" in capsys.readouterr().out
    assert state(project) == before


OLD_PIN = Pin(
    url=f"https://raw.githubusercontent.com/openai/openai-openapi/{'a' * 40}/openapi.yaml",
    commit="a" * 40,
    sha256="0" * 64,
    info_version="2.3.0",
)


def test_the_new_pins_url_and_commit() -> None:
    b = "b" * 40
    # A commit given: the URL follows it.
    pin = new_pin(OLD_PIN, "local.yaml", b, "1" * 64, "2.4.0")
    assert pin == Pin(OLD_PIN.url.replace("a" * 40, b), b, "1" * 64, "2.4.0")
    # A raw GitHub URL names its commit.
    url = f"https://raw.githubusercontent.com/openai/openai-openapi/{b}/openapi.yaml"
    assert new_pin(OLD_PIN, url, None, "1" * 64, "2.4.0") == Pin(url, b, "1" * 64, "2.4.0")
    # A local file and no commit: neither is known (`make spec` then needs SPEC_SOURCE).
    assert new_pin(OLD_PIN, "local.yaml", None, "1" * 64, "2.4.0") == Pin("", "", "1" * 64, "2.4.0")
    with pytest.raises(GeneratorError, match="not a git commit"):
        new_pin(OLD_PIN, "local.yaml", "main", "1" * 64, "2.4.0")


def test_rewriting_the_pin_keeps_comments_and_order() -> None:
    text = "# top\ncommit = \"x\"  # why\n\nurl = 'u'\n# tail\n"
    pin = Pin("https://e/x", "c" * 40, "d" * 64, 'a "quoted" version')
    out = rewrite_pin(text, pin)
    assert out.splitlines()[:5] == [
        "# top",
        f'commit = "{"c" * 40}"  # why',
        "",
        'url = "https://e/x"',
        "# tail",
    ]
    assert tomllib.loads(out) == {
        "url": pin.url,
        "commit": pin.commit,
        "sha256": pin.sha256,
        "info_version": pin.info_version,
    }


def test_an_overlay_that_no_longer_applies_says_so_and_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errata are written for one spec: when the new spec lacks an action's target, the update
    is refused with what to do, and nothing changes. (NEW replaced the inline items of
    `Batch.errors.data` with a `$ref`.)"""
    overlay = project / "spec" / "errata.overlay.yaml"
    target = "$.components.schemas.Batch.properties.errors.properties.data.items.properties.code"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: Errata, version: 1.0.0}\nactions:\n"
        f"  - target: {target}\n    update: {{description: An erratum.}}\n",
        encoding="utf-8",
    )
    settings = project / "pyproject.toml"
    settings.write_text(SETTINGS + 'overlays = ["spec/errata.overlay.yaml"]\n', encoding="utf-8")
    assert cli.main(["generate", "--config", str(settings)]) == 0
    before = state(project)
    capsys.readouterr()
    assert update(project, NEW) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "errata.overlay.yaml" in err[0] and "--no-overlays" in err[0], err
    assert state(project) == before


def test_a_url_is_downloaded_and_names_the_commit(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Online, SOURCE is a URL: the spec is downloaded, the pin's URL is that URL and its commit
    the one a raw GitHub URL carries (here a local server with the same path shape)."""
    import http.server
    import threading

    commit = "c" * 40
    for name in ("no_proxy", "NO_PROXY"):  # a proxy of the machine's must not take localhost
        monkeypatch.setenv(name, "127.0.0.1")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path != f"/openai/openai-openapi/{commit}/openapi.yaml":
                self.send_error(404)
                return
            data = NEW.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - as named
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/openai/openai-openapi"
        capsys.readouterr()
        assert update(project, f"{base}/{commit}/openapi.yaml") == 0
        pin = tomllib.loads((project / "spec" / "pin.toml").read_text(encoding="utf-8"))
        assert pin == {
            "url": f"{base}/{commit}/openapi.yaml",
            "commit": commit,
            "sha256": sha256(NEW),
            "info_version": "2.3.0",
        }
        assert (project / "spec" / "openapi.yaml").read_bytes() == NEW.read_bytes()
        assert "-> 2.3.0 (commit ccccccc)" in capsys.readouterr().out
        # A URL that answers 404: one line, nothing changed.
        before = state(project)
        assert update(project, f"{base}/{'d' * 40}/openapi.yaml") == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "cannot download the new spec" in err[0] and "404" in err[0]
        assert state(project) == before
    finally:
        server.shutdown()
        server.server_close()
