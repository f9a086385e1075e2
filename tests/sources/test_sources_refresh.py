"""`python -m sources.refresh`: what it writes, that it writes nothing on error, and the shipped data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sources import refresh
from sources.file_dates import descriptor_date, parse_file_date
from sources.refresh import write_all

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
SIPRI = FIXTURES / "sipri-trade-register-small.csv"
POPULATION = FIXTURES / "worldbank-population-small.csv"

SOURCE = '"SIPRI Arms Transfers Database, trade register"'
EXPECTED_ARMS = "".join(
    f"{row},split_evenly,{SOURCE},2025-03-10\n"
    for row in (
        "exports_by_recipient,Israel,India,2018,2022,250.0,64.9,1",
        "exports_by_recipient,Israel,Azerbaijan,2018,2022,110.0,28.5,2",
        "exports_by_recipient,Israel,Philippines,2018,2022,15.0,3.9,3",
        "exports_by_recipient,Israel,Côte d'Ivoire,2018,2022,10.5,2.7,4",
        # Azerbaijan's five-year blocks (sources.sipri.supplier_series): 2011–2015 has 2 of Russia's 3
        # delivery years (60 of 90) and Belarus's 8; the article's 2016–2020 view is also a block and is
        # listed once; the last block is cut at the register's latest delivery year (2024): 2 of 3 years of
        # the Spike-NLOS deal (40 of 60).
        "imports_by_supplier,Azerbaijan,Russia,2011,2015,60.0,88.2,1",
        "imports_by_supplier,Azerbaijan,Belarus,2011,2015,8.0,11.8,2",
        "imports_by_supplier,Azerbaijan,Israel,2016,2020,120.0,74.1,1",
        "imports_by_supplier,Azerbaijan,Russia,2016,2020,30.0,18.5,2",
        "imports_by_supplier,Azerbaijan,Turkiye,2016,2020,12.0,7.4,3",
        "imports_by_supplier,Azerbaijan,Israel,2021,2024,40.0,100.0,1",
    )
)
ARMS_HEADER = "view,country,counterpart,period_start,period_end,tiv,share,rank,method,source,file_date\n"


def _run(*args: str | Path) -> int:
    return refresh.main([str(a) for a in args])


def test_writes_both_tables_as_stable_utf8_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("--sipri", SIPRI, "--population", POPULATION, "--sipri-date", "2025-03-10", "--data-dir", tmp_path) == 0
    arms = (tmp_path / "arms_register.csv").read_bytes()
    assert arms.decode("utf-8") == ARMS_HEADER + EXPECTED_ARMS
    population = (tmp_path / "population.csv").read_bytes().decode("utf-8")
    lines = population.split("\n")
    assert lines[0] == "country,year,population,source,file_date"
    # the World Bank date comes from the descriptor beside the file (its `last_updated`)
    assert lines[1] == 'ARM,1991,3613977,"World Bank, World Development Indicators, SP.POP.TOTL",2024-07-01'
    assert len(lines) == 1 + 12 + 1 and lines[-1] == ""
    assert b"\r" not in arms and "\r" not in population
    out = capsys.readouterr().out
    assert "arms_register.csv: 10 rows" in out and "population.csv: 12 rows" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arms_register.csv", "population.csv"]

    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert _run("--sipri", SIPRI, "--population", POPULATION, "--sipri-date", "2025-03-10", "--data-dir", tmp_path) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first


def test_file_date_applies_to_both_files_unless_a_file_has_its_own(tmp_path: Path) -> None:
    assert _run("--sipri", SIPRI, "--population", POPULATION, "--file-date", "2025-01-02", "--data-dir", tmp_path) == 0
    assert (tmp_path / "arms_register.csv").read_text(encoding="utf-8").rstrip().endswith(",2025-01-02")
    assert (tmp_path / "population.csv").read_text(encoding="utf-8").rstrip().endswith(",2025-01-02")
    assert (
        _run(
            "--sipri",
            SIPRI,
            "--population",
            POPULATION,
            "--file-date",
            "2025-01-02",
            "--population-date",
            "2025-02-03",
            "--data-dir",
            tmp_path,
        )
        == 0
    )
    assert (tmp_path / "population.csv").read_text(encoding="utf-8").rstrip().endswith(",2025-02-03")


def _wrong_sipri(tmp_path: Path) -> Path:
    path = tmp_path / "input" / "register.csv"
    path.parent.mkdir()
    path.write_bytes(b"Country Name,Country Code,Year,Value\n")
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong sipri file", "register.csv, line 1: not a SIPRI trade register header"),
        ("missing file", "nowhere.csv: no such file"),
        ("no sipri date", "pass --sipri-date YYYY-MM-DD"),
        ("bad date", "not a calendar date"),
        ("no output dir", "output directory does not exist"),
    ],
)
def test_an_error_is_one_line_exit_2_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, message: str
) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "population.csv").write_text("old\n", encoding="utf-8")
    args: list[str | Path] = ["--sipri", SIPRI, "--population", POPULATION, "--sipri-date", "2025-03-10"]
    if case == "wrong sipri file":
        args[1] = _wrong_sipri(tmp_path)
    elif case == "missing file":
        args[3] = tmp_path / "nowhere.csv"
    elif case == "no sipri date":
        args = args[:4]
    elif case == "bad date":
        args[5] = "2024-02-30"
    elif case == "no output dir":
        out = tmp_path / "absent"
    assert _run(*args, "--data-dir", out) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    if out.exists():
        assert sorted(p.name for p in out.iterdir()) == ["population.csv"]
        assert (out / "population.csv").read_text(encoding="utf-8") == "old\n"


def test_usage_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        refresh.main(["--sipri", str(SIPRI)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "--population" in err and len(err.strip().splitlines()) == 1


def test_write_all_writes_nothing_when_one_file_fails(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_all({tmp_path / "a.csv": "a\n", tmp_path / "missing" / "b.csv": "b\n"})
    assert list(tmp_path.iterdir()) == []


def test_file_dates() -> None:
    assert parse_file_date("2026-11-01") == "2026-11-01"
    for bad in ("2026-11-1", "01/11/2026", "2026-11-31", ""):
        with pytest.raises(ValueError):
            parse_file_date(bad)
    assert descriptor_date(POPULATION) == "2024-07-01"
    assert descriptor_date(SIPRI) is None


def test_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sources.refresh",
            "--sipri",
            SIPRI,
            "--population",
            POPULATION,
            "--sipri-date",
            "2025-03-10",
            "--data-dir",
            tmp_path,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("wrote ") == 2


# --- the shipped data --------------------------------------------------------------------------------

REFERENCE = Path("/work/shared/reference")
# The command that made the imported datasets in data/ (also in sources.refresh's docstring).
SHIPPED_ARGS = [
    "--sipri", REFERENCE / "sipri-trade-register.csv",
    "--population", REFERENCE / "worldbank-population.csv",
    "--sipri-date", "2026-11-01",
    "--population-date", "2025-07-01",  # the descriptor's 2023-05-04 predates the 2024 figures the file holds
    "--nmc", REFERENCE / "cow-nmc-7.0-abridged.csv",
    "--milex", REFERENCE / "sipri-milex-extract.csv",
    "--gdp", REFERENCE / "worldbank-gdp.csv", "--gdp-version", "WDI update of 2024-09-19", "--gdp-date", "2024-10-21",
    "--contiguity", REFERENCE / "cow-contdir-3.2.csv",
    "--mindist", REFERENCE / "cshapes-mindist-extract.csv",
    "--capitals", REFERENCE / "cow-capitals.csv",
    "--cepii", REFERENCE / "cepii-geodist-dist.csv",
    "--trade", REFERENCE / "cow-trade-4.0-dyadic-extract.csv",
    "--trade-totals", REFERENCE / "cow-trade-4.0-national.csv",
    "--measures-date", "2026-11-25",
]  # fmt: skip
IMPORTED = (
    "arms_register", "population", "capabilities", "milex", "gdp", "iran_contiguity", "distances", "trade",
    "trade_totals",
)  # fmt: skip


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference files not available here ({REFERENCE})")
def test_shipped_data_is_what_refresh_computes_from_the_reference_files(tmp_path: Path) -> None:
    assert _run(*SHIPPED_ARGS, "--data-dir", tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in IMPORTED)
    for name in (f"{n}.csv" for n in IMPORTED):
        assert (ROOT / "data" / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"data/{name} differs from a fresh refresh; rerun: python -m sources.refresh "
            + " ".join(str(a) for a in SHIPPED_ARGS)
        )
