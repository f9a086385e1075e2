"""The reviewer's audit of the article: findings by severity, as data."""

from __future__ import annotations

import pandas as pd

from analysis import book, data
from analysis.escape import text
from analysis.language import mark_scripts
from analysis.metadata import AUDIT_CONSEQUENCES, AUDIT_NATURES, CHAPTERS

SEVERITY_ORDER = ("likely error", "ambiguity", "note")
SECTION_ORDER = (*CHAPTERS, "notes")


def findings(
    severity: str | None = None,
    nature: str | None = None,
    consequence: str | None = None,
    argument: bool | None = None,
) -> pd.DataFrame:
    """Findings, most consequential and surest first, optionally restricted; `argument` selects (True) or
    leaves out (False) the review of the argument itself."""
    df = data.table("audit")
    if severity is not None:
        df = df[df["severity"] == severity]
    if nature is not None:
        df = df[df["nature"] == nature]
    if consequence is not None:
        df = df[df["consequence"] == consequence]
    if argument is not None:
        df = df[(df["kind"] == "argument") == argument]
    order = {c: i for i, c in enumerate(AUDIT_CONSEQUENCES)}
    rank = {**{s: i for i, s in enumerate(SEVERITY_ORDER)}, **{s: i for i, s in enumerate(SECTION_ORDER)}}
    keyed = df.assign(_c=df["consequence"].map(order), _s=df["severity"].map(rank), _p=df["section"].map(rank))
    keys = ["_c", "_s", "_p", "finding_id"]
    return keyed.sort_values(keys).drop(columns=["_c", "_s", "_p"]).reset_index(drop=True)


def count(
    severity: str | None = None,
    nature: str | None = None,
    consequence: str | None = None,
    argument: bool | None = None,
) -> int:
    return len(findings(severity, nature, consequence, argument))


NATURE_WORDS = {"substantive": "Substantive", "slip": "Slip (transcription, conversion)", "sound": "Checked, right"}


def grade_table() -> pd.DataFrame:
    """Findings counted by nature (rows) and consequence for the argument (columns), zeros included."""
    df = data.table("audit")
    table = pd.crosstab(df["nature"], df["consequence"]).reindex(
        index=list(AUDIT_NATURES), columns=list(AUDIT_CONSEQUENCES), fill_value=0
    )
    table = table.rename(index=NATURE_WORDS).rename(columns=lambda c: f"Consequence: {c}")
    return table.rename_axis("Nature").reset_index().rename_axis(None, axis=1)


def section_words(section: str) -> str:
    """Where a finding stands: the chapter that retells that part of the article, or its endnotes."""
    return "Endnotes" if section == "notes" else book.title(section)


def findings_markdown(
    severity: str | None = None,
    nature: str | None = None,
    consequence: str | None = None,
    argument: bool | None = None,
) -> str:
    """Findings as a definition list: where, what, the evidence, the notes and the grades.

    The finding's own text is escaped (`escape.text`): it is data, never markup; a title it quotes in
    Cyrillic is marked as Russian (`language.mark_scripts`)."""
    blocks = []
    for row in findings(severity, nature, consequence, argument).itertuples(index=False):
        notes = "" if pd.isna(row.notes) else f" Notes concerned: {row.notes.replace(';', ', ')}."
        grades = f"{row.severity}; consequence for the argument: {row.consequence}"
        blocks.append(
            f"**{section_words(row.section)}: {text(row.passage)}** ({text(row.kind)}; {grades})\n"
            f": {mark_scripts(text(row.finding))}\n\n    *Evidence:* {mark_scripts(text(row.evidence))}{notes}\n"
        )
    return "\n".join(blocks) if blocks else "None."
