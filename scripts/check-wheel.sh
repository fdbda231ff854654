#!/usr/bin/env bash
# The built wheel works on its own, outside the checkout (issue 14): in a fresh venv under a temporary
# folder, `pip install` of the wheel, then `cpgraph neo4j install`, `start`, `load`, `status`, `stop`;
# then `make neo4j-start` in a copy of the sources followed by `cpgraph neo4j stop` stops that server.
#
#   scripts/check-wheel.sh            (CI: .ci/run; needs Java, Maven and network access to PyPI)
#
# Ports: NEO4J_URI (default bolt://127.0.0.1:7689) and NEO4J_HTTP_PORT (default 7476), so neither the
# analyst's server (7687) nor the one of `make test` (7688) is touched. WORK=DIR keeps the files there.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
KEEP_WORK="${WORK:+1}"  # a folder the caller named is kept; a temporary one is removed at the end
WORK="${WORK:-$(mktemp -d /tmp/cpgraph-wheel.XXXXXX)}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:7689}" NEO4J_HTTP_PORT="${NEO4J_HTTP_PORT:-7476}"
# A jar folder of its own: `install` must work from the wheel's files alone (Maven's ~/.m2 cache helps).
export CPGRAPH_NEO4J_LIB="${CPGRAPH_NEO4J_LIB:-$WORK/neo4j-lib}"
unset CPGRAPH_DATA_DIR
BIN="$WORK/venv/bin"
step() { echo; echo "== $*"; }

stop_all() {  # never leave a server behind, whatever failed
    (cd "$WORK/run" 2>/dev/null && "$BIN/cpgraph" neo4j stop >/dev/null 2>&1) || true
    (cd "$WORK/src" 2>/dev/null && "$BIN/cpgraph" neo4j stop >/dev/null 2>&1) || true
    [ -n "$KEEP_WORK" ] || rm -rf "$WORK"
}
trap stop_all EXIT

step "sources as a clone has them (git archive HEAD) -> $WORK/src"
mkdir -p "$WORK/src" "$WORK/run"
git -C "$REPO" archive --format=tar HEAD | tar -x -C "$WORK/src"

step "fresh venv, wheel built from the sources, installed"
python3 -m venv "$WORK/venv"
# No pip cache: the wheel and its dependencies once on disk, not twice (CI disks are small)
"$BIN/pip" install -q --no-cache-dir --upgrade pip
"$BIN/pip" wheel -q --no-cache-dir --no-deps -w "$WORK/dist" "$WORK/src"
ls "$WORK/dist"
"$BIN/pip" install -q --no-cache-dir "$WORK"/dist/*.whl

cd "$WORK/run"  # outside the checkout: only the installed package is there
step "cpgraph neo4j install (jars into $CPGRAPH_NEO4J_LIB)"
"$BIN/cpgraph" neo4j install
step "cpgraph ingest (the example corpus) into ./data"
"$BIN/cpgraph" ingest "$WORK/src/examples/corpus" --data-dir data | tail -3
step "cpgraph neo4j start ($NEO4J_URI, HTTP $NEO4J_HTTP_PORT; the default data dir ./data)"
"$BIN/cpgraph" neo4j start --heap 512m --pagecache 256m
step "cpgraph neo4j load"
"$BIN/cpgraph" neo4j load | "$BIN/python" -c '
import json, sys
db = json.load(sys.stdin)["database"]
print({k: db[k] for k in ("documents", "organizations", "relationships")})
sys.exit(0 if db["documents"] > 0 else "FAIL: nothing loaded")'
step "cpgraph neo4j status"
"$BIN/cpgraph" neo4j status | grep -E '"(pid|reachable)"'
step "cpgraph neo4j stop"
"$BIN/cpgraph" neo4j stop
if "$BIN/cpgraph" neo4j status >/dev/null 2>&1; then
    echo "FAIL: the server still answers after \`cpgraph neo4j stop\`" >&2; exit 1
fi
echo "stopped: status no longer reachable"

step "make neo4j-start (in the sources, with the wheel's venv), then cpgraph neo4j stop from another folder"
(cd "$WORK/src" && make -s neo4j-start VENV="$WORK/venv")
cd "$WORK/run"  # `stop` finds the server it started on NEO4J_URI's port, whatever the folder
"$BIN/cpgraph" neo4j status | grep -E '"(home|pid|reachable)"'
"$BIN/cpgraph" neo4j stop
if "$BIN/cpgraph" neo4j status >/dev/null 2>&1; then
    echo "FAIL: \`cpgraph neo4j stop\` left the server of \`make neo4j-start\` running" >&2; exit 1
fi
echo "stopped: status no longer reachable"
step "OK: the wheel installs, installs Neo4j, starts, loads and stops it; make neo4j-start + cpgraph neo4j stop"
