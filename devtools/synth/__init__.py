"""Synthetic national corpus of Vietnamese child-protection documents, with its answer key.

`cpgraph synth --docs N --seed S -o DIR` writes DIR/corpus/... (plain-text documents on the real
pre-2025 units) and DIR/gold.json (scored by shared/eval/score.py). Same N and seed, same bytes.

Modules: `central` (the central documents), `units` (gazetteer units and body names), `generate`
(the plan), `cite` and `render` and `prose` (the texts), `noise` (the noise of real texts),
`gold` (the answer key), `corpus` (writing it all, in parallel).
"""

from __future__ import annotations

from devtools.synth.corpus import synthesize

__all__ = ["synthesize"]
