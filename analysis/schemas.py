"""pandera schemas, generated from the declarations in `analysis.metadata`.

Nothing here names a column of a particular table: every rule comes from a `Field` or a row rule named by a
`Table`, so adding a column means editing `metadata.py` alone.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from analysis.metadata import FINITE, NO_CONTROL_CHARACTERS, NOT_ASSESSED, NUMBER_KINDS, TEXT_KINDS, Field, Table

DTYPES = {"str": "string", "date": "string", "notes": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
#: Characters refused in text: Unicode's controls (category Cc: C0, DEL, C1), the line and paragraph
#: separators (Zl, Zp) and lone surrogates (Cs).
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


@functools.lru_cache(maxsize=4096)  # a long table repeats its dates; validation and charts ask for each
def date_bounds(value: str) -> tuple[str, str] | None:
    """First and last ISO day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) covers; None if impossible."""
    match = PARTIAL_DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not 1 <= day <= last:
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso


def note_numbers(value: str) -> list[int] | None:
    """The endnote numbers in a `notes` cell ('12' or '31;32'); None if it is not such a list."""
    parts = [p.strip() for p in value.split(";")]
    return [int(p) for p in parts] if all(p.isdigit() for p in parts) else None


def _elementwise(rule: str, test: Callable[[str], bool]) -> pa.Check:
    return pa.Check(lambda s: s.map(lambda v: pd.isna(v) or bool(test(v))).astype(bool), name=rule, error=rule)


def has_control_character(value: str) -> bool:
    return CONTROL_CHARACTER.search(value) is not None


def field_checks(f: Field, known_notes: frozenset[int]) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if f.kind in TEXT_KINDS:
        # vectorised: this check reads every character of every text cell
        clean = lambda s: ~s.str.contains(CONTROL_CHARACTER, na=False).astype(bool)  # noqa: E731
        checks.append(pa.Check(clean, name=NO_CONTROL_CHARACTERS, error=NO_CONTROL_CHARACTERS))
    if f.kind in NUMBER_KINDS:  # NaN is not missing: only an empty cell is
        finite = lambda s: s.map(lambda v: v is pd.NA or math.isfinite(v)).astype(bool)  # noqa: E731
        checks.append(pa.Check(finite, name=FINITE, error=FINITE))
    if f.allowed is not None:
        rule = f"must be one of: {', '.join(f.allowed)}"
        checks.append(pa.Check.isin(f.allowed, name=rule, error=rule))
    if f.minimum is not None:
        checks.append(pa.Check.ge(f.minimum, name="minimum", error=f"must be at least {f.minimum:g}"))
    if f.maximum is not None:
        checks.append(pa.Check.le(f.maximum, name="maximum", error=f"must be at most {f.maximum:g}"))
    if f.pattern is not None:
        pattern = re.compile(f.pattern)
        checks.append(_elementwise(f"must match {f.pattern}", lambda v: pattern.fullmatch(v)))
    if f.kind == "str" and f.required:
        checks.append(_elementwise("must not be blank", lambda v: v.strip() != ""))
    if f.kind == "date":
        checks.append(_elementwise("must be a real date as YYYY, YYYY-MM or YYYY-MM-DD", lambda v: date_bounds(v)))
    if f.kind == "notes":
        rule = (
            f"must list endnote numbers of the article ({min(known_notes, default=0)}-{max(known_notes, default=0)}), "
        )
        rule += "separated by ';'"
        checks.append(_elementwise(rule, lambda v: (n := note_numbers(v)) and set(n) <= known_notes))
    return checks


def _ordered(start: str, end: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(df: pd.DataFrame) -> pd.Series:
        def bound(column: str, which: int) -> list[str | None]:
            return [None if pd.isna(v) or (b := date_bounds(str(v))) is None else b[which] for v in df[column]]

        # a missing or bad date passes here: bad dates are reported by their own rule
        pairs = zip(bound(start, 0), bound(end, 1), strict=True)
        return pd.Series([a is None or b is None or b >= a for a, b in pairs], index=df.index, dtype=bool)

    return check


def _percent_at_most_100(df: pd.DataFrame) -> pd.Series:
    return ((df["unit"] != "percent") | (df["value"] <= 100)).fillna(True).astype(bool)


def _has_provenance(df: pd.DataFrame) -> pd.Series:
    return (df["notes"].notna() | df["source"].notna()).astype(bool)


def _years_ordered(df: pd.DataFrame) -> pd.Series:
    return (df["period_end"] >= df["period_start"]).fillna(True).astype(bool)


def _passage_iff_assessed(df: pd.DataFrame) -> pd.Series:
    assessed = df["level"] != NOT_ASSESSED
    has_basis = df["passage"].notna() & df["judged_by"].notna()
    has_none = df["passage"].isna() & df["judged_by"].isna() & df["notes"].isna()
    return (assessed & has_basis | ~assessed & has_none).fillna(False).astype(bool)


PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def _precision_matches_date(df: pd.DataFrame) -> pd.Series:
    return (df["date"].str.len() == df["precision"].map(PRECISION_LENGTH)).fillna(True).astype(bool)


def _date_change_sourced(df: pd.DataFrame) -> pd.Series:
    stated = df["date_stated"].notna()
    restated = df["date_change"].isin(["corrected", "refined"]).fillna(False)  # the article gives a date
    differs = (df["date_stated"] != df["date"]).fillna(True)
    sourced = df["date_change"].isna() | df["source"].notna()
    return ((stated == restated) & (~stated | differs) & sourced).astype(bool)


def _file_after_data(year_column: str) -> Callable[[pd.DataFrame], pd.Series]:
    """A file can hold a year's figures only once that year is over: its date must fall in a later year."""

    def check(df: pd.DataFrame) -> pd.Series:
        file_year = pd.to_numeric(df["file_date"].str[:4], errors="coerce")
        return (file_year > df[year_column]).fillna(True).astype(bool)

    return check


#: Rules over several columns of a row, by the name a `Table` uses for them.
ROW_RULES: dict[str, tuple[str, tuple[str, ...], Callable[[pd.DataFrame], pd.Series]]] = {
    "percent_at_most_100": ("a percent value must be at most 100", ("value", "unit"), _percent_at_most_100),
    "period_ordered": (
        "period_end must not be before period_start",
        ("period_start", "period_end"),
        _ordered("period_start", "period_end"),
    ),
    "dates_ordered": ("date_end must not be before date", ("date", "date_end"), _ordered("date", "date_end")),
    "spell_ordered": ("end must not be before begin", ("begin", "end"), _ordered("begin", "end")),
    "years_ordered": ("period_end must not be before period_start", ("period_start", "period_end"), _years_ordered),
    "passage_iff_assessed": (
        "a rated cell must quote its passage and say who judged it; a 'not assessed' cell has no passage, "
        "judge or notes",
        ("level", "judged_by", "passage", "notes"),
        _passage_iff_assessed,
    ),
    "precision_matches_date": (
        "precision must say how date is written: day YYYY-MM-DD, month YYYY-MM, year YYYY",
        ("date", "precision"),
        _precision_matches_date,
    ),
    "date_change_sourced": (
        "a date_stated differing from date needs a date_change of corrected or refined, and any date_change a source",
        ("date", "date_stated", "date_change", "source"),
        _date_change_sourced,
    ),
    "file_after_year": (
        "file_date must fall in a later year than the figures the row holds (year)",
        ("year", "file_date"),
        _file_after_data("year"),
    ),
    "file_after_period": (
        "file_date must fall in a later year than the figures the row holds (period_end)",
        ("period_end", "file_date"),
        _file_after_data("period_end"),
    ),
    "has_provenance": ("each row must name its endnote(s) or a primary source", ("notes", "source"), _has_provenance),
}
#: The columns each row rule reads, by the rule's text (how pandera reports a failed check).
RULE_COLUMNS = {text: columns for text, columns, _ in ROW_RULES.values()}
NONEMPTY = "the table must have at least one row"


def schema(table: Table, known_notes: Iterable[int]) -> pa.DataFrameSchema:
    """The pandera schema of `table`; `known_notes` are the endnote numbers a `notes` cell may name."""
    notes = frozenset(known_notes)
    columns = {
        f.name: pa.Column(
            DTYPES[f.kind],
            checks=field_checks(f, notes),
            nullable=not f.required,
            coerce=True,
            description=f.description,
            title=f.unit,
        )
        for f in table.fields
    }
    checks = [pa.Check(fn, name=rule, error=rule) for rule, _, fn in (ROW_RULES[r] for r in table.rules)]
    checks.append(pa.Check(lambda df: len(df) > 0, name=NONEMPTY, error=NONEMPTY))
    return pa.DataFrameSchema(
        columns,
        checks=checks,
        unique=list(table.key),
        report_duplicates="all",
        strict=True,
        ordered=True,
        name=table.name,
        description=table.description,
    )
