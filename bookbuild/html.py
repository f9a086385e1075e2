"""The HTML pages around pandoc's fragments: sidebar of chapters, previous/next links, house CSS."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from string import Template

from bookbuild.crossref import Book, ChapterNumbers, plain_title
from bookbuild.project import Project

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")
VEGA_BUNDLE = "vega-bundle.js"


def stylesheet(project: Project, warn: Callable[[str], None]) -> str:
    """The house CSS, then any `format: html: css:` files of the project (inlined, so never fetched)."""
    css = (project.formats.get("html") or {}).get("css") or []
    parts = [CSS]
    for name in [css] if isinstance(css, str) else css:
        path = project.root / str(name)
        if path.is_file():
            parts.append(f"/* {name} */\n" + path.read_text(encoding="utf-8"))
        else:
            warn(f"  warning   format.html.css: {name} does not exist; ignored")
    return "\n".join(parts)


def _label(info: ChapterNumbers) -> str:
    number = f'<span class="chapter-number">{html.escape(info.number)}</span>' if info.number else ""
    return f"{number}<span>{html.escape(plain_title(info.title))}</span>"


def toc(
    project: Project, book: Book, current: str | None, downloads: list[tuple[str, str]], single: bool = False
) -> str:
    """The sidebar; `single` links to anchors inside one page instead of to pages."""
    home = "#content" if single else "index.html"
    lines = [f'<p class="book-title"><a href="{home}">{html.escape(project.title)}</a></p>', "<ol>"]
    in_appendix = False
    for info in book.chapters:
        ch = info.chapter
        if ch.appendix and not in_appendix:
            in_appendix = True
            lines.append('<li class="toc-part">Appendices</li>')
        if ch.part:
            lines.append(f'<li class="toc-part">{html.escape(ch.part)}</li>')
        href = f"#{info.id}" if single else f"{ch.page}.html"
        here = ' aria-current="page"' if ch.page == current else ""
        lines.append(f'<li><a href="{href}"{here}>{_label(info)}</a></li>')
    lines.append("</ol>")
    if downloads:
        links = "".join(f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>' for text, href in downloads)
        lines.append(f'<div class="downloads"><ol>{links}</ol></div>')
    return "\n".join(lines)


def pager(book: Book, index: int) -> str:
    parts = ['<nav class="pager" aria-label="Previous and next chapter">']
    if index > 0:
        prev = book.chapters[index - 1]
        parts.append(f'<a class="prev" href="{prev.chapter.page}.html" rel="prev">← {_label(prev)}</a>')
    if index + 1 < len(book.chapters):
        nxt = book.chapters[index + 1]
        parts.append(f'<a class="next" href="{nxt.chapter.page}.html" rel="next">{_label(nxt)} →</a>')
    parts.append("</nav>")
    return "\n".join(parts)


def _fill(template: str, project: Project, title: str, head: list[str], body: str, **slots: str) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    return Template(text).substitute(
        lang=html.escape(project.lang),
        title=html.escape(title),
        booktitle=html.escape(project.title),
        head="\n".join(head),
        body=body.strip(),
        **slots,
    )


def page(project: Project, book: Book, index: int, body: str, has_chart: bool, downloads: list[tuple[str, str]]) -> str:
    info = book.chapters[index]
    head = ['<link rel="stylesheet" href="site.css">']
    if has_chart:
        head.append(f'<script src="{VEGA_BUNDLE}"></script>')
    title = plain_title(info.title)
    if info.number:
        title = f"{info.number} {title}"
    if index:
        title = f"{title} – {project.title}"
    return _fill(
        "page.html",
        project,
        title=title,
        head=head,
        home="index.html",
        toc=toc(project, book, info.chapter.page, downloads),
        body=body,
        pager=pager(book, index),
    )


def single_page(project: Project, book: Book, body: str, css: str, vega_bundle: str | None) -> str:
    """The whole book in one file: CSS and the Vega bundle inlined, so it needs nothing beside it."""
    head = [f"<style>\n{css}</style>"]
    if vega_bundle is not None:
        head.append(f"<script>\n{vega_bundle}\n</script>")
    block = [f'<header class="title-block"><h1 class="title">{html.escape(project.title)}</h1>']
    if project.subtitle:
        block.append(f'<p class="subtitle">{html.escape(project.subtitle)}</p>')
    if project.authors:
        block.append(f'<p class="author">{html.escape(", ".join(project.authors))}</p>')
    if project.date:
        block.append(f'<p class="date">{html.escape(project.date)}</p>')
    block.append("</header>")
    return _fill(
        "single.html",
        project,
        title=project.title,
        head=head,
        home="#content",
        toc=toc(project, book, None, [], single=True),
        titleblock="\n".join(block),
        body=body,
    )
