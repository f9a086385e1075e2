"""Parses a chapter (.qmd) into front matter, markdown and executable Python cells.

Supported: YAML front matter, ```` ```{python} ```` cells with `#| key: value` options, inline
`` `{python} expr` `` expressions and ATX headings with `{#id .class}` attributes. Other fenced code
blocks (```` ```python ````, ```` ```{=html} ````) stay markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bookbuild.errors import ConfigError

CELL_OPEN = re.compile(r"^(`{3,})\s*\{python(?:\s[^}]*)?\}\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
OPTION = re.compile(r"^#\|\s?(.*)$")
INLINE = re.compile(r"`\{python\}\s+([^`]+?)\s*`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^{}]*\})?\s*$")


@dataclass
class Inline:
    index: int  # position among the chapter's inline expressions
    expr: str
    line: int  # 1-based line in the .qmd


@dataclass
class Heading:
    level: int
    title: str  # the markdown of the title, attributes removed
    id: str | None
    unnumbered: bool
    line: int


@dataclass
class Markdown:
    """Markdown lines; each line is a list of text pieces and inline expressions."""

    lines: list[list[str | Inline]]
    first_line: int
    headings: dict[int, Heading] = field(default_factory=dict)  # offset within `lines` -> heading


@dataclass
class Cell:
    index: int  # 1-based among the chapter's Python cells (what error messages call "cell N")
    line: int  # 1-based line of the opening fence in the .qmd
    code: str  # the cell body as sent to the kernel, option lines included (keeps line numbers)
    source: str  # the body without option lines, as echoed
    options: dict[str, Any]

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return str(label) if label else None


@dataclass
class Qmd:
    path: str
    text: str
    meta: dict[str, Any]
    blocks: list[Markdown | Cell]

    @property
    def cells(self) -> list[Cell]:
        return [b for b in self.blocks if isinstance(b, Cell)]

    @property
    def inlines(self) -> list[Inline]:
        return [
            p for b in self.blocks if isinstance(b, Markdown) for line in b.lines for p in line if isinstance(p, Inline)
        ]

    @property
    def headings(self) -> list[Heading]:
        return [h for b in self.blocks if isinstance(b, Markdown) for h in b.headings.values()]

    @property
    def needs_kernel(self) -> bool:
        return bool(self.cells or self.inlines)


def parse_attributes(text: str) -> tuple[str | None, list[str], dict[str, str]]:
    """Splits a pandoc attribute block `{#id .class key="value"}` into id, classes and pairs."""
    ident, classes, pairs = None, [], {}
    for m in re.finditer(r'(#[^\s}]+)|(\.[^\s}]+)|([\w-]+)=("[^"]*"|\S+)|(-)(?=\s|$)', text.strip("{} ")):
        if m.group(1):
            ident = m.group(1)[1:]
        elif m.group(2):
            classes.append(m.group(2)[1:])
        elif m.group(3):
            pairs[m.group(3)] = m.group(4).strip('"')
        elif m.group(5):
            classes.append("unnumbered")
    return ident, classes, pairs


def _split_inline(line: str, lineno: int, counter: list[int]) -> list[str | Inline]:
    pieces: list[str | Inline] = []
    pos = 0
    for m in INLINE.finditer(line):
        pieces.append(line[pos : m.start()])
        pieces.append(Inline(counter[0], m.group(1), lineno))
        counter[0] += 1
        pos = m.end()
    pieces.append(line[pos:])
    return [p for p in pieces if p != ""] or [""]


def _front_matter(path: str, lines: list[str]) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                where = f" at line {mark.line + 2}" if mark else ""
                raise ConfigError(
                    f"{path}: front matter is not valid YAML{where}: {getattr(err, 'problem', err)}"
                ) from None
            if not isinstance(meta, dict):
                raise ConfigError(f"{path}: front matter must be a YAML mapping")
            return meta, end + 1
    raise ConfigError(f"{path}: front matter opened with '---' on line 1 is never closed")


def _options(path: str, line: int, option_lines: list[str]) -> dict[str, Any]:
    try:
        options = yaml.safe_load("\n".join(option_lines)) or {}
    except yaml.YAMLError as err:
        raise ConfigError(
            f"{path}: the '#|' options of the cell on line {line} are not valid YAML: {getattr(err, 'problem', err)}"
        ) from None
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: the '#|' options of the cell on line {line} must be 'key: value' lines")
    return options


def parse_qmd(path: str, text: str) -> Qmd:
    lines = text.splitlines()
    meta, start = _front_matter(path, lines)
    blocks: list[Markdown | Cell] = []
    md: Markdown | None = None
    counter = [0]
    fence: str | None = None  # the open fence of a non-executed code block inside markdown
    i = start
    while i < len(lines):
        line = lines[i]
        opened = CELL_OPEN.match(line) if fence is None else None
        if opened:
            ticks = opened.group(1)
            end = i + 1
            while end < len(lines) and not re.match(rf"^{ticks}`*\s*$", lines[end]):
                end += 1
            if end == len(lines):
                raise ConfigError(f"{path}: the Python cell opened on line {i + 1} is never closed")
            body = lines[i + 1 : end]
            n_opts = 0
            while n_opts < len(body) and OPTION.match(body[n_opts]):
                n_opts += 1
            options = _options(path, i + 1, [OPTION.match(b).group(1) for b in body[:n_opts]])
            blocks.append(
                Cell(
                    len([b for b in blocks if isinstance(b, Cell)]) + 1,
                    i + 1,
                    "\n".join(body),
                    "\n".join(body[n_opts:]).strip("\n"),
                    options,
                )
            )
            md = None
            i = end + 1
            continue
        if md is None:
            md = Markdown([], i + 1)
            blocks.append(md)
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif (
            fence is not None and line.strip().startswith(fence[0] * len(fence)) and line.strip().strip(fence[0]) == ""
        ):
            fence = None
        elif fence is None:
            h = HEADING.match(line)
            if h:
                ident, classes, _ = parse_attributes(h.group(3) or "")
                md.headings[len(md.lines)] = Heading(len(h.group(1)), h.group(2), ident, "unnumbered" in classes, i + 1)
        md.lines.append(_split_inline(line, i + 1, counter) if fence is None and not m else [line])
        i += 1
    return Qmd(path, text, meta, blocks)


def read_qmd(root: Path, path: str) -> Qmd:
    return parse_qmd(path, (root / path).read_text(encoding="utf-8"))
