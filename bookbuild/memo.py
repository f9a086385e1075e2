"""Content-addressed results of pandoc and Typst runs: an unchanged chapter is not converted again.

Each result is stored under a sha256 of everything that determines it (the caller passes all inputs);
entries a build did not use are deleted at its end, so the folder holds one build's worth.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path


class Memo:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory  # None: always recompute (--no-cache)
        self.used: set[str] = set()
        self.lock = threading.Lock()

    def get(self, inputs: list[str | bytes], make: Callable[[], bytes]) -> bytes:
        if self.directory is None:
            return make()
        h = hashlib.sha256()
        for item in inputs:
            data = item.encode() if isinstance(item, str) else item
            h.update(len(data).to_bytes(8, "big") + data)
        key = h.hexdigest()
        path = self.directory / key
        with self.lock:
            self.used.add(key)
        if path.is_file():
            return path.read_bytes()
        result = make()
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(result)
        os.replace(tmp, path)
        return result

    def prune(self) -> None:
        if self.directory is None or not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)
