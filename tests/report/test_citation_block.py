"""The built book shows the 'Cite this edition' block that `analysis.citation` makes from CITATION.cff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import citation

pytestmark = pytest.mark.build


def test_a_page_of_the_book_shows_how_to_cite_the_edition(book: Path) -> None:
    cff = citation.load()
    pages = [p for p in sorted(book.glob("**/*.html")) if 'id="cite-this-edition"' in p.read_text(encoding="utf-8")]
    assert pages, "no page of the book has the 'Cite this edition' block"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        block = html[html.index('id="cite-this-edition"') :]
        text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
        assert f"version {cff['version']}" in text, page.name
        assert "Tassadit Klaleche" in text and "SIPRI Arms Transfers Database" in text, page.name
