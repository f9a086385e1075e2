"""Language of parts: text in another language than the book's, marked so readers and tools know it.

Pandoc writes a span `[…]{lang="ru"}` as `<span lang="ru">` in HTML and as `w:lang` in Word, but its Typst
writer drops a span's language; so the span also holds raw Typst `#text(lang: "ru")[…]`, which the other
formats drop. The markdown marked here is the package's escaped text (`analysis.escape.text`), never raw data.
"""

from __future__ import annotations

import re

#: The language of the book's own text (`lang: en-GB` in _quarto.yml): text in it needs no mark.
BOOK_LANGUAGE = "en"
#: A language tag the markup may carry: it is written into raw Typst, so nothing else gets through.
_TAG = re.compile(r"[a-z]{2,3}")
#: Scripts of the works' languages that are not Latin (the `works.language` column allows en, ru, fa, ar, fr).
SCRIPTS = {"ru": "\u0400-\u04ff", "fa": "\u0600-\u06ff", "ar": "\u0600-\u06ff"}
#: Scripts that name one language in this study's data: Cyrillic text is Russian (Arabic script could be Arabic
#: or Persian, so it is not guessed).
_ONE_LANGUAGE = {"ru": SCRIPTS["ru"]}
#: A run of text in one script: from its first letter to its last, across spaces, numerals and dashes, but
#: not across quotation marks, brackets or sentence punctuation, which end a quoted title.
_RUNS = {
    lang: re.compile(f"[{chars}](?:[^'\"‘’“”«»()\\[\\];.!?\\\\]|\\\\[-–—])*[{chars}]|[{chars}]")
    for lang, chars in _ONE_LANGUAGE.items()
}


def in_language(markdown: str, lang: str) -> str:
    """`markdown` marked as written in `lang`: a span for HTML and Word, raw Typst for the PDF."""
    if not _TAG.fullmatch(lang):
        raise ValueError(f"not a language tag: {lang!r}")
    return f'[`#text(lang: "{lang}")[`{{=typst}}{markdown}`]`{{=typst}}]{{lang="{lang}"}}'


def written_in(text: str, lang: str | None) -> bool:
    """Whether `text`, from a work in `lang`, is in that language: a language with a script of its own needs
    a letter of that script (the Arabic and Persian works' titles are the English translations the article
    printed in their place)."""
    if lang is None or lang == BOOK_LANGUAGE or not _TAG.fullmatch(lang):
        return False
    chars = SCRIPTS.get(lang)
    return chars is None or re.search(f"[{chars}]", text) is not None


def mark_scripts(markdown: str) -> str:
    """Escaped free text (`escape.text`) with each run of a one-language script marked as that language:
    "entered as 'Россия и Иран, XIX – начало XX века'" marks the quoted Russian title."""
    for lang, runs in _RUNS.items():
        markdown = runs.sub(lambda m, lang=lang: in_language(m.group(0), lang), markdown)
    return markdown
