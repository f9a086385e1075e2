"""Trade and economic ties: growth rates and the frames the economy charts draw."""

from __future__ import annotations

from analysis import data, figures
from analysis.metadata import DataError, Problem


def growth_percent(before: str, after: str) -> float:
    """Percentage change from figure `before` to figure `after`; a base of zero is reported as a data
    problem, since its schema allows it but no rate can be computed from it."""
    base = figures.value(before)
    if base == 0:
        table = figures.figure_table(before)
        rule = f"figure '{before}' must not be 0: the chapters compute a growth rate from it"
        raise DataError([Problem(data.shown_path(table), None, "value", rule, str(base))])
    return (figures.value(after) / base - 1) * 100


TRADE_FROM, TRADE_TO, TRANSPORT_GROWTH = "iran_aze_trade_from", "iran_aze_trade_to", "baku_tehran_transport_growth"
