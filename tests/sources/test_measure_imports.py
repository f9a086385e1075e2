"""The importers of the measured-factor datasets, on small hand-made files in each source's format.

Every fixture (tests/fixtures/sources/*-small.csv) has the six measured actors for 1990–1992, one state
that is not measured, and one missing value; all numbers are invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.metadata import MEASURED_ACTORS, TABLES_BY_NAME
from sources import SourceFormatError, cow_contiguity, cow_nmc, cow_trade, geography, refresh, sipri_milex, worldbank

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
DATE = "2026-01-02"
NMC = FIXTURES / "cow-nmc-small.csv"
MILEX = FIXTURES / "sipri-milex-small.csv"
GDP = FIXTURES / "worldbank-gdp-small.csv"
CONTDIR = FIXTURES / "cow-contdir-small.csv"
MINDIST = FIXTURES / "cshapes-mindist-small.csv"
CAPITALS = FIXTURES / "cow-capitals-small.csv"
CEPII = FIXTURES / "cepii-dist-small.csv"
TRADE = FIXTURES / "cow-trade-dyadic-small.csv"
TOTALS = FIXTURES / "cow-trade-national-small.csv"


def _columns(name: str) -> list[str]:
    return [f.name for f in TABLES_BY_NAME[name].fields]


def test_capabilities_keep_the_six_actors_from_1991_with_missing_components_empty() -> None:
    rows = cow_nmc.import_capabilities(NMC, DATE)
    assert list(rows.columns) == _columns("capabilities")
    assert list(rows["actor"].unique()) == list(MEASURED_ACTORS)  # Iran first, China left out
    assert set(rows["year"]) == {1991, 1992}
    aze_1991 = rows[(rows["actor"] == "Azerbaijan") & (rows["year"] == 1991)].iloc[0]
    assert pd.isna(aze_1991["milex"]) and aze_1991["milper"] == 30
    assert rows.loc[rows["actor"] == "Iran", "cinc"].tolist() == [0.0415, 0.0425]
    assert set(rows["version"]) == {"7.0"} and set(rows["file_date"]) == {DATE}


def test_milex_keeps_constant_dollars_and_burden_as_percent() -> None:
    rows = sipri_milex.import_milex(MILEX, DATE).set_index(["actor", "year", "measure"])
    assert set(rows.index.get_level_values("measure")) == {"const2023_usd_m", "share_gdp"}
    assert "Armenia" not in set(rows.index.get_level_values("actor"))
    assert rows.loc[("Iran", 1991, "share_gdp"), "value"] == pytest.approx(4.5)  # 0.045 as a percent
    missing = rows.loc[("United States", 1991, "const2023_usd_m")]
    assert pd.isna(missing["value"]) and missing["sipri_code"] == "..."
    assert rows.loc[("Azerbaijan", 1992, "share_gdp"), "flag"] == "estimate"


def test_gdp_in_million_dollars_without_the_missing_year() -> None:
    rows = worldbank.import_gdp(GDP, DATE, "WDI test release")
    assert list(rows.columns) == _columns("gdp")
    assert set(rows["actor"]) == set(MEASURED_ACTORS)
    assert rows.loc[rows["actor"] == "Iran", "year"].tolist() == [1992]  # 1991 has no figure
    usa_1991 = rows[(rows["actor"] == "United States") & (rows["year"] == 1991)]["gdp"].iloc[0]
    assert usa_1991 == pytest.approx(1501.991)
    assert set(rows["version"]) == {"WDI test release"}


def test_contiguity_keeps_irans_spells_in_force_since_1991() -> None:
    rows = cow_contiguity.import_contiguity(CONTDIR, DATE)
    assert list(rows.columns) == _columns("iran_contiguity")
    assert rows["state"].tolist() == ["RUS", "AZE", "TUR", "SAU", "KZK"]  # AFG's spell ended in 1988
    assert rows["actor"].fillna("").tolist() == ["Russia", "Azerbaijan", "Turkey", "", ""]
    assert rows.loc[rows["state"] == "RUS", ["begin", "end"]].values.tolist() == [["1855-01", "1991-12"]]
    assert rows.loc[rows["state"] == "KZK", "conttype"].item() == 5


def test_distances_from_iran() -> None:
    rows = geography.import_distances(MINDIST, CAPITALS, CEPII, DATE)
    assert list(rows.columns) == _columns("distances")
    assert set(rows["actor"]) == set(MEASURED_ACTORS) - {"Iran"}
    border = rows[rows["measure"] == "border_km"].set_index(["actor", "year"])["value"]
    assert border[("Russia", 1991)] == 0 and border[("Russia", 1992)] == 160.5
    assert ("Azerbaijan", 1991) not in border.index and 1990 not in border.index.get_level_values("year")
    capital = rows[rows["measure"] == "capital_km"].set_index("actor")
    assert capital.loc["Russia", "note"] == "Tehran–Moscow"  # the capital on the latest date
    assert capital.loc["Russia", "value"] == pytest.approx(geography.great_circle_km(35.7, 51.4, 55.6, 37.6))
    cepii = rows[rows["measure"] == "cepii_distcap_km"].set_index("actor")["value"]
    assert cepii["Azerbaijan"] == 1201.25  # from IRN's rows, not AZE's or USA's


def test_great_circle_distance() -> None:
    assert geography.great_circle_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * 6371.0088 / 360)
    assert geography.great_circle_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_trade_keeps_the_pairs_of_iran_or_azerbaijan() -> None:
    rows = cow_trade.import_trade(TRADE, DATE)
    assert list(rows.columns) == _columns("trade")
    pairs = set(zip(rows["actor1"], rows["actor2"], strict=True))
    assert len(pairs) == 9 and ("United States", "Russia") not in pairs
    assert set(rows["year"]) == {1991, 1992}
    ru_ir = rows[(rows["actor1"] == "Russia") & (rows["actor2"] == "Iran")].set_index("year")
    assert pd.isna(ru_ir.loc[1992, "imports1"]) and ru_ir.loc[1991, "imports1"] == 365 % 97 + 1
    totals = cow_trade.import_totals(TOTALS, DATE)
    assert list(totals.columns) == _columns("trade_totals") and len(totals) == 12
    assert pd.isna(totals[(totals["actor"] == "Azerbaijan") & (totals["year"] == 1991)]["exports"].item())


# --- wrong files --------------------------------------------------------------------------------------

Importer = Callable[[Path], pd.DataFrame]
IMPORTERS: dict[str, tuple[Path, Importer]] = {
    "nmc": (NMC, lambda p: cow_nmc.import_capabilities(p, DATE)),
    "milex": (MILEX, lambda p: sipri_milex.import_milex(p, DATE)),
    "gdp": (GDP, lambda p: worldbank.import_gdp(p, DATE, "v")),
    "contdir": (CONTDIR, lambda p: cow_contiguity.import_contiguity(p, DATE)),
    "mindist": (MINDIST, lambda p: pd.DataFrame(geography.border_rows(p))),
    "capitals": (CAPITALS, lambda p: pd.DataFrame(geography.capital_rows(p))),
    "cepii": (CEPII, lambda p: pd.DataFrame(geography.cepii_rows(p))),
    "trade": (TRADE, lambda p: cow_trade.import_trade(p, DATE)),
    "totals": (TOTALS, lambda p: cow_trade.import_totals(p, DATE)),
}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# (importer, file name, content, what the message says)
WRONG: list[tuple[str, str, bytes, str]] = [
    *[(name, "empty.csv", b"", "empty") for name in IMPORTERS],
    *[
        (name, "header-only.csv", _text(f).splitlines()[0].encode() + b"\n", "no rows")
        for name, (f, _) in IMPORTERS.items()
        if name != "gdp"
    ],
    *[(name, "excel.csv", b"\xd0\xcf\x11\xe0\x00\x00", "binary") for name in IMPORTERS],
    # each importer refuses the next one's file by its header
    *[
        (name, "other.csv", _text(other).encode(), "header")
        for (name, _), (other, _) in zip(
            IMPORTERS.items(), [*list(IMPORTERS.values())[1:], IMPORTERS["nmc"]], strict=True
        )
    ],
    ("nmc", "v6.csv", _text(NMC).replace(",2025", ",2021").encode(), "expected NMC v7.0"),
    ("nmc", "cinc.csv", _text(NMC).replace(".0415,", "1.5,").encode(), "between 0 and 1"),
    ("nmc", "no-israel.csv", _text(NMC).replace("ISR,666", "ISR,667").encode(), "no rows from 1991 for Israel"),
    ("milex", "flag.csv", _text(MILEX).replace(",estimate", ",blue").encode(), "column 'flag'"),
    ("milex", "value.csv", _text(MILEX).replace(",,...,", ",,,").encode(), "needs SIPRI's text"),
    ("milex", "twice.csv", _text(MILEX).replace("Iran,1992", "Iran,1991").encode(), "appears twice"),
    ("gdp", "negative.csv", _text(GDP).replace("USA,1991,", "USA,1991,-").encode(), "not a positive amount"),
    ("contdir", "month.csv", _text(CONTDIR).replace("199112,201612", "199113,201612").encode(), "YYYYMM"),
    ("contdir", "type.csv", _text(CONTDIR).replace(",4,192705", ",7,192705").encode(), "must be 1 to 5"),
    (
        "contdir",
        "no-iran.csv",
        _text(CONTDIR).replace(",630,", ",631,").replace("630,IRN", "631,IRX").encode(),
        "no contiguity spell of Iran",
    ),
    ("mindist", "km.csv", _text(MINDIST).replace("160.500", "far").encode(), "not a number"),
    ("capitals", "lat.csv", _text(CAPITALS).replace("35.7,51.4", "135.7,51.4").encode(), "coordinates"),
    ("capitals", "no-tehran.csv", _text(CAPITALS).replace("630,Iran", "631,Iran").encode(), "no capital for Iran"),
    (
        "trade",
        "order.csv",
        _text(TRADE).replace("365,RUS,630,IRN", "630,IRN,365,RUS").encode(),
        "lower state number first",
    ),
    ("trade", "no-israel.csv", _text(TRADE).replace(",666,ISR,", ",667,ISX,").encode(), "Azerbaijan–Israel"),
    ("totals", "v3.csv", _text(TOTALS).replace(",1,1,4", ",1,1,3").encode(), "expected COW Trade v4.0"),
    ("totals", "fields.csv", _text(TOTALS).replace(",,,1,1,4", ",,1,1,4", 1).encode(), "10 fields, expected 11"),
]


@pytest.mark.parametrize(
    ("importer", "name", "content", "problem"), WRONG, ids=lambda v: v if isinstance(v, str) and len(v) < 20 else ""
)
def test_wrong_file_raises_naming_the_file(
    tmp_path: Path, importer: str, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / f"{importer}-{name}"
    path.write_bytes(content)
    with pytest.raises(SourceFormatError, match=re.escape(problem)) as caught:
        IMPORTERS[importer][1](path)
    assert str(caught.value).startswith(str(path))


def test_distances_refuse_a_file_without_an_actor(tmp_path: Path) -> None:
    path = tmp_path / "mindist.csv"
    path.write_text("".join(r for r in _text(MINDIST).splitlines(True) if ",666,ISR," not in r), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="no distance from Iran to Israel"):
        geography.import_distances(path, CAPITALS, CEPII, DATE)


# --- the refresh command -------------------------------------------------------------------------------

BASE = [
    "--sipri", FIXTURES / "sipri-trade-register-small.csv",
    "--population", FIXTURES / "worldbank-population-small.csv",
    "--sipri-date", "2025-03-10",
]  # fmt: skip
MEASURES = [
    "--nmc", NMC, "--milex", MILEX, "--gdp", GDP, "--gdp-version", "WDI test release", "--gdp-date", "2025-09-19",
    "--contiguity", CONTDIR, "--mindist", MINDIST, "--capitals", CAPITALS, "--cepii", CEPII,
    "--trade", TRADE, "--trade-totals", TOTALS, "--measures-date", DATE,
]  # fmt: skip
MEASURE_FILES = ["capabilities", "milex", "gdp", "iran_contiguity", "distances", "trade", "trade_totals"]


def _run(*args: str | Path) -> int:
    return refresh.main([str(a) for a in args])


def test_refresh_writes_every_measured_table_byte_stable(tmp_path: Path) -> None:
    assert _run(*BASE, *MEASURES, "--data-dir", tmp_path) == 0
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(written) == sorted(["arms_register.csv", "population.csv", *(f"{n}.csv" for n in MEASURE_FILES)])
    capabilities = written["capabilities.csv"].decode("utf-8").split("\n")
    assert capabilities[0] == ",".join(_columns("capabilities"))
    assert capabilities[1].startswith("Iran,1991,0.0415000000,4001,40,20,400,4000,1600,")
    assert capabilities[1].endswith(",7.0,2026-01-02")
    assert written["gdp.csv"].decode().rstrip().endswith("WDI test release,2025-09-19")
    assert all(b"\r" not in text for text in written.values())
    assert _run(*BASE, *MEASURES, "--data-dir", tmp_path) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == written


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (["--capitals", "--cepii"], "distances.csv needs --capitals, --cepii as well"),
        (["--gdp-version"], "--gdp needs --gdp-version"),
        (["--measures-date"], "pass --measures-date YYYY-MM-DD"),
    ],
)
def test_refresh_refuses_incomplete_measure_options_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], drop: list[str], message: str
) -> None:
    args = list(MEASURES)
    for option in drop:
        i = args.index(option)
        del args[i : i + 2]
    assert _run(*BASE, *args, "--data-dir", tmp_path) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
