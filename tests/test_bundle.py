"""The load stage, multi-file specs (`generator/bundle.py`): a `$ref` to another local file
(`other.yaml#/components/schemas/X`, `./schemas/pet.yaml`) brings that schema into the spec's
components under a name of its own, and its references are made local; URLs are refused and
never fetched; the cache of parsed specs covers the other files' bytes."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import build, ir, yaml_data
from generator.errors import GeneratorError
from generator.load import load_spec

SCHEMAS = "#/components/schemas/"


def spec_text(schemas: dict[str, Any]) -> str:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    return yaml.safe_dump(document, sort_keys=False)


def files(tmp_path: Path, tree: dict[str, Any]) -> Path:
    """Write `tree` (relative path -> YAML data, or text) below tmp_path; the spec is
    `spec.yaml`'s data given as its schemas."""
    for name, content in tree.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("spec.yaml"):
            content = spec_text(content)
        elif not isinstance(content, str):
            content = yaml.safe_dump(content, sort_keys=False)
        path.write_text(content, encoding="utf-8")
    return tmp_path / "spec.yaml"


def ref(target: str) -> dict[str, str]:
    return {"$ref": target}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


PET_TREE: dict[str, Any] = {
    "spec.yaml": {
        "Order": obj(
            pet=ref("./schemas/pet.yaml"),
            error=ref("common.yaml#/components/schemas/Error"),
            tag=ref("common.yaml#/components/schemas/Tag/properties/name"),
        ),
        "Error": obj(local={"type": "boolean"}),
        "Status": {"type": "string", "enum": ["sold"]},
    },
    "schemas/pet.yaml": obj(
        status=ref("../spec.yaml#/components/schemas/Status"),
        owner=ref("../shared/owner.yaml#/$defs/Owner"),
        friends={"type": "array", "items": ref("#")},
    ),
    "common.yaml": {
        "components": {
            "schemas": {
                "Error": obj(detail=ref("#/components/schemas/Detail")),
                "Detail": {"type": "string"},
                "Tag": obj(name={"type": "string"}),
            }
        }
    },
    "shared/owner.yaml": {
        "$defs": {"Owner": obj(pets={"type": "array", "items": ref("../schemas/pet.yaml")})}
    },
}


def test_the_schemas_of_other_files_join_the_components(tmp_path: Path) -> None:
    spec = load_spec(files(tmp_path, PET_TREE))
    schemas = spec.schemas
    assert list(schemas) == [
        "Order",
        "Error",
        "Status",
        "CommonError",
        "Detail",
        "Owner",
        "Pet",
        "Tag",
    ]
    # A whole file is named after its stem; a component after its name, or, when that clashes
    # with the spec's own, after its file as well.
    assert schemas["Order"]["properties"] == {
        "pet": ref(SCHEMAS + "Pet"),
        "error": ref(SCHEMAS + "CommonError"),
        "tag": ref(SCHEMAS + "Tag/properties/name"),  # into the copy of the component
    }
    # The copies' references: back into the spec, to further files (relative to the file that
    # holds them), within their own file, and to the whole file itself.
    assert schemas["Pet"]["properties"] == {
        "status": ref(SCHEMAS + "Status"),
        "owner": ref(SCHEMAS + "Owner"),
        "friends": {"type": "array", "items": ref(SCHEMAS + "Pet")},
    }
    assert schemas["CommonError"]["properties"] == {"detail": ref(SCHEMAS + "Detail")}
    assert schemas["Owner"]["properties"]["pets"]["items"] == ref(SCHEMAS + "Pet")
    assert sorted(spec.files) == ["common.yaml", "schemas/pet.yaml", "shared/owner.yaml"]
    assert spec.origins["CommonError"] == (
        str(tmp_path / "common.yaml"),
        "#/components/schemas/Error",
    )
    assert spec.origins["Pet"] == (str(tmp_path / "schemas" / "pet.yaml"), "#")


def test_the_model_is_built_from_every_file(tmp_path: Path) -> None:
    spec = load_spec(files(tmp_path, PET_TREE))
    model = build.Builder(spec).build(["Order"])
    assert sorted(model.components) == [
        "CommonError",
        "Detail",
        "Order",
        "Owner",
        "Pet",
        "Status",
        "Tag",
    ]
    order = model.by_pointer()[SCHEMAS + "Order"]
    assert isinstance(order, ir.ClassDef)
    assert [f.type for f in order.fields] == [
        ir.RefType(SCHEMAS + "Pet"),
        ir.RefType(SCHEMAS + "CommonError"),
        ir.Primitive("string"),
    ]


def test_names_that_clash_between_files_all_take_their_file_path(tmp_path: Path) -> None:
    tree = {
        "spec.yaml": {
            "S": obj(a=ref("a/thing.yaml#/$defs/Item"), b=ref("b/thing.yaml#/$defs/Item"))
        },
        "a/thing.yaml": {"$defs": {"Item": {"type": "string"}}},
        "b/thing.yaml": {"$defs": {"Item": {"type": "integer"}}},
    }
    schemas = load_spec(files(tmp_path, tree)).schemas
    assert schemas["S"]["properties"] == {
        "a": ref(SCHEMAS + "AThingItem"),
        "b": ref(SCHEMAS + "BThingItem"),
    }
    assert "Item" not in schemas


def test_a_file_outside_the_spec_folder_is_read(tmp_path: Path) -> None:
    tree = {
        "api/spec.yaml": {"S": obj(shared=ref("../shared.yaml"))},
        "shared.yaml": {"type": "string", "maxLength": 3},
    }
    files(tmp_path, tree)
    spec = load_spec(tmp_path / "api" / "spec.yaml")
    assert spec.schemas["Shared"] == {"type": "string", "maxLength": 3}
    assert dict(spec.files) == {"../shared.yaml": spec.files["../shared.yaml"]}


def test_a_reference_is_a_uri_reference(tmp_path: Path) -> None:
    tree = {
        "spec.yaml": {"S": obj(a=ref("my%20types.yaml#/$defs/A"))},
        "my types.yaml": {"$defs": {"A": {"type": "integer"}}},
    }
    spec = load_spec(files(tmp_path, tree))
    assert spec.schemas["A"] == {"type": "integer"} and list(spec.files) == ["my types.yaml"]


def test_discriminator_mappings_that_name_files_are_rewritten(tmp_path: Path) -> None:
    union = {
        "oneOf": [ref("cat.yaml"), ref("#/components/schemas/Dog")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": "cat.yaml", "dog": "#/components/schemas/Dog", "cow": "Cow"},
        },
    }
    tree = {
        "spec.yaml": {"Pet": union, "Dog": obj(kind={"const": "dog"})},
        "cat.yaml": obj(kind={"const": "cat"}),
    }
    pet = load_spec(files(tmp_path, tree)).schemas["Pet"]
    assert pet["oneOf"][0] == ref(SCHEMAS + "Cat")
    assert pet["discriminator"]["mapping"] == {
        "cat": SCHEMAS + "Cat",
        "dog": "#/components/schemas/Dog",
        "cow": "Cow",  # a schema name, not a reference
    }


def test_a_spec_without_references_to_other_files_is_left_as_it_is(tmp_path: Path) -> None:
    schemas = {"S": obj(a=ref("#/components/schemas/T")), "T": {"type": "string"}}
    spec = load_spec(files(tmp_path, {"spec.yaml": schemas}))
    assert spec.schemas == schemas
    assert (dict(spec.files), dict(spec.origins)) == ({}, {})


# -- refused, and where --------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "target",
    [
        "https://example.com/pet.yaml",
        "http://example.com/x.json#/X",
        "//example.com/p.yaml",
        "file:///etc/x.yaml",
    ],
)
def test_a_url_is_refused_and_never_fetched(target: str, tmp_path: Path, no_network: None) -> None:
    path = files(tmp_path, {"spec.yaml": {"S": obj(a=ref(target))}})
    with pytest.raises(GeneratorError) as info:
        load_spec(path)
    assert (
        info.value.message
        == f"$ref {target!r} is a URL: only local files are read (nothing is fetched)"
    )
    assert info.value.location is not None
    assert (info.value.location.file, info.value.location.pointer) == (
        str(path),
        SCHEMAS + "S/properties/a",
    )


def test_a_url_in_another_file_names_that_file(tmp_path: Path, no_network: None) -> None:
    path = files(
        tmp_path,
        {"spec.yaml": {"S": ref("other.yaml")}, "other.yaml": obj(x=ref("https://e.com/x"))},
    )
    with pytest.raises(GeneratorError) as info:
        load_spec(path)
    assert str(info.value.location) == f"{tmp_path / 'other.yaml'}:4 at #/properties/x"


def test_a_missing_file_or_pointer_names_the_reference(tmp_path: Path) -> None:
    path = files(tmp_path, {"spec.yaml": {"S": obj(a=ref("nope.yaml"))}})
    with pytest.raises(
        GeneratorError, match=r"\$ref 'nope.yaml': cannot read .*nope.yaml: no such file"
    ):
        load_spec(path)
    path = files(
        tmp_path, {"spec.yaml": {"S": obj(a=ref("o.yaml#/$defs/X"))}, "o.yaml": {"$defs": {}}}
    )
    with pytest.raises(GeneratorError) as info:
        load_spec(path)
    assert "dangling $ref 'o.yaml#/$defs/X': nothing at #/$defs/X in" in info.value.message
    assert info.value.location is not None and info.value.location.file == str(path)


def test_a_syntax_error_in_another_file_names_it(tmp_path: Path) -> None:
    path = files(tmp_path, {"spec.yaml": {"S": ref("o.yaml")}, "o.yaml": "a: [\n"})
    with pytest.raises(GeneratorError) as info:
        load_spec(path)
    assert info.value.location is not None and info.value.location.file == str(tmp_path / "o.yaml")
    assert info.value.message.startswith("invalid YAML")


def test_an_error_in_a_schema_of_another_file_names_that_file_and_pointer(tmp_path: Path) -> None:
    tree = {
        "spec.yaml": {"S": obj(p=ref("o.yaml#/$defs/P"))},
        "o.yaml": {"$defs": {"P": obj(q={"type": "fancy"})}},
    }
    spec = load_spec(files(tmp_path, tree))
    with pytest.raises(GeneratorError) as info:
        build.Builder(spec).build(["S"])
    assert (
        str(info.value) == f"{tmp_path / 'o.yaml'} at #/$defs/P/properties/q: unknown type 'fancy'"
    )


# -- the cache -----------------------------------------------------------------------------------


def test_the_cache_covers_the_other_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = yaml_data.parse

    def counting(text: str) -> tuple[Any, bool]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(yaml_data, "parse", counting)
    path, cache = files(tmp_path, PET_TREE), tmp_path / "cache"
    first = load_spec(path, cache)
    assert len(parsed) == 4  # the spec and its three other files
    second = load_spec(path, cache)
    assert len(parsed) == 4  # all read from the cache
    assert second.data == first.data and dict(second.origins) == dict(first.origins)
    assert dict(second.files) == dict(first.files)
    # Another file changed: the spec is parsed again, and bundles the new schema.
    (tmp_path / "common.yaml").write_text(
        (tmp_path / "common.yaml").read_text().replace("type: string", "type: integer")
    )
    third = load_spec(path, cache)
    assert len(parsed) == 8
    assert third.schemas["Detail"] == {"type": "integer"}
    assert load_spec(path, cache).data == third.data and len(parsed) == 8
    # Another file gone: no entry is good, and the error names it.
    (tmp_path / "shared" / "owner.yaml").unlink()
    with pytest.raises(GeneratorError, match="no such file"):
        load_spec(path, cache)
