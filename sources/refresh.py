"""Rebuild data/arms_register.csv and data/population.csv from downloaded primary-data files.

Usage::

    python -m sources.refresh --sipri FILE --population FILE
        [--file-date YYYY-MM-DD] [--sipri-date YYYY-MM-DD] [--population-date YYYY-MM-DD]
        [--method split_evenly] [--data-dir DIR]

--sipri FILE            SIPRI Arms Transfers Database trade register, CSV as SIPRI exports it (cp1252)
--population FILE       World Bank WDI population (SP.POP.TOTL), CSV `Country Name,Country Code,Year,Value`
--file-date DATE        date of both files (when they were published or downloaded)
--sipri-date DATE       date of the SIPRI file; overrides --file-date
--population-date DATE  date of the World Bank file; overrides --file-date
--method NAME           how a deal's delivered TIV is assigned to years (default split_evenly; see
                        `sources.sipri`)
--data-dir DIR          where the two CSVs are written (default: the package's data/ directory)

Every row records its file's date, and the output must not change when a file is merely copied, so a
file's modification time is never used. Each date is, in order: the file's own option, --file-date, the
`last_updated` (else `created`) of a Frictionless descriptor beside the file (`<stem>.datapackage.json`
or `datapackage.json`); a SIPRI register carries no date, so it needs an option. With no date the
command stops.

Output is deterministic: rows sorted (arms_register by view, country, period, rank, counterpart;
population by country and year), TIV and share with one decimal, UTF-8, '\\n' line endings. Both files
are computed first and then written through temporary files renamed in place, so on any error nothing
is written: the command prints one line `error: ...` to stderr and exits with status 2.

The shipped data was made with::

    python -m sources.refresh --sipri /work/shared/reference/sipri-trade-register.csv \\
        --population /work/shared/reference/worldbank-population.csv --sipri-date 2026-11-01 \\
        --population-date 2025-07-01

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

from sources import sipri, worldbank
from sources.errors import SourceFormatError
from sources.file_dates import descriptor_date, parse_file_date, too_early

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: TIV and shares, the only float columns written, to one decimal, so equal tables give equal bytes.
FLOAT_FORMAT = "%.1f"


def to_csv_text(table: pd.DataFrame) -> str:
    """UTF-8 CSV text with '\\n' line endings, fixed decimals and empty cells for missing values."""
    return table.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)


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


def refresh(args: argparse.Namespace) -> None:
    """Compute both tables, then write both files; raise on any problem before writing anything."""
    for path in (args.sipri, args.population):
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
    if not args.data_dir.is_dir():
        raise ValueError(f"{args.data_dir}: output directory does not exist")
    sipri_date = _file_date(args.sipri, args.sipri_date, args.file_date, "--sipri-date")
    population_date = _file_date(args.population, args.population_date, args.file_date, "--population-date")

    register = sipri.read_register(args.sipri)
    arms = sipri.arms_register_rows(register, sipri_date, args.method)
    population = worldbank.import_population(args.population, population_date)

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
    write_all({path: to_csv_text(table) for path, (table, _) in outputs.items()})
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
