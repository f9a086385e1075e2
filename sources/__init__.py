"""Importers that turn downloaded primary-data files into the package's own dataset rows.

- `sources.sipri`: SIPRI Arms Transfers Database trade register -> table `arms_register`
- `sources.worldbank`: World Bank WDI population CSV -> table `population`
- `sources.refresh`: the command that runs both and writes `data/*.csv` (`python -m sources.refresh --help`)

Every reader raises `SourceFormatError` when a file is not in the format it expects.
"""

from sources.errors import SourceFormatError

__all__ = ["SourceFormatError"]
