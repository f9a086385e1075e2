"""Turns a parsed chapter plus its executed outputs into pandoc markdown for one output format.

HTML gets each display's `text/html` (live charts), Typst its `image/svg+xml` written to a file; both
get `text/markdown` as markdown. Figure and table cells are wrapped in `.bb-figure` / `.bb-table` divs
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
from bookbuild.qmd import Cell, Inline, Markdown, Qmd

MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#@|~^$])")


@dataclass
class Assembled:
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)  # figure files the Typst source refers to
    has_chart: bool = False  # some output needs the global `vegaEmbed`


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


def _markdown(block: Markdown, numbers: ChapterNumbers, inline: list[list[str]], first_id: str | None) -> list[str]:
    out = []
    for offset, pieces in enumerate(block.lines):
        text = "".join(p if isinstance(p, str) else _inline_value(p, inline) for p in pieces)
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


def _output(out: dict[str, Any], fmt: str, name: str, alt: str | None, result: Assembled, asis: bool) -> str | None:
    if out["output_type"] == "stream":
        return fenced(out["text"], " {.cell-output}")
    data = out["data"]
    if fmt == "html":
        if "text/html" in data:
            result.has_chart |= "vegaEmbed" in data["text/html"]
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
    else:
        for mime, ext in (("image/svg+xml", "svg"), ("image/png", "png")):
            if mime in data:
                path = f"figures/{name}.{ext}"
                raw = data[mime]
                result.files[path] = raw.encode() if ext == "svg" else base64.b64decode(raw)
                alt_arg = f", alt: {typst_string(alt)}" if alt else ""
                return fenced(f'#bb-image("{path}"{alt_arg})', "{=typst}")
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return data["text/plain"] if asis else fenced(data["text/plain"], " {.cell-output}")
    return None


def typst_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", " ", escaped) + '"'


def _cell(
    cell: Cell, outputs: list[dict[str, Any]], options: dict[str, Any], fmt: str, page: str, result: Assembled
) -> str:
    opts = {**options, **cell.options}
    if opts.get("include") is False:
        return ""
    parts: list[str] = []
    if opts.get("echo") is True:
        parts.append(fenced(cell.source, "python"))
    shown: list[str] = []
    if opts.get("output", True) is not False:
        alt = opts.get("fig-alt")
        for k, out in enumerate(outputs, start=1):
            name = f"{page}-{cell.label or 'cell-' + str(cell.index)}-{k}"
            asis = opts.get("output") == "asis"
            rendered = _output(out, fmt, name, str(alt) if alt else None, result, asis)
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
    options = {**execute_defaults, **(qmd.meta.get("execute") or {})}
    result = Assembled("")
    pieces: list[str] = []
    first_id = numbers.id if not any(h.level == 1 and h.id for h in qmd.headings) else None
    if not any(h.level == 1 for h in qmd.headings):
        pieces.append(_heading_line(f"# {qmd.meta.get('title', '')}", numbers.number, numbers.id))
    for block in qmd.blocks:
        if isinstance(block, Markdown):
            pieces.append("\n".join(_markdown(block, numbers, run.inline, first_id)))
            first_id = None if any(h.level == 1 for h in block.headings.values()) else first_id
        else:
            outputs = run.cells[block.index - 1] if block.index - 1 < len(run.cells) else []
            pieces.append("\n\n" + _cell(block, outputs, options, fmt, numbers.chapter.page, result) + "\n\n")
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
