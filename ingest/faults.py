"""Named points where the fault-injection run (bench/fault_test.py) kills the process with SIGKILL.

`CPGRAPH_FAULT=commit:link cpgraph ingest …` dies right after the `current` link is swapped. Unset (always,
outside that run), a point costs one dictionary lookup.
"""
from __future__ import annotations

import os
import signal

FAULT_ENV = "CPGRAPH_FAULT"


def point(name: str) -> None:
    """SIGKILL this process here when CPGRAPH_FAULT names this point."""
    if name and os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
