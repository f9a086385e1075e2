"""The SIPRI trade register importer, on a small hand-checked register.

Fixture `sipri-trade-register-small.csv` (cp1252, 13 deals). Expected values worked out by hand with
`split_evenly` (delivered TIV / number of delivery years, per year):

Azerbaijan's imports, delivery years 2016–2020
  Israel   OPV-62 100 over 2016–2019, all inside -> 100; Spike-NLOS 60 over 2020–2022, 1 year inside -> 20
           total 120, share 120/162 = 74.07 -> 74.1, rank 1
  Russia   BTR-82A 90 over 2014–2016, 1 year inside -> 30 (Mi-17 not delivered) -> 30, 18.52 -> 18.5, rank 2
  Turkiye  12 in 2020 -> 12, 7.41 -> 7.4, rank 3
  Belarus  delivered 2011–2012 only -> left out
Israel's exports, delivery years 2018–2022
  India          Barak-8 300 over 2018–2023, 5 of 6 years -> 250, 250/385.5 = 64.85 -> 64.9, rank 1
  Azerbaijan     OPV-62 2018–2019 -> 50, Spike-NLOS 2020–2022 -> 60: 110, 28.53 -> 28.5, rank 2
  Philippines    45 over 2022–2024, 1 year -> 15, 3.89 -> 3.9, rank 3
  Côte d'Ivoire  10.5 in 2021 -> 10.5, 2.72 -> 2.7, rank 4
  Viet Nam, United Nations** delivered 2016–2017 only -> left out; Israel as a recipient is not counted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.metadata import TABLES_BY_NAME
from sources import SourceFormatError, sipri

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
REGISTER = FIXTURES / "sipri-trade-register-small.csv"
HEADER_LINE = ",".join(sipri.HEADER)


@pytest.fixture(scope="module")
def register() -> sipri.Register:
    return sipri.read_register(REGISTER)


@pytest.fixture(scope="module")
def rows(register: sipri.Register) -> pd.DataFrame:
    return sipri.arms_register_rows(register, "2025-03-10")


def _view(rows: pd.DataFrame, view: str) -> list[tuple[str, float, float, int]]:
    part = rows[rows["view"] == view]
    return list(zip(part["counterpart"], part["tiv"], part["share"], part["rank"], strict=True))


def test_reads_every_deal_with_names_flags_and_years(register: sipri.Register) -> None:
    deals = register.deals
    assert len(deals) == 13
    assert register.joined_lines == ()
    assert "Côte d'Ivoire" in set(deals["recipient"])  # cp1252 byte 0xF4 read as 'ô'
    turkiye = deals[deals["supplier"] == "Turkiye"].iloc[0]
    assert turkiye["order_year_uncertain"] and turkiye["number_ordered_uncertain"]
    assert turkiye["number_delivered_uncertain"]
    india = deals[(deals["recipient"] == "India") & (deals["supplier"] == "Israel")].iloc[0]
    assert india["delivery_years"] == (2018, 2019, 2020, 2021, 2022, 2023)
    assert deals.loc[deals["number_delivered"] == 0, "delivery_years"].tolist() == [()]
    assert register.latest_delivery_year == 2024


def test_azerbaijan_imports_by_supplier_2016_2020(rows: pd.DataFrame) -> None:
    assert _view(rows, "imports_by_supplier") == [
        ("Israel", 120.0, 74.1, 1),
        ("Russia", 30.0, 18.5, 2),
        ("Turkiye", 12.0, 7.4, 3),
    ]
    part = rows[rows["view"] == "imports_by_supplier"]
    assert set(part["country"]) == {"Azerbaijan"}
    assert set(zip(part["period_start"], part["period_end"], strict=True)) == {(2016, 2020)}


def test_israel_exports_by_recipient_2018_2022(rows: pd.DataFrame) -> None:
    assert _view(rows, "exports_by_recipient") == [
        ("India", 250.0, 64.9, 1),
        ("Azerbaijan", 110.0, 28.5, 2),
        ("Philippines", 15.0, 3.9, 3),
        ("Côte d'Ivoire", 10.5, 2.7, 4),
    ]


def test_rows_carry_method_source_date_in_metadata_column_order(rows: pd.DataFrame) -> None:
    assert list(rows.columns) == [f.name for f in TABLES_BY_NAME["arms_register"].fields]
    assert set(rows["method"]) == {"split_evenly"}
    assert set(rows["source"]) == {"SIPRI Arms Transfers Database, trade register"}
    assert set(rows["file_date"]) == {"2025-03-10"}
    assert rows["view"].tolist() == ["exports_by_recipient"] * 4 + ["imports_by_supplier"] * 3


def test_split_evenly_spreads_tiv_over_delivery_years_and_leaves_input_alone(
    register: sipri.Register,
) -> None:
    before = register.deals.copy()
    deliveries = sipri.split_evenly(register.deals)
    pd.testing.assert_frame_equal(register.deals, before)
    barak = deliveries[(deliveries["recipient"] == "India") & (deliveries["supplier"] == "Israel")]
    assert barak["year"].tolist() == [2018, 2019, 2020, 2021, 2022, 2023]
    assert barak["tiv"].tolist() == [50.0] * 6
    assert deliveries["tiv"].sum() == pytest.approx(register.deals["tiv_delivered"].sum())


def test_ties_share_the_better_rank_and_rank_uses_unrounded_tiv() -> None:
    deliveries = pd.DataFrame(
        [("A", "X", 2020, 10.0), ("A", "Y", 2020, 10.0), ("A", "Z", 2020, 10.04), ("A", "W", 2020, 5.0)],
        columns=list(sipri.DELIVERY_COLUMNS),
    )
    summary = sipri.summarise(deliveries, sipri.View("imports_by_supplier", "A", 2020, 2020))
    assert summary["counterpart"].tolist() == ["Z", "X", "Y", "W"]
    assert summary["rank"].tolist() == [1, 2, 2, 4]


def test_a_record_split_by_a_line_break_in_comments_is_joined(tmp_path: Path) -> None:
    # SIPRI's export does not quote fields: a CR LF typed inside a comment ends the record early.
    original = REGISTER.read_bytes()
    broken = tmp_path / "register.csv"
    broken.write_bytes(original.replace(b"inside 2018-2022,15,45,45", b"inside\r\n2018-2022,15,45,45"))
    assert broken.read_bytes() != original
    register = sipri.read_register(broken)
    assert register.joined_lines == (10,)
    assert sipri.arms_register_rows(register, "2025-03-10").equals(
        sipri.arms_register_rows(sipri.read_register(REGISTER), "2025-03-10")
    )


def test_unknown_method_is_refused(register: sipri.Register) -> None:
    with pytest.raises(ValueError, match="unknown method"):
        sipri.arms_register_rows(register, "2025-03-10", method="by_last_year")


def _fixture_text() -> str:
    return REGISTER.read_bytes().decode("cp1252")


WRONG_FILES: dict[str, tuple[bytes, str]] = {
    "empty.csv": (b"", "empty"),
    "blank.csv": (b"\n\n", "empty"),
    "archive.csv": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary", "binary"),
    "undecodable.csv": (HEADER_LINE.encode() + b"\nAzerbaijan\x81", "cannot be decoded as cp1252"),
    "utf8.csv": (_fixture_text().encode("utf-8"), "UTF-8 encoded"),
    "worldbank.csv": (
        b"Country Name,Country Code,Year,Value\nArmenia,ARM,1991,3613977\n",
        "not a SIPRI trade register header: 'Country Name,",
    ),
    "no-status.csv": (
        _fixture_text().replace(",status,", ",").encode("cp1252"),
        "missing columns 'status'",
    ),
    "too-many-fields.csv": (
        _fixture_text().replace("Tor-M2,", "Tor-M2,extra,").encode("cp1252"),
        "line 6: the record has 17 fields, expected 16",
    ),
    "bad-years.csv": (
        _fixture_text().replace("2011; 2012", "2011-2012").encode("cp1252"),
        "line 6: column 'Year(s) of delivery'",
    ),
    "bad-tiv.csv": (_fixture_text().replace(",2,8,8", ",2,8,n/a").encode("cp1252"), "not a number"),
    "bad-flag.csv": (
        _fixture_text().replace("Tor-M2,SAM system,4,,", "Tor-M2,SAM system,4,x,").encode("cp1252"),
        "uncertainty flag",
    ),
    "no-year-for-tiv.csv": (
        _fixture_text().replace("4,,2011; 2012,Second hand", "4,,,Second hand").encode("cp1252"),
        "no delivery year",
    ),
    "truncated.csv": (_fixture_text().rstrip("\n").rsplit(",", 3)[0].encode("cp1252"), "last record"),
}


@pytest.mark.parametrize("name", sorted(WRONG_FILES))
def test_wrong_format_raises_naming_the_file(tmp_path: Path, name: str) -> None:
    content, problem = WRONG_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceFormatError, match=re.escape(problem)) as caught:
        sipri.read_register(path)
    assert str(caught.value).startswith(str(path))
    assert name in str(caught.value)


def test_a_register_without_the_article_countries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-azerbaijan.csv"
    lines = [line for line in _fixture_text().splitlines() if not line.startswith("Azerbaijan,")]
    path.write_bytes("\n".join(lines).encode("cp1252"))
    with pytest.raises(
        SourceFormatError, match=re.escape("no deliveries (imports to 'Azerbaijan') in 2016–2020")
    ) as caught:
        sipri.import_register(path, "2025-03-10")
    assert "no-azerbaijan.csv" in str(caught.value)
