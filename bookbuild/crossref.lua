-- Quarto-style cross references for pandoc, run BEFORE --citeproc (pandoc applies --lua-filter and
-- --citeproc in command-line order), so that @fig-…/@tbl-…/@sec-… never reach citeproc.
--
-- Metadata (set with -M by bookbuild):
--   bookbuild-xref: path of a JSON file {targets = {id = {text, page}}, files = {name.qmd = {page, id}}}
--   bookbuild-unnumbered: true on the page of an unnumbered chapter (Quarto names chapters differently there)
--   bookbuild-page: path of the page being written, without ".html", relative to the output folder, as Quarto
--                   lays a book out ("index", "report/trade"); "" when the whole book is one document

local xref = { targets = {}, files = {} }
local page = ""
local unnumbered_page = false

local function is_xref(id)
  local kind = id:sub(1, 4):lower()
  return kind == "fig-" or kind == "tbl-" or kind == "sec-"
end

-- The URL of another page, relative to the page being written.
local function page_url(target_page)
  local _, depth = page:gsub("/", "")
  return string.rep("../", depth) .. target_page .. ".html"
end

-- A plain anchor on the same page and in the one-document book.
local function href(target_page, id)
  local elsewhere = page ~= "" and target_page ~= page
  return (elsewhere and page_url(target_page) or "") .. "#" .. id
end

-- "Figure 3.2:" before the caption of a numbered figure or table.
local function number_caption(el)
  local target = xref.targets[el.identifier]
  if target then
    local blocks, label = el.caption.long, pandoc.Inlines({ pandoc.Str(target.text .. ":") })
    if #blocks == 0 or (blocks[1].t ~= "Para" and blocks[1].t ~= "Plain") then
      blocks:insert(1, pandoc.Plain(label))
    else
      if #blocks[1].content > 0 then
        label:insert(pandoc.Space())
      end
      blocks[1].content = label .. blocks[1].content
    end
    el.caption.long = blocks
  end
  return el
end

-- Quarto's conditional content: `.content-visible` / `.content-hidden` with `when-format` or
-- `unless-format` ("html", or "pdf"/"typst" for the PDF).
local function format_matches(name)
  name = name == "pdf" and "typst" or name
  return FORMAT == name or (name == "html" and FORMAT:match("^html") ~= nil)
end

local function conditional(el)
  local hidden = el.classes:includes("content-hidden")
  if not (hidden or el.classes:includes("content-visible")) then
    return nil
  end
  local when, unless = el.attributes["when-format"], el.attributes["unless-format"]
  local show = true
  if when then
    show = format_matches(when)
  elseif unless then
    show = not format_matches(unless)
  end
  return show ~= hidden and el.content or {}
end

-- First pass: conditional content, and the .bb-figure / .bb-table divs bookbuild writes around cell
-- outputs become Figures.
local make_figures = {
  Span = conditional,
  Div = function(div)
    local shown = conditional(div)
    if shown then
      return shown
    end
    local kind = div.classes:includes("bb-figure") and "figure"
      or div.classes:includes("bb-table") and "table"
    if not kind then
      return nil
    end
    local caption, body = pandoc.Blocks({}), pandoc.Blocks({})
    for _, block in ipairs(div.content) do
      if block.t == "Div" and block.classes:includes("bb-caption") then
        caption = block.content
      else
        body:insert(block)
      end
    end
    if kind == "table" and FORMAT == "typst" and #body == 1 and body[1].t == "Div"
      and body[1].classes:includes("table-scroll") then
      body = body[1].content -- analysis.fmt.table's HTML scroll box means nothing on paper
    end
    if kind == "table" and FORMAT == "typst" and #body == 1 and body[1].t == "Table" then
      -- A captioned table is its own float in Typst (#figure(kind: table)); HTML keeps a <figure>, so
      -- that the caption is not squeezed to the width of a narrow table.
      local tbl = body[1]
      tbl.caption = pandoc.Caption(caption)
      tbl.identifier = div.identifier
      return tbl
    end
    return pandoc.Figure(body, { long = caption }, pandoc.Attr(div.identifier, { "bb-" .. kind }))
  end,
}

local function reference(citation)
  local id = citation.id -- labels begin in lower case; @Fig-x gives a capital "Figure"
  local target = xref.targets[id:sub(1, 1):lower() .. id:sub(2)]
  if not target then
    io.stderr:write("WARNING (crossref): unresolved reference @" .. id .. "\n")
    return pandoc.Strong({ pandoc.Str("?@" .. id) })
  end
  -- Quarto's HTML names a chapter by number and title from an unnumbered page; elsewhere "Chapter 4".
  local text = (FORMAT:match("html") and unnumbered_page) and target.html or target.text
  if citation.mode == "SuppressAuthor" then
    text = target.text:match("%S+$")
  elseif id:sub(1, 1):match("%u") then
    text = text:sub(1, 1):upper() .. text:sub(2)
  end
  -- Read as markdown, so that a title's apostrophes become typographic ones, as in Quarto's output.
  local blocks = pandoc.read(text, "markdown").blocks
  local inlines = #blocks > 0 and blocks[1].content or pandoc.Inlines(text)
  return pandoc.Link(inlines, href(target.page, id:sub(1, 1):lower() .. id:sub(2)))
end

local resolve = {
  Cite = function(cite)
    for _, c in ipairs(cite.citations) do
      if not is_xref(c.id) then
        return nil -- a bibliography citation (mixing both kinds in one [...] is not supported)
      end
    end
    local out = pandoc.Inlines({})
    for i, c in ipairs(cite.citations) do
      if i > 1 then
        out:extend({ pandoc.Str(";"), pandoc.Space() })
      end
      if #c.prefix > 0 then
        out:extend(c.prefix)
        out:insert(pandoc.Space())
      end
      out:insert(reference(c))
      out:extend(c.suffix)
    end
    return out
  end,

  Figure = number_caption,

  Table = function(tbl)
    -- Widths from the dashes of pipe tables squeeze prose columns; let the browser and Typst size them.
    for i, spec in ipairs(tbl.colspecs) do
      tbl.colspecs[i] = { spec[1], pandoc.ColWidthDefault }
    end
    return number_caption(tbl)
  end,

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
    if not known then
      return nil
    end
    if page ~= "" then
      link.target = page_url(known.page) .. frag
    else
      link.target = frag ~= "" and frag or "#" .. known.id
    end
    return link
  end,
}

function Pandoc(doc)
  local path = doc.meta["bookbuild-xref"]
  if path then
    local f = assert(io.open(pandoc.utils.stringify(path), "r"))
    xref = pandoc.json.decode(f:read("a"), false)
    f:close()
  end
  page = pandoc.utils.stringify(doc.meta["bookbuild-page"] or "")
  unnumbered_page = doc.meta["bookbuild-unnumbered"] == true
  for _, key in ipairs({ "bookbuild-unnumbered", "bookbuild-xref", "bookbuild-page" }) do
    doc.meta[key] = nil
  end
  return doc:walk(make_figures):walk(resolve)
end
