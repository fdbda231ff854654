"""Imported first by the ingest's forkserver: the forkserver dies with the process that started it.

Without this, a forkserver still importing `ingest.warm` (seconds on a busy machine) when the ingest is
killed outlives it: it only notices the ingest is gone once its import is done, and then only if no worker
holds its "alive" pipe. Its workers die with it (`ingest.workers.die_with_parent`).
"""
from __future__ import annotations

from ingest.workers import die_with_parent

die_with_parent()
