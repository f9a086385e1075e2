"""A full render of the fixture book: HTML pages, the single-page HTML and the PDF."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SLUG, Built

pytestmark = pytest.mark.build


def _html(built: Built, name: str) -> str:
    return (built.book / name).read_text(encoding="utf-8")


def _without_scripts(html: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "<script></script>", html, flags=re.S)


def test_cli_reports_renderer_chapters_and_outputs(built: Built) -> None:
    out = built.run.out
    assert "renderer: bookbuild" in out and "offline" in out
    for chapter in ("index.qmd", "report/trade.qmd", "report/appendix.qmd"):
        assert re.search(rf"executed  {chapter} in \d+\.\d s", out)
    assert "references.qmd" not in out  # no code: nothing to run
    for name in ("index.html", "report/trade.html", f"{SLUG}.pdf", f"{SLUG}-single.html"):
        assert f"_book/{name}" in out


def test_output_files(built: Built) -> None:
    assert built.book.is_symlink() and not Path(built.book.readlink()).is_absolute()
    names = sorted(p.relative_to(built.book).as_posix() for p in built.book.rglob("*") if p.is_file())
    assert names == sorted(  # where Quarto writes them: chapters keep their folder, resources their path
        [
            ".bookbuild",  # the stamp that marks the folder as a build's own (publish.py)
            "index.html",
            "report/trade.html",
            "report/references.html",
            "report/appendix.html",
            "site.css",
            "report/vega-bundle.js",
            f"{SLUG}.pdf",
            f"{SLUG}.docx",
            f"{SLUG}-single.html",
        ]
    )


def test_pages_have_sidebar_and_pager(built: Built) -> None:
    index = _html(built, "index.html")
    sidebar = re.search(r'<nav class="sidebar".*?</nav>', index, re.S).group(0)
    for number, title in (("1", "Introduction"), ("2", "Trade in figures"), ("A", "Data notes")):
        assert f'<span class="chapter-number">{number}</span><span>{title}</span>' in sidebar
    assert "<span>References</span>" in sidebar and "Evidence" in sidebar and "Appendices" in sidebar
    assert 'href="report/trade.html" rel="next"' in index and 'rel="prev"' not in index
    trade = _html(built, "report/trade.html")
    assert 'href="../index.html" rel="prev"' in trade and 'href="../report/references.html" rel="next"' in trade
    assert '<a href="../report/trade.html" aria-current="page">' in trade
    assert '<link rel="stylesheet" href="../site.css">' in trade


def test_header_includes_follow_directory_metadata(built: Built) -> None:
    trade = _html(built, "report/trade.html")
    head = trade.split("</head>")[0]
    assert head.count('<script src="vega-bundle.js"></script>') == 1  # from report/_metadata.yml
    assert "vegaEmbed(" in trade and "<svg" not in trade  # the live chart, not the static one
    assert "vega-bundle.js" not in _html(built, "index.html")  # the home page is outside report/
    assert "vegaEmbed" in (built.book / "report" / "vega-bundle.js").read_text(encoding="utf-8")


def test_chapter_content(built: Built) -> None:
    index = _html(built, "index.html")
    assert "Trade peaked at 140 million dollars in 2021" in index
    assert '<a href="report/trade.html#fig-trade">Figure 2.1</a>' in index
    assert '<a href="report/trade.html#tbl-trade">Table 2.1</a>' in index
    assert '<a href="report/appendix.html#sec-appendix">Appendix A</a>' in index  # from a numbered page
    trade = _html(built, "report/trade.html")
    assert '<span class="header-section-number">2</span> Trade in figures' in trade
    assert "<strong>3</strong> years are covered" in trade  # an inline Markdown value
    assert "Figure 2.1: Trade by year, in million dollars." in trade
    assert "Table 2.1: Trade by year." in trade and '<td style="text-align: right;">140</td>' in trade
    assert 'aria-label="A bar chart of trade by year."' in trade
    assert "total = 355" in trade and "The total is 355." in trade
    assert trade.count('<pre class="sourceCode python"') == 1  # echo: true only where asked
    assert "bar_chart(" not in trade
    for hidden in ("must not appear", "never shown", "<code>355</code>", "&lt;Chart&gt;"):
        assert hidden not in trade
    appendix = _html(built, "report/appendix.html")
    assert "Appendix A —</span> Data notes" in appendix
    assert "Table A.1: Sources of the fixture data." in appendix


def test_citations_are_footnotes_per_page(built: Built) -> None:
    index = _html(built, "index.html")
    notes = index.split('<section id="footnotes"')[1]
    assert "Journal of Regional Studies</em> 12, no. 3 (2020): 12." in notes
    assert "Иван Иванов, <em>Южный Кавказ и безопасность Ирана</em>" in notes
    assert 'id="refs"' not in index  # the bibliography lives on its own page
    trade = _html(built, "report/trade.html")
    assert "fn2" in trade and "Иванов" in trade.split('<section id="footnotes"')[1]  # caption citation


def test_references_page_lists_whole_bibliography(built: Built) -> None:
    refs = _html(built, "report/references.html")
    assert 'id="ref-smith2020"' in refs and 'id="ref-ivanov2019"' in refs
    assert "Иванов, Иван. <em>Южный Кавказ и безопасность Ирана</em>. Наука, 2019." in refs


def test_no_external_requests_or_machine_paths(built: Built) -> None:
    for page in built.book.rglob("*.html"):
        html = _without_scripts(page.read_text(encoding="utf-8"))
        for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert "://" not in attr and not attr.startswith("//"), (page.name, attr)
        assert "@import" not in html and "url(" not in html
    css = (built.book / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    for path in (p for p in built.book.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".docx":  # a zip archive: its parts are compressed
            with zipfile.ZipFile(path) as docx:
                data = b"".join(docx.read(name) for name in docx.namelist())
        for secret in (str(built.root), str(REPO), "/tmp/"):
            assert secret.encode() not in data, (path.name, secret)


def test_single_html_is_self_contained(built: Built) -> None:
    single = _html(built, f"{SLUG}-single.html")
    outside = _without_scripts(single)
    assert not re.findall(r'src="', outside)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', outside))
    assert "<style>" in single and "--link" in single and 'rel="stylesheet"' not in single
    bundle = (built.book / "report" / "vega-bundle.js").read_text(encoding="utf-8")
    assert bundle[:2000] in single and single.count("vegaEmbed(") == 1  # the bundle inlined, one chart
    for text in (
        "1</span> Introduction",
        "2</span> Trade in figures",
        "Appendix A —</span> Data notes",
        'href="#fig-trade">Figure 2.1</a>',
        'id="ref-ivanov2019"',
        "Наука",
    ):
        assert text in single


def _pdftotext(pdf: Path, *args: str) -> str:
    proc = subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return proc.stdout


def test_pdf(built: Built) -> None:
    pdf = built.book / f"{SLUG}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Title:\s+A Fixture Book: Été à Moscou", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 6
    assert "CreationDate" not in info
    text = _pdftotext(pdf)
    assert text.index("Contents") < text.index("Introduction")
    for expected in (
        "1 Introduction",
        "2 Trade in figures",
        "2.1 Details",
        "Appendix A — Data notes",
        "Figure 2.1: Trade by year, in million dollars.",
        "Table 2.1: Trade by year.",
        "Table A.1: Sources of the fixture data.",
        "Москва",
        "Zürich",
        "Trade (été, Россия)",  # text of the chart's SVG survives as text
        "Journal of Regional Studies 12, no. 3 (2020): 12.",  # a footnote
        "Иванов, Иван. Южный Кавказ и безопасность Ирана. Наука, 2019.",
    ):  # the bibliography
        assert expected in text.replace("\n", " ") or expected in text, expected
    assert "must not appear" not in text


def test_pdf_chapters_start_new_pages(built: Built) -> None:
    pages = _pdftotext(built.book / f"{SLUG}.pdf").split("\f")
    starts = {
        title: n
        for n, page in enumerate(pages)
        for title in ("1 Introduction", "2 Trade in figures", "References", "Appendix A")
        if page.lstrip().startswith(title)
    }
    assert len(starts) == 4 and len(set(starts.values())) == 4
