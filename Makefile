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

# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

PROFILE ?= estado-de-mexico
up: install
	$(BIN)/conoceles up --perfil $(PROFILE)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy services contracts bench tests/support

test: lint $(CHROMIUM)
	$(BIN)/pytest

# The public read benchmark loads the gateway with wrk from a process of its own.
WRK := /usr/bin/wrk
$(WRK):
	apt-get update -qq && apt-get install -y -qq wrk

bench: install $(WRK)
	$(BIN)/python -m bench

docs: install
	$(BIN)/conoceles docs --salida docs/asyncapi.json

clean:
	rm -rf $(VENV) var docs/asyncapi.json
