# chainatlas — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NEO4J_DIR := tools/neo4j

.PHONY: help setup demo test lint typecheck unit neo4j-jars bench bench-matching clean

help:
	@echo "make demo            set up .venv and run the demo on the embedded store (writes out/)"
	@echo "make test            set up, fetch Neo4j, then lint, type-check and run the whole suite"
	@echo "make lint | typecheck | unit | neo4j-jars | bench [QUICK=1] | bench-matching | clean"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/chainatlas demo

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
