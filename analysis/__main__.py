"""`python -m analysis validate`: check every dataset without rendering anything."""

from __future__ import annotations

import sys

from analysis import data
from analysis.metadata import DataError


def main(argv: list[str]) -> int:
    if argv != ["validate"]:
        print("usage: python -m analysis validate", file=sys.stderr)
        return 1
    try:
        frames = data.validate_all()
    except DataError as err:
        print(err, file=sys.stderr)
        return 2
    for name, df in frames.items():
        print(f"ok  {data.path_of(name).name:<20} {len(df):>4} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
