"""Hostile text a contributor could put in any text cell of a dataset: markup, script, links, requests.

Shared by the in-process escaping tests (tests/analysis/test_escape.py) and the one hostile build
(tests/report/test_hostile_build.py), which spreads them over every text column of every table.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

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


#: Text columns the analysis looks rows up by (`arms.share_of`…): a payload there removes the row it needs.
LOOKUP_COLUMNS = {("arms_register", "country"), ("arms_register", "counterpart")}


def free_text_columns() -> list[tuple[str, str]]:
    """(table, column) for every text column whose values are not limited to a list or a pattern."""
    from analysis.metadata import TABLES

    return [
        (t.name, f.name)
        for t in TABLES
        for f in t.fields
        if f.kind == "str" and f.allowed is None and f.pattern is None and (t.name, f.name) not in LOOKUP_COLUMNS
    ]


# Cells a row rule requires to stay empty in some rows (a 'not assessed' threat cell quotes no passage):
# their filled cells get payloads, their empty ones stay empty.
KEEP_EMPTY = {("threat", "passage")}


def poison(data_dir: Path) -> dict[str, int]:
    """Appends a payload to every cell of every free-text column of the CSVs in `data_dir` (fills empty
    ones), cycling through `PAYLOADS` so each appears in many tables; returns how often each was used."""
    used = dict.fromkeys(PAYLOADS, 0)
    columns: dict[str, list[str]] = {}
    for table, column in free_text_columns():
        columns.setdefault(table, []).append(column)
    for table, names in columns.items():
        path = data_dir / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for c, name in enumerate(names):
            i = rows[0].index(name)
            for r, row in enumerate(rows[1:]):
                if not row[i] and (table, name) in KEEP_EMPTY:
                    continue
                payload = PAYLOADS[(r + c + len(columns[table]) * len(table)) % len(PAYLOADS)]
                row[i] = f"{row[i]} {payload}" if row[i] else payload
                used[payload] += 1
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    return used
