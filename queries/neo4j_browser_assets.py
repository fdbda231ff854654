"""The Neo4j Browser as this project serves it: offline, with the cpgraph style already applied.

Neo4j Browser 5.24 (served by Neo4j 5.26) asks four hosts besides its server even with
`client.allow_telemetry=false`: fonts.googleapis.com (an `@import` in its CSS bundle), sentry.io (error
reports, with a DSN built into two bundles), cdn.segment.com
and canny.io (scripts it loads once connected; on Community edition `browser.allow_outgoing_connections`
cannot turn them off: the Browser treats every Community server as allowing them). The zip we serve
(`queries.neo4j_install.build_browser_zip`) therefore carries patched copies of two bundles: the font
import removed (the Browser falls back to system fonts) and the external-script switch set to off.
Each patch must match exactly once, so a Browser upgrade that moves the code fails loudly instead of
silently going online again.

The style is applied without a `:style` frame (whose dump pushed the guide below the fold): a small
`cpgraph/preset.js`, loaded before the Browser's own scripts, writes the parsed style into the Browser's
local storage (`neo4j.grass`) once per style version, then the Browser starts with it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass


class BrowserPatchError(RuntimeError):
    """A patch no longer matches the Browser's bundle (a new Browser version): update the patterns."""


@dataclass(frozen=True)
class Patch:
    """A regex replaced in the served files whose name matches `file` (must match once in all of them)."""

    why: str
    file: re.Pattern[str]
    find: re.Pattern[bytes]
    replace: bytes


PATCHES = (
    Patch("Google Fonts @import in the CSS bundle", re.compile(r"^browser/ui-libs-[0-9a-f]+\.bundle\.js$"),
          re.compile(rb"@import url\(https://fonts\.googleapis\.com/[^)]*\);?"), b""),
    Patch("Segment and Canny scripts (loadExternalScripts)", re.compile(r"^browser/app-[0-9a-f]+\.js$"),
          re.compile(rb"loadExternalScripts:!1!==\w+\.shouldAllowOutgoingConnections\(\w+\)&&\w+\.isConnected"
                     rb"\(\w+\)"),
          b"loadExternalScripts:!1"),
    # Sentry error reports: with no DSN the client sends nothing (an error in the page would otherwise
    # report to the vendor's host even with crash reporting off in the settings).
    Patch("Sentry DSN of the Browser", re.compile(r"^browser/app-[0-9a-f]+\.js$"),
          re.compile(rb'dsn:"https://[0-9a-f]+@o\d+\.ingest\.sentry\.io/\d+"'), b'dsn:""'),
    Patch("Sentry DSN of the query preview", re.compile(r"^browser/preview/assets/index-[0-9A-Za-z_-]+\.js$"),
          re.compile(rb'sentryDsn:"https://[0-9a-f]+@o\d+\.ingest\.sentry\.io/\d+"'), b'sentryDsn:""'),
)

# The preset script goes before the Browser's first script of index.html.
FIRST_SCRIPT = re.compile(rb"<script src=")
PRESET_TAG = b'<script src="cpgraph/preset.js"></script>'


def patch_file(name: str, data: bytes, counts: dict[str, int]) -> bytes:
    """`data` of the served file `name`, patched; `counts[why]` counts the replacements made."""
    for patch in PATCHES:
        if patch.file.match(name):
            data, n = patch.find.subn(patch.replace, data)
            counts[patch.why] = counts.get(patch.why, 0) + n
    if name == "browser/index.html":
        data, n = FIRST_SCRIPT.subn(PRESET_TAG + b"<script src=", data, count=1)
        counts["preset script"] = n
    return data


def check_counts(counts: dict[str, int]) -> None:
    """Every patch applied exactly once (else the Browser changed: refuse to serve it online)."""
    wanted = [p.why for p in PATCHES] + ["preset script"]
    wrong = {why: counts.get(why, 0) for why in wanted if counts.get(why, 0) != 1}
    if wrong:
        raise BrowserPatchError(f"Neo4j Browser patches did not apply once each: {wrong}")


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """The Browser's own reading of a GRASS text (`parseGrass`, ported): selector -> property -> value.

    Quotes are dropped and braces inside them are kept (`caption: "{name}"`).

    >>> parse_grass('node.A { color: #FFF; caption: "{name}"; }')
    {'node.A': {'color': '#FFF', 'caption': '{name}'}}
    """
    in_quotes = in_rule = nested = False
    selector = body = ""
    raw: dict[str, str] = {}
    for ch in text:
        keep = False
        if ch == "{":
            if in_quotes:
                keep = True
            elif in_rule:
                nested = True
            else:
                in_rule = True
        elif ch == "}":
            if in_quotes:
                keep = True
            elif nested:
                nested = False
            else:
                in_rule = False
                raw[selector] = body
                selector = body = ""
        elif ch in "'\"":
            in_quotes = not in_quotes
        else:
            keep = True
        if keep:
            if in_rule:
                body += ch
            elif not ch.isspace():
                selector += ch
    rules: dict[str, dict[str, str]] = {}
    for sel, declarations in raw.items():
        props: dict[str, str] = {}
        for declaration in declarations.split(";"):
            parts = declaration.split(":")
            if len(parts) == 2:
                props[parts[0].strip()] = parts[1].strip()
        rules[sel] = props
    return rules


def preset_script(grass: str) -> bytes:
    """`cpgraph/preset.js`: put the style in the Browser's storage, once per version of the style."""
    rules = json.dumps(parse_grass(grass), ensure_ascii=False, sort_keys=True)
    version = hashlib.sha1(rules.encode("utf-8")).hexdigest()[:12]
    return (
        "// cpgraph: apply the project's style before Neo4j Browser starts (no :style frame needed).\n"
        "(function () {\n"
        f"  var version = {json.dumps(version)};\n"
        f"  var grass = {rules};\n"
        "  try {\n"
        "    if (window.localStorage.getItem(\"cpgraph.style\") !== version) {\n"
        "      window.localStorage.setItem(\"neo4j.grass\", JSON.stringify(grass));\n"
        "      window.localStorage.setItem(\"cpgraph.style\", version);\n"
        "    }\n"
        "  } catch (e) { /* storage disabled: the guide's :style line still applies it */ }\n"
        "})();\n"
    ).encode()


__all__ = ["PATCHES", "BrowserPatchError", "check_counts", "parse_grass", "patch_file", "preset_script"]
