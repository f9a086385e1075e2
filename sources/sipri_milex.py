"""SIPRI Military Expenditure Database, long extract -> rows of table `milex`.

The file is a long extract of SIPRI's military-expenditure workbook: UTF-8, header exactly
``country,year,measure,value,code,flag``, one row per country, year and measure. `code` keeps SIPRI's text
for a missing cell ('...', 'xxx'); `flag` is 'estimate' or 'uncertain' where SIPRI marks the cell. The
package keeps two measures: constant 2023 US$ million (for trends) and the share of GDP (the burden),
written as a percent (SIPRI gives a fraction).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_SIPRI, CODES, sort_rows
from sources.csvfile import Cells, read_rows
from sources.errors import SourceFormatError

HEADER = ("country", "year", "measure", "value", "code", "flag")
#: SIPRI's measure name -> the package's, and the factor that turns SIPRI's value into the package's unit.
MEASURES = {"milex_const2023_usd_m": ("const2023_usd_m", 1.0), "milex_share_gdp": ("share_gdp", 100.0)}
FLAGS = ("", "estimate", "uncertain")
SOURCE = "SIPRI Military Expenditure Database"
VERSION = "2025"
COLUMNS = tuple(f.name for f in TABLES_BY_NAME["milex"].fields)


def import_milex(path: str | Path, file_date: str) -> pd.DataFrame:
    """Read the extract and return its `milex` rows (actor in study order, year, measure)."""
    path = Path(path)
    rows = []
    seen: set[tuple[str, int, str]] = set()
    for line, row in read_rows(path, HEADER, "a SIPRI military-expenditure extract"):
        cells = Cells(path, line, row)
        country, year, measure = cells.text("country"), cells.year(), cells.text("measure")
        if country not in BY_SIPRI or measure not in MEASURES or year < MEASURED_FROM:
            continue
        if row["flag"] not in FLAGS:
            raise cells.fail("flag", "must be empty, 'estimate' or 'uncertain'")
        if (country, year, measure) in seen:
            raise SourceFormatError(path, f"{country} {year} {measure} appears twice", line)
        seen.add((country, year, measure))
        value = cells.number("value", missing=("",))
        if value is None and not row["code"]:
            raise cells.fail("code", "an empty value needs SIPRI's text for the missing cell")
        name, factor = MEASURES[measure]
        rows.append(
            {
                "actor": BY_SIPRI[country],
                "year": year,
                "measure": name,
                "value": None if value is None else value * factor,
                "flag": row["flag"] or None,
                "sipri_code": row["code"] or None,
            }
        )
    missing = [a for a in CODES if a not in {r["actor"] for r in rows}]
    if missing:
        raise SourceFormatError(path, f"no rows from {MEASURED_FROM} for {', '.join(missing)}")
    table = pd.DataFrame(rows).assign(source=SOURCE, version=VERSION, file_date=file_date)
    return sort_rows(table, ["actor", "year", "measure"])[list(COLUMNS)]
