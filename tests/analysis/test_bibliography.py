"""The works table, the endnotes that point into it, and the CSL-JSON made from it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pypandoc
import pytest
import yaml

from analysis import bibliography, data
from analysis.metadata import ARTICLE_NOTES

ROOT = Path(__file__).resolve().parents[2]
CSL = ROOT / yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["csl"]


@pytest.fixture(scope="module")
def items() -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in bibliography.csl_items(data.table("works"))}


def test_every_endnote_cites_a_known_work() -> None:
    notes, works = data.table("notes"), data.table("works")
    assert sorted(int(n) for n in notes["note"]) == list(range(1, ARTICLE_NOTES + 1))
    assert set(notes["work"]) <= set(works["key"])
    # no work of the article's is listed without an endnote that cites it, and no endnote cites a work the
    # package added (those are cited in the package's own chapters)
    by = works.set_index("key")["cited_by"]
    assert set(by[by == "article"].index) == set(notes["work"])


def test_short_forms_point_back_to_an_earlier_full_citation() -> None:
    notes = data.table("notes").sort_values("note")
    first_full = notes[notes["form"] == "full"].groupby("work")["note"].min()
    for row in notes[notes["form"] == "short"].itertuples():
        assert first_full[row.work] < row.note, f"note {row.note}"


def test_russian_book(items: dict[str, dict[str, Any]]) -> None:
    # note 1: a Russian book, title in Cyrillic with the English translation the article gives
    assert items["kulagina_2010"] == {
        "id": "kulagina_2010",
        "type": "book",
        "author": [{"family": "Kulagina", "given": "L. M."}],
        "title": "Россия и Иран, XIX – начало XX века [Russia and Iran (XIXth – the beginning of XXth century)]",
        "publisher": "Klyuch-S; Russian Academy of Sciences, Institute of Oriental Studies",
        "publisher-place": "Moscow",
        "issued": {"date-parts": [[2010]]},
        "language": "ru",
    }


def test_persian_article_with_two_authors_and_doi(items: dict[str, dict[str, Any]]) -> None:
    # note 6: the article prints the Persian article's English title only
    assert items["ebrahimi_kiapei_2020"] == {
        "id": "ebrahimi_kiapei_2020",
        "type": "article-journal",
        "author": [{"family": "Ebrahimi Kiapei", "given": "Hadi"}, {"family": "Zarei", "given": "Kamal"}],
        "title": "Strategies Conflict Between Islamic Republic of Iran and the Zionist Regime "
        "in the Caucasian Strategic Area",
        "container-title": "Political Strategic Studies",
        "volume": "9",
        "issue": "32",
        "issued": {"date-parts": [[2020, 4]]},
        "DOI": "10.22054/qpss.2019.41432.2297",
        "language": "fa",
    }


def test_interviewer_and_literal_names() -> None:
    assert bibliography.csl_names("Aliyev, Ilham; Can, Baybars (interviewer)") == {
        "author": [{"family": "Aliyev", "given": "Ilham"}],
        "interviewer": [{"family": "Can", "given": "Baybars"}],
    }
    partial = bibliography.csl_names("Rad Goudarzi, Masoumeh; Baei Lashaki")  # note 21 gives no given name
    assert partial["author"][1] == {"literal": "Baei Lashaki"}
    assert bibliography.csl_names(None) == {}


def test_full_dates_and_empty_fields_left_out(items: dict[str, dict[str, Any]]) -> None:
    berman = items["berman_2023"]  # note 30 prints the date garbled as 'May 2023, 30'
    assert berman["issued"] == {"date-parts": [[2023, 5, 30]]}
    assert "accessed" not in berman and "DOI" not in berman
    assert items["azertac_2022"]["accessed"] == {"date-parts": [[2023, 11, 6]]}


def test_json_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    bibliography.write_csl_json(first)
    bibliography.write_csl_json(second)
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8") and text.endswith("]\n")
    assert "Россия" in text  # not escaped
    ids = [item["id"] for item in json.loads(text)]
    assert ids == sorted(ids) and len(ids) == len(data.table("works"))


def test_package_works_cite_each_dataset_as_its_publisher_asks(items: dict[str, dict[str, Any]]) -> None:
    assert items["schvitz_etal_2022"]["container-title"] == "Journal of Conflict Resolution"
    assert [a["family"] for a in items["mayer_zignago_2011"]["author"]] == ["Mayer", "Zignago"]
    assert items["singer_bremer_stuckey_1972"]["editor"] == [{"family": "Russett", "given": "Bruce"}]
    assert items["sipri_milex_2025"]["type"] == "dataset"


def _render(markdown: str, bibliography_file: Path) -> str:
    command = [
        pypandoc.get_pandoc_path(),
        "-f",
        "markdown",
        "-t",
        "plain",
        "--wrap=none",
        "--citeproc",
        "--csl",
        str(CSL),
        "--bibliography",
        str(bibliography_file),
    ]
    return subprocess.run(command, input=markdown, capture_output=True, text=True, check=True).stdout


def test_chicago_note_through_pandoc(tmp_path: Path) -> None:
    refs = tmp_path / "refs.json"
    bibliography.write_csl_json(refs)
    out = _render("Text [@kulagina_2010, 9].\n\nMore [@makili_aliyev_2013, 8].\n", refs)
    note = next(line for line in out.splitlines() if line.startswith("[1]"))
    assert "L. M. Kulagina" in note
    assert "Россия и Иран, XIX – начало XX века" in note
    assert "[Russia and Iran" in note and note.rstrip().endswith("2010), 9.")
    assert "IAI Working Papers no. 1305 (2013), 8." in out
    assert "Kulagina, L. M. Россия и Иран" in out  # the bibliography entry, family name first
