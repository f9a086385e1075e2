"""Reading `_quarto.yml` and `_metadata.yml`: what is honoured, what is refused by name, names as Quarto gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbuild import html
from bookbuild.errors import ConfigError
from bookbuild.project import load_project

CONFIG = """project:
  type: book
  execute-dir: project
book:
  title: "A Book: Été/Two"
  chapters: [index.qmd, report/a.qmd]
"""


def _project(tmp_path: Path, config: str = CONFIG, metadata: str | None = None) -> Path:
    (tmp_path / "report").mkdir()
    (tmp_path / "_quarto.yml").write_text(config, encoding="utf-8")
    (tmp_path / "index.qmd").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "report" / "a.qmd").write_text("# A\n", encoding="utf-8")
    if metadata is not None:
        (tmp_path / "report" / "_metadata.yml").write_text(metadata, encoding="utf-8")
    return tmp_path


def test_editions_are_named_from_the_title_as_quarto_names_them(tmp_path: Path) -> None:
    assert load_project(_project(tmp_path)).slug == "A-Book--Été-Two"  # Quarto's texSafeFilename


def test_format_default_sets_no_options(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, CONFIG + "format:\n  html: default\n"))
    assert project.formats == {"html": {}}


def test_directory_metadata_adds_to_the_chapter_and_a_key_not_read_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path, metadata="format:\n  html:\n    include-in-header:\n      text: <meta name=x>\n")
    assert load_project(root).includes("html", "report/a.qmd") == ["<meta name=x>"]
    assert load_project(root).includes("html", "index.qmd") == []  # outside report/
    (root / "report" / "_metadata.yml").write_text("execute:\n  echo: true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^report/_metadata.yml: 'execute: \{'echo': True\}' is not supported"):
        load_project(root)  # checked when the project is read, whatever is built


@pytest.mark.parametrize("theme", ["cosmo", "report/missing.scss"])
def test_html_theme_other_than_default_and_scss_files_is_refused(tmp_path: Path, theme: str) -> None:
    root = _project(tmp_path, CONFIG + f"format:\n  html:\n    theme: [default, {theme}]\n")
    with pytest.raises(ConfigError, match=rf"^_quarto.yml: format.html.theme '{theme}': only 'default' and .scss"):
        html.theme_variables(load_project(root))


def test_html_theme_scss_defaults_become_css_properties(tmp_path: Path) -> None:
    root = _project(tmp_path, CONFIG + "format:\n  html:\n    theme: [default, report/house.scss]\n")
    scss = "/*-- scss:defaults --*/\n$ink: #123;\n/*-- scss:rules --*/\n$later: 1px;\n"
    (root / "report" / "house.scss").write_text(scss, encoding="utf-8")
    assert html.theme_variables(load_project(root)) == ":root {\n  --house-ink: #123;\n}\n"


def test_directory_metadata_includes_are_added_to_the_projects_each_time_afresh(tmp_path: Path) -> None:
    config = CONFIG + "format:\n  html:\n    include-in-header:\n      - text: <meta name=a>\n"
    root = _project(tmp_path, config, metadata="format:\n  html:\n    include-in-header:\n      text: <meta name=b>\n")
    project = load_project(root)
    expected = ["<meta name=a>", "<meta name=b>"]
    assert project.includes("html", "report/a.qmd") == project.includes("html", "report/a.qmd") == expected
    assert project.includes("html", "index.qmd") == ["<meta name=a>"]


@pytest.mark.parametrize("key", ["page-footer: Made here", "search: False", "cover-image: cover.png"])
def test_book_options_not_read_are_refused(tmp_path: Path, key: str) -> None:
    root = _project(tmp_path, CONFIG.replace("book:\n", f"book:\n  {key}\n"))
    with pytest.raises(ConfigError, match=rf"^_quarto.yml: 'book.{key}' is not supported by the offline builder$"):
        load_project(root)
