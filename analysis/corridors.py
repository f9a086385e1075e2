"""The competing transport and energy corridors: the frame the chapter on the limits of Iran's response
draws.

Which corridor an event belongs to is the package's reading of the article (pipelines and the railway
across Georgia and Turkey; the Zangezur route across Armenia; the North–South route through Iran and
Azerbaijan; Iran's Aras route and the Astarachai bridge); the events themselves live in data/events.csv.
"""

from __future__ import annotations

import pandas as pd

from analysis import events

# event id -> corridor, in the order the lanes are drawn
CORRIDOR_OF = {
    "btc_pipeline_inaugurated": "East–West (via Turkey)",
    "btk_railway_opened": "East–West (via Turkey)",
    "tanap_inaugurated": "East–West (via Turkey)",
    "karabakh_ceasefire_2020": "Zangezur (via Armenia)",
    "aras_corridor_memorandum": "Aras (via Iran)",
    "north_south_corridor_agreement": "North–South",
    "astarachai_bridge_stalled": "Astarachai bridge",
    "astarachai_bridge_agreement": "Astarachai bridge",
}


def corridor_events() -> pd.DataFrame:
    """The dated events of the competing transport and energy corridors, with a `corridor` column."""
    df = events.events()
    df = df[df["event_id"].isin(CORRIDOR_OF)]
    return df.assign(corridor=df["event_id"].map(CORRIDOR_OF)).reset_index(drop=True)
