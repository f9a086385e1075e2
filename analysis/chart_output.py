"""How a chart leaves a chapter: live in HTML, static in PDF, identical bytes on every build.

Altair's default HTML output loads Vega from a CDN, which fails offline. This renderer returns one
`text/markdown` representation holding two raw blocks: a `vegaEmbed` call for HTML (the Vega bundle is
loaded once per page, see `analysis.assets`) and the chart as an SVG drawn by vl-convert for Typst; Word gets
the same SVG as a PNG image. Pandoc keeps, for each output format, only the part written for it, in Quarto and
offline alike.

Why not `text/html` + `image/svg+xml`: any `text/html` cell output makes Quarto add require.js and jQuery
from a CDN to the page (its support for JavaScript widgets), which an offline, private book cannot have.

The HTML block works without a mouse, without a large screen and without scripts:

- the static SVG (the PDF's) is shown until the live chart replaces it, so a page read with scripts off
  still has every chart;
- the live chart's controls (sliders) are moved out of the graphic, labelled, and a re-ranking is announced;
- a "Data" disclosure holds the rows and columns the chart draws and its tooltips show, taken from the
  chart's own data, so the table can never disagree with the picture;
- links under the chart download its data (CSV, the Data table's rows) and the chart itself (SVG, PNG),
  written beside the pages by `analysis.chart_downloads`;
- the spec travels as JSON in a `<script type="application/json">` with `<`, `>` and `&` escaped, so no data
  value can close the script element or open a comment.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import altair as alt
import vl_convert as vlc

from analysis import chart_downloads
from analysis.chart_loader import LOADER

EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
_VIEW_KEYS = ("layer", "vconcat", "hconcat", "concat")


def _spec_json(spec: dict[str, Any]) -> str:
    """The spec as JSON that is inert inside any HTML element: `<`, `>` and `&` become \\u escapes, which
    JSON.parse reads back as the same characters."""
    text = json.dumps(_finite(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _finite(node: Any) -> Any:
    """The spec with NaN and infinities as null: JSON has no such numbers, and JSON.parse refuses them."""
    if isinstance(node, float) and not math.isfinite(node):
        return None
    if isinstance(node, dict):
        return {k: _finite(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_finite(v) for v in node]
    return node


def _views(node: dict[str, Any], data: Any = None, encoding: dict[str, Any] | None = None) -> Iterator[tuple]:
    """Every unit view of a Vega-Lite spec with the data and encoding it inherits from its parents."""
    data = node.get("data", data)
    encoding = {**(encoding or {}), **node.get("encoding", {})}
    if "mark" in node:
        yield data, encoding
    for key in _VIEW_KEYS:
        for child in node.get(key, []):
            yield from _views(child, data, encoding)
    if isinstance(node.get("spec"), dict):
        yield from _views(node["spec"], data, encoding)


def _rows(spec: dict[str, Any], data: Any) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(data, dict) and "name" in data:
        return data["name"], spec.get("datasets", {}).get(data["name"], [])
    if isinstance(data, dict) and "values" in data:
        return json.dumps(data["values"], sort_keys=True), data["values"]
    return "", []


def _format(value: Any, fmt: str | None, grouping: bool = True) -> str:
    """A cell as the tooltip shows it, for the d3 formats the charts use (`d`, `.2f`, `,.0f`); without
    `grouping`, numbers have no thousands separators (for the CSV)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and fmt:
        match = re.fullmatch(r"(,)?(?:\.(\d+))?([df])", fmt)
        if match:
            comma, digits, kind = match.groups()
            places = 0 if kind == "d" else int(digits or 0)
            return f"{value:{',' if comma and grouping else ''}.{places}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def data_tables(spec: dict[str, Any], grouping: bool = True) -> list[tuple[list[str], list[list[str]]]]:
    """(headers, rows) for each dataset the chart draws with a tooltip: the tooltip's columns, in the
    tooltip's order and with its titles and formats, over the dataset's rows (repeats dropped). The
    "Data" table and the CSV download both come from here; the CSV's numbers have no `grouping`."""
    columns: dict[str, dict[str, tuple[str, str | None]]] = {}
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for data, encoding in _views(spec):
        tips = encoding.get("tooltip")
        if not tips:
            continue
        key, rows = _rows(spec, data)
        rows_of[key] = rows
        for tip in tips if isinstance(tips, list) else [tips]:
            field = tip.get("field")
            if field and any(field in r for r in rows):
                columns.setdefault(key, {}).setdefault(field, (tip.get("title", field), tip.get("format")))
    tables = []
    for key, cols in columns.items():
        seen: dict[tuple[str, ...], None] = {}
        for row in rows_of[key]:
            seen.setdefault(tuple(_format(row.get(f), fmt, grouping) for f, (_, fmt) in cols.items()))
        tables.append(([title for title, _ in cols.values()], [list(r) for r in seen]))
    return tables


def _table_html(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _foot(spec: dict[str, Any]) -> str:
    """The source line the house theme draws as a bottom title, as text for the HTML."""
    title = spec.get("title")
    if isinstance(title, dict) and title.get("orient") == "bottom":
        text = title.get("text")
        return " ".join(text) if isinstance(text, list) else str(text or "")
    return ""


def html_snippet(spec: dict[str, Any], svg: str | None = None, downloads: str = "") -> str:
    """The chart's HTML block: static SVG, live-chart container, controls, data disclosure, the `downloads`
    links (`chart_downloads.links`, given by the caller, which writes the files), spec, loader.

    Nothing depends on the build (no random ids): the same spec gives the same bytes, and the block finds
    its parts relative to its own script, so the same chart may stand twice in the one-page edition.
    """
    spec_json = _spec_json(spec)
    digest = hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    meta = spec.get("usermeta") or {}
    description = str(spec.get("description") or "Chart")
    svg = svg if svg is not None else vlc.vegalite_to_svg(spec)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    options = json.dumps(EMBED_OPTIONS, sort_keys=True)
    parts = [
        f'<div class="study-chart" data-spec="{digest}">',
        f'<div class="chart-live"><img class="chart-static" src="{src}" alt="{html.escape(description)}"></div>',
    ]
    if foot := _foot(spec):
        parts.append(f'<p class="chart-source">{html.escape(foot)}</p>')
    if hint := meta.get("hint"):
        parts.append(f'<p class="chart-hint">{html.escape(str(hint))}</p>')
    if meta.get("announce"):
        label = html.escape(str(meta["announce"].get("controls", "Chart controls")))
        parts.append(f'<div class="chart-controls" role="group" aria-label="{label}"></div>')
        parts.append('<p class="chart-status" role="status" aria-live="polite"></p>')
    tables = data_tables(spec)
    if tables:
        name = html.escape(f"Data of the chart: {description}")
        inner = "\n".join(_table_html(h, r) for h, r in tables)
        parts.append(
            '<details class="chart-data"><summary>Data</summary>\n'
            f'<div class="table-scroll" tabindex="0" role="group" aria-label="{name}">\n{inner}\n</div>\n</details>'
        )
    if downloads:
        parts.append(downloads)
    parts += [
        f'<script type="application/json" class="chart-spec">{spec_json}</script>',
        f'<script type="application/json" class="chart-options">{options}</script>',
        f"<script>{LOADER.strip()}\nstudyChart(document.currentScript);</script>",
        "</div>",
    ]
    return "\n".join(parts)


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


def png(svg: str) -> bytes:
    """The chart as a PNG at twice its size: Word's image and the PNG download (drawn once for both)."""
    return vlc.svg_to_png(svg, scale=2)


def docx_image(image: bytes, alt: str | None = None) -> str:
    """The chart for Word: a PNG of the same SVG (Word files need a bitmap beside any SVG, which pandoc cannot
    make without rsvg-convert), given as a data URI (no file beside the chapter), shown only in docx."""
    alt_text = re.sub(r"([\\`*_{}\[\]<>()#+!|$@~^-])", r"\\\1", alt or "")
    uri = "data:image/png;base64," + base64.b64encode(image).decode()
    return f'::: {{.content-visible when-format="docx"}}\n![{alt_text}]({uri})\n:::'


def markdown(spec: dict[str, Any], svg: str | None = None) -> str:
    """The three blocks; writes the chart's download files (see `analysis.chart_downloads`)."""
    svg = svg if svg is not None else vlc.vegalite_to_svg(spec)
    description = spec.get("description")
    image = png(svg)
    tables = data_tables(spec, grouping=False)
    links = chart_downloads.links(str(description or "Chart"), tables, _foot(spec), svg, image)
    parts = [raw_block(html_snippet(spec, svg, links), "html"), raw_block(typst_image(svg, description), "typst")]
    return "\n\n".join([*parts, docx_image(image, description)])


def stable_ids(svg: str) -> str:
    """Vega numbers an SVG's clip paths (and gradients) with a counter that runs on across every chart the
    process draws, so the same chart would differ with the chapters a kernel ran before it: renumbered here
    in order of appearance, so that equal charts give equal bytes."""
    names = dict.fromkeys(re.findall(r'id="((?:clip|gradient|pattern)\d+)"', svg))
    mapping = {old: f"{re.match(r'[a-z]+', old).group(0)}{i}" for i, old in enumerate(names, start=1)}
    if not mapping:
        return svg
    return re.sub(r'(?<=["#])(?:clip|gradient|pattern)\d+(?=[")])', lambda m: mapping.get(m.group(0), m.group(0)), svg)


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    svg = stable_ids(vlc.vegalite_to_svg(spec))
    return {
        "text/markdown": markdown(spec, svg),
        "text/plain": f"<chart: {spec.get('description', 'Altair chart')}>",
    }


def enable() -> None:
    """Make every Altair chart displayed in this process use the study's output."""
    alt.renderers.register("study", mimebundle)
    alt.renderers.enable("study")
