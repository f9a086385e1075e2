"""The works table, the endnotes that point into it, and the CSL-JSON and CSL-YAML made from it."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pypandoc
import pytest
import typst
import yaml

from analysis import bibliography, data, language
from analysis.metadata import ARTICLE_NOTES
from tests.payloads import PAYLOADS

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


def _render(markdown: str, bibliography_file: Path, to: str = "plain") -> str:
    command = [
        pypandoc.get_pandoc_path(),
        "-f",
        "markdown",
        "-t",
        to,
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


def test_yaml_marks_the_original_title_only(tmp_path: Path) -> None:
    refs = tmp_path / "refs.yaml"
    bibliography.write_csl_json(refs)
    items = {item["id"]: item for item in yaml.safe_load(refs.read_text(encoding="utf-8"))["references"]}
    russian = language.in_language("Россия и Иран, XIX – начало XX века", "ru")
    assert (
        items["kulagina_2010"]["title"] == russian + r" \[Russia and Iran \(XIXth – the beginning of XXth century\)\]"
    )
    assert items["hourcade_2010"]["title"].startswith('[`#text(lang: "fr")[`{=typst}')  # French, untranslated
    # a Persian work the article cites by its English title: the title is not Persian, so it is not marked
    assert "lang" not in items["ebrahimi_kiapei_2020"]["title"]
    assert items["ebrahimi_kiapei_2020"]["language"] == "fa"
    bibliography.write_csl_json(tmp_path / "again.yaml")
    assert refs.read_bytes() == (tmp_path / "again.yaml").read_bytes()


#: Quotation marks are the one thing citeproc rewrites in any title (as the style's own quotes): left out of
#: the comparison. The no-break space is Typst's, inside French and Russian quotes.
_NO_QUOTES = str.maketrans({**dict.fromkeys("\"'“”«»‘’"), "\u00a0": " "})


def _hostile_works() -> pd.DataFrame:
    works = data.table("works")
    row = works[works["key"] == "kulagina_2010"].copy()
    row["title"] = "Россия " + " ".join(PAYLOADS)
    row["title_english"] = "Russia " + " ".join(PAYLOADS)
    row["author"] = "Kulagina " + PAYLOADS[0] + ", L. " + PAYLOADS[1]
    return row


@pytest.mark.parametrize("to", ["html", "typst"])
def test_a_hostile_russian_title_stays_text(tmp_path: Path, to: str) -> None:
    refs = tmp_path / "refs.yaml"
    bibliography.write_csl_json(refs, _hostile_works())
    out = _render("Text [@kulagina_2010, 9].\n\n::: {#refs}\n:::\n", refs, to=to)
    if to == "html":
        assert not re.search(r"<(img|script|tag)\b|href=\"javascript", out)
        assert out.count('<span lang="ru">') == 2  # the note and the bibliography entry
        text = html.unescape(re.sub(r"<[^>]+>", "", out))
    else:
        assert out.count('#text(lang: "ru")[') == 2
        source, pdf = tmp_path / "x.typ", tmp_path / "x.pdf"
        source.write_text(out, encoding="utf-8")
        typst.compile(str(source), output=str(pdf))  # raises on a Typst syntax error
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split()).translate(_NO_QUOTES)
    for payload in PAYLOADS:
        assert payload.translate(_NO_QUOTES) in text, payload
