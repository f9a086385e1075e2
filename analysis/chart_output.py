"""How a chart leaves a chapter: live in HTML, static in PDF, identical bytes on every build.

Altair's default HTML output loads Vega from a CDN, which fails offline. This renderer returns, in one
MIME bundle, a `vegaEmbed` call for the HTML book (the Vega bundle itself is loaded once per page by the
report template) and an SVG drawn by vl-convert for the PDF. Both Quarto and the offline builder pick the
representation that suits the output format.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import altair as alt
import vl_convert as vlc

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


def _spec_json(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/")  # a '</script>' inside a title must not end the script element


def html_snippet(spec: dict[str, Any]) -> str:
    """A div and the script that draws the chart into it.

    The script finds its div as its own previous sibling rather than by id, so the same chart may stand in
    two chapters of the one-page edition; the hash only labels the div, and is the same on every build.
    """
    spec_json = _spec_json(spec)
    digest = hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    options = json.dumps(EMBED_OPTIONS, sort_keys=True)
    return (
        f'<div class="vega-chart" data-spec="{digest}"></div>\n'
        f"<script>vegaEmbed(document.currentScript.previousElementSibling, {spec_json}, {options})"
        f".catch(function (err) {{ console.error(err); }});</script>"
    )


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {
        "text/html": html_snippet(spec),
        "image/svg+xml": vlc.vegalite_to_svg(spec),
        "text/plain": f"<chart: {spec.get('description', 'Altair chart')}>",
    }


def enable() -> None:
    """Make every Altair chart displayed in this process use the study's output."""
    alt.renderers.register("study", mimebundle)
    alt.renderers.enable("study")
