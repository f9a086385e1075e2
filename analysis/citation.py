"""'Cite this edition': the book's citation block, read from CITATION.cff so both say the same thing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CFF = ROOT / "CITATION.cff"

# The marks that start markup inside a line (emphasis, code, links, citations, raw HTML, math, spans); a
# backslash makes each literal. Every line of the block starts with the block's own words or marks, so the
# marks that only mean something at a line's start (lists, headings) need no escape.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|@$~^&!])")
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")


def escape(text: object) -> str:
    """Text as literal markdown: no emphasis, link, citation, raw HTML or math can come out of it."""
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def _link(url: object) -> str:
    url = str(url)
    return f"<{url}>" if _URL.fullmatch(url) else escape(url)


def load(path: Path = CFF) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _names(people: list[dict[str, Any]]) -> str:
    names = [p.get("name") or f"{p.get('given-names', '')} {p.get('family-names', '')}".strip() for p in people]
    return escape(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def _entry(item: dict[str, Any]) -> str:
    """One work as a line: authors, *title*, version and date where given, licence, address."""
    parts = [f"{_names(item['authors'])}, *{escape(item['title'])}*"]
    if item.get("version"):
        parts.append(f"version {escape(item['version'])}")
    if item.get("date-released"):
        parts.append(escape(item["date-released"]))
    if item.get("license"):
        parts.append(f"licence {escape(item['license'])}")
    line = ", ".join(parts) + "."
    return line + (f" {_link(item['url'])}" if item.get("url") else "")


def cite_markdown(path: Path = CFF, heading: str = "## Cite this edition") -> str:
    """The citation block for the book: the edition, the article it retells and the data it derives from."""
    cff = load(path)
    references = cff.get("references", [])
    articles = [r for r in references if r.get("type") == "article"]
    data = [r for r in references if r.get("type") != "article"]
    lines = [heading, "", "To cite this edition:", "", f"> {_entry(cff)}", ""]
    if articles:
        lines += ["It retells:", "", *(f"- {_entry(r)}" for r in articles), ""]
    if data:
        lines += ["Its recomputed figures derive from:", "", *(f"- {_entry(r)}" for r in data), ""]
    lines.append(f"The same information, in the Citation File Format, is in `{path.name}` beside the sources.")
    return "\n".join(lines) + "\n"
