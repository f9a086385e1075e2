"""The measured-versus-coded chart: its buttons switch between the composites in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import measures

pytestmark = [pytest.mark.build, pytest.mark.browser]


def _bars(page: object) -> int:
    """Bars drawn in the chart that carries the radio buttons."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => {
            const chart = [...document.querySelectorAll('.vega-chart')]
                .find(c => c.querySelector('input[type=radio]'));
            return chart.querySelectorAll('.mark-rect path').length;
        }"""
    )


def _choose(page: object, value: str) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        """(v) => {
            const input = document.querySelector(`.vega-chart input[type=radio][value="${v}"]`);
            input.checked = true;
            input.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        value,
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def test_the_buttons_show_one_composite_or_both(book: Path, browser: object) -> None:
    actors = len(measures.measured_ratings())
    page_file = next(book.glob("**/measures.html"))
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(page_file.resolve().as_uri())
    page.wait_for_function("() => document.querySelectorAll('.vega-chart input[type=radio]').length === 3")
    assert _bars(page) == 2 * actors  # both composites, as in the PDF
    _choose(page, "measured")
    assert _bars(page) == actors
    _choose(page, "coded")
    assert _bars(page) == actors
    _choose(page, "both")
    assert _bars(page) == 2 * actors
    page.close()
