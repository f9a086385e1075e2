"""The cited works as CSL items, the bibliography pandoc's citeproc reads for the Chicago notes.

`csl_items` maps one row of the `works` table to one CSL item; `write_csl_json` writes them all to a file
that is byte-for-byte the same for the same data: CSL-YAML for a `.yaml`/`.yml` path, else CSL-JSON.

The book uses CSL-YAML because pandoc reads its values as markdown (CSL-JSON allows only citeproc-js's few
HTML tags): so a title in another language can be marked with it (`analysis.language.in_language`), in the
notes and the bibliography alike. Every value is escaped (`analysis.escape.text`) first: data is text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis import escape, language

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


def title_language(row: pd.Series) -> str | None:
    """The language the `title` cell is written in when it is not the book's, else None."""
    lang = _text(row["language"])
    return lang if lang is not None and language.written_in(str(row["title"]), lang) else None


def _markdown(value: Any) -> Any:
    """A CSL value with every string in it escaped as markdown text (ids, types and dates have none)."""
    if isinstance(value, str):
        return escape.text(value)
    if isinstance(value, list):
        return [_markdown(v) for v in value]
    if isinstance(value, dict):
        return {k: _markdown(v) for k, v in value.items()}
    return value


#: CSL fields that are names or codes, not text pandoc reads as markdown.
_NOT_MARKDOWN = ("id", "type", "language", "issued", "accessed")


def csl_markdown_item(row: pd.Series) -> dict[str, Any]:
    """`csl_item(row)` for CSL-YAML: every text value escaped, a title not in English marked with its language
    (the original only: not the English translation in brackets after it)."""
    item = csl_item(row)
    out = {k: (v if k in _NOT_MARKDOWN else _markdown(v)) for k, v in item.items()}
    lang = title_language(row)
    if lang is not None:
        title = language.in_language(escape.text(str(row["title"]).strip()), lang)
        english = _text(row["title_english"])
        if english and english != str(row["title"]).strip():
            title += " " + escape.text(f"[{english}]")
        out["title"] = title
    return out


def write_csl_json(path: str | Path, works: pd.DataFrame | None = None) -> None:
    """Write the validated `works` table (or `works`, when given) as deterministic CSL: CSL-YAML (markdown
    values) when `path` ends in .yaml or .yml, else pretty CSL-JSON."""
    if works is None:
        from analysis import data  # imported here so that the mapping above needs no data on disk

        works = data.table("works")
    path = Path(path)
    if path.suffix in (".yaml", ".yml"):
        rows = [csl_markdown_item(row) for _, row in works.iterrows()]
        refs = sorted(rows, key=lambda item: item["id"])
        text = yaml.safe_dump({"references": refs}, allow_unicode=True, sort_keys=True, width=1_000_000)
        path.write_text(text, encoding="utf-8")
        return
    text = json.dumps(csl_items(works), ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
