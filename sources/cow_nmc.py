"""COW National Material Capabilities v7.0, abridged file -> rows of table `capabilities`.

The file is `NMC-70-abridged.csv` from COW's `NMCv7.zip`: one row per state and year, header exactly
``stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version``, CRLF line ends, missing values
written -9, and the release (2025) in the `version` column. The package keeps the measured actors from 1991.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_COW, CODES, sort_rows
from sources.csvfile import Cells, read_rows
from sources.errors import SourceFormatError

HEADER = ("stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop", "cinc", "version")
COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")
RELEASE = "2025"  # what the v7.0 file writes in its version column
SOURCE = "Correlates of War, National Material Capabilities (NMC-70-abridged.csv)"
VERSION = "7.0"
COLUMNS = tuple(f.name for f in TABLES_BY_NAME["capabilities"].fields)


def import_capabilities(path: str | Path, file_date: str) -> pd.DataFrame:
    """Read the NMC file and return its `capabilities` rows, sorted by actor (study order) and year."""
    path = Path(path)
    rows = []
    for line, row in read_rows(path, HEADER, "a COW NMC abridged file"):
        cells = Cells(path, line, row)
        if row["version"] != RELEASE:
            raise cells.fail("version", f"expected NMC v{VERSION} (version column {RELEASE})")
        ccode, year = cells.integer("ccode"), cells.year()
        if ccode not in BY_COW or year < MEASURED_FROM:
            continue
        cinc = cells.number("cinc")
        if cinc is None or cinc > 1:
            raise cells.fail("cinc", "a share of the system must lie between 0 and 1")
        values = {c: cells.integer(c, missing=("-9",)) for c in COMPONENTS}
        if any(v is not None and v < 0 for v in values.values()):
            raise SourceFormatError(path, "a component is negative (only -9, for missing, may be)", line)
        rows.append({"actor": BY_COW[ccode], "year": year, "cinc": cinc, **values})
    missing = [a for a in CODES if a not in {r["actor"] for r in rows}]
    if missing:
        raise SourceFormatError(path, f"no rows from {MEASURED_FROM} for {', '.join(missing)}")
    table = pd.DataFrame(rows).astype({c: "Int64" for c in COMPONENTS})
    table = table.assign(source=SOURCE, version=VERSION, file_date=file_date)
    return sort_rows(table, ["actor", "year"])[list(COLUMNS)]
