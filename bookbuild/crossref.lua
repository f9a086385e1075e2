-- Quarto-style cross references, run BEFORE --citeproc (pandoc applies --lua-filter and --citeproc in
-- command-line order), so that @fig-…/@tbl-…/@sec-… never reach citeproc. Metadata set by bookbuild:
--   bookbuild-xref: a JSON file {targets = {id = {text, html, page}}, files = {name.qmd = {page, id}}}
--   bookbuild-page: the page being written, without ".html", relative to the output folder, as Quarto lays a
--                   book out ("index", "report/trade"); "" when the whole book is one document
--   bookbuild-unnumbered: true on the page of an unnumbered chapter (Quarto names chapters differently there)

local xref, page, unnumbered_page = { targets = {}, files = {} }, "", false

-- The URL of another page, relative to the page being written.
local function page_url(target_page)
  local _, depth = page:gsub("/", "")
  return string.rep("../", depth) .. target_page .. ".html"
end

-- "Figure 3.2:" before the caption of a numbered figure or table.
local function number_caption(el)
  local target = xref.targets[el.identifier]
  if not target then
    return el
  end
  local blocks, label = el.caption.long, pandoc.Inlines({ pandoc.Str(target.text .. ":") })
  if #blocks == 0 or (blocks[1].t ~= "Para" and blocks[1].t ~= "Plain") then
    blocks:insert(1, pandoc.Plain(label))
  else
    blocks[1].content = label .. (#blocks[1].content > 0 and { pandoc.Space() } or {}) .. blocks[1].content
  end
  el.caption.long = blocks
  return el
end

-- Quarto's conditional content: `.content-visible` / `.content-hidden` with `when-format` or `unless-format`, its
-- format names read as Quarto reads them ("html" is any HTML; "pdf" is LaTeX only, so not this PDF, made by Typst).
local function conditional(el)
  local hidden = el.classes:includes("content-hidden")
  if not (hidden or el.classes:includes("content-visible")) then
    return nil
  end
  local function matches(name)
    return FORMAT == name or ((name == "html" or name == "html:js") and FORMAT:match("^html") ~= nil)
  end
  local when, unless = el.attributes["when-format"], el.attributes["unless-format"]
  local show = (not when or matches(when)) and not (unless and matches(unless))
  return show ~= hidden and el.content or {}
end

-- First pass: conditional content, DataFrame tables, and the .bb-figure / .bb-table divs bookbuild writes around
-- cell outputs become Figures.
local make_figures = {
  Span = conditional,
  -- A DataFrame's HTML table in the PDF or Word, read by pandoc's HTML reader (without pandas' <style>, which
  -- would leave an empty paragraph in Word), as Quarto reads it.
  RawBlock = function(raw)
    return raw.format == "bb-html-table" and pandoc.read((raw.text:gsub("<style.-</style>", "")), "html").blocks or nil
  end,
  Div = function(div)
    local shown = conditional(div)
    local kind = div.classes:includes("bb-figure") and "figure" or div.classes:includes("bb-table") and "table"
    if shown or not kind then
      return shown
    end
    local body = div.content
    local caption = body:remove().content -- the `bb-caption` div, which bookbuild writes last
    if kind == "table" and FORMAT == "typst" then
      if #body == 1 and body[1].t == "Div" and body[1].classes:includes("table-scroll") then
        body = body[1].content -- analysis.fmt.table's HTML scroll box means nothing on paper
      end
      if #body == 1 and body[1].t == "Table" then
        -- A captioned table is its own float in Typst (#figure(kind: table)); HTML keeps a <figure>, so that
        -- the caption is not squeezed to the width of a narrow table.
        body[1].caption, body[1].identifier = pandoc.Caption(caption), div.identifier
        return body[1]
      end
    end
    return pandoc.Figure(body, { long = caption }, pandoc.Attr(div.identifier, { "bb-" .. kind }))
  end,
}

-- A link to a numbered target: "Figure 3.2"; [-@fig-x] gives the number only, @Fig-x a capital.
local function reference(citation)
  local id = citation.id:sub(1, 1):lower() .. citation.id:sub(2) -- labels begin in lower case
  local target = xref.targets[id]
  if not target then
    io.stderr:write("WARNING (crossref): unresolved reference @" .. citation.id .. "\n")
    local shown = (FORMAT:match("html") and "?" or "?@") .. citation.id -- as Quarto shows it
    return pandoc.Span(pandoc.Str(shown), { class = "quarto-unresolved-ref" })
  end
  -- Quarto's HTML names a chapter by number and title from an unnumbered page; elsewhere "Chapter 4".
  local text = (FORMAT:match("html") and unnumbered_page) and target.html or target.text
  if citation.mode == "SuppressAuthor" then
    text = target.text:match("%S+$")
  elseif citation.id:sub(1, 1):match("%u") then
    text = text:sub(1, 1):upper() .. text:sub(2)
  end
  -- Read as markdown, so that a title's apostrophes become typographic ones, as in Quarto's output.
  local blocks = pandoc.read(text, "markdown").blocks
  local elsewhere = page ~= "" and target.page ~= page
  local inlines = #blocks > 0 and blocks[1].content or pandoc.Inlines(text)
  return pandoc.Link(inlines, (elsewhere and page_url(target.page) or "") .. "#" .. id)
end

local resolve = {
  Cite = function(cite)
    local out = pandoc.Inlines({})
    for i, c in ipairs(cite.citations) do
      local kind = c.id:sub(1, 4):lower()
      if kind ~= "fig-" and kind ~= "tbl-" and kind ~= "sec-" then
        return nil -- a bibliography citation (mixing both kinds in one [...] is not supported)
      end
      out:extend(i > 1 and { pandoc.Str(";"), pandoc.Space() } or {})
      out:extend(#c.prefix > 0 and c.prefix .. { pandoc.Space() } or {})
      out:insert(reference(c))
      out:extend(c.suffix)
    end
    return out
  end,

  Figure = number_caption,

  -- Widths from the dashes of pipe tables squeeze prose columns; let the browser and Typst size them.
  Table = function(tbl)
    tbl.colspecs = tbl.colspecs:map(function(spec) return { spec[1], pandoc.ColWidthDefault } end)
    return number_caption(tbl)
  end,

  -- The number crossref.py gave the heading, shown before its text as Quarto shows it.
  Header = function(h)
    local number = h.attributes["bb-number"]
    if number then
      h.attributes["bb-number"] = nil
      local span = pandoc.Span(pandoc.Inlines(number), { class = "header-section-number" })
      h.content = pandoc.Inlines({ span, pandoc.Space() }) .. h.content
    end
    return h
  end,

  -- Quarto lets chapters link to each other's .qmd files; point them at the rendered pages.
  Link = function(link)
    local file, frag = link.target:match("^([^#:]*%.qmd)(#?.*)$")
    local known = file and xref.files[file:match("([^/]+)$")]
    if known then
      link.target = page ~= "" and page_url(known.page) .. frag or (frag ~= "" and frag or "#" .. known.id)
      return link
    end
  end,
}

function Pandoc(doc)
  local path = doc.meta["bookbuild-xref"]
  if path then
    xref = pandoc.json.decode(assert(io.open(pandoc.utils.stringify(path))):read("a"), false)
  end
  page = pandoc.utils.stringify(doc.meta["bookbuild-page"] or "")
  unnumbered_page = doc.meta["bookbuild-unnumbered"] == true
  doc.meta["bookbuild-unnumbered"], doc.meta["bookbuild-xref"], doc.meta["bookbuild-page"] = nil, nil, nil
  return doc:walk(make_figures):walk(resolve)
end
