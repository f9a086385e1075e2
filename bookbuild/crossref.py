"""Numbers chapters, sections, figures and tables across the whole book, as Quarto does.

Chapters are numbered 1, 2, … and appendices A, B, …; a heading with `.unnumbered` (or `-`) and its
sub-headings get no number. Figures and tables are numbered within their chapter ("Figure 3.2").
The result feeds `crossref.lua`, which turns `@fig-…`, `@tbl-…` and `@sec-…` into numbered links.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from bookbuild.errors import ConfigError
from bookbuild.project import Chapter
from bookbuild.qmd import Heading, Qmd

KINDS = {"fig": "Figure", "tbl": "Table"}


@dataclass
class ChapterNumbers:
    chapter: Chapter
    number: str | None  # "3", "A", or None when unnumbered
    title: str  # markdown of the first level-1 heading
    id: str  # id of that heading (invented when the source has none)
    headings: dict[int, str] = field(default_factory=dict)  # heading line -> shown number ("3.1")


@dataclass
class Book:
    chapters: list[ChapterNumbers] = field(default_factory=list)
    # label -> what a reference shows ("Figure 3.2", "Chapter 4", "Section 3.1"; in HTML where Quarto differs,
    # "4 Title", "Appendix A — Title"), the page it is on and the chapter that defines it
    targets: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, label: str, text: str, chapter: Chapter, html: str | None = None) -> None:
        if label in self.targets:
            raise ConfigError(f"{chapter.path}: label '{label}' is already used in {self.targets[label]['chapter']}")
        self.targets[label] = {"text": text, "html": html or text, "page": chapter.page, "chapter": chapter.path}

    def dividers(self, n: int) -> list[str]:
        """The titles of the dividers before chapter `n`: "Appendices" before the first appendix, then its part's."""
        ch, titles = self.chapters[n].chapter, []
        if ch.appendix and not (n and self.chapters[n - 1].chapter.appendix):
            titles.append("Appendices")
        return titles + ([ch.part] if ch.part else [])

    def lua_map(self) -> dict:
        """The JSON handed to crossref.lua."""
        files = {c.chapter.path.rsplit("/", 1)[-1]: {"page": c.chapter.page, "id": c.id} for c in self.chapters}
        return {"targets": dict(sorted(self.targets.items())), "files": files}


def _letter(n: int) -> str:
    """Appendix letters: A … Z, AA, AB …"""
    return _letter((n - 1) // 26) + string.ascii_uppercase[(n - 1) % 26] if n else ""


def number_book(chapters: list[Chapter], qmds: dict[str, Qmd]) -> Book:
    book, counts = Book(), {False: 0, True: 0}  # chapters, appendices
    for ch in chapters:
        qmd = qmds[ch.path]
        first = next((h for h in qmd.headings if h.level == 1), None)
        title = first.title if first else str(qmd.meta.get("title") or "")  # Quarto also reads the front matter's
        if first is None and not title:
            raise ConfigError(f"{ch.path}: a chapter needs a '# Title' heading or a 'title:' in its front matter")
        number = None
        if not (first and first.unnumbered):
            counts[ch.appendix] += 1
            number = _letter(counts[True]) if ch.appendix else str(counts[False])
        info = ChapterNumbers(ch, number, title, (first and first.id) or f"chapter-{Path(ch.page).name}")
        book.chapters.append(info)
        if first and first.id and first.id.startswith("sec-") and number:  # Quarto refers to numbered ones only
            word = "Appendix" if ch.appendix else "Chapter"
            # Quarto's HTML books name a chapter by number and title; its Typst, by "Chapter 4".
            html = (f"{word} {number} — " if ch.appendix else f"{number}\u00a0 ") + plain_title(title)
            book.add(first.id, f"{word} {number}", ch, html)
        _number_sections(book, info, qmd.headings, first)
        floats = {"fig": 0, "tbl": 0}  # figures and tables, numbered within the chapter
        for label in qmd.floats:
            floats[kind := label[:3]] += 1
            number = f"{info.number}.{floats[kind]}" if info.number else str(floats[kind])
            book.add(label, f"{KINDS[kind]} {number}", ch)
    return book


def _number_sections(book: Book, info: ChapterNumbers, heads: list[Heading], first: Heading | None) -> None:
    counters: list[int] = []
    for h in heads:
        if h is first:
            if info.number:
                info.headings[h.line] = f"Appendix {info.number} —" if info.chapter.appendix else info.number
            continue
        if h.level == 1 or info.number is None or h.unnumbered:  # as in Quarto, no reference can name it
            continue
        depth = h.level - 1
        counters = (counters + [0] * depth)[:depth]
        counters[-1] += 1
        info.headings[h.line] = shown = ".".join([info.number, *map(str, counters)])
        if h.id and h.id.startswith("sec-"):
            book.add(h.id, f"Section {shown}", info.chapter)


def plain_title(markdown: str) -> str:
    """Title text without markdown emphasis or links, for tables of contents and <title>."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text).strip()
