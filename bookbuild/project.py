"""Reads `_quarto.yml`: the book's metadata, its chapters in order, and the options bookbuild honours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bookbuild.errors import ConfigError

CONFIG = "_quarto.yml"
#: What the offline builder renders as Quarto does, declared in supported.yml; anything else is refused by name.
SUPPORTED: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("supported.yml").read_text(encoding="utf-8"))


def unsupported(options: dict[str, Any], known: dict[str, list[Any] | None]) -> str | None:
    """The first `key: value` of `options` that `known` (a heading of supported.yml) does not allow, or None."""
    bad = (f"{k}: {v}" for k, v in options.items() if k not in known or (known[k] is not None and v not in known[k]))
    return next(bad, None)


@dataclass(frozen=True)
class Chapter:
    path: str  # relative to the project root, POSIX separators: "report/trade.qmd"
    page: str  # output page without ".html", where Quarto writes it: "index" for the home page, else the path
    appendix: bool = False
    part: str | None = None  # title of the book part the chapter opens


@dataclass(frozen=True)
class Project:
    root: Path
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    date: str | None
    chapters: tuple[Chapter, ...]
    bibliography: str | None
    csl: str | None
    lang: str
    output_dir: str
    output_file: str | None
    execute: dict[str, Any] = field(default_factory=dict)
    formats: dict[str, Any] = field(default_factory=dict)
    resources: tuple[str, ...] = ()  # project.resources: files copied into the output as they are
    downloads: tuple[str, ...] = ()  # book.downloads: the single-file editions the sidebar links to
    html_tables: bool = True  # `html-table-processing: none` leaves HTML tables out of the PDF and Word, as in Quarto

    def includes(self, fmt: str, chapter: str, key: str = "include-in-header") -> list[str]:
        """A chapter's `include-in-header` (or `include-before-body`) for `fmt`, in the forms Quarto accepts (`text:`
        or a file): _quarto.yml's, then each `_metadata.yml`'s from the root down to the chapter's folder (Quarto's
        directory metadata), lists concatenated as Quarto merges them."""
        items, out = [*as_list(self.formats.get(fmt, {}).get(key))], []  # a copy: the project stays as read
        for path in _metadata_files(self.root, chapter):
            items += as_list(_formats(_metadata(self.root, path).get("format"), path).get(fmt, {}).get(key))
        for item in items:
            kind, value = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else ("file", item)
            if kind == "text":
                out.append(str(value))
            elif kind == "file" and isinstance(value, str) and (self.root / value).is_file():
                out.append((self.root / value).read_text(encoding="utf-8"))
            else:
                raise _fail(f"{key}: {item!r} is neither `text:` nor a file of the project")
        return out

    @property
    def citeproc(self) -> list[str]:
        """pandoc's arguments for the citations (paths relative to the project, where pandoc runs)."""
        csl = ["--csl", self.csl] if self.csl else []
        return ["--citeproc", "--bibliography", self.bibliography, *csl] if self.bibliography else []

    @property
    def slug(self) -> str:
        """File name (without extension) of the PDF, the Word file and the one-file edition: as Quarto names them,
        `book.output-file` or else the title, with its `texSafeFilename`."""
        return re.sub(r"[ <>()|\\:&;#?*'/]", "-", self.output_file or self.title)


def _fail(what: str) -> ConfigError:
    return ConfigError(f"{CONFIG}: {what}")


def as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is not None and not isinstance(value, dict):
        raise _fail(f"'{where}' must be a mapping, not {type(value).__name__}")
    return value or {}


def _metadata_files(root: Path, chapter: str) -> list[str]:
    """The `_metadata.yml` files that apply to a chapter, from the root's folders down to its own."""
    folders = (Path(*Path(chapter).parts[:n]) for n in range(1, len(Path(chapter).parts)))
    return [(f / "_metadata.yml").as_posix() for f in folders if (root / f / "_metadata.yml").is_file()]


def _metadata(root: Path, path: str) -> dict[str, Any]:
    data = yaml_mapping((root / path).read_text(encoding="utf-8"), path)
    if bad := unsupported(data, SUPPORTED["metadata"]):
        raise ConfigError(f"{path}: '{bad}' is not supported by the offline builder")
    return data


def _formats(value: Any, where: str) -> dict[str, dict[str, Any]]:
    """The `format:` mapping of `where` (a file), each format and option checked against supported.yml."""
    formats = {
        fmt: _mapping(None if options == "default" else options, f"format.{fmt}")
        for fmt, options in _mapping(value, "format").items()
    }
    for fmt, options in formats.items():
        if fmt not in SUPPORTED["format"]:
            raise ConfigError(f"{where}: format '{fmt}' is not written by the offline builder (only html, typst, docx)")
        if bad := unsupported(options, SUPPORTED["format"][fmt]):
            raise ConfigError(f"{where}: 'format.{fmt}.{bad}' is not supported by the offline builder")
    return formats


def _text(value: Any, where: str, required: bool = False) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if value is None and not required:
        return None
    raise _fail(f"'{where}' is required" if value is None else f"'{where}' must be text, not {type(value).__name__}")


def _chapter_list(root: Path, entries: Any, where: str, appendix: bool) -> list[Chapter]:
    if entries is not None and not isinstance(entries, list):
        raise _fail(f"'{where}' must be a list of .qmd files")
    chapters: list[Chapter] = []
    for entry in entries or []:
        part, paths = None, [entry]
        if isinstance(entry, dict):  # a part: its title and its chapters
            part, paths = _text(entry.get("part"), f"{where}.part", required=True), entry.get("chapters") or []
            if part.endswith(".qmd"):  # Quarto renders that file as the part's page
                raise _fail(f"'{where}' part {part}: a part page (.qmd) is not supported by the offline builder")
            if not isinstance(paths, list):
                raise _fail(f"'{where}' part {part!r}: 'chapters' must be a list of .qmd files")
        for i, path in enumerate(paths):
            rel = _text(path, where, required=True)
            if not rel.endswith(".qmd"):
                raise _fail(f"'{where}' entry {rel!r} is not a .qmd file")
            if not (root / rel).is_file():
                raise _fail(f"'{where}' lists {rel}, which does not exist")
            # Each page is written where Quarto writes it: the chapter's path with .html for .qmd.
            page = Path(rel).with_suffix("").as_posix()
            chapters.append(Chapter(Path(rel).as_posix(), page, appendix, part if i == 0 else None))
    return chapters


def yaml_mapping(text: str, where: str, first_line: int = 1) -> dict[str, Any]:
    """YAML that must be a mapping (or empty); an error names `where` and the line (`first_line`: the text's)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" at line {mark.line + first_line}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ConfigError(f"{where}: not valid YAML{at}: {problem}") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping, not {type(data).__name__}")
    return data or {}


def load_project(root: Path) -> Project:
    root = Path(root)
    if not (root / CONFIG).is_file():
        raise ConfigError(f"{CONFIG}: not found in the project folder {root.name or '.'}")
    data = yaml_mapping((root / CONFIG).read_text(encoding="utf-8"), CONFIG)
    proj, execute, book = (_mapping(data.get(key), key) for key in ("project", "execute", "book"))
    if proj.get("type") != "book":
        raise _fail(f"project.type must be 'book', found {proj.get('type')!r}")
    for prefix, options in {"": data, "project.": proj, "execute.": execute, "book.": book}.items():  # supported.yml
        if bad := unsupported(options, SUPPORTED[prefix.rstrip(".") or "config"]):
            raise _fail(f"'{prefix}{bad}' is not supported by the offline builder")
    if proj.get("execute-dir") != "project":  # Quarto's default runs each chapter in its own folder
        raise _fail("project.execute-dir must be 'project': the offline builder runs every chapter at the project root")
    chapters = _chapter_list(root, book.get("chapters"), "book.chapters", False)
    if not chapters:
        raise _fail("'book.chapters' must list at least one .qmd file")
    chapters += _chapter_list(root, book.get("appendices"), "book.appendices", True)
    # As Quarto: the home page is `index.qmd` at the project root, and it comes first.
    home = next((ch for ch in chapters if ch.path.startswith("index.")), None)
    if home is None:
        raise _fail("book contents must include a home page, index.qmd at the project root (as Quarto requires)")
    for path in sorted({path for ch in chapters for path in _metadata_files(root, ch.path)}):  # each checked now
        _formats(_metadata(root, path).get("format"), path)
    bib = data.get("bibliography")
    if isinstance(bib, list) and len(bib) != 1:
        raise _fail("'bibliography' must name one CSL-JSON file")
    downloads = tuple(str(d) for d in as_list(book.get("downloads")))
    if unknown := [d for d in downloads if d not in SUPPORTED["downloads"]]:
        only = ", ".join(SUPPORTED["downloads"])
        raise _fail(f"book.downloads: {unknown[0]!r} is not supported by the offline builder (only {only})")
    authors = [a.get("name") if isinstance(a, dict) else a for a in as_list(book.get("author"))]
    return Project(
        root=root,
        title=_text(book.get("title"), "book.title", required=True),
        subtitle=_text(book.get("subtitle"), "book.subtitle"),
        authors=tuple(filter(None, (_text(a, "book.author", required=True) for a in authors))),
        date=_text(book.get("date"), "book.date"),
        chapters=(home, *(ch for ch in chapters if ch is not home)),
        bibliography=_text(bib[0] if isinstance(bib, list) else bib, "bibliography"),
        csl=_text(data.get("csl"), "csl"),
        lang=_text(data.get("lang"), "lang") or "en",
        output_dir=_text(proj.get("output-dir"), "project.output-dir") or "_book",
        output_file=_text(book.get("output-file"), "book.output-file"),
        execute=execute,
        html_tables=data.get("html-table-processing") != "none",
        formats=_formats(data.get("format"), CONFIG),
        resources=tuple(str(r) for r in as_list(proj.get("resources"))),
        downloads=downloads,
    )
