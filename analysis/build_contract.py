"""What the builders rely on from this package (`bookbuild`, the offline renderer, and `studybuild`, which runs
either renderer): the one place they meet.

bookbuild imports this module in its own process, so it stays light (no pandas). It relies on:

- `READS_ENV`: bookbuild sets this variable, in every Jupyter kernel it starts, to the path of a file
  it empties before each chapter. Every data file the analysis reads is appended to it (`record_read`,
  called by `analysis.data.table`), one resolved absolute path a line. A chapter's cache entry is keyed
  on the content of exactly those files, wherever they are (e.g. under `STUDY_DATA_DIR`).
- The files a chapter writes for its pages to link to (each chart's downloads, `analysis.chart_downloads`)
  are listed the same way (`record_output`): a cached or frozen chapter whose file has gone since no longer
  matches its key, so it runs again and writes the file. The pages link to them with plain relative
  `<a href>`s, which both renderers copy into the book (Quarto's resource discovery; the offline builder's
  `copy_linked`). An element with `data-single-page="omit"` is left out of the one-page edition, which has
  no files beside it.
- `prune_outputs(recorded)`: after every chapter has run or come from its cache (or after a Quarto render),
  bookbuild passes every file the chapters recorded; the downloads none of them recorded are deleted, so
  files from earlier builds do not pile up. Only files of the form the chart renderer writes are touched.
- Under Quarto (which runs each chapter in a kernel of its own and names it in `QUARTO_DOCUMENT_PATH` and
  `QUARTO_DOCUMENT_FILE`), the same list goes to `.build/reads/<chapter>.txt`: `studybuild.quarto` keys
  each frozen chapter on those files, and thaws it when one changes.
- `cache_inputs()`: what decides *which* files a chapter reads: the data folder in use. It is part of
  every chapter's cache key, so pointing `STUDY_DATA_DIR` elsewhere re-runs the chapters.
- `data_dir()` / `data_files()`: the data folder and its datasets (studybuild's `prepare` step hashes them).
- `analysis.data.validate_all()` raising `analysis.metadata.DataError`, and
  `analysis.bibliography.write_csl_json(path)`: studybuild's `prepare` step (validation, then the
  bibliography: CSL-YAML for a `.yaml` path, as `_quarto.yml` names it, so that titles can carry their language).
- Charts: every chart a chapter displays has the MIME bundle of `analysis.chart_output.mimebundle`:
  `text/markdown` holding a raw HTML block (the live chart, which calls `vegaEmbed`), a raw Typst block (the
  static SVG) and a Word-only image; never `text/html`, which would make Quarto fetch scripts from a CDN.
- `analysis.assets.write_assets(root)`: the files pages load (the Vega bundle), written by `prepare`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS_ENV = "BOOKBUILD_READS"
DATA_DIR_ENV = "STUDY_DATA_DIR"
#: Where `analysis.chart_downloads` writes each chart's files, and the form of the names it gives them.
OUTPUTS_DIR = ROOT / "report" / "_generated" / "downloads"
OUTPUT_NAME = re.compile(r"[a-z0-9-]+-[0-9a-f]{16}\.(?:csv|svg|png)")


def data_dir() -> Path:
    """`data/` beside the package, or the folder named by STUDY_DATA_DIR (tests use copies)."""
    return Path(os.environ.get(DATA_DIR_ENV, ROOT / "data"))


def data_files() -> list[Path]:
    return sorted(data_dir().glob("*.csv"))


def cache_inputs() -> list[str]:
    """The data folder: relative to the project when inside it (a copied project keeps its cache)."""
    folder = data_dir().resolve()
    return [folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else str(folder)]


def quarto_reads_file(root: Path, chapter: str) -> Path:
    """Where the data files a chapter read under Quarto are listed (`chapter` relative to the project)."""
    return root / ".build" / "reads" / f"{chapter}.txt"


_quarto_reads: list[str] = []


def record_read(path: Path) -> None:
    """Tells the builder (when one is listening) that the running chapter read `path`."""
    line = str(Path(path).resolve())
    log = os.environ.get(READS_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{line}\n")
    quarto = [os.environ.get(k) for k in ("QUARTO_PROJECT_ROOT", "QUARTO_DOCUMENT_PATH", "QUARTO_DOCUMENT_FILE")]
    if all(quarto) and line not in _quarto_reads:
        # One kernel per chapter: the list is this process's, rewritten whole on each new file.
        root, chapter = Path(str(quarto[0])).resolve(), Path(str(quarto[1])).resolve() / str(quarto[2])
        target = quarto_reads_file(root, chapter.relative_to(root).as_posix())
        _quarto_reads.append(line)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(f"{p}\n" for p in _quarto_reads), encoding="utf-8")


def record_output(path: Path) -> None:
    """Tells the builder that the running chapter wrote `path` for its pages to link to. It is listed with the
    files the chapter read: the cached result is only valid while the file is there with these bytes."""
    record_read(path)


def prune_outputs(recorded: Iterable[str], folder: Path | None = None) -> list[str]:
    """Deletes the chart downloads in `folder` (default OUTPUTS_DIR) that no chapter recorded in its last run
    (`recorded`: paths, absolute or relative to the project); returns their names. Nothing else is touched:
    no file whose name the chart renderer would not give, no subfolder."""
    folder = folder or OUTPUTS_DIR
    keep = {(ROOT / p).resolve() for p in recorded}
    removed = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_file() and OUTPUT_NAME.fullmatch(path.name) and path.resolve() not in keep:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
