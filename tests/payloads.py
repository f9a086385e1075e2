"""Hostile text a contributor could put in any text cell of a dataset: markup, script, links, requests.

Shared by the in-process escaping tests (tests/analysis/test_escape.py) and the one hostile build
(tests/report/test_hostile_build.py), which spreads them over every text column of every table.
"""

from __future__ import annotations

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "[see](javascript:alert(1))",
    '<img src="https://example.invalid/x.png">',
    "<!--<script>",
    "</script>",
    "$x$",
    "@name",
    "<tag>",
    "`code` ``two``",
    "*em* _em_ **strong**",
    "<script>alert(1)</script>",
    "{{< meta title >}} {=html}",
    "# heading",
    "1. item",
    "- item",
    "a | b",
    "&lt;b&gt; &amp;",
    "\\ back\\slash",
    "<https://example.invalid/auto>",
    "javascript:alert(1)",
)
