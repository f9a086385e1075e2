"""Every dataset and every column, declared once.

The pandera schemas (`analysis.schemas`), the data dictionary appendix and the tests are all derived from
these declarations, so a column's type, unit, description and rules live in exactly one place (the PUDL
approach: metadata first, schemas generated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: How many endnotes the article prints; every `notes` reference must name one of them.
ARTICLE_NOTES = 40

ACTORS = ("Iran", "Azerbaijan", "Russia", "United States", "Turkey", "Israel", "Armenia")
FACTORS = ("aggregate_power", "proximity", "offensive_capabilities", "offensive_intentions")
CHAPTERS = ("introduction", "relations", "major_powers", "regional_powers", "implications", "limits")


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


@dataclass(frozen=True)
class Rule:
    """A rule over several columns of a row; `expr` is evaluated by `analysis.schemas`."""

    name: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    rules: tuple[str, ...] = ()  # names of row rules from `analysis.schemas.ROW_RULES`
    origin: str = "The article's text and endnotes, unless a row names another source."

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

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
            Field("country", "str", "ISO 3166-1 alpha-3 code.", allowed=("IRN", "AZE", "ARM", "GEO", "TUR", "ISR")),
            Field("year", "int", "Calendar year.", minimum=1960, maximum=2100),
            Field("population", "int", "Total population at mid-year.", unit="persons", minimum=1),
            Field("source", "str", "Primary source and indicator code."),
            Field("file_date", "date", "Date of the source file the row was computed from."),
        ),
        key=("country", "year"),
        origin="World Bank, World Development Indicators, SP.POP.TOTL (ODC-PDDL-1.0).",
    ),
    Table(
        "arms_register",
        "Arms transfers recomputed from the SIPRI trade register",
        "Shares and ranks of major-arms deliveries, recomputed from a SIPRI trade register file: "
        "Azerbaijan's imports by supplier and Israel's exports by recipient, over the article's periods.",
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
        rules=("years_ordered",),
        origin="SIPRI Arms Transfers Database, trade register.",
    ),
    Table(
        "events",
        "Dated events",
        "Treaties, wars, recognitions, agreements, exercises, visits, statements and incidents, 1556–2023.",
        (
            Field("event_id", "str", "Stable identifier.", pattern=r"[a-z0-9_]+"),
            Field("date", "date", "When it happened or began (YYYY[-MM[-DD]]), as precisely as the article says."),
            Field("date_end", "date", "When it ended, for events that lasted; else empty.", required=False),
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
                allowed=("Iran", "Russia", "United States", "Turkey", "Israel", "Armenia", "Azerbaijan"),
            ),
            Field("chapter", "str", "Chapter of the study that tells it.", allowed=CHAPTERS),
            NOTES,
            SOURCE,
        ),
        key=("event_id",),
        rules=("dates_ordered", "has_provenance"),
    ),
    Table(
        "threat",
        "Balance-of-threat coding",
        "How the article's argument rates each actor on Walt's four factors, as seen from Tehran.",
        (
            Field("actor", "str", "The actor whose threat to Iran is rated.", allowed=ACTORS),
            Field("factor", "str", "Walt's factor.", allowed=FACTORS),
            Field("level", "int", "Ordinal rating: 0 none, 1 low, 2 moderate, 3 high.", minimum=0, maximum=3),
            Field("justification", "str", "One line, in the package's words, on why the article supports it."),
            NOTES,
        ),
        key=("actor", "factor"),
    ),
    Table(
        "notes",
        "Endnotes",
        "The article's 40 endnotes: which work each cites, at which pages, and how the article prints it.",
        (
            Field("note", "int", "Endnote number as printed.", minimum=1, maximum=ARTICLE_NOTES),
            Field("work", "str", "Key of the cited work in `works`.", pattern=r"[a-z0-9_]+"),
            Field("locator", "str", "Pages or part cited, as printed.", required=False),
            Field("form", "str", "How the note is printed.", allowed=("full", "short", "incomplete")),
        ),
        key=("note",),
    ),
    Table(
        "works",
        "Cited works",
        "The distinct works the endnotes cite, as CSL fields, in their original language.",
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
            Field("kind", "str", "What was checked.", allowed=("arithmetic", "date", "name", "fact", "note")),
            Field("finding", "str", "What is wrong or unclear."),
            Field("evidence", "str", "The evidence for the finding."),
            Field("severity", "str", "How much it matters.", allowed=("likely error", "ambiguity", "note")),
            NOTES,
        ),
        key=("finding_id",),
    ),
)

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
