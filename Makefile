# Two entry points: `make run` opens the app, `make test` runs lint, types and the test suite.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-bundle lint bench crash bundle clean postgres

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The tests start a real PostgreSQL server of their own (Debian's package), installed here
# where it is missing and the machine can (root with apt-get); elsewhere those tests skip.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null \
		&& [ "$$(id -u)" = 0 ]; then \
		echo "installing PostgreSQL for the server tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
			>/dev/null; \
	fi

test: lint postgres
	$(BIN)/python -m pytest

# Builds the desktop bundle with PyInstaller and runs its smoke test (slow: not in `make test`)
test-bundle: $(STAMP)
	$(BIN)/python -m pytest -m bundle tests/packaging

# The server load (4 editors on one PostgreSQL document) follows the table; e.g.
# `make bench LOAD_ARGS="--seconds 10 --editors 2"`
bench: $(STAMP) postgres
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)
	$(BIN)/python -m tests.benchmarks.server_load $(LOAD_ARGS)

# SIGKILL writers at random moments; e.g. `make crash KILLS=200 CRASH_ARGS="--only exports"`
KILLS ?= 1000
SEED ?= 1
crash: $(STAMP)
	$(BIN)/python -m tests.model.crash.campaign --kills $(KILLS) --seed $(SEED) $(CRASH_ARGS)

bundle: $(STAMP)
	packaging/build.sh

clean:
	rm -rf $(VENV) build *.egg-info
