# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv first.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP_VERSION := 26.3

.PHONY: install demo test lint typecheck unit eval bench clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/ceasefire run examples --db demo.duckdb
	$(BIN)/ceasefire summary --db demo.duckdb

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP)
	$(BIN)/pytest -m "not slow" -q

test: lint typecheck
	$(BIN)/pytest -q

# Scores on the gold sets in ../shared/data, failing below a floor (src/ceasefire/eval/floors.toml).
eval: $(STAMP)
	$(BIN)/ceasefire eval --check-floors

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/stages.py

clean:
	rm -rf $(VENV) demo.duckdb .mypy_cache .ruff_cache .pytest_cache
