"""The HTML pages: pandoc writes each whole page through `templates/page.html`; this module gives it the
sidebar, pager and title block as metadata, and does the little pandoc cannot."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bookbuild.assemble import fenced
from bookbuild.crossref import Book, ChapterNumbers, plain_title
from bookbuild.errors import BuildError, ConfigError
from bookbuild.pandoc import convert
from bookbuild.project import Project

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = TEMPLATES / "page.html"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")
BUILT_IN_THEMES = {"default"}  # Quarto's Bootstrap themes bookbuild can stand in for with its own layout


def render(project: Project, xref_file: Path, page: str, markdown: str, meta: dict[str, Any], *extra: str) -> str:
    """A whole page from pandoc through the house template (`page` "" for the one-file edition)."""
    extra = ("--standalone", "--template", str(TEMPLATE), *extra)
    bib = {"bibliography": project.bibliography, "csl": project.csl}
    return convert(markdown, "html5", project.root, xref_file, page, meta, *extra, **bib).decode()


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


def text(value: str, smart: bool = False) -> str:
    """`value` as literal text in pandoc metadata, which pandoc reads as markdown (and then escapes for HTML):
    every ASCII punctuation mark backslash-escaped, but for quotes when `smart` (curled, as Quarto sets the
    book's title)."""
    return re.sub(r"""([!#-&(-/:-@\[-`{-~])""" if smart else r"([!-/:-@\[-`{-~])", r"\\\1", value)


def attribute(value: str) -> str:
    """`text` for an attribute's value: pandoc's HTML writer escapes `<`, `>` and `&` in metadata but not the
    double quote, so that one is percent-encoded (the same URL)."""
    return text(value.replace('"', "%22"))


def _label(info: ChapterNumbers, href: str) -> dict[str, str]:
    label = {"href": attribute(href), "title": text(plain_title(info.title))}
    return {**label, "number": text(info.number)} if info.number else label


def _sidebar(book: Book, current: str | None) -> list[dict[str, Any]]:
    """The chapters, with part and appendix dividers; `current` None links to anchors in the one-file edition."""
    up, entries, in_appendix = to_root(current or ""), [], False
    for info in book.chapters:
        ch = info.chapter
        if ch.appendix and not in_appendix:
            in_appendix = True
            entries.append({"part": "Appendices"})
        if ch.part:
            entries.append({"part": text(ch.part)})
        entries.append(_label(info, f"{up}{ch.page}.html" if current is not None else f"#{info.id}"))
        if ch.page == current:
            entries[-1]["current"] = True
    return entries


def _meta(project: Project, book: Book, page: str | None, title: str, home: str) -> dict[str, Any]:
    """What every page's template reads: its language and `<title>`, the book's title and home, the sidebar."""
    return {
        "lang": attribute(project.lang),
        "pagetitle": text(title),
        "bb-book": text(project.title),
        "bb-home": attribute(home),
        "bb-toc": _sidebar(book, page),
    }


def _title_block(project: Project) -> dict[str, Any]:
    """The book's title, subtitle, authors and date (the template leaves out empty ones), as Quarto's books show
    them on the home page."""
    return {
        "title": text(project.title, smart=True),
        "subtitle": text(project.subtitle or "", smart=True),
        "author": [text(a) for a in project.authors],
        "date": text(project.date or ""),
    }


def _includes(items: list[str]) -> list[str]:
    """Header includes as raw HTML blocks: metadata is markdown, and these are the author's own HTML."""
    return [fenced(item, "{=html}") + "\n" for item in items]  # the newline: pandoc reads blocks, not a line


def page_meta(project: Project, book: Book, index: int, downloads: list[tuple[str, str]]) -> dict[str, Any]:
    """The template's metadata for chapter `index`'s page."""
    info = book.chapters[index]
    up = to_root(info.chapter.page)
    title = f"{info.number} {plain_title(info.title)}" if info.number else plain_title(info.title)
    meta = _meta(project, book, info.chapter.page, f"{title} – {project.title}" if index else title, f"{up}index.html")
    meta["bb-root"] = attribute(up)
    meta["bb-downloads"] = [{"text": text(t), "href": attribute(up + href)} for t, href in downloads]
    meta["header-includes"] = _includes(project.includes("html", info.chapter.path))
    for key, n in (("bb-prev", index - 1), ("bb-next", index + 1)):
        if 0 <= n < len(book.chapters):
            meta[key] = _label(book.chapters[n], f"{up}{book.chapters[n].chapter.page}.html")
    return {**meta, **_title_block(project)} if info.chapter.page == "index" else meta


def _inline(project: Project, chapter: str, include: str) -> str:
    """A header include for the one-file edition: `<script src>` of a local file becomes the script itself."""
    m = re.fullmatch(r'\s*<script src="([^":]+)"></script>\s*', include)
    if not m:
        return include
    path = (project.root / chapter).parent / m.group(1)
    return f"<script>\n{path.read_text(encoding='utf-8')}\n</script>"


def single_meta(project: Project, book: Book) -> dict[str, Any]:
    """The template's metadata for the whole book in one file."""
    return {**_meta(project, book, None, project.title, "#content"), **_title_block(project), "bb-single": True}


def single_head(project: Project, css: str) -> str:
    """The one-file edition's CSS and every chapter's header scripts, inlined so it needs nothing beside it; put
    in after pandoc (`finish`): as metadata, their megabyte costs pandoc seconds (the filters walk it)."""
    head = [f"<style>\n{css}</style>"]
    for ch in project.chapters:
        for include in project.includes("html", ch.path):
            if (inlined := _inline(project, ch.path, include)) not in head:
                head.append(inlined)
    return "\n".join(head) + "\n"


#: The opening tag pandoc's HTML writer gives the notes at the end of a page.
_FOOTNOTES = re.compile(r'<section id="footnotes" class="footnotes[^"]*" role="doc-endnotes">')
#: An element marked to be left out of the one-page edition (it links to files beside the pages, e.g. a chart's
#: downloads); it may hold other elements, but none of its own tag.
_OMIT = re.compile(r'<(\w+)\b[^>]*\sdata-single-page="omit"[^>]*>.*?</\1>\n?', re.S)
#: A chapter's title in the one-file edition, a level down (`--shift-heading-level-by=1`) under the book's.
_CHAPTER_TITLE = re.compile(r'(<section class="chapter"[^>]*>\n<h2)(?: class="([^"]*)")?')


def finish(page: str, single_head: str | None = None) -> str:
    """What pandoc cannot do: the notes' `<section>` gets a heading, visually hidden as the notes need none on
    screen (a section without one is unnamed to assistive technology); in the one-file edition (`single_head`
    given), its head goes in, marked elements are left out and chapter titles keep their look (site.css)."""
    page = _FOOTNOTES.sub(lambda m: m.group(0) + '\n<h2 class="visually-hidden">Footnotes</h2>', page, count=1)
    if single_head is None:
        return page
    page = page.replace("</head>", single_head + "</head>", 1)
    if '<p class="heading"' in page:  # pandoc's stand-in for a heading below level 6
        raise BuildError("a level-6 heading cannot go one level down in the one-file edition")
    page = _CHAPTER_TITLE.sub(lambda m: f'{m[1]} class="{" ".join(filter(None, ["chapter-title", m[2]]))}"', page)
    return _OMIT.sub("", page)


def content(page: str) -> str:
    """The page's own content (`main`), without the links every page has (sidebar, stylesheet, header scripts)."""
    return page[page.index('<main id="content">') : page.rindex("</main>")]
