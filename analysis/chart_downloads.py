"""Each chart's data and picture to take away: CSV, SVG and PNG files beside the pages, and the links to them.

The files are written while the chapter runs, into `report/_generated/downloads/`, under names made from a
hash of their bytes: a name never holds other bytes, so a stale page can never serve a newer file under an old
name (or the reverse). Each file is recorded through `analysis.build_contract.record_output`, so a cached or
frozen chapter whose files have gone (e.g. after `rm -rf report/_generated`) runs again. Neither renderer
copies the folder wholesale: Quarto copies the local files a page links to, and the offline builder does the
same (`bookbuild.build.copy_linked`), so files no page links to any more never reach `_book`; and
`build_contract.prune_outputs` deletes them from the folder after a build.

The CSV holds the rows and columns of the chart's "Data" table (`chart_output.data_tables`, the one place
that derives them) with numbers written without thousands separators, plus the chart's source line. It is
data, not a formula sheet: a cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return, OWASP's list) gets a leading apostrophe, unless the cell is a plain number
such as `-1.5`, which is left as it is.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
import unicodedata
from pathlib import Path

from analysis.build_contract import OUTPUTS_DIR, record_output

FOLDER = OUTPUTS_DIR
#: The folder as the chapter pages (in report/) link to it.
HREF = "_generated/downloads/"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DANGLING = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def slug(text: str, limit: int = 48) -> str:
    """A file name stem from a chart's description: ASCII words joined by hyphens, cut at a word end."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    stem = ""
    for word in words:
        if stem and len(stem) + 1 + len(word) > limit:
            break
        stem = f"{stem}-{word}" if stem else word[:limit]
    while "-" in stem and stem.rsplit("-", 1)[1] in _DANGLING:
        stem = stem.rsplit("-", 1)[0]
    return stem or "chart"


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe before anything it would run as a formula."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(headers: list[str], rows: list[list[str]], source: str = "") -> bytes:
    """The table as UTF-8 CSV (RFC 4180 quoting), with the chart's source line as a last column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    extra = ["Chart source"] if source else []
    writer.writerow([safe_cell(h) for h in [*headers, *extra]])
    for row in rows:
        writer.writerow([safe_cell(c) for c in [*row, *([source] if source else [])]])
    return out.getvalue().encode("utf-8")


def write(stem: str, ext: str, data: bytes) -> str:
    """Writes `data` under a name that contains its hash (if not there already), records it, returns the name."""
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
    target = FOLDER / name
    if not (target.is_file() and target.stat().st_size == len(data)):
        FOLDER.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    record_output(target)
    return name


def _link(name: str, download: str, mime: str, visible: str, label: str) -> str:
    return (
        f'<a href="{html.escape(HREF + name)}" download="{html.escape(download)}" type="{mime}" '
        f'aria-label="{html.escape(label)}">{html.escape(visible)}</a>'
    )


def links(description: str, tables: list[tuple[list[str], list[list[str]]]], source: str, svg: str, png: bytes) -> str:
    """Writes the chart's files and returns the HTML paragraph linking to them (HTML editions only: the
    paragraph lives in the raw HTML block; the one-page edition drops it, `data-single-page="omit"`)."""
    stem = slug(description)
    anchors = []
    for n, (headers, rows) in enumerate(tables, start=1):
        part = f", part {n}" if len(tables) > 1 else ""
        name = write(f"{stem}-data", "csv", csv_bytes(headers, rows, source))
        download = f"{stem}-data{f'-{n}' if len(tables) > 1 else ''}.csv"
        label = f"Download the data{part} (CSV) of the chart: {description}"
        anchors.append(_link(name, download, "text/csv", f"Data{part} (CSV)", label))
    for ext, mime, data in (("svg", "image/svg+xml", svg.encode("utf-8")), ("png", "image/png", png)):
        name = write(stem, ext, data)
        label = f"Download the chart ({ext.upper()}): {description}"
        anchors.append(_link(name, f"{stem}.{ext}", mime, f"Chart ({ext.upper()})", label))
    return '<p class="chart-downloads" data-single-page="omit">Download: ' + " ".join(anchors) + "</p>"


def files_in(snippet: str) -> list[Path]:
    """The files a chart block links to (for tests and checks)."""
    return [FOLDER / html.unescape(m) for m in re.findall(rf'href="{re.escape(HREF)}([^"]+)"', snippet)]
