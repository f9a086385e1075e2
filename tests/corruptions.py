"""Ways to break a dataset, derived from its declared schema: each says what the error must name.

Shared by the schema tests (in process) and the build tests (through `nox -s render`'s command), so
every rule is exercised on every table where it applies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis.metadata import FINITE, NO_CONTROL_CHARACTERS, NUMBER_KINDS, TABLES, TEXT_KINDS, Table


@dataclass(frozen=True)
class Corruption:
    name: str
    table: str
    apply: Callable[[Path], None]  # rewrites the table's CSV in place
    column: str | None  # the column the message must name (None: whole file)
    rule: str  # a phrase the message must contain
    row: int | None = None  # the data row the message must name


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set(column: str, value: str, row: int = 1) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        rows = _rows(path)
        rows[row][rows[0].index(column)] = value
        _write(path, rows)

    return apply


def _drop_column(column: str) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        rows = _rows(path)
        i = rows[0].index(column)
        _write(path, [r[:i] + r[i + 1 :] for r in rows])

    return apply


def _add_column(path: Path) -> None:
    rows = _rows(path)
    _write(path, [rows[0] + ["comment"]] + [[*r, "x"] for r in rows[1:]])


def _duplicate_first_row(path: Path) -> None:
    rows = _rows(path)
    _write(path, [*rows, rows[1]])


def _header_only(path: Path) -> None:
    _write(path, _rows(path)[:1])


def _empty(path: Path) -> None:
    path.write_text("", encoding="utf-8")


def _semicolons(path: Path) -> None:
    path.write_text("\n".join(";".join(r) for r in _rows(path)) + "\n", encoding="utf-8")


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-8") + "x,é\n".encode("latin-1"))


def corruptions(table: Table) -> Iterator[Corruption]:
    """Every corruption that applies to `table`, one per rule its columns declare."""
    t = table.name
    yield Corruption(
        "missing column", t, _drop_column(table.fields[-1].name), table.fields[-1].name, "required column is missing"
    )
    yield Corruption("extra column", t, _add_column, "comment", "not part of this dataset's schema")
    yield Corruption("duplicate key", t, _duplicate_first_row, table.key[0], "duplicate key", 1)
    yield Corruption("header only", t, _header_only, None, "at least one row")
    yield Corruption("empty file", t, _empty, None, "file is empty")
    yield Corruption("wrong delimiter", t, _semicolons, None, "header has one column")
    yield Corruption("wrong encoding", t, _latin1, None, "not UTF-8")
    for f in table.fields:
        if f.kind in ("int", "float"):
            yield Corruption(f"{f.name} not a number", t, _set(f.name, "n/a"), f.name, "must be a", 1)
        if f.kind == "float":  # an int column refuses these as not whole numbers, above
            for bad in ("inf", "NaN"):
                yield Corruption(f"{f.name} {bad}", t, _set(f.name, bad), f.name, FINITE, 1)
        elif f.kind in NUMBER_KINDS:
            yield Corruption(f"{f.name} inf", t, _set(f.name, "inf"), f.name, "must be a whole number", 1)
        if f.kind in TEXT_KINDS:
            for name, char in (("NUL", "\x00"), ("line break", "\n")):
                yield Corruption(f"{f.name} {name}", t, _set(f.name, f"x{char}y"), f.name, NO_CONTROL_CHARACTERS, 1)
        if f.minimum is not None:
            low = "-1" if f.minimum >= 0 else str(f.minimum - 1)
            yield Corruption(f"{f.name} below minimum", t, _set(f.name, low), f.name, "at least", 1)
        if f.maximum is not None:
            yield Corruption(f"{f.name} above maximum", t, _set(f.name, str(int(f.maximum) + 1)), f.name, "at most", 1)
        if f.allowed is not None:
            yield Corruption(f"{f.name} not allowed", t, _set(f.name, "Atlantis"), f.name, "one of:", 1)
        if f.kind == "date":
            yield Corruption(f"{f.name} impossible date", t, _set(f.name, "2021-02-30"), f.name, "a real date", 1)
        if f.kind == "notes":
            yield Corruption(f"{f.name} unknown endnote", t, _set(f.name, "41"), f.name, "endnote numbers", 1)
        if f.references is not None:
            yield Corruption(f"{f.name} unknown reference", t, _set(f.name, "no_such_key"), f.name, "must name a", 1)
        if f.pattern is not None:  # identifiers, web addresses, DOIs: a script link matches none of them
            bad = "javascript:alert(1)"
            yield Corruption(f"{f.name} off pattern", t, _set(f.name, bad), f.name, "must match", 1)
        if f.required and f.kind == "str" and f.name not in table.key:
            yield Corruption(f"{f.name} empty", t, _set(f.name, ""), f.name, "must not be empty", 1)
    if "percent_at_most_100" in table.rules:

        def over(path: Path) -> None:
            _set("unit", "percent")(path)
            _set("value", "140")(path)

        yield Corruption("share over 100", t, over, "value, unit", "percent value must be at most 100", 1)
    for rule, (a, b) in {
        "period_ordered": ("period_start", "period_end"),
        "dates_ordered": ("date", "date_end"),
        "spell_ordered": ("begin", "end"),
    }.items():
        if rule in table.rules:

            def reverse(path: Path, a: str = a, b: str = b) -> None:
                _set(a, "2020-05-01")(path)
                _set(b, "2019-01-01")(path)

            yield Corruption("reversed dates", t, reverse, f"{a}, {b}", "must not be before", 1)
    if "passage_iff_assessed" in table.rules:
        # row 1 is a rated cell with a passage: calling it "not assessed" leaves a passage without a rating
        yield Corruption(
            "passage on a silent cell",
            t,
            _set("level", "not assessed"),
            "level, judged_by, passage, notes",
            "a rated cell must quote its passage",
            1,
        )
    if "precision_matches_date" in table.rules:
        yield Corruption(
            "precision disagrees with date", t, _set("precision", "day"), "date, precision", "precision must say", 1
        )
    if "date_change_sourced" in table.rules:
        yield Corruption(
            "stated date without a reason",
            t,
            _set("date_stated", "1555"),
            "date, date_stated, date_change, source",
            "needs a date_change of corrected or refined",
            1,
        )
    for rule, column in {"file_after_year": "year", "file_after_period": "period_end"}.items():
        if rule in table.rules:
            # row 1's figures are for a year before 2023; a file dated in that same year cannot hold them
            def stale(path: Path, column: str = column) -> None:
                year = _rows(path)[1][_rows(path)[0].index(column)]
                _set("file_date", f"{year}-05-04")(path)

            yield Corruption("file older than its data", t, stale, f"{column}, file_date", "later year", 1)
    if "has_provenance" in table.rules:

        def orphan(path: Path) -> None:
            _set("notes", "")(path)
            _set("source", "")(path)

        yield Corruption("no provenance", t, orphan, "notes, source", "must name its endnote(s) or a primary source", 1)


ALL = [c for t in TABLES for c in corruptions(t)]
