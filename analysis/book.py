"""The book's chapters, as `_quarto.yml` declares them: the one list of chapters in the package.

Data rows name the chapter that tells them by its file stem (`major-powers` for `report/major-powers.qmd`);
the schemas accept exactly the stems declared here, and the audit orders and labels its findings by them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from analysis.build_contract import ROOT, record_read

CONFIG = ROOT / "_quarto.yml"
_HEADING = re.compile(r"^# (.+?)(?:\s+\{[^}]*\})?\s*$", re.MULTILINE)


def _files(entries: list) -> list[str]:
    """Chapter files of `book: chapters:` or `appendices:`, parts (`{part:, chapters:}`) opened."""
    files: list[str] = []
    for entry in entries or []:
        if isinstance(entry, dict):
            files += _files(entry.get("chapters", []))
        else:
            files.append(str(entry))
    return files


@cache
def chapter_files() -> tuple[str, ...]:
    """Every chapter and appendix file, relative to the project, in reading order."""
    book = (yaml.safe_load(CONFIG.read_text(encoding="utf-8")) or {}).get("book", {})
    return tuple(_files(book.get("chapters", [])) + _files(book.get("appendices", [])))


def chapters() -> tuple[str, ...]:
    """The chapters' file stems in reading order: the values a dataset's `chapter` column may take."""
    return tuple(Path(f).stem for f in chapter_files())


def title(stem: str) -> str:
    """A chapter's title: the text of its first `# ` heading, without attributes."""
    path = ROOT / next(f for f in chapter_files() if Path(f).stem == stem)
    record_read(path)  # a page that shows another chapter's title is rebuilt when that title changes
    found = _HEADING.search(path.read_text(encoding="utf-8"))
    return found.group(1) if found else stem
