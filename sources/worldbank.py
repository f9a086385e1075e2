"""World Bank WDI population CSV -> rows of table `population`.

The file is the long-format CSV of indicator SP.POP.TOTL (total population) as datahub.io and the
World Bank's bulk downloads publish it: UTF-8, header exactly ``Country Name,Country Code,Year,Value``,
one row per country and year; an empty `Value` means the World Bank has no figure for that year.

The package keeps the six countries of the study (Iran, Azerbaijan, Armenia, Georgia, Turkey, Israel)
from 1991, the year Azerbaijan, Armenia and Georgia became independent, to the latest year the file has.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_ISO3, sort_rows
from sources.errors import SourceFormatError
from sources.textfile import read_text

ENCODING = "utf-8-sig"  # a byte-order mark, as spreadsheet tools add on saving, is harmless
HEADER: tuple[str, ...] = ("Country Name", "Country Code", "Year", "Value")
SOURCE = "World Bank, World Development Indicators, SP.POP.TOTL"
COUNTRIES: tuple[str, ...] = ("IRN", "AZE", "ARM", "GEO", "TUR", "ISR")
FIRST_YEAR = 1991
COLUMNS: tuple[str, ...] = tuple(f.name for f in TABLES_BY_NAME["population"].fields)
_CODE = re.compile(r"[A-Z0-9]{3}")
_YEAR = re.compile(r"\d{4}")


def read_population(path: str | Path) -> pd.DataFrame:
    """Parse the file into columns country_name, country, year, population (None where no figure)."""
    return _read_series(path, "population", _persons)


def _read_series(path: str | Path, what: str, parse: Callable[[Path, int, str], float | int | None]) -> pd.DataFrame:
    """A WDI long CSV as columns country_name, country, year and `what` (parsed by `parse`; None if empty)."""
    path = Path(path)
    reader = csv.reader(io.StringIO(read_text(path, ENCODING), newline=""))
    header = next(reader)
    if tuple(header) != HEADER:
        raise SourceFormatError(
            path,
            f"not a World Bank {what} CSV: header is {','.join(header)!r}, expected {','.join(HEADER)!r}",
            1,
        )
    rows: list[tuple[str, str, int, float | int | None]] = []
    seen: set[tuple[str, int]] = set()
    for fields in reader:
        line = reader.line_num
        if not fields:
            continue
        if len(fields) != len(HEADER):
            raise SourceFormatError(path, f"{len(fields)} fields, expected {len(HEADER)}", line)
        name, code, year, value = (f.strip() for f in fields)
        if not _CODE.fullmatch(code):
            raise SourceFormatError(path, f"country code {code!r} is not three capital letters or digits", line)
        if not _YEAR.fullmatch(year):
            raise SourceFormatError(path, f"year {year!r} is not a year", line)
        if (code, int(year)) in seen:
            raise SourceFormatError(path, f"{code} {year} appears twice", line)
        seen.add((code, int(year)))
        rows.append((name, code, int(year), parse(path, line, value)))
    if not rows:
        raise SourceFormatError(path, "the file has a header but no rows")
    return pd.DataFrame(rows, columns=["country_name", "country", "year", what])


def _persons(path: Path, line: int, value: str) -> int | None:
    """A head count: WDI writes whole numbers, sometimes as '7271300.0' or '7.2713E6'."""
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise SourceFormatError(path, f"value {value!r} is not a number", line) from None
    if not number.is_finite() or number <= 0 or number != number.to_integral_value():
        raise SourceFormatError(path, f"value {value!r} is not a positive whole number of persons", line)
    return int(number)


def population_rows(
    table: pd.DataFrame,
    file_date: str,
    countries: tuple[str, ...] = COUNTRIES,
    first_year: int = FIRST_YEAR,
) -> pd.DataFrame:
    """Rows of table `population` for `countries`, from `first_year` to the latest year with a figure."""
    chosen = table[table["country"].isin(countries) & (table["year"] >= first_year) & table["population"].notna()]
    missing = [c for c in countries if c not in set(chosen["country"])]
    if missing:
        raise ValueError(f"no population figures from {first_year} for {', '.join(missing)}")
    for code, years in chosen.groupby("country")["year"]:
        gaps = sorted(set(range(first_year, years.max() + 1)) - set(years))
        if gaps:  # a series with holes would draw as if the missing years did not exist
            raise ValueError(f"{code} has no population figure for {', '.join(map(str, gaps))}")
    out = chosen.assign(population=chosen["population"].astype("int64"), source=SOURCE, file_date=file_date)
    return out.sort_values(["country", "year"], ignore_index=True)[list(COLUMNS)]


def import_population(path: str | Path, file_date: str) -> pd.DataFrame:
    """Read a WDI population file and return its `population` rows."""
    table = read_population(path)
    try:
        return population_rows(table, file_date)
    except ValueError as err:
        raise SourceFormatError(path, str(err)) from None


# --- GDP -------------------------------------------------------------------------------------------------

GDP_SOURCE = "World Bank, World Development Indicators, NY.GDP.MKTP.CD"
GDP_COLUMNS: tuple[str, ...] = tuple(f.name for f in TABLES_BY_NAME["gdp"].fields)


def _dollars(path: Path, line: int, value: str) -> float | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise SourceFormatError(path, f"value {value!r} is not a number", line) from None
    if not number > 0 or number == float("inf"):
        raise SourceFormatError(path, f"value {value!r} is not a positive amount of dollars", line)
    return number


def import_gdp(path: str | Path, file_date: str, version: str) -> pd.DataFrame:
    """Rows of table `gdp` (current USD million) for the measured actors from 1991, from a WDI GDP file.

    `version` names the WDI release the file holds (the file itself does not say)."""
    table = _read_series(path, "gdp", _dollars)
    chosen = table[table["country"].isin(BY_ISO3) & (table["year"] >= MEASURED_FROM) & table["gdp"].notna()]
    missing = sorted(set(BY_ISO3) - set(chosen["country"]))
    if missing:
        raise SourceFormatError(path, f"no GDP figures from {MEASURED_FROM} for {', '.join(missing)}")
    out = pd.DataFrame(
        {
            "actor": chosen["country"].map(BY_ISO3),
            "year": chosen["year"],
            "gdp": chosen["gdp"] / 1e6,
            "source": GDP_SOURCE,
            "version": version,
            "file_date": file_date,
        }
    )
    return sort_rows(out, ["actor", "year"])[list(GDP_COLUMNS)]
