"""Distances between Iran and each measured actor -> rows of table `distances`, from three files:

- CShapes 2.0 minimum distances (`cshapes_2.0_dist_COW.csv`, as extracted with the header
  ``ccode1,stateabb1,ccode2,stateabb2,year,mindist_km``): km between the two states' borders on 1 January,
  0 for a shared land border, one row per pair (lower state number first) and year;
- COW state capitals with coordinates (``ccode,statenme,capital,stdate,enddate,lat,lng``), from which the
  great-circle distance between the capitals in force on the file's last date is computed;
- CEPII GeoDist's bilateral file `dist_cepii` (``iso_o,iso_d,contig,...,dist,distcap,distw,distwces``):
  `dist` between the main cities and `distcap` between the capitals, km.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.metadata import MEASURED_FROM, TABLES_BY_NAME
from sources.actors import BY_COW, BY_ISO3, CODES, sort_rows
from sources.csvfile import Cells, read_rows
from sources.errors import SourceFormatError

COLUMNS = tuple(f.name for f in TABLES_BY_NAME["distances"].fields)
IRAN = "Iran"
MINDIST_HEADER = ("ccode1", "stateabb1", "ccode2", "stateabb2", "year", "mindist_km")
CAPITALS_HEADER = ("ccode", "statenme", "capital", "stdate", "enddate", "lat", "lng")
CEPII_HEADER = (
    "iso_o", "iso_d", "contig", "comlang_off", "comlang_ethno", "colony", "comcol", "curcol", "col45", "smctry",
    "dist", "distcap", "distw", "distwces",
)  # fmt: skip
CSHAPES = ("CShapes, minimum distance between borders (cshapes_2.0_dist_COW.csv)", "2.0")
CAPITALS = ("COW state capitals geocoded with OpenStreetMap (peacesciencer cow_capitals)", "peacesciencer fe150a2")
CEPII = ("CEPII GeoDist, bilateral distances (dist_cepii)", "GeoDist 2011")
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the surface of a spherical Earth (haversine formula)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _row(actor: str, measure: str, year: int | None, value: float, note: str | None, src: tuple[str, str]) -> dict:
    return {"actor": actor, "measure": measure, "year": year, "value": value, "note": note, "source": src[0],
            "version": src[1]}  # fmt: skip


def border_rows(path: str | Path) -> list[dict]:
    path = Path(path)
    iran = CODES[IRAN].cow
    out = []
    for line, row in read_rows(path, MINDIST_HEADER, "a CShapes minimum-distance file"):
        cells = Cells(path, line, row)
        a, b, year = cells.integer("ccode1"), cells.integer("ccode2"), cells.year()
        if iran not in (a, b) or year < MEASURED_FROM:
            continue
        other = b if a == iran else a
        if other in BY_COW and other != iran:
            out.append(_row(BY_COW[other], "border_km", year, cells.number("mindist_km"), None, CSHAPES))  # type: ignore[arg-type]
    return out


def capital_rows(path: str | Path) -> list[dict]:
    """Capital-to-capital distances, using each state's capital on the latest end date in the file."""
    path = Path(path)
    capitals: dict[str, tuple[str, str, float, float]] = {}  # actor -> (enddate, capital, lat, lng)
    for line, row in read_rows(path, CAPITALS_HEADER, "a COW capitals file"):
        cells = Cells(path, line, row)
        ccode = cells.integer("ccode")
        if ccode not in BY_COW:
            continue
        lat, lng = cells.number("lat", minimum=-90), cells.number("lng", minimum=-180)
        if lat is None or lng is None or lat > 90 or lng > 180:
            raise SourceFormatError(path, "coordinates outside -90..90 / -180..180", line)
        end = cells.text("enddate")
        actor = BY_COW[ccode]
        if actor not in capitals or end > capitals[actor][0]:
            capitals[actor] = (end, cells.text("capital"), lat, lng)
    missing = [a for a in CODES if a not in capitals]
    if missing:
        raise SourceFormatError(path, f"no capital for {', '.join(missing)}")
    _, home, lat0, lng0 = capitals[IRAN]
    return [
        _row(actor, "capital_km", None, great_circle_km(lat0, lng0, lat, lng), f"{home}–{capital}", CAPITALS)
        for actor, (_, capital, lat, lng) in capitals.items()
        if actor != IRAN
    ]


def cepii_rows(path: str | Path) -> list[dict]:
    path = Path(path)
    iran = CODES[IRAN].iso3
    out = []
    for line, row in read_rows(path, CEPII_HEADER, "a CEPII GeoDist dist_cepii file"):
        if row["iso_o"] != iran or row["iso_d"] not in BY_ISO3 or row["iso_d"] == iran:
            continue
        cells = Cells(path, line, row)
        actor = BY_ISO3[row["iso_d"]]
        out.append(_row(actor, "cepii_dist_km", None, cells.number("dist"), "between main cities", CEPII))  # type: ignore[arg-type]
        out.append(_row(actor, "cepii_distcap_km", None, cells.number("distcap"), "between capitals", CEPII))  # type: ignore[arg-type]
    return out


def import_distances(mindist: str | Path, capitals: str | Path, cepii: str | Path, file_date: str) -> pd.DataFrame:
    """Every distance from Iran to each other measured actor, sorted by actor, measure and year."""
    parts = {mindist: border_rows(mindist), capitals: capital_rows(capitals), cepii: cepii_rows(cepii)}
    others = [a for a in CODES if a != IRAN]
    for path, rows in parts.items():
        missing = [a for a in others if a not in {r["actor"] for r in rows}]
        if missing:
            raise SourceFormatError(path, f"no distance from Iran to {', '.join(missing)}")
    table = pd.DataFrame([r for rows in parts.values() for r in rows]).assign(file_date=file_date)
    table = table.astype({"year": "Int64"})
    return sort_rows(table, ["actor", "measure", "year"])[list(COLUMNS)]
