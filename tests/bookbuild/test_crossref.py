"""Numbering across the book and the Lua filter that resolves @fig-/@tbl-/@sec- references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bookbuild.crossref import number_book
from bookbuild.errors import ConfigError
from bookbuild.pandoc import convert
from bookbuild.project import Chapter, load_project
from bookbuild.qmd import parse_qmd, read_qmd
from tests.conftest import FIXTURE


def _book(files: dict[str, str], appendices: tuple[str, ...] = ()):
    chapters = [Chapter(p, "index" if i == 0 else Path(p).stem, p in appendices) for i, p in enumerate(files)]
    return number_book(chapters, {p: parse_qmd(p, t) for p, t in files.items()})


def test_fixture_book_numbers() -> None:
    project = load_project(FIXTURE)
    book = number_book(list(project.chapters), {c.path: read_qmd(FIXTURE, c.path) for c in project.chapters})
    texts = {k: (t["text"], t["page"]) for k, t in book.targets.items()}
    assert texts == {
        "sec-intro": ("Chapter 1", "index"),
        "sec-trade": ("Chapter 2", "report/trade"),
        "sec-details": ("Section 2.1", "report/trade"),
        "fig-trade": ("Figure 2.1", "report/trade"),
        "tbl-trade": ("Table 2.1", "report/trade"),
        "sec-appendix": ("Appendix A", "report/appendix"),
        "tbl-sources": ("Table A.1", "report/appendix"),
    }
    assert [c.number for c in book.chapters] == ["1", "2", None, "A"]  # References is unnumbered


def test_numbers_run_across_chapters_and_appendices() -> None:
    cell = "```{{python}}\n#| label: {}\nx\n```\n"
    book = _book(
        {
            "pre.qmd": "# Preface {.unnumbered}\n\n## How to *read* it {#sec-how}\n",
            "a.qmd": "# A {#sec-a}\n\n"
            + cell.format("fig-a1")
            + "\n"
            + cell.format("tbl-a1")
            + "\n"
            + cell.format("fig-a2")
            + "\n| a |\n|---|\n| 1 |\n\n: A table in markdown {#tbl-a2}\n",
            "b.qmd": "# B\n\n## One {#sec-b1}\n\n### Deep {#sec-b11}\n\n## Two {#sec-b2}\n\n" + cell.format("fig-b1"),
            "x.qmd": "# X {#sec-x}\n\n" + cell.format("fig-x1"),
            "y.qmd": "# Y {#sec-y}\n",
        },
        appendices=("x.qmd", "y.qmd"),
    )
    texts = {k: t["text"] for k, t in book.targets.items()}
    assert texts == {
        "sec-a": "Chapter 1",
        "fig-a1": "Figure 1.1",
        "tbl-a1": "Table 1.1",
        "fig-a2": "Figure 1.2",
        "tbl-a2": "Table 1.2",
        "sec-b1": "Section 2.1",
        "sec-b11": "Section 2.1.1",
        "sec-b2": "Section 2.2",
        "fig-b1": "Figure 2.1",
        "sec-x": "Appendix A",
        "fig-x1": "Figure A.1",
        "sec-y": "Appendix B",
    }


def test_duplicate_label_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"label 'sec-a' is already used in a\.qmd"):
        _book({"a.qmd": "# A {#sec-a}\n", "b.qmd": "# B {#sec-a}\n"})


def _html(markdown: str, tmp_path: Path, page: str, bibliography: str | None = None) -> str:
    book = _book({"a.qmd": "# A {#sec-a}\n\n```{python}\n#| label: fig-a\nx\n```\n", "b.qmd": "# B {#sec-b}\n"})
    xref = tmp_path / "xref.json"
    xref.write_text(json.dumps(book.lua_map()))
    citeproc = ["--citeproc", "--bibliography", bibliography] if bibliography else []
    return convert(markdown, "html5", xref, page, {}, *citeproc, cwd=tmp_path).decode()


def test_lua_filter_links_references(tmp_path: Path) -> None:
    text = "See @fig-a, [-@fig-a], @Sec-b and [@sec-a; @sec-b]. [Next](b.qmd), [there](b.qmd#x)."
    out = _html(text, tmp_path, "b")
    assert '<a href="index.html#fig-a">Figure 1.1</a>' in out
    assert '<a href="index.html#fig-a">1.1</a>' in out
    assert '<a href="#sec-b">Chapter 2</a>' in out  # same page: a plain anchor, capital kept
    assert '<a href="index.html#sec-a">Chapter 1</a>; <a href="#sec-b">Chapter 2</a>' in out
    assert '<a href="b.html">Next</a>' in out and '<a href="b.html#x">there</a>' in out


def test_lua_filter_names_chapters_by_title_from_an_unnumbered_page(tmp_path: Path) -> None:
    """As Quarto's HTML books do, on the home page or References: "2  B's title", "Appendix A — Title"."""
    book = _book({"a.qmd": "# A {#sec-a}\n", "b.qmd": "# B's title {#sec-b}\n", "x.qmd": "# X {#sec-x}\n"}, ("x.qmd",))
    xref = tmp_path / "xref.json"
    xref.write_text(json.dumps(book.lua_map()))
    out = convert("See @sec-b, @sec-x.", "html5", xref, "a", {"bookbuild-unnumbered": True}, cwd=tmp_path).decode()
    assert '<a href="b.html#sec-b">2\u00a0 B’s title</a>' in out and ">Appendix A — X</a>" in out


def test_lua_filter_names_chapters_as_quarto_typst_does(tmp_path: Path) -> None:
    book = _book({"a.qmd": "# A {#sec-a}\n", "b.qmd": "# B {#sec-b}\n"})
    xref = tmp_path / "xref.json"
    xref.write_text(json.dumps(book.lua_map()))
    out = convert("See @sec-b.", "typst", xref, "", {}, cwd=tmp_path).decode()
    assert "Chapter 2" in out and "Chapter 2." not in out


def test_lua_filter_links_relative_to_the_page_folder(tmp_path: Path) -> None:
    """Quarto writes report/x.qmd to report/x.html: links from there climb back to the book's root."""
    out = _html("See @fig-a and [back](a.qmd).", tmp_path, "report/b")
    assert '<a href="../index.html#fig-a">Figure 1.1</a>' in out and '<a href="../index.html">back</a>' in out


def test_lua_filter_single_document_uses_anchors(tmp_path: Path) -> None:
    out = _html("See @fig-a and [the next chapter](b.qmd).", tmp_path, "")
    assert '<a href="#fig-a">Figure 1.1</a>' in out and '<a href="#sec-b">the next chapter</a>' in out


def test_unknown_reference_is_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert '<span class="quarto-unresolved-ref">?fig-nope</span>' in _html("See @fig-nope.", tmp_path, "a")
    assert "unresolved reference @fig-nope" in capsys.readouterr().out


def test_filter_runs_before_citeproc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.json"
    bib.write_text(
        json.dumps(
            [
                {
                    "id": "smith",
                    "type": "book",
                    "title": "Книга",
                    "author": [{"family": "Smith"}],
                    "issued": {"date-parts": [[2020]]},
                }
            ]
        )
    )
    out = _html("As @fig-a shows [@smith, 3].", tmp_path, "index", str(bib))
    assert '<a href="#fig-a">Figure 1.1</a>' in out and "Книга" in out
    assert "not found" not in capsys.readouterr().out


CONDITIONAL = (
    '::: {.content-visible when-format="html"}\nWEB\n:::\n\n'
    '::: {.content-visible when-format="pdf"}\nLATEX\n:::\n\n'  # Quarto's "pdf" is LaTeX: never the Typst PDF
    '::: {.content-hidden when-format="typst"}\nNOTTYPST\n:::\n\n'
    '[INLINE]{.content-visible unless-format="html"}\n'
    '[BOTH]{.content-visible when-format="typst" unless-format="typst"}\n'  # both conditions must hold
)


@pytest.mark.parametrize(("to", "shown"), [("html5", {"WEB", "NOTTYPST"}), ("typst", {"INLINE"})])
def test_conditional_content_reads_format_names_as_quarto_does(tmp_path: Path, to: str, shown: set[str]) -> None:
    xref = tmp_path / "xref.json"
    xref.write_text('{"targets": {}, "files": {}}')
    out = convert(CONDITIONAL, to, xref, "a", {}, cwd=tmp_path).decode()
    assert {word for word in ("WEB", "LATEX", "NOTTYPST", "INLINE", "BOTH") if word in out} == shown
