"""Offline renderer for the report's Quarto book: Jupyter kernel, pandoc and Typst, nothing else.

The sources stay valid Quarto; when a `quarto` executable (>= 1.9.18) is installed the CLI uses it instead.
"""

__version__ = "0.1.0"
