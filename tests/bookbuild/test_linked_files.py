"""Files a page links to (a chart's downloads) reach the book, and only those; a cached or frozen chapter whose
recorded file has gone runs again; the one-page edition leaves out what points beside the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from bookbuild import html
from bookbuild.build import copy_linked
from bookbuild.execute import base_key, chapter_key
from bookbuild.project import load_project
from bookbuild.qmd import parse_qmd
from studybuild import quarto
from tests.conftest import FIXTURE


def fixture_project(tmp_path: Path) -> Path:
    root = shutil.copytree(FIXTURE, tmp_path / "book")
    files = root / "report" / "_generated" / "downloads"
    files.mkdir(parents=True)
    (files / "chart-0123.csv").write_text("a\r\n1\r\n")
    (files / "stale-4567.csv").write_text("a\r\n0\r\n")
    (root / "report" / "vega-bundle.js").write_text("/* the prepare step's */\n")
    return root


def test_a_page_brings_the_files_it_links_to_and_only_those(tmp_path: Path) -> None:
    project = load_project(fixture_project(tmp_path))
    stage = tmp_path / "stage"
    fragment = (
        '<p><a href="_generated/downloads/chart-0123.csv" download="c.csv">Data (CSV)</a>'
        ' <a href="trade.html#sec-x">other page</a> <a href="#fn1">note</a> <a href="https://example.org/a.csv">x</a>'
        ' <img src="data:image/png;base64,AAAA"> <a href="../../outside.txt">out</a></p>'
    )
    logged: list[str] = []
    copied = copy_linked(project, stage, "report/trade", fragment, logged.append)
    assert copied == ["report/_generated/downloads/chart-0123.csv"]
    assert sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file()) == copied
    assert logged == []


def test_a_link_to_a_missing_file_is_named_in_the_log(tmp_path: Path) -> None:
    project = load_project(fixture_project(tmp_path))
    logged: list[str] = []
    fragment = '<a href="_generated/downloads/gone-89ab.png">Chart (PNG)</a>'
    assert copy_linked(project, tmp_path / "stage", "report/trade", fragment, logged.append) == []
    assert logged == ["  warning   report/trade.html links to _generated/downloads/gone-89ab.png, which does not exist"]


def test_the_one_page_edition_leaves_out_marked_elements() -> None:
    body = (
        '<div class="study-chart"><p>kept</p>\n'
        '<p class="chart-downloads" data-single-page="omit">Download: <a href="x.csv">Data (CSV)</a></p>\n</div>'
    )
    page = html.finish(body, single_head="")
    assert "kept" in page and "chart-downloads" not in page and "x.csv" not in page


def test_a_cached_chapter_whose_recorded_file_is_gone_is_stale(tmp_path: Path) -> None:
    root = fixture_project(tmp_path)
    qmd = parse_qmd("report/c.qmd", "# C\n\n```{python}\nx = 1\n```\n")
    base = base_key(root, qmd, {})
    recorded = ["data/trade.csv", "report/_generated/downloads/chart-0123.csv"]
    key = chapter_key(root, base, recorded)
    assert chapter_key(root, base, recorded) == key
    (root / recorded[1]).unlink()
    assert chapter_key(root, base, recorded) != key


def test_a_frozen_chapter_whose_recorded_file_is_gone_is_thawed(tmp_path: Path) -> None:
    root = fixture_project(tmp_path)
    download = root / "report" / "_generated" / "downloads" / "chart-0123.csv"
    reads = root / ".build" / "reads" / "report" / "trade.qmd.txt"
    reads.parent.mkdir(parents=True)
    reads.write_text(f"{root / 'data' / 'trade.csv'}\n{download}\n")
    project = load_project(root)
    keys = {c.path: quarto.chapter_key(root, c.path, b"common") for c in project.chapters}
    (root / "_freeze" / "report" / "trade").mkdir(parents=True)
    assert quarto.thaw_stale(root, project, keys, b"common") == []
    download.unlink()
    assert quarto.thaw_stale(root, project, keys, b"common") == ["report/trade.qmd"]
    assert not (root / "_freeze" / "report" / "trade").exists()
