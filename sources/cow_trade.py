"""COW Trade v4.0 -> rows of tables `trade` (dyadic) and `trade_totals` (national).

- Dyadic file, as extracted (``ccode1,stateabb1,ccode2,stateabb2,year,flow1,flow2,smoothflow1,smoothflow2``):
  one row per pair (lower state number first) and year; flow1 = imports of ccode1 from ccode2, flow2 the
  reverse, current US$ million, empty where COW has no figure. The package keeps the reported flows (not the
  smoothed ones) for the pairs of Iran or Azerbaijan with another measured actor.
- National file `National_COW_4.0.csv` (``ccode,statename,stateabb,year,imports,exports,alt_imports,
  alt_exports,source1,source2,version``), current US$ million, empty where missing, version 4.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_COW, CODES, sort_rows
from sources.csvfile import Cells, read_rows
from sources.errors import SourceFormatError

DYADIC_HEADER = ("ccode1", "stateabb1", "ccode2", "stateabb2", "year", "flow1", "flow2", "smoothflow1", "smoothflow2")
NATIONAL_HEADER = (
    "ccode", "statename", "stateabb", "year", "imports", "exports", "alt_imports", "alt_exports", "source1",
    "source2", "version",
)  # fmt: skip
VERSION = "4.0"
DYADIC_SOURCE = "Correlates of War, Trade, dyadic file (Dyadic_COW_4.0.csv)"
NATIONAL_SOURCE = "Correlates of War, Trade, national file (National_COW_4.0.csv)"
#: The study discusses the ties of Iran and of Azerbaijan; a pair is kept when one of them is in it.
FOCUS = ("Iran", "Azerbaijan")
TRADE_COLUMNS = tuple(f.name for f in TABLES_BY_NAME["trade"].fields)
TOTAL_COLUMNS = tuple(f.name for f in TABLES_BY_NAME["trade_totals"].fields)


def import_trade(path: str | Path, file_date: str) -> pd.DataFrame:
    path = Path(path)
    rows = []
    for line, row in read_rows(path, DYADIC_HEADER, "a COW dyadic trade file"):
        cells = Cells(path, line, row)
        a, b, year = cells.integer("ccode1"), cells.integer("ccode2"), cells.year()
        if a not in BY_COW or b not in BY_COW or year < MEASURED_FROM:
            continue
        if not {BY_COW[a], BY_COW[b]} & set(FOCUS):
            continue
        if a is not None and b is not None and a >= b:
            raise SourceFormatError(path, "the pair is not written with the lower state number first", line)
        rows.append(
            {
                "actor1": BY_COW[a],
                "actor2": BY_COW[b],
                "year": year,
                "imports1": cells.integer("flow1", missing=("",)),
                "imports2": cells.integer("flow2", missing=("",)),
            }
        )
    pairs = {frozenset((r["actor1"], r["actor2"])) for r in rows}
    expected = {frozenset((f, o)) for f in FOCUS for o in CODES if o != f}
    if missing := expected - pairs:
        shown = ", ".join(sorted("–".join(sorted(p)) for p in missing))
        raise SourceFormatError(path, f"no trade rows from {MEASURED_FROM} for {shown}")
    table = pd.DataFrame(rows).astype({"imports1": "Int64", "imports2": "Int64"})
    table = table.assign(source=DYADIC_SOURCE, version=VERSION, file_date=file_date)
    # pairs keep COW's order (lower state number first), so sort them by that, not by the study's order
    return table.sort_values(["actor1", "actor2", "year"], key=_cow_order, ignore_index=True)[list(TRADE_COLUMNS)]


def _cow_order(column: pd.Series) -> pd.Series:
    return column.map({a: c.cow for a, c in CODES.items()}) if column.name in ("actor1", "actor2") else column


def import_totals(path: str | Path, file_date: str) -> pd.DataFrame:
    path = Path(path)
    rows = []
    for line, row in read_rows(path, NATIONAL_HEADER, "a COW national trade file"):
        cells = Cells(path, line, row)
        if row["version"] != "4":
            raise cells.fail("version", f"expected COW Trade v{VERSION} (version column 4)")
        ccode, year = cells.integer("ccode"), cells.year()
        if ccode not in BY_COW or year < MEASURED_FROM:
            continue
        rows.append(
            {
                "actor": BY_COW[ccode],
                "year": year,
                "imports": cells.number("imports", missing=("",)),
                "exports": cells.number("exports", missing=("",)),
            }
        )
    missing = [a for a in CODES if a not in {r["actor"] for r in rows}]
    if missing:
        raise SourceFormatError(path, f"no rows from {MEASURED_FROM} for {', '.join(missing)}")
    table = pd.DataFrame(rows).assign(source=NATIONAL_SOURCE, version=VERSION, file_date=file_date)
    return sort_rows(table, ["actor", "year"])[list(TOTAL_COLUMNS)]
