"""Compile the offline basemap the web maps draw: country and province outlines.

Reads `gazetteer_mena/basemap/countries.geojson` (Natural Earth 1:10m admin-0, public
domain) and `admin1_mena.geojson` (Who's On First admin-1 polygons of the region,
CC0/CC BY) and `admin_areas.tsv` (label points), and writes to marsad/web/static/basemap/:

* `countries.geojson`: the countries around the region (Europe's south to the Horn of
  Africa, the Atlantic to Central Asia), simplified to 0.05° and rounded to 0.01°;
* `admin1.geojson`: the region's governorates and provinces, simplified to 0.02°.

Each feature keeps `id`, `country`, `name_ar` and `label` ([lat, lon] where the Arabic
label goes: the source's label point, else the middle of its outline's box).

Usage: python scripts/build_basemap.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_OUT = Path(__file__).resolve().parents[1] / "marsad" / "web" / "static" / "basemap"
_WINDOW = (-25.0, -5.0, 75.0, 50.0)  # lon min, lat min, lon max, lat max
Point = list[float]


def simplify(ring: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker simplification of one ring (iterative, endpoints kept)."""
    if len(ring) < 4:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first][:2], ring[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i][:2]
            if norm:
                gap = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            else:
                gap = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if gap > worst:
                worst, index = gap, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _rings(geometry: dict[str, Any]) -> list[list[list[Point]]]:
    """The polygons of a Polygon or MultiPolygon, each a list of rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def light(geometry: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any] | None:
    """The geometry simplified and rounded; polygons that shrink to nothing dropped."""
    polygons: list[list[list[Point]]] = []
    for polygon in _rings(geometry):
        rings = []
        for ring in polygon:
            small = [[round(x, digits), round(y, digits)] for x, y, *_ in simplify(ring, tolerance)]
            if len(small) >= 4:
                rings.append(small)
        if rings:
            polygons.append(rings)
    if not polygons:
        return None
    return {"type": "MultiPolygon", "coordinates": polygons}


def box(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """lon min, lat min, lon max, lat max of a geometry."""
    points = [p for polygon in _rings(geometry) for ring in polygon for p in ring]
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def _in_window(bounds: tuple[float, float, float, float]) -> bool:
    west, south, east, north = bounds
    return west < _WINDOW[2] and east > _WINDOW[0] and south < _WINDOW[3] and north > _WINDOW[1]


def _label(bounds: tuple[float, float, float, float], point: tuple[str, str] | None) -> Point:
    if point and point[0] and point[1]:
        return [round(float(point[0]), 2), round(float(point[1]), 2)]
    west, south, east, north = bounds
    return [round((south + north) / 2, 2), round((west + east) / 2, 2)]


def countries(source: Path) -> list[dict[str, Any]]:
    """Country outlines in the window, with Arabic names and label points."""
    features = []
    for feature in json.loads(source.read_text(encoding="utf-8"))["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        bounds = box(geometry)
        if not _in_window(bounds):
            continue
        shape = light(geometry, 0.05, 2)
        if shape is None:
            continue
        label = _label(bounds, (str(props["label_lat"]), str(props["label_lon"])))
        features.append(_feature(f"iso:{props['iso_a2']}", props["iso_a2"], props, label, shape))
    return features


def provinces(source: Path, labels: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """Governorate and province outlines of the region, with Arabic names."""
    features = []
    for feature in json.loads(source.read_text(encoding="utf-8"))["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        shape = light(geometry, 0.02, 2)
        if shape is None or not props.get("name_ar"):
            continue
        label = _label(box(geometry), labels.get(props["id"]))
        features.append(_feature(props["id"], props["country"], props, label, shape))
    return features


def _feature(
    pid: str, country: str, props: dict[str, Any], label: Point, shape: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"id": pid, "country": country, "name_ar": props["name_ar"], "label": label},
        "geometry": shape,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args()
    source = args.data / "gazetteer_mena"
    with (source / "admin_areas.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        labels = {r["id"]: (r["lat"], r["lon"]) for r in rows}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, features in (
        ("countries", countries(source / "basemap" / "countries.geojson")),
        ("admin1", provinces(source / "basemap" / "admin1_mena.geojson", labels)),
    ):
        path = args.out / f"{name}.geojson"
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
        print(f"{path.name}: {len(features)} features, {len(text.encode()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
