"""The script that draws a chart block written by analysis/chart_output.py, as a Python string.

It lives in a .py module (not a .js file) so that the build cache, which keys executed chapters on the
analysis package's Python files, re-renders the chapters when the script changes.
"""

LOADER = """
// Draws one chart block written by analysis/chart_output.py. Defined once per page; each block calls it
// with its own script element, so blocks need no ids and the same chart may stand twice on a page.
window.studyChart = window.studyChart || function (script) {
  "use strict";
  var block = script.parentNode;
  var live = block.querySelector(".chart-live");
  if (typeof vegaEmbed !== "function") { return; }  // the static SVG stays
  var spec = JSON.parse(block.querySelector(".chart-spec").textContent);
  var options = JSON.parse(block.querySelector(".chart-options").textContent);
  var meta = spec.usermeta || {};
  var rankData = null;
  // The source line is shown as HTML text under the chart, where it wraps at any width.
  if (spec.title && spec.title.orient === "bottom") { delete spec.title; }

  var NAMES = { symbol: "points", rect: "bars", rule: "lines", line: "lines", area: "areas", text: "labels" };
  // Every Vega mark container gets a name (or is hidden when it only draws the zoom brush), so a screen
  // reader never meets an unnamed graphic.
  options.patch = function (vg) {
    (function walk(marks) {
      (marks || []).forEach(function (m) {
        if (/_brush(_bg)?$/.test(m.name || "")) { m.aria = false; }
        else if (m.type !== "group" && m.description == null) { m.description = NAMES[m.type] || m.type; }
        if (!rankData && m.type === "rect" && m.from && m.from.data) { rankData = m.from.data; }
        if (m.type === "group") { walk(m.marks); }
      });
    })(vg.marks);
    return vg;
  };

  // On a narrow screen the plots get narrower, long labels are cut (the data table has them whole), legends
  // stack their entries and long titles break into lines; the text keeps its size.
  function lines(text, most) {
    var out = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > most) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    return out.length > 1 ? out : text;
  }
  function narrowed(excess) {
    var copy = JSON.parse(JSON.stringify(spec));
    var most = Math.max(20, Math.floor(room / 12));  // characters per title line (about 7 px each, a margin)
    (function walk(node, key) {
      if (Array.isArray(node)) { node.forEach(function (n) { walk(n, key); }); return; }
      if (!node || typeof node !== "object") { return; }
      if (typeof node.width === "number" && node.width >= 100) {
        node.width = Math.max(80, Math.round(node.width - excess));
      }
      if (typeof node.labelLimit === "number" && node.labelLimit > 110) { node.labelLimit = 110; }
      // Level labels (under the heat map's columns, periods such as 1991–1995) break into lines instead of
      // running into each other, and so do the words of a label centred in a cell.
      if (node.labelAngle === 0 && !node.labelExpr) {
        node.labelExpr = "split(replace(datum.label, '\u2013', '\u2013 '), ' ')";
      }
      if (key === "mark" && node.type === "text" && node.align == null) { node.lineBreak = " "; }
      if (key === "legend" || node.symbolType) { node.columns = 1; }
      // A view's title and its axes' titles (not the tooltips', which the data table uses) break into lines.
      var view = node.mark || node.layer || node.vconcat || node.hconcat;
      if (view && typeof node.title === "string") { node.title = lines(node.title, most); }
      if (view && node.title && typeof node.title.text === "string") { node.title.text = lines(node.title.text, most); }
      if ((key === "x" || key === "y") && typeof node.title === "string") { node.title = lines(node.title, most); }
      Object.keys(node).forEach(function (k) { if (k !== "datasets" && k !== "data") { walk(node[k], k); } });
    })(copy, "");
    copy.config = copy.config || {};
    copy.config.legend = Object.assign({}, copy.config.legend, { columns: 1 });
    return copy;
  }

  function announce(view) {
    var a = meta.announce, status = block.querySelector(".chart-status");
    if (!a || !status || !rankData) { return; }
    var rows = view.data(rankData).slice().sort(function (x, y) { return y[a.value] - x[a.value]; });
    status.textContent = a.text + " " + rows.map(function (r, i) {
      return (i + 1) + ". " + r[a.label] + " (" + Number(r[a.value]).toFixed(a.digits || 2) + ")";
    }).join(", ") + ".";
  }

  function finish(result) {
    var view = result.view;
    block.classList.add("is-live");
    var img = live.querySelector(".chart-static");
    if (img) { img.remove(); }
    var controls = block.querySelector(".chart-controls");
    var bindings = live.querySelector(".vega-bindings");
    if (controls && bindings) { controls.appendChild(bindings); }
    (spec.params || []).forEach(function (p) {
      if (p.bind) { view.addSignalListener(p.name, function () { view.runAsync().then(announce); }); }
    });
    if (live.scrollWidth > live.clientWidth + 1) {
      // Still wider than the column: scrollable, and so reachable by keyboard.
      live.setAttribute("tabindex", "0");
      live.setAttribute("role", "group");
      live.setAttribute("aria-label", "Chart, scrolls sideways: " + (spec.description || ""));
    }
  }

  var target = document.createElement("div");
  target.className = "vega-chart";
  live.appendChild(target);
  var room = live.clientWidth;
  // Narrower plots until the chart fits its column (each pass takes off what still sticks out), a few
  // passes at most: the text keeps its size, and what cannot fit still scrolls (see finish).
  function fit(result, excess, passes) {
    var svg = target.querySelector("svg");
    var drawn = svg ? Number(svg.getAttribute("width")) : 0;
    if (!(room > 0 && drawn > room && passes < 4)) { return result; }
    result.finalize();
    rankData = null;
    var more = excess + drawn - room + 2;
    return vegaEmbed(target, narrowed(more), options).then(function (next) { return fit(next, more, passes + 1); });
  }
  vegaEmbed(target, spec, options).then(function (result) { return fit(result, 0, 0); })
    .then(finish).catch(function (err) {
      target.remove();
      console.error(err);
    });
};
"""
