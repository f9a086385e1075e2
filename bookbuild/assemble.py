"""Turns a parsed chapter plus its executed outputs into pandoc markdown for one output format.

HTML gets each display's `text/html` (live charts), the PDF its `image/svg+xml` written to a file and Word an
image; all get `text/markdown` as markdown. Figure and table cells are wrapped in `.bb-figure` / `.bb-table` divs
that crossref.lua turns into numbered figures.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from typing import Any

from bookbuild.crossref import ChapterNumbers
from bookbuild.execute import Executed
from bookbuild.pandoc import escape_markdown
from bookbuild.qmd import INLINE, Cell, Qmd, cell_options

EXTENSIONS = {"image/svg+xml": "svg", "image/png": "png"}


@dataclass
class Assembled:
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)  # figure files the Typst source refers to


def fenced(content: str, info: str) -> str:
    """A fenced block whose fence is longer than any backtick run inside it."""
    ticks = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", content)), default=0))
    return f"{ticks}{info}\n{content.rstrip(chr(10))}\n{ticks}"


def typst_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", " ", escaped) + '"'


def _heading_line(line: str, number: str | None, add_id: str | None) -> str:
    """The heading with an id (where the chapter's has none) and its number for crossref.lua."""
    extra = ([f"#{add_id}"] if add_id else []) + ([f'bb-number="{number}"'] if number else [])
    m = re.match(r"^(.*?)\s*(?:\{([^{}]*)\})?\s*$", line)
    return f"{m.group(1)} {{{' '.join([*extra, (m.group(2) or '').strip()]).strip()}}}" if extra else line


def _output(out: dict[str, Any], fmt: str, name: str, alt: str | None, result: Assembled, opts: dict) -> str | None:
    asis = opts["output"] == "asis"
    if out["output_type"] == "stream":
        if out["name"] == "stderr":
            return fenced(out["text"], " {.cell-output-stderr}") if opts["warning"] else None
        return out["text"] if asis else fenced(out["text"], " {.cell-output}")
    if out["output_type"] == "error":  # only kept when the cell allows errors (`error: true`)
        return fenced("\n".join(out["traceback"]), " {.cell-output-error}")
    data = out["data"]
    if fmt == "html" and "text/html" in data:
        snippet = data["text/html"]
        if alt and 'class="study-chart"' not in snippet:  # a study chart names itself, with controls outside
            snippet = f'<div class="bb-chart" role="img" aria-label="{html.escape(alt)}">\n{snippet}\n</div>'
        return fenced(snippet, "{=html}")
    images = ("image/png", "image/svg+xml") if fmt == "docx" else tuple(EXTENSIONS)  # Word: PNG first
    if mime := next((m for m in images if m in data), None):
        raw = data[mime].encode() if mime == "image/svg+xml" else base64.b64decode(data[mime])
        if fmt == "typst":
            result.files[path := f"figures/{name}.{EXTENSIONS[mime]}"] = raw
            return fenced(f'#bb-image("{path}"{f", alt: {typst_string(alt)}" if alt else ""})', "{=typst}")
        uri = f"data:{mime};base64,{base64.b64encode(raw).decode()}"  # an <img> with its alt, as in Quarto
        if fmt == "html":
            return fenced(f'<img src="{uri}" alt="{html.escape(alt or "")}">', "{=html}")
        return f"![{escape_markdown(alt or '')}]({uri})"
    if fmt != "html" and "text/markdown" not in data and "<table" in data.get("text/html", ""):
        # A DataFrame's table, for crossref.lua to read, as Quarto does; raw HTML, which the PDF and Word leave out,
        # under `html-table-processing: none`, as in Quarto.
        return fenced(data["text/html"], "{=bb-html-table}" if opts["html-tables"] else "{=html}")
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return data["text/plain"] if asis else fenced(data["text/plain"], " {.cell-output}")
    return None


def _cell(
    cell: Cell, outputs: list[dict[str, Any]], opts: dict[str, Any], fmt: str, page: str, result: Assembled
) -> str:
    if opts["include"] is False:
        return ""
    echoed = [fenced(cell.code.strip("\n"), "python")] if opts["echo"] is True else []
    alt = str(opts["fig-alt"]) if opts.get("fig-alt") else None
    shown: list[str] = []
    for k, out in enumerate(outputs if opts["output"] is not False and opts["eval"] is not False else [], start=1):
        name = f"{page.replace('/', '-')}-{cell.label or 'cell-' + str(cell.index)}-{k}"
        shown += filter(None, [_output(out, fmt, name, alt, result, opts)])
    label = cell.label or ""
    if label.startswith(("fig-", "tbl-")) and shown:
        kind = "figure" if label.startswith("fig-") else "table"
        caption = str(opts.get("fig-cap" if kind == "figure" else "tbl-cap") or "")
        shown = [f"::: {{#{label} .bb-{kind}}}", *shown, f"::: bb-caption\n{caption}\n:::", ":::"]
    return "\n\n".join(echoed + shown)


def chapter_markdown(
    qmd: Qmd,
    numbers: ChapterNumbers,
    run: Executed,
    fmt: str,
    execute_defaults: dict[str, Any],
    html_tables: bool = True,
) -> Assembled:
    """The chapter as pandoc markdown for `fmt` ("html", "typst" or "docx"): inline values (the chapter's, in
    order), heading numbers and ids, and each cell's outputs."""
    result, values = Assembled(""), iter(run.inline)
    first = next((h for h in qmd.headings if h.level == 1), None)
    id_line = first.line if first and not first.id else None  # the chapter's invented id goes on its title
    with_inlines = {x.line for x in qmd.inlines}
    pieces = [] if first else [_heading_line(f"# {qmd.meta.get('title', '')}", numbers.number, numbers.id)]
    for block in qmd.blocks:
        if isinstance(block, Cell):
            outputs = run.cells[block.index - 1] if block.index - 1 < len(run.cells) else []
            opts = cell_options(execute_defaults, qmd, block) | {"html-tables": html_tables}
            pieces.append("\n\n" + _cell(block, outputs, opts, fmt, numbers.chapter.page, result) + "\n\n")
            continue
        lines = []
        for n, text in enumerate(block.lines, start=block.first_line):
            if n in with_inlines:
                text = INLINE.sub(lambda _: next(values), text)
            if n in numbers.headings or n == id_line:
                text = _heading_line(text, numbers.headings.get(n), numbers.id if n == id_line else None)
            lines.append(text)
        pieces.append("\n".join(lines))
    result.markdown = "\n".join(pieces).strip() + "\n"
    return result
