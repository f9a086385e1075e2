"""How each measured actor is named or coded in the source files, declared once for every importer.

The actors themselves are declared in `analysis.metadata.MEASURED_ACTORS`; this only maps them to codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.metadata import MEASURED_ACTORS


@dataclass(frozen=True)
class Codes:
    cow: int  # Correlates of War state number (ccode)
    iso3: str  # ISO 3166-1 alpha-3, used by the World Bank and CEPII
    sipri: str  # the country's name in SIPRI's files


CODES: dict[str, Codes] = {
    "Iran": Codes(630, "IRN", "Iran"),
    "Azerbaijan": Codes(373, "AZE", "Azerbaijan"),
    "Russia": Codes(365, "RUS", "Russia"),
    "United States": Codes(2, "USA", "United States of America"),
    "Turkey": Codes(640, "TUR", "Türkiye"),
    "Israel": Codes(666, "ISR", "Israel"),
}
if set(CODES) != set(MEASURED_ACTORS):  # pragma: no cover - a declaration error, caught on import
    raise RuntimeError("sources.actors.CODES must cover exactly analysis.metadata.MEASURED_ACTORS")

BY_COW: dict[int, str] = {c.cow: actor for actor, c in CODES.items()}
BY_ISO3: dict[str, str] = {c.iso3: actor for actor, c in CODES.items()}
BY_SIPRI: dict[str, str] = {c.sipri: actor for actor, c in CODES.items()}
ORDER: dict[str, int] = {actor: i for i, actor in enumerate(MEASURED_ACTORS)}


def sort_rows(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows sorted by `by`, where every actor column sorts in the study's order (Iran first), not A–Z."""
    keys = {c: table[c].map(ORDER) if c.startswith("actor") else table[c] for c in by}
    order = pd.DataFrame(keys).sort_values(by, kind="stable").index
    return table.loc[order].reset_index(drop=True)
