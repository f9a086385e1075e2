"""Rebuild data/arms_register.csv, data/population.csv and the measured-factor datasets from primary files.

Usage::

    python -m sources.refresh --sipri FILE --population FILE
        [--file-date YYYY-MM-DD] [--sipri-date YYYY-MM-DD] [--population-date YYYY-MM-DD]
        [--method split_evenly] [--data-dir DIR]
        [--nmc FILE] [--milex FILE] [--gdp FILE --gdp-version TEXT [--gdp-date YYYY-MM-DD]]
        [--contiguity FILE] [--mindist FILE --capitals FILE --cepii FILE]
        [--trade FILE] [--trade-totals FILE] [--measures-date YYYY-MM-DD]

--sipri FILE            SIPRI Arms Transfers Database trade register, CSV as SIPRI exports it (cp1252)
--population FILE       World Bank WDI population (SP.POP.TOTL), CSV `Country Name,Country Code,Year,Value`
--file-date DATE        date of both files (when they were published or downloaded)
--sipri-date DATE       date of the SIPRI file; overrides --file-date
--population-date DATE  date of the World Bank file; overrides --file-date
--method NAME           how a deal's delivered TIV is assigned to years (default split_evenly; see
                        `sources.sipri`)
--data-dir DIR          where the CSVs are written (default: the package's data/ directory)

The measured factors (each table is rebuilt only when its file(s) are given):

--nmc FILE              COW NMC v7.0 abridged CSV                          -> capabilities.csv
--milex FILE            SIPRI military-expenditure long extract            -> milex.csv
--gdp FILE              World Bank WDI GDP (NY.GDP.MKTP.CD) long CSV       -> gdp.csv
--gdp-version TEXT      the WDI release the GDP file holds (the file does not say); needed with --gdp
--gdp-date DATE         date of the GDP file; overrides --measures-date and --file-date
--contiguity FILE       COW Direct Contiguity v3.2 (contdir.csv)           -> iran_contiguity.csv
--mindist FILE, --capitals FILE, --cepii FILE
                        CShapes 2.0 minimum distances, COW capitals with coordinates, CEPII dist_cepii
                        (all three together)                               -> distances.csv
--trade FILE            COW Trade v4.0 dyadic CSV                          -> trade.csv
--trade-totals FILE     COW Trade v4.0 national CSV                        -> trade_totals.csv
--measures-date DATE    date of the measured-factor files (when downloaded); overrides --file-date

Every row records its file's date, and the output must not change when a file is merely copied, so a
file's modification time is never used. Each date is, in order: the file's own option, --file-date, the
`last_updated` (else `created`) of a Frictionless descriptor beside the file (`<stem>.datapackage.json`
or `datapackage.json`); a SIPRI register carries no date, so it needs an option. With no date the
command stops.

Output is deterministic: rows sorted (arms_register by view, country, period, rank, counterpart;
population by country and year), TIV and share with one decimal, UTF-8, '\\n' line endings. Both files
are computed first and then written through temporary files renamed in place, so on any error nothing
is written: the command prints one line `error: ...` to stderr and exits with status 2.

The arms register also gets Azerbaijan's imports by supplier in five-year blocks since 1991 (see
`sources.sipri.supplier_series`).

The shipped data was made with (R = /work/shared/reference)::

    python -m sources.refresh --sipri R/sipri-trade-register.csv \\
        --population R/worldbank-population.csv --sipri-date 2026-11-01 \\
        --population-date 2025-07-01 \\
        --nmc R/cow-nmc-7.0-abridged.csv --milex R/sipri-milex-extract.csv \\
        --gdp R/worldbank-gdp.csv --gdp-version "WDI update of 2024-09-19" --gdp-date 2024-10-21 \\
        --contiguity R/cow-contdir-3.2.csv --mindist R/cshapes-mindist-extract.csv \\
        --capitals R/cow-capitals.csv --cepii R/cepii-geodist-dist.csv \\
        --trade R/cow-trade-4.0-dyadic-extract.csv --trade-totals R/cow-trade-4.0-national.csv \\
        --measures-date 2026-11-25

The World Bank file's descriptor says `last_updated: 2023-05-04`, but the file holds figures for 2024,
which the World Development Indicators first published in their update of 1 July 2025: that is the date
given on the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd

from sources import cow_contiguity, cow_nmc, cow_trade, geography, sipri, sipri_milex, worldbank
from sources.errors import SourceFormatError
from sources.file_dates import descriptor_date, parse_file_date, too_early

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DECIMALS = {"tiv": 1, "share": 1}
#: Decimals of the measured tables' float columns: as many as the sources give, so nothing is rounded away.
MEASURE_DECIMALS = {"cinc": 10, "value": 3, "gdp": 3, "imports": 4, "exports": 4}
#: Option(s) -> the table they rebuild.
MEASURE_INPUTS: dict[tuple[str, ...], str] = {
    ("nmc",): "capabilities",
    ("milex",): "milex",
    ("gdp",): "gdp",
    ("contiguity",): "iran_contiguity",
    ("mindist", "capitals", "cepii"): "distances",
    ("trade",): "trade",
    ("trade_totals",): "trade_totals",
}


def to_csv_text(table: pd.DataFrame, decimals: Mapping[str, int]) -> str:
    """UTF-8 CSV text with '\\n' line endings and empty cells for missing values, written by pandas; each
    float column named in `decimals` with that many decimals, so equal tables give equal bytes."""
    fixed = {
        column: table[column].map(lambda v, d=d: "" if pd.isna(v) else f"{float(v):.{d}f}")
        for column, d in decimals.items()
        if column in table
    }
    return table.assign(**fixed).to_csv(index=False, lineterminator="\n")


def write_all(texts: Mapping[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file beside it, then all are renamed in place.

    `os.replace` is atomic on one file system, so a reader never sees a half-written CSV, and a failure
    before the renames leaves every old file untouched.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in texts.items():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, like every other error of the command
        self.exit(2, f"error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m sources.refresh",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sipri", required=True, type=Path, metavar="FILE", help="SIPRI trade register CSV")
    parser.add_argument("--population", required=True, type=Path, metavar="FILE", help="World Bank WDI CSV")
    parser.add_argument("--file-date", metavar="YYYY-MM-DD", help="date of both files")
    parser.add_argument("--sipri-date", metavar="YYYY-MM-DD", help="date of the SIPRI file")
    parser.add_argument("--population-date", metavar="YYYY-MM-DD", help="date of the World Bank file")
    parser.add_argument(
        "--method",
        default=sipri.DEFAULT_METHOD,
        choices=sorted(sipri.METHODS),
        help="how delivered TIV is assigned to years",
    )
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, metavar="DIR", help="output directory")
    measures = parser.add_argument_group("measured factors")
    for option, what in (
        ("--nmc", "COW NMC v7.0 abridged CSV"),
        ("--milex", "SIPRI military-expenditure extract"),
        ("--gdp", "World Bank WDI GDP CSV"),
        ("--contiguity", "COW Direct Contiguity v3.2 CSV"),
        ("--mindist", "CShapes 2.0 minimum distances"),
        ("--capitals", "COW capitals with coordinates"),
        ("--cepii", "CEPII GeoDist dist_cepii CSV"),
        ("--trade", "COW Trade v4.0 dyadic CSV"),
        ("--trade-totals", "COW Trade v4.0 national CSV"),
    ):
        measures.add_argument(option, type=Path, metavar="FILE", help=what)
    measures.add_argument("--gdp-version", metavar="TEXT", help="WDI release the GDP file holds")
    measures.add_argument("--gdp-date", metavar="YYYY-MM-DD", help="date of the GDP file")
    measures.add_argument("--measures-date", metavar="YYYY-MM-DD", help="date of the measured-factor files")
    return parser


def _file_date(path: Path, own: str | None, shared: str | None, option: str) -> str:
    """The first of: the file's own option, --file-date, the date of a descriptor beside the file."""
    for given in (own, shared):
        if given is not None:
            return parse_file_date(given)
    found = descriptor_date(path)
    if found is None:
        raise ValueError(f"{path}: no file date given and none found beside the file; pass {option} YYYY-MM-DD")
    return found


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _measures(args: argparse.Namespace) -> dict[str, pd.DataFrame]:
    """The measured-factor tables whose inputs were given, by table name; raise if a group is incomplete."""
    shared = args.measures_date or args.file_date
    out: dict[str, pd.DataFrame] = {}
    for options, name in MEASURE_INPUTS.items():
        given = [getattr(args, o) for o in options]
        if not any(given):
            continue
        if not all(given):
            absent = ", ".join(f"--{o.replace('_', '-')}" for o, g in zip(options, given, strict=True) if g is None)
            raise ValueError(f"{name}.csv needs {absent} as well")
        for path in given:
            if not path.is_file():
                raise ValueError(f"{path}: no such file")
        first = given[0]
        if name == "gdp":
            if not args.gdp_version:
                raise ValueError("--gdp needs --gdp-version (the WDI release the file holds)")
            out[name] = worldbank.import_gdp(
                first, _file_date(first, args.gdp_date, shared, "--gdp-date"), args.gdp_version
            )
            continue
        date = _file_date(first, None, shared, "--measures-date")
        if name == "distances":
            out[name] = geography.import_distances(*given, date)
        else:
            importer = {
                "capabilities": cow_nmc.import_capabilities,
                "milex": sipri_milex.import_milex,
                "iran_contiguity": cow_contiguity.import_contiguity,
                "trade": cow_trade.import_trade,
                "trade_totals": cow_trade.import_totals,
            }[name]
            out[name] = importer(first, date)
    return out


def refresh(args: argparse.Namespace) -> None:
    """Compute every table, then write every file; raise on any problem before writing anything."""
    for path in (args.sipri, args.population):
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
    if not args.data_dir.is_dir():
        raise ValueError(f"{args.data_dir}: output directory does not exist")
    sipri_date = _file_date(args.sipri, args.sipri_date, args.file_date, "--sipri-date")
    population_date = _file_date(args.population, args.population_date, args.file_date, "--population-date")

    register = sipri.read_register(args.sipri)
    views = sipri.ARTICLE_VIEWS + sipri.supplier_series(register.latest_delivery_year)
    arms = sipri.arms_register_rows(register, sipri_date, args.method, views)
    population = worldbank.import_population(args.population, population_date)
    measures = _measures(args)

    if register.joined_lines:
        lines = ", ".join(map(str, register.joined_lines))
        _warn(f"{args.sipri}: rejoined records split by a line break inside a field (lines {lines})")
    for path, file_date, latest in (
        (args.sipri, sipri_date, register.latest_delivery_year),
        (args.population, population_date, int(population["year"].max())),
    ):
        if too_early(file_date, latest):
            _warn(f"{path}: file date {file_date} is too early for figures up to {latest}; is the date right?")

    outputs = {
        args.data_dir / "arms_register.csv": (arms, f"method {args.method}, SIPRI file dated {sipri_date}"),
        args.data_dir / "population.csv": (population, f"World Bank file dated {population_date}"),
    }
    texts = {path: to_csv_text(table, DECIMALS) for path, (table, _) in outputs.items()}
    for name, table in measures.items():
        path = args.data_dir / f"{name}.csv"
        outputs[path] = (table, f"file dated {table['file_date'].iloc[0]}")
        texts[path] = to_csv_text(table, MEASURE_DECIMALS)
    write_all(texts)
    for path, (table, what) in outputs.items():
        print(f"wrote {path}: {len(table)} rows ({what})")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        refresh(args)
    except (SourceFormatError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {err.filename or ''}: {err.strerror or err}".lstrip(": "), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
