"""Operations as roots (`--operation ID`, `--path 'METHOD /path'`, `operations`/`paths` in the
settings, `--all`): what is selected, how it is named, what is refused, and a user's session
with the pinned spec (the golden case `operations` holds the generated code of each construct,
and exercises it: tests/test_golden.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from generator import build, cli, naming
from generator.load import load_spec
from tests.conftest import ROOT
from tests.golden_update import GOLDEN

GOLDEN_SPEC = GOLDEN / "operations" / "spec.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def generate(out: Path, *selection: str, spec: Path = GOLDEN_SPEC) -> None:
    args = ["generate", "--no-config", "--spec", str(spec), "--out", str(out)]
    assert cli.main([*args, "--package", "ops", *selection]) == 0


def run_in(out: Path, code: str) -> None:
    """Run `code` in a fresh interpreter that imports from `out` (the generated `ops`)."""
    script = f"import sys; sys.path.insert(0, {str(out)!r})\n" + code
    result = subprocess.run(
        [sys.executable, "-I", "-B", "-c", script],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


# -- selection and refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (["--operation", "getThings"], "unknown operation 'getThings'; did you mean getThing?"),
        (["--path", "GET /thing"], "unknown path 'GET /thing'; did you mean GET /things"),
        (["--path", "DELETE /things"], "unknown path 'DELETE /things'"),
        (["--path", "/things"], "path '/things' is not 'METHOD /path'"),
    ],
)
def test_an_unknown_or_malformed_operation_is_refused_in_one_line(
    selection: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "generate", "--no-config", "--spec", str(GOLDEN_SPEC),
        "--out", str(tmp_path), *selection,
    )  # fmt: skip
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert message in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_settings_select_operations_by_id_and_by_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.openai-dataclass-generator]\n"
        f"spec = {str(GOLDEN_SPEC)!r}\n"
        'operations = ["getThing"]\npaths = ["GET /things"]\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "generate", "--config", str(config), "--package", "ops")
    assert code == 0, err
    meta = json.loads((tmp_path / "generated" / "ops" / "_meta.json").read_text())
    assert meta["operations"] == {
        "GET /things": "GET /things",
        "GET /things/{thing_id}": "getThing",
    }
    assert meta["roots"] == []
    # (a wrong type of either key is refused as any setting is: tests/test_settings.py)


def test_nothing_selected_names_every_way_to_select(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "--no-config", "--spec", str(GOLDEN_SPEC))
    assert code == 2
    assert "--root NAME, --operation ID, --path 'METHOD /path' (or --all)" in err


def test_an_operation_named_twice_and_by_path_is_generated_once(tmp_path: Path) -> None:
    generate(tmp_path, "--operation", "getThing", "--path", "get  /things/{thing_id}")
    meta = json.loads((tmp_path / "ops" / "_meta.json").read_text())
    assert meta["operations"] == {"GET /things/{thing_id}": "getThing"}


# -- names ------------------------------------------------------------------------------------


def test_names_do_not_depend_on_what_else_is_selected(tmp_path: Path) -> None:
    """An operation's module is the same generated alone, with others, or in another order."""
    generate(tmp_path / "alone", "--operation", "getThing")
    generate(
        tmp_path / "all", "--path", "GET /things", "--operation", "uploadPicture",
        "--operation", "create-thing", "--operation", "getThing",
    )  # fmt: skip
    module = "get_thing_operation.py"
    alone = (tmp_path / "alone" / "ops" / module).read_text()
    assert alone == (tmp_path / "all" / "ops" / module).read_text()
    assert "class GetThingParams(" in alone and "GET_THING: Final = _op.Operation(" in alone


def test_selecting_operations_never_renames_a_schema(spec_path: Path) -> None:
    """Operation definitions are named after every schema's: the whole spec's schema names are
    the same with and without all its operations (some operation names take a suffix instead,
    each reported)."""
    spec = load_spec(spec_path)
    plain = naming.assign(build.Builder(spec).build([], everything=True))
    model = build.Builder(load_spec(spec_path)).build([], everything=True, all_operations=True)
    names = naming.assign(model)
    assert {p: names.of[p] for p in plain.of} == plain.of
    assert {c: names.module[c] for c in plain.module} == plain.module
    consts = list(names.const.values())
    assert len(consts) == len(set(consts)) == len(model.operations)
    # Where an operation's wanted name is a schema's, the note says so.
    taken = [n for n in names.reports if "is taken: named" in n and "Body" in n]
    assert all(n.split("'")[1] in plain.of.values() for n in taken)


def test_a_parameter_name_used_in_two_locations_gets_two_fields(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(
            """\
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /items/{id}:
                get:
                  operationId: getItem
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: id, in: query, schema: {type: integer}}
                  responses:
                    '200': {description: OK}
            """
        ),
        encoding="utf-8",
    )
    generate(tmp_path / "out", "--operation", "getItem", spec=spec)
    run_in(
        tmp_path / "out",
        """
import ops
p = ops.GetItemParams.from_dict({"id": "a", "query.id": 3})
r = ops.GET_ITEM.request(p)
assert (r.path, r.query) == ("/items/a", (("id", "3"),)), r
assert [(x.key, x.name, x.location) for x in ops.GET_ITEM.parameters] == [
    ("id", "id", "path"), ("query.id", "id", "query")]
""",
    )


def test_a_forms_part_types_come_from_its_encoding_and_a_bad_one_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `multipart/form-data` body's `encoding` gives its parts' content types (the first of
    a list); one that is not a line of text would be a header of the part, so it is left out,
    and the run says so. Other media types have no parts."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(
            """\
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /calls:
                post:
                  operationId: createCall
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            sdp: {type: string}
                            image: {type: string, format: binary}
                            odd: {type: string}
                            none: {type: string}
                        encoding:
                          sdp: {contentType: application/sdp}
                          image: {contentType: 'image/png, image/jpeg'}
                          odd: {contentType: "text/plain\\r\\nX-Injected: 1"}
                          none: {headers: {}}
                      application/x-www-form-urlencoded:
                        schema: {type: object, properties: {sdp: {type: string}}}
                        encoding:
                          sdp: {contentType: application/sdp}
                  responses:
                    '200': {description: OK}
            """
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "generate", "--no-config", "--spec", str(spec), "--out", str(tmp_path / "out"),
        "--package", "ops", "--operation", "createCall",
    )  # fmt: skip
    assert code == 0, err
    where = "#/paths/~1calls/post/requestBody/content/multipart~1form-data/encoding/odd/contentType"
    assert f"{where}: not a content type; the part is sent without it" in out + err
    run_in(
        tmp_path / "out",
        """
import ops
form, urlencoded = ops.CREATE_CALL.bodies
assert dict(form.part_types) == {"sdp": "application/sdp", "image": "image/png"}, form
assert dict(urlencoded.part_types) == {}
""",
    )


FORMS_SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /files:
    post:
      operationId: upload
      parameters:
        - {name: include, in: query, schema: {type: array, items: {type: string}}}
        - {name: metadata, in: query, schema: {type: object, additionalProperties: {type: string}}}
        - name: filter
          in: query
          style: deepObject
          explode: true
          schema: {type: object, properties: {gt: {type: integer}}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: 'tags[]', in: query, schema: {type: array, items: {type: string}}}
        - {name: after, in: query, schema: {type: [string, 'null']}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                model: {type: string}
                granularities: {type: array, items: {type: string}}
                images: {type: array, items: {type: string, format: binary}}
                clips: {type: array, items: {type: string, format: binary}}
                chunking:
                  type: object
                  properties:
                    type: {type: string}
                    ms: {type: integer}
                    stops: {type: array, items: {type: string}}
                    note: {type: [string, 'null']}
                session: {type: [object, 'null'], properties: {voice: {type: string}}}
                prompt: {type: [string, 'null']}
            encoding:
              session: {contentType: application/json}
              clips: {contentType: audio/wav}
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                labels: {type: array, items: {type: string}}
                meta: {type: object, additionalProperties: {type: string}}
                name: {type: string}
      responses:
        '200': {description: OK}
"""

FORMS_SCRIPT = """
import dataclasses, email, email.policy
from ops import UPLOAD, FileUpload, UploadBody, UploadBodyXWwwFormUrlencoded, UploadParams
from ops._operations import BRACKET_NAMES
assert BRACKET_NAMES is {brackets}
params = UploadParams.from_dict({{"include": ["a", "b"], "metadata": {{"k": "v", "x": "y"}},
    "filter": {{"gt": 5}}, "ids": ["1", "2"], "tags[]": ["t"], "after": None}})
form = UploadBody.from_dict({{"model": "m", "granularities": ["word", "segment"],
    "images": [FileUpload(b"1", "a.png"), FileUpload(b"2", "b.png")],
    "clips": [FileUpload(b"3", "c.wav")],
    "chunking": {{"type": "server_vad", "ms": 300, "stops": ["x", "y"], "note": None}},
    "session": None, "prompt": None}})
def parts(request):
    message = email.message_from_bytes(b"Content-Type: " + request.content_type().encode()
        + b"\\r\\n\\r\\n" + request.content(), policy=email.policy.HTTP)
    return [(p.get_param("name", header="content-disposition"), p.get_filename(),
             p.get("content-type"), p.get_payload(decode=True)) for p in message.iter_parts()]
request = UPLOAD.request(params, form, validate=True)
assert request.bracket_names is {brackets}
assert list(request.query) == {query}, request.query
assert parts(request) == {parts}, parts(request)
urlencoded = UploadBodyXWwwFormUrlencoded.from_dict({{"labels": ["a", "b"], "meta": {{"k": "v"}}, "name": "n"}})
request = UPLOAD.request(None, urlencoded, media_type="application/x-www-form-urlencoded")
assert request.content() == {urlencoded}, request.content()
# the Request's own field decides, whatever the setting was
other = dataclasses.replace(request, bracket_names=not {brackets})
assert other.content() != request.content()
"""

OCTET = "application/octet-stream"


@pytest.mark.parametrize(
    ("brackets", "query", "parts", "urlencoded"),
    [
        pytest.param(
            True,
            [("include[]", "a"), ("include[]", "b"), ("metadata[k]", "v"), ("metadata[x]", "y"),
             ("filter[gt]", "5"), ("ids", "1,2"), ("tags[]", "t")],
            [("model", None, None, b"m"),
             ("granularities[]", None, None, b"word"), ("granularities[]", None, None, b"segment"),
             ("images[]", "a.png", OCTET, b"1"), ("images[]", "b.png", OCTET, b"2"),
             ("clips[]", "c.wav", "audio/wav", b"3"),
             ("chunking[type]", None, None, b"server_vad"), ("chunking[ms]", None, None, b"300"),
             ("chunking[stops][]", None, None, b"x"), ("chunking[stops][]", None, None, b"y"),
             ("session", None, "application/json", b"null")],
            b"labels%5B%5D=a&labels%5B%5D=b&meta%5Bk%5D=v&name=n",
            id="bracket-names",
        ),
        pytest.param(
            False,
            [("include", "a"), ("include", "b"), ("k", "v"), ("x", "y"), ("filter[gt]", "5"),
             ("ids", "1,2"), ("tags[]", "t"), ("after", "")],
            [("model", None, None, b"m"),
             ("granularities", None, None, b"word"), ("granularities", None, None, b"segment"),
             ("images", "a.png", OCTET, b"1"), ("images", "b.png", OCTET, b"2"),
             ("clips", "c.wav", "audio/wav", b"3"),
             ("chunking", None, "application/json",
              b'{"type":"server_vad","ms":300,"stops":["x","y"],"note":null}'),
             ("session", None, "application/json", b"null"), ("prompt", None, None, b"")],
            b"labels=a&labels=b&k=v&name=n",
            id="openapi-defaults",
        ),
    ],
)  # fmt: skip
def test_arrays_and_objects_in_query_strings_and_forms_are_named_as_the_setting_says(
    tmp_path: Path,
    brackets: bool,
    query: list[tuple[str, str]],
    parts: list[tuple[str, str | None, str | None, bytes]],
    urlencoded: bytes,
) -> None:
    """`bracket_names` (`--bracket-names`): `name[]` for a list's items and `name[key]` for an
    object's properties, nested alike, nulls left out, in query strings and in forms, as the
    OpenAI API reads them; without it, OpenAPI's defaults (a repeated name, an object's own
    pairs in a query or URL-encoded form, a JSON part in a multipart one). Either way a
    parameter of another style, a name the spec gives with `[]`, and a field whose `encoding`
    gives a content type (a JSON part, each item a part of that type) are written as the spec
    says, and a null of a JSON part is `null`."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(FORMS_SPEC, encoding="utf-8")
    flag = "--bracket-names" if brackets else "--no-bracket-names"
    generate(tmp_path / "out", "--operation", "upload", flag, spec=spec)
    script = FORMS_SCRIPT.format(brackets=brackets, query=query, parts=parts, urlencoded=urlencoded)
    run_in(tmp_path / "out", script)


def test_bracket_names_is_a_setting(tmp_path: Path) -> None:
    """`bracket_names = true` in the settings file does what `--bracket-names` does, and the
    command line overrides it."""
    (tmp_path / "spec.yaml").write_text(FORMS_SPEC, encoding="utf-8")
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.openai-dataclass-generator]\nspec = "spec.yaml"\noperations = ["upload"]\n'
        'package = "ops"\nbracket_names = true\n',
        encoding="utf-8",
    )
    assert cli.main(["generate", "--config", str(config), "-q"]) == 0
    code = (tmp_path / "generated" / "ops" / "_operations.py").read_text(encoding="utf-8")
    assert "\nBRACKET_NAMES: Final = True\n" in code
    args = ["generate", "--config", str(config), "--no-bracket-names", "-q"]
    assert cli.main(args) == 0
    code = (tmp_path / "generated" / "ops" / "_operations.py").read_text(encoding="utf-8")
    assert "\nBRACKET_NAMES: Final = False\n" in code


OPENAI_FORMS = """
import re
from openai_ops import (CREATE_FILE, CREATE_TRANSCRIPTION, GET_CERTIFICATE,
    LIST_PAGINATED_FINE_TUNING_JOBS, CreateFileRequest, CreateTranscriptionRequest, FileUpload,
    GetCertificateParams, ListPaginatedFineTuningJobsParams)
from openai_ops._operations import BRACKET_NAMES
assert BRACKET_NAMES is True  # this project's setting
def names(request):
    return re.findall(rb'; name="([^"]*)"', request.content())
transcription = CreateTranscriptionRequest.from_dict({{"file": FileUpload(b"RIFF", "a.wav"),
    "model": "gpt-4o-transcribe", "response_format": "verbose_json", "include": ["logprobs"],
    "timestamp_granularities": ["word", "segment"], "known_speaker_names": ["agent"],
    "known_speaker_references": ["data:audio/wav;base64,AAA"],
    "chunking_strategy": {{"type": "server_vad", "prefix_padding_ms": 300}}}})
sent = names(CREATE_TRANSCRIPTION.request(body=transcription, validate=True))
assert sent.count(b"timestamp_granularities[]") == 2 and b"chunking_strategy[type]" in sent, sent
file = CreateFileRequest.from_dict({{"file": FileUpload(b"{{}}", "a.jsonl"), "purpose": "batch",
    "expires_after": {{"anchor": "created_at", "seconds": 2592000}}}})
sent += names(CREATE_FILE.request(body=file, validate=True))
examples = {examples!r}
assert examples and {{e.encode() for e in examples}} <= set(sent), (examples, sent)
query = GET_CERTIFICATE.request(GetCertificateParams(certificate_id="cert_abc", include=["content"])).query
assert query == (("include[]", "content"),), query
query = LIST_PAGINATED_FINE_TUNING_JOBS.request(
    ListPaginatedFineTuningJobsParams(limit=2, metadata={{"key": "value"}})).query
assert query == (("limit", "2"), ("metadata[key]", "value")), query
"""


def test_openai_forms_and_queries_name_arrays_and_objects_as_the_specs_own_examples(
    spec_path: Path, tmp_path: Path
) -> None:
    """The OpenAI API reads `name[]` and `name[key]` (its SDK writes them; with a bare name it
    keeps only the last of an array's values). The spec's `style`s do not say so; its curl
    examples and descriptions do (`-F "timestamp_granularities[]=word"`,
    `-F expires_after[anchor]=...`, `?include[]=content`, `metadata[k]=v`). With this
    project's settings (`bracket_names = true`) the requests name them so: every bracketed
    name of the forms' examples is a part our requests send."""
    code = cli.main(
        [
            "generate", "--config", str(ROOT / "pyproject.toml"), "--spec", str(spec_path),
            "--out", str(tmp_path), "--package", "openai_ops", "-q",
            "--operation", "createTranscription", "--operation", "createFile",
            "--operation", "getCertificate", "--operation", "listPaginatedFineTuningJobs",
        ]
    )  # fmt: skip
    assert code == 0
    paths = load_spec(spec_path).data["paths"]
    curl = json.dumps(
        [paths["/audio/transcriptions"]["post"]["x-oaiMeta"], paths["/files"]["post"]["x-oaiMeta"]]
    )
    examples = sorted(set(re.findall(r"-F\s+(?:\\\"|')?(\w+\[[\w\[\]]*\])=", curl)))
    assert "expires_after[anchor]" in examples and "timestamp_granularities[]" in examples
    run_in(tmp_path, OPENAI_FORMS.format(examples=examples))


# -- the pinned spec: what a user does --------------------------------------------------------

USER_SESSION = """
import json, sys, warnings
sys.path.insert(0, {out!r})
from openai_ops import (
    CREATE_REALTIME_SESSION, CREATE_RESPONSE, CreateResponse, CreateResponseBody, ErrorResponse,
    RealtimeSessionCreateRequest, RealtimeSessionCreateRequestClientSecret,
    RealtimeSessionCreateResponse, parse_create_response_event200,
)

# createResponse: build the request from the models.
body: CreateResponseBody = CreateResponse(model="gpt-4.1", input="Say hi", stream=True)
request = CREATE_RESPONSE.request(body=body)
assert (request.method, request.path, request.media_type) == ("POST", "/responses", "application/json")
assert json.loads(request.content()) == {{"model": "gpt-4.1", "input": "Say hi", "stream": True}}
assert request.url("https://api.openai.com/v1") == "https://api.openai.com/v1/responses"
# ... and read its stream: every event example of the spec, typed by the event union.
# (tolerant parsing reads the stale ones; it rejects the few tests/spec_examples.yaml says)
from openai_ops import ValidationError
events, rejected = json.loads({events!r}), set(json.loads({rejected!r}))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # stale examples: tolerant parsing keeps and warns
    for name, data in events:
        try:
            event = CREATE_RESPONSE.parse_event(200, data, strict=False)
        except ValidationError:
            assert name in rejected, name
            continue
        assert name not in rejected, name
        assert type(event).__name__ == name, (name, type(event).__name__)
# ... and as a server sends them: one SSE stream of the events that parse strictly, read in
# 5-byte chunks by the runtime's reader through the operation's event union.
def valid(data):
    try:
        CREATE_RESPONSE.parse_event(200, data)
    except ValidationError:
        return False
    return True
strict = [(n, d) for n, d in events if valid(d)]
wire = "".join(f"event: {{d['type']}}\\ndata: {{json.dumps(d)}}\\n\\n" for _, d in strict).encode()
chunks = [wire[i:i + 5] for i in range(0, len(wire), 5)]
assert [type(e).__name__ for e in CREATE_RESPONSE.iter_events(200, chunks)] == [n for n, _ in strict]
assert strict and [e.to_dict() for e in CREATE_RESPONSE.iter_events(200, chunks)] == [d for _, d in strict]
typed = parse_create_response_event200(
    {{"type": "response.output_text.delta", "item_id": "i", "output_index": 0,
      "content_index": 0, "delta": "Hi", "sequence_number": 1, "logprobs": []}})
assert type(typed).__name__ == "ResponseTextDeltaEvent" and typed.delta == "Hi"
error = CREATE_RESPONSE.parse_response(429, {{"error": {{"message": "slow down", "type": "rate",
                                                          "param": None, "code": None}}}})
assert isinstance(error, ErrorResponse) and error.error.message == "slow down"

# create-realtime-session: the same, and its response example.
secret = RealtimeSessionCreateRequestClientSecret(value="ek_1", expires_at=1)
session = RealtimeSessionCreateRequest(client_secret=secret, instructions="Be kind.", speed=1.1)
request = CREATE_REALTIME_SESSION.request(body=session)
assert (request.method, request.path) == ("POST", "/realtime/sessions")
assert json.loads(request.content()) == session.to_dict()
example = json.loads({response!r})
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the example predates the GA schema: tolerant parsing
    response = CREATE_REALTIME_SESSION.parse_response(200, example, strict=False)
assert isinstance(response, RealtimeSessionCreateResponse) and response.id == "sess_001"
assert response.to_dict() == example  # what the schema does not declare is kept
assert response.extra_fields["client_secret"] == {{"value": "ek_abc123", "expires_at": 1234567890}}
print("ok")
"""


def test_a_user_generates_create_response_and_create_realtime_session_by_id(
    spec_path: Path, tmp_path: Path
) -> None:
    """The issue's "done when": both operations by id (with this project's settings: the
    errata overlay), the request built from the models, the streamed events read typed."""
    code = cli.main(
        [
            "generate", "--config", str(ROOT / "pyproject.toml"), "--spec", str(spec_path),
            "--out", str(tmp_path), "--package", "openai_ops",
            "--operation", "createResponse", "--operation", "create-realtime-session",
        ]
    )  # fmt: skip
    assert code == 0
    data = load_spec(spec_path).data
    schemas = data["components"]["schemas"]
    events = []
    for member in schemas["ResponseStreamEvent"]["anyOf"]:
        name = member["$ref"].rsplit("/", 1)[1]
        example = schemas[name].get("x-oaiMeta", {}).get("example")
        try:
            events.append([name, json.loads(example)])
        except (TypeError, ValueError):
            continue  # no example, or not JSON
    assert len(events) >= len(schemas["ResponseStreamEvent"]["anyOf"]) // 2
    table = yaml.safe_load((ROOT / "tests" / "spec_examples.yaml").read_text(encoding="utf-8"))
    rejected = [
        name
        for name, _ in events
        if table.get(f"/components/schemas/{name}/x-oaiMeta/example", {}).get("tolerant")
        == "rejected"
    ]
    op = data["paths"]["/realtime/sessions"]["post"]
    script = USER_SESSION.format(
        out=str(tmp_path),
        events=json.dumps(events),
        rejected=json.dumps(rejected),
        response=op["x-oaiMeta"]["examples"]["response"],
    )
    result = subprocess.run(
        [sys.executable, "-I", "-B", "-c", script],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr[-3000:]


USER_TYPED = """
from golden_operations import (
    CREATE_THING, GET_THING, UPLOAD_PICTURE, CreateThingBody, FileUpload, GetThingParams,
    ThingCreated, ThingDeleted, UploadPictureBody, UploadPictureParams,
    parse_create_thing_response200, parse_get_things_event200,
)
from golden_operations._operations import Request

request: Request = GET_THING.request(GetThingParams(thing_id="t", limit=3))
url: str = request.url("https://h")
body: bytes | None = CREATE_THING.request(body=CreateThingBody(name="n")).content()
upload = UploadPictureBody(file=FileUpload(b"...", "a.png"), thumbnails=[FileUpload(b"."), "s"])
form = UPLOAD_PICTURE.request(UploadPictureParams(thing_id="t"), upload)
header: str | None = form.content_type()
event = parse_get_things_event200({"type": "thing.deleted", "id": "1"})
if isinstance(event, ThingDeleted):
    deleted: str = event.id
elif isinstance(event, ThingCreated):
    name: str = event.thing.name
reveal_type(parse_create_thing_response200)
GetThingParams(thing_id=1, limit=3)  # wrong: an int for a string
"""


def test_a_users_code_type_checks_against_the_operation_models(tmp_path: Path) -> None:
    """mypy --strict reads the models and descriptors as typed: the event union narrows by
    isinstance, a response's union is spelled out, a wrong argument is an error."""
    script = tmp_path / "user.py"
    script.write_text(USER_TYPED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", str(tmp_path / "cache"), str(script)],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300,
        env={"MYPYPATH": str(GOLDEN / "operations" / "expected"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout + result.stderr
    assert 'Revealed type is "def (data: object, *, strict: bool =) ->' in lines[0]
    assert "golden_operations.thing.Thing | golden_operations.thing_draft.ThingDraft" in lines[0]
    assert 'Argument "thing_id" to "GetThingParams" has incompatible type "int"' in lines[1]
