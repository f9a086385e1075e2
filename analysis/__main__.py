"""`python -m analysis validate`: check every dataset without rendering anything.

`python -m analysis datapackage`: write `datapackage.json` from the declarations in `analysis.metadata`.
"""

from __future__ import annotations

import sys

from analysis import data
from analysis.metadata import DataError

USAGE = "usage: python -m analysis validate | datapackage"


def main(argv: list[str]) -> int:
    if argv == ["datapackage"]:
        from analysis import datapackage

        changed = datapackage.write()
        print(f"{'wrote' if changed else 'unchanged'} {datapackage.DESCRIPTOR.name}")
        return 0
    if argv != ["validate"]:
        print(USAGE, file=sys.stderr)
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
