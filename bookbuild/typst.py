"""Wraps pandoc's Typst output in the house book template and compiles it to one PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typst

from bookbuild.assemble import typst_string
from bookbuild.errors import BuildError
from bookbuild.project import Project

TEMPLATE = Path(__file__).parent / "templates" / "book.typ"


def _value(text: str | None) -> str:
    return typst_string(text) if text is not None else "none"


def book_source(project: Project, body: str) -> str:
    paper = str((project.formats.get("typst") or {}).get("papersize", "a4"))
    slots = {
        "title": _value(project.title),
        "subtitle": _value(project.subtitle),
        "authors": "(" + "".join(typst_string(a) + ", " for a in project.authors) + ")",
        "date": _value(project.date),
        "lang": typst_string(project.lang.split("-")[0]),
        "paper": typst_string(paper),
    }
    source = TEMPLATE.read_text(encoding="utf-8")
    for key, value in slots.items():
        source = source.replace(f"/*@{key}@*/", value)
    # The whole book is one Typst document, so the project's own `include-before-body` opens it, as in Quarto.
    before = "".join(f"{text}\n" for text in project.includes("typst", "index.qmd", "include-before-body"))
    return source.replace("/*@body@*/", before + body)


def timestamp() -> int:
    """A fixed creation time: SOURCE_DATE_EPOCH when set, else the epoch (never the clock)."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def pdf_standards(project: Project) -> list[str]:
    """`format: typst: pdf-standard:` of _quarto.yml (Quarto's option: one value or a list, e.g. ua-1)."""
    value = (project.formats.get("typst") or {}).get("pdf-standard") or []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def compile_pdf(project: Project, body: str, files: dict[str, bytes]) -> bytes:
    """Compiles in a scratch folder (the Typst root), so no path of this machine reaches the PDF."""
    source = book_source(project, body)
    with tempfile.TemporaryDirectory(prefix="bookbuild-typst-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        (root / "book.typ").write_text(source, encoding="utf-8")
        try:
            pdf = typst.compile(
                str(root / "book.typ"),
                root=str(root),
                ignore_system_fonts=True,
                timestamp=timestamp(),
                pdf_standards=pdf_standards(project),
            )
        except RuntimeError as err:
            kept = project.root / ".build" / "book.typ"
            kept.parent.mkdir(exist_ok=True)
            kept.write_text(source, encoding="utf-8")
            raise BuildError(f"typst could not compile the PDF (source kept in .build/book.typ):\n{err}") from None
        return pdf
