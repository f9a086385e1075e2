"""Reading a CSV file with an exact, checked header, and parsing its cells with errors that name the line."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from pathlib import Path

from sources.errors import SourceFormatError
from sources.textfile import read_text


def read_rows(
    path: str | Path, header: tuple[str, ...], what: str, encoding: str = "utf-8-sig"
) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: text}) for every data row; raise `SourceFormatError` unless the file is `what`.

    The header must be exactly `header` (CRLF or LF line ends both read); every row must have as many fields.
    """
    path = Path(path)
    reader = csv.reader(io.StringIO(read_text(path, encoding), newline=""))
    first = next(reader, [])
    if tuple(first) != header:
        shown = ",".join(first)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise SourceFormatError(path, f"not {what}: header is {shown!r}, expected {','.join(header)!r}", 1)
    rows: list[tuple[int, dict[str, str]]] = []
    for fields in reader:
        if not fields:
            continue
        if len(fields) != len(header):
            raise SourceFormatError(path, f"{len(fields)} fields, expected {len(header)}", reader.line_num)
        rows.append((reader.line_num, dict(zip(header, (f.strip() for f in fields), strict=True))))
    if not rows:
        raise SourceFormatError(path, "the file has a header but no rows")
    return rows


class Cells:
    """Parsers for one row's cells; each error names the file, line, column and value."""

    def __init__(self, path: str | Path, line: int, row: dict[str, str]) -> None:
        self.path, self.line, self.row = Path(path), line, row

    def fail(self, column: str, rule: str) -> SourceFormatError:
        return SourceFormatError(self.path, f"column {column!r}: {rule} (value: {self.row[column]!r})", self.line)

    def text(self, column: str) -> str:
        value = self.row[column]
        if not value:
            raise self.fail(column, "is empty")
        return value

    def integer(self, column: str, missing: Collection[str] = ()) -> int | None:
        value = self.row[column]
        if value in missing:
            return None
        body = value[1:] if value.startswith("-") else value
        if not body.isdigit():
            raise self.fail(column, "not a whole number")
        return int(value)

    def number(self, column: str, missing: Collection[str] = (), minimum: float | None = 0.0) -> float | None:
        value = self.row[column]
        if value in missing:
            return None
        try:
            number = float(value)
        except ValueError:
            raise self.fail(column, "not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.fail(column, "not a finite number")
        if minimum is not None and number < minimum:
            raise self.fail(column, f"must be at least {minimum:g}")
        return number

    def year(self, column: str = "year") -> int:
        value = self.row[column]
        if not (len(value) == 4 and value.isdigit()):
            raise self.fail(column, "not a year")
        return int(value)
