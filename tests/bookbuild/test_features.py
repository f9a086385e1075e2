"""Quarto authoring features and cell options: each rendered as Quarto renders it, or refused by name."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from bookbuild.assemble import chapter_markdown
from bookbuild.crossref import number_book
from bookbuild.errors import ChapterError, ConfigError
from bookbuild.execute import Executed, execute_book
from bookbuild.pandoc import convert
from bookbuild.project import Chapter
from bookbuild.qmd import parse_qmd, read_qmd


def _assemble(qmd, run: Executed, fmt: str, defaults: dict | None = None):
    book = number_book([Chapter(qmd.path, "c")], {qmd.path: qmd})
    return chapter_markdown(qmd, book.chapters[0], run, fmt, defaults or {})


def _project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return tmp_path


@pytest.mark.parametrize(
    ("snippet", "named"),
    [
        ('::: {.callout-note title="Read this"}', "callouts (`.callout-*`), here 'callout-note'"),
        ("::: callout-tip", "here 'callout-tip'"),
        ("::: {.panel-tabset}", "tabsets and panels (`.panel-*`), here 'panel-tabset'"),
        ("::: {layout-ncol=2}", "figure layouts (`layout`, `layout-ncol`, `layout-nrow`), here 'layout-ncol'"),
        ("A note [in the margin]{.aside}.", "margin content (`.aside`), here 'aside'"),
        ("::: {.column-margin}", "here 'column-margin'"),
        ("```{mermaid}", "```{mermaid} blocks (only {python} cells are executed)"),
        ("{{< video intro.mp4 >}}", "the shortcode {{< video >}}"),
        ('::: {.content-visible when-profile="print"}', "conditions on metadata or profiles, here 'when-profile'"),
        ("{{< pagebreak >}}", "the shortcode {{< pagebreak >}}"),
        ("![A map.](map.png){#fig-map}", "markdown images (show a figure from a cell)"),
        ("Inline ![icon](data:image/png;base64,AAAA) too.", "markdown images (show a figure from a cell)"),
        ("```{python}\n#| fig-width: 4\nx = 1\n```", "the cell option '#| fig-width: 4'"),
        ("```{python}\n#| echo: fenced\nx = 1\n```", "the cell option '#| echo: fenced'"),
    ],
)
def test_unsupported_features_are_refused_by_name_and_line(snippet: str, named: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_qmd("report/c.qmd", f"# C\n\n{snippet}\n\nText.\n")
    message = str(err.value)
    assert message.startswith("report/c.qmd, line 3: not supported by the offline builder: ")
    assert message.endswith(named)


@pytest.mark.parametrize("key", ["format:\n  html:\n    code-fold: true", "execute:\n  echo: fenced", "engine: knitr"])
def test_front_matter_that_would_change_the_chapter_is_refused(key: str) -> None:
    with pytest.raises(
        ConfigError, match=r"^report/c.qmd, line 1: not supported by the offline builder: the front matter"
    ):
        parse_qmd("report/c.qmd", f"---\ntitle: C\n{key}\n---\n\nText.\n")


def test_include_is_expanded_relative_to_the_chapter(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "report/c.qmd": "# C\n\nBefore.\n\n{{< include _part.qmd >}}\n\nAfter.\n",
            "report/_part.qmd": "Included text.\n\n```{python}\n#| label: fig-x\n#| fig-cap: A figure.\nx = 1\n```\n",
        },
    )
    qmd = read_qmd(root, "report/c.qmd")
    assert "Included text." in qmd.text and "{{<" not in qmd.text
    assert qmd.cells[0].label == "fig-x"  # a cell of the included file is numbered with the chapter's
    assert qmd.origin(qmd.cells[0].line) == ("report/_part.qmd", 3)  # errors name the included file
    assert qmd.origin(qmd.text.splitlines().index("After.") + 1) == ("report/c.qmd", 7)


@pytest.mark.parametrize(
    ("include", "message"),
    [
        (
            "{{< include _gone.qmd >}}",
            "report/c.qmd, line 3: the included file _gone.qmd (report/_gone.qmd) does not exist",
        ),
        ("{{< include c.qmd >}}", "report/c.qmd, line 3: report/c.qmd includes itself"),
    ],
)
def test_broken_include_is_refused(tmp_path: Path, include: str, message: str) -> None:
    root = _project(tmp_path, {"report/c.qmd": f"# C\n\n{include}\n"})
    with pytest.raises(ConfigError) as err:
        read_qmd(root, "report/c.qmd")
    assert str(err.value) == message


def test_image_in_an_included_file_is_refused_with_the_included_files_line(tmp_path: Path) -> None:
    files = {
        "report/c.qmd": "# C\n\n{{< include parts/_p.qmd >}}\n",
        "report/parts/_p.qmd": "Text.\n\n![Map.](map.png)\n",
    }
    with pytest.raises(
        ConfigError, match=r"^report/parts/_p.qmd, line 3: not supported by the offline builder: markdo"
    ):
        read_qmd(_project(tmp_path, files), "report/c.qmd")


# A DataFrame's `text/html` as pandas writes it, with its multi-line `<style scoped>`.
DATAFRAME_HTML = pd.DataFrame({"year": [2020, 2021], "value": [95, 140]})._repr_html_()


@pytest.mark.parametrize("fmt", ["typst", "docx"])
def test_dataframe_table_with_caption_is_a_real_table_in_the_pdf_and_word(tmp_path: Path, fmt: str) -> None:
    qmd = parse_qmd("report/c.qmd", '# C\n\n```{python}\n#| label: tbl-trade\n#| tbl-cap: "Trade."\ndf\n```\n')
    output = {"output_type": "execute_result", "data": {"text/html": DATAFRAME_HTML, "text/plain": "   year value"}}
    run = Executed([[output]])
    (xref := tmp_path / "xref.json").write_text('{"targets": {}, "files": {}}', encoding="utf-8")
    out = convert(_assemble(qmd, run, fmt, {"echo": False}).markdown, fmt, xref, "", {}, "--output", "-", cwd=tmp_path)
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(out)) as docx:
            out = docx.read("word/document.xml")
        cells = re.findall(r"<w:tc>.*?</w:tc>", out.decode(), re.S)
        assert "<w:tbl>" in out.decode() and any("140" in c for c in cells)  # a Word table, not a text dump
    else:
        typst = out.decode()
        assert "#table(" in typst and "[140]" in typst and "kind: table" in typst, typst  # a table, as a float
        assert "vertical-align" not in typst and "dataframe" not in typst  # pandas' screen styles stay out
    html = _assemble(qmd, run, "html", {"echo": False}).markdown
    assert 'class="dataframe"' in html


def test_dataframe_table_figure_holds_the_table_alone(tmp_path: Path) -> None:
    """pandas' `<style>` is left out before pandoc reads the table: it would be an empty paragraph in Word."""
    qmd = parse_qmd("report/c.qmd", '# C\n\n```{python}\n#| label: tbl-trade\n#| tbl-cap: "Trade."\ndf\n```\n')
    run = Executed([[{"output_type": "execute_result", "data": {"text/html": DATAFRAME_HTML}}]])
    (xref := tmp_path / "xref.json").write_text('{"targets": {}, "files": {}}', encoding="utf-8")
    doc = json.loads(convert(_assemble(qmd, run, "docx", {"echo": False}).markdown, "json", xref, "", {}, cwd=tmp_path))
    figure = next(block for block in doc["blocks"] if block["t"] == "Figure")
    [wrapper] = figure["c"][2]  # pandas' own <div>
    assert [block["t"] for block in wrapper["c"][1]] == ["Table"]


@pytest.mark.parametrize("fmt", ["typst", "docx"])
def test_html_table_is_left_out_of_the_pdf_and_word_under_html_table_processing_none(tmp_path: Path, fmt: str) -> None:
    """As in Quarto: the table stays raw HTML, which the PDF and Word leave out; its caption stays."""
    qmd = parse_qmd("report/c.qmd", '# C\n\n```{python}\n#| label: tbl-x\n#| tbl-cap: "Trade flows."\ndf\n```\n')
    run = Executed([[{"output_type": "execute_result", "data": {"text/html": DATAFRAME_HTML}}]])
    book = number_book([Chapter(qmd.path, "c")], {qmd.path: qmd})
    markdown = chapter_markdown(qmd, book.chapters[0], run, fmt, {"echo": False}, html_tables=False).markdown
    (xref := tmp_path / "xref.json").write_text('{"targets": {}, "files": {}}', encoding="utf-8")
    doc = json.loads(convert(markdown, "json", xref, "", {}, cwd=tmp_path))
    [figure] = [block for block in doc["blocks"] if block["t"] == "Figure"]
    assert [block["t"] for block in figure["c"][2]] == ["RawBlock"] and "flows." in json.dumps(figure["c"][1])
    assert "140" in figure["c"][2][0]["c"][1] and figure["c"][2][0]["c"][0] == "html"  # raw HTML: not in PDF/Word


def test_html_table_pandoc_reads_as_it_can_in_the_pdf(tmp_path: Path) -> None:
    """A table pandoc cannot make a plain one of (here nested) is still shown: pandoc's HTML reader, as in Quarto."""
    qmd = parse_qmd("report/c.qmd", '# C\n\n```{python}\n#| label: tbl-x\n#| tbl-cap: "X."\ndf\n```\n')
    nested = "<table><tr><td><table><tr><td>a</td></tr></table></td><td>b</td></tr></table>"
    run = Executed([[{"output_type": "execute_result", "data": {"text/html": nested}}]])
    (xref := tmp_path / "xref.json").write_text('{"targets": {}, "files": {}}', encoding="utf-8")
    typst = convert(_assemble(qmd, run, "typst", {"echo": False}).markdown, "typst", xref, "", {}, cwd=tmp_path)
    assert typst.decode().count("#table(") == 2 and "[b]" in typst.decode()


def _stream(name: str, text: str) -> dict:
    return {"output_type": "stream", "name": name, "text": text}


@pytest.mark.parametrize(("warning", "shown"), [(True, True), (False, False)])
def test_warning_option_shows_or_hides_stderr(warning: bool, shown: bool) -> None:
    qmd = parse_qmd("report/c.qmd", f"# C\n\n```{{python}}\n#| warning: {str(warning).lower()}\nx\n```\n")
    run = Executed([[_stream("stderr", "UserWarning: careful\n"), _stream("stdout", "out\n")]])
    markdown = _assemble(qmd, run, "html", {"echo": False}).markdown
    assert ("UserWarning: careful" in markdown) is shown
    assert "out" in markdown


@pytest.mark.parametrize(
    ("options", "echoed", "output_shown"),
    [
        ("#| echo: true", True, True),
        ("#| output: false", False, False),
        ("#| include: false\n#| echo: true", False, False),
        ("#| eval: false\n#| echo: true", True, False),
    ],
)
def test_echo_output_include(options: str, echoed: bool, output_shown: bool) -> None:
    qmd = parse_qmd("report/c.qmd", f"# C\n\n```{{python}}\n{options}\nprint('hello')\n```\n")
    run = Executed([[_stream("stdout", "hello\n")]])
    markdown = _assemble(qmd, run, "html", {"echo": False}).markdown
    assert ("print('hello')" in markdown) is echoed
    assert ("```` {.cell-output}" in markdown or "``` {.cell-output}" in markdown) is output_shown


# ---- in a real kernel (no pandoc, no Typst) ----


def _execute(tmp_path: Path, text: str, **kw) -> Executed:
    qmd = parse_qmd("report/c.qmd", text)
    return execute_book(tmp_path, [qmd], None, lambda _: None, {"echo": False}, jobs=1, **kw)["report/c.qmd"]


@pytest.mark.build
def test_eval_error_and_inline_values_in_a_kernel(tmp_path: Path) -> None:
    run = _execute(
        tmp_path,
        "# C\n\n```{python}\n#| eval: false\nran = 1 / 0\n```\n\n"
        "```{python}\n#| error: true\nraise ValueError('shown, not fatal')\n```\n\n"
        "```{python}\nfrom IPython.display import Markdown\nprint('ran' in globals())\n```\n\n"
        "A `{python} 'a*b'` and `{python} Markdown('**bold**')` and `{python} 40 + 2`.\n",
    )
    assert run.cells[0] == []  # not sent to the kernel
    assert run.cells[1][0]["output_type"] == "error" and run.cells[1][0]["evalue"] == "shown, not fatal"
    assert run.cells[2] == [{"output_type": "stream", "name": "stdout", "text": "False\n"}]
    assert run.inline == ["a\\*b", "**bold**", "42"]  # as Quarto: a str is escaped, markdown is markdown


@pytest.mark.build
def test_exception_in_a_display_method_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ChapterError) as err:
        _execute(
            tmp_path,
            "# C\n\n```{python}\nclass Chart:\n    def _repr_mimebundle_(self, **kw):\n"
            "        raise ValueError('too many rows: 5001')\n\nChart()\n```\n",
        )
    message = str(err.value)
    assert message.startswith("report/c.qmd: cell 1") and "ValueError: too many rows: 5001" in message
    assert "NoneType" not in message


@pytest.mark.build
def test_runaway_cell_is_stopped_naming_chapter_cell_and_line(tmp_path: Path) -> None:
    text = "# C\n\n```{python}\n#| label: fig-loop\nx = 1\nwhile True:\n    x += 1\n```\n"
    with pytest.raises(ChapterError) as err:
        _execute(tmp_path, text, timeout=3)
    first = str(err.value).splitlines()[0]
    assert first.startswith("report/c.qmd: cell 1 (fig-loop), line ")
    assert "still running after the time limit of 3 s" in first
    assert int(first.split("line ")[1].split(":")[0]) in (6, 7)  # the loop, in the .qmd's numbering


@pytest.mark.build
def test_timeout_from_quarto_yml_execute_options(tmp_path: Path) -> None:
    qmd = parse_qmd("report/c.qmd", "# C\n\n```{python}\nimport time\ntime.sleep(60)\n```\n")
    with pytest.raises(ChapterError, match=r"line 5: still running after the time limit of 2 s"):
        execute_book(tmp_path, [qmd], None, lambda _: None, {"timeout": 2}, jobs=1)
