"""Marking text in another language than the book's: spans for HTML and Word, raw Typst for the PDF."""

from __future__ import annotations

import pytest

from analysis import language
from analysis.escape import text


def test_a_span_carries_the_language_for_every_format() -> None:
    assert language.in_language("Иран", "ru") == '[`#text(lang: "ru")[`{=typst}Иран`]`{=typst}]{lang="ru"}'


@pytest.mark.parametrize("tag", ['ru")[x]#', "", "RU", "r u"])
def test_only_a_plain_language_tag_reaches_the_raw_typst(tag: str) -> None:
    with pytest.raises(ValueError):
        language.in_language("x", tag)


@pytest.mark.parametrize(
    ("title", "lang", "written"),
    [
        ("Россия и Иран", "ru", True),
        ("Géopolitique de l'Iran", "fr", True),
        ("Turkey's Foreign Policy in South Caucasus", "fa", False),  # the English title the article printed
        ("Iran: The Country's Page", "ar", False),
        ("History of Azerbaijan", "en", False),
        ("Россия", None, False),
    ],
)
def test_a_title_is_marked_only_when_written_in_its_works_language(title: str, lang: str | None, written: bool) -> None:
    assert language.written_in(title, lang) is written


def test_a_quoted_russian_title_in_free_text_is_marked_whole() -> None:
    quoted = text("the translation ends in 'centuryl' (1; entered as 'Россия и Иран, XIX – начало XX века'); x")
    marked = language.mark_scripts(quoted)
    assert language.in_language("Россия и Иран, XIX – начало XX века", "ru") in marked
    assert marked.count('lang="ru"') == 1 and marked.endswith(r"'\); x")
    assert language.mark_scripts(text("no Cyrillic <b> here")) == text("no Cyrillic <b> here")
