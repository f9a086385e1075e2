"""Load each dataset once, validate it against its schema, and report problems a user can act on.

`table(name)` is the only way the analysis reads data. It tells the report builder which files were read
(see `analysis.build_contract`), so that the builder keys its cache on exactly the data each chapter uses.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis.build_contract import data_dir, record_read
from analysis.metadata import ARTICLE_NOTES, FINITE, SHARED_KEYS, TABLES, TABLES_BY_NAME, DataError, Problem, Table
from analysis.schemas import NONEMPTY, RULE_COLUMNS, schema

ROOT = Path(__file__).resolve().parent.parent

_by_folder: dict[str, dict[str, pd.DataFrame]] = {}


def _loaded() -> dict[str, pd.DataFrame]:
    """The datasets validated so far from the data folder in use (STUDY_DATA_DIR may change in a process)."""
    return _by_folder.setdefault(str(data_dir().resolve()), {})


def path_of(name: str) -> Path:
    return data_dir() / TABLES_BY_NAME[name].file


def _shown(path: Path) -> str:
    """A path as users see it: relative to the project when inside it, never machine-specific otherwise."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def shown_path(name: str) -> str:
    """The file of dataset `name` as messages name it."""
    return _shown(path_of(name))


def read_raw(table: Table, path: Path) -> pd.DataFrame:
    """The CSV as text columns, so that type errors are found by the schema, row by row."""
    shown = _shown(path)
    if not path.exists():
        raise DataError([Problem(shown, None, None, "file not found")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DataError(
            [Problem(shown, None, None, f"not UTF-8 text (byte {err.start} is {err.object[err.start]:#x})")]
        ) from None
    if not text.strip():
        raise DataError([Problem(shown, None, None, "file is empty: expected a header line and rows")])
    header = next(csv.reader([text.splitlines()[0]]))
    if len(header) == 1 and len(table.fields) > 1:
        sep = next((s for s in ";\t|" if s in header[0]), None)
        hint = f" (it seems to use {sep!r}; separate columns with ',')" if sep else ""
        raise DataError([Problem(shown, None, None, f"header has one column, expected {len(table.fields)}{hint}")])
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (pd.errors.ParserError, ValueError) as err:
        raise DataError([Problem(shown, None, None, f"not a well-formed CSV file: {err}")]) from None
    return df.astype({c: "string" for c in df.columns})


def _problems(shown: str, err: pandera.errors.SchemaErrors) -> list[Problem]:
    """One Problem per failure case, worded for someone editing the CSV."""
    out: list[Problem] = []
    cases = err.failure_cases
    for case in cases.itertuples(index=False):
        check, column, value, index = str(case.check), case.column, case.failure_case, case.index
        row = None if pd.isna(index) else int(index) + 1
        if check.startswith("dtype(") or str(value).startswith("TypeError("):
            continue  # a consequence of a value that could not be converted, which is reported itself
        if check == NONEMPTY:
            out.append(Problem(shown, None, None, check))
        elif check in RULE_COLUMNS:
            out.append(Problem(shown, row, ", ".join(RULE_COLUMNS[check]), check))
        elif check == "column_in_dataframe":
            out.append(Problem(shown, None, str(value), "required column is missing"))
        elif check == "column_in_schema":
            out.append(Problem(shown, None, str(value), "column is not part of this dataset's schema"))
        elif check == "column_ordered":
            out.append(Problem(shown, None, str(value), "columns are not in the declared order"))
        elif check.startswith("coerce_dtype"):
            kind = {"Int64": "a whole number", "Float64": "a number", "boolean": "true or false"}
            wanted = next((v for k, v in kind.items() if k in check), check)
            out.append(Problem(shown, row, column, f"must be {wanted}", str(value)))
        elif check == "not_nullable":
            out.append(Problem(shown, row, column, "must not be empty"))
        elif check in ("field_uniqueness", "multiple_fields_uniqueness", "dataframe_uniqueness"):
            out.append(Problem(shown, row, column, "duplicate key: another row has the same key", str(value)))
        elif pd.isna(column) or column is None:
            out.append(Problem(shown, row, None, check))
        elif check == FINITE:
            out.append(Problem(shown, row, str(column), check, str(value)))  # 'nan' is the value to show
        else:
            out.append(Problem(shown, row, str(column), check, None if pd.isna(value) else str(value)))
    # A missing or extra column makes the row rules that read it meaningless: report the structure first.
    if any(p.row is None and p.column for p in out):
        out = [p for p in out if not (p.row is None and p.rule in RULE_COLUMNS)]
    # A value that is not a finite number breaks its range rules too: name only the cause.
    infinite = {(p.row, p.column) for p in out if p.rule == FINITE}
    out = [p for p in out if p.rule == FINITE or (p.row, p.column) not in infinite]
    # pandera reports a row rule once per column of the failing row: keep one line per row and rule.
    unique = list(dict.fromkeys(out))
    return sorted(unique, key=lambda p: (p.row or 0, p.column or "", p.rule))


def _validate(table: Table, known_notes: frozenset[int]) -> pd.DataFrame:
    path = path_of(table.name)
    raw = read_raw(table, path)
    try:
        df = schema(table, known_notes).validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as err:
        raise DataError(_problems(_shown(path), err)) from None
    except pandera.errors.SchemaError as err:  # raised eagerly by pandera for some whole-frame errors
        raise DataError([Problem(_shown(path), None, None, str(err).splitlines()[0])]) from None
    return df


def _known_notes() -> frozenset[int]:
    notes = _loaded().get("notes")
    if notes is None:
        return frozenset(range(1, ARTICLE_NOTES + 1))
    return frozenset(int(n) for n in notes["note"])


def _check_references(table_: Table, frame: pd.DataFrame) -> None:
    """Each column declared with `references="table.column"` may only hold values found there."""
    problems = []
    for f in table_.fields:
        if f.references is None:
            continue
        target, column = f.references.split(".")
        known = set(table(target, record=False)[column].dropna().astype(str))
        for index, value in frame[f.name].items():
            if not pd.isna(value) and str(value) not in known:
                rule = f"must name a {column} of {TABLES_BY_NAME[target].file}"
                problems.append(Problem(_shown(path_of(table_.name)), int(index) + 1, f.name, rule, str(value)))
    if problems:
        raise DataError(problems)


def table(name: str, record: bool = True) -> pd.DataFrame:
    """The validated dataset `name` (a copy: callers may change it freely).

    `record=False` reads without counting the file among those a chapter used; only for look-ups that
    merely find which table holds a key (see `figures.figure`).
    """
    loaded = _loaded()
    if name not in loaded:
        if name != "notes":
            table("notes", record=False)  # a `notes` cell is checked against the endnotes dataset
        loaded[name] = _validate(TABLES_BY_NAME[name], _known_notes())
        try:  # after caching it: the referenced table may need this one (works needs notes' numbers)
            _check_references(TABLES_BY_NAME[name], loaded[name])
        except DataError:
            del loaded[name]
            raise
    if record:
        record_read(path_of(name))
    return loaded[name].copy()


def validate_all() -> dict[str, pd.DataFrame]:
    """Validate every dataset; raise one DataError listing the problems of all of them.

    A broken endnotes table is reported once; the other tables are then checked against the article's
    own note numbers, so that their problems are reported too.
    """
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    loaded = _loaded()
    for t in sorted(TABLES, key=lambda t: t.name != "notes"):
        try:
            if t.name not in loaded and t.name != "notes" and "notes" not in loaded:
                loaded[t.name] = _validate(t, _known_notes())
            frames[t.name] = table(t.name)
        except DataError as err:
            problems.extend(err.problems)
    problems.extend(shared_key_problems(frames))
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    return frames


def shared_key_problems(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A key declared unique across tables (`SHARED_KEYS`) that appears in two of them: reported on the
    later table's row, naming the file that already holds it."""
    problems = []
    for column, names in SHARED_KEYS.items():
        seen: dict[str, str] = {}
        for name in names:
            if name not in frames:
                continue  # a table that failed its own schema is reported already
            for i, value in enumerate(frames[name][column], start=1):
                if value in seen:
                    rule = f"duplicate key: also in {seen[value]} (must be unique across {', '.join(names)})"
                    problems.append(Problem(_shown(path_of(name)), i, column, rule, str(value)))
                else:
                    seen[value] = _shown(path_of(name))
    return problems


def clear_cache() -> None:
    _by_folder.clear()
