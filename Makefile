# Two commands do everything on a fresh machine (see README.md):
#   make generate SPEC_SOURCE=../shared/openai-openapi/openapi.yaml
#   make test     SPEC_SOURCE=../shared/openai-openapi/openapi.yaml
# Both create .venv and install what they need. Without SPEC_SOURCE the pinned spec is downloaded.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SPEC_SOURCE ?=
PKG := generated/openai_models

.PHONY: setup spec generate check update-spec test lint golden bench clean

# What the generator needs to run (the `dependencies` of pyproject.toml: PyYAML, Jinja2, ruff,
# jsonpath-rfc9535), installed with the generator itself as a wheel would be (not editable: an
# editable install prints setuptools' banner); reinstalled when a source file changes. Targets
# run `python -m generator` from this folder, so the working tree is what runs.
SOURCES := pyproject.toml $(wildcard generator/*.py generator/build/*.py templates/*.jinja templates/macros/*.jinja)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) $(SOURCES)
	$(PY) -m pip install --quiet .
	touch $@

# ... and the test tools (pytest, hypothesis, jsonschema, mypy): `make test`, `make lint`.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet '.[test]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-test
	$(PY) -m pip install --quiet '.[dev]'
	touch $@

setup: $(VENV)/.installed

## spec/openapi.yaml from the pin (spec/pin.toml): downloaded, or copied from SPEC_SOURCE; sha256 checked.
spec: setup
	$(PY) -m generator fetch-spec $(if $(SPEC_SOURCE),--source "$(SPEC_SOURCE)")

## Write generated/openai_models from the spec (settings in pyproject.toml).
generate: spec
	$(PY) -m generator generate

## Exit 1 if generated/ differs from a fresh generation.
check: spec
	$(PY) -m generator check

## Pin a new spec and regenerate: make update-spec SOURCE=path-or-url [COMMIT=sha]. Prints the
## change report of the models against the previous pin; on any error nothing changes.
update-spec: setup
	$(if $(SOURCE),,$(error SOURCE=path-or-url is required, e.g. make update-spec SOURCE=new/openapi.yaml))
	$(PY) -m generator update-spec "$(SOURCE)" $(if $(COMMIT),--commit "$(COMMIT)")

## The whole test suite: golden files, generated package, payloads, properties, lint and types.
test: spec $(VENV)/.installed-test
	$(PY) -m pytest -q

## ruff and mypy --strict on the generator, the tests and the generated package.
lint: $(VENV)/.installed-test
	$(PY) -m ruff check generator tests bench $(PKG)
	$(PY) -m ruff format --check generator $(PKG)
	$(PY) -m mypy --strict generator $(PKG)

## Rewrite the golden files, and the table of the spec's examples, after a deliberate change.
golden: spec $(VENV)/.installed-test
	$(PY) -m tests.golden_update
	$(PY) -m tests.test_spec_examples
	$(PY) -m tests.changes_update

## Benchmarks against the peers (installs the dev extras: openai, datamodel-code-generator): parse +
## serialize of RealtimeSession, a Realtime server-event stream read from JSON text, generation.
bench: spec $(VENV)/.installed-dev
	$(PY) bench/parse_serialize.py
	$(PY) bench/event_stream.py
	$(PY) bench/generation.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis spec/openapi.yaml
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
