#!/usr/bin/env bash
# The system tools the tests (and, with `bench`, the benchmarks) use. Each is checked first; only
# the missing ones are installed, with apt-get, after saying what and why. When that cannot be done
# (no apt-get, not root and no password-less sudo) it stops with the exact command to run.
#   bash scripts/install-system-deps.sh [test|bench]
set -euo pipefail
purpose="${1:-test}"
need=()  # Debian packages to install
why=()   # one line per missing tool

missing() {  # missing PACKAGE REASON
  need+=("$1")
  why+=("  $1: $2")
}

java_major() {  # the major version of `java` on PATH, 0 when none
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

[ -x /usr/bin/chromium ] || missing chromium "headless browser for the page tests (tests/test_browser.py needs /usr/bin/chromium)"
command -v pdftoppm >/dev/null 2>&1 || missing poppler-utils "pdftoppm renders scanned PDFs for OCR (ingest --ocr, tests/test_read.py)"
command -v tesseract >/dev/null 2>&1 || missing tesseract-ocr "OCR of scanned PDFs (ingest --ocr, tests/test_read.py)"
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
  || missing tesseract-ocr-vie "Vietnamese language data for tesseract"
[ "$(java_major)" -ge 17 ] 2>/dev/null || missing openjdk-17-jre-headless "Java 17+ runs the Neo4j server (cpgraph neo4j start)"
command -v mvn >/dev/null 2>&1 || missing maven "fetches Neo4j from Maven Central (cpgraph neo4j install)"
{ docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; } \
  || missing docker-compose "checks docker-compose.yml (tests/test_neo4j_compose.py; no Docker engine needed)"
if [ "$purpose" = bench ]; then
  command -v wrk >/dev/null 2>&1 || missing wrk "HTTP load generator of the API benchmark (bench/bench_api.py)"
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "system tools: all present"
  exit 0
fi
echo "system tools missing:"
printf '%s\n' "${why[@]}"
command_line="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get on this machine: install the tools above with your package manager, then run make again" >&2
  exit 1
fi
if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null && [[ " ${need[*]} " == *" chromium "* ]]; then
  echo "note: on Ubuntu the chromium package installs a snap; the browser tests need a chromium binary at" \
       "/usr/bin/chromium (Debian's package, or a link to one)" >&2
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "installing needs root; run this, then make again:" >&2
    echo "  sudo sh -c '$command_line'" >&2
    exit 1
  fi
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"; }; then
  echo "apt-get failed; run it yourself to see why, then make again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi
