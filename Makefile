# Two commands on a fresh machine:  `make run` (ingest the example corpus, serve it)  and  `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data
# `make test` and `make bench` run their own Neo4j (they EMPTY its database): files under
# .neo4j-test, Bolt 7688 and HTTP 7475, so the server of `make neo4j-start` (the default data dir,
# 7687/7474) and its database are never touched.
NEO4J_TEST_DATA ?= $(CURDIR)/.neo4j-test
NEO4J_TEST_ENV ?= NEO4J_URI=bolt://127.0.0.1:7688 NEO4J_HTTP_PORT=7475
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

## the system tools of the tests (Java, Maven, chromium, poppler, tesseract-vie, docker-compose): only
## the missing ones are installed, or the command to run is printed
deps:
	bash scripts/install-system-deps.sh test

neo4j-install: venv
	$(BIN)/cpgraph neo4j install

## the analyst's server: the default data dir (./data, or $$CPGRAPH_DATA_DIR), as `cpgraph neo4j stop`
neo4j-start: neo4j-install
	$(BIN)/cpgraph neo4j start

neo4j-stop:
	-$(BIN)/cpgraph neo4j stop

## make test: every test, with a real Neo4j server of its own and headless Chromium
test: deps venv neo4j-install
	set -o pipefail; export $(NEO4J_TEST_ENV); \
	$(BIN)/cpgraph neo4j start --data-dir $(NEO4J_TEST_DATA) || exit 1; status=0; \
	$(BIN)/pytest -p no:cacheprovider || status=$$?; \
	$(BIN)/cpgraph neo4j stop --data-dir $(NEO4J_TEST_DATA) || true; \
	exit $$status

test-fast: venv
	$(BIN)/pytest -q -p no:cacheprovider -m "not neo4j and not browser"

lint: venv
	$(BIN)/ruff check ingest queries graphsvc tests bench examples
	$(BIN)/mypy

## make bench: issue 13's benchmarks at 10k, 100k and 300k documents, networkx and Neo4j side by side;
## results in BENCHMARKS.md (~45 min on 2 cores). Quicker: make bench BENCH_ARGS="--sizes 10000 --quick".
## Its Neo4j is the one of `make test` (EMPTIED): override NEO4J_TEST_ENV / NEO4J_TEST_DATA as for `make test`.
BENCH_ARGS ?= --sizes 10000,100000,300000
bench: venv neo4j-install
	bash scripts/install-system-deps.sh bench
	export $(NEO4J_TEST_ENV); \
	$(BIN)/cpgraph neo4j start --data-dir $(NEO4J_TEST_DATA) || exit 1; status=0; \
	$(BIN)/python bench/run.py --neo4j --neo4j-data-dir $(NEO4J_TEST_DATA) $(BENCH_ARGS) || status=$$?; \
	$(BIN)/cpgraph neo4j stop --data-dir $(NEO4J_TEST_DATA) || true; \
	exit $$status

clean:
	rm -rf $(DATA) $(NEO4J_TEST_DATA) tests/artifacts
