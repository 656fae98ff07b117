# Conóceles: `make up` runs the whole system here, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install up test lint bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

up: install
	$(BIN)/conoceles up

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy contracts $(wildcard services/*/domain.py services/*/domain/*.py)

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

docs: install
	$(BIN)/conoceles docs --salida docs/asyncapi.json

clean:
	rm -rf $(VENV) var docs/asyncapi.json
