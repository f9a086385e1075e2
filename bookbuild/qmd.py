"""Parses a chapter (.qmd) into front matter, markdown and Python cells. What a chapter may use is in README.md; a
Quarto feature the offline builder cannot render as Quarto does is refused by name, with file and line."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookbuild.errors import ConfigError
from bookbuild.project import SUPPORTED, unsupported, yaml_mapping

CELL_OPEN = re.compile(r"^(`{3,})\s*\{python(?:\s[^}]*)?\}\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
OPTION = re.compile(r"^#\|\s?(.*)$")
INLINE = re.compile(r"`\{python\}\s+([^`]+?)\s*`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^{}]*\})?\s*$")
INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(.+?)\s*>\}\}\s*$")
SHORTCODE = re.compile(r"(?<!\{)\{\{<\s*([\w-]+)\s*(.*?)\s*>\}\}(?!\})")
OTHER_ENGINE = re.compile(r"^(`{3,}|~{3,})\s*\{(\w[\w-]*)")  # ```{mermaid}, ```{r}: cells of other engines
ATTRIBUTES = re.compile(r"\{([^{}]*)\}")
BARE_DIV = re.compile(r"^:::+\s*([\w-]+)\s*$")  # `::: callout-note`: a div with one class
IMAGE = re.compile(r"!\[[^\]]*\]\(")  # a markdown image
FLOAT_LABEL = re.compile(r"\{#((?:fig|tbl)-[\w:-]+)")  # `![Map](map.png){#fig-map}`, a table's `{#tbl-x}`
REFS_DIV = re.compile(r"^:::+\s*\{[^}]*#refs\b")  # where the bibliography goes


@dataclass
class Inline:
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
    """Markdown lines as written: assemble.py puts the inline values in, as it knows which lines hold some."""

    lines: list[str]
    first_line: int  # 1-based line of lines[0] in the .qmd


@dataclass
class Cell:
    index: int  # 1-based among the chapter's Python cells (what error messages call "cell N")
    line: int  # 1-based line of the opening fence in the .qmd
    code: str  # the cell body without its `#|` option lines, as Quarto sends it to the kernel
    options: dict[str, Any]
    option_lines: int  # how many `#|` lines come before the code: its line N is the .qmd's `line + option_lines + N`

    @property
    def label(self) -> str | None:
        return str(self.options["label"]) if self.options.get("label") else None


@dataclass
class Qmd:
    path: str
    text: str  # includes expanded
    meta: dict[str, Any]
    origins: list[tuple[str, int]]  # line of `text` -> (file, line) it came from
    blocks: list[Markdown | Cell] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)  # outside code blocks, in order
    headings: list[Heading] = field(default_factory=list)
    floats: list[str] = field(default_factory=list)  # `fig-`/`tbl-` labels of cells and markdown, in order
    refs: bool = False  # holds `::: {#refs}`

    def origin(self, line: int) -> tuple[str, int]:
        """The file and line a line of the expanded text came from (an included file's own line)."""
        return self.origins[line - 1] if 0 < line <= len(self.origins) else (self.path, line)


def parse_attributes(text: str) -> tuple[str | None, list[str], dict[str, str]]:
    """Splits a pandoc attribute block `{#id .class key="value"}` into id, classes and pairs."""
    ident, classes, pairs = None, [], {}
    for m in re.finditer(r'(#[^\s}]+)|(\.[^\s}]+)|([\w-]+)=("[^"]*"|\S+)|(-)(?=\s|$)', text.strip("{} ")):
        if m.group(1):
            ident = m.group(1)[1:]
        elif m.group(2) or m.group(5):
            classes.append(m.group(2)[1:] if m.group(2) else "unnumbered")
        elif m.group(3):
            pairs[m.group(3)] = m.group(4).strip('"')
    return ident, classes, pairs


def _refuse(path: str, line: int, feature: str) -> ConfigError:
    return ConfigError(f"{path}, line {line}: not supported by the offline builder: {feature}")


def _check_markdown(path: str, line: int, text: str) -> None:
    """Refuses, by name, what this builder would otherwise print literally or render as plain text."""
    if m := SHORTCODE.search(text):  # `include` is expanded before
        raise _refuse(path, line, f"the shortcode {{{{< {m.group(1)} >}}}}")
    if IMAGE.search(INLINE.sub("", text)):  # a chapter's figures are its cells' outputs (Quarto would copy the file)
        raise _refuse(path, line, "markdown images (show a figure from a cell)")
    m = OTHER_ENGINE.match(text)
    if m and m.group(2) != "python":
        raise _refuse(path, line, f"```{{{m.group(2)}}} blocks (only {{python}} cells are executed)")
    bare = BARE_DIV.match(text)
    groups = ["." + bare.group(1)] if bare else [g for g in ATTRIBUTES.findall(text) if not g.startswith("python")]
    for group in groups:
        _, classes, pairs = parse_attributes(group)
        for name in [*classes, *pairs]:
            refused = SUPPORTED["refused"]
            if feature := refused[name] if name in refused else refused.get(name.split("-")[0]):
                raise _refuse(path, line, f"{feature}, here '{name}'")


def cell_options(defaults: dict[str, Any], qmd: Qmd, cell: Cell) -> dict[str, Any]:
    """Quarto's defaults, then `execute:` of _quarto.yml, the chapter's front matter and the cell's `#|`."""
    return {**SUPPORTED["cell-defaults"], **defaults, **(qmd.meta.get("execute") or {}), **cell.options}


def _cell(qmd: Qmd, lines: list[str], i: int, ticks: str) -> int:
    """Adds the Python cell whose fence opens on `lines[i]`; returns the index of its closing fence."""
    path, line = qmd.origins[i]
    end = next((e for e in range(i + 1, len(lines)) if re.match(rf"^{ticks}`*\s*$", lines[e])), None)
    if end is None:
        raise ConfigError(f"{path}: the Python cell opened on line {line} is never closed")
    body = lines[i + 1 : end]
    n_opts = next((k for k, b in enumerate(body) if not OPTION.match(b)), len(body))
    where = f"{path}: the '#|' options of the cell on line {line}"
    options = yaml_mapping("\n".join(OPTION.match(b).group(1) for b in body[:n_opts]), where, line + 1)
    if bad := unsupported(options, SUPPORTED["cell"]):
        raise _refuse(path, line, f"the cell option '#| {bad}'")
    cell = Cell(len(qmd.cells) + 1, i + 1, "\n".join(body[n_opts:]), options, n_opts)
    qmd.blocks.append(cell)
    qmd.cells.append(cell)
    qmd.floats += [cell.label] if cell.label and cell.label[:4] in ("fig-", "tbl-") else []
    return end


def parse_qmd(path: str, text: str, origins: list[tuple[str, int]] | None = None) -> Qmd:
    """The chapter `text` (includes expanded, `origins` saying where each line came from)."""
    lines, meta, i = text.splitlines(), {}, 0
    if lines and lines[0].rstrip() == "---":
        i = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), 0) + 1
        if i == 1:
            raise ConfigError(f"{path}: front matter opened with '---' on line 1 is never closed")
        meta = yaml_mapping("\n".join(lines[1 : i - 1]), f"{path}: front matter", 2)
        execute = meta.get("execute") or {}
        bad = unsupported(execute, SUPPORTED["cell"]) if isinstance(execute, dict) else f"execute: {execute}"
        if bad := unsupported(meta, SUPPORTED["front-matter"]) or bad:
            raise _refuse(path, 1, f"the front matter's '{bad}'")
    qmd = Qmd(path, text, meta, origins or [(path, n) for n in range(1, len(lines) + 1)])
    fence = ""  # the open fence of a code block that stays markdown
    while i < len(lines):
        line, (where, n), i = lines[i], qmd.origins[i], i + 1  # from here, `i` is the line's 1-based number
        if not fence and (opened := CELL_OPEN.match(line)):
            i = _cell(qmd, lines, i - 1, opened.group(1)) + 1
            continue
        if not qmd.blocks or isinstance(qmd.blocks[-1], Cell):
            qmd.blocks.append(Markdown([], i))
        qmd.blocks[-1].lines.append(line)
        if fence:  # a closing fence: the same character, at least as many times, and nothing else
            fence = "" if line.strip().startswith(fence) and not line.strip().strip(fence[0]) else fence
            continue
        _check_markdown(where, n, line)
        if m := FENCE.match(line):
            fence = m.group(1)
            continue
        if h := HEADING.match(line):
            ident, classes, _ = parse_attributes(h.group(3) or "")
            qmd.headings.append(Heading(len(h.group(1)), h.group(2), ident, "unnumbered" in classes, i))
        qmd.inlines += [Inline(x, i) for x in INLINE.findall(line)]
        qmd.floats += FLOAT_LABEL.findall(line)
        qmd.refs = qmd.refs or bool(REFS_DIV.match(line))
    return qmd


def expand_includes(root: Path, path: str, text: str, within: tuple[str, ...] = ()) -> tuple[str, list]:
    """`{{< include file >}}` lines replaced by the file's text (relative to the including file, or to the
    project with a leading `/`), and the (file, line) each line of the result came from."""
    lines: list[str] = []
    origins: list[tuple[str, int]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not (m := INCLUDE.match(line)):
            lines.append(line)
            origins.append((path, n))
            continue
        name = m.group(1).strip("\"'")
        base = "" if name.startswith("/") else posixpath.dirname(path)
        target = posixpath.normpath(posixpath.join(base, name.lstrip("/")))
        if not (root / target).is_file():
            raise ConfigError(f"{path}, line {n}: the included file {name} ({target}) does not exist")
        if target in (*within, path):
            raise ConfigError(f"{path}, line {n}: {target} includes itself")
        sub, sub_origins = expand_includes(root, target, (root / target).read_text(encoding="utf-8"), (*within, path))
        lines += sub.splitlines()
        origins += sub_origins
    return "\n".join(lines) + "\n", origins


def read_qmd(root: Path, path: str) -> Qmd:
    return parse_qmd(path, *expand_includes(root, path, (root / path).read_text(encoding="utf-8")))
