"""Keywords of the pinned OpenAI spec that no Python type expresses, checked by the generated
package's validator (README, "JSON Schema: every keyword checked"): `ImageRefParam` is exactly
one of `file_id` and `image_url` (`anyOf` of `required` lists and a `not`),
`VectorStoreFileAttributes` keys are at most 64 characters (`propertyNames`), and
`CreateAssistantRequest`'s `tool_resources.file_search` takes `vector_store_ids` or
`vector_stores`, not both (`oneOf` of `required` lists). Each was accepted silently before."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.cli import main
from tests._json_compare import assert_same_json
from tests.conftest import ROOT

ROOTS = ("ImageRefParam", "VectorStoreFileAttributes", "CreateAssistantRequest")


@pytest.fixture(scope="module")
def oa(spec_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("oa")
    args = ["generate", "--config", str(ROOT / "pyproject.toml"), "--spec", str(spec_path)]
    args += [a for root in ROOTS for a in ("--root", root)]
    assert main([*args, "--out", str(out), "--package", "oa_checked"]) == 0
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("oa_checked")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == "oa_checked"]:
            del sys.modules[name]


def _errors(parse: Any, data: Any, oa: ModuleType) -> list[str]:
    with pytest.raises(oa.ValidationError) as info:
        parse(data)
    return [f"{e.path}: {e.expected}" for e in info.value.errors]


@pytest.mark.parametrize("data", [{"file_id": "f"}, {"image_url": "https://x/y.png"}])
def test_image_ref_param_takes_one_of_its_fields(oa: ModuleType, data: dict[str, str]) -> None:
    assert_same_json(oa.ImageRefParam.from_dict(data).to_dict(), data)


def test_image_ref_param_refuses_none_and_both(oa: ModuleType) -> None:
    parse = oa.ImageRefParam.from_dict
    assert _errors(parse, {}, oa) == [": at least one of the `anyOf` schemas to match"]
    both = {"file_id": "f", "image_url": "u"}
    assert _errors(parse, both, oa) == [": not to match the schema under `not`"]


def test_image_ref_param_docstring_says_what_the_validator_checks(oa: ModuleType) -> None:
    doc = " ".join((oa.ImageRefParam.__doc__ or "").split())
    assert "Also checked when parsing, beyond its type: `anyOf`, `not`" in doc


def test_vector_store_file_attributes_keys_are_at_most_64_characters(oa: ModuleType) -> None:
    parse = oa.parse_vector_store_file_attributes
    ok = {"k" * 64: "v", "n": 1, "b": True}
    assert_same_json(oa.dump_vector_store_file_attributes(parse(ok)), ok)
    assert _errors(parse, {"k" * 65: "v"}, oa) == [": property names of at most 64 characters"]


def test_create_assistant_request_file_search_takes_ids_or_stores_not_both(
    oa: ModuleType,
) -> None:
    def request(file_search: dict[str, Any]) -> dict[str, Any]:
        return {"model": "gpt-4o", "tool_resources": {"file_search": file_search}}

    for one in ({"vector_store_ids": ["vs_1"]}, {"vector_stores": [{"file_ids": ["f"]}]}):
        parsed = oa.CreateAssistantRequest.from_dict(request(one))
        assert_same_json(parsed.to_dict(), request(one))
    both = request({"vector_store_ids": ["vs_1"], "vector_stores": [{}]})
    assert _errors(oa.CreateAssistantRequest.from_dict, both, oa) == [
        "tool_resources.file_search: exactly one of the `oneOf` schemas to match (2 matched)"
    ]


def test_tolerant_parsing_reports_the_same_as_a_deviation(oa: ModuleType) -> None:
    with pytest.warns(oa.SpecDeviationWarning, match="not to match the schema under `not`"):
        value = oa.ImageRefParam.from_dict({"file_id": "f", "image_url": "u"}, strict=False)
    assert value.to_dict() == {"file_id": "f", "image_url": "u"}
