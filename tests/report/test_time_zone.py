"""Dates are days: every time scale of every chart is UTC, so no time zone (the build's, or the reader's in
the live HTML chart) shifts an axis. The build itself is compared across time zones in test_reproducible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import altair as alt
import pytest

from tests.report.conftest import ROOT, chapters
from tests.report.test_extreme_values import run_chapter


def encodings(spec: Any) -> Iterator[dict[str, Any]]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "encoding" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, dict))
            yield from encodings(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from encodings(item)


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.stem)
def test_every_time_scale_is_utc(chapter: Any) -> None:
    specs = [v.to_dict() for v in run_chapter(chapter) if isinstance(v, alt.TopLevelMixin)]
    temporal = [e for s in specs for e in encodings(s) if e.get("type") == "temporal"]
    local = [e["field"] for e in temporal if e.get("scale", {}).get("type") != "utc"]
    assert local == [], f"{chapter.relative_to(ROOT)}: local-time scales on {local}"
