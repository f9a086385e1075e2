"""The date a source file was published or downloaded, which every row records as `file_date`.

A file's modification time changes on every copy, so it is never used: the date is given on the command
line or read from the file's own metadata (a Frictionless `datapackage.json` descriptor beside it).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from sources.errors import SourceFormatError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_file_date(text: str) -> str:
    """Return `text` if it is a real calendar date written YYYY-MM-DD, else raise ValueError."""
    if not _DATE.fullmatch(text):
        raise ValueError(f"file date {text!r} is not written YYYY-MM-DD")
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"file date {text!r} is not a calendar date") from None
    return text


def descriptor_for(path: str | Path) -> Path | None:
    """The Frictionless descriptor beside a data file: `<stem>.datapackage.json`, else `datapackage.json`."""
    path = Path(path)
    for candidate in (path.with_name(f"{path.stem}.datapackage.json"), path.with_name("datapackage.json")):
        if candidate.is_file():
            return candidate
    return None


def descriptor_date(path: str | Path) -> str | None:
    """`last_updated` (else `created`) of the descriptor beside `path`, as YYYY-MM-DD; None if none."""
    descriptor = descriptor_for(path)
    if descriptor is None:
        return None
    try:
        meta = json.loads(descriptor.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SourceFormatError(descriptor, f"not a JSON data package descriptor ({err})") from None
    for key in ("last_updated", "created"):
        value = meta.get(key) if isinstance(meta, dict) else None
        if isinstance(value, str) and value:
            try:
                return parse_file_date(value[:10])  # a datetime keeps its date part
            except ValueError as err:
                raise SourceFormatError(descriptor, f"{key}: {err}") from None
    return None


def too_early(file_date: str, latest_year: int | None) -> bool:
    """True when a file dated `file_date` could not yet hold figures for `latest_year`.

    Both SIPRI and the World Bank publish a year's figures in the following year, so a file dated in or
    before the latest year it covers has a wrong date (typically a descriptor older than the data).
    """
    return latest_year is not None and int(file_date[:4]) <= latest_year
