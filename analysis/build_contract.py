"""What the report builder (`bookbuild`) relies on from this package: the one place the two meet.

bookbuild imports this module in its own process, so it stays light (no pandas). It relies on:

- `READS_ENV`: bookbuild sets this variable, in every Jupyter kernel it starts, to the path of a file
  it empties before each chapter. Every data file the analysis reads is appended to it (`record_read`,
  called by `analysis.data.table`), one resolved absolute path a line. A chapter's cache entry is keyed
  on the content of exactly those files, wherever they are (e.g. under `STUDY_DATA_DIR`).
- `cache_inputs()`: what decides *which* files a chapter reads: the data folder in use. It is part of
  every chapter's cache key, so pointing `STUDY_DATA_DIR` elsewhere re-runs the chapters.
- `data_dir()` / `data_files()`: the data folder and its datasets (bookbuild's `prepare` step hashes them).
- `analysis.data.validate_all()` raising `analysis.metadata.DataError`, and
  `analysis.bibliography.write_csl_json(path)`: the `prepare` step (validation, then the bibliography).
- Charts: every chart a chapter displays has the MIME bundle of `analysis.chart_output.mimebundle`:
  `text/html` (a `vegaEmbed(` call; a page that shows one loads the Vega bundle the builder writes),
  `image/svg+xml` (drawn in the PDF) and `text/plain`.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS_ENV = "BOOKBUILD_READS"
DATA_DIR_ENV = "STUDY_DATA_DIR"


def data_dir() -> Path:
    """`data/` beside the package, or the folder named by STUDY_DATA_DIR (tests use copies)."""
    return Path(os.environ.get(DATA_DIR_ENV, ROOT / "data"))


def data_files() -> list[Path]:
    return sorted(data_dir().glob("*.csv"))


def cache_inputs() -> list[str]:
    """The data folder: relative to the project when inside it (a copied project keeps its cache)."""
    folder = data_dir().resolve()
    return [folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else str(folder)]


def record_read(path: Path) -> None:
    """Tells the builder (when one is listening) that the running chapter read `path`."""
    log = os.environ.get(READS_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{Path(path).resolve()}\n")
