"""The Frictionless data package (`datapackage.json`), generated from the declarations in `analysis.metadata`.

Every table becomes a tabular data resource with its schema (types, units, descriptions, constraints, primary
and foreign keys), its sources and its licence, as PUDL derives its package from its field metadata. Nothing
here names a table or a column: a change to `metadata.py` shows up in the package on the next
`python -m analysis datapackage`, and a test fails while the committed file is stale.

Endnote columns (kind `notes`) hold lists such as "3;5". A Table Schema foreign key compares whole cells, so
such a column cannot point at `notes.note` directly; it is declared as a string whose pattern admits only
';'-separated endnote numbers, with the target named in its description and in `x-item-references`. That
each number is a real endnote is checked by the package's own schemas (`analysis.schemas`).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from analysis.metadata import TABLES, TABLES_BY_NAME, Field, Source, Table
from analysis.schemas import ROW_RULES

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = ROOT / "datapackage.json"

#: Frictionless type of each declared kind. Dates may be partial (YYYY, YYYY-MM), which Table Schema's
#: `date` does not admit, so they are strings with a pattern.
TYPES = {"str": "string", "int": "integer", "float": "number", "date": "string", "notes": "string", "bool": "boolean"}
PARTIAL_DATE = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
NOTE_LIST = r"\s*[0-9]+\s*(;\s*[0-9]+\s*)*"
NOTES_KEY = ("notes", "note")  # the table and column an endnote number names

#: Where each licence is published, by its SPDX identifier.
LICENCE_PATHS = {
    "MIT": "https://opensource.org/license/mit",
    "ODC-PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
}


def _licence(spdx: str) -> dict[str, str]:
    return {"name": spdx, "path": LICENCE_PATHS[spdx]}


def _source(source: Source) -> dict[str, str]:
    return {"title": source.title, **({"path": source.path} if source.path else {})}


def _project() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def field_descriptor(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "type": TYPES[f.kind], "description": f.description}
    if f.unit:
        out["unit"] = f.unit  # not a Table Schema property; kept as a custom one, as PUDL and OWID do
    constraints: dict[str, Any] = {}
    if f.required:
        constraints["required"] = True
    if f.allowed is not None:
        constraints["enum"] = list(f.allowed)
    if f.minimum is not None:
        constraints["minimum"] = _number(f.minimum, f.kind)
    if f.maximum is not None:
        constraints["maximum"] = _number(f.maximum, f.kind)
    pattern = {"date": PARTIAL_DATE, "notes": NOTE_LIST}.get(f.kind, f.pattern)
    if pattern is not None:
        constraints["pattern"] = pattern
    if f.kind == "notes":
        table, column = NOTES_KEY
        out["description"] += f" Each number is a `{column}` of the `{table}` table."
        out["x-item-references"] = {"resource": table, "field": column, "delimiter": ";"}
    if constraints:
        out["constraints"] = constraints
    return out


def _number(value: float, kind: str) -> int | float:
    return int(value) if kind == "int" or float(value).is_integer() else value


def foreign_keys(table: Table) -> list[dict[str, Any]]:
    keys = []
    for f in table.fields:
        if f.references:
            target, column = f.references.split(".")
            assert target in TABLES_BY_NAME, f"{table.name}.{f.name} references unknown table {target}"
            keys.append({"fields": f.name, "reference": {"resource": target, "fields": column}})
    return keys


def resource(table: Table) -> dict[str, Any]:
    description = table.description
    rules = [ROW_RULES[r][0] for r in table.rules]
    if rules:
        description += " Rules over each row, checked by the package's own schemas: " + "; ".join(rules) + "."
    schema: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in table.fields],
        "primaryKey": list(table.key),
    }
    if fks := foreign_keys(table):
        schema["foreignKeys"] = fks
    out: dict[str, Any] = {
        "name": table.name,
        "title": table.title,
        "description": description,
        "path": f"data/{table.file}",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "sources": [_source(s) for s in table.sources],
    }
    if licences := sorted({s.licence for s in table.sources if s.licence}):
        out["licenses"] = [_licence(spdx) for spdx in licences]
    out["schema"] = schema
    return out


def descriptor() -> dict[str, Any]:
    """The whole data package, as a JSON-ready dict."""
    project = _project()
    return {
        "profile": "tabular-data-package",
        "name": project["name"],
        "title": project["description"],
        "description": (
            "The datasets of the reproducible edition: the article's figures, events, endnotes and cited works, "
            "the package's balance-of-threat coding and audit, and figures recomputed from SIPRI and World Bank "
            "files. Every row names its endnote(s) or primary source."
        ),
        "version": project["version"],
        "licenses": [_licence(project["license"])],
        "sources": [_source(s) for s in dict.fromkeys(s for t in TABLES for s in t.sources)],
        "resources": [resource(t) for t in TABLES],
    }


def render() -> str:
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path = DESCRIPTOR) -> bool:
    """Write the descriptor; returns whether the file changed."""
    text = render()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
