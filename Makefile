# Two commands do all set-up: `make run` starts the app, `make test` runs every test.
# `make run` installs only what running needs; `make test` adds the test extras.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench fuzz wheel-test clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@ $(APP_STAMP)

run: $(APP_STAMP)
	$(BIN)/loss-tui $(ARGS)

# Two workers per core: many tests wait (a pause, a timer, a subprocess) as much as they compute.
# On 2 cores, once ended apps were freed (tests/tui/test_app_lifetime.py): 180 s with 4 workers,
# 198 s with 3 (same CPU, ~315 s; load 1-3). While every app leaked, 3 workers had been faster.
WORKERS ?= $(shell $(PY) -c 'import os; print(min(8, 2 * (os.cpu_count() or 1)))')

test: $(TEST_STAMP)
	$(BIN)/pytest -q -n $(WORKERS) $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

# The long key-fuzzing campaign (tests/fuzz/campaign.py): at least 10,000 keys per view, seeds
# printed as they run; figures in benchmarks/README.md. make test runs a short one.
fuzz: $(TEST_STAMP)
	$(BIN)/python tests/fuzz/campaign.py $(FUZZ_ARGS)

# The wheel a pip user gets, built from this checkout, installed in a fresh venv, run from /tmp.
wheel-test: $(TEST_STAMP)
	$(BIN)/pytest -q -m wheel tests/packaging

clean:
	rm -rf $(VENV)
