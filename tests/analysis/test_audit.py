"""The audit separates slips from substance, grades by consequence and reviews the argument."""

from __future__ import annotations

from analysis import audit
from analysis.metadata import AUDIT_CONSEQUENCES


def test_findings_come_most_consequential_first() -> None:
    grades = list(audit.findings()["consequence"])
    assert grades == sorted(grades, key=AUDIT_CONSEQUENCES.index)


def test_grade_table_counts_every_finding_once() -> None:
    table = audit.grade_table().set_index("Nature")
    assert int(table.to_numpy().sum()) == audit.count()


def test_the_2001_incident_is_a_likely_substantive_error() -> None:
    row = audit.findings().set_index("finding_id").loc["reg_2001_incident"]
    assert (row["severity"], row["nature"]) == ("likely error", "substantive")


def test_the_argument_is_reviewed() -> None:
    argument = audit.findings(argument=True)
    assert len(argument) >= 3 and set(argument["kind"]) == {"argument"}
    assert audit.count(argument=False) + len(argument) == audit.count()
