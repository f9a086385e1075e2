"""SIPRI Arms Transfers Database trade register -> rows of table `arms_register`.

The file is the trade register CSV that SIPRI's database exports (one row per deal), encoded cp1252, with
exactly this header (the three blank-named columns hold '?' where SIPRI marks the value before them as
uncertain)::

    Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,
    Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,
    SIPRI TIV of delivered weapons

Assigning delivered TIV to years
--------------------------------
The register gives each deal's delivered TIV and the years deliveries happened in ('2018; 2019; 2020'),
but not how much was delivered in each year; SIPRI's own yearly figures use per-year numbers that the
register does not export. A figure for a period therefore needs a stated method, recorded in the
`method` column of every row:

- ``split_evenly`` (the default): a deal's delivered TIV is spread evenly over its listed delivery years.
  It uses nothing but the register and favours neither the early nor the late years of a deal.

A method is a pure function deals -> deliveries (recipient, supplier, year, tiv); add one to `METHODS`.

Shares and ranks
----------------
For each `View` (whose imports or exports, over which delivery years) the TIV is summed by counterpart;
counterparts with no TIV in the period are left out; share is the percentage of the country's total;
rank orders counterparts by unrounded TIV (1 = largest, ties share the better rank). TIV and share are
rounded to one decimal only in the output rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis.metadata import TABLES_BY_NAME
from sources.errors import SourceFormatError
from sources.textfile import read_text

ENCODING = "cp1252"
HEADER: tuple[str, ...] = (
    "Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
    "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
    "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons",
)  # fmt: skip
SOURCE = "SIPRI Arms Transfers Database, trade register"
COLUMNS: tuple[str, ...] = tuple(f.name for f in TABLES_BY_NAME["arms_register"].fields)
DEFAULT_METHOD = "split_evenly"

# Parsed deal columns, in header order (the flag columns named after the value they qualify).
DEAL_COLUMNS: tuple[str, ...] = (
    "recipient", "supplier", "order_year", "order_year_uncertain", "number_ordered",
    "number_ordered_uncertain", "weapon_designation", "weapon_description", "number_delivered",
    "number_delivered_uncertain", "delivery_years", "status", "comments", "tiv_per_unit", "tiv_order",
    "tiv_delivered",
)  # fmt: skip
DELIVERY_COLUMNS: tuple[str, ...] = ("recipient", "supplier", "year", "tiv")
FLAG_COLUMNS = {3, 5, 9}
_YEARS = re.compile(r"\d{4}(; \d{4})*")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Register:
    """A parsed trade register: one row per deal, plus where broken records were rejoined."""

    path: Path
    deals: pd.DataFrame  # columns DEAL_COLUMNS plus `line` (the deal's first line in the file)
    joined_lines: tuple[int, ...]  # lines whose record ran on to the next line (see `_records`)

    @property
    def latest_delivery_year(self) -> int | None:
        years = [y for ys in self.deals["delivery_years"] for y in ys]
        return max(years) if years else None


@dataclass(frozen=True)
class View:
    """One summary: whose imports (by supplier) or exports (by recipient), over which delivery years."""

    view: str  # "imports_by_supplier" | "exports_by_recipient"
    country: str  # as SIPRI names it
    period_start: int
    period_end: int
    required: bool = True  # a required view with no deliveries means the file is not the expected register

    def __post_init__(self) -> None:
        if self.view not in ("imports_by_supplier", "exports_by_recipient"):
            raise ValueError(f"unknown view {self.view!r}")
        if self.period_start > self.period_end:
            raise ValueError(f"period {self.period_start}–{self.period_end} runs backwards")


# The article's two figures: Israel's share of Azerbaijan's imports 2016–2020 and Azerbaijan's rank
# among Israel's export destinations 2018–2022 (both from SIPRI fact sheets).
ARTICLE_VIEWS: tuple[View, ...] = (
    View("imports_by_supplier", "Azerbaijan", 2016, 2020),
    View("exports_by_recipient", "Israel", 2018, 2022),
)


#: Azerbaijan's imports by supplier in five-year blocks from 1991, for the arms-flow measure (package's own).
SERIES_COUNTRY, SERIES_FROM, SERIES_STEP = "Azerbaijan", 1991, 5


def supplier_series(latest_year: int | None) -> tuple[View, ...]:
    """`SERIES_COUNTRY`'s imports by supplier per five-year block up to the register's latest delivery year
    (the last block cut there); a block without deliveries simply has no rows."""
    if latest_year is None:
        return ()
    return tuple(
        View("imports_by_supplier", SERIES_COUNTRY, start, min(start + SERIES_STEP - 1, latest_year), required=False)
        for start in range(SERIES_FROM, latest_year + 1, SERIES_STEP)
    )


# --- reading -------------------------------------------------------------------------------------------


def read_register(path: str | Path) -> Register:
    """Parse a trade register file; raise `SourceFormatError` if it is not one."""
    path = Path(path)
    text = read_text(path, ENCODING)
    _refuse_utf8(path, text)
    rows: list[list[object]] = []
    joined: list[int] = []
    for line, fields, was_joined in _records(path, text):
        rows.append([line, *_parse_deal(path, line, fields)])
        if was_joined:
            joined.append(line)
    deals = pd.DataFrame(rows, columns=["line", *DEAL_COLUMNS])
    return Register(path, deals, tuple(joined))


def _refuse_utf8(path: Path, text: str) -> None:
    """cp1252 decodes any bytes, so a UTF-8 file would pass with garbled names ('CÃ´te d'Ivoire')."""
    raw = text.encode(ENCODING)
    if raw.isascii():
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise SourceFormatError(path, "the file is UTF-8 encoded; a SIPRI trade register is cp1252 (Windows-1252)")


def _records(path: Path, text: str) -> Iterator[tuple[int, list[str], bool]]:
    """Yield (first line, fields, joined) for each deal after checking the header.

    SIPRI's export does not quote fields, so a line break typed inside a comment ends the record early
    and its last fields start the next line. Such a short record is joined with the following line(s)
    when together they make exactly one full record; anything else is an error.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    _check_header(path, next(reader))
    width = len(HEADER)
    pending: list[str] | None = None
    start = 0
    for fields in reader:
        if not fields:  # a blank line
            continue
        if pending is None:
            start = reader.line_num
        else:
            fields = [*pending[:-1], f"{pending[-1].rstrip()} {fields[0].lstrip()}".strip(), *fields[1:]]
        if len(fields) < width:
            pending = fields
            continue
        if len(fields) > width:
            what = f"lines {start}–{reader.line_num} together have" if pending else "has"
            raise SourceFormatError(path, f"the record {what} {len(fields)} fields, expected {width}", start)
        yield start, fields, pending is not None
        pending = None
    if pending is not None:
        raise SourceFormatError(path, f"the last record has {len(pending)} fields, expected {width}", start)


def _check_header(path: Path, header: list[str]) -> None:
    if tuple(header) == HEADER:
        return
    named = [c for c in dict.fromkeys(HEADER) if c.strip()]
    if sum(c in header for c in named) < len(named) / 2:  # another kind of file altogether
        shown = ",".join(header)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise SourceFormatError(path, f"not a SIPRI trade register header: {shown!r}", 1)
    missing = [c for c in dict.fromkeys(HEADER) if c not in header]
    unexpected = [c for c in dict.fromkeys(header) if c not in HEADER]
    parts = []
    if missing:
        parts.append("missing columns " + ", ".join(repr(c) for c in missing))
    if unexpected:
        parts.append("unexpected columns " + ", ".join(repr(c) for c in unexpected[:5]))
    if not parts:
        parts.append(f"columns in another order or count ({len(header)} columns, expected {len(HEADER)})")
    raise SourceFormatError(path, "not a SIPRI trade register header: " + "; ".join(parts), 1)


def _parse_deal(path: Path, line: int, fields: list[str]) -> list[object]:
    def fail(i: int, rule: str) -> SourceFormatError:
        return SourceFormatError(path, f"column {HEADER[i]!r}: {rule} (value: {fields[i]!r})", line)

    def number(i: int) -> float:
        try:
            value = float(fields[i])
        except ValueError:
            raise fail(i, "not a number") from None
        if not value >= 0:  # also refuses nan
            raise fail(i, "must be zero or more")
        return value

    def count(i: int) -> int | None:
        value = fields[i].strip()
        if value == "":
            return None
        if not value.isdigit():
            raise fail(i, "not a whole number")
        return int(value)

    for i in (0, 1):
        if not fields[i].strip():
            raise fail(i, "is empty")
    for i in FLAG_COLUMNS:
        if fields[i] not in ("", "?"):
            raise fail(i, "an uncertainty flag must be '' or '?'")
    if not _YEAR.fullmatch(fields[2]):
        raise fail(2, "not a year")
    if fields[10] and not _YEARS.fullmatch(fields[10]):
        raise fail(10, "delivery years must read like '2018; 2019'")
    years = tuple(int(y) for y in fields[10].split("; ")) if fields[10] else ()
    if len(set(years)) != len(years):
        raise fail(10, "a delivery year is listed twice")
    tiv_delivered = number(15)
    if tiv_delivered > 0 and not years:
        raise fail(15, "TIV delivered but no delivery year to assign it to")
    return [
        fields[0].strip(),
        fields[1].strip(),
        int(fields[2]),
        fields[3] == "?",
        count(4),
        fields[5] == "?",
        fields[6].strip(),
        fields[7].strip(),
        count(8),
        fields[9] == "?",
        years,
        fields[11].strip(),
        fields[12].strip(),
        number(13),
        number(14),
        tiv_delivered,
    ]


# --- assigning delivered TIV to years -------------------------------------------------------------------


def split_evenly(deals: pd.DataFrame) -> pd.DataFrame:
    """Deliveries by year: each deal's delivered TIV divided equally among its delivery years."""
    rows = [
        (recipient, supplier, year, tiv / len(years))
        for recipient, supplier, years, tiv in zip(
            deals["recipient"],
            deals["supplier"],
            deals["delivery_years"],
            deals["tiv_delivered"],
            strict=True,
        )
        for year in years
    ]
    return pd.DataFrame(rows, columns=list(DELIVERY_COLUMNS)).astype({"year": "int64", "tiv": "float64"})


METHODS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {"split_evenly": split_evenly}


# --- shares and ranks -----------------------------------------------------------------------------------


def summarise(deliveries: pd.DataFrame, view: View) -> pd.DataFrame:
    """TIV, share (%) and rank of each counterpart of `view.country` over the view's delivery years.

    Returns columns counterpart, tiv, share, rank (unrounded), ordered by rank then counterpart; empty
    when the country has no deliveries in the period.
    """
    own, other = ("recipient", "supplier") if view.view == "imports_by_supplier" else ("supplier", "recipient")
    chosen = deliveries[
        (deliveries[own] == view.country) & deliveries["year"].between(view.period_start, view.period_end)
    ]
    tiv = chosen.groupby(other, sort=True)["tiv"].sum()
    tiv = tiv[tiv > 0]
    out = pd.DataFrame({"counterpart": tiv.index.astype(str), "tiv": tiv.to_numpy(dtype=float)})
    out["share"] = 100 * out["tiv"] / out["tiv"].sum() if len(out) else pd.Series(dtype=float)
    out["rank"] = out["tiv"].rank(method="min", ascending=False).astype("int64")
    return out.sort_values(["rank", "counterpart"], ignore_index=True)


def arms_register_rows(
    register: Register,
    file_date: str,
    method: str = DEFAULT_METHOD,
    views: tuple[View, ...] = ARTICLE_VIEWS,
) -> pd.DataFrame:
    """Rows of table `arms_register` (columns in metadata order) for each view, from a parsed register."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
    deliveries = METHODS[method](register.deals)
    parts = []
    # the same country and period asked for twice (an article view that is also a block) is summed once,
    # and stays required if either asks for it
    unique: dict[tuple[str, str, int, int], View] = {}
    for v in views:
        key = (v.view, v.country, v.period_start, v.period_end)
        unique[key] = replace(v, required=v.required or (key in unique and unique[key].required))
    for view in unique.values():
        summary = summarise(deliveries, view)
        if summary.empty and not view.required:
            continue
        if summary.empty:
            side = "imports to" if view.view == "imports_by_supplier" else "exports from"
            raise SourceFormatError(
                register.path,
                f"no deliveries ({side} {view.country!r}) in {view.period_start}–{view.period_end}",
            )
        parts.append(
            summary.assign(
                view=view.view,
                country=view.country,
                period_start=view.period_start,
                period_end=view.period_end,
                tiv=summary["tiv"].round(1),
                share=summary["share"].round(1),
                method=method,
                source=SOURCE,
                file_date=file_date,
            )
        )
    rows = pd.concat(parts, ignore_index=True)[list(COLUMNS)]
    return rows.sort_values(["view", "country", "period_start", "period_end", "rank", "counterpart"], ignore_index=True)


def import_register(
    path: str | Path, file_date: str, method: str = DEFAULT_METHOD, views: tuple[View, ...] = ARTICLE_VIEWS
) -> pd.DataFrame:
    """Read a trade register file and return its `arms_register` rows."""
    return arms_register_rows(read_register(path), file_date, method, views)
