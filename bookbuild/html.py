"""The HTML pages around pandoc's fragments: sidebar of chapters, previous/next links, house CSS."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from string import Template

from bookbuild.crossref import Book, ChapterNumbers, plain_title
from bookbuild.errors import ConfigError
from bookbuild.project import Project

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")


BUILT_IN_THEMES = {"default"}  # Quarto's Bootstrap themes bookbuild can stand in for with its own layout


def theme_variables(project: Project) -> str:
    """`format: html: theme:` as CSS custom properties: each `.scss` file's `$name: value;` defaults."""
    theme = (project.formats.get("html") or {}).get("theme") or []
    props = []
    for item in [theme] if isinstance(theme, str) else theme:
        name = str(item)
        if not name.endswith(".scss"):
            if name not in BUILT_IN_THEMES:
                raise ConfigError(f"_quarto.yml: format.html.theme {name!r}: bookbuild supports only 'default'")
            continue
        path = project.root / name
        if not path.is_file():
            raise ConfigError(f"_quarto.yml: format.html.theme: {name} does not exist")
        defaults = path.read_text(encoding="utf-8").split("/*-- scss:rules --*/")[0]
        for var, value in re.findall(r"^\$([\w-]+):\s*([^;$]+);", defaults, flags=re.M):
            props.append(f"  --house-{var}: {value.strip()};")
    return ":root {\n" + "\n".join(props) + "\n}\n" if props else ""


def stylesheet(project: Project, warn: Callable[[str], None]) -> str:
    """The theme's variables, the layout CSS, then any `format: html: css:` files (inlined, so never fetched)."""
    css = (project.formats.get("html") or {}).get("css") or []
    parts = [theme_variables(project), CSS]
    for name in [css] if isinstance(css, str) else css:
        path = project.root / str(name)
        if path.is_file():
            parts.append(f"/* {name} */\n" + path.read_text(encoding="utf-8"))
        else:
            warn(f"  warning   format.html.css: {name} does not exist; ignored")
    return "\n".join(parts)


def to_root(page: str) -> str:
    """The relative URL from a page ("report/trade") to the output folder ("../")."""
    return "../" * page.count("/")


def _label(info: ChapterNumbers) -> str:
    number = f'<span class="chapter-number">{html.escape(info.number)}</span>' if info.number else ""
    return f"{number}<span>{html.escape(plain_title(info.title))}</span>"


def toc(
    project: Project, book: Book, current: str | None, downloads: list[tuple[str, str]], single: bool = False
) -> str:
    """The sidebar; `single` links to anchors inside one page instead of to pages."""
    up = to_root(current or "")
    home = "#content" if single else f"{up}index.html"
    lines = [f'<p class="book-title"><a href="{home}">{html.escape(project.title)}</a></p>', "<ol>"]
    in_appendix = False
    for info in book.chapters:
        ch = info.chapter
        if ch.appendix and not in_appendix:
            in_appendix = True
            lines.append('<li class="toc-part">Appendices</li>')
        if ch.part:
            lines.append(f'<li class="toc-part">{html.escape(ch.part)}</li>')
        href = f"#{info.id}" if single else f"{up}{ch.page}.html"
        here = ' aria-current="page"' if ch.page == current else ""
        lines.append(f'<li><a href="{href}"{here}>{_label(info)}</a></li>')
    lines.append("</ol>")
    if downloads:
        links = "".join(
            f'<li><a href="{html.escape(up + href)}">{html.escape(text)}</a></li>' for text, href in downloads
        )
        lines.append(f'<div class="downloads"><ol>{links}</ol></div>')
    return "\n".join(lines)


def pager(book: Book, index: int) -> str:
    parts = ['<nav class="pager" aria-label="Previous and next chapter">']
    up = to_root(book.chapters[index].chapter.page)
    if index > 0:
        prev = book.chapters[index - 1]
        parts.append(f'<a class="prev" href="{up}{prev.chapter.page}.html" rel="prev">← {_label(prev)}</a>')
    if index + 1 < len(book.chapters):
        nxt = book.chapters[index + 1]
        parts.append(f'<a class="next" href="{up}{nxt.chapter.page}.html" rel="next">{_label(nxt)} →</a>')
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


def page(project: Project, book: Book, index: int, body: str, downloads: list[tuple[str, str]]) -> str:
    info = book.chapters[index]
    up = to_root(info.chapter.page)
    head = [f'<link rel="stylesheet" href="{up}site.css">']
    if info.chapter.path in {c.path for c in project.chapters}:  # not a generated page
        head += project.includes("html", info.chapter.path)
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
        home=f"{up}index.html",
        toc=toc(project, book, info.chapter.page, downloads),
        body=labelled_footnotes((title_block(project) + "\n" + body) if info.chapter.page == "index" else body),
        pager=pager(book, index),
    )


def _inline(project: Project, chapter: str, include: str) -> str:
    """A header include for the one-file edition: `<script src>` of a local file becomes the script itself."""
    m = re.fullmatch(r'\s*<script src="([^":]+)"></script>\s*', include)
    if not m:
        return include
    path = (project.root / chapter).parent / m.group(1)
    return f"<script>\n{path.read_text(encoding='utf-8')}\n</script>"


#: An element marked to be left out of the one-page edition (it links to files beside the pages, e.g. a chart's
#: downloads); it may hold other elements, but none of its own tag.
_OMIT = re.compile(r'<(\w+)\b[^>]*\sdata-single-page="omit"[^>]*>.*?</\1>\n?', re.S)


def single_page(project: Project, book: Book, body: str, css: str) -> str:
    """The whole book in one file: CSS and every chapter's header scripts inlined, so it needs nothing beside it
    (elements marked `data-single-page="omit"` are left out)."""
    body = _OMIT.sub("", body)
    head = [f"<style>\n{css}</style>"]
    for ch in project.chapters:
        for include in project.includes("html", ch.path):
            inlined = _inline(project, ch.path, include)
            if inlined not in head:
                head.append(inlined)
    return _fill(
        "single.html",
        project,
        title=project.title,
        head=head,
        home="#content",
        toc=toc(project, book, None, [], single=True),
        titleblock=title_block(project),
        body=labelled_footnotes(under_the_title(body)),
    )


#: The opening tag pandoc's HTML writer gives the notes at the end of a page.
_FOOTNOTES = re.compile(r'<section id="footnotes" class="footnotes[^"]*" role="doc-endnotes">')


def labelled_footnotes(body: str) -> str:
    """The notes' `<section>` with a heading, visually hidden as the notes need none on screen: a section
    without one is unnamed to assistive technology (the Nu checker warns)."""
    return _FOOTNOTES.sub(lambda m: m.group(0) + '\n<h2 class="visually-hidden">Footnotes</h2>', body, count=1)


def _demoted(m: re.Match[str]) -> str:
    close, level, attrs = m.group(1), int(m.group(2)), m.group(3)
    if close:
        return f"</h{level + 1}>"
    if level == 1:  # a chapter title: keeps its look (site.css)
        attrs = (
            attrs.replace('class="', 'class="chapter-title ', 1)
            if 'class="' in attrs
            else ' class="chapter-title"' + attrs
        )
    return f"<h{level + 1}{attrs}>"


def under_the_title(body: str) -> str:
    """The one-file edition's chapters one level down, under the book's title, its one `h1`."""
    if re.search(r"<h6[\s>]", body):
        raise ValueError("a level-6 heading cannot go one level down in the one-file edition")
    return re.sub(r"<(/?)h([1-5])((?:\s[^>]*)?)>", _demoted, body)


def _smart(text: str) -> str:
    """Typographic apostrophes, as pandoc (and so Quarto) sets the book's title."""
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)


def title_block(project: Project) -> str:
    """The book's title, subtitle, authors and date: on the home page, as Quarto's books show them."""
    block = [f'<header class="title-block"><h1 class="title">{html.escape(_smart(project.title))}</h1>']
    if project.subtitle:
        block.append(f'<p class="subtitle">{html.escape(_smart(project.subtitle))}</p>')
    if project.authors:
        block.append(f'<p class="author">{html.escape(", ".join(project.authors))}</p>')
    if project.date:
        block.append(f'<p class="date">{html.escape(project.date)}</p>')
    block.append("</header>")
    return "\n".join(block)
