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
from bookbuild.project import Project, as_list

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = TEMPLATES / "page.html"
CSS = (TEMPLATES / "site.css").read_text(encoding="utf-8")


def render(project: Project, xref_file: Path, page: str, markdown: str, meta: dict[str, Any], *extra: str) -> str:
    """A whole page from pandoc through the house template (`page` "" for the one-file edition)."""
    extra = ("--standalone", "--template", str(TEMPLATE), *extra, *project.citeproc)
    return convert(markdown, "html5", xref_file, page, meta, *extra, cwd=project.root).decode()


def theme_variables(project: Project) -> str:
    """`format: html: theme:` as CSS custom properties: each `.scss` file's `$name: value;` defaults."""
    props = []
    for name in map(str, as_list(project.formats.get("html", {}).get("theme"))):
        if name == "default":  # Quarto's Bootstrap theme, which the house layout stands in for
            continue
        if not name.endswith(".scss") or not (project.root / name).is_file():
            raise ConfigError(f"_quarto.yml: format.html.theme {name!r}: only 'default' and .scss files of the project")
        defaults = (project.root / name).read_text(encoding="utf-8").split("/*-- scss:rules --*/")[0]
        found = re.findall(r"^\$([\w-]+):\s*([^;$]+);", defaults, re.M)
        props += [f"  --house-{variable}: {value.strip()};" for variable, value in found]
    return ":root {\n" + "\n".join(props) + "\n}\n" if props else ""


def stylesheet(project: Project, warn: Callable[[str], None]) -> str:
    """The theme's variables, the layout CSS, then any `format: html: css:` files (inlined, so never fetched)."""
    parts = [theme_variables(project), CSS]
    for name in map(str, as_list(project.formats.get("html", {}).get("css"))):
        if (project.root / name).is_file():
            parts.append(f"/* {name} */\n" + (project.root / name).read_text(encoding="utf-8"))
        else:
            warn(f"  warning   format.html.css: {name} does not exist; ignored")
    return "\n".join(parts)


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
    return {"href": attribute(href), "title": text(plain_title(info.title)), "number": text(info.number or "")}


def _sidebar(book: Book, current: str | None) -> list[dict[str, Any]]:
    """The chapters, with part and appendix dividers; `current` None links to anchors in the one-file edition."""
    up, entries = "../" * (current or "").count("/"), []  # from the page ("report/trade") to the book's root
    for n, info in enumerate(book.chapters):
        ch = info.chapter
        entries += [{"part": text(title)} for title in book.dividers(n)]
        entries.append(_label(info, f"{up}{ch.page}.html" if current is not None else f"#{info.id}"))
        entries[-1] |= {"current": True} if ch.page == current else {}
    return entries


def title_block(project: Project) -> dict[str, Any]:
    """The book's title, subtitle, authors and date as literal metadata, empty ones left out."""
    fields = {"title": project.title, "subtitle": project.subtitle, "date": project.date}
    meta = {key: text(value, smart=key != "date") for key, value in fields.items() if value}
    return meta | ({"author": [text(a) for a in project.authors]} if project.authors else {})


def page_meta(project: Project, book: Book, index: int | None, downloads: list[tuple[str, str]]) -> dict[str, Any]:
    """What the template reads for chapter `index`'s page, or (None) for the whole book in one file: the language,
    `<title>`, the book's title and home, the sidebar, the downloads, the pager and the header includes."""
    info = None if index is None else book.chapters[index]
    page = info.chapter.page if info else None
    meta = {"lang": attribute(project.lang), "bb-book": text(project.title), "bb-toc": _sidebar(book, page)}
    meta |= title_block(project) if page in (None, "index") else {}  # on the home page, as in Quarto's books
    if info is None:
        return meta | {"pagetitle": text(project.title), "bb-home": "#content", "bb-single": True}
    up, title = "../" * info.chapter.page.count("/"), plain_title(info.title)
    title = f"{info.number} {title}" if info.number else title
    meta |= {"pagetitle": text(f"{title} – {project.title}" if index else title), "bb-root": attribute(up)}
    meta |= {"bb-home": attribute(f"{up}index.html")}
    meta["bb-downloads"] = [{"text": text(t), "href": attribute(up + href)} for t, href in downloads]
    # Raw HTML blocks: metadata is markdown, and these are the author's own HTML (the newline: a block).
    meta["header-includes"] = [fenced(h, "{=html}") + "\n" for h in project.includes("html", info.chapter.path)]
    for key, n in (("bb-prev", index - 1), ("bb-next", index + 1)):
        if 0 <= n < len(book.chapters):
            meta[key] = _label(book.chapters[n], f"{up}{book.chapters[n].chapter.page}.html")
    return meta


def single_head(project: Project, css: str) -> str:
    """The one-file edition's CSS and every chapter's header includes, a local `<script src>` inlined, so that it
    needs nothing beside it; put in after pandoc (`finish`): as metadata, their megabyte costs pandoc seconds."""
    head = [f"<style>\n{css}</style>"]
    for ch in project.chapters:
        for include in project.includes("html", ch.path):
            if m := re.fullmatch(r'\s*<script src="([^":]+)"></script>\s*', include):
                include = f"<script>\n{((project.root / ch.path).parent / m[1]).read_text(encoding='utf-8')}\n</script>"
            head += [include] if include not in head else []
    return "\n".join(head) + "\n"


#: The opening tag pandoc's HTML writer gives the notes at the end of a page.
_FOOTNOTES = re.compile(r'<section id="footnotes" class="footnotes[^"]*" role="doc-endnotes">')
#: An element marked to be left out of the one-page edition (it links to files beside the pages, e.g. a chart's
#: downloads); it may hold other elements, but none of its own tag.
_OMIT = re.compile(r'<(\w+)\b[^>]*\sdata-single-page="omit"[^>]*>.*?</\1>\n?', re.S)


def finish(page: str, single_head: str | None = None) -> str:
    """What pandoc cannot do: the notes' `<section>` gets a heading, visually hidden as the notes need none on
    screen (a section without one is unnamed to assistive technology); in the one-file edition (`single_head`
    given), its head goes in and marked elements are left out."""
    page = _FOOTNOTES.sub(lambda m: m.group(0) + '\n<h2 class="visually-hidden">Footnotes</h2>', page, count=1)
    if single_head is None:
        return page
    page = page.replace("</head>", single_head + "</head>", 1)
    if '<p class="heading"' in page:  # pandoc's stand-in for a heading below level 6
        raise BuildError("a level-6 heading cannot go one level down in the one-file edition")
    return _OMIT.sub("", page)


def content(page: str) -> str:
    """The page's own content (`main`), without the links every page has (sidebar, stylesheet, header scripts)."""
    return page[page.index('<main id="content">') : page.rindex("</main>")]
