"""CITATION.cff: valid for cffconvert, in step with the project's own metadata, and shown in the book."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pypandoc
import pytest
import yaml

from analysis import citation

ROOT = Path(__file__).resolve().parents[2]
CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True, timeout=120)


def test_cffconvert_validates_citation_cff() -> None:
    done = cffconvert_validate(ROOT / "CITATION.cff")
    assert done.returncode == 0, done.stdout + done.stderr


def test_cffconvert_rejects_an_invalid_file(tmp_path: Path) -> None:
    """cffconvert runs with a newer jsonschema than it asks for (requirements/overrides.txt): it must still fail."""
    cff = citation.load()
    del cff["authors"]
    bad = tmp_path / "CITATION.cff"
    bad.write_text(yaml.safe_dump(cff, allow_unicode=True), encoding="utf-8")
    assert cffconvert_validate(bad).returncode != 0


def test_edition_metadata_agrees_with_the_project() -> None:
    cff = citation.load()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    book = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["book"]
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]
    assert cff["title"] == book["title"]
    assert str(cff["date-released"]) == str(book["date"])


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def test_the_article_and_its_author_are_credited() -> None:
    article = next(r for r in citation.load()["references"] if r["type"] == "article")
    text = ROOT.parent / "shared" / "study" / "article.txt"
    if not text.is_file():
        pytest.skip(f"the article text is not available here ({text})")
    printed_title = text.read_text(encoding="utf-8").splitlines()[0]
    assert _letters(article["title"]) == _letters(printed_title)
    assert article["authors"] == [
        {
            "family-names": "Klaleche",
            "given-names": "Tassadit",
            "affiliation": "Mouloud Mammeri University of Tizi Ouzou",
        }
    ]


def test_the_datasets_it_derives_from_are_credited() -> None:
    titles = {r["title"] for r in citation.load()["references"] if r["type"] == "database"}
    assert titles == {"SIPRI Arms Transfers Database", "World Development Indicators"}


def test_cite_block_shows_the_edition_the_article_and_the_data() -> None:
    html = pypandoc.convert_text(citation.cite_markdown(), "html", format="markdown")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    cff = citation.load()
    assert f"version {cff['version']}" in text
    for title in [cff["title"], *(r["title"] for r in cff["references"])]:
        assert title.replace("'", "’") in text, title
    assert "Tassadit Klaleche" in text


def test_cite_block_escapes_the_file_text(tmp_path: Path) -> None:
    """Whatever the CFF says reaches the page as text: no emphasis, link, citation, raw HTML or math."""
    cff = citation.load()
    cff["title"] = "A *starred* [link](http://x.example) @cite <b>bold</b> $x$ <script>alert(1)</script>"
    cff["authors"] = [{"name": "Evil_Name `code`"}]
    cff["url"] = "javascript:alert(1)"
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, allow_unicode=True), encoding="utf-8")
    html = " ".join(pypandoc.convert_text(citation.cite_markdown(path), "html", format="markdown").split())
    for markup in (
        "<script",
        "<b>",
        "<em>starred",
        "<code>Evil",
        'href="http://x.example"',
        'class="math',
        'class="citation"',
    ):
        assert markup not in html, markup
    assert "A *starred* [link](http://x.example) @cite &lt;b&gt;bold&lt;/b&gt; $x$" in html
    assert "Evil_Name `code`" in html
