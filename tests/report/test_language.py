"""Language of parts: the Russian title is marked as Russian wherever the book prints it (HTML, PDF, Word)."""

from __future__ import annotations

import re
import subprocess
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis import data
from tests.report.conftest import chapters, page_name
from tests.report.test_pdf import poppler

pytestmark = pytest.mark.build

#: The Cyrillic title of note 1's work, as the data holds it.
TITLE = str(data.table("works").set_index("key").loc["kulagina_2010", "title"])
#: Pages that print it: those citing the work, the bibliography, the audit quoting it, the one-file edition.
PAGES = sorted(
    {page_name(c) for c in chapters() if "@kulagina_2010" in c.read_text(encoding="utf-8")}
    | {"report/references.html", "report/audit.html", "azerbaijan-iran-security-single.html"}
)


class _Cyrillic(HTMLParser):
    """Collects each run of Cyrillic text with the language of the element it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[str | None] = []
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}:
            inherited = self.langs[-1] if self.langs else None
            self.langs.append(dict(attrs).get("lang", inherited))

    def handle_endtag(self, tag: str) -> None:
        if self.langs and tag not in {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}:
            self.langs.pop()

    def handle_data(self, text: str) -> None:
        for run in re.findall(r"[\u0400-\u04ff][^<]*[\u0400-\u04ff]|[\u0400-\u04ff]", text):
            self.found.append((run, self.langs[-1] if self.langs else None))


@pytest.mark.parametrize("page", PAGES)
def test_the_russian_title_is_marked_russian_in_html(book: Path, page: str) -> None:
    parser = _Cyrillic()
    parser.feed((book / page).read_text(encoding="utf-8"))
    runs = [" ".join(run.split()) for run, _ in parser.found]
    assert TITLE in runs, f"{page} does not print the title whole"
    assert [(run, lang) for run, lang in parser.found if lang != "ru"] == []


def test_the_pdf_keeps_the_title_and_tags_it_russian(book: Path) -> None:
    pdf = next(book.glob("*.pdf"))
    text = subprocess.run([poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count(TITLE) >= 2  # the first note and the bibliography
    # Typst writes `#text(lang: "ru")` into the tagged structure as /Lang (ru), inside compressed streams
    langs: set[bytes] = set()
    raw = pdf.read_bytes()
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            langs |= set(re.findall(rb"/Lang\s*\(([a-z-]+)\)", zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    assert b"ru" in langs


def test_the_word_run_of_the_title_is_russian(book: Path) -> None:
    docx = zipfile.ZipFile(next(book.glob("*.docx")))
    for part in ("word/document.xml", "word/footnotes.xml"):
        xml = docx.read(part).decode("utf-8")
        runs = re.findall(r"<w:r>(?:(?!</w:r>).)*?" + re.escape(TITLE) + r"(?:(?!</w:r>).)*?</w:r>", xml, re.S)
        assert runs and all('<w:lang w:val="ru" />' in run for run in runs), part
