"""Offline renderer for the report's Quarto book: Jupyter kernels through nbclient, pandoc and Typst.

The sources stay valid Quarto. `studybuild` decides which renderer runs and publishes the result.
"""

__version__ = "0.1.0"
