"""The offline render: execute chapters, convert with pandoc, compile the PDF, into a folder the caller publishes."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from bookbuild import html, typst
from bookbuild.assemble import Assembled, chapter_markdown, fenced, typst_string
from bookbuild.crossref import Book, number_book
from bookbuild.errors import ConfigError
from bookbuild.execute import Cache, Executed, execute_book, load_contract
from bookbuild.pandoc import convert, escape_markdown
from bookbuild.project import Project, load_project
from bookbuild.qmd import Qmd, read_qmd

FORMATS = ("html", "pdf", "docx")
_LOCAL_REF = re.compile(r'\s(?:href|src)="(?![a-zA-Z][\w+.-]*:|[#/?])([^"#?]+)')


def _copy(project: Project, stage: Path, path: Path) -> str:
    """A project file copied to the same place in the output; its path there."""
    rel = path.relative_to(project.root).as_posix()
    (stage / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, stage / rel)
    return rel


def copy_resources(project: Project, stage: Path) -> list[str]:
    """`project: resources:` copied to the same place in the output, as Quarto does."""
    matches = {pattern: sorted(p for p in project.root.glob(pattern) if p.is_file()) for pattern in project.resources}
    if missing := [pattern for pattern, paths in matches.items() if not paths]:
        raise ConfigError(f"_quarto.yml: project.resources: {missing[0]} matches no file (run the pre-render step?)")
    return [_copy(project, stage, path) for paths in matches.values() for path in paths]


def copy_linked(project: Project, stage: Path, page: str, fragment: str, log: Callable[[str], None]) -> list[str]:
    """The project's files a page links to (`href`/`src` relative to the page, e.g. a chart's downloads),
    copied to the same place in the output, as Quarto copies the files a page references. Other pages
    (`.html`) are not files of the project; a linked file that does not exist is named in the log."""
    copied = []
    for ref in dict.fromkeys(unescape(m) for m in _LOCAL_REF.findall(fragment)):
        path = ((project.root / page).parent / ref).resolve()
        if ref.endswith(".html") or not path.is_relative_to(project.root):
            continue
        if path.is_file():
            copied.append(_copy(project, stage, path))
        else:
            log(f"  warning   {page}.html links to {ref}, which does not exist")
    return copied


def _combined(book: Book, parts: dict[str, Assembled], fmt: str) -> str:
    """All chapters as one markdown document, with part and appendix dividers."""
    pieces: list[str] = []
    for n, info in enumerate(book.chapters):
        for title in book.dividers(n):
            if fmt == "typst":
                pieces.append(fenced(f"#bb-part({typst_string(title)})", "{=typst}"))
            elif fmt == "docx":
                pieces.append(f'::: {{custom-style="Title"}}\n{escape_markdown(title)}\n:::')
            else:
                pieces.append(fenced(f'<p class="part-title">{escape(title)}</p>', "{=html}"))
        html_only = fmt == "html"  # each chapter a section named by its title
        pieces += [fenced(f'<section class="chapter" aria-labelledby="{info.id}">', "{=html}")] if html_only else []
        pieces.append(parts[info.chapter.path].markdown)
        pieces += [fenced("</section>", "{=html}")] if html_only else []
    return "\n\n".join(pieces) + "\n"


def build(
    root: Path,
    dest: Path,
    formats: tuple[str, ...] = FORMATS,
    use_cache: bool = True,
    log: Callable[[str], None] = print,
    timeout: float | None = None,
) -> list[str]:
    """Renders the book at `root` into the empty folder `dest` (the caller publishes it); the files written."""
    root = Path(root).resolve()
    project = load_project(root)
    chapters = list(project.chapters)
    qmds = {ch.path: read_qmd(root, ch.path) for ch in chapters}
    refs_index = next((i for i, ch in enumerate(chapters) if qmds[ch.path].refs), None)
    book = number_book(chapters, qmds)

    start = time.perf_counter()
    cache, contract = Cache(root) if use_cache else None, load_contract(root)
    runs = execute_book(root, [qmds[c.path] for c in chapters], cache, log, project.execute, timeout, None, contract)
    log(f"  chapters  ready in {time.perf_counter() - start:.1f} s")
    if contract is not None and hasattr(contract, "prune_outputs"):  # the files no chapter wrote this time
        contract.prune_outputs(sorted({r for run in runs.values() for r in run.reads}))

    start = time.perf_counter()
    xref_file = dest.parent / f"xref-{dest.name}.json"  # beside the output folder: not an output
    xref_file.write_text(json.dumps(book.lua_map(), ensure_ascii=False), encoding="utf-8")
    try:
        files = _Render(project, book, qmds, runs, refs_index, dest, xref_file, log).write(formats)
    finally:
        xref_file.unlink(missing_ok=True)
    log(f"  outputs   written in {time.perf_counter() - start:.1f} s")
    return files


@dataclass
class _Render:
    """One rendering of the executed book into a stage folder."""

    project: Project
    book: Book
    qmds: dict[str, Qmd]
    runs: dict[str, Executed]
    refs_index: int | None  # the chapter holding the bibliography (`::: {#refs}`)
    stage: Path
    xref_file: Path
    log: Callable[[str], None]

    def write(self, formats: tuple[str, ...]) -> list[str]:
        """Writes every format asked for; pandoc runs and the Typst compile proceed side by side."""
        slug = self.project.slug
        # The sidebar links to the editions `book: downloads:` names, as Quarto's does, and to the one-file
        # edition only bookbuild writes.
        names = {"pdf": ("PDF", f"{slug}.pdf"), "docx": ("Word", f"{slug}.docx")}
        downloads = [names[d] for d in self.project.downloads if d in formats]
        downloads += [("Whole book on one page", f"{slug}-single.html")] if "html" in formats else []
        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
            books = [pool.submit(self.book_file, fmt) for fmt in ("pdf", "docx") if fmt in formats]
            written = self.html(pool, downloads) if "html" in formats else []
            return written + [future.result() for future in books]

    def parts(self, fmt: str) -> dict[str, Assembled]:
        parts, p = {}, self.project
        for i in self.book.chapters:
            path = i.chapter.path
            parts[path] = chapter_markdown(self.qmds[path], i, self.runs[path], fmt, p.execute, p.html_tables)
        return parts

    def meta(self, index: int | None) -> dict:
        """Pandoc metadata of chapter `index`, or of the whole book (None)."""
        meta: dict = {"lang": self.project.lang}
        if index is not None and self.book.chapters[index].number is None:
            meta["bookbuild-unnumbered"] = True
        if self.refs_index is None:  # as Quarto: without a `::: {#refs}` chapter, each page lists what it cites
            return meta
        if index in (None, self.refs_index):
            return {**meta, "nocite": "@*"}
        return {**meta, "suppress-bibliography": True}  # chapter pages keep only their notes

    def book_file(self, fmt: str) -> str:
        """The whole book as one file: "pdf" through pandoc's Typst writer and Typst, "docx" through pandoc's Word
        writer (notes as Word footnotes, charts as images, a table of contents)."""
        p, to = self.project, {"pdf": "typst", "docx": "docx"}[fmt]
        parts, meta, extra = self.parts(to), self.meta(None), []
        if fmt == "docx":  # its title block, and its contents
            meta, extra = meta | html.title_block(p) | {"toc": True}, ["--standalone", "--toc", "--output", "-"]
        out = convert(_combined(self.book, parts, to), to, self.xref_file, "", meta, *extra, *p.citeproc, cwd=p.root)
        if fmt == "pdf":  # with the figure files the Typst source names
            out = typst.compile_pdf(p, out.decode(), {k: v for part in parts.values() for k, v in part.files.items()})
        (self.stage / f"{p.slug}.{fmt}").write_bytes(out)
        return f"{p.slug}.{fmt}"

    def html(self, pool: ThreadPoolExecutor, downloads: list[tuple[str, str]]) -> list[str]:
        """Every page written whole by pandoc through the house template; `html` gives it the sidebar, pager
        and title block as metadata."""
        parts, project, chapters = self.parts("html"), self.project, self.book.chapters
        css = html.stylesheet(project, self.log)
        pages = [
            pool.submit(html.render, project, self.xref_file, info.chapter.page, parts[info.chapter.path].markdown,
                        {**self.meta(n), **html.page_meta(project, self.book, n, downloads)})
            for n, info in enumerate(chapters)
        ]  # fmt: skip
        # The notes of the one-page edition are endnotes at its end, as in the printed article; its chapters go
        # a level down, under the book's title, its one `h1`.
        meta = {**self.meta(None), **html.page_meta(project, self.book, None, [])}
        markdown = _combined(self.book, parts, "html")
        single = pool.submit(html.render, project, self.xref_file, "", markdown, meta, "--shift-heading-level-by=1")
        out = {"site.css": css}
        linked: list[str] = []
        for info, future in zip(chapters, pages, strict=True):
            out[f"{info.chapter.page}.html"] = html.finish(future.result())
            linked += copy_linked(project, self.stage, info.chapter.page, html.content(future.result()), self.log)
        out[f"{project.slug}-single.html"] = html.finish(single.result(), html.single_head(project, css))
        for name, text in out.items():
            (self.stage / name).parent.mkdir(parents=True, exist_ok=True)
            (self.stage / name).write_text(text, encoding="utf-8")
        if linked:  # listed by count: a book's chart downloads would bury the outputs a reader opens
            self.log(f"  copied    {len(set(linked))} files the pages link to")
        return list(out) + copy_resources(project, self.stage)
