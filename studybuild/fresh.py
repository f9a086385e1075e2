"""Whether the published book is already what the project's files make, so that no renderer need start.

The key is a digest of every file under the project folder (hidden folders, the output, Quarto's `_freeze/` and
`__pycache__` aside), of the data files the analysis reads from outside it, of the renderer and of the formats.
Any edit anywhere in the project counts as a change: a needless rebuild costs seconds (each renderer then
re-executes only the chapters the edit touches), a stale book would be wrong. The key is taken after a
successful build, when the chapters have written their files, and kept with the folder it published.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from bookbuild.execute import load_contract

KEY_FILE = Path(".build") / "book-key.json"
SKIPPED = {"_freeze", "__pycache__"}


def book_key(root: Path, output: Path, renderer: str, formats: tuple[str, ...]) -> str:
    files: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and d not in SKIPPED and here / d != output]
        files += [here / name for name in names]
    contract = load_contract(root)
    files += [p for p in (contract.data_files() if contract else []) if not p.resolve().is_relative_to(root)]
    h = hashlib.sha256(f"{renderer}\0{','.join(sorted(formats))}\0".encode())
    for path in sorted(files):
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # a dangling link, or a file removed while walking
            content = "missing"
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)  # a copy stays fresh
        h.update(f"{name}\0{content}\0".encode())
    return h.hexdigest()


def is_fresh(root: Path, output: Path, key: str) -> bool:
    """True when the output is still the folder published with `key`."""
    try:
        saved = json.loads((root / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("key") == key and output.is_symlink() and output.resolve().name == saved.get("published")


def remember(root: Path, output: Path, key: str) -> None:
    (root / KEY_FILE).parent.mkdir(parents=True, exist_ok=True)
    tmp = root / KEY_FILE.with_name(f".{KEY_FILE.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"key": key, "published": output.resolve().name}), encoding="utf-8")
    os.replace(tmp, root / KEY_FILE)
