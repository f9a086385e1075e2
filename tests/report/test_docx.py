"""The Word edition: every chapter, every chart as an image, the notes as Word footnotes, the bibliography."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.report.conftest import chapters
from tests.report.test_pdf import heading

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def docx(book: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(next(book.glob("*.docx")))


def _text(docx: zipfile.ZipFile, part: str) -> str:
    xml = docx.read(part).decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split()).replace("’", "'")


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_chapter_title_is_in_the_word_file(docx: zipfile.ZipFile, chapter: Path) -> None:
    title = " ".join(heading(chapter).split())
    assert title in _text(docx, "word/document.xml")


def test_every_chart_is_an_image_in_the_word_file(docx: zipfile.ZipFile) -> None:
    charts = sum(c.read_text(encoding="utf-8").count("#| fig-cap:") for c in chapters())
    images = [n for n in docx.namelist() if n.startswith("word/media/")]
    drawings = docx.read("word/document.xml").decode("utf-8").count("<w:drawing>")
    assert len(images) >= charts and drawings >= charts


def test_notes_are_word_footnotes_and_the_bibliography_is_there(docx: zipfile.ZipFile) -> None:
    notes = docx.read("word/footnotes.xml").decode("utf-8")
    real = [n for n in re.findall(r'<w:footnote w:id="(\d+)"', notes) if int(n) > 0]  # -1/0 are separators
    assert len(real) >= 40  # at least one footnote per endnote of the article
    body = _text(docx, "word/document.xml")
    assert "Bibliography" in body and "Klaleche" in body
