# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv first.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP_VERSION := 26.3

.PHONY: install demo test lint typecheck unit eval bench clean web

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# -- web dashboard (src/ceasefire/web) --------------------------------------------------
# npm ci installs the lock file's exact packages from the npm registry; build.mjs bundles
# app/ and the country outlines into static/ (git-ignored), which `ceasefire serve` serves.
# --ignore-scripts: esbuild's postinstall only re-checks a binary npm already installed.
WEB       := src/ceasefire/web
WEB_BUILT := $(WEB)/static/index.html

$(WEB_BUILT): $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs \
		$(wildcard $(WEB)/app/*.* $(WEB)/app/views/*.js)
	cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund && node build.mjs

web: $(WEB_BUILT)
# -- end web dashboard ------------------------------------------------------------------

install: $(STAMP) $(WEB_BUILT)

demo: $(STAMP) $(WEB_BUILT)
	rm -f demo.duckdb
	$(BIN)/ceasefire run examples --db demo.duckdb
	$(BIN)/ceasefire summary --db demo.duckdb
	$(BIN)/ceasefire agreements --db demo.duckdb

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP) $(WEB_BUILT)
	$(BIN)/pytest -m "not slow" -q

test: lint typecheck $(WEB_BUILT)
	$(BIN)/pytest -q

# Scores on the gold sets in ../shared/data, failing below a floor (src/ceasefire/eval/floors.toml).
eval: $(STAMP)
	$(BIN)/ceasefire eval --check-floors

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/stages.py

clean:
	rm -rf $(VENV) demo.duckdb .mypy_cache .ruff_cache .pytest_cache
	rm -rf $(WEB)/static $(WEB)/node_modules test-artifacts
