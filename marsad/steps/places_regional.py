"""The regional gazetteer: villages, neighbourhoods, camps and admin areas of the region.

Compiled by scripts/build_gazetteer_mena.py into `mena.json.gz`: one list per field and
an index from folded names to row numbers, so loading is one `json.load` and a row
becomes an `Area` only when a name is looked up. Countries are areas with the label
point of their territory (not their capital).
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.resources import resource_path

AREA_KINDS = ("country", "admin1", "admin2", "admin3")
_EARTH_KM = 6371.0
_KM_PER_DEGREE = math.pi * _EARTH_KM / 180


class GazetteerError(MarsadError):
    """The regional gazetteer file is missing or malformed."""

    code = "places-gazetteer"


@dataclass(frozen=True, slots=True)
class Area:
    """One row of the regional gazetteer."""

    row: int
    id: str
    name: str
    kind: str  # country, admin1-3, city, village, neighbourhood, camp
    country: str
    lat: float
    lon: float
    admin1: str  # id of the governorate/province ("" for countries and admin1 rows)
    parent: str
    population: int

    def governorate(self) -> str:
        """The id of the level-1 area this row lies in (itself for an admin1)."""
        return self.id if self.kind == "admin1" else self.admin1


def near_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (lat, lon) points, flat-earth approximation (fine below 500 km)."""
    dlat = a[0] - b[0]
    dlon = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return _KM_PER_DEGREE * math.hypot(dlat, dlon)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


class RegionalGazetteer:
    """Columnar rows and a folded-name index; picklable, rows built on demand."""

    def __init__(
        self,
        columns: dict[str, list[Any]],
        index: dict[str, int | list[int]],
        common: frozenset[str] = frozenset(),
        folder: Path | None = None,
    ) -> None:
        self.columns = columns
        self.index = index  # folded name -> row, or rows when several places share it
        self.folder = folder
        self.common = common  # one-word village names that are ordinary words in news
        self._areas: dict[int, Area] = {}
        self.rows_by_id = {pid: row for row, pid in enumerate(columns["id"])}

    @classmethod
    def load(cls, folder: Path | None = None) -> RegionalGazetteer:
        """Read `mena.json.gz` from the places resources."""
        folder = folder or resource_path("places")
        path = folder / "mena.json.gz"
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                table = json.load(handle)
            return cls(table["columns"], table["index"], frozenset(table["common"]), folder)
        except (OSError, EOFError, ValueError, KeyError) as error:
            raise GazetteerError(f"cannot read {path.name}: {error}") from error

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as where to load it from: a worker reads the file (about as fast as
        unpickling the table, and the pickle stays small); a table built in memory is
        pickled whole."""
        if self.folder is not None:
            return (RegionalGazetteer.load, (self.folder,))
        return (RegionalGazetteer, (self.columns, self.index, self.common))

    def area(self, row: int) -> Area:
        """Row `row` as an `Area` (built once, then kept)."""
        found = self._areas.get(row)
        if found is None:
            found = self._areas[row] = self._build(row)
        return found

    def _build(self, row: int) -> Area:
        c = self.columns
        return Area(
            row,
            c["id"][row],
            c["name"][row],
            c["kind"][row],
            c["country"][row],
            c["lat"][row],
            c["lon"][row],
            c["admin1"][row],
            c["parent"][row],
            c["population"][row],
        )

    def by_id(self, pid: str) -> Area | None:
        """The row with gazetteer id `pid`, if any."""
        row = self.rows_by_id.get(pid)
        return None if row is None else self.area(row)

    def candidates(self, key: str) -> list[Area]:
        """Every row one folded name may mean."""
        rows = self.index.get(key)
        if rows is None:
            return []
        if isinstance(rows, int):
            return [self.area(rows)]
        return [self.area(row) for row in rows]

    def has_row(self, key: str, row: int) -> bool:
        """Whether the folded name `key` may mean row `row`."""
        rows = self.index.get(key)
        return rows == row if isinstance(rows, int) else rows is not None and row in rows

    def country(self, iso: str) -> Area | None:
        """A country as an area (its label point), by ISO 3166-1 alpha-2 code."""
        return self.by_id(f"iso:{iso}")

    def governorate_name(self, pid: str) -> str:
        """The Arabic name of a level-1 area id ("" when unknown)."""
        row = self.rows_by_id.get(pid)
        return "" if row is None else str(self.columns["name"][row])

    def near(
        self,
        key: str,
        point: tuple[float, float],
        km: float = 15.0,
        kinds: tuple[str, ...] = (),
    ) -> Area | None:
        """The row named `key` (of `kinds`, if given) closest to `point`, within `km`."""
        best: tuple[float, Area] | None = None
        for area in self.candidates(key):
            if kinds and area.kind not in kinds:
                continue
            gap = near_km(point, (area.lat, area.lon))
            if gap <= km and (best is None or gap < best[0]):
                best = (gap, area)
        return None if best is None else best[1]
