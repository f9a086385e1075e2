"""COW Direct Contiguity v3.2 -> rows of table `iran_contiguity`.

The file is COW's directed-dyad-free contiguity list (`contdir.csv`): one row per contiguity spell of a pair,
header exactly ``statelno,statelab,statehno,statehab,conttype,begin,end``, the lower state number first,
`begin`/`end` written YYYYMM, conttype 1 (land) to 5 (up to 400 miles of water). Each pair carries only its
closest tie in a period, so a land neighbour is never also listed as a sea neighbour. The package keeps
Iran's spells that were in force at some time since January 1991.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_COW, CODES
from sources.csvfile import Cells, read_rows
from sources.errors import SourceFormatError

HEADER = ("statelno", "statelab", "statehno", "statehab", "conttype", "begin", "end")
SOURCE = "Correlates of War, Direct Contiguity (contdir.csv)"
VERSION = "3.2"
COLUMNS = tuple(f.name for f in TABLES_BY_NAME["iran_contiguity"].fields)
IRAN = CODES["Iran"].cow
_MONTH = re.compile(r"(\d{4})(0[1-9]|1[0-2])")


def _month(cells: Cells, column: str) -> str:
    match = _MONTH.fullmatch(cells.row[column])
    if not match:
        raise cells.fail(column, "not a month written YYYYMM")
    return f"{match[1]}-{match[2]}"


def import_contiguity(path: str | Path, file_date: str) -> pd.DataFrame:
    """Iran's contiguity spells in force at some time since January 1991, by neighbour and start month."""
    path = Path(path)
    rows = []
    for line, row in read_rows(path, HEADER, "a COW direct-contiguity file"):
        cells = Cells(path, line, row)
        low, high = cells.integer("statelno"), cells.integer("statehno")
        conttype = cells.integer("conttype")
        if conttype is None or not 1 <= conttype <= 5:
            raise cells.fail("conttype", "must be 1 to 5")
        begin, end = _month(cells, "begin"), _month(cells, "end")
        if end < begin:
            raise cells.fail("end", "the spell ends before it begins")
        if IRAN not in (low, high) or int(end[:4]) < MEASURED_FROM:
            continue
        other, abb = (high, cells.text("statehab")) if low == IRAN else (low, cells.text("statelab"))
        rows.append(
            {"ccode": other, "state": abb, "actor": BY_COW.get(other), "conttype": conttype, "begin": begin, "end": end}
        )
    if not rows:
        raise SourceFormatError(path, f"no contiguity spell of Iran (COW {IRAN}) in force since {MEASURED_FROM}")
    table = pd.DataFrame(rows).assign(source=SOURCE, version=VERSION, file_date=file_date)
    return table.sort_values(["ccode", "begin"], ignore_index=True)[list(COLUMNS)]
