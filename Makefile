# radkla: `make demo` serves the Cilegon plan on http://127.0.0.1:8000,
# `make test` runs lint, types, migration check and the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DATA ?= $(CURDIR)/var/demo

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "radkla needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	RADKLA_DATA_DIR=$(DEMO_DATA) $(BIN)/radkla demo

lint: $(STAMP)
	$(BIN)/ruff check radkla bench
	$(BIN)/ruff format --check radkla bench
	$(BIN)/mypy radkla

# Tests and the migration check get a throwaway data directory, never ~/.radkla.
test: lint
	export RADKLA_DATA_DIR=$$(mktemp -d) && \
	$(BIN)/radkla makemigrations --check --dry-run && \
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_import.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
