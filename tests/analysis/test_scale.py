"""Large datasets: the data-sources appendix grows linearly and stays a readable length; a chart with more
rows than Altair's 5,000 is drawn rather than refused. (Whole builds at scale: `nox -s bench -- --scale`.)"""

from __future__ import annotations

import time
from pathlib import Path

from analysis import charts, data, dictionary, events
from studybuild.bench import grow_table


def test_data_sources_appendix_lists_a_large_table_in_linear_time(data_copy: Path) -> None:
    grow_table(data_copy / "economy.csv", "figure_id", 20_000)
    start = time.perf_counter()
    df = dictionary.figure_sources()
    seconds = time.perf_counter() - start
    economy = df[df["Dataset"] == "economy"]
    assert len(economy) == dictionary.LISTED_PER_DATASET + 1
    assert economy["What"].iloc[-1].startswith(f"{20_000 - dictionary.LISTED_PER_DATASET:,} more figures")
    assert set(df["Dataset"]) == {"economy", "arms", "power"}
    assert seconds < 30, f"{seconds:.1f} s for 20,000 rows: a lookup per row again?"


def test_a_timeline_of_50000_events_is_drawn(data_copy: Path) -> None:
    grow_table(data_copy / "events.csv", "event_id", 50_000)
    df = events.events()
    assert len(df) == 50_000 and len(data.table("events")) == 50_000
    spec = charts.timeline(df, events.source_line(df)).to_dict()  # MaxRowsError before
    assert sum(len(v) for v in spec["datasets"].values()) >= 50_000
