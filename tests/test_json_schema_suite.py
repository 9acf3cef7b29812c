"""The official JSON Schema Test Suite (draft 2020-12) against generated parsers: one package is
generated for every test group's schema, and every test's verdict must be the suite's, with an
exact round trip of what is accepted (see `tests/json_schema_suite.py`). The deliberate
departures are listed below, each with its reason; groups that cannot be OpenAPI components
are skipped for the reasons in `json_schema_suite.SKIPPED_FILES` / `skip_reason`.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests import json_schema_suite as suite
from tests.json_schema_suite import CHOICES, INTEGER_FLOAT, TYPELESS_ARRAY, TYPELESS_OBJECT


@pytest.fixture(scope="module")
def run() -> suite.Run:
    result = suite.run()
    assert result.failed is None, result.failed
    return result


def _choice(o: suite.Outcome) -> str | None:
    return CHOICES.get((o.group.file, o.group.index, o.test["description"]))


def test_the_generator_refuses_no_schema_of_the_suite(run: suite.Run) -> None:
    assert run.refused == {}


@pytest.mark.parametrize("file", sorted({g.file for g in suite.groups() if not g.skipped}))
def test_every_verdict_agrees_with_the_suite(run: suite.Run, file: str) -> None:
    wrong = [
        line
        for o, line in zip(
            [o for o in run.outcomes if not o.agrees],
            suite.disagreements(run),
            strict=True,
        )
        if o.group.file == file and _choice(o) is None
    ]
    assert not wrong, "\n".join(wrong)


def test_every_listed_choice_still_applies(run: suite.Run) -> None:
    """A departure listed above that the suite no longer shows is taken off the list."""
    seen = {
        (o.group.file, o.group.index, o.test["description"]) for o in run.outcomes if not o.agrees
    }
    assert set(CHOICES) <= seen, sorted(set(CHOICES) - seen)


def test_the_choices_are_the_documented_ones() -> None:
    assert set(Counter(CHOICES.values())) <= {TYPELESS_OBJECT, TYPELESS_ARRAY, INTEGER_FLOAT}


def test_nothing_is_reported_imprecise_for_the_suite(run: suite.Run) -> None:
    """Every keyword of the suite is validated: the run names no schema as imprecise."""
    assert run.imprecise == []


def test_agreement_per_keyword_file(run: suite.Run, capsys: pytest.CaptureFixture[str]) -> None:
    """The figures of the closing note (`python -m tests.json_schema_suite` prints them)."""
    agreed = sum(o.agrees for o in run.outcomes)
    chosen = sum(1 for o in run.outcomes if not o.agrees and _choice(o))
    assert agreed + chosen == len(run.outcomes)
    assert chosen == len(CHOICES)
