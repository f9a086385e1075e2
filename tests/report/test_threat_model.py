"""The threat model's sliders re-rank the actors in the browser, as the model in analysis.threat does.

(The sliders stand in the chart block's controls, outside the drawn chart: see analysis/chart_output.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import threat
from analysis.metadata import FACTORS

pytestmark = [pytest.mark.build, pytest.mark.browser]

RANKER = 1  # the composite-score chart is the second chart of the chapter (after the heat map)


def bar_order(page: object) -> list[str]:
    """The ranker's y-axis labels, top to bottom, as drawn."""
    return page.evaluate(  # type: ignore[attr-defined]
        """(i) => {
            const chart = document.querySelectorAll('.vega-chart')[i];
            const labels = [...chart.querySelectorAll('.role-axis-label text')]
                .filter(t => isNaN(parseFloat(t.textContent)));
            return labels.sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y)
                         .map(t => t.textContent);
        }""",
        RANKER,
    )


def set_weights(page: object, weights: dict[str, float]) -> None:
    page.evaluate(  # type: ignore[attr-defined]
        """([i, values]) => {
            const inputs = document.querySelectorAll('.study-chart')[i].querySelectorAll('input[type=range]');
            inputs.forEach((input, k) => {
                input.value = values[k];
                input.dispatchEvent(new Event('input', {bubbles: true}));
            });
        }""",
        [RANKER, [weights[f] for f in FACTORS]],
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def expected_order(weights: dict[str, float]) -> list[str]:
    return list(threat.scores(threat.coding(), weights).index)


def test_moving_the_sliders_reranks_the_actors(book: Path, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((book / "report" / "threat-model.html").resolve().as_uri())
    page.wait_for_function("() => document.querySelectorAll('.study-chart input[type=range]').length === 4")
    assert bar_order(page)[0] == threat.leader()

    power_only = {f: (3 if f == "aggregate_power" else 0) for f in FACTORS}
    set_weights(page, power_only)
    drawn = bar_order(page)
    assert drawn[0] in threat.scores(threat.coding(), power_only).query("rank == 1").index
    assert drawn[0] != threat.leader(), "weighing power alone should change who ranks first"

    intentions_only = {f: (3 if f == "offensive_intentions" else 0) for f in FACTORS}
    set_weights(page, intentions_only)
    top = set(threat.scores(threat.coding(), intentions_only).query("rank == 1").index)
    assert bar_order(page)[0] in top
    page.close()
