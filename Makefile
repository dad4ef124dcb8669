# chainatlas — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# the Python that builds .venv: a .venv another Python made (or a failed run left) is rebuilt
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
STAMP := $(VENV)/.installed-py$(PYVER)
NEO4J_DIR := tools/neo4j

.PHONY: help setup demo test lint typecheck unit neo4j-jars bench bench-matching clean

help:
	@echo "make demo            set up .venv and run the demo on the embedded store (writes out/,"
	@echo "                     out/notebooks/*.html); then run .venv/bin/chainatlas"
	@echo "make test            set up, fetch Neo4j, then lint, type-check and run the whole suite"
	@echo "make lint | typecheck | unit | neo4j-jars | bench [QUICK=1] | bench-matching | clean"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "chainatlas needs Python 3.11 or newer; $(PYTHON) is $(or $(PYVER),missing). Run: make PYTHON=python3.11 demo"; exit 1; }
	@if [ -d $(VENV) ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$(PYVER)" ]; then \
		echo "$(VENV) was made by another Python (or is broken): rebuilding it with $(PYTHON) $(PYVER)"; \
		rm -rf $(VENV); \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/chainatlas demo
	$(BIN)/python tools/notebooks.py out/notebooks
	@echo ""
	@echo "chainatlas is installed in $(VENV)/bin, not on your PATH. Run it as"
	@echo "  $(BIN)/chainatlas --help"
	@echo "or activate the environment once per shell, then type chainatlas:"
	@echo "  source $(BIN)/activate"
	@echo "  chainatlas targets --chain battery-ev -o targets.xlsx"
	@echo "The notebooks, run on the sample, with their outputs: out/notebooks/*.html"

neo4j-jars: setup
	$(BIN)/python -c "from chainatlas.graph.neo4j.server import ensure_jars; print(ensure_jars())"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/python tools/typecheck.py

unit: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: setup lint typecheck neo4j-jars
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/run.py $(if $(QUICK),--quick,)

bench-matching: setup
	$(BIN)/python benchmarks/matching.py

clean:
	rm -rf $(VENV) out .chainatlas .pytest_cache .mypy_cache .ruff_cache $(NEO4J_DIR)/lib $(NEO4J_DIR)/target
