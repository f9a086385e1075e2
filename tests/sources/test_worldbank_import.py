"""The World Bank population importer, on a small file in the WDI format.

Fixture `worldbank-population-small.csv`: the six countries for 1990–1992 (Israel and Turkey from 1991),
Georgia 1993 without a figure, Azerbaijan 1991 written '7271300.0', and two countries that are not kept
(one with a non-ASCII UTF-8 name).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.metadata import TABLES_BY_NAME
from sources import SourceFormatError, worldbank

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
POPULATION = FIXTURES / "worldbank-population-small.csv"
SOURCE = "World Bank, World Development Indicators, SP.POP.TOTL"


def test_reads_every_row_including_non_ascii_names_and_missing_values() -> None:
    table = worldbank.read_population(POPULATION)
    assert len(table) == 20
    assert "Curaçao" in set(table["country_name"])
    assert "Iran, Islamic Rep." in set(table["country_name"])
    georgia_1993 = table[(table["country"] == "GEO") & (table["year"] == 1993)]
    assert georgia_1993["population"].isna().all()


def test_population_rows_for_the_six_countries_from_1991() -> None:
    rows = worldbank.import_population(POPULATION, "2024-07-01")
    assert list(rows.columns) == [f.name for f in TABLES_BY_NAME["population"].fields]
    assert list(zip(rows["country"], rows["year"], rows["population"], strict=True)) == [
        ("ARM", 1991, 3613977),
        ("ARM", 1992, 3571861),
        ("AZE", 1991, 7271300),
        ("AZE", 1992, 7382050),
        ("GEO", 1991, 4835900),
        ("GEO", 1992, 4873500),
        ("IRN", 1991, 59986931),
        ("IRN", 1992, 61184983),
        ("ISR", 1991, 4949000),
        ("ISR", 1992, 5123000),
        ("TUR", 1991, 57009887),
        ("TUR", 1992, 57990118),
    ]
    assert str(rows["population"].dtype) == "int64"
    assert set(rows["source"]) == {SOURCE}
    assert set(rows["file_date"]) == {"2024-07-01"}


def _fixture_text() -> str:
    return POPULATION.read_text(encoding="utf-8")


WRONG_FILES: dict[str, tuple[bytes, str]] = {
    "empty.csv": (b"", "empty"),
    "header-only.csv": (b"Country Name,Country Code,Year,Value\n", "no rows"),
    "excel.csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "binary"),
    "cp1252.csv": (_fixture_text().encode("cp1252"), "cannot be decoded as utf-8"),
    "sipri.csv": (b"Recipient,Supplier,Year of order, ,Number ordered\n", "header"),
    "wide.csv": (b"Country Name,Country Code,1991,1992\nArmenia,ARM,3613977,3571861\n", "header"),
    "bad-value.csv": (_fixture_text().replace("3571861", "3.5 million").encode(), "line 4: value"),
    "fractional.csv": (_fixture_text().replace("3571861", "3571861.5").encode(), "whole number"),
    "bad-year.csv": (_fixture_text().replace("ARM,1992", "ARM,92").encode(), "not a year"),
    "twice.csv": (_fixture_text().replace("ARM,1992", "ARM,1991").encode(), "ARM 1991 appears twice"),
    "fields.csv": (_fixture_text().replace("ARM,1992,", "ARM,1992,1,").encode(), "5 fields"),
    "no-israel.csv": (_fixture_text().replace(",ISR,", ",XYZ,").encode(), "for ISR"),
    "gap.csv": (
        _fixture_text().replace("IRN,1991,59986931", "IRN,1991,").encode(),
        "IRN has no population figure for 1991",
    ),
}


@pytest.mark.parametrize("name", sorted(WRONG_FILES))
def test_wrong_format_raises_naming_the_file(tmp_path: Path, name: str) -> None:
    content, problem = WRONG_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceFormatError, match=re.escape(problem)) as caught:
        worldbank.import_population(path, "2024-07-01")
    assert str(caught.value).startswith(str(path))
