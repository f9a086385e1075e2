"""Inline values as text: every plain `str` a chapter's `` `{python} expr` `` returns reads back literally.

Quarto inserts an inline value's `text/markdown` as it is, but from `text/plain` it only escapes some of
markdown's characters: `$`, `@`, `<` and `&` survive, so a dataset value could become math, a citation or
raw HTML. In a Jupyter kernel, this gives every plain `str` a `text/markdown` form escaped by `escape.text`,
which Quarto and the offline builder both prefer. A value that is already markdown says so (`fmt.Md`, or
IPython's `Markdown`) and is inserted as it is.
"""

from __future__ import annotations

import sys


def _as_markdown(value: str) -> str:
    from analysis.escape import text
    from analysis.fmt import Md

    return str(value) if isinstance(value, Md) else text(value)


def enable() -> None:
    """Registers the `str` formatter in the running IPython kernel, if any (no import cost elsewhere)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        shell.display_formatter.formatters["text/markdown"].for_type(str, _as_markdown)
