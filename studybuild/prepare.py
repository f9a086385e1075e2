"""The step before rendering (also Quarto's `pre-render` hook): validate data, write the bibliography.

Everything here is optional: a project without an `analysis` package (or without the functions named
below) is only checked for the files `_quarto.yml` names. The CSL style is a file of the project (named by
`csl:`), never generated, so `prepare` only checks that it is there.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from bookbuild import __version__
from bookbuild.errors import BuildError, ConfigError
from bookbuild.execute import load_contract
from bookbuild.project import Project, load_project


def import_from(root: Path, name: str) -> ModuleType | None:
    """Imports `name` from the project folder, even if a package of that name came from elsewhere."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    top = sys.modules.get(name.split(".")[0])
    if top is not None and not str(getattr(top, "__file__", "") or "").startswith(str(root)):
        for mod in [m for m in sys.modules if m == top.__name__ or m.startswith(top.__name__ + ".")]:
            del sys.modules[mod]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name and name.startswith(err.name):
            return None  # the project has no such module
        raise


class DataProblem(BuildError):
    """The project's data failed validation (`analysis.metadata.DataError`)."""

    exit_code = 2


def inputs_digest(root: Path, project: Project) -> str:
    """A hash of everything `prepare` reads: the data, the analysis code, the book's config and the CSL.

    Validation imports pandas and pandera (most of a rebuild's time when nothing changed), so `prepare`
    skips its work when this digest matches the last successful run.
    """
    contract = load_contract(root)
    files = [
        root / "_quarto.yml",
        *([root / project.csl] if project.csl else []),
        *(contract.data_files() if contract else []),
        *sorted((root / "analysis").rglob("*.py")),
    ]
    inputs = contract.cache_inputs() if contract else []
    digest = hashlib.sha256(f"{__version__}\0{inputs}\0".encode())
    for f in files:
        digest.update(f"{f.name}\0".encode() + (f.read_bytes() if f.is_file() else b"<missing>") + b"\0")
    return digest.hexdigest()


def prepare(project_dir: Path, project: Project | None = None) -> list[str]:
    """Validates the data and writes the CSL-JSON bibliography; returns what it wrote."""
    root = Path(project_dir).resolve()
    project = project or load_project(root)
    stamp = root / ".build" / "cache" / "prepared.sha256"
    key = inputs_digest(root, project)
    outputs = [root / p for p in (project.bibliography, project.csl) if p]
    outputs += [root / r for r in project.resources if "*" not in r]
    if stamp.is_file() and stamp.read_text() == key and all(p.is_file() for p in outputs):
        return []
    written = _prepare(root, project)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return written


def _prepare(root: Path, project: Project) -> list[str]:
    written: list[str] = []
    data = import_from(root, "analysis.data") if (root / "analysis").is_dir() else None
    if data is not None and hasattr(data, "validate_all"):
        metadata = import_from(root, "analysis.metadata")
        data_error = getattr(metadata, "DataError", None) if metadata else None
        try:
            data.validate_all()
        except Exception as err:
            if data_error is not None and isinstance(err, data_error):
                raise DataProblem(str(err)) from None
            raise
    if project.bibliography:
        bib = import_from(root, "analysis.bibliography") if (root / "analysis").is_dir() else None
        if bib is not None and hasattr(bib, "write_csl_json"):
            target = root / project.bibliography
            target.parent.mkdir(parents=True, exist_ok=True)
            fresh = target.with_name(f".new-{target.name}")  # same suffix, in case the writer looks at it
            bib.write_csl_json(fresh)
            if target.is_file() and target.read_bytes() == fresh.read_bytes():
                fresh.unlink()  # unchanged: leave the file (and its timestamp) alone
            else:
                os.replace(fresh, target)
                written.append(project.bibliography)
        elif not (root / project.bibliography).is_file():
            raise ConfigError(f"_quarto.yml: bibliography {project.bibliography} does not exist")
    assets = import_from(root, "analysis.assets") if (root / "analysis").is_dir() else None
    if assets is not None and hasattr(assets, "write_assets"):
        written += assets.write_assets(root)
    if project.csl and not (root / project.csl).is_file():
        raise ConfigError(f"_quarto.yml: csl {project.csl} does not exist")
    return written
