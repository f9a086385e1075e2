"""The cited works as CSL-JSON, the bibliography pandoc's citeproc reads for the Chicago notes.

`csl_items` maps one row of the `works` table to one CSL item; `write_csl_json` writes them all to a file
that is byte-for-byte the same for the same data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

#: A role in parentheses after a name in the `author` column, e.g. 'Can, Baybars (interviewer)'.
_ROLE = re.compile(r"(?P<name>.*?)\s*\((?P<role>interviewer|editor|translator)\)")
#: Where `container` goes by item type: a book's series, a report's series (Chicago prints 'Series no. N'),
#: else a periodical, agency or website.
_CONTAINER = {"book": "collection-title", "report": "genre"}


def _text(value: Any) -> str | None:
    """The cell as stripped text, or None when it is missing or blank."""
    if value is None or pd.isna(value):
        return None
    text = str(value).strip()
    return text or None


def csl_names(cell: Any) -> dict[str, list[dict[str, str]]]:
    """CSL name variables from an `author` cell: 'Family, Given; Family, Given', a role in parentheses.

    A name without a comma (only one part known) is kept whole as a literal name.
    """
    by_role: dict[str, list[dict[str, str]]] = {}
    for part in (_text(cell) or "").split(";"):
        part = part.strip()
        if not part:
            continue
        role = "author"
        if match := _ROLE.fullmatch(part):
            part, role = match["name"], match["role"]
        family, sep, given = part.partition(",")
        name = {"family": family.strip(), "given": given.strip()} if sep else {"literal": part}
        by_role.setdefault(role, []).append(name)
    return by_role


def csl_date(value: Any) -> dict[str, list[list[int]]] | None:
    """{'date-parts': [[y, m, d]]} from a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    text = _text(value)
    if text is None:
        return None
    return {"date-parts": [[int(p) for p in text.split("-")]]}


def csl_item(row: pd.Series) -> dict[str, Any]:
    """One CSL-JSON item from one row of the `works` table; empty fields are left out."""
    kind = str(row["csl_type"])
    title = str(row["title"]).strip()
    english = _text(row["title_english"])
    if english and english != title:
        title = f"{title} [{english}]"  # Chicago gives a translated title in brackets after the original
    item: dict[str, Any] = {
        "id": str(row["key"]),
        "type": kind,
        **csl_names(row["author"]),
        "title": title,
        _CONTAINER.get(kind, "container-title"): _text(row["container"]),
        "volume": _text(row["volume"]),
        "number" if kind == "report" else "issue": _text(row["issue"]),
        "publisher": _text(row["publisher"]),
        "publisher-place": _text(row["place"]),
        "issued": csl_date(row["issued"]),
        "accessed": csl_date(row["accessed"]),
        "page": _text(row["pages"]),
        "URL": _text(row["url"]),
        "DOI": _text(row["doi"]),
        "language": _text(row["language"]),
    }
    return {k: v for k, v in item.items() if v is not None}


def csl_items(works: pd.DataFrame) -> list[dict[str, Any]]:
    """Every work as a CSL-JSON item, sorted by id."""
    items = [csl_item(row) for _, row in works.iterrows()]
    return sorted(items, key=lambda item: item["id"])


def write_csl_json(path: str | Path, works: pd.DataFrame | None = None) -> None:
    """Write the validated `works` table (or `works`, when given) as pretty, deterministic CSL-JSON."""
    if works is None:
        from analysis import data  # imported here so that the mapping above needs no data on disk

        works = data.table("works")
    text = json.dumps(csl_items(works), ensure_ascii=False, indent=2, sort_keys=True)
    Path(path).write_text(text + "\n", encoding="utf-8")
