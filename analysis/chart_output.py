"""How a chart leaves a chapter: live in HTML, static in PDF, identical bytes on every build.

Altair's default HTML output loads Vega from a CDN, which fails offline. This renderer returns one
`text/markdown` representation holding two raw blocks: a `vegaEmbed` call for HTML (the Vega bundle is
loaded once per page, see `analysis.assets`) and the chart as an SVG drawn by vl-convert for Typst; Word gets
the same SVG as a PNG image. Pandoc keeps, for each output format, only the part written for it, in Quarto and
offline alike.

Why not `text/html` + `image/svg+xml`: any `text/html` cell output makes Quarto add require.js and jQuery
from a CDN to the page (its support for JavaScript widgets), which an offline, private book cannot have.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
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


def typst_string(text: str) -> str:
    """A Typst string literal holding `text` verbatim."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_image(svg: str, alt: str | None = None) -> str:
    """Typst code drawing an SVG given inline (no file beside the chapter), shrunk only if wider than the page."""
    args = f'format: "svg", alt: {typst_string(alt)}' if alt else 'format: "svg"'
    return (
        f"#{{ let svg = bytes({typst_string(svg)}); layout(size => {{ let img = image(svg, {args}); "
        f"if measure(img).width > size.width {{ image(svg, {args}, width: 100%) }} else {{ img }} }}) }}"
    )


def raw_block(content: str, fmt: str) -> str:
    """A pandoc raw block for `fmt` whose fence is longer than any backtick run inside `content`."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(4, longest + 1)
    return f"{fence}{{={fmt}}}\n{content}\n{fence}"


def docx_image(svg: str, alt: str | None = None) -> str:
    """The chart for Word: a PNG of the same SVG (Word files need a bitmap beside any SVG, which pandoc cannot
    make without rsvg-convert), given as a data URI (no file beside the chapter), shown only in docx."""
    alt_text = re.sub(r"([\\`*_{}\[\]<>()#+!|$@~^-])", r"\\\1", alt or "")
    uri = "data:image/png;base64," + base64.b64encode(vlc.svg_to_png(svg, scale=2)).decode()
    return f'::: {{.content-visible when-format="docx"}}\n![{alt_text}]({uri})\n:::'


def markdown(spec: dict[str, Any]) -> str:
    svg = vlc.vegalite_to_svg(spec)
    description = spec.get("description")
    parts = [raw_block(html_snippet(spec), "html"), raw_block(typst_image(svg, description), "typst")]
    return "\n\n".join([*parts, docx_image(svg, description)])


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {
        "text/markdown": markdown(spec),
        "text/plain": f"<chart: {spec.get('description', 'Altair chart')}>",
    }


def enable() -> None:
    """Make every Altair chart displayed in this process use the study's output."""
    alt.renderers.register("study", mimebundle)
    alt.renderers.enable("study")
