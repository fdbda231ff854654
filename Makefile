# Two commands on a fresh machine:  `make run` (ingest the example corpus, serve it)  and  `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data
NEO4J_DATA ?= $(CURDIR)/.neo4j-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run venv deps neo4j-install neo4j-start neo4j-stop ingest serve test test-fast lint bench clean

$(BIN)/cpgraph: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(BIN)/cpgraph

## make run: install, ingest the bundled example corpus into ./data, serve on 127.0.0.1:8000
run: venv
	$(BIN)/cpgraph ingest examples/corpus --data-dir $(DATA)
	$(BIN)/cpgraph serve --data-dir $(DATA) --host $(HOST) --port $(PORT)

ingest: venv
	$(BIN)/cpgraph ingest examples/corpus --data-dir $(DATA)

serve: venv
	$(BIN)/cpgraph serve --data-dir $(DATA) --host $(HOST) --port $(PORT)

## Debian packages for browser, OCR and load tests (chromium, poppler, tesseract-vie, wrk)
deps:
	bash scripts/install-system-deps.sh

neo4j-install: venv
	$(BIN)/cpgraph neo4j install

neo4j-start: neo4j-install
	$(BIN)/cpgraph neo4j start --data-dir $(NEO4J_DATA)

neo4j-stop:
	-$(BIN)/cpgraph neo4j stop --data-dir $(NEO4J_DATA)

## make test: every test, with a real Neo4j server and headless Chromium
test: deps venv neo4j-start
	set -o pipefail; status=0; \
	$(BIN)/pytest -p no:cacheprovider || status=$$?; \
	$(BIN)/cpgraph neo4j stop --data-dir $(NEO4J_DATA) || true; \
	exit $$status

test-fast: venv
	$(BIN)/pytest -q -p no:cacheprovider -m "not neo4j and not browser"

lint: venv
	$(BIN)/ruff check ingest queries graphsvc tests bench examples
	$(BIN)/mypy

## make bench: benchmarks at 1k, 10k and 100k documents; results in BENCHMARKS.md
bench: venv deps neo4j-start
	$(BIN)/python bench/run.py --neo4j; status=$$?; $(BIN)/cpgraph neo4j stop --data-dir $(NEO4J_DATA) || true; exit $$status

clean:
	rm -rf $(DATA) $(NEO4J_DATA) tests/artifacts
