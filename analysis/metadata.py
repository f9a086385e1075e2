"""Every dataset and every column, declared once.

The pandera schemas (`analysis.schemas`), the data dictionary appendix and the tests are all derived from
these declarations, so a column's type, unit, description and rules live in exactly one place (the PUDL
approach: metadata first, schemas generated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.book import chapters

#: How many endnotes the article prints; every `notes` reference must name one of them.
ARTICLE_NOTES = 40

ACTORS = ("Iran", "Azerbaijan", "Russia", "United States", "Turkey", "Israel", "Armenia")
FACTORS = ("aggregate_power", "proximity", "offensive_capabilities", "offensive_intentions")
#: The threat coding's levels, lowest first. "not assessed" marks silence: the article says nothing on that
#: factor for that actor, which is not the same as saying there is no threat ("none").
NOT_ASSESSED = "not assessed"
THREAT_LEVELS = (NOT_ASSESSED, "none", "low", "moderate", "high")
#: How precisely an event's date is known, by how it is written: YYYY-MM-DD, YYYY-MM or YYYY.
DATE_PRECISIONS = ("day", "month", "year")
#: Why the package's date of an event differs from the article's.
DATE_CHANGES = ("corrected", "refined", "added")
AUDIT_KINDS = ("arithmetic", "date", "name", "fact", "note", "argument")
AUDIT_NATURES = ("substantive", "slip", "sound")
AUDIT_CONSEQUENCES = ("high", "medium", "low", "none")
#: Who makes the threat judgement a cell records: the article itself, or the package reading its facts.
JUDGED_BY = ("article", "package")
#: The countries of the population series, by ISO 3166-1 alpha-3 code, with the names the book uses.
COUNTRIES = {"IRN": "Iran", "AZE": "Azerbaijan", "ARM": "Armenia", "GEO": "Georgia", "TUR": "Turkey", "ISR": "Israel"}
#: The actors the package measures with standard data: Iran and the five actors the threat model rates
#: (data/threat.csv). Armenia appears in the article's events but is not rated, so it is not measured.
MEASURED_ACTORS = tuple(a for a in ACTORS if a != "Armenia")
#: Years the measures start from: the year the Soviet Union broke up and Azerbaijan became independent.
MEASURED_FROM = 1991
#: The book's chapters by file stem, read from `_quarto.yml` (analysis/book.py), never listed here.
CHAPTERS = chapters()


#: Rules every column of a kind obeys besides its own: the schemas check them, the data dictionary lists them.
#: Text holds no control character (NUL, tab, line break, …): it would end a table row, or break Typst
#: ("non-XML character") and the HTML; a number is finite, so every value can be written and drawn.
TEXT_KINDS = ("str", "date", "notes")
NUMBER_KINDS = ("int", "float")
NO_CONTROL_CHARACTERS = "must not contain control characters (NUL, tab, line break, …)"
FINITE = "must be a finite number (not inf, -inf or NaN)"
#: The address a `url` column may hold: a web link, never `javascript:`, `data:` or a local file.
WEB_ADDRESS = r"https?://\S+"
#: A DOI (the bibliography links it): '10.', the registrant's digits, '/', a suffix without spaces.
DOI = r"10\.\d{4,9}/\S+"


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning, unit and the rules its values obey."""

    name: str
    kind: str  # str | int | float | date | notes | bool
    description: str
    unit: str | None = None
    required: bool = True
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # regular expression a str value must match in full
    references: str | None = None  # "table.column" every value must name (a foreign key), e.g. "works.key"


@dataclass(frozen=True)
class Rule:
    """A rule over several columns of a row; `expr` is evaluated by `analysis.schemas`."""

    name: str
    description: str


@dataclass(frozen=True)
class Source:
    """Where a table's rows come from: a publication or database, its address and its licence."""

    title: str
    path: str | None = None  # web address
    licence: str | None = None  # SPDX identifier of the licence the source is published under, if any

    def __str__(self) -> str:
        return self.title + (f" ({self.licence})" if self.licence else "")


ARTICLE = Source(
    "Tassadit Klaleche, The Implications of Azerbaijan's Strategic Partnership on Iran's National Security"
)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    rules: tuple[str, ...] = ()  # names of row rules from `analysis.schemas.ROW_RULES`
    sources: tuple[Source, ...] = (ARTICLE,)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def origin(self) -> str:
        """The sources in a sentence, for the data dictionary."""
        if self.sources == (ARTICLE,):
            return "The article's text and endnotes, unless a row names another source."
        return "; ".join(map(str, self.sources)) + "."

    def column(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


# Provenance columns carried by every table of figures, events or judgements.
NOTES = Field(
    "notes",
    "notes",
    "Endnote numbers of the article that back the row, separated by ';' (empty when a primary source does).",
    required=False,
)
SOURCE = Field(
    "source",
    "str",
    "Primary source of the figure where known (e.g. SIPRI Arms Transfers Database), else empty.",
    required=False,
)
PERIOD_START = Field("period_start", "date", "First day, month or year the figure refers to (YYYY[-MM[-DD]]).")
PERIOD_END = Field(
    "period_end",
    "date",
    "Last day, month or year the figure refers to; empty when it refers to one point in time.",
    required=False,
)

FIGURE_UNITS = (
    "percent",
    "count",
    "rank",
    "USD million",
    "USD billion",
    "km2",
    "sq mi",
    "persons",
    "million persons",
    "passengers per year",
    "tonnes per year",
    "years",
    "days",
)
QUALIFIERS = ("exact", "about", "more than", "estimate")


def figure_fields(subjects_doc: str) -> tuple[Field, ...]:
    """Columns shared by the tables that hold the article's stated figures, one figure a row."""
    return (
        Field("figure_id", "str", "Stable identifier of the figure, used by the chapters.", pattern=r"[a-z0-9_]+"),
        Field("subject", "str", subjects_doc),
        Field("indicator", "str", "What is measured, in a few words."),
        Field("value", "float", "The figure as stated, in `unit`.", minimum=0),
        Field("unit", "str", "Unit of `value`.", allowed=FIGURE_UNITS),
        Field("qualifier", "str", "How the article qualifies the figure.", allowed=QUALIFIERS),
        PERIOD_START,
        PERIOD_END,
        NOTES,
        SOURCE,
    )


FIGURE_RULES = ("percent_at_most_100", "period_ordered", "has_provenance")
#: The tables that hold the article's stated figures, one figure a row; a `figure_id` names one figure in all
#: of them together, so it must be unique across the tables, not only within each.
FIGURE_TABLES = ("economy", "arms", "power")
#: Key columns that must be unique across several tables: column -> tables.
SHARED_KEYS = {"figure_id": FIGURE_TABLES}

TABLES: tuple[Table, ...] = (
    Table(
        "economy",
        "Trade and economic ties",
        "Figures on trade, firms, investment, transport and railway capacity stated by the article.",
        figure_fields("Who the figure is about, e.g. 'Iran–Azerbaijan' or 'Turkish firms in Azerbaijan'."),
        key=("figure_id",),
        rules=FIGURE_RULES,
    ),
    Table(
        "arms",
        "Arms transfers and energy flows",
        "Israel's share of Azerbaijan's major arms imports, Azerbaijan's rank among Israel's arms export "
        "destinations, and the oil flow from Azerbaijan to Israel, as the article states them.",
        figure_fields("Who the figure is about, e.g. 'Azerbaijan arms imports from Israel'."),
        key=("figure_id",),
        rules=FIGURE_RULES,
    ),
    Table(
        "power",
        "Population, area and aggregate power",
        "Area, population, neighbours and shares that the article uses to weigh Iran against Azerbaijan, "
        "and the South Caucasus areas used to check its shares.",
        figure_fields("The country or group the figure is about, e.g. 'Iran' or 'Azeris in Iran'."),
        key=("figure_id",),
        rules=FIGURE_RULES,
    ),
    Table(
        "population",
        "Population series",
        "Total population by country and year since 1991, from the World Bank's World Development Indicators.",
        (
            Field("country", "str", "ISO 3166-1 alpha-3 code.", allowed=tuple(COUNTRIES)),
            Field("year", "int", "Calendar year.", minimum=1960, maximum=2100),
            Field("population", "int", "Total population at mid-year.", unit="persons", minimum=1),
            Field("source", "str", "Primary source and indicator code."),
            Field("file_date", "date", "Date of the source file the row was computed from."),
        ),
        key=("country", "year"),
        rules=("file_after_year",),
        sources=(
            Source(
                "World Bank, World Development Indicators, SP.POP.TOTL",
                "https://data.worldbank.org/indicator/SP.POP.TOTL",
                "ODC-PDDL-1.0",
            ),
        ),
    ),
    Table(
        "arms_register",
        "Arms transfers recomputed from the SIPRI trade register",
        "Shares and ranks of major-arms deliveries, recomputed from a SIPRI trade register file: "
        "Azerbaijan's imports by supplier and Israel's exports by recipient, over the article's periods, and "
        "(the package's own, for the measured factors) Azerbaijan's imports by supplier in five-year blocks "
        "of delivery years since 1991.",
        (
            Field("view", "str", "Which side is summed.", allowed=("imports_by_supplier", "exports_by_recipient")),
            Field("country", "str", "The importer (imports view) or exporter (exports view)."),
            Field("counterpart", "str", "The supplier (imports view) or recipient (exports view)."),
            Field("period_start", "int", "First delivery year counted.", unit="year", minimum=1950, maximum=2100),
            Field("period_end", "int", "Last delivery year counted.", unit="year", minimum=1950, maximum=2100),
            Field(
                "tiv", "float", "SIPRI trend-indicator value delivered in the period.", unit="TIV million", minimum=0
            ),
            Field(
                "share", "float", "Share of the country's total in the period.", unit="percent", minimum=0, maximum=100
            ),
            Field("rank", "int", "Rank of the counterpart by TIV in the period (1 = largest).", minimum=1),
            Field("method", "str", "How delivered TIV was assigned to years."),
            Field("source", "str", "Primary source."),
            Field("file_date", "date", "Date of the source file the row was computed from."),
        ),
        key=("view", "country", "counterpart", "period_start", "period_end"),
        rules=("years_ordered", "file_after_period"),
        sources=(
            Source("SIPRI Arms Transfers Database, trade register", "https://www.sipri.org/databases/armstransfers"),
        ),
    ),
    Table(
        "events",
        "Dated events",
        "Treaties, wars, recognitions, agreements, exercises, visits, statements and incidents, 1556–2023.",
        (
            Field("event_id", "str", "Stable identifier.", pattern=r"[a-z0-9_]+"),
            Field(
                "date",
                "date",
                "When it happened or began (YYYY[-MM[-DD]]), as precisely as the record gives it: the corrected "
                "date where the article's is wrong, the exact day where a primary source (`source`) gives one.",
            ),
            Field("date_end", "date", "When it ended, for events that lasted; else empty.", required=False),
            Field(
                "precision",
                "str",
                "How precisely `date` is known; a date known only to the month or year is drawn as a span.",
                allowed=DATE_PRECISIONS,
            ),
            Field(
                "date_stated",
                "date",
                "The date as the article gives it, where `date` differs from it; else empty.",
                required=False,
            ),
            Field(
                "date_change",
                "str",
                "Where `date` is the package's rather than the article's: 'corrected' (the article's date, kept in "
                "`date_stated`, is wrong), 'refined' (more precise than `date_stated`) or 'added' (the article gives "
                "no date); `source` names the record it comes from. Empty when the date is the article's.",
                required=False,
                allowed=DATE_CHANGES,
            ),
            Field(
                "category",
                "str",
                "Kind of event.",
                allowed=(
                    "conquest",
                    "treaty",
                    "war",
                    "state",
                    "independence",
                    "recognition",
                    "diplomacy",
                    "agreement",
                    "exercise",
                    "visit",
                    "statement",
                    "incident",
                    "infrastructure",
                    "protest",
                ),
            ),
            Field("title", "str", "Short description in the package's own words."),
            Field("actors", "str", "Parties involved, separated by ';'."),
            Field(
                "partner",
                "str",
                "Which partnership or relationship the event belongs to.",
                allowed=ACTORS,
            ),
            Field("chapter", "str", "Chapter of the study that tells it.", allowed=CHAPTERS),
            NOTES,
            SOURCE,
        ),
        key=("event_id",),
        rules=("dates_ordered", "has_provenance", "precision_matches_date", "date_change_sourced"),
    ),
    Table(
        "threat",
        "Balance-of-threat coding",
        "The package's coding of the article's argument: each actor rated on Walt's four factors as seen from "
        "Tehran, each rated cell resting on a short passage of the article.",
        (
            Field("actor", "str", "The actor whose threat to Iran is rated.", allowed=ACTORS),
            Field("factor", "str", "Walt's factor.", allowed=FACTORS),
            Field(
                "level",
                "str",
                "Ordinal rating, lowest first; 'not assessed' where the article says nothing (not the same as "
                "'none', which the article states).",
                allowed=THREAT_LEVELS,
            ),
            Field(
                "judged_by",
                "str",
                "'article' where the passage itself says how Tehran sees the actor on this factor; 'package' "
                "where the package reads a level into facts the article gives. Empty when not assessed.",
                required=False,
                allowed=JUDGED_BY,
            ),
            Field(
                "passage",
                "str",
                "The short passage of the article the rating rests on, quoted exactly (under nine words). "
                "Empty when not assessed.",
                required=False,
            ),
            Field("justification", "str", "One line, in the package's words, on why the passage supports it."),
            Field(
                "notes",
                "notes",
                "Endnote number(s) the article prints with the passage, separated by ';'; empty when it prints "
                "none there.",
                required=False,
            ),
        ),
        key=("actor", "factor"),
        rules=("passage_iff_assessed",),
    ),
    Table(
        "notes",
        "Endnotes",
        "The article's 40 endnotes: which work each cites, at which pages, and how the article prints it.",
        (
            Field("note", "int", "Endnote number as printed.", minimum=1, maximum=ARTICLE_NOTES),
            Field("work", "str", "Key of the cited work in `works`.", pattern=r"[a-z0-9_]+", references="works.key"),
            Field("locator", "str", "Pages or part cited, as printed.", required=False),
            Field("form", "str", "How the note is printed.", allowed=("full", "short", "incomplete")),
        ),
        key=("note",),
    ),
    Table(
        "works",
        "Cited works",
        "The distinct works the endnotes cite, and the datasets the package adds, as CSL fields, in their "
        "original language.",
        (
            Field("key", "str", "Citation key used in the chapters as [@key].", pattern=r"[a-z0-9_]+"),
            Field(
                "csl_type",
                "str",
                "CSL item type.",
                allowed=(
                    "book",
                    "article-journal",
                    "article-newspaper",
                    "article-magazine",
                    "report",
                    "webpage",
                    "paper-conference",
                    "interview",
                    "chapter",
                    "dataset",
                ),
            ),
            Field("author", "str", "Authors as 'Family, Given', separated by ';'; empty when none.", required=False),
            Field("title", "str", "Title in the original language and script."),
            Field(
                "title_english",
                "str",
                "English translation the article gives; empty for English titles.",
                required=False,
            ),
            Field("container", "str", "Journal, website, agency or series.", required=False),
            Field("volume", "str", "Volume.", required=False),
            Field("issue", "str", "Issue or number.", required=False),
            Field("publisher", "str", "Publisher.", required=False),
            Field("place", "str", "Place of publication.", required=False),
            Field("issued", "date", "Date of publication.", required=False),
            Field("accessed", "date", "Date the article's author accessed it.", required=False),
            Field("pages", "str", "Page range of the whole item.", required=False),
            Field(
                "url",
                "str",
                "Address as printed (short links included); a web address (http or https) only.",
                required=False,
                pattern=WEB_ADDRESS,
            ),
            Field("doi", "str", "DOI, without the https://doi.org/ prefix.", required=False, pattern=DOI),
            Field("language", "str", "Language of the work.", allowed=("en", "ru", "fa", "ar", "fr")),
            Field(
                "cited_by",
                "str",
                "Who cites the work: an endnote of the article, or the package (a dataset it measures with).",
                allowed=("article", "package"),
            ),
        ),
        key=("key",),
    ),
    Table(
        "audit",
        "Reviewer's audit",
        "Findings of a careful reading of the article: arithmetic, dates, names and notes.",
        (
            Field("finding_id", "str", "Stable identifier.", pattern=r"[a-z0-9_]+"),
            Field("section", "str", "Section of the article the passage stands in.", allowed=(*CHAPTERS, "notes")),
            Field("passage", "str", "Where the passage is, in a few words (not a long quotation)."),
            Field(
                "kind",
                "str",
                "What was checked; 'argument' for a review of the reasoning itself.",
                allowed=AUDIT_KINDS,
            ),
            Field("finding", "str", "What is wrong or unclear."),
            Field("evidence", "str", "The evidence for the finding."),
            Field("severity", "str", "How sure the finding is.", allowed=("likely error", "ambiguity", "note")),
            Field(
                "nature",
                "str",
                "'slip': a transcription or conversion slip (a letter swap, a URL broken by the text conversion); "
                "'substantive': a claim of fact, date, number or reasoning that is wrong or open to doubt; "
                "'sound': checked and found right.",
                allowed=AUDIT_NATURES,
            ),
            Field(
                "consequence",
                "str",
                "What it means for the article's argument: none; low (a detail the argument does not rest on); "
                "medium (a premise of one factor or section); high (the conclusion or the study's frame).",
                allowed=AUDIT_CONSEQUENCES,
            ),
            NOTES,
        ),
        key=("finding_id",),
    ),
)


# --- measured factors: rows imported from the field's standard datasets by `sources/` ---------------------

MEASURE_SOURCE = Field("source", "str", "Primary source (publisher, dataset and file).")
MEASURE_VERSION = Field("version", "str", "Version or release of the source dataset.")
MEASURE_FILE_DATE = Field("file_date", "date", "Date of the source file the row was computed from.")
MEASURE_PROVENANCE = (MEASURE_SOURCE, MEASURE_VERSION, MEASURE_FILE_DATE)


def _actor(name: str = "actor", doc: str = "The state, by the name the study uses.", required: bool = True) -> Field:
    return Field(name, "str", doc, allowed=MEASURED_ACTORS, required=required)


def _year(last: int = 2100) -> Field:
    return Field("year", "int", "Calendar year.", unit="year", minimum=MEASURED_FROM, maximum=last)


MEASURE_TABLES: tuple[Table, ...] = (
    Table(
        "capabilities",
        "National material capabilities",
        "The Correlates of War composite index of national capability (CINC) and its six components, per "
        "measured actor and year since 1991. A component is empty where COW has no figure (-9 in the file).",
        (
            _actor(),
            _year(),
            Field("cinc", "float", "Share of the whole state system's capabilities (0–1).", minimum=0, maximum=1),
            Field("milex", "int", "Military expenditure.", unit="thousand current USD", minimum=0, required=False),
            Field("milper", "int", "Military personnel.", unit="thousand persons", minimum=0, required=False),
            Field("irst", "int", "Iron and steel production.", unit="thousand tonnes", minimum=0, required=False),
            Field(
                "pec",
                "int",
                "Primary energy consumption.",
                unit="thousand coal-ton equivalents",
                minimum=0,
                required=False,
            ),
            Field("tpop", "int", "Total population.", unit="thousand persons", minimum=0, required=False),
            Field("upop", "int", "Urban population.", unit="thousand persons", minimum=0, required=False),
            *MEASURE_PROVENANCE,
        ),
        key=("actor", "year"),
        sources=(
            Source(
                "Correlates of War, National Material Capabilities v7.0 (abridged file)",
                "https://correlatesofwar.org/data-sets/national-material-capabilities/",
            ),
        ),
    ),
    Table(
        "milex",
        "Military expenditure",
        "SIPRI's military expenditure per measured actor and year since 1991: in constant 2023 US dollars and "
        "as a share of GDP. A row without a value keeps SIPRI's text for the missing cell.",
        (
            _actor(),
            _year(),
            Field("measure", "str", "What is measured.", allowed=("const2023_usd_m", "share_gdp")),
            Field(
                "value",
                "float",
                "The figure: USD million at constant 2023 prices, or percent of GDP.",
                unit="USD million (2023) | percent",
                minimum=0,
                required=False,
            ),
            Field("flag", "str", "SIPRI's mark on the cell.", allowed=("estimate", "uncertain"), required=False),
            Field("sipri_code", "str", "SIPRI's text for a missing cell (e.g. '...').", required=False),
            *MEASURE_PROVENANCE,
        ),
        key=("actor", "year", "measure"),
        sources=(
            Source(
                "SIPRI Military Expenditure Database (extract of the 2025 workbook)",
                "https://www.sipri.org/databases/milex",
            ),
        ),
    ),
    Table(
        "gdp",
        "Gross domestic product",
        "GDP in current US dollars per measured actor and year since 1991, from the World Bank's World "
        "Development Indicators; a year the World Bank has no figure for has no row.",
        (
            _actor(),
            _year(),
            Field("gdp", "float", "Gross domestic product.", unit="current USD million", minimum=0),
            *MEASURE_PROVENANCE,
        ),
        key=("actor", "year"),
        sources=(
            Source(
                "World Bank, World Development Indicators, NY.GDP.MKTP.CD",
                "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
                "ODC-PDDL-1.0",
            ),
        ),
    ),
    Table(
        "iran_contiguity",
        "Iran's contiguity",
        "Every Correlates of War direct-contiguity spell between Iran and another state that was in force at "
        "some time since January 1991. COW records only the closest tie of each pair in a period.",
        (
            Field("ccode", "int", "COW state number of Iran's neighbour.", minimum=2, maximum=999),
            Field("state", "str", "COW abbreviation of the neighbour.", pattern=r"[A-Z]{3}"),
            _actor(doc="The neighbour's name when it is one of the measured actors; else empty.", required=False),
            Field(
                "conttype",
                "int",
                "COW contiguity type: 1 land or river border; separated by at most 12, 24, 150 or 400 miles "
                "of water (2–5).",
                minimum=1,
                maximum=5,
            ),
            Field("begin", "date", "First month of the spell (YYYY-MM)."),
            Field("end", "date", "Last month of the spell (YYYY-MM); 2016-12 means still in force."),
            *MEASURE_PROVENANCE,
        ),
        key=("ccode", "begin"),
        rules=("spell_ordered",),
        sources=(
            Source(
                "Correlates of War, Direct Contiguity v3.2", "https://correlatesofwar.org/data-sets/direct-contiguity/"
            ),
        ),
    ),
    Table(
        "distances",
        "Distances from Iran",
        "How far each measured actor is from Iran: the shortest distance between the two states' borders "
        "(CShapes 2.0, by year), the great-circle distance between their capitals, and CEPII's distances "
        "between main cities and between capitals.",
        (
            _actor(doc="The state whose distance from Iran is given."),
            Field(
                "measure",
                "str",
                "Which distance.",
                allowed=("border_km", "capital_km", "cepii_dist_km", "cepii_distcap_km"),
            ),
            Field(
                "year",
                "int",
                "Year (1 January) the border distance refers to; empty for the time-invariant distances.",
                minimum=MEASURED_FROM,
                maximum=2100,
                required=False,
            ),
            Field("value", "float", "The distance; 0 for a shared land border.", unit="km", minimum=0),
            Field("note", "str", "Which places the distance runs between, where the source says.", required=False),
            *MEASURE_PROVENANCE,
        ),
        key=("actor", "measure", "year"),
        sources=(
            Source("CShapes 2.0", "https://icr.ethz.ch/data/cshapes/"),
            Source("COW capitals (peacesciencer)"),
            Source("CEPII GeoDist", "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=6"),
        ),
    ),
    Table(
        "trade",
        "Bilateral trade",
        "Correlates of War dyadic trade, 1991–2014, for the dyads the study discusses: Iran or Azerbaijan with "
        "each other measured actor. Each pair is stored once, `actor1` having the lower COW state number.",
        (
            _actor("actor1", "First state of the pair."),
            _actor("actor2", "Second state of the pair."),
            _year(2014),
            Field(
                "imports1",
                "int",
                "Imports of actor1 from actor2.",
                unit="current USD million",
                minimum=0,
                required=False,
            ),
            Field(
                "imports2",
                "int",
                "Imports of actor2 from actor1.",
                unit="current USD million",
                minimum=0,
                required=False,
            ),
            *MEASURE_PROVENANCE,
        ),
        key=("actor1", "actor2", "year"),
        sources=(
            Source(
                "Correlates of War, Trade v4.0 (Barbieri and Keshk), dyadic file",
                "https://correlatesofwar.org/data-sets/bilateral-trade/",
            ),
        ),
    ),
    Table(
        "trade_totals",
        "National trade totals",
        "Correlates of War total imports and exports per measured actor and year, 1991–2014: the denominators "
        "of the trade-dependence shares.",
        (
            _actor(),
            _year(2014),
            Field("imports", "float", "Total imports.", unit="current USD million", minimum=0, required=False),
            Field("exports", "float", "Total exports.", unit="current USD million", minimum=0, required=False),
            *MEASURE_PROVENANCE,
        ),
        key=("actor", "year"),
        sources=(
            Source(
                "Correlates of War, Trade v4.0 (Barbieri and Keshk), national file",
                "https://correlatesofwar.org/data-sets/bilateral-trade/",
            ),
        ),
    ),
)
TABLES = TABLES + MEASURE_TABLES

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


@dataclass(frozen=True)
class Problem:
    """One rule broken by one value: what a user needs to find and fix it."""

    file: str
    row: int | None  # 1-based data row (the header is row 0); None for a whole-column or whole-file problem
    column: str | None
    rule: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}"
        where += f", row {self.row} (line {self.row + 1})" if self.row is not None else ""
        where += f", column '{self.column}'" if self.column else ""
        shown = f" (value: {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.rule}{shown}"


@dataclass
class DataError(Exception):
    """Raised when a dataset breaks its schema; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{len(self.problems)} problem(s) in the data:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
