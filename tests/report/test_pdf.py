"""The PDF: every chapter's title in its text, its figures drawn, notes and bibliography present."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report.conftest import chapters

pytestmark = pytest.mark.build


def heading(chapter: Path) -> str:
    """The chapter's title: its first level-1 heading, without attributes."""
    match = re.search(r"^# (.+?)(?:\s*\{.*\})?\s*$", chapter.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{chapter.name} has no '# Title' heading"
    return match.group(1)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (apt-get install poppler-utils)")
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils)")
    return path


@pytest.fixture(scope="module")
def pdf(book: Path) -> Path:
    return next(p for p in book.glob("*.pdf"))


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    out = subprocess.run(
        [poppler("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out).replace("’", "'")  # pandoc's smart quotes, as in Quarto


def test_pdf_has_a_page_count_fit_for_the_whole_study(pdf: Path) -> None:
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= len(chapters()) + 2  # title page, contents, at least a page per chapter


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_chapter_title_is_in_the_pdf(text: str, chapter: Path) -> None:
    title = re.sub(r"\s+", " ", heading(chapter))
    assert title in text


def test_every_figure_is_in_the_pdf_with_its_number(text: str) -> None:
    """Counts captions ("Figure 3.2: …"), not the cross references the prose itself holds."""
    captions = sum(c.read_text(encoding="utf-8").count("#| fig-cap:") for c in chapters())
    numbers = re.findall(r"\bFigure (\d+\.\d+|[A-Z]\.\d+): ", text)
    assert len(numbers) == len(set(numbers)) == captions > 0


def test_pdf_figures_are_vector_drawings(pdf: Path) -> None:
    """Charts go in as SVG, so the PDF holds vector paths, not only raster images."""
    images = subprocess.run(
        [poppler("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 0, "charts should be vector graphics, not embedded images"


def test_pdf_is_declared_pdf_ua_1(pdf: Path) -> None:
    """Typst checks PDF/UA-1 while it writes (`pdf-standard: ua-1`) and declares it in the XMP metadata."""
    import xml.etree.ElementTree as ET

    raw = pdf.read_bytes()
    start, end = raw.find(b"<x:xmpmeta"), raw.find(b"</x:xmpmeta>")
    assert start >= 0 and end > start, "the PDF has no XMP metadata packet"
    xmp = ET.fromstring(raw[start : end + len(b"</x:xmpmeta>")])
    parts = [e.text for e in xmp.iter("{http://www.aiim.org/pdfua/ns/id/}part")]
    parts += [v for e in xmp.iter() for k, v in e.attrib.items() if k == "{http://www.aiim.org/pdfua/ns/id/}part"]
    assert parts == ["1"]
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
