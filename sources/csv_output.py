"""Writing tables as byte-stable CSV files, all or nothing."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd


def to_csv_text(table: pd.DataFrame, decimals: Mapping[str, int]) -> str:
    """CSV text with '\\n' line endings and fixed decimals, so equal tables give equal bytes."""
    lines: list[list[str]] = [list(table.columns)]
    for row in table.itertuples(index=False):
        lines.append([_cell(value, decimals.get(column)) for column, value in zip(table.columns, row, strict=True)])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    return out.getvalue()


def _cell(value: object, decimals: int | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if decimals is not None:
        return f"{float(value):.{decimals}f}"  # type: ignore[arg-type]
    return str(value)


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
