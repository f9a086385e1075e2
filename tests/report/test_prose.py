"""The chapters' own text: no number typed by hand, every endnote cited, no sentence of the article copied."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from analysis import data
from analysis.metadata import MEASURE_TABLES, TABLES
from tests.report.conftest import ROOT, chapters

ARTICLE_TOOLS = ROOT.parent / "shared" / "tools" / "copied_text.py"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# What is not prose: front matter, code cells, inline code and expressions, citations, cross-references,
# attributes, and addresses.
NOT_PROSE = [
    re.compile(r"\A---\n.*?\n---\n", re.S),
    re.compile(r"^```.*?^```", re.S | re.M),
    re.compile(r"`[^`]*`"),
    re.compile(r"\[-?@[^\]]*\]"),
    re.compile(r"@(?:fig|tbl|sec)-[\w-]+"),
    re.compile(r"\{[#.][^}]*\}"),
    re.compile(r"https?://\S+"),
]


def prose(chapter: Path) -> str:
    text = chapter.read_text(encoding="utf-8")
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def caption_text(chapter: Path) -> str:
    """Figure and table captions are typed in cell options, so they obey the same rule as the prose."""
    return "\n".join(re.findall(r"^#\| (?:fig|tbl)-(?:cap|alt): (.*)$", chapter.read_text(encoding="utf-8"), re.M))


@cache
def data_numbers() -> frozenset[str]:
    """Every number that stands in any cell of any dataset, written without thousands separators."""
    found: set[str] = set()
    # The measured-factor tables are long numeric series (thousands of values) that reach the prose only
    # through inline expressions; counting their cells would explain almost any number typed by hand.
    for t in (t for t in TABLES if t not in MEASURE_TABLES):
        for cell in data.table(t.name).astype("string").fillna("").to_numpy().ravel():
            found.update(n.replace(",", "") for n in NUMBER.findall(str(cell)))
    # dates also stand in the data as their parts: 1918-05-28 explains 1918 and 28
    return frozenset(found)


def unexplained(text: str) -> list[str]:
    known = data_numbers()
    return [n for n in NUMBER.findall(text) if n.replace(",", "").rstrip(".") not in known]


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_no_number_is_typed_into_the_prose(chapter: Path) -> None:
    missing = unexplained(prose(chapter) + "\n" + caption_text(chapter))
    assert missing == [], f"numbers typed by hand that no dataset row explains: {missing}"


def test_the_number_check_catches_a_typed_figure() -> None:
    assert unexplained("Trade rose to $689 million in 1918.") == ["689"]


def test_every_endnote_is_cited_in_the_chapters() -> None:
    text = "\n".join(c.read_text(encoding="utf-8") for c in chapters())
    cited = set(re.findall(r"@([a-z0-9_]+)", text))
    notes = data.table("notes")
    missing = sorted(int(n) for n, w in zip(notes["note"], notes["work"], strict=True) if w not in cited)
    assert missing == [], f"endnotes whose work no chapter cites: {missing}"


def test_every_citation_names_a_known_work() -> None:
    text = "\n".join(c.read_text(encoding="utf-8") for c in chapters())
    keys = set(re.findall(r"\[[^\]]*?@([a-z0-9_]+)", text))
    assert keys <= set(data.table("works")["key"]), keys - set(data.table("works")["key"])


@pytest.mark.skipif(not ARTICLE_TOOLS.exists(), reason="the article's copied-text tool is not beside the repo")
def test_no_sentence_of_the_article_is_copied() -> None:
    done = subprocess.run([sys.executable, str(ARTICLE_TOOLS), "--repo", str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
