"""Files the book's pages load, written by the pre-render step (`python -m studybuild prepare`) for both renderers.

The one asset is the Vega bundle (vega + vega-lite + vega-embed, from vl-convert, which already ships it):
every chart's HTML calls the global `vegaEmbed`, so each page with charts loads this file once. Its path is
named three times in configuration, and a test keeps them in step: here, in `_quarto.yml` (`project:
resources:`, so Quarto copies it into the book) and in `report/_metadata.yml` (the `<script>` of every
chapter page, relative to `report/`).
"""

from __future__ import annotations

import os
from pathlib import Path

VEGA_BUNDLE = "report/_generated/vega-bundle.js"


def write_assets(root: Path) -> list[str]:
    """Writes the assets that are missing or differ from what this environment makes; returns those written."""
    import vl_convert

    target = Path(root) / VEGA_BUNDLE
    stamp = target.with_name(f".{target.name}.version")
    if target.is_file() and stamp.is_file() and stamp.read_text() == vl_convert.__version__:
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
    os.replace(tmp, target)
    stamp.write_text(vl_convert.__version__)
    return [VEGA_BUNDLE]
