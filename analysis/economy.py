"""Trade and economic ties: growth rates and the frames the economy charts draw."""

from __future__ import annotations

from analysis import figures


def growth_percent(before: str, after: str) -> float:
    """Percentage change from figure `before` to figure `after`."""
    return (figures.value(after) / figures.value(before) - 1) * 100


TRADE_FROM, TRADE_TO, TRANSPORT_GROWTH = "iran_aze_trade_from", "iran_aze_trade_to", "baku_tehran_transport_growth"
