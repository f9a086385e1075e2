"""Wraps pandoc's Typst output in the house book template and compiles it to one PDF."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import typst

from bookbuild.assemble import typst_string
from bookbuild.errors import BuildError
from bookbuild.project import Project, as_list

TEMPLATE = Path(__file__).parent / "templates" / "book.typ"


def book_source(project: Project, body: str) -> str:
    """The template with its `/*@slot@*/`s filled, in one pass (no value is read as a slot); the project's own
    `include-in-header` follows the template's rules and `include-before-body` opens the body, as in Quarto (the
    whole book is one Typst document)."""
    slots = {
        "title": typst_string(project.title),
        "subtitle": typst_string(project.subtitle) if project.subtitle is not None else "none",
        "authors": "(" + "".join(typst_string(a) + ", " for a in project.authors) + ")",
        "date": typst_string(project.date) if project.date is not None else "none",
        "lang": typst_string(project.lang.split("-")[0]),
        "paper": typst_string(str((project.formats.get("typst") or {}).get("papersize", "a4"))),
        "header": "".join(f"{text}\n" for text in project.includes("typst", "index.qmd")),
        "body": "".join(f"{text}\n" for text in project.includes("typst", "index.qmd", "include-before-body")) + body,
    }
    return re.sub(r"/\*@(\w+)@\*/", lambda m: slots[m[1]], TEMPLATE.read_text(encoding="utf-8"))  # one pass


def compile_pdf(project: Project, body: str, files: dict[str, bytes]) -> bytes:
    """Compiles in a scratch folder (the Typst root), so that no path of this machine reaches the PDF, with the PDF
    standards of `format: typst: pdf-standard:` (e.g. ua-1) and a fixed creation time: SOURCE_DATE_EPOCH, else the
    epoch (never the clock)."""
    source = book_source(project, body)
    with tempfile.TemporaryDirectory(prefix="bookbuild-typst-") as tmp:
        for name, data in {**files, "book.typ": source.encode()}.items():
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_bytes(data)
        try:
            return typst.compile(
                str(Path(tmp) / "book.typ"),
                root=tmp,
                ignore_system_fonts=True,
                timestamp=int(os.environ.get("SOURCE_DATE_EPOCH", "0")),
                pdf_standards=[str(v) for v in as_list((project.formats.get("typst") or {}).get("pdf-standard"))],
            )
        except RuntimeError as err:
            kept = project.root / ".build" / "book.typ"
            kept.parent.mkdir(exist_ok=True)
            kept.write_text(source, encoding="utf-8")
            raise BuildError(f"typst could not compile the PDF (source kept in .build/book.typ):\n{err}") from None
