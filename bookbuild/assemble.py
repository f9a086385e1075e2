"""Turns a parsed chapter plus its executed outputs into pandoc markdown for one output format.

HTML gets each display's `text/html` (live charts), Typst its `image/svg+xml` written to a file; both
get `text/markdown` as markdown. Figure and table cells are wrapped in `.bb-figure` / `.bb-table` divs
that crossref.lua turns into numbered figures.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import subprocess
from dataclasses import dataclass, field
from typing import Any

from bookbuild.crossref import ChapterNumbers
from bookbuild.errors import ChapterError
from bookbuild.execute import Executed
from bookbuild.pandoc import pandoc_path
from bookbuild.qmd import IMAGE, PAGEBREAK, Cell, Inline, Markdown, Qmd, cell_options, image_file

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#@|~^$])")


@dataclass
class Assembled:
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)  # figure files the Typst source refers to


def escape_markdown(text: str) -> str:
    return MD_SPECIAL.sub(r"\\\1", text)


def fenced(content: str, info: str) -> str:
    """A fenced block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{content.rstrip(chr(10))}\n{ticks}"


def _heading_line(line: str, number: str | None, add_id: str | None) -> str:
    m = re.match(r"^(.*?)\s*(\{[^{}]*\})?\s*$", line)
    head, attrs = m.group(1), (m.group(2) or "{}")[1:-1].strip()
    extra = []
    if add_id:
        extra.append(f"#{add_id}")
    if number:
        extra.append(f'bb-number="{number}"')
    if not extra:
        return line
    return f"{head} {{{' '.join([*extra, attrs]).strip()}}}"


# Quarto's {{< pagebreak >}}: a page break in the PDF, a print break in HTML.
PAGE_BREAK = "\n".join(
    ["", fenced('<div style="page-break-after: always;"></div>', "{=html}"), fenced("#pagebreak()", "{=typst}"), ""]
)


def _images(qmd: Qmd, line: int, text: str, fmt: str, result: Assembled) -> str:
    """Images beside the chapter: embedded in HTML pages, handed to Typst as files."""

    def replace(m: re.Match) -> str:
        rel = image_file(qmd, line, m.group(2))
        if not rel:
            return m.group(0)
        data = (qmd.root / rel).read_bytes()
        if fmt == "html":
            mime = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            return f"{m.group(1)}data:{mime};base64,{base64.b64encode(data).decode()}"
        result.files[f"images/{rel}"] = data
        return f"{m.group(1)}images/{rel}"

    return IMAGE.sub(replace, text)


def _markdown(
    qmd: Qmd, block: Markdown, numbers: ChapterNumbers, run: Executed, first_id: str | None, fmt: str, result: Assembled
) -> list[str]:
    out = []
    for offset, pieces in enumerate(block.lines):
        text = "".join(p if isinstance(p, str) else _inline_value(p, run.inline) for p in pieces)
        text = _images(qmd, block.first_line + offset, text, fmt, result) if "![" in text else text
        if PAGEBREAK.match(text):
            out.append(PAGE_BREAK)
            continue
        heading = block.headings.get(offset)
        if heading:
            add_id = first_id if heading.level == 1 and not heading.id and first_id else None
            if add_id:
                first_id = None
            text = _heading_line(text, numbers.headings.get(heading.line), add_id)
        out.append(text)
    return out


def _inline_value(x: Inline, values: list[list[str]]) -> str:
    kind, value = values[x.index]
    return value if kind == "md" else escape_markdown(value)


def html_table_markdown(snippet: str) -> str | None:
    """An HTML table (a DataFrame's `text/html`) as a pandoc markdown table, for the PDF; None if pandoc
    cannot make a plain table of it."""
    proc = subprocess.run(
        [
            pandoc_path(),
            "-f",
            "html",
            "-t",
            "markdown-simple_tables-multiline_tables-grid_tables-raw_html",
            "--wrap=none",
        ],
        input=snippet,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    table = proc.stdout.strip()
    return table if proc.returncode == 0 and re.search(r"^\|(\s*:?-+:?\s*\|)+$", table, re.M) else None


def _output(out: dict[str, Any], fmt: str, name: str, alt: str | None, result: Assembled, opts: dict) -> str | None:
    asis = opts.get("output") == "asis"
    if out["output_type"] == "stream":
        if out.get("name") == "stderr":
            return fenced(out["text"], " {.cell-output-stderr}") if opts["warning"] else None
        return out["text"] if asis else fenced(out["text"], " {.cell-output}")
    if out["output_type"] == "error":  # only kept when the cell allows errors (`error: true`)
        return fenced("\n".join(out["traceback"]), " {.cell-output-error}")
    data = out["data"]
    if fmt == "html":
        if "text/html" in data:
            snippet = data["text/html"]
            if alt and 'class="study-chart"' not in snippet:  # a study chart names itself, with controls outside
                label = html.escape(alt)
                snippet = f'<div class="bb-chart" role="img" aria-label="{label}">\n{snippet}\n</div>'
            return fenced(snippet, "{=html}")
        if "image/svg+xml" in data:
            svg = re.sub(r"^<\?xml[^>]*>\s*", "", data["image/svg+xml"])
            return fenced(f'<div class="bb-svg">{svg}</div>', "{=html}")
        if "image/png" in data:
            alt_attr = html.escape(alt or "", quote=True)
            return fenced(f'<img src="data:image/png;base64,{data["image/png"].strip()}" alt="{alt_attr}">', "{=html}")
    elif fmt == "docx":
        for mime in ("image/png", "image/svg+xml"):
            if mime in data:
                raw = data[mime].encode() if mime == "image/svg+xml" else base64.b64decode(data[mime])
                return f"![{escape_markdown(alt or '')}](data:{mime};base64,{base64.b64encode(raw).decode()})"
    else:
        for mime, ext in (("image/svg+xml", "svg"), ("image/png", "png")):
            if mime in data:
                path = f"figures/{name}.{ext}"
                raw = data[mime]
                result.files[path] = raw.encode() if ext == "svg" else base64.b64decode(raw)
                alt_arg = f", alt: {typst_string(alt)}" if alt else ""
                return fenced(f'#bb-image("{path}"{alt_arg})', "{=typst}")
        if "text/markdown" not in data and "<table" in data.get("text/html", ""):
            table = html_table_markdown(data["text/html"])
            if table is None:
                raise ChapterError(
                    "not supported by the offline builder: this HTML table in the PDF (show it as markdown)"
                )
            return table
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return data["text/plain"] if asis else fenced(data["text/plain"], " {.cell-output}")
    return None


def typst_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", " ", escaped) + '"'


def _cell(
    cell: Cell, outputs: list[dict[str, Any]], opts: dict[str, Any], fmt: str, page: str, result: Assembled
) -> str:
    if opts["include"] is False:
        return ""
    parts: list[str] = []
    if opts["echo"] is True:
        parts.append(fenced(cell.source, "python"))
    shown: list[str] = []
    if opts["output"] is not False and opts["eval"] is not False:
        alt = opts.get("fig-alt")
        for k, out in enumerate(outputs, start=1):
            name = f"{page.replace('/', '-')}-{cell.label or 'cell-' + str(cell.index)}-{k}"
            try:
                rendered = _output(out, fmt, name, str(alt) if alt else None, result, opts)
            except ChapterError as err:
                where = f"cell {cell.index}" + (f" ({cell.label})" if cell.label else "")
                raise ChapterError(f"{opts['where']}, {where}: {err}") from None
            if rendered:
                shown.append(rendered)
    label = cell.label or ""
    if label.startswith(("fig-", "tbl-")) and shown:
        kind = "figure" if label.startswith("fig-") else "table"
        caption = str(opts.get("fig-cap" if kind == "figure" else "tbl-cap") or "")
        shown = [f"::: {{#{label} .bb-{kind}}}", *shown, f"::: bb-caption\n{caption}\n:::", ":::"]
    return "\n\n".join(parts + shown)


def chapter_markdown(
    qmd: Qmd, numbers: ChapterNumbers, run: Executed, fmt: str, execute_defaults: dict[str, Any]
) -> Assembled:
    """The chapter as pandoc markdown for `fmt` ("html" or "typst")."""
    result = Assembled("")
    pieces: list[str] = []
    first_id = numbers.id if not any(h.level == 1 and h.id for h in qmd.headings) else None
    if not any(h.level == 1 for h in qmd.headings):
        pieces.append(_heading_line(f"# {qmd.meta.get('title', '')}", numbers.number, numbers.id))
    for block in qmd.blocks:
        if isinstance(block, Markdown):
            pieces.append("\n".join(_markdown(qmd, block, numbers, run, first_id, fmt, result)))
            first_id = None if any(h.level == 1 for h in block.headings.values()) else first_id
        else:
            outputs = run.cells[block.index - 1] if block.index - 1 < len(run.cells) else []
            opts = cell_options(execute_defaults, qmd, block) | {"where": "{}, line {}".format(*qmd.origin(block.line))}
            pieces.append("\n\n" + _cell(block, outputs, opts, fmt, numbers.chapter.page, result) + "\n\n")
    result.markdown = "\n".join(pieces).strip() + "\n"
    return result


def has_refs_div(qmd: Qmd) -> bool:
    return any(
        re.match(r"^:::+\s*\{[^}]*#refs\b", p)
        for b in qmd.blocks
        if isinstance(b, Markdown)
        for line in b.lines
        for p in line
        if isinstance(p, str)
    )
